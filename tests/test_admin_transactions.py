"""The admin's write paths with real transactions, as production runs them.

Every other admin test runs inside a test transaction that is rolled back, so code that
needs a transaction (``select_for_update``) finds one there and a missing
``transaction.atomic`` goes unnoticed. These tests use ``transaction=True``: each request
runs in autocommit, exactly as under gunicorn. That flushes the database, so each test
loads the seed again (and the content groups, which a data migration made).
"""

from __future__ import annotations

import threading

import pytest
from django.conf import settings
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.db import DatabaseError, connection, connections
from django.urls import reverse
from django.utils import timezone

from roleprofiles.admin import RoleAdmin
from roleprofiles.governance import ensure_groups
from roleprofiles.models import Role
from tests.admin_support import approver, editor, form_data, inline_prefix_for, make_user
from tests.conftest import DATA_ETHICS
from tests.factories import make_skill

pytestmark = pytest.mark.django_db(transaction=True)

SLUG = "data-ethics-lead"


@pytest.fixture
def seeded(transactional_db):
    call_command("loaddata", str(settings.FIXTURES_DIR / "seed.json"), verbosity=0)
    ensure_groups()


@pytest.fixture
def root_client(client, seeded):
    client.force_login(make_user("root", superuser=True))
    return client


@pytest.fixture
def editor_client(client, seeded):
    client.force_login(editor())
    return client


def change_url(role: Role) -> str:
    return reverse("admin:roleprofiles_role_change", args=[role.pk])


def test_saving_the_change_form_with_an_inline_edit(editor_client):
    role = Role.objects.get(slug=SLUG)
    requirement = role.requirements.order_by("position").first()
    data = form_data(editor_client.get(change_url(role)).content)
    data["summary"] = "Saved outside a test transaction."
    data[inline_prefix_for(data, requirement.pk) + "-descriptor"] = "Edited inline."
    response = editor_client.post(change_url(role), data)
    assert response.status_code == 302, response.content.decode()[:2000]
    role.refresh_from_db()
    requirement.refresh_from_db()
    assert (role.summary, role.version) == ("Saved outside a test transaction.", 2)
    assert requirement.descriptor == "Edited inline."


@pytest.mark.parametrize("who", ["root", "editor"])
def test_reverting_a_role_from_its_history(client, seeded, who):
    client.force_login(make_user("root", superuser=True) if who == "root" else editor())
    role = Role.objects.get(slug=SLUG)
    old_summary = role.summary
    data = form_data(client.get(change_url(role)).content)
    data["summary"] = "A summary to revert."
    assert client.post(change_url(role), data).status_code == 302

    first = role.history.order_by("history_date", "history_id").first()
    url = reverse("admin:roleprofiles_role_simple_history", args=[role.pk, first.history_id])
    page = client.get(url)
    assert page.status_code == 200
    response = client.post(url, form_data(page.content))
    assert response.status_code == 302, response.content.decode()[:2000]
    role.refresh_from_db()
    assert (role.summary, role.version, role.status) == (old_summary, 3, Role.Status.PUBLISHED)


def test_a_revert_from_a_stale_history_page_is_refused(root_client):
    role = Role.objects.get(slug=SLUG)
    data = form_data(root_client.get(change_url(role)).content)
    data["summary"] = "First edit."
    assert root_client.post(change_url(role), data).status_code == 302
    first = role.history.order_by("history_date", "history_id").first()
    url = reverse("admin:roleprofiles_role_simple_history", args=[role.pk, first.history_id])
    stale = form_data(root_client.get(url).content)

    data = form_data(root_client.get(change_url(role)).content)
    data["summary"] = "Someone else's later edit."
    assert root_client.post(change_url(role), data).status_code == 302

    response = root_client.post(url, stale)
    assert response.status_code == 200
    assert "Someone else saved this role while you were editing it" in response.content.decode()
    role.refresh_from_db()
    assert role.summary == "Someone else's later edit."


def test_adding_a_requirement_inline(root_client):
    role = Role.objects.get(slug=SLUG)
    skill = make_skill("Added outside a test transaction")
    data = form_data(root_client.get(change_url(role)).content)
    new = f"requirements-{data['requirements-INITIAL_FORMS']}"
    data.update(
        {
            f"{new}-position": str(role.requirements.count() + 1),
            f"{new}-section": "data",
            f"{new}-heading": "Data Skills",
            f"{new}-skill": str(skill.pk),
            f"{new}-descriptor": "Added in a blank row.",
        }
    )
    response = root_client.post(change_url(role), data)
    assert response.status_code == 302, response.content.decode()[:2000]
    assert role.requirements.get(skill=skill).descriptor == "Added in a blank row."


def test_publish_archive_and_mark_reviewed_actions(client, seeded):
    client.force_login(approver())
    role = Role.objects.get(slug=SLUG)
    changelist = reverse("admin:roleprofiles_role_changelist")
    for action, status in [("archive", Role.Status.ARCHIVED), ("publish", Role.Status.PUBLISHED)]:
        response = client.post(changelist, {"action": action, "_selected_action": [role.pk]})
        assert response.status_code == 302
        role.refresh_from_db()
        assert role.status == status
    assert client.post(changelist, {"action": "mark_reviewed", "_selected_action": [role.pk]}).status_code == 302
    role.refresh_from_db()
    assert (role.last_reviewed, role.version) == (timezone.localdate(), 4)


def test_confirming_an_import(root_client, source_text):
    url = reverse("admin:roleprofiles_role_import")
    upload = SimpleUploadedFile("new_role.txt", source_text(DATA_ETHICS).encode(), "text/plain")
    preview = root_client.post(url, {"file": upload, "title": "Imported outside a test transaction"})
    assert preview.status_code == 200
    confirm = form_data(preview.content)
    confirm["confirm"] = "Confirm and import"
    response = root_client.post(url, confirm)
    assert response.status_code == 302, response.content.decode()[:2000]
    role = Role.objects.get(title="Imported outside a test transaction")
    assert role.requirements.count() == 132


def test_a_second_editor_saving_a_stale_form_is_refused(client, seeded):
    role = Role.objects.get(slug=SLUG)
    first, second = editor("first"), editor("second")
    client.force_login(first)
    first_form = form_data(client.get(change_url(role)).content)
    client.force_login(second)
    second_form = form_data(client.get(change_url(role)).content)

    client.force_login(first)
    first_form["summary"] = "First editor's summary."
    assert client.post(change_url(role), first_form).status_code == 302
    client.force_login(second)
    second_form["summary"] = "Second editor's summary."
    response = client.post(change_url(role), second_form)
    assert response.status_code == 200
    assert "Someone else saved this role while you were editing it" in response.content.decode()
    role.refresh_from_db()
    assert (role.summary, role.version) == ("First editor's summary.", 2)


@pytest.mark.skipif(connection.vendor != "postgresql", reason="SQLite has no row locks: it locks the whole file")
@pytest.mark.parametrize("path", ["change", "revert"])
def test_the_role_stays_locked_from_the_version_check_until_the_save_commits(root_client, monkeypatch, path):
    """Another editor's save cannot slip in between the check and the save: while the role
    is being written, a second connection cannot lock its row."""
    role = Role.objects.get(slug=SLUG)
    data = form_data(root_client.get(change_url(role)).content)
    data["summary"] = "Locked while saving."
    url = change_url(role)
    if path == "revert":
        assert root_client.post(url, data).status_code == 302
        first = role.history.order_by("history_date", "history_id").first()
        url = reverse("admin:roleprofiles_role_simple_history", args=[role.pk, first.history_id])
        data = form_data(root_client.get(url).content)

    seen = []
    save_model = RoleAdmin.save_model

    def try_to_lock_from_elsewhere():
        other = connections.create_connection("default")
        try:
            with other.cursor() as cursor:
                cursor.execute("SELECT id FROM roleprofiles_role WHERE id = %s FOR UPDATE NOWAIT", [role.pk])
            seen.append("not locked")
        except DatabaseError:
            seen.append("locked")
        finally:
            other.close()

    def checking_save_model(self, request, obj, form, change):
        save_model(self, request, obj, form, change)
        thread = threading.Thread(target=try_to_lock_from_elsewhere)
        thread.start()
        thread.join()

    monkeypatch.setattr(RoleAdmin, "save_model", checking_save_model)
    response = root_client.post(url, data)
    assert response.status_code == 302, response.content.decode()[:2000]
    assert seen == ["locked"]


def test_an_edit_kept_over_a_session_timeout_is_saved_after_signing_in(client, seeded, monkeypatch):
    clock = [1_900_000_000.0]
    monkeypatch.setattr("config.sessions._now", lambda: clock[0])
    editor()
    role = Role.objects.get(slug=SLUG)
    client.post(reverse("admin:login"), {"username": "editor", "password": "correct horse battery staple"})
    data = form_data(client.get(change_url(role)).content)
    data["summary"] = "Kept over a timeout."
    clock[0] += 31 * 60
    assert client.post(change_url(role), data).status_code == 302  # to the sign-in page
    role.refresh_from_db()
    assert role.version == 1
    client.post(reverse("admin:login"), {"username": "editor", "password": "correct horse battery staple"})
    page = client.get(change_url(role))
    response = client.post(change_url(role), form_data(page.content, form_id="resubmit-form"))
    assert response.status_code == 302, response.content.decode()[:2000]
    role.refresh_from_db()
    assert (role.summary, role.version) == ("Kept over a timeout.", 2)


def test_reverting_a_role_restores_its_requirements(root_client):
    role = Role.objects.get(slug=SLUG)
    first = role.requirements.order_by("position").first()
    data = form_data(root_client.get(change_url(role)).content)
    data[inline_prefix_for(data, first.pk) + "-DELETE"] = "on"
    assert root_client.post(change_url(role), data).status_code == 302
    loaded = role.history.order_by("history_date", "history_id").first()
    url = reverse("admin:roleprofiles_role_simple_history", args=[role.pk, loaded.history_id])
    response = root_client.post(url, form_data(root_client.get(url).content))
    assert response.status_code == 302, response.content.decode()[:2000]
    assert role.requirements.filter(pk=first.pk, position=first.position).exists()


def test_editing_reverting_and_deleting_a_requirement_on_its_own_pages(root_client):
    role = Role.objects.get(slug=SLUG)
    requirement = role.requirements.order_by("position").first()
    url = reverse("admin:roleprofiles_requirement_change", args=[requirement.pk])
    data = form_data(root_client.get(url).content)
    data["descriptor"] = "Edited outside a test transaction."
    assert root_client.post(url, data).status_code == 302
    oldest = requirement.history.order_by("history_date", "history_id").first()
    revert = reverse("admin:roleprofiles_requirement_simple_history", args=[requirement.pk, oldest.history_id])
    response = root_client.post(revert, form_data(root_client.get(revert).content))
    assert response.status_code == 302, response.content.decode()[:2000]
    requirement.refresh_from_db()
    assert requirement.descriptor == oldest.descriptor
    changelist = reverse("admin:roleprofiles_requirement_changelist")
    response = root_client.post(
        changelist, {"action": "delete_selected", "_selected_action": [requirement.pk], "post": "yes"}
    )
    assert response.status_code == 302
    assert not role.requirements.filter(pk=requirement.pk).exists()
    role.refresh_from_db()
    assert role.version == 4  # edited, reverted, deleted: each a version of the role
