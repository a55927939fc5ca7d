"""In Chromium: the largest role's change page fits the window at 1280 and 375 px (its
requirements table was 2,467 px wide), its requirements table passes axe, and an edit made
in the table saves."""

from __future__ import annotations

import pytest
from axe_playwright_python.sync_playwright import Axe

from roleprofiles.models import Role
from tests.admin_support import make_user
from tests.browser import *  # noqa: F403
from tests.browser import AXE_TAGS

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PASSWORD = "correct horse battery staple"


def signed_in_page(browser, base_url, width):
    context = browser.new_context(viewport={"width": width, "height": 900})
    page = context.new_page()
    page.set_default_timeout(15_000)
    page.goto(base_url + "/admin/login/?next=/admin/")
    page.fill("#id_username", "root")
    page.fill("#id_password", PASSWORD)
    page.click("input[type=submit]")
    page.wait_for_url(base_url + "/admin/")
    return context, page


def test_the_largest_role_fits_the_window_and_saves(browser, seeded_live_server):
    make_user("root", superuser=True)
    role = Role.objects.get(slug="data-ethics-lead")
    url = f"{seeded_live_server.url}/admin/roleprofiles/role/{role.pk}/change/"
    for width in (1280, 375):
        context, page = signed_in_page(browser, seeded_live_server.url, width)
        page.goto(url)
        assert page.locator("#requirements-group tr.form-row.has_original").count() == 132
        scroll_width = page.evaluate("document.scrollingElement.scrollWidth")
        assert scroll_width <= width, f"{scroll_width} px wide at {width} px"
        table_width = page.evaluate("document.querySelector('#requirements-group table').scrollWidth")
        assert table_width <= width, f"the requirements table is {table_width} px wide at {width} px"
        results = Axe().run(
            page,
            context={"include": [["#requirements-group"]]},
            options={"runOnly": {"type": "tag", "values": AXE_TAGS}, "resultTypes": ["violations"]},
        )
        violations = results.response["violations"]
        assert not violations, [(v["id"], [n["target"] for n in v["nodes"]][:3]) for v in violations]
        context.close()

    context, page = signed_in_page(browser, seeded_live_server.url, 1280)
    page.goto(url)
    page.fill("textarea[name=requirements-0-descriptor]", "Edited in the compact table in Chromium.")
    page.click("input[name=_save]")
    page.wait_for_url(f"{seeded_live_server.url}/admin/roleprofiles/role/")
    assert "was changed successfully" in page.locator(".messagelist").inner_text()
    context.close()
    assert role.requirements.order_by("position").first().descriptor == "Edited in the compact table in Chromium."
