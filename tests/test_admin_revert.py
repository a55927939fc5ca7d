"""Reverting a role restores its requirements too, the revert page says exactly what it
covers, and the history reads as people write: a reason for every record (never "None"), a
revert shown as a revert, "not set" and dates in words."""

from __future__ import annotations

import datetime

import pytest
from bs4 import BeautifulSoup
from django.urls import reverse

from frameworks.models import Skill
from roleprofiles.models import Requirement, Role
from tests.admin_support import editor, form_data, inline_prefix_for, make_user
from tests.factories import make_skill

pytestmark = pytest.mark.django_db

SLUG = "data-ethics-lead"


@pytest.fixture
def root(client):
    client.force_login(make_user("root", superuser=True))
    return client


def change_url(role) -> str:
    return reverse("admin:roleprofiles_role_change", args=[role.pk])


def revert_url(role, record) -> str:
    return reverse("admin:roleprofiles_role_simple_history", args=[role.pk, record.history_id])


def text(response) -> str:
    return " ".join(BeautifulSoup(response.content, "html.parser").get_text().split())


def rows(role) -> list[tuple]:
    return list(
        Requirement.objects.filter(role=role)
        .order_by("position")
        .values_list("pk", "position", "skill_id", "section", "descriptor", "level_id", "depth_id")
    )


def add_row(data, skill, position, descriptor="Added in the same save."):
    new = f"requirements-{data['requirements-TOTAL_FORMS']}"
    data["requirements-TOTAL_FORMS"] = str(int(data["requirements-TOTAL_FORMS"]) + 1)
    data.update(
        {
            f"{new}-position": str(position),
            f"{new}-section": "data",
            f"{new}-heading": "Data Skills",
            f"{new}-skill": str(skill.pk),
            f"{new}-descriptor": descriptor,
        }
    )


def edit_everything(client, role):
    """One save that changes the summary, changes one requirement, removes one and adds one."""
    first, second = role.requirements.order_by("position")[:2]
    data = form_data(client.get(change_url(role)).content)
    data["summary"] = "A summary to revert."
    data[inline_prefix_for(data, first.pk) + "-descriptor"] = "Wording to revert."
    data[inline_prefix_for(data, second.pk) + "-DELETE"] = "on"
    add_row(data, make_skill("Skill added then reverted"), position=999)
    response = client.post(change_url(role), data)
    assert response.status_code == 302, text(response)[:2000]
    return first, second


def test_reverting_a_role_restores_its_requirements_too(root):
    role = Role.objects.get(slug=SLUG)
    before_rows, before_summary = rows(role), role.summary
    first, second = edit_everything(root, role)
    assert rows(role) != before_rows

    loaded = role.history.order_by("history_date", "history_id").first()  # the baseline: as loaded
    page = root.get(revert_url(role, loaded))
    covers = " ".join(BeautifulSoup(page.content, "html.parser").select_one("#revert-covers").get_text().split())
    assert "its requirements as they were in this version (132 requirements)" in covers
    assert f"“{second.skill.title}” in {second.get_section_display()} comes back" in covers
    assert f"“{first.skill.title}” in {first.get_section_display()} goes back to its earlier details" in covers
    assert "“Skill added then reverted” in Data skills is removed (it was added later)" in covers
    assert "Not covered: the additional frameworks" in covers

    response = root.post(revert_url(role, loaded), form_data(page.content))
    assert response.status_code == 302, text(response)[:2000]
    role.refresh_from_db()
    assert (role.summary, role.version) == (before_summary, 3)
    assert rows(role) == before_rows  # same rows, same ids, same positions
    assert not Requirement.objects.filter(skill__title="Skill added then reverted").exists()


def test_the_history_says_what_each_version_was_and_why(root):
    role = Role.objects.get(slug=SLUG)
    edit_everything(root, role)
    data = form_data(root.get(change_url(role)).content)
    data["next_review_due"] = "2027-01-15"
    assert root.post(change_url(role), data).status_code == 302
    loaded = role.history.order_by("history_date", "history_id").first()
    assert root.post(revert_url(role, loaded), form_data(root.get(revert_url(role, loaded)).content)).status_code == 302

    page = root.get(reverse("admin:roleprofiles_role_history", args=[role.pk]))
    soup = BeautifulSoup(page.content, "html.parser")
    table = soup.select_one("#change-history")
    actions = [td.get_text(strip=True) for td in table.select("td.history-action")]
    reasons = [" ".join(td.get_text().split()) for td in table.select("td.history-reason")]
    assert actions == ["Reverted", "Changed", "Changed", "As loaded"]
    assert reasons[0].startswith("Reverted to the version of ") and reasons[0].endswith("(version 1)")
    assert reasons[1] == "Edited in the admin: next review due"
    assert reasons[2] == "Edited in the admin: summary; requirements: 1 added, 1 changed, 1 removed"
    assert "None" not in table.get_text()
    changes = " ".join(table.get_text().split())
    assert "Next review due: not set → 15 January 2027" in changes
    assert "2027-01-15" not in changes
    # Each version lists its requirement changes beside the role's own.
    assert "Added “Skill added then reverted” to Data skills" in changes
    assert "Removed “Skill added then reverted” from Data skills" in changes


def test_a_requirement_edited_on_its_own_page_is_a_version_of_its_role_that_can_be_reverted(root):
    role = Role.objects.get(slug=SLUG)
    requirement = role.requirements.order_by("position").first()
    original = requirement.descriptor
    url = reverse("admin:roleprofiles_requirement_change", args=[requirement.pk])
    data = form_data(root.get(url).content)
    data["descriptor"] = "Edited on the requirement's own page."
    assert root.post(url, data).status_code == 302

    role.refresh_from_db()
    assert role.version == 2
    latest = role.history.latest()
    assert latest.history_change_reason == (
        f"Requirement “{requirement.skill.title}” in Work activity components edited on its own page"
    )
    assert requirement.history.latest().history_change_reason == "Edited in the admin: descriptor"

    loaded = role.history.order_by("history_date", "history_id").first()
    page = root.get(revert_url(role, loaded))
    assert root.post(revert_url(role, loaded), form_data(page.content)).status_code == 302
    requirement.refresh_from_db()
    assert requirement.descriptor == original
    assert requirement.history.latest().history_change_reason.startswith("Reverted to the version of ")


def test_swapped_positions_are_reverted_without_a_clash(root):
    role = Role.objects.get(slug=SLUG)
    before = rows(role)
    first, second = role.requirements.order_by("position")[:2]
    data = form_data(root.get(change_url(role)).content)
    data[inline_prefix_for(data, first.pk) + "-position"] = "2"
    data[inline_prefix_for(data, second.pk) + "-position"] = "1"
    assert root.post(change_url(role), data).status_code == 302
    loaded = role.history.order_by("history_date", "history_id").first()
    assert root.post(revert_url(role, loaded), form_data(root.get(revert_url(role, loaded)).content)).status_code == 302
    assert rows(role) == before


def test_a_version_whose_skill_was_deleted_since_is_refused_and_nothing_changes(root):
    role = Role.objects.get(slug=SLUG)
    skill = make_skill("Short-lived skill")
    data = form_data(root.get(change_url(role)).content)
    add_row(data, skill, position=999)
    assert root.post(change_url(role), data).status_code == 302
    with_skill = role.history.latest()
    added = role.requirements.get(skill=skill)
    data = form_data(root.get(change_url(role)).content)
    data[inline_prefix_for(data, added.pk) + "-DELETE"] = "on"
    assert root.post(change_url(role), data).status_code == 302
    Skill.objects.filter(pk=skill.pk).delete()

    before = (rows(role), Role.objects.get(pk=role.pk).version)
    page = root.get(revert_url(role, with_skill))
    response = root.post(revert_url(role, with_skill), form_data(page.content))
    assert response.status_code == 200
    assert "This version cannot be restored:" in text(response)
    assert "used a skill that has since been deleted" in text(response)
    assert (rows(role), Role.objects.get(pk=role.pk).version) == before


def test_an_editors_revert_restores_requirements_but_never_the_status(client):
    client.force_login(editor())
    role = Role.objects.get(slug=SLUG)
    requirement = role.requirements.order_by("position").first()
    data = form_data(client.get(change_url(role)).content)
    data[inline_prefix_for(data, requirement.pk) + "-descriptor"] = "An editor's wording."
    assert client.post(change_url(role), data).status_code == 302
    Role.objects.filter(pk=role.pk).update(status=Role.Status.ARCHIVED)  # an approver archived it meanwhile
    loaded = role.history.order_by("history_date", "history_id").first()
    page = client.get(revert_url(role, loaded))
    assert "and the status (only approvers publish)" in text(page)
    assert client.post(revert_url(role, loaded), form_data(page.content)).status_code == 302
    role.refresh_from_db()
    requirement.refresh_from_db()
    assert role.status == Role.Status.ARCHIVED
    assert requirement.descriptor != "An editor's wording."


def test_history_dates_and_empty_values_read_as_words(root):
    role = Role.objects.get(slug=SLUG)
    data = form_data(root.get(change_url(role)).content)
    data["last_reviewed"] = "2026-03-02"
    assert root.post(change_url(role), data).status_code == 302
    page = root.get(reverse("admin:roleprofiles_role_history", args=[role.pk]))
    changes = " ".join(BeautifulSoup(page.content, "html.parser").select_one("#change-history").get_text().split())
    assert "Last reviewed: not set → 2 March 2026" in changes
    assert datetime.date(2026, 3, 2).isoformat() not in changes


def test_long_change_reasons_are_shortened_never_a_failed_save(root):
    """A reason is kept in 100 characters (PostgreSQL refuses a longer one with a 500)."""
    role = Role.objects.get(slug=SLUG)
    requirement = role.requirements.order_by("position").first()
    Skill.objects.filter(pk=requirement.skill_id).update(title="A very long skill title " * 8)
    url = reverse("admin:roleprofiles_requirement_change", args=[requirement.pk])
    data = form_data(root.get(url).content)
    data["descriptor"] = "Edited with a long skill title."
    assert root.post(url, data).status_code == 302
    reason = role.history.latest().history_change_reason
    assert reason.startswith("Requirement “A very long skill title") and reason.endswith("…")
    assert len(reason) == 100

    data = form_data(root.get(change_url(role)).content)
    data.update(summary="New.", owner="New owner", source_note="New note.", last_reviewed="2026-01-01")
    data.update(next_review_due="2027-01-01", title="A new title", slug="a-new-slug")
    data[inline_prefix_for(data, requirement.pk) + "-descriptor"] = "Changed again."
    assert root.post(change_url(role), data).status_code == 302
    assert len(role.history.latest().history_change_reason) <= 100
