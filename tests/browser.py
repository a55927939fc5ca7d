"""Shared Playwright fixtures for browser tests: Debian's Chromium, never a downloaded
browser, and an axe-core check (bundled by axe-playwright-python, so it works offline).

Use in a test module:

    from tests.browser import *  # noqa: F403  (brings the fixtures in)
    pytestmark = pytest.mark.browser

    def test_x(page, seeded_live_server):
        page.goto(seeded_live_server.url + "/roles/")
        assert_no_axe_violations(page)
"""

from __future__ import annotations

import atexit
import os
import shutil

import pytest

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
# WCAG 2.0, 2.1 and 2.2, levels A and AA.
AXE_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"]

os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")


_shared: dict = {}


def _shared_browser():
    """One Playwright and one Chromium for the whole test process. Test modules import
    these fixtures with ``import *``, which gives each module its own copy of a
    session fixture; a second Playwright in one process fails, so they all share this."""
    if "browser" not in _shared:
        if not shutil.which(CHROMIUM):
            pytest.fail(f"{CHROMIUM} is missing: `make test` installs Debian's chromium package")
        from playwright.sync_api import sync_playwright

        playwright = sync_playwright().start()
        _shared["playwright"] = playwright
        _shared["browser"] = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        atexit.register(_close_shared_browser)
    return _shared["browser"]


def _close_shared_browser() -> None:
    browser, playwright = _shared.pop("browser", None), _shared.pop("playwright", None)
    if browser is not None:
        browser.close()
    if playwright is not None:
        playwright.stop()


@pytest.fixture(scope="session")
def browser():
    return _shared_browser()


@pytest.fixture(scope="module")
def seeded_server_for_module(django_db_setup, django_db_blocker):
    """A live server over the seed content, loaded once for a module of read-only page checks.

    The ``live_server`` fixture makes each test transactional, flushing and reloading the
    database around every test (about 6 s each); a module that only reads pages starts its own
    server instead and leaves the seed in place. Its tests must not write."""
    from pytest_django.live_server_helper import LiveServer

    from search.services import rebuild_search_index
    from tests.conftest import load_seed_content

    with django_db_blocker.unblock():
        load_seed_content()  # what load_seed_data loads: the seed profiles and the DDaT release
        rebuild_search_index()
        server = LiveServer("localhost")
        server._live_server_modified_settings.enable()
        try:
            yield server
        finally:
            server._live_server_modified_settings.disable()
            server.stop()


@pytest.fixture
def page(browser):
    context = browser.new_context(viewport={"width": 1280, "height": 900}, accept_downloads=True)
    page = context.new_page()
    page.set_default_timeout(10_000)
    yield page
    context.close()


def axe_violations(page) -> list[dict]:
    from axe_playwright_python.sync_playwright import Axe

    results = Axe().run(page, options={"runOnly": {"type": "tag", "values": AXE_TAGS}, "resultTypes": ["violations"]})
    return results.response["violations"]


def assert_no_axe_violations(page) -> None:
    violations = axe_violations(page)
    summary = "\n".join(
        f"{v['id']} ({v['impact']}): {v['help']} — {[n['target'] for n in v['nodes']][:5]}" for v in violations
    )
    assert not violations, f"axe-core found {len(violations)} violation(s) on {page.url}:\n{summary}"


# The site footer (not a quotation's or a card's <footer>), its bottom edge in page coordinates,
# how far the document scrolls each way, and any box inside the page that scrolls on its own
# (content clipped to a scroll box: a table's far columns, a comparison in a 650 px window).
_LAYOUT_JS = """() => {
  const footer = document.querySelector("footer.nhsuk-footer");
  const root = document.scrollingElement;
  const scrollBoxes = [];
  for (const el of document.body.querySelectorAll("*")) {
    if (el.matches("input, select, textarea, option") || el.clientWidth < 2 || el.clientHeight < 2) continue;
    const style = getComputedStyle(el);
    const sideways = ["auto", "scroll"].includes(style.overflowX) && el.scrollWidth > el.clientWidth + 1;
    const down = ["auto", "scroll"].includes(style.overflowY) && el.scrollHeight > el.clientHeight + 1;
    if (sideways || down) {
      const name = `${el.tagName.toLowerCase()}.${[...el.classList].join(".")}`;
      scrollBoxes.push(`${name} scrolls ${sideways ? "sideways" : "down"}`);
    }
  }
  return {
    scrollWidth: root.scrollWidth,
    scrollHeight: root.scrollHeight,
    viewportHeight: window.innerHeight,
    footerBottom: footer ? footer.getBoundingClientRect().bottom + window.scrollY : null,
    scrollBoxes: scrollBoxes.slice(0, 3),
  };
}"""
# Sub-pixel rounding of the footer's edge, nothing more.
FOOTER_TOLERANCE_PX = 3


# After a resize, the NHS.UK header's script moves the navigation links that no longer fit into
# its "More" menu on a later animation frame; until then the link row is as wide as before.
SETTLE_MS = 3_000


def resize(page, width: int, height: int = 900) -> None:
    """Set the viewport and wait until the page has been laid out again at the new width: the
    window reports it, and the header's menu has caught up (or SETTLE_MS passed, when whatever
    is too wide is the page's own fault and layout_problems will name it)."""
    from playwright.sync_api import TimeoutError as PlaywrightTimeout

    page.set_viewport_size({"width": width, "height": height})
    # Functions, not expressions: Playwright evaluates an expression with eval(), which a page's
    # Content-Security-Policy (script-src 'self') refuses.
    page.wait_for_function(f"() => window.innerWidth === {width}")
    try:
        page.wait_for_function(
            "() => document.documentElement.scrollWidth <= window.innerWidth", polling="raf", timeout=SETTLE_MS
        )
    except PlaywrightTimeout:
        pass


def layout_problems(page) -> list[str]:
    """What is wrong with the page's layout at the current viewport: sideways scroll, blank
    scroll below the site footer (something positioned or hidden that makes the page taller),
    or content in a box that scrolls inside the page."""
    width = page.viewport_size["width"]
    found = page.evaluate(_LAYOUT_JS)
    problems = []
    if found["scrollWidth"] > width:
        problems.append(f"scrolls sideways: {found['scrollWidth']} px wide at {width} px")
    if found["footerBottom"] is None:
        problems.append("has no site footer")
    # A page shorter than the window cannot scroll at all: its footer may end above the window's foot.
    elif found["scrollHeight"] - max(found["footerBottom"], found["viewportHeight"]) > FOOTER_TOLERANCE_PX:
        problems.append(
            f"does not end at its footer: {found['scrollHeight']} px tall, "
            f"footer ends at {found['footerBottom']:.0f} px"
        )
    problems.extend(f"inner scroll box: {box}" for box in found["scrollBoxes"])
    return problems


def check_page(page, name: str, *, shots_env: str = "", footer: bool = True) -> None:
    """The checks every page a journey passes gets: at 375 and 1280 px, no axe-core violation and
    no layout problem (with ``footer`` false, for the admin, which has no site footer and a
    navigation sidebar that scrolls on its own, only no sideways scroll); a full-page screenshot
    at each width in the folder the environment variable ``shots_env`` names, when it is set.
    Leaves the page at 1280 px."""
    folder = os.environ.get(shots_env, "") if shots_env else ""
    for width in (375, 1280):
        resize(page, width)
        assert_no_axe_violations(page)
        problems = layout_problems(page)
        if not footer:
            problems = [p for p in problems if p.startswith("scrolls sideways")]
        assert problems == [], f"{name} at {width} px: {problems}"
        if folder:
            os.makedirs(folder, exist_ok=True)
            page.screenshot(path=os.path.join(folder, f"{name}-{width}.png"), full_page=True)
    resize(page, 1280)


__all__ = [
    "browser",
    "page",
    "seeded_server_for_module",
    "assert_no_axe_violations",
    "axe_violations",
    "layout_problems",
    "resize",
    "check_page",
]
