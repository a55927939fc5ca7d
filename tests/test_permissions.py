"""The content groups and what each may do, proved both ways; and nobody without staff
status reaches the admin."""

from __future__ import annotations

import pytest
from django.contrib.auth.models import Group, Permission
from django.core.management import call_command
from django.urls import reverse

from roleprofiles.governance import APPROVER_GROUP, EDITOR_GROUP
from roleprofiles.models import Role
from tests.admin_support import approver, editor, form_data, make_user
from tests.factories import make_role

pytestmark = pytest.mark.django_db


def change_url(role):
    return reverse("admin:roleprofiles_role_change", args=[role.pk])


def changelist_action(client, action, role):
    return client.post(
        reverse("admin:roleprofiles_role_changelist"),
        {"action": action, "_selected_action": [role.pk]},
        follow=True,
    )


def test_groups_exist_after_migrate_and_setup_groups_is_idempotent(capsys):
    # The data migration made both groups with the role and framework permissions.
    editor_group = Group.objects.get(name=EDITOR_GROUP)
    approver_group = Group.objects.get(name=APPROVER_GROUP)
    assert editor_group.permissions.filter(codename="change_role").exists()
    assert not editor_group.permissions.filter(codename="publish_role").exists()
    assert approver_group.permissions.filter(codename="publish_role").exists()
    # setup_groups brings them up to date with every content app, and running it again changes nothing.
    call_command("setup_groups")
    first = (set(editor_group.permissions.all()), set(approver_group.permissions.all()))
    call_command("setup_groups")
    assert Group.objects.filter(name__in=[EDITOR_GROUP, APPROVER_GROUP]).count() == 2
    assert (set(editor_group.permissions.all()), set(approver_group.permissions.all())) == first
    assert len(first[1] - first[0]) == 1
    assert "Content editor:" in capsys.readouterr().out


def test_editors_edit_content_but_cannot_publish_or_manage_users():
    user = editor()
    for perm in [
        "roleprofiles.add_role",
        "roleprofiles.change_role",
        "roleprofiles.change_requirement",
        "roleprofiles.delete_requirement",
        "frameworks.change_skill",
        "frameworks.add_framework",
    ]:
        assert user.has_perm(perm), perm
    for perm in ["roleprofiles.publish_role", "auth.change_user", "auth.add_user", "auth.change_group"]:
        assert not user.has_perm(perm), perm


def test_approvers_also_publish_but_cannot_manage_users():
    user = approver()
    assert user.has_perm("roleprofiles.publish_role")
    assert user.has_perm("roleprofiles.change_role")
    assert not user.has_perm("auth.change_user")
    assert not user.has_perm("auth.view_user")


def test_publish_permission_is_a_custom_role_permission():
    permission = Permission.objects.get(codename="publish_role")
    assert permission.content_type.app_label == "roleprofiles"
    assert permission.name == "Can publish and archive roles"


@pytest.mark.parametrize("url", ["/admin/", "/admin/roleprofiles/role/", "/admin/roleprofiles/role/import/"])
def test_anonymous_users_are_sent_to_the_login_page(client, url):
    response = client.get(url)
    assert response.status_code == 302
    assert response["Location"].startswith("/admin/login/")


@pytest.mark.parametrize("url", ["/admin/", "/admin/roleprofiles/role/", "/admin/roleprofiles/role/import/"])
def test_non_staff_users_never_reach_the_admin(client, url):
    client.force_login(make_user("member", staff=False))
    response = client.get(url)
    assert response.status_code == 302
    assert response["Location"].startswith("/admin/login/")


def test_users_admin_is_closed_to_editors_and_approvers(client):
    for user in (editor(), approver()):
        client.force_login(user)
        assert client.get("/admin/auth/user/").status_code == 403
        assert client.get("/admin/auth/group/").status_code == 403


def test_editor_sees_status_read_only_and_cannot_publish_through_the_form(client):
    role = make_role("Draft by editor", status=Role.Status.DRAFT)
    client.force_login(editor())
    page = client.get(change_url(role))
    assert page.status_code == 200
    data = form_data(page.content)
    assert "status" not in data
    data["status"] = Role.Status.PUBLISHED  # a hand-made request
    data["summary"] = "Edited by an editor."
    assert client.post(change_url(role), data).status_code == 302
    role.refresh_from_db()
    assert role.summary == "Edited by an editor."
    assert role.status == Role.Status.DRAFT


def test_approver_can_change_status_in_the_form(client):
    role = make_role("Draft for approver", status=Role.Status.DRAFT)
    client.force_login(approver())
    data = form_data(client.get(change_url(role)).content)
    assert data["status"] == Role.Status.DRAFT
    data["status"] = Role.Status.PUBLISHED
    assert client.post(change_url(role), data).status_code == 302
    role.refresh_from_db()
    assert role.status == Role.Status.PUBLISHED


def test_publish_and_archive_actions_are_offered_to_approvers_only(client):
    role = make_role("Draft role", status=Role.Status.DRAFT)
    client.force_login(editor())
    page = client.get(reverse("admin:roleprofiles_role_changelist")).content.decode()
    assert 'value="mark_reviewed"' in page
    assert 'value="publish"' not in page and 'value="archive"' not in page
    changelist_action(client, "publish", role)
    role.refresh_from_db()
    assert role.status == Role.Status.DRAFT

    client.force_login(approver())
    page = client.get(reverse("admin:roleprofiles_role_changelist")).content.decode()
    assert 'value="publish"' in page and 'value="archive"' in page
    response = changelist_action(client, "publish", role)
    assert "Published 1 role(s)." in response.content.decode()
    role.refresh_from_db()
    assert role.status == Role.Status.PUBLISHED
    assert role.history.latest().history_change_reason == "Status set to published"
    changelist_action(client, "archive", role)
    role.refresh_from_db()
    assert role.status == Role.Status.ARCHIVED


def test_editor_cannot_revert_a_role_into_a_different_status(client):
    role = make_role("Once published", status=Role.Status.PUBLISHED)
    role.save()  # a history record while published
    role.status = Role.Status.DRAFT
    role.save()
    published_record = role.history.filter(status=Role.Status.PUBLISHED).latest()
    client.force_login(editor())
    url = reverse("admin:roleprofiles_role_simple_history", args=[role.pk, published_record.history_id])
    data = form_data(client.get(url).content)
    assert client.post(url, data).status_code == 302
    role.refresh_from_db()
    assert role.status == Role.Status.DRAFT


def test_editor_deletes_a_draft_role_but_not_a_published_one(client):
    draft = make_role("Draft to delete", status=Role.Status.DRAFT)
    published = make_role("Published to keep", status=Role.Status.PUBLISHED)
    client.force_login(editor())
    delete = reverse("admin:roleprofiles_role_delete", args=[published.pk])
    assert client.get(delete).status_code == 403
    assert client.post(delete, {"post": "yes"}).status_code == 403
    assert Role.objects.filter(pk=published.pk).exists()
    # nor through the bulk action
    client.post(
        reverse("admin:roleprofiles_role_changelist"),
        {"action": "delete_selected", "_selected_action": [published.pk], "post": "yes"},
    )
    assert Role.objects.filter(pk=published.pk).exists()

    response = client.post(reverse("admin:roleprofiles_role_delete", args=[draft.pk]), {"post": "yes"})
    assert response.status_code == 302
    assert not Role.objects.filter(pk=draft.pk).exists()


def test_approver_may_delete_a_published_role(client):
    published = make_role("Published to remove", status=Role.Status.PUBLISHED)
    client.force_login(approver())
    response = client.post(reverse("admin:roleprofiles_role_delete", args=[published.pk]), {"post": "yes"})
    assert response.status_code == 302
    assert not Role.objects.filter(pk=published.pk).exists()


def test_editor_can_preview_and_export_approver_too(client):
    role = make_role("Draft preview", status=Role.Status.DRAFT)
    for user in (editor(), approver()):
        client.force_login(user)
        assert client.get(reverse("admin:roleprofiles_role_preview", args=[role.pk])).status_code == 200
        assert client.get(reverse("admin:roleprofiles_role_export", args=[role.pk])).status_code == 200


def test_staff_without_role_rights_cannot_preview(client):
    role = make_role("Draft hidden", status=Role.Status.DRAFT)
    client.force_login(make_user("staff-only"))
    assert client.get(reverse("admin:roleprofiles_role_preview", args=[role.pk])).status_code == 403


@pytest.mark.parametrize(
    "url",
    [
        "/admin/roleprofiles/role/",
        "/admin/roleprofiles/role/add/",
        "/admin/roleprofiles/requirement/",
        "/admin/frameworks/skill/add/",
        "/admin/roleprofiles/jobfamily/add/",
    ],
)
def test_content_pages_need_a_content_group(client, url):
    client.force_login(make_user("staff-without-group"))
    assert client.get(url).status_code == 403
    client.force_login(editor())
    assert client.get(url).status_code == 200


def test_editor_can_add_a_role_which_starts_as_a_draft(client):
    client.force_login(editor())
    page = client.get(reverse("admin:roleprofiles_role_add"))
    data = form_data(page.content)
    data.update({"title": "New digital role", "slug": "new-digital-role", "summary": "Added by an editor."})
    response = client.post(reverse("admin:roleprofiles_role_add"), data)
    assert response.status_code == 302, response.content[:3000]
    role = Role.objects.get(slug="new-digital-role")
    assert role.status == Role.Status.DRAFT
    assert role.history.latest().history_user.username == "editor"
    assert client.get(role.get_absolute_url()).status_code == 404
