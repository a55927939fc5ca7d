"""Self-assessment against a DDaT role level in Chromium: by keyboard alone with JavaScript off,
from the level's page to a result that ends with the gap to the next level up; axe-core and no
sideways scroll at 375 and 1280 px on the rating and result pages."""

from __future__ import annotations

import pytest

from tests.browser import *  # noqa: F403
from tests.browser import check_page
from tests.test_browser_pathways import tab_to

pytestmark = pytest.mark.browser

LEVEL = "data-scientist-ddat"


@pytest.fixture
def server(ddat_live_server):
    return ddat_live_server


def test_a_ddat_level_by_keyboard_without_javascript(browser, server):
    context = browser.new_context(java_script_enabled=False, viewport={"width": 375, "height": 900})
    page = context.new_page()
    page.set_default_timeout(10_000)
    page.goto(server.url + f"/roles/{LEVEL}/")
    tab_to(page, "el.textContent.trim() === 'Assess yourself against this role'")
    page.keyboard.press("Enter")
    page.wait_for_url(f"**/self-assessment/?role={LEVEL}")
    assert page.evaluate("document.documentElement.scrollWidth") <= 375

    # First skill: Tab to its radios, Space chooses "Not yet", each ArrowDown one level up.
    tab_to(page, "el.type === 'radio'")
    page.keyboard.press("Space")
    for _ in range(3):
        page.keyboard.press("ArrowDown")
    checked = page.locator("main form input[type=radio]:checked")
    label = page.locator(f"label[for='{checked.get_attribute('id')}']").inner_text()
    assert label == "Practitioner (required)"
    tab_to(page, "el.textContent.trim() === 'See your result'")
    page.keyboard.press("Enter")
    page.wait_for_url("**/self-assessment/result/?*")
    assert "You meet 1 of 8 items (13%)" in page.locator(".app-result-summary").inner_text()
    next_gap = page.locator("#next-gap")
    assert next_gap.inner_text() == "Your gap to the next level up: Principal data scientist"
    assert page.evaluate("document.documentElement.scrollWidth") <= 375
    context.close()


@pytest.mark.parametrize(
    ("path", "name"),
    [
        (f"/self-assessment/?role={LEVEL}", "ddat-rate"),
        ("/self-assessment/?role=apprentice-developer-ddat", "ddat-rate-optional"),
        (f"/self-assessment/result/?role={LEVEL}", "ddat-result"),
        ("/self-assessment/result/?role=head-of-data-science-ddat", "ddat-result-top"),
    ],
)
def test_pages_pass_axe_and_fit_375_and_1280(page, server, path, name):
    page.goto(server.url + path)
    check_page(page, name, shots_env="SELF_ASSESSMENT_SCREENSHOTS")
