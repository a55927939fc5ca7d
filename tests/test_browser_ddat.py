"""The DDaT framework's pages in Debian's Chromium: axe-core (WCAG 2.2 A and AA) finds nothing
on a role level page, a DDaT skill page and the framework page, at 1280 and 375 px, and none
scrolls sideways or past its footer. Screenshots go to $DDAT_SCREENSHOTS when it is set."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from tests.browser import *  # noqa: F403
from tests.browser import assert_no_axe_violations, layout_problems, resize

pytestmark = pytest.mark.browser

PAGES = {
    "role-level": "/roles/senior-devops-engineer-management-ddat/",
    "skill": "/skills/problem-management/",
    "framework": "/frameworks/government-digital-and-data-profession-capability-framework/",
}


@pytest.mark.parametrize("width", [1280, 375])
@pytest.mark.parametrize("name", list(PAGES))
def test_ddat_pages_have_no_axe_violations_and_no_sideways_scroll(page, seeded_server_for_module, name, width):
    resize(page, width)
    response = page.goto(seeded_server_for_module.url + PAGES[name])
    assert response.status == 200
    assert "Open Government Licence v3.0" in page.inner_text("main")
    assert_no_axe_violations(page)
    assert layout_problems(page) == []
    if os.environ.get("DDAT_SCREENSHOTS"):
        folder = Path(os.environ["DDAT_SCREENSHOTS"])
        folder.mkdir(parents=True, exist_ok=True)
        page.screenshot(path=str(folder / f"{name}-{width}.png"), full_page=True)
