"""The mapping journey in Chromium: an NHS role, its suggested DDaT level, that level's next
level and its changes, then a self-assessment against it; axe-core on every page, and every new
page free of sideways scroll at 375 and 1280 px (screenshots kept for a person to look at)."""

from __future__ import annotations

import pytest

from mapping.models import Mapping
from mapping.services import recompute_mappings
from pathways.selectors import next_level_up
from roleprofiles.models import Role
from tests.browser import *  # noqa: F403
from tests.browser import check_page

pytestmark = pytest.mark.browser

DDAT = "government-digital-and-data-profession-capability-framework"


@pytest.fixture
def server(ddat_live_server):
    recompute_mappings()
    Mapping.objects.create(
        role=Role.objects.get(slug="data-ethics-lead"), level=Role.objects.get(slug="head-of-data-ethics-ddat")
    )
    return ddat_live_server


def check(page, name: str) -> None:
    check_page(page, name, shots_env="MAPPING_SCREENSHOTS")


def test_nhs_role_to_suggested_level_to_next_level_to_self_assessment(page, server):
    page.goto(server.url + "/roles/data-ethics-lead/")
    assert page.locator("#ddat-mappings").is_visible()
    check(page, "role-mappings")
    # Follow the first suggestion (labelled as a suggestion) to its DDaT level.
    suggestion = page.locator("#ddat-mappings ~ p + .nhsuk-card a, .nhsuk-card__heading a").first
    suggestion.click()
    page.wait_for_url("**/roles/*-ddat/")
    level_slug = page.url.rstrip("/").rsplit("/", 1)[-1]
    # That level's ladder: the progression page shows the next level up and what changes.
    page.goto(server.url + f"/pathways/progression/?from={level_slug}")
    assert page.locator("#next-level").is_visible()
    check(page, "next-level")
    page.locator("#next-level ~ p a, #next-level + p a").first.click()
    page.wait_for_url("**/roles/*-ddat/")
    next_slug = page.url.rstrip("/").rsplit("/", 1)[-1]
    assert next_slug != level_slug
    # Self-assessment against each level: the result ends with the gap to the level and to the
    # next level up its track (the one the progression page showed), or says it is the top.
    for slug, name in ((next_slug, "ddat"), (level_slug, "ddat-suggested")):
        page.goto(server.url + f"/self-assessment/?role={slug}")
        assert page.locator("h1").is_visible()
        check(page, f"{name}-rate")
        # Rate the first skill at the level it asks, by its label, then see the result.
        page.locator("form#rating fieldset").first.locator("label", has_text="(required)").click()
        page.get_by_role("button", name="See your result").click()
        page.wait_for_url("**/self-assessment/result/?*")
        assert page.locator("#gaps").is_visible()
        following = next_level_up(Role.objects.get(slug=slug))
        gap = page.locator("#next-gap").locator("xpath=..").inner_text()
        if slug == level_slug:
            assert following.slug == next_slug
        if following is not None:
            assert page.locator("#next-gap").inner_text() == f"Your gap to the next level up: {following.title}"
            assert "By your ratings you meet" in gap and "gap" in gap
        else:
            assert "is the top level of its ladder" in gap
        check(page, f"{name}-result")
    page.goto(server.url + f"/frameworks/{DDAT}/mapping/")
    assert "Head of data ethics" in page.locator("#mapped ~ div table").inner_text()
    check(page, "coverage")
