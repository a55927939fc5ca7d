"""End to end in Chromium: an editor edits a requirement inline on a draft role, an approver
publishes it, the public profile shows the change and /changes/ lists it; axe-core on the
public pages touched and on the staff preview (it renders the public template)."""

from __future__ import annotations

import pytest

from roleprofiles.governance import ensure_groups
from roleprofiles.models import Role
from tests.admin_support import approver, editor
from tests.browser import *  # noqa: F403
from tests.browser import assert_no_axe_violations
from tests.factories import add_requirement, make_role, make_skill

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PASSWORD = "correct horse battery staple"
NEW_TEXT = "Leads the clinical safety case for every digital system the trust deploys."


def log_in(browser, base_url, username):
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    page = context.new_page()
    page.set_default_timeout(10_000)
    page.goto(base_url + "/admin/login/?next=/admin/")
    page.fill("#id_username", username)
    page.fill("#id_password", PASSWORD)
    page.click("input[type=submit]")
    page.wait_for_url(base_url + "/admin/")
    return context, page


def test_editor_edits_approver_publishes_public_sees_it(browser, page, seeded_live_server):
    base = seeded_live_server.url
    ensure_groups()  # live-server tests start from a flushed database
    editor("editor")
    approver("approver")
    role = make_role("Clinical safety officer", status=Role.Status.DRAFT, summary="Keeps patients safe.")
    requirement = add_requirement(role, make_skill("Clinical risk management"), descriptor="Old wording.")

    # The public cannot see the draft.
    assert page.goto(f"{base}/roles/{role.slug}/").status == 404

    # An editor edits the requirement inline; the status is not theirs to change.
    context, editor_page = log_in(browser, base, "editor")
    editor_page.goto(f"{base}/admin/roleprofiles/role/{role.pk}/change/")
    assert editor_page.locator("select[name=status]").count() == 0
    descriptor = editor_page.locator("textarea[name$='-descriptor']").first
    assert descriptor.input_value() == "Old wording."
    descriptor.fill(NEW_TEXT)
    editor_page.click("input[name=_save]")
    editor_page.wait_for_url(f"{base}/admin/roleprofiles/role/")
    assert "was changed successfully" in editor_page.locator(".messagelist").inner_text()

    # The preview shows the edit under the draft banner, and passes axe.
    editor_page.goto(f"{base}/admin/roleprofiles/role/{role.pk}/preview/")
    assert "Draft – not published" in editor_page.locator("#preview-banner").inner_text()
    assert NEW_TEXT in editor_page.locator("main").inner_text()
    assert_no_axe_violations(editor_page)
    # The editor has no publish action.
    editor_page.goto(f"{base}/admin/roleprofiles/role/")
    assert editor_page.locator("select[name=action] option[value=publish]").count() == 0
    context.close()

    # An approver publishes it from the role list.
    context, approver_page = log_in(browser, base, "approver")
    approver_page.goto(f"{base}/admin/roleprofiles/role/?status__exact=draft")
    approver_page.check(f"input[name=_selected_action][value='{role.pk}']")
    approver_page.select_option("select[name=action]", "publish")
    approver_page.click("button[name=index]")
    assert "Published 1 role(s)." in approver_page.locator(".messagelist").inner_text()
    context.close()

    requirement.refresh_from_db()
    assert requirement.descriptor == NEW_TEXT

    # The public profile shows the change.
    response = page.goto(f"{base}/roles/{role.slug}/")
    assert response.status == 200
    assert page.locator("h1").inner_text() == "Clinical safety officer"
    assert NEW_TEXT in page.locator("main").inner_text()
    assert_no_axe_violations(page)

    # And /changes/ lists it.
    page.goto(f"{base}/changes/")
    entry = page.locator("main h3", has_text="Clinical safety officer")
    assert entry.count() == 1
    assert entry.locator("xpath=following-sibling::ul[1]").inner_text().strip() == "Published"
    page.screenshot(path="/tmp/admin_changes.png", full_page=True)
    assert_no_axe_violations(page)

    # Keyboard only: the role link on /changes/ is reachable with Tab and opens the profile.
    page.goto(f"{base}/changes/")
    for _ in range(40):
        page.keyboard.press("Tab")
        if page.evaluate("document.activeElement.textContent.trim()") == "Clinical safety officer":
            break
    else:
        pytest.fail("the role link on /changes/ is not reachable by keyboard")
    page.keyboard.press("Enter")
    page.wait_for_url(f"{base}/roles/{role.slug}/")
