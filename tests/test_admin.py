"""The admin as content editors use it: every content model editable, requirements inline
in source order and reorderable, history with differences and revert, the conflict check,
the review queue, draft preview, and Role Model Plus export."""

from __future__ import annotations

import datetime

import pytest
from bs4 import BeautifulSoup
from django.urls import reverse
from django.utils import timezone

from roleprofiles.models import Requirement, Role
from roleprofiles.rmp.parsing import parse_profile
from tests.admin_support import form_data, inline_prefix_for
from tests.factories import add_requirement, make_level, make_many_roles, make_role, make_skill

pytestmark = pytest.mark.django_db

DATA_ETHICS = "data-ethics-lead"


def change_url(role: Role) -> str:
    return reverse("admin:roleprofiles_role_change", args=[role.pk])


def test_every_content_model_has_a_working_changelist_search_and_add_page(superuser_client):
    from django.contrib import admin

    content_apps = {"roleprofiles", "frameworks", "pathways"}
    registered = [m for m in admin.site._registry if m._meta.app_label in content_apps]
    assert {m._meta.model_name for m in registered} >= {
        "role",
        "requirement",
        "jobfamily",
        "skill",
        "framework",
        "frameworkdimension",
        "professionalbody",
        "level",
        "levelscale",
        "sourcedocument",
    }
    for model in registered:
        opts = model._meta
        changelist = reverse(f"admin:{opts.app_label}_{opts.model_name}_changelist")
        assert superuser_client.get(changelist).status_code == 200, changelist
        assert superuser_client.get(changelist, {"q": "data"}).status_code == 200, changelist
        add = reverse(f"admin:{opts.app_label}_{opts.model_name}_add")
        assert superuser_client.get(add).status_code == 200, add


def test_role_change_page_lists_requirements_inline_in_source_order(superuser_client):
    role = Role.objects.get(slug=DATA_ETHICS)
    response = superuser_client.get(change_url(role))
    assert response.status_code == 200
    data = form_data(response.content)
    positions = [int(data[f"requirements-{i}-position"]) for i in range(int(data["requirements-INITIAL_FORMS"]))]
    assert len(positions) == 132
    assert positions == sorted(positions) == list(range(1, 133))
    soup = BeautifulSoup(response.content, "html.parser")
    assert soup.find("input", attrs={"name": "expected_version", "type": "hidden"})["value"] == str(role.version)
    tools = soup.select(".object-tools a")
    assert {a.text.strip() for a in tools} >= {"Preview", "Export as text", "History"}


def save_role(client, role, change=None, data=None):
    data = data or form_data(client.get(change_url(role)).content)
    if change:
        change(data)
    return client.post(change_url(role), data)


def test_requirements_are_reordered_by_editing_position_numbers(superuser_client):
    role = Role.objects.get(slug=DATA_ETHICS)
    first, second = role.requirements.order_by("position")[:2]

    def swap(data):
        data[inline_prefix_for(data, first.pk) + "-position"] = "2"
        data[inline_prefix_for(data, second.pk) + "-position"] = "1"

    response = save_role(superuser_client, role, swap)
    assert response.status_code == 302, response.content[:2000]
    first.refresh_from_db()
    second.refresh_from_db()
    assert (first.position, second.position) == (2, 1)
    role.refresh_from_db()
    assert role.version == 2


def test_duplicate_positions_are_refused_with_a_message(superuser_client):
    role = Role.objects.get(slug=DATA_ETHICS)
    first, second = role.requirements.order_by("position")[:2]

    def clash(data):
        data[inline_prefix_for(data, second.pk) + "-position"] = "1"

    response = save_role(superuser_client, role, clash)
    assert response.status_code == 200
    errors = " ".join(e.get_text(" ") for e in BeautifulSoup(response.content, "html.parser").select(".errorlist"))
    assert "Please correct the duplicate data for position" in errors, errors
    second.refresh_from_db()
    assert second.position == 2


def test_history_shows_field_by_field_differences_and_reverts(superuser_client):
    role = Role.objects.get(slug=DATA_ETHICS)
    requirement = role.requirements.order_by("position").first()
    original = requirement.descriptor

    def edit(data):
        data[inline_prefix_for(data, requirement.pk) + "-descriptor"] = "Sets governance for data ethics."
        data["summary"] = "A new summary."

    assert save_role(superuser_client, role, edit).status_code == 302
    requirement.refresh_from_db()
    assert requirement.descriptor == "Sets governance for data ethics."
    # a second change, so the requirement's history has two records to compare
    requirement.descriptor = "Second wording."
    requirement.save()

    history = superuser_client.get(reverse("admin:roleprofiles_requirement_history", args=[requirement.pk]))
    text = " ".join(BeautifulSoup(history.content, "html.parser").get_text().split()).lower()
    # The seed loads without history: the first admin change records the loaded state first.
    assert f"descriptor: {original.lower()} → sets governance for data ethics." in text
    assert "descriptor: sets governance for data ethics. → second wording." in text
    role_history = superuser_client.get(reverse("admin:roleprofiles_role_history", args=[role.pk]))
    role_text = " ".join(BeautifulSoup(role_history.content, "html.parser").get_text().split())
    assert "summary:" in role_text.lower() and "A new summary." in role_text
    assert "root" in role_text  # who made the change

    middle = requirement.history.filter(descriptor="Sets governance for data ethics.").get()
    revert_url = reverse("admin:roleprofiles_requirement_simple_history", args=[requirement.pk, middle.history_id])
    page = superuser_client.get(revert_url)
    assert page.status_code == 200
    response = superuser_client.post(revert_url, form_data(page.content))
    assert response.status_code == 302
    requirement.refresh_from_db()
    assert requirement.descriptor == "Sets governance for data ethics."

    # and back to the text as loaded from the source
    oldest = requirement.history.earliest()
    assert oldest.descriptor == original
    revert_url = reverse("admin:roleprofiles_requirement_simple_history", args=[requirement.pk, oldest.history_id])
    assert superuser_client.post(revert_url, form_data(superuser_client.get(revert_url).content)).status_code == 302
    requirement.refresh_from_db()
    assert requirement.descriptor == original


def test_reverting_a_role_keeps_the_version_moving_forward(superuser_client):
    role = Role.objects.get(slug=DATA_ETHICS)
    old_title = role.title
    assert save_role(superuser_client, role, lambda d: d.update(title="Renamed")).status_code == 302
    role.refresh_from_db()
    assert (role.title, role.version) == ("Renamed", 2)
    first = role.history.order_by("history_date").first()
    url = reverse("admin:roleprofiles_role_simple_history", args=[role.pk, first.history_id])
    page = superuser_client.get(url)
    data = form_data(page.content)
    assert data["title"] == old_title
    assert data["expected_version"] == "2"
    assert superuser_client.post(url, data).status_code == 302
    role.refresh_from_db()
    assert (role.title, role.version) == (old_title, 3)


def test_a_second_save_from_a_stale_form_is_refused_with_a_reload_link(superuser_client):
    role = Role.objects.get(slug=DATA_ETHICS)
    first_admin = form_data(superuser_client.get(change_url(role)).content)
    second_admin = form_data(superuser_client.get(change_url(role)).content)

    first_admin["summary"] = "First admin's summary."
    assert superuser_client.post(change_url(role), first_admin).status_code == 302

    second_admin["summary"] = "Second admin's summary."
    response = superuser_client.post(change_url(role), second_admin)
    assert response.status_code == 200
    soup = BeautifulSoup(response.content, "html.parser")
    error = soup.select_one(".errornote, .errorlist.nonfield")
    assert error is not None
    message = " ".join(soup.select_one(".errorlist.nonfield").get_text().split())
    assert "Someone else saved this role while you were editing it" in message
    assert "you started from version 1; it is now version 2" in message
    assert soup.select_one(".errorlist.nonfield a")["href"] == change_url(role)
    role.refresh_from_db()
    assert role.summary == "First admin's summary."
    assert role.version == 2

    # Reloading gives the latest version, and then the save goes through.
    reloaded = form_data(superuser_client.get(change_url(role)).content)
    assert reloaded["expected_version"] == "2"
    reloaded["summary"] = "Second admin's summary."
    assert superuser_client.post(change_url(role), reloaded).status_code == 302
    role.refresh_from_db()
    assert (role.summary, role.version) == ("Second admin's summary.", 3)


def test_a_stale_inline_edit_is_refused_too(superuser_client):
    role = Role.objects.get(slug=DATA_ETHICS)
    requirement = role.requirements.order_by("position").first()
    stale = form_data(superuser_client.get(change_url(role)).content)
    assert save_role(superuser_client, role, lambda d: d.update(owner="AphA")).status_code == 302
    stale[inline_prefix_for(stale, requirement.pk) + "-descriptor"] = "Overwritten?"
    response = superuser_client.post(change_url(role), stale)
    assert response.status_code == 200
    requirement.refresh_from_db()
    assert requirement.descriptor != "Overwritten?"


def test_review_queue_lists_overdue_and_due_within_90_days(superuser_client):
    today = timezone.localdate()
    overdue = make_role("Overdue role", next_review_due=today - datetime.timedelta(days=1))
    soon = make_role("Due soon role", next_review_due=today + datetime.timedelta(days=90))
    later = make_role("Due later role", next_review_due=today + datetime.timedelta(days=91))
    changelist = reverse("admin:roleprofiles_role_changelist")

    def titles(params):
        soup = BeautifulSoup(superuser_client.get(changelist, params).content, "html.parser")
        return {a.text for a in soup.select("#result_list th.field-title a")}

    queue = titles({"review": "queue"})
    assert {overdue.title, soon.title} <= queue
    assert later.title not in queue
    assert titles({"review": "overdue"}) == {overdue.title}
    assert soon.title in titles({"review": "soon"}) and overdue.title not in titles({"review": "soon"})
    assert "Data ethics lead" in titles({"review": "unscheduled"})
    page = superuser_client.get(changelist)
    assert b"?review=queue" in page.content


def test_mark_reviewed_action_sets_dates_and_records_history(superuser_client):
    today = timezone.localdate()
    role = make_role("Overdue role", next_review_due=today - datetime.timedelta(days=10))
    response = superuser_client.post(
        reverse("admin:roleprofiles_role_changelist"),
        {"action": "mark_reviewed", "_selected_action": [role.pk]},
        follow=True,
    )
    assert "Marked 1 role(s) as reviewed" in response.content.decode()
    role.refresh_from_db()
    assert role.last_reviewed == today
    assert role.next_review_due == today + datetime.timedelta(days=365)
    assert role.version == 2
    latest = role.history.latest()
    assert latest.history_change_reason == "Marked as reviewed"
    assert latest.history_user.username == "root"
    assert latest.last_reviewed == today


def test_preview_shows_a_draft_with_a_draft_banner(superuser_client, client):
    role = make_role("Secret draft role", status=Role.Status.DRAFT, summary="Draft summary text.")
    add_requirement(role, make_skill("Draft-only skill"), descriptor="Draft descriptor.")
    response = superuser_client.get(reverse("admin:roleprofiles_role_preview", args=[role.pk]))
    assert response.status_code == 200
    soup = BeautifulSoup(response.content, "html.parser")
    banner = soup.select_one("#preview-banner")
    assert "Draft – not published" in banner.get_text()
    assert soup.h1.text == "Secret draft role"
    assert "Draft descriptor." in soup.get_text()
    assert client.get(role.get_absolute_url()).status_code == 404


def test_preview_of_a_missing_role_is_404(superuser_client):
    assert superuser_client.get(reverse("admin:roleprofiles_role_preview", args=[999999])).status_code == 404


def test_export_downloads_role_model_plus_text_that_parses_back(superuser_client):
    role = Role.objects.get(slug=DATA_ETHICS)
    response = superuser_client.get(reverse("admin:roleprofiles_role_export", args=[role.pk]))
    assert response.status_code == 200
    assert response["Content-Type"] == "text/plain; charset=utf-8"
    assert f'filename="{DATA_ETHICS}.txt"' in response["Content-Disposition"]
    parsed = parse_profile(response.content.decode(), filename="export.txt")
    assert parsed.entry_count == 132
    assert parsed.professional_body == "AphA"


def test_export_of_a_cell_with_a_pipe_explains_why_it_cannot(superuser_client):
    role = make_role("Piped role")
    add_requirement(role, make_skill("Piped skill"), descriptor="this | breaks a table")
    response = superuser_client.get(reverse("admin:roleprofiles_role_export", args=[role.pk]), follow=True)
    assert response.status_code == 200
    assert "Cannot export" in response.content.decode()


@pytest.mark.parametrize("extra_roles", [0, 50])
def test_changelist_query_count_does_not_grow_with_roles(superuser_client, django_assert_max_num_queries, extra_roles):
    make_many_roles(extra_roles)
    with django_assert_max_num_queries(12):
        response = superuser_client.get(reverse("admin:roleprofiles_role_changelist"))
    assert response.status_code == 200


def queries_for(client, method, url, data=None) -> int:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as captured:
        response = getattr(client, method)(url, data) if data is not None else getattr(client, method)(url)
    assert response.status_code in {200, 302}
    return len(captured)


def grow(role: Role, count: int) -> None:
    for i in range(count):
        add_requirement(role, make_skill(f"Extra skill {role.pk}-{i}"), level=make_level(1 + i % 5))


def test_change_page_queries_do_not_grow_with_requirements(superuser_client):
    """The same role with 6 requirements, then with 56: the same number of queries."""
    role = make_many_roles(1)[0]
    superuser_client.get(change_url(role))  # warm the per-process caches (content types, session)
    before = queries_for(superuser_client, "get", change_url(role))
    grow(role, 50)
    after = queries_for(superuser_client, "get", change_url(role))
    assert before == after <= 25, (before, after)
    assert queries_for(superuser_client, "get", change_url(Role.objects.get(slug=DATA_ETHICS))) <= 25


def test_saving_the_change_form_queries_do_not_grow_with_requirements(superuser_client):
    role = make_many_roles(1)[0]
    counts = []
    for extra in (0, 50):
        grow(role, extra)
        data = form_data(superuser_client.get(change_url(role)).content)
        data["summary"] = f"Saved with {extra} more."
        first = inline_prefix_for(data, role.requirements.order_by("position").first().pk)
        data[first + "-descriptor"] = f"Edited row {extra}."
        counts.append(queries_for(superuser_client, "post", change_url(role), data))
    assert counts[0] == counts[1] <= 40, counts


def test_requirement_rows_keep_their_count_after_a_plain_save(superuser_client):
    role = Role.objects.get(slug=DATA_ETHICS)
    before = list(role.requirements.values_list("pk", "position", "descriptor"))
    assert save_role(superuser_client, role).status_code == 302
    assert list(Requirement.objects.filter(role=role).values_list("pk", "position", "descriptor")) == before


def test_preview_queries_do_not_grow_with_requirements(superuser_client):
    role = make_many_roles(1)[0]
    url = reverse("admin:roleprofiles_role_preview", args=[role.pk])
    superuser_client.get(url)
    before = queries_for(superuser_client, "get", url)
    grow(role, 50)
    after = queries_for(superuser_client, "get", url)
    assert before == after <= 12, (before, after)


def test_view_on_site_is_offered_for_published_roles_only(superuser_client):
    published = Role.objects.get(slug=DATA_ETHICS)
    draft = make_role("Unpublished role", status=Role.Status.DRAFT)
    links = BeautifulSoup(superuser_client.get(change_url(published)).content, "html.parser").select("a.viewsitelink")
    assert len(links) == 1
    draft_page = BeautifulSoup(superuser_client.get(change_url(draft)).content, "html.parser")
    assert not draft_page.select("a.viewsitelink")
    assert draft_page.find("a", string="Preview")


def test_a_requirement_edited_on_its_own_page_makes_an_open_role_form_stale(superuser_client):
    role = Role.objects.get(slug=DATA_ETHICS)
    requirement = role.requirements.order_by("position").first()
    stale = form_data(superuser_client.get(change_url(role)).content)

    url = reverse("admin:roleprofiles_requirement_change", args=[requirement.pk])
    data = form_data(superuser_client.get(url).content)
    data["descriptor"] = "Edited on the requirement page."
    assert superuser_client.post(url, data).status_code == 302

    stale[inline_prefix_for(stale, requirement.pk) + "-descriptor"] = "Stale overwrite."
    response = superuser_client.post(change_url(role), stale)
    assert response.status_code == 200
    assert "Someone else saved this role" in response.content.decode()
    requirement.refresh_from_db()
    assert requirement.descriptor == "Edited on the requirement page."


def test_admin_home_summarises_the_review_queue(superuser_client):
    today = timezone.localdate()
    make_role("Overdue one", next_review_due=today - datetime.timedelta(days=3))
    make_role("Soon one", next_review_due=today + datetime.timedelta(days=30))
    make_role("Archived overdue", status=Role.Status.ARCHIVED, next_review_due=today - datetime.timedelta(days=3))
    soup = BeautifulSoup(superuser_client.get("/admin/").content, "html.parser")
    module = soup.select_one("#review-queue-module")
    items = [" ".join(li.get_text().split()) for li in module.select("li")]
    assert items[0] == "1 role overdue for review"
    assert items[1] == "1 due in the next 90 days"
    assert module.select_one("a")["href"] == "/admin/roleprofiles/role/?review=overdue"


def test_a_requirement_is_added_inline_without_javascript(superuser_client):
    role = make_many_roles(1)[0]
    skill = make_skill("Inline added skill")
    data = form_data(superuser_client.get(change_url(role)).content)
    new = f"requirements-{data['requirements-INITIAL_FORMS']}"
    assert data["requirements-TOTAL_FORMS"] == str(int(data["requirements-INITIAL_FORMS"]) + 1)  # one blank row
    data.update(
        {
            f"{new}-position": "7",
            f"{new}-section": "data",
            f"{new}-heading": "Data Skills",
            f"{new}-skill": str(skill.pk),
            f"{new}-descriptor": "Added in a blank row.",
        }
    )
    assert superuser_client.post(change_url(role), data).status_code == 302
    added = role.requirements.get(skill=skill)
    assert (added.position, added.descriptor) == (7, "Added in a blank row.")


def test_a_reference_address_typed_without_a_scheme_is_saved_as_https(superuser_client):
    from pathways.models import Reference

    reference = Reference.objects.order_by("number").first()
    url = reverse("admin:pathways_reference_change", args=[reference.pk])
    data = form_data(superuser_client.get(url).content)
    data["url"] = "www.example.org/report"
    response = superuser_client.post(url, data)
    assert response.status_code == 302, response.content.decode()[:2000]
    reference.refresh_from_db()
    assert reference.url == "https://www.example.org/report"
