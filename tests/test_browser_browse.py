"""Browse and search in Debian's Chromium: a keyboard-only journey, axe-core (WCAG 2.2 A and
AA) on every browse page type, the filter form without JavaScript, and the printed profile."""

from __future__ import annotations

import pytest

from search.services import rebuild_search_index
from tests.browser import *  # noqa: F403
from tests.browser import assert_no_axe_violations, layout_problems

pytestmark = pytest.mark.browser


@pytest.fixture
def server(seeded_live_server):
    rebuild_search_index()  # live_server flushed the database: index the reloaded seed
    return seeded_live_server


def tab_to(page, selector: str, limit: int = 150) -> None:
    """Press Tab until the focused element matches the selector."""
    for _ in range(limit):
        page.keyboard.press("Tab")
        if page.evaluate("(s) => document.activeElement && document.activeElement.matches(s)", selector):
            return
    raise AssertionError(f"Tab never reached {selector}")


def test_keyboard_only_journey_search_filter_open_profile_and_jump_to_a_section(page, server):
    page.goto(server.url + "/")
    # Search from the header box.
    tab_to(page, "#search-field")
    page.keyboard.type("GDPR")
    page.keyboard.press("Enter")
    page.wait_for_url("**/search/?q=GDPR")
    assert page.locator(".app-search-results mark").first.inner_text() == "GDPR"

    # To the catalogue through the navigation, then filter by job family.
    tab_to(page, '.nhsuk-header__navigation-link[href="/roles/"]')
    page.keyboard.press("Enter")
    page.wait_for_url("**/roles/")
    tab_to(page, "#family-data")
    page.keyboard.press("Space")
    tab_to(page, ".app-filters button[type=submit]")
    page.keyboard.press("Enter")
    page.wait_for_url("**/roles/?*family=data*")
    assert page.locator(".app-role-results .nhsuk-card__link").all_inner_texts() == ["Data ethics lead"]

    # Open the profile.
    tab_to(page, '.app-role-results a[href="/roles/data-ethics-lead/"]')
    page.keyboard.press("Enter")
    page.wait_for_url("**/roles/data-ethics-lead/")
    assert page.locator("h1").inner_text() == "Data ethics lead"

    # Jump to a section from the contents list.
    tab_to(page, '.nhsuk-contents-list__link[href="#data"]')
    page.keyboard.press("Enter")
    page.wait_for_url("**/roles/data-ethics-lead/#data")
    assert page.locator("h2#data").is_visible()
    top = page.evaluate("() => document.getElementById('data').getBoundingClientRect().top")
    assert 0 <= top < page.viewport_size["height"]


# Variants of the browse page types beyond the one example of each that
# tests/test_browser_layout.py checks at two widths: filtered, searched, empty and bad requests.
AXE_PAGES = [
    "/roles/?family=data&level=6&sort=level",
    "/roles/?q=copyright",
    "/roles/?family=data&body=cilip",  # the empty state
    "/roles/head-of-knowledge-and-library-services/",
    "/search/?q=GDPR",
    "/search/?q=ethcs",
    "/search/?q=library&kind=role",
    "/skills/?kind=pda&letter=M",
    "/frameworks/digital-health-leadership-programme-skills-framework/",
    "/roles/?level=abc",  # the 400 page
]


def test_browse_pages_have_no_axe_violations(page, server):
    for path in AXE_PAGES:
        page.goto(server.url + path)
        assert_no_axe_violations(page)


def test_filters_work_without_javascript(browser, server):
    context = browser.new_context(java_script_enabled=False)
    page = context.new_page()
    try:
        page.goto(server.url + "/roles/")
        page.check("#body-cilip")
        page.select_option("#catalogue-sort", "level")
        page.click(".app-filters button[type=submit]")
        page.wait_for_url("**/roles/?*body=cilip*")
        assert page.locator(".app-role-results .nhsuk-card__link").all_inner_texts() == [
            "Head of knowledge and library services"
        ]
        page.click("text=Clear filters")
        page.wait_for_url(server.url + "/roles/")
        assert page.locator(".app-role-results .nhsuk-card__link").count() == 2
    finally:
        context.close()


def test_a_printed_profile_has_no_navigation_chrome(page, server):
    page.goto(server.url + "/roles/data-ethics-lead/")
    page.emulate_media(media="print")
    for selector in (".nhsuk-header", ".nhsuk-footer", ".nhsuk-breadcrumb", ".nhsuk-contents-list"):
        assert not page.locator(selector).first.is_visible(), selector
    assert page.locator("h1").is_visible()
    assert page.locator("h2#data").is_visible()
    assert page.locator(".app-requirements").first.is_visible()
    assert not page.locator(".app-back-to-top").first.is_visible()  # no in-page links on paper
    # No "(Link: /skills/...)" after every internal link on paper.
    after = page.evaluate("() => getComputedStyle(document.querySelector('.app-requirements a'), '::after').content")
    assert after in ("none", "normal")


def link_names(links) -> list[str]:
    return [" ".join(text.split()) for text in links.all_text_contents()]


def test_on_a_phone_the_filters_fold_away_above_the_results_without_javascript(browser, server):
    """About 1,800 px of filters came before the first role at 375 px. They now sit behind a
    "Filter roles" control (a details element, so no JavaScript is needed); the active filters,
    each a link that removes it, come before the results. From tablet width they stay open."""
    context = browser.new_context(viewport={"width": 375, "height": 740}, java_script_enabled=False)
    page = context.new_page()
    try:
        page.goto(server.url + "/roles/?family=data&level=6")
        first_result = page.locator(".app-role-results .nhsuk-card").first
        assert first_result.bounding_box()["y"] < 700, "the first role is in the first screenful"
        assert not page.locator("#family-data").is_visible()
        summary = page.locator(".app-filter-panel summary")
        assert summary.inner_text() == "Filter roles (2 active)"
        active = page.locator(".app-active-filters a")
        assert link_names(active) == [
            "Remove the job family filter Data",
            "Remove the level filter Level 6",
            "Remove all filters",
        ]
        assert active.first.bounding_box()["y"] < first_result.bounding_box()["y"]

        summary.click()
        page.locator("#body-apha").check()
        page.click(".app-filters button[type=submit]")
        page.wait_for_url("**body=apha**")
        assert page.locator(".app-filter-panel summary").inner_text() == "Filter roles (3 active)"
        page.get_by_role("link", name="Remove the level filter Level 6").click()
        page.wait_for_url(lambda url: "level=6" not in url)
        assert link_names(page.locator(".app-active-filters a")) == [
            "Remove the job family filter Data",
            "Remove the professional body filter AphA",
            "Remove all filters",
        ]
        assert not layout_problems(page)
    finally:
        context.close()

    context = browser.new_context(viewport={"width": 1280, "height": 900}, java_script_enabled=False)
    page = context.new_page()
    try:
        page.goto(server.url + "/roles/")
        assert page.locator("#family-data").is_visible(), "beside the results the filters are open"
        assert not page.locator(".app-filter-panel summary").is_visible()
    finally:
        context.close()
