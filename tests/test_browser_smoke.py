"""The browser harness itself: Debian's Chromium renders a seeded page and axe-core runs."""

import pytest

from tests.browser import *  # noqa: F403
from tests.browser import assert_no_axe_violations

pytestmark = pytest.mark.browser


def test_profile_page_renders_in_chromium_and_passes_axe(page, seeded_live_server):
    page.goto(seeded_live_server.url + "/roles/data-ethics-lead/")
    assert page.locator("h1").inner_text() == "Data ethics lead"
    assert_no_axe_violations(page)
