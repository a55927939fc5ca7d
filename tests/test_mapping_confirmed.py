"""Confirmed mappings: editors confirm, reject or add them in the admin (with history), the role
pages show them, and they survive a release of the DDaT framework."""

from __future__ import annotations

import pytest
from django.conf import settings
from django.core.management import call_command
from django.urls import reverse

from ddat.seeding import load_vendored_release
from mapping.models import Mapping
from mapping.services import recompute_mappings
from roleprofiles.governance import ensure_groups
from roleprofiles.models import Role
from tests.admin_support import editor, form_data
from tests.test_ddat_releases import Release_

ETHICS = "data-ethics-lead"
LEVEL = "data-ethics-lead-ddat"


def admin_round_trip(client) -> Mapping:
    role, level = Role.objects.get(slug=ETHICS), Role.objects.get(slug=LEVEL)
    add = reverse("admin:mapping_mapping_add")
    response = client.post(add, {"role": role.pk, "level": level.pk, "status": "confirmed", "note": "Checked."})
    assert response.status_code == 302, response.content.decode()[:3000]
    mapping = Mapping.objects.get(role=role, level=level)
    change = reverse("admin:mapping_mapping_change", args=[mapping.pk])
    data = form_data(client.get(change).content)
    data["status"] = "rejected"
    data["note"] = "Too senior."
    assert client.post(change, data).status_code == 302
    mapping.refresh_from_db()
    assert (mapping.status, mapping.note, mapping.decided_by) == ("rejected", "Too senior.", "editor")
    history = list(mapping.history.order_by("history_date").values_list("status", "history_user__username"))
    assert history == [("confirmed", "editor"), ("rejected", "editor")]
    return mapping


@pytest.mark.django_db
def test_an_editor_confirms_then_rejects_a_mapping_with_history(client):
    client.force_login(editor())
    admin_round_trip(client)


@pytest.mark.django_db(transaction=True)
def test_the_admin_round_trip_outside_a_test_transaction(client):
    call_command("loaddata", str(settings.FIXTURES_DIR / "seed.json"), verbosity=0)
    load_vendored_release()
    ensure_groups()
    client.force_login(editor())
    admin_round_trip(client)


@pytest.mark.django_db
def test_a_duplicate_or_a_level_given_as_the_profile_is_refused_with_a_message(admin_client):
    role, level = Role.objects.get(slug=ETHICS), Role.objects.get(slug=LEVEL)
    Mapping.objects.create(role=role, level=level)
    add = reverse("admin:mapping_mapping_add")
    response = admin_client.post(add, {"role": role.pk, "level": level.pk, "status": "confirmed"})
    assert response.status_code == 200 and b"already exists" in response.content
    response = admin_client.post(add, {"role": level.pk, "level": level.pk, "status": "confirmed"})
    assert response.status_code == 200 and Mapping.objects.count() == 1


@pytest.mark.django_db
def test_the_role_pages_show_confirmed_mappings_and_labelled_suggestions(client):
    recompute_mappings()
    role, level = Role.objects.get(slug=ETHICS), Role.objects.get(slug="head-of-data-ethics-ddat")
    Mapping.objects.create(role=role, level=level, note="Leads the ethics function.")
    page = client.get(role.get_absolute_url()).content.decode()
    assert "Mapped role levels" in page and "Leads the ethics function." in page
    suggested = page.split("Suggested role levels", 1)[1]
    assert "These are suggestions" in suggested
    # A level an editor already decided is not suggested again; the next one takes its place.
    assert level.get_absolute_url() not in suggested and f'href="/roles/{LEVEL}/"' in suggested
    level_page = client.get(level.get_absolute_url()).content.decode()
    assert "NHS role profiles mapped to this level" in level_page and role.get_absolute_url() in level_page


@pytest.mark.django_db
def test_the_library_profile_says_no_close_match_and_names_the_nearest(client):
    recompute_mappings()
    page = client.get("/roles/head-of-knowledge-and-library-services/").content.decode()
    assert "No close match" in page and "The nearest" in page


@pytest.mark.django_db
def test_a_mapping_follows_a_renamed_level_and_is_flagged_when_a_release_archives_it(tmp_path):
    role = Role.objects.get(slug=ETHICS)
    renamed = Mapping.objects.create(role=role, level=Role.objects.get(title="Trainee data scientist"))
    archived = Mapping.objects.create(role=role, level=Role.objects.get(slug=LEVEL))
    assert not renamed.needs_review and not archived.needs_review
    release = Release_(tmp_path)
    release.set("Trainee data scientist", "Role Level", "Data science apprentice")
    release.remove_level("Data ethics lead")
    release.apply()
    renamed.refresh_from_db()
    archived = Mapping.objects.select_related("level").get(pk=archived.pk)
    assert renamed.level.title == "Data science apprentice" and not renamed.needs_review
    assert archived.needs_review
    assert list(Mapping.objects.needing_review()) == [archived]


@pytest.mark.django_db
def test_the_admin_filters_and_shows_mappings_needing_review(admin_client):
    role = Role.objects.get(slug=ETHICS)
    level = Role.objects.get(slug=LEVEL)
    Mapping.objects.create(role=role, level=level)
    url = reverse("admin:mapping_mapping_changelist")
    assert "0 mappings" not in admin_client.get(url + "?needs_review=no").content.decode()
    Role.objects.filter(pk=level.pk).update(status=Role.Status.ARCHIVED)
    flagged = admin_client.get(url + "?needs_review=yes").content.decode()
    assert level.title in flagged and 'alt="True"' in flagged
    assert level.title not in admin_client.get(url + "?needs_review=no").content.decode().split("result_list")[-1]
