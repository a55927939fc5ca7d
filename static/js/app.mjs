// Progressive enhancement only: every page works without this file.
import { initAll } from "../vendor/nhsuk-frontend/nhsuk-frontend.min.js";

initAll();

// "Copy" buttons copy the text of the element their data-copy-target names.
document.querySelectorAll("[data-copy-target]").forEach((button) => {
  button.hidden = false;
  button.addEventListener("click", async () => {
    const target = document.getElementById(button.dataset.copyTarget);
    if (!target) return;
    const text = "value" in target ? target.value : target.innerText;
    try {
      await navigator.clipboard.writeText(text);
      button.textContent = button.dataset.copiedText || "Copied";
    } catch {
      button.textContent = "Copy failed: select the text and copy it";
    }
  });
});
