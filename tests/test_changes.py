"""The public "What's changed" page: published changes by date and role, in plain words."""

from __future__ import annotations

import datetime
import re

import pytest
from bs4 import BeautifulSoup
from django.contrib.auth.models import User
from django.urls import reverse
from django.utils import timezone

from roleprofiles.governance import set_status
from roleprofiles.models import Role
from tests.factories import add_requirement, make_many_roles, make_role, make_skill

# Written around the two seed profiles: the DDaT role levels (published with their release's
# history) are unpublished for these tests; how releases show here is the DDaT tests' concern.
pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("nhs_profiles_only")]
URL = "/changes/"


def soup_of(client, url=URL, **params):
    response = client.get(url, params)
    assert response.status_code == 200
    return BeautifulSoup(response.content, "html.parser")


def changes_for(soup, title: str) -> list[str]:
    heading = next(h for h in soup.select("main h3") if h.get_text(strip=True) == title)
    return [li.get_text(" ", strip=True) for li in heading.find_next_sibling("ul").find_all("li")]


def test_url_name_and_navigation():
    assert reverse("roleprofiles:changes") == URL


def test_empty_state_when_nothing_has_changed(client):
    soup = soup_of(client)
    assert soup.h1.get_text() == "What’s changed"
    assert "No changes yet" in soup.get_text()


def test_publishing_a_draft_is_listed_but_its_draft_edits_are_not(client):
    user = User.objects.create_user("approver")
    role = make_role("Clinical safety officer", status=Role.Status.DRAFT)
    add_requirement(role, make_skill("Hazard analysis"), descriptor="Draft wording.")
    assert "Clinical safety officer" not in soup_of(client).get_text()

    set_status(roles=[role], status=Role.Status.PUBLISHED, user=user)
    soup = soup_of(client)
    assert changes_for(soup, "Clinical safety officer") == ["Published"]
    today = timezone.localdate()
    assert soup.select_one("main h2 time")["datetime"] == today.isoformat()
    assert soup.find("a", string="Clinical safety officer")["href"] == role.get_absolute_url()


def test_edits_to_a_published_role_are_described_in_plain_words(client):
    role = Role.objects.get(slug="data-ethics-lead")
    requirement = role.requirements.get(skill__slug="big-data")
    role.save()  # a first history record (the seed loads without history)
    requirement.save()
    requirement.descriptor = "A new description of big data."
    requirement.save()
    role.summary = "A new summary."
    role.save()
    add_requirement(role, make_skill("Data stewardship"))
    requirement.delete()

    lines = changes_for(soup_of(client), "Data ethics lead")
    assert "Summary updated" in lines
    assert "Details of “Big Data” in Technical skills updated" in lines
    assert "Added “Data stewardship” to Data skills" in lines
    assert "Removed “Big Data” from Technical skills" in lines
    for line in lines:
        assert not re.search(r"\b\d+\b|_id|None", line), line


def test_archived_roles_changes_are_not_listed(client):
    user = User.objects.create_user("approver")
    role = make_role("Retired role", status=Role.Status.PUBLISHED)
    assert "Retired role" in soup_of(client).get_text()
    set_status(roles=[role], status=Role.Status.ARCHIVED, user=user)
    assert "Retired role" not in soup_of(client).get_text()


def test_reviews_are_listed_with_their_dates(client):
    from roleprofiles.governance import mark_reviewed

    role = Role.objects.get(slug="head-of-knowledge-and-library-services")
    role.save()
    mark_reviewed(roles=[role], user=User.objects.create_user("editor"))
    today = timezone.localdate()
    lines = changes_for(soup_of(client), role.title)
    assert any(line.startswith(f"Reviewed on {today:%-d %B %Y}") for line in lines), lines


def test_pages_and_bad_page_numbers(client):
    make_many_roles(25, requirements_per_role=1)
    first = soup_of(client)
    assert len(first.select("main section[aria-labelledby^=changes-] h3")) == 20  # role-days, not release notes
    assert first.select_one("nav.nhsuk-pagination a[rel=next]")["href"] == "?page=2"
    second = soup_of(client, page="2")
    assert len(second.select("main section[aria-labelledby^=changes-] h3")) == 5
    assert client.get(URL, {"page": "abc"}).status_code == 400
    assert client.get(URL, {"page": "0"}).status_code == 400
    missing = client.get(URL, {"page": "9"})
    assert missing.status_code == 404
    assert "There is no page 9" in missing.content.decode()


@pytest.mark.parametrize("extra_roles", [0, 50])
def test_query_count_does_not_grow_with_roles(client, django_assert_num_queries, extra_roles):
    make_many_roles(extra_roles)
    with django_assert_num_queries(5):  # + the framework releases and their change notes
        response = client.get(URL)
    assert response.status_code == 200


def test_the_first_admin_edit_of_seed_content_is_told_as_a_difference(client):
    """The seed loads without history; the admin records a baseline before the first change."""
    from tests.admin_support import approver, form_data, inline_prefix_for

    role = Role.objects.get(slug="data-ethics-lead")
    requirement = role.requirements.get(skill__slug="big-data")
    admin = approver()
    client.force_login(admin)
    url = reverse("admin:roleprofiles_role_change", args=[role.pk])
    data = form_data(client.get(url).content)
    data[inline_prefix_for(data, requirement.pk) + "-descriptor"] = "Corrected description."
    data["title"] = "Data ethics lead (senior)"
    assert client.post(url, data).status_code == 302
    client.logout()

    lines = changes_for(soup_of(client), "Data ethics lead (senior)")
    assert lines == [
        "Title changed from “Data ethics lead” to “Data ethics lead (senior)”",
        "Details of “Big Data” in Technical skills updated",
    ]
    baseline = role.history.earliest()
    assert baseline.title == "Data ethics lead" and baseline.history_user is None


def test_values_read_as_people_write_them_never_none_or_iso_dates(client):
    role = Role.objects.get(slug="data-ethics-lead")
    role.save()  # a first history record (the seed loads without history)
    role.next_review_due = datetime.date(2027, 1, 15)
    role.owner = "AphA"
    role.save()
    role.next_review_due = None
    role.owner = ""
    role.family = None
    role.save()

    lines = changes_for(soup_of(client), "Data ethics lead")
    assert "Next review due set to 15 January 2027" in lines
    assert "Owner set to “AphA”" in lines
    assert "Next review due no longer set (was 15 January 2027)" in lines
    assert "Owner no longer set (was “AphA”)" in lines
    assert "Job family changed to not set" in lines
    for line in lines:
        assert "None" not in line and "none" not in line and not re.search(r"\d{4}-\d{2}-\d{2}", line), line


def test_a_revert_appears_as_a_revert_and_the_edit_it_undid_as_reverted(client):
    from tests.admin_support import approver, form_data, inline_prefix_for

    role = Role.objects.get(slug="data-ethics-lead")
    requirement = role.requirements.get(skill__slug="big-data")
    client.force_login(approver())
    url = reverse("admin:roleprofiles_role_change", args=[role.pk])
    data = form_data(client.get(url).content)
    data["summary"] = "A summary that will be reverted."
    data[inline_prefix_for(data, requirement.pk) + "-descriptor"] = "Wording that will be reverted."
    assert client.post(url, data).status_code == 302
    loaded = role.history.order_by("history_date", "history_id").first()
    revert = reverse("admin:roleprofiles_role_simple_history", args=[role.pk, loaded.history_id])
    assert client.post(revert, form_data(client.get(revert).content)).status_code == 302
    client.logout()

    today = f"{timezone.localdate():%-d %B %Y}"
    lines = changes_for(soup_of(client), "Data ethics lead")
    assert f"Summary updated (reverted on {today})" in lines
    assert f"Details of “Big Data” in Technical skills updated (reverted on {today})" in lines
    assert f"Reverted to the version of {today}" in lines
    assert lines.index(f"Summary updated (reverted on {today})") < lines.index(f"Reverted to the version of {today}")


def test_a_role_added_with_its_entries_is_one_line_not_one_per_entry(client):
    role = make_role("Clinical coder", status=Role.Status.PUBLISHED)
    for title in ("Clinical coding", "Terminologies"):
        add_requirement(role, make_skill(title))
    assert changes_for(soup_of(client), "Clinical coder") == ["Added"]
