"""In Chromium: a DHLP self-assessment completed by keyboard only, its result and the
plan downloaded, with axe-core (WCAG 2.2 AA) on the way. (Every pathways page type is also
checked with axe at two widths by tests/test_browser_layout.py.)"""

from __future__ import annotations

import pytest

from tests.browser import *  # noqa: F403
from tests.browser import assert_no_axe_violations

pytestmark = pytest.mark.browser

DHLP = "digital-health-leadership-programme-skills-framework"


def tab_to(page, predicate, limit: int = 400) -> None:
    """Press Tab until the focused element satisfies ``predicate`` (a JS expression on el)."""
    for _ in range(limit):
        page.keyboard.press("Tab")
        if page.evaluate(f"(() => {{ const el = document.activeElement; return !!el && ({predicate}); }})()"):
            return
    raise AssertionError(f"never reached an element where {predicate}")


def test_dhlp_self_assessment_by_keyboard_only(page, seeded_live_server, tmp_path):
    page.goto(seeded_live_server.url + "/self-assessment/")
    assert_no_axe_violations(page)

    # Start with the framework (its radio is already chosen): Tab to the button, press Enter.
    tab_to(page, "el.textContent.trim() === 'Start with the framework'")
    page.keyboard.press("Enter")
    page.wait_for_url("**/self-assessment/?framework=*")
    assert page.locator("h1").inner_text() == "Digital Health Leadership Programme skills framework"
    assert_no_axe_violations(page)

    # Each skill area is a radio group: Tab into the group, arrow keys move the choice.
    # Give the first five "Strong" (3 arrows right) and the other five "Some" (1 arrow).
    groups = page.locator("main form fieldset")
    assert groups.count() == 10
    for index in range(10):
        tab_to(
            page,
            "el.type === 'radio' && el.closest('fieldset') === "
            f"document.querySelectorAll('main form fieldset')[{index}]",
        )
        # Focus lands on the first radio of an unchosen group; Space chooses it ("None yet").
        page.keyboard.press("Space")
        for _ in range(3 if index < 5 else 1):
            page.keyboard.press("ArrowRight")
    checked = page.locator("main form input[type=radio]:checked")
    assert [checked.nth(i).input_value() for i in range(10)] == ["3"] * 5 + ["1"] * 5

    tab_to(page, "el.textContent.trim() === 'See your result'")
    page.keyboard.press("Enter")
    page.wait_for_url("**/self-assessment/result/?*")
    # Competency: five at strong = 100%; person-centred: five at some = 50%; overall 75%.
    assert "Overall readiness: 75%" in page.locator("h2").first.inner_text()
    rows = page.locator("#readiness ~ table tbody tr")
    assert rows.nth(0).inner_text().split("\t") == ["Competency based dimension", "5 of 5", "100%"]
    assert rows.nth(1).inner_text().split("\t") == ["Person-centred dimension", "0 of 5", "50%"]
    assert page.locator("#gaps ~ div table tbody tr").count() == 5
    assert_no_axe_violations(page)

    # Download the plan by keyboard.
    tab_to(page, "el.textContent.trim() === 'Download your development plan as Word (.docx)'")
    with page.expect_download() as download_info:
        page.keyboard.press("Enter")
    download = download_info.value
    assert download.suggested_filename == f"development-plan-{DHLP}.docx"
    path = tmp_path / download.suggested_filename
    download.save_as(path)
    from docx import Document

    text = "\n".join(p.text for p in Document(str(path)).paragraphs)
    assert "Overall readiness: 75%" in text
    assert "Culture development" in text


def test_pathways_diagram_is_drawn_and_works_without_javascript(browser, seeded_live_server):
    context = browser.new_context(java_script_enabled=False)
    page = context.new_page()
    page.goto(seeded_live_server.url + "/pathways/")
    diagram = page.locator("svg.app-cycle__diagram")
    box = diagram.bounding_box()
    assert box and box["width"] > 300 and box["height"] > 200
    assert page.locator("ol.app-cycle__stages li").count() == 4
    # The progression picker works as a plain GET form.
    page.goto(seeded_live_server.url + "/pathways/progression/?from=data-ethics-lead")
    page.select_option("select[name=to]", "head-of-knowledge-and-library-services")
    page.click("text=Show what it takes")
    page.wait_for_url("**to=head-of-knowledge-and-library-services")
    assert "to gain" in page.locator("main").inner_text()
    context.close()
