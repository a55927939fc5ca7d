"""Compare in Chromium: built with the keyboard-free picker, toggled, downloaded and checked;
axe-core finds no WCAG 2.2 AA violations. (The advert builder's are in test_browser_advert.py.)"""

from __future__ import annotations

import re
from urllib.parse import parse_qs, urlparse

import pytest
from playwright.sync_api import expect

from tests.browser import *  # noqa: F403
from tests.browser import assert_no_axe_violations, layout_problems

pytestmark = pytest.mark.browser

DATA_ETHICS = "data-ethics-lead"
KNOWLEDGE = "head-of-knowledge-and-library-services"


ENTRIES = ".app-compare-table tbody th[scope=row] > a"


def entry_titles(page, count: int) -> list[str]:
    """The entry names in the comparison, once the page shows this many (it may still be loading)."""
    expect(page.locator(ENTRIES)).to_have_count(count)
    return page.locator(ENTRIES).all_inner_texts()


def test_build_a_comparison_with_the_picker_and_toggle_only_differences(page, seeded_live_server):
    page.goto(seeded_live_server.url + "/compare/")
    assert_no_axe_violations(page)
    page.get_by_label("Data ethics lead").check()
    page.get_by_label("Head of knowledge and library services").check()
    page.get_by_role("button", name="Compare roles").click()
    page.wait_for_url("**roles=**")

    query = parse_qs(urlparse(page.url).query)
    assert query["roles"] == [DATA_ETHICS, KNOWLEDGE]
    assert page.locator("h1").inner_text() == "Compare roles"
    headers = page.locator(".app-compare-table thead th a").all_inner_texts()
    assert headers == ["Data ethics lead", "Head of knowledge and library services"]
    titles = entry_titles(page, 219)
    assert "Mentoring" in titles
    mentoring = page.locator(
        ".app-compare-table tbody tr", has=page.locator("th > a", has_text=re.compile("^Mentoring$"))
    )
    assert "Same in all" in mentoring.inner_text()
    assert_no_axe_violations(page)

    page.get_by_role("link", name="Show only what differs").click()
    page.wait_for_url("**only=differences**")
    titles = entry_titles(page, 214)
    assert "Mentoring" not in titles
    assert_no_axe_violations(page)
    page.get_by_role("link", name=re.compile("^Show all 219 entries")).click()
    entry_titles(page, 219)


def test_compare_with_from_a_profile_then_bad_input_pages(page, seeded_live_server):
    page.goto(seeded_live_server.url + f"/roles/{DATA_ETHICS}/")
    page.get_by_role("link", name=re.compile("^Compare with other roles")).click()
    expect(page.get_by_label("Data ethics lead")).to_be_checked()
    page.get_by_role("button", name="Compare roles").click()  # only one role ticked
    expect(page.locator(".nhsuk-error-summary")).to_be_visible()
    assert page.locator(".nhsuk-error-summary").inner_text().count("Choose at least two roles to compare.") == 1
    assert page.title().startswith("Error: ")
    assert_no_axe_violations(page)
    page.get_by_label("Head of knowledge and library services").check()
    page.get_by_role("button", name="Compare roles").click()
    entry_titles(page, 219)


def test_the_comparison_reads_in_the_page_on_a_wide_and_a_narrow_screen(browser, seeded_live_server):
    """One table in the page, no box of its own: on a wide screen the role headings stay at the
    top of the window as the page scrolls; on a phone each row stacks, each cell named by role."""
    url = seeded_live_server.url + f"/compare/?roles={DATA_ETHICS}&roles={KNOWLEDGE}"
    context = browser.new_context(viewport={"width": 1280, "height": 800})
    page = context.new_page()
    page.goto(url)
    assert not layout_problems(page)
    role_heading = page.locator(".app-compare-table thead th").nth(1)
    page.mouse.wheel(0, 6000)
    page.wait_for_function("() => window.scrollY > 5000")
    assert role_heading.bounding_box()["y"] == pytest.approx(0, abs=1), "role headings stick to the window's top"
    # Keyboard focus moving back up the table is not hidden under them: put an entry just under
    # the headings, focus the next one without scrolling, and press Shift+Tab.
    focused = page.evaluate(
        """() => {
          const links = document.querySelectorAll(".app-compare-table tbody th[scope=row] a");
          window.scrollTo(0, links[60].getBoundingClientRect().top + window.scrollY - 30);
          links[61].focus({preventScroll: true});
          return links[60].getBoundingClientRect().top;
        }"""
    )
    assert focused < role_heading.bounding_box()["height"], "the entry starts under the headings"
    page.keyboard.press("Shift+Tab")
    top = page.evaluate("() => document.activeElement.getBoundingClientRect().top")
    assert page.evaluate("() => document.activeElement.closest('th[scope=row]') !== null")
    assert top >= role_heading.bounding_box()["height"], "the focused entry is below the headings"
    context.close()

    context = browser.new_context(viewport={"width": 375, "height": 740})
    page = context.new_page()
    page.goto(url)
    assert not layout_problems(page)
    assert page.locator(".app-compare-table thead").bounding_box()["height"] <= 1, "headings move into the cells"
    entry = page.locator("th a", has_text=re.compile("^Governance$"))
    governance = page.locator(".app-compare-table tbody tr", has=entry)
    cells = governance.locator("td")
    assert cells.nth(0).inner_text().startswith("Data ethics lead\nAIDE")
    assert cells.nth(1).inner_text() == "Head of knowledge and library services\nNot required"
    assert cells.nth(1).bounding_box()["y"] > cells.nth(0).bounding_box()["y"], "the roles stack, one under another"
    assert_no_axe_violations(page)
    context.close()


def test_find_a_role_for_the_picker_with_the_keyboard(page, seeded_live_server):
    """Tick one role, then type in the search box and press Enter: the list narrows to the
    matches, the ticked role stays ticked, and both can then be compared."""
    page.goto(seeded_live_server.url + f"/compare/?with={DATA_ETHICS}")
    page.get_by_label("Find roles by title or job family").focus()
    page.keyboard.type("library")
    page.keyboard.press("Enter")  # "Find roles" comes first in the form, so Enter finds
    page.wait_for_url("**step=find**")
    assert parse_qs(urlparse(page.url).query)["find"] == ["library"]
    expect(page.get_by_label("Find roles by title or job family")).to_have_value("library")
    expect(page.locator("input[name=roles]")).to_have_count(2)
    expect(page.get_by_label("Data ethics lead")).to_be_checked()
    assert_no_axe_violations(page)
    page.get_by_label("Head of knowledge and library services").check()
    page.get_by_role("button", name="Compare roles").click()
    page.wait_for_url("**roles=**")
    assert parse_qs(urlparse(page.url).query)["roles"] == [DATA_ETHICS, KNOWLEDGE]
    entry_titles(page, 219)


def test_the_picker_works_without_javascript(browser, seeded_live_server):
    context = browser.new_context(java_script_enabled=False, accept_downloads=True)
    page = context.new_page()
    page.goto(seeded_live_server.url + "/compare/")
    page.get_by_label("Data ethics lead").check()
    page.get_by_label("Head of knowledge and library services").check()
    page.get_by_label("Show only what differs between the roles").check()
    page.get_by_role("button", name="Compare roles").click()
    entry_titles(page, 214)
    context.close()


def test_compare_prints_landscape_and_profiles_stay_portrait(page, seeded_live_server):
    def media_boxes(url: str) -> set[tuple[float, float]]:
        page.goto(seeded_live_server.url + url)
        pdf = page.pdf(prefer_css_page_size=True)
        return {(float(w), float(h)) for w, h in re.findall(rb"/MediaBox \[0 0 ([\d.]+) ([\d.]+)\]", pdf)}

    compare = media_boxes(f"/compare/?roles={DATA_ETHICS}&roles={KNOWLEDGE}")
    assert compare and all(width > height for width, height in compare)
    profile = media_boxes(f"/roles/{DATA_ETHICS}/")
    assert profile and all(width < height for width, height in profile)
