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


def role_box(page, slug: str):
    """The picker's checkbox for a role. By its value: the DDaT release has its own "Data ethics
    lead", so the label alone is not one box."""
    return page.locator(f"input[name=roles][value={slug}]")


def pick(page, slug: str, words: str) -> None:
    """Find a role in the picker by words of its title and tick it, as anyone must once more
    roles are published than the picker lists (the DDaT release publishes about 200)."""
    page.get_by_label("Find roles by title or job family").fill(words)
    page.get_by_role("button", name="Find roles").click()
    page.wait_for_url(f"**find={words.replace(' ', '+')}**")
    role_box(page, slug).check()


def entry_titles(page, count: int) -> list[str]:
    """The entry names in the comparison, once the page shows this many (it may still be loading)."""
    expect(page.locator(ENTRIES)).to_have_count(count)
    return page.locator(ENTRIES).all_inner_texts()


def test_build_a_comparison_with_the_picker_and_toggle_only_differences(page, seeded_live_server):
    page.goto(seeded_live_server.url + "/compare/")
    assert_no_axe_violations(page)
    pick(page, DATA_ETHICS, "data ethics")
    pick(page, KNOWLEDGE, "knowledge")
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
    expect(role_box(page, DATA_ETHICS)).to_be_checked()
    page.get_by_role("button", name="Compare roles").click()  # only one role ticked
    expect(page.locator(".nhsuk-error-summary")).to_be_visible()
    assert page.locator(".nhsuk-error-summary").inner_text().count("Choose at least two roles to compare.") == 1
    assert page.title().startswith("Error: ")
    assert_no_axe_violations(page)
    pick(page, KNOWLEDGE, "knowledge")
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
    # Each cell is labelled with its role, above its text (drawn from the cell's data-label).
    label = "el => { const s = getComputedStyle(el, '::before'); return [s.content, s.display]; }"
    content, display = cells.nth(0).evaluate(label)
    assert "Data ethics lead" in content and display == "block"
    assert "Head of knowledge and library services" in cells.nth(1).evaluate(label)[0]
    assert cells.nth(0).inner_text().startswith("AIDE")
    assert cells.nth(1).inner_text() == "Not required"
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
    expect(role_box(page, DATA_ETHICS)).to_be_checked()
    assert_no_axe_violations(page)
    role_box(page, KNOWLEDGE).check()
    page.get_by_role("button", name="Compare roles").click()
    page.wait_for_url("**roles=**")
    assert parse_qs(urlparse(page.url).query)["roles"] == [DATA_ETHICS, KNOWLEDGE]
    entry_titles(page, 219)


def test_the_picker_works_without_javascript(browser, seeded_live_server):
    context = browser.new_context(java_script_enabled=False, accept_downloads=True)
    page = context.new_page()
    page.goto(seeded_live_server.url + "/compare/")
    pick(page, DATA_ETHICS, "data ethics")
    pick(page, KNOWLEDGE, "knowledge")
    page.get_by_label("Show only what differs between the roles").check()
    page.get_by_role("button", name="Compare roles").click()
    entry_titles(page, 214)
    context.close()


def test_compare_prints_landscape_and_profiles_stay_portrait(page, seeded_live_server):
    def media_boxes(url: str) -> set[tuple[float, float]]:
        page.goto(seeded_live_server.url + url)
        pdf = page.pdf(format="A4")
        return {(float(w), float(h)) for w, h in re.findall(rb"/MediaBox \[0 0 ([\d.]+) ([\d.]+)\]", pdf)}

    compare = media_boxes(f"/compare/?roles={DATA_ETHICS}&roles={KNOWLEDGE}")
    assert compare and all(width > height for width, height in compare)
    profile = media_boxes(f"/roles/{DATA_ETHICS}/")
    assert profile and all(width < height for width, height in profile)


# An A4 page's printable width in CSS pixels: 297 mm landscape less 12 mm margins for a
# comparison (compare-print.css), 210 mm portrait less 15 mm margins for a profile (app.css).
A4_LANDSCAPE_PX = round((297 - 2 * 12) / 25.4 * 96)
A4_PORTRAIT_PX = round((210 - 2 * 15) / 25.4 * 96)


@pytest.mark.parametrize(
    "path, width, title, layout",
    [
        (
            f"/compare/?roles={DATA_ETHICS}&roles={KNOWLEDGE}",
            A4_LANDSCAPE_PX,
            "Comparison of 2 roles: Data ethics lead;",
            "table",
        ),
        (f"/roles/{DATA_ETHICS}/", A4_PORTRAIT_PX, "Job role profile: Data ethics lead", "list"),
    ],
)
def test_a_printout_on_a4_says_what_it_is_and_keeps_its_tables_legible(
    browser, seeded_live_server, path, width, title, layout
):
    context = browser.new_context(viewport={"width": width, "height": 1000})
    page = context.new_page()
    page.goto(seeded_live_server.url + path)
    header = page.locator(".app-print-header")
    assert not header.is_visible(), "the print header is for paper only"
    page.emulate_media(media="print")
    assert header.is_visible()
    text = " ".join(header.inner_text().split())
    assert text.startswith(title)
    today = page.evaluate(
        """() => new Date().toLocaleDateString(
             "en-GB", {day: "numeric", month: "long", year: "numeric", timeZone: "Europe/London"})"""
    )
    assert text.endswith(f"Printed from {page.url} on {today}")
    # On paper the columns stay columns (a table's headings and all; a profile's requirements
    # with each level beside its skill), within the page and in type that can be read.
    if layout == "table":
        table = page.locator("table.app-table-stacked").first
        assert table.locator("thead th").first.is_visible()
        assert table.locator("tbody tr").first.evaluate("row => getComputedStyle(row).display") == "table-row"
    else:
        item = page.locator(".app-requirements > li").first
        assert item.evaluate("item => getComputedStyle(item).display") == "grid"
        skill, level = item.locator("a").first.bounding_box(), item.locator(".app-level").bounding_box()
        assert level["x"] >= skill["x"] + skill["width"] and abs(level["y"] - skill["y"]) < 8
    assert page.evaluate("() => document.scrollingElement.scrollWidth") <= width
    smallest = page.evaluate(
        """() => Math.min(...[...document.querySelectorAll("main td, main th, main p")]
             .filter(el => el.offsetParent !== null && el.textContent.trim())
             .map(el => parseFloat(getComputedStyle(el).fontSize)))"""
    )
    assert smallest >= 11, f"text as small as {smallest} px (8.25 pt) on paper"
    context.close()
