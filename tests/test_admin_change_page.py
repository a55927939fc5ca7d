"""The role change page at the size of the largest role (the data ethics lead, 132
requirements): a compact requirements table (ids with a lookup for skills, levels and depths,
no per-row widgets or related-object links), a page under 400 KB in a bounded number of
queries, and saves that change exactly what was edited."""

from __future__ import annotations

import pytest
from bs4 import BeautifulSoup
from django.urls import reverse

from roleprofiles.models import Requirement, Role
from tests.admin_support import form_data, inline_prefix_for, make_user
from tests.factories import make_level, make_skill

pytestmark = pytest.mark.django_db

SLUG = "data-ethics-lead"
MAX_PAGE_BYTES = 400_000


@pytest.fixture
def root(client):
    client.force_login(make_user("root", superuser=True))
    return client


@pytest.fixture
def role():
    return Role.objects.get(slug=SLUG)


def change_url(role) -> str:
    return reverse("admin:roleprofiles_role_change", args=[role.pk])


def snapshot(role) -> list[tuple]:
    return list(
        Requirement.objects.filter(role=role)
        .order_by("position")
        .values_list("pk", "position", "section", "heading", "skill_id", "code", "level_id", "depth_id", "descriptor")
    )


def test_the_largest_roles_page_is_compact_and_complete(root, role, django_assert_max_num_queries):
    root.get(change_url(role))  # per-process caches (content types, templates) warmed
    with django_assert_max_num_queries(14):
        response = root.get(change_url(role))
    assert response.status_code == 200
    assert len(response.content) < MAX_PAGE_BYTES, f"{len(response.content):,} bytes"

    table = BeautifulSoup(response.content, "html.parser").select_one("#requirements-group table")
    rows = table.select("tr.form-row.has_original")
    assert len(rows) == 132
    assert not table.select(".related-widget-wrapper, select.admin-autocomplete")  # 1.3 MB of them before
    sections = [th.get_text(strip=True) for th in table.select("tr.app-requirements__section th")]
    assert sections[:3] == ["Work activity components", "Technical skills", "Other skills"]

    first = role.requirements.order_by("position").select_related("skill", "level").first()
    cells = rows[0]
    skill_input = cells.select_one("input[name=requirements-0-skill]")
    assert skill_input["value"] == str(first.skill_id)
    assert cells.select_one(f"a#lookup_{skill_input['id']}.related-lookup")["href"].endswith("?_to_field=id")
    name = cells.select_one("td.field-skill a#r0")
    assert name.get_text() == first.skill.title
    assert name["href"] == reverse("admin:roleprofiles_requirement_change", args=[first.pk])
    assert first.level.label in cells.select_one("td.field-level").get_text()
    # Every input is named by its column and its row, for screen readers.
    for field in cells.select("input:not([type=hidden]), textarea"):
        assert field["aria-labelledby"].endswith(" r0"), field


def test_saving_the_largest_role_changes_exactly_what_was_edited(root, role, django_assert_max_num_queries):
    before = snapshot(role)
    first, second = role.requirements.order_by("position")[:2]
    other_level = make_level(3)
    data = form_data(root.get(change_url(role)).content)
    data["summary"] = "Saved from the compact page."
    data[inline_prefix_for(data, first.pk) + "-descriptor"] = "Edited in the compact table."
    data[inline_prefix_for(data, second.pk) + "-level"] = str(other_level.pk)
    # About 35 for the role, then 8 for each row changed (its checks, baseline, save, history).
    with django_assert_max_num_queries(55):
        response = root.post(change_url(role), data)
    assert response.status_code == 302, response.content.decode()[:2000]

    role.refresh_from_db()
    assert (role.summary, role.version) == ("Saved from the compact page.", 2)
    after = snapshot(role)
    changed = {row[0]: row for row in after if row not in before}
    assert set(changed) == {first.pk, second.pk}
    assert changed[first.pk][-1] == "Edited in the compact table."
    assert changed[second.pk][6] == other_level.pk
    # Sections and headings are not on the table: a save keeps them as they were.
    assert [row[2:4] for row in after] == [row[2:4] for row in before]


def test_a_skill_is_changed_by_its_id_and_a_wrong_id_is_refused(root, role):
    first = role.requirements.order_by("position").first()
    skill = make_skill("A skill chosen by id")
    data = form_data(root.get(change_url(role)).content)
    prefix = inline_prefix_for(data, first.pk)
    data[f"{prefix}-skill"] = "999999"
    response = root.post(change_url(role), data)
    assert response.status_code == 200
    row = BeautifulSoup(response.content, "html.parser").select_one(f"#{prefix}")
    assert "Select a valid choice" in row.get_text()
    assert row.select_one(f"input[name={prefix}-skill]")["value"] == "999999"  # kept to correct
    assert Role.objects.get(pk=role.pk).version == 1

    data[f"{prefix}-skill"] = str(skill.pk)
    assert root.post(change_url(role), data).status_code == 302
    first.refresh_from_db()
    assert first.skill == skill


def test_a_new_requirement_needs_its_section(root, role):
    skill = make_skill("Added without a section")
    data = form_data(root.get(change_url(role)).content)
    new = f"requirements-{data['requirements-INITIAL_FORMS']}"
    data.update({f"{new}-position": "500", f"{new}-skill": str(skill.pk), f"{new}-heading": "Data Skills"})
    response = root.post(change_url(role), data)
    assert response.status_code == 200
    row = BeautifulSoup(response.content, "html.parser").select_one(f"#{new}")
    assert "This field is required." in row.select_one("td.field-skill").get_text()
    assert not role.requirements.filter(skill=skill).exists()


def test_the_page_leaves_out_the_navigation_sidebar_for_the_tables_width(root, role):
    page = BeautifulSoup(root.get(change_url(role)).content, "html.parser")
    assert page.select_one("#nav-sidebar") is None
    assert page.find("link", href=lambda h: h and h.endswith("css/admin.css"))
