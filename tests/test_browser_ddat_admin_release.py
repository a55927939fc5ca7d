"""Importing a DDaT release in the admin, in Chromium: the upload form, the preview with a
conflict and the page after confirming pass axe and fit a 375 px screen. Set DDAT_SCREENSHOTS
to a folder to keep screenshots of each page at 1280 and 375 px."""

from __future__ import annotations

import pytest
from django.conf import settings
from django.core.management import call_command

from roleprofiles.governance import ensure_groups
from roleprofiles.models import Role
from tests.admin_support import approver, editor
from tests.browser import *  # noqa: F403
from tests.browser import check_page
from tests.test_browser_admin import log_in
from tests.test_ddat_files import SMALL_ROLES, SMALL_SKILLS

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def check(page, name: str) -> None:
    check_page(page, f"release-{name}", shots_env="DDAT_SCREENSHOTS", footer=False)  # the admin has no site footer


def upload(page, base: str, roles: str, release_date: str) -> None:
    page.goto(f"{base}/admin/ddat/release/import/")
    page.set_input_files("#id_roles", files=[{"name": "roles.csv", "mimeType": "text/csv", "buffer": roles.encode()}])
    files = [{"name": "skills.csv", "mimeType": "text/csv", "buffer": SMALL_SKILLS.encode()}]
    page.set_input_files("#id_skills", files=files)
    page.fill("#id_release_date", release_date)
    page.click("input[type=submit][value='Upload and preview']")
    page.wait_for_url(f"{base}/admin/ddat/release/import/*/")


def test_upload_preview_and_confirm_pages(browser, seeded_live_server):
    base = seeded_live_server.url
    # Live-server tests leave a flushed database, but the first to run finds the session's (with
    # the vendored release): start from the seed alone either way, so the first import is small.
    call_command("flush", interactive=False, verbosity=0)
    call_command("loaddata", str(settings.FIXTURES_DIR / "seed.json"), verbosity=0)
    ensure_groups()
    approver("approver")
    editor("editor")
    context, page = log_in(browser, base, "approver")

    page.goto(f"{base}/admin/ddat/release/")
    page.click("text=Import a release")
    page.wait_for_url(f"{base}/admin/ddat/release/import/")
    check(page, "upload")

    upload(page, base, SMALL_ROLES, "2025-08-29")
    assert "Junior quokka analyst added" in page.locator("#import-changes").inner_text()
    check(page, "preview-changes")
    page.click("input[name=confirm]")
    page.wait_for_url(f"{base}/admin/ddat/release/*/change/")
    assert "Imported DDaT release (29 August 2025)" in page.locator(".messagelist").inner_text()
    check(page, "confirmed")

    junior = Role.objects.get(title="Junior quokka analyst")
    junior.summary = "Junior, as an editor wrote it."
    junior.save()
    upload(page, base, SMALL_ROLES.replace('"Junior."', '"Junior, revised."'), "2025-11-28")
    assert "Junior quokka analyst: description" in page.locator("#import-conflicts").inner_text()
    check(page, "preview")

    # An editor sees the same preview, and that an approver must confirm it.
    editor_context, editor_page = log_in(browser, base, "editor")
    editor_page.goto(page.url)
    assert "A content approver must confirm" in editor_page.locator("#import-approver-needed").inner_text()
    check(editor_page, "preview-editor")
    editor_context.close()

    page.click("input[name=confirm]")  # no choice made for the conflict
    assert "1 conflict with editors' changes" in page.locator("#import-errors").inner_text()
    check(page, "refused")

    page.check("input[name=resolution][value=keep_local]")
    page.click("input[name=confirm]")
    page.wait_for_url(f"{base}/admin/ddat/release/*/change/")
    assert Role.objects.get(pk=junior.pk).summary == "Junior, as an editor wrote it."
    context.close()
