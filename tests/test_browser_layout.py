"""Every public page type at a desktop and a phone width, in Chromium: no sideways scroll, the
page ends at its footer, and axe-core finds no WCAG 2.2 AA violations.

The page types come from the URL configuration (tests/page_types.py walks it), so a page added
later is visited too. One seeded server and one Chromium serve the whole module."""

from __future__ import annotations

import pytest

from tests.browser import *  # noqa: F403
from tests.browser import axe_violations, layout_problems
from tests.page_types import page_examples

pytestmark = pytest.mark.browser

WIDTHS = (1280, 375)


@pytest.mark.parametrize("width", WIDTHS)
@pytest.mark.parametrize("name,url", page_examples())
def test_page_fits_the_screen_ends_at_its_footer_and_passes_axe(browser, seeded_server_for_module, name, url, width):
    context = browser.new_context(viewport={"width": width, "height": 900})
    try:
        page = context.new_page()
        response = page.goto(seeded_server_for_module.url + url)
        assert response.status == 200, f"{url} answered {response.status}"
        problems = layout_problems(page)
        if page.locator("h1").count() != 1:
            problems.append(f"has {page.locator('h1').count()} h1 headings")
        violations = [f"axe: {v['id']} {[n['target'] for n in v['nodes']][:3]}" for v in axe_violations(page)]
        assert not problems + violations, f"{url} at {width} px: " + "; ".join(problems + violations)
    finally:
        context.close()
