"""Importing a release of the DDaT framework in the admin: upload, a preview that is a dry
run (changes by role, conflicts with editors' text, warnings), and an approver's confirmation.
The upload waits in the database, never in the form, until it is confirmed or discarded."""

from __future__ import annotations

import csv
import io
import threading

import pytest
from bs4 import BeautifulSoup
from django.contrib.auth.models import User
from django.contrib.messages import get_messages
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import DatabaseError, connection, connections
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from ddat import import_forms
from ddat.models import Release, ReleaseChange, StagedRelease
from roleprofiles.governance import ensure_groups
from roleprofiles.models import Role
from tests.admin_support import approver, editor, form_data, make_user
from tests.conftest import ROOT
from tests.test_ddat_files import SMALL_ROLES, SMALL_SKILLS

VENDORED = ROOT / "fixtures" / "sources" / "ddat"
IMPORT_URL = "admin:ddat_release_import"
CONFIRM_URL = "admin:ddat_release_import_confirm"
EDITED = "Senior data engineer"
DROPPED = "Principal data scientist"


def vendored(name: str) -> bytes:
    return (VENDORED / f"{name}.csv").read_bytes()


def modified_roles(*, describe: dict[str, str] | None = None, drop: tuple[str, ...] = ()) -> bytes:
    """The vendored roles file with some levels' descriptions rewritten and some levels left out."""
    rows = list(csv.reader(io.StringIO(vendored("roles").decode("utf-8-sig"), newline="")))
    header = rows[0]
    level, description = header.index("Role Level"), header.index("Role Level Description")
    kept = [header]
    for row in rows[1:]:
        if row and row[level] in drop:
            continue
        if row and row[level] in (describe or {}):
            row[description] = describe[row[level]]
        kept.append(row)
    out = io.StringIO()
    csv.writer(out).writerows(kept)
    return out.getvalue().encode("utf-8")


def upload(client, *, roles: bytes, skills: bytes, ladders: bytes | None = None, release_date: str = "", **names):
    data = {
        "roles": SimpleUploadedFile(names.get("roles_name", "roles.csv"), roles, content_type="text/csv"),
        "skills": SimpleUploadedFile(names.get("skills_name", "skills.csv"), skills, content_type="text/csv"),
        "release_date": release_date,
    }
    if ladders is not None:
        data["ladders"] = SimpleUploadedFile("ladders.csv", ladders, content_type="text/csv")
    return client.post(reverse(IMPORT_URL), data)


def soup(response) -> BeautifulSoup:
    return BeautifulSoup(response.content, "html.parser")


def text_of(response, selector: str) -> str:
    return " ".join(" ".join(node.get_text(" ").split()) for node in soup(response).select(selector))


def change_rows(response) -> list[str]:
    return [" ".join(li.get_text(" ").split()) for li in soup(response).select("#import-changes li")]


def confirm(client, preview, **choices):
    data = {**form_data(preview.content, form_id="import-confirm"), "confirm": "Confirm and import", **choices}
    return client.post(reverse(CONFIRM_URL), data)


def message_texts(response) -> list[str]:
    return [str(m) for m in get_messages(response.wsgi_request)]


def state() -> tuple:
    return (
        Release.objects.count(),
        ReleaseChange.objects.count(),
        Role.objects.filter(status=Role.Status.ARCHIVED).count(),
        Role.history.count(),
    )


# --- the round trip on the vendored release ------------------------------------------------


@pytest.mark.django_db
def test_upload_preview_and_confirm_a_modified_release(client):
    client.force_login(approver())
    releases = client.get(reverse("admin:ddat_release_changelist"))
    assert reverse(IMPORT_URL) in releases.content.decode()
    assert client.get(reverse(IMPORT_URL)).status_code == 200
    before = state()
    roles = modified_roles(describe={EDITED: "Leads the data engineering of a service, revised."}, drop=(DROPPED,))
    response = upload(
        client, roles=roles, skills=vendored("skills"), ladders=vendored("ladders"), release_date="2025-11-28"
    )
    staged = StagedRelease.objects.get()
    assert response.status_code == 302
    assert response["Location"] == reverse("admin:ddat_release_import_preview", args=[staged.token])

    preview = client.get(response["Location"])
    assert preview.status_code == 200
    assert "Nothing has been saved yet." in preview.content.decode()
    assert text_of(preview, "#import-summary") == (
        "204 role levels, 188 skills, 1801 role level skills; 1 change, 1 archived."
    )
    # Exactly the two changes made, each under its role.
    assert change_rows(preview) == [
        "Changed: Senior data engineer: description changed",
        "Archived: Principal data scientist archived",
    ]
    headings = [" ".join(h.get_text(" ").split()) for h in soup(preview).select("#import-changes h3")]
    assert headings == ["Data engineer (1 changed)", "Data scientist (1 archived)"]
    assert "“Principal data scientist” of “Data scientist” is not in this release" in text_of(
        preview, "#import-warnings"
    )
    assert not soup(preview).select("#import-conflicts")
    assert state() == before  # the preview wrote nothing

    response = confirm(client, preview)
    release = Release.objects.latest()
    assert response.status_code == 302
    assert response["Location"] == reverse("admin:ddat_release_change", args=[release.pk])
    assert message_texts(response) == [
        "Imported DDaT release (28 November 2025): 204 role levels, 188 skills, 1801 role level skills; "
        "1 change, 1 archived."
    ]
    assert release.imported_by == "approver"
    assert Role.objects.ddat_levels().get(title=EDITED).summary == "Leads the data engineering of a service, revised."
    assert Role.objects.ddat_levels().get(title=DROPPED).status == Role.Status.ARCHIVED
    assert not StagedRelease.objects.exists()
    assert client.get(response["Location"]).status_code == 200

    # The same confirmation again (a double click, a second tab): the upload is gone.
    after = state()
    again = confirm(client, preview)
    assert again.status_code == 302 and again["Location"] == reverse("admin:ddat_release_changelist")
    assert "no longer waiting to be imported" in message_texts(again)[0]
    assert state() == after


@pytest.mark.django_db
def test_the_preview_costs_the_dry_run_and_a_few_queries_more(client, django_assert_max_num_queries):
    client.force_login(approver())
    roles = modified_roles(describe={EDITED: "Revised."}, drop=(DROPPED, "Lead data scientist"))
    response = upload(client, roles=roles, skills=vendored("skills"), ladders=vendored("ladders"))
    staged = StagedRelease.objects.get()
    with CaptureQueriesContext(connection) as dry_run:
        import_forms.preview(staged)
    with django_assert_max_num_queries(len(dry_run.captured_queries) + 12):
        preview = client.get(response["Location"])
    assert len(change_rows(preview)) == 3


@pytest.mark.django_db
def test_a_release_already_applied_says_nothing_would_change_and_offers_no_import(client):
    client.force_login(approver())
    response = upload(
        client,
        roles=vendored("roles"),
        skills=vendored("skills"),
        ladders=vendored("ladders"),
        release_date="2025-08-29",
    )
    preview = client.get(response["Location"])
    assert text_of(preview, "#import-summary").startswith("Nothing would change: the database already matches")
    assert not soup(preview).select("input[name=confirm]")
    assert "There is nothing to import." in preview.content.decode()
    discard = client.post(
        reverse(CONFIRM_URL), {**form_data(preview.content, form_id="import-confirm"), "discard": "1"}
    )
    assert discard.status_code == 302 and not StagedRelease.objects.exists()


# --- refused uploads ---------------------------------------------------------------------


@pytest.mark.django_db
def test_a_file_the_parser_refuses_is_shown_with_its_file_and_line_and_nothing_is_staged(client):
    client.force_login(approver())
    before = state()
    lines = vendored("roles").split(b"\n")
    lines[1] = lines[1].replace(b"a", b"\x96", 1)  # a Windows-1252 dash where text was
    roles = b"\n".join(lines)
    response = upload(client, roles=roles, skills=vendored("skills"), roles_name="new roles.csv")
    assert response.status_code == 400
    errors = text_of(response, "#import-errors .errorlist")
    assert errors.startswith("new roles.csv, line 2: ") and "byte 0x96 is not UTF-8 text" in errors
    assert soup(response).select("input[type=file][name=roles]")  # the upload form again
    assert not StagedRelease.objects.exists()
    assert state() == before


@pytest.mark.django_db
def test_a_missing_file_or_a_bad_date_is_a_message(client):
    client.force_login(approver())
    response = client.post(reverse(IMPORT_URL), {"release_date": "29/02/2025"})
    assert response.status_code == 400
    errors = text_of(response, "#import-errors .errorlist")
    assert "This field is required." in errors and "Enter a valid date." in errors
    assert not StagedRelease.objects.exists()


@pytest.mark.django_db
def test_an_11_mb_upload_is_staged_and_one_over_the_cap_is_refused(client):
    """Blank rows (a spreadsheet leaves them behind) pad the real file past 10 MB: the parser
    skips them, so the padded release is the one already applied."""
    client.force_login(approver())
    roles = vendored("roles")
    padded = roles + b",,,,,,,,,\r\n" * ((11 * 1024 * 1024 - len(roles)) // 11 + 1)
    assert len(padded) > 11 * 1024 * 1024
    response = upload(
        client, roles=padded, skills=vendored("skills"), ladders=vendored("ladders"), release_date="2025-08-29"
    )
    assert response.status_code == 302
    staged = StagedRelease.objects.get()
    assert bytes(staged.roles_data) == padded
    preview = client.get(response["Location"])
    assert preview.status_code == 200
    assert "Nothing would change" in text_of(preview, "#import-summary")

    too_large = padded + b",,,,,,,,,\r\n" * (9 * 1024 * 1024 // 11 + 1)
    assert len(too_large) > import_forms.MAX_FILE_BYTES
    response = upload(client, roles=too_large, skills=vendored("skills"))
    assert response.status_code == 400
    assert "roles.csv is 20.0 MB; each file may be at most 20 MB" in text_of(response, "#import-errors .errorlist")
    assert StagedRelease.objects.count() == 1


@pytest.mark.django_db
def test_the_upload_waits_in_the_database_and_the_form_carries_only_its_token(client):
    client.force_login(approver())
    roles = modified_roles(describe={EDITED: "Revised."})
    response = upload(client, roles=roles, skills=vendored("skills"))
    staged = StagedRelease.objects.get()
    assert bytes(staged.roles_data) == roles and bytes(staged.skills_data) == vendored("skills")
    assert staged.ladders_data is None and staged.uploaded_by.username == "approver"
    preview = client.get(response["Location"])
    fields = form_data(preview.content, form_id="import-confirm")
    assert set(fields) == {"csrfmiddlewaretoken", "token"}
    assert fields["token"] == staged.token and len(staged.token) >= 32
    assert b"Revised." not in b"".join(str(i).encode() for i in soup(preview).select("#import-confirm input"))


@pytest.mark.django_db
def test_staging_an_upload_removes_those_left_unconfirmed_for_a_day(client):
    from django.utils import timezone

    client.force_login(approver())
    old = StagedRelease.objects.create(
        uploaded_by=make_user("someone"),
        roles_filename="r.csv",
        roles_data=b"x",
        skills_filename="s.csv",
        skills_data=b"y",
    )
    recent = StagedRelease.objects.create(
        uploaded_by=old.uploaded_by, roles_filename="r.csv", roles_data=b"x", skills_filename="s.csv", skills_data=b"y"
    )
    StagedRelease.objects.filter(pk=old.pk).update(created_at=timezone.now() - import_forms.STALE_AFTER)
    upload(client, roles=vendored("roles"), skills=vendored("skills"))
    assert StagedRelease.objects.count() == 2  # the recent one and the new one
    assert not StagedRelease.objects.filter(pk=old.pk).exists() and StagedRelease.objects.filter(pk=recent.pk).exists()
    gone = client.get(reverse("admin:ddat_release_import_preview", args=[old.token]))
    assert gone.status_code == 404 and "no longer waiting to be imported" in text_of(gone, "#import-errors")


# --- who may do what ---------------------------------------------------------------------


@pytest.mark.django_db
def test_an_editor_previews_but_only_an_approver_confirms(client):
    client.force_login(editor())
    assert reverse(IMPORT_URL) in client.get(reverse("admin:ddat_release_changelist")).content.decode()
    before = state()
    response = upload(client, roles=modified_roles(drop=(DROPPED,)), skills=vendored("skills"))
    preview = client.get(response["Location"])
    assert preview.status_code == 200
    assert "A content approver must confirm this import." in text_of(preview, "#import-approver-needed")
    assert not soup(preview).select("input[name=confirm]")
    forbidden = confirm(client, preview)
    assert forbidden.status_code == 403
    assert state() == before and StagedRelease.objects.count() == 1

    # The approver opens the editor's preview from its address and confirms it.
    client.force_login(approver())
    preview = client.get(response["Location"])
    assert soup(preview).select("input[name=confirm]")
    assert confirm(client, preview).status_code == 302
    assert Role.objects.ddat_levels().get(title=DROPPED).status == Role.Status.ARCHIVED
    release = Release.objects.latest()
    assert release.imported_by == "approver"

    # The editor sees the release and its change notes (read only).
    client.force_login(User.objects.get(username="editor"))
    page = client.get(reverse("admin:ddat_release_change", args=[release.pk]))
    assert page.status_code == 200 and f"{DROPPED} archived" in page.content.decode()


@pytest.mark.django_db
def test_staff_without_content_rights_cannot_reach_the_import(client):
    client.force_login(make_user("staff-only"))
    assert client.get(reverse(IMPORT_URL)).status_code == 403
    assert upload(client, roles=vendored("roles"), skills=vendored("skills")).status_code == 403
    assert client.post(reverse(CONFIRM_URL), {"token": "x" * 43}).status_code == 403
    assert not StagedRelease.objects.exists()


# --- conflicts, outside a test transaction ---------------------------------------------------


def level_change(client, role: Role, **changes):
    url = reverse("admin:roleprofiles_role_change", args=[role.pk])
    return client.post(url, {**form_data(client.get(url).content), **changes})


@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize(
    ("choice", "expected", "resolution"),
    [
        ("keep_local", "Junior, as an editor wrote it.", ReleaseChange.Resolution.KEPT_LOCAL),
        ("take_release", "Junior, revised.", ReleaseChange.Resolution.TOOK_RELEASE),
    ],
)
def test_an_editors_change_meets_the_release_as_a_conflict_and_the_approvers_choice_holds(
    client, choice, expected, resolution
):
    ensure_groups()  # a transaction=True test starts from a flushed database
    the_approver, the_editor = approver(), editor()
    client.force_login(the_approver)
    first = upload(client, roles=SMALL_ROLES.encode(), skills=SMALL_SKILLS.encode(), release_date="2025-08-29")
    assert confirm(client, client.get(first["Location"])).status_code == 302
    junior = Role.objects.get(title="Junior quokka analyst")

    client.force_login(the_editor)
    assert level_change(client, junior, summary="Junior, as an editor wrote it.").status_code == 302

    client.force_login(the_approver)
    revised = SMALL_ROLES.replace('"Junior."', '"Junior, revised."').encode()
    second = upload(client, roles=revised, skills=SMALL_SKILLS.encode(), release_date="2025-11-28")
    preview = client.get(second["Location"])
    conflict = text_of(preview, "#import-conflicts")
    assert "Junior quokka analyst: description" in conflict
    assert "The editors' text (now) Junior, as an editor wrote it." in conflict
    assert "This release's text Junior, revised." in conflict
    assert "What the last release said Junior." in conflict
    assert len(soup(preview).select("#import-confirm input[name=resolution]")) == 2

    before = state()
    refused = confirm(client, preview)
    assert refused.status_code == 400
    assert "1 conflict with editors' changes: nothing has been imported." in text_of(refused, "#import-errors")
    assert state() == before and StagedRelease.objects.count() == 1

    response = confirm(client, preview, resolution=choice)
    assert response.status_code == 302
    assert Role.objects.get(pk=junior.pk).summary == expected
    note = ReleaseChange.objects.get(release=Release.objects.latest(), action=ReleaseChange.Action.CONFLICT)
    assert note.resolution == resolution
    assert not StagedRelease.objects.exists()


@pytest.mark.postgres_only
@pytest.mark.django_db(transaction=True)
def test_the_upload_stays_locked_while_it_is_imported(client, monkeypatch):
    """A second confirmation (another tab, another worker) waits for the first to commit, and
    then finds the upload gone: the staged row is locked from before the release is applied."""
    ensure_groups()
    client.force_login(approver())
    response = upload(client, roles=SMALL_ROLES.encode(), skills=SMALL_SKILLS.encode(), release_date="2025-08-29")
    staged = StagedRelease.objects.get()
    seen = []
    apply_release = import_forms.apply_release

    def try_to_lock_from_elsewhere():
        other = connections.create_connection("default")
        try:
            with other.cursor() as cursor:
                cursor.execute("SELECT id FROM ddat_stagedrelease WHERE id = %s FOR UPDATE NOWAIT", [staged.pk])
            seen.append("not locked")
        except DatabaseError:
            seen.append("locked")
        finally:
            other.close()

    def applying_while_checking(**kwargs):
        report = apply_release(**kwargs)
        if not kwargs.get("dry_run"):  # the preview's dry run holds no lock
            thread = threading.Thread(target=try_to_lock_from_elsewhere)
            thread.start()
            thread.join()
        return report

    monkeypatch.setattr(import_forms, "apply_release", applying_while_checking)
    assert confirm(client, client.get(response["Location"])).status_code == 302
    assert seen == ["locked"]
    assert not StagedRelease.objects.exists()
