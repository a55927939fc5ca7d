"""Editors order a DDaT ladder in the admin: the order is theirs to correct, a clash is a
message (never a 500), and a later release never silently undoes it."""

from __future__ import annotations

import io

import pytest
from bs4 import BeautifulSoup
from django.core.exceptions import ValidationError
from django.core.management import call_command
from django.urls import reverse

from roleprofiles.models import Role
from tests.admin_support import editor, form_data, make_user
from tests.conftest import ROOT
from tests.test_ddat_files import SMALL_ROLES, SMALL_SKILLS

VENDORED = ROOT / "fixtures" / "sources" / "ddat"


def change_url(role: Role) -> str:
    return reverse("admin:roleprofiles_role_change", args=[role.pk])


def save(client, role: Role, **changes):
    data = form_data(client.get(change_url(role)).content)
    for name, value in changes.items():
        if value is None:
            data.pop(name, None)
        else:
            data[name] = value
    return client.post(change_url(role), data)


def errors(response) -> str:
    return " ".join(e.get_text(" ") for e in BeautifulSoup(response.content, "html.parser").select(".errorlist"))


@pytest.mark.django_db
def test_an_editor_confirms_an_inferred_order_and_the_next_release_keeps_it(client):
    client.force_login(editor())
    role = Role.objects.ddat_levels().get(title="Principal data scientist")
    assert role.ladder_order_inferred
    page = client.get(change_url(role)).content.decode()
    assert "Career ladder (DDaT role levels)" in page and "Principal data scientist" in page
    response = save(client, role, ladder_order_inferred=None, ladder_evidence="confirmed by the data team")
    assert response.status_code == 302, errors(response)
    role.refresh_from_db()
    assert (role.ladder_order_inferred, role.ladder_evidence) == (False, "confirmed by the data team")

    files = [f"--{name}={VENDORED / name}.csv" for name in ("roles", "skills", "ladders")]
    call_command("import_ddat", *files, "--release-date", "2025-08-29", stdout=io.StringIO())
    role.refresh_from_db()
    assert (role.ladder_order_inferred, role.ladder_evidence) == (False, "confirmed by the data team")


@pytest.mark.django_db
def test_a_position_already_held_on_the_track_is_a_message_not_a_500(client):
    client.force_login(editor())
    lead = Role.objects.ddat_levels().get(title="Lead data scientist")
    principal = Role.objects.ddat_levels().get(title="Principal data scientist")
    response = save(client, principal, ladder_position=str(lead.ladder_position))
    assert response.status_code == 200
    assert f"“Lead data scientist” already holds position {lead.ladder_position} on the main track." in errors(response)
    principal.refresh_from_db()
    assert principal.ladder_position == 4
    # The management track is another track: the same position is free there.
    principal.ladder_track = "management"
    principal.ladder_position = lead.ladder_position
    principal.full_clean()


@pytest.mark.django_db
def test_a_ddat_level_cannot_lose_its_place():
    role = Role.objects.ddat_levels().get(title="Senior data engineer")
    role.ladder_position = None
    with pytest.raises(ValidationError, match="needs its ladder and its place on it"):
        role.full_clean()


@pytest.mark.django_db
def test_the_releases_and_ladders_are_in_the_admin(client):
    client.force_login(make_user("root", superuser=True))
    releases = client.get(reverse("admin:ddat_release_changelist"))
    assert releases.status_code == 200 and "29 August 2025" in releases.content.decode()
    ladders = client.get(reverse("admin:roleprofiles_careerladder_changelist"), {"q": "data scientist"})
    assert "Data scientist" in ladders.content.decode()
    assert client.get(reverse("admin:roleprofiles_role_changelist"), {"kind": "ddat_level"}).status_code == 200


@pytest.mark.django_db(transaction=True)
def test_an_editors_reorder_commits_outside_a_test_transaction(client, tmp_path):
    roles, skills = tmp_path / "roles.csv", tmp_path / "skills.csv"
    roles.write_text(SMALL_ROLES, encoding="utf-8")
    skills.write_text(SMALL_SKILLS, encoding="utf-8")
    call_command("import_ddat", "--roles", str(roles), "--skills", str(skills), stdout=io.StringIO())
    call_command("setup_groups", stdout=io.StringIO())  # an earlier test's flush may have taken them
    client.force_login(editor("orderer"))
    plain = Role.objects.get(title="Quokka analyst")
    junior = Role.objects.get(title="Junior quokka analyst")
    response = save(client, plain, ladder_position="3")
    assert response.status_code == 302, errors(response)
    response = save(client, junior, ladder_position="3")
    assert response.status_code == 200 and "already holds position 3" in errors(response)
    assert Role.objects.get(pk=plain.pk).ladder_position == 3
    assert Role.objects.get(pk=junior.pk).ladder_position == 1
