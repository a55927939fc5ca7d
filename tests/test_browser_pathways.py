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
    # Each area asks for Good. Competency: five at strong, all met; person-centred: five at
    # some, none met (five partly met). 5 of 10 items met (50%).
    assert page.locator(".app-result-summary h2").inner_text() == "You meet 5 of 10 items (50%)"
    rows = page.locator("#readiness ~ table tbody tr")
    assert rows.nth(0).inner_text().split("\t") == ["Competency based dimension", "5", "5", "0", "100%"]
    assert rows.nth(1).inner_text().split("\t") == ["Person-centred dimension", "5", "0", "5", "0%"]
    assert rows.nth(2).inner_text().split("\t") == ["All dimensions", "10", "5", "5", "50%"]
    assert page.locator("#gaps ~ table tbody tr").count() == 5
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
    assert "You meet 5 of 10 items (50%)" in text
    assert "Culture development" in text


def test_a_long_role_assessment_step_by_step_by_keyboard_without_javascript(browser, seeded_live_server):
    """72 requirements in four sections, one a page: Next moves on, the contents list goes
    back, every answer is kept in the address, and the result counts them. (axe needs
    JavaScript: the step pages are checked by test_pages_pass_axe.)"""
    context = browser.new_context(java_script_enabled=False, viewport={"width": 1280, "height": 900})
    page = context.new_page()
    page.set_default_timeout(10_000)
    page.goto(seeded_live_server.url + "/self-assessment/?role=head-of-knowledge-and-library-services")
    progress = page.locator(".app-progress")
    assert "Section 1 of 4: Behavioural Skills" in progress.inner_text()
    assert "0 of 72 items answered" in progress.inner_text()

    # First item: Tab to its radios, Space chooses "Not yet", ArrowRight "Yes"; then Next.
    tab_to(page, "el.type === 'radio'")
    page.keyboard.press("Space")
    page.keyboard.press("ArrowRight")
    first = page.locator("main form input[type=radio]:checked")
    name, value = first.get_attribute("name"), first.input_value()
    tab_to(page, "el.textContent.trim().startsWith('Next: ')")
    page.keyboard.press("Enter")
    page.wait_for_url("**step=2**")
    assert "Section 2 of 4" in progress.inner_text() and "1 of 72 items answered" in progress.inner_text()
    assert f"{name}={value}" in page.url

    # Rate the first item of this section too, then back to section 1 by the contents list.
    tab_to(page, "el.type === 'radio'")
    page.keyboard.press("Space")
    tab_to(page, "el.textContent.trim() === 'Behavioural Skills'")
    page.keyboard.press("Enter")
    page.wait_for_url("**step=1**")
    assert "Section 1 of 4" in progress.inner_text() and "2 of 72 items answered" in progress.inner_text()
    assert page.locator(f"input[name={name}][value='{value}']").is_checked()

    tab_to(page, "el.textContent.trim() === 'See your result now'")
    page.keyboard.press("Enter")
    page.wait_for_url("**/self-assessment/result/?*")
    summary = page.locator(".app-result-summary").inner_text()
    assert "You meet 1 of 72 items (1%)" in summary and "You left 70 items unrated" in summary
    context.close()


@pytest.mark.parametrize(
    "path",
    [
        "/pathways/",
        "/about/",
        "/pathways/archetypes/creator/",
        "/pathways/programmes/digital-health-leadership-programme/",
        "/self-assessment/?role=head-of-knowledge-and-library-services",
        "/self-assessment/?role=data-ethics-lead&step=4",
        "/self-assessment/result/?role=data-ethics-lead",
        "/pathways/progression/?from=data-ethics-lead&to=head-of-knowledge-and-library-services",
    ],
)
def test_pages_pass_axe(page, seeded_live_server, path):
    page.goto(seeded_live_server.url + path)
    assert page.locator("h1").count() == 1
    assert_no_axe_violations(page)


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
