"""A newer release of the DDaT framework updates it in place: exactly the changes the files
make, each with its change note; editors' changes never silently overwritten; the same
release twice, or a copy re-saved by a spreadsheet program, changes nothing."""

from __future__ import annotations

import csv
import datetime
import io

import pytest
from django.core.management import CommandError, call_command

from ddat.models import ImportedRecord, Release, ReleaseChange
from ddat.parsing import parse_release
from ddat.services import PLACED_EVIDENCE, Resolution, apply_release
from frameworks.models import Skill, SkillLevelDescriptor
from roleprofiles.models import Requirement, Role, RoleSlugRedirect
from tests.conftest import ROOT

pytestmark = pytest.mark.django_db

VENDORED = ROOT / "fixtures" / "sources" / "ddat"
NEXT_RELEASE = datetime.date(2025, 11, 28)
NEW_SUMMARY = "A senior data engineer leads the design of data pipelines.\n\nAt this role level, you will:\n- lead"


def table(name: str) -> tuple[list[str], list[dict[str, str]]]:
    with open(VENDORED / name, encoding="utf-8", newline="") as handle:
        reader = csv.DictReader(handle)
        return list(reader.fieldnames), list(reader)


def write(path, fieldnames, rows) -> str:
    buffer = io.StringIO(newline="")
    writer = csv.DictWriter(buffer, fieldnames=fieldnames, lineterminator="\n")
    writer.writeheader()
    writer.writerows(rows)
    path.write_text(buffer.getvalue(), encoding="utf-8", newline="")
    return str(path)


class Release_:
    """The vendored release's files as rows, to change and write out as a new release."""

    def __init__(self, tmp_path):
        self.tmp_path = tmp_path
        self.role_fields, self.roles = table("roles.csv")
        self.skill_fields, self.skills = table("skills.csv")

    def level_rows(self, level: str) -> list[dict[str, str]]:
        return [row for row in self.roles if row["Role Level"].strip() == level]

    def remove_level(self, level: str) -> None:
        self.roles = [row for row in self.roles if row["Role Level"].strip() != level]

    def set(self, level: str, column: str, value: str) -> None:
        for row in self.level_rows(level):
            row[column] = value

    def files(self, name="next") -> dict[str, str]:
        folder = self.tmp_path / name
        folder.mkdir(exist_ok=True)
        return {
            "roles": write(folder / "roles.csv", self.role_fields, self.roles),
            "skills": write(folder / "skills.csv", self.skill_fields, self.skills),
        }

    def apply(self, **options):
        files = self.files()
        parsed = parse_release(
            roles_data=open(files["roles"], "rb").read(),
            roles_filename="roles.csv",
            skills_data=open(files["skills"], "rb").read(),
            skills_filename="skills.csv",
        )
        return apply_release(parsed=parsed, release_date=options.pop("release_date", NEXT_RELEASE), **options)


@pytest.fixture
def release(tmp_path):
    return Release_(tmp_path)


def import_command(files: dict[str, str], *args: str) -> str:
    out = io.StringIO()
    call_command(
        "import_ddat", "--roles", files["roles"], "--skills", files["skills"], *args, stdout=out, stderr=io.StringIO()
    )
    return out.getvalue()


def one_added_one_removed_one_changed(release: Release_) -> None:
    for row in release.level_rows("Lead data engineer"):
        release.roles.append({**row, "Role Level": "Principal data engineer", "Role Level Description": "A principal."})
    release.remove_level("Trainee data scientist")
    release.set("Senior data engineer", "Role Level Description", NEW_SUMMARY)


def test_a_release_gives_exactly_its_changes_and_their_notes(release):
    one_added_one_removed_one_changed(release)
    roles_before = Role.objects.count()
    output = import_command(release.files(), "--release-date", "2025-11-28")

    expected = [
        "Principal data engineer added",
        "Trainee data scientist archived",
        "Senior data engineer: description changed",
    ]
    latest = Release.objects.latest()
    assert latest.release_date == NEXT_RELEASE
    assert sorted(latest.changes.values_list("message", flat=True)) == sorted(expected)
    for line in expected:
        assert line in output
    assert latest.summary.endswith("1 role level added, 1 change, 1 archived")

    assert Role.objects.count() == roles_before + 1  # nothing deleted
    trainee = Role.objects.ddat_levels().get(title="Trainee data scientist")
    assert trainee.status == Role.Status.ARCHIVED and trainee.requirements.exists()
    assert ImportedRecord.objects.get(role=trainee).in_release is False
    senior = Role.objects.ddat_levels().get(title="Senior data engineer")
    assert (
        senior.summary == NEW_SUMMARY
        and senior.history.first().history_change_reason == "DDaT release of 28 November 2025"
    )
    principal = Role.objects.ddat_levels().get(title="Principal data engineer")
    lead = Role.objects.ddat_levels().get(title="Lead data engineer")
    assert principal.status == Role.Status.PUBLISHED and principal.slug == "principal-data-engineer-ddat"
    assert sorted(principal.requirements.values_list("skill__title", "level_label", "descriptor")) == sorted(
        lead.requirements.values_list("skill__title", "level_label", "descriptor")
    )
    notes = {note.message: note for note in latest.changes.all()}
    assert notes["Principal data engineer added"].role == principal
    assert notes["Trainee data scientist archived"].role == trainee
    assert notes["Senior data engineer: description changed"].field == "description"

    # The same release again changes nothing.
    again = import_command(release.files("again"), "--release-date", "2025-11-28")
    assert again.startswith("Nothing to change")
    assert Release.objects.latest() == latest


def test_file_names_longer_than_their_columns_are_kept_cut_to_fit(release):
    """A name over 255 characters (a browser sends what the file system allows) is stored cut,
    not refused by PostgreSQL half-way through the import."""
    one_added_one_removed_one_changed(release)
    files = release.files()
    roles_name, skills_name = "roles-" + "r" * 290 + ".csv", "skills-" + "s" * 290 + ".csv"
    parsed = parse_release(
        roles_data=open(files["roles"], "rb").read(),
        roles_filename=roles_name,
        skills_data=open(files["skills"], "rb").read(),
        skills_filename=skills_name,
    )
    apply_release(parsed=parsed, release_date=NEXT_RELEASE)
    latest = Release.objects.latest()
    assert (latest.roles_filename, latest.skills_filename) == (roles_name[:255], skills_name[:255])
    assert latest.changes.count() == 3


def test_a_level_the_ladder_order_does_not_list_goes_after_the_last_level_of_its_role(release):
    one_added_one_removed_one_changed(release)
    release.apply()
    principal = Role.objects.ddat_levels().get(title="Principal data engineer")
    head = Role.objects.ddat_levels().get(title="Head of data engineering")
    assert principal.ladder.title == "Data engineer"
    assert principal.ladder_position == head.ladder_position + 1
    assert principal.ladder_order_inferred and principal.ladder_evidence == PLACED_EVIDENCE


def test_a_new_management_level_sits_beside_its_technical_level(release):
    for row in release.level_rows("Lead data engineer"):
        release.roles.append({**row, "Role Level": "Lead data engineer - management"})
    release.apply()
    management = Role.objects.ddat_levels().get(title="Lead data engineer - management")
    lead = Role.objects.ddat_levels().get(title="Lead data engineer")
    assert (management.ladder_position, management.ladder_track) == (lead.ladder_position, "management")
    assert management.ladder_order_inferred


def test_the_same_release_twice_changes_nothing():
    history = Role.history.count(), Requirement.history.count(), Skill.history.count()
    releases = Release.objects.count()
    files = {"roles": str(VENDORED / "roles.csv"), "skills": str(VENDORED / "skills.csv")}
    output = import_command(files, "--ladders", str(VENDORED / "ladders.csv"), "--release-date", "2025-08-29")
    assert output.startswith("Nothing to change: the database already matches this release")
    assert (Role.history.count(), Requirement.history.count(), Skill.history.count()) == history
    assert Release.objects.count() == releases


def test_a_copy_saved_with_a_byte_order_mark_and_crlf_imports_identically(tmp_path):
    files = {}
    for name in ("roles", "skills"):
        data = (VENDORED / f"{name}.csv").read_bytes()
        copy = b"\xef\xbb\xbf" + data.replace(b"\n", b"\r\n")
        assert copy != data
        (tmp_path / f"{name}.csv").write_bytes(copy)
        files[name] = str(tmp_path / f"{name}.csv")
    original = parse_release(
        roles_data=(VENDORED / "roles.csv").read_bytes(),
        roles_filename="roles.csv",
        skills_data=(VENDORED / "skills.csv").read_bytes(),
        skills_filename="skills.csv",
    )
    saved = parse_release(
        roles_data=open(files["roles"], "rb").read(),
        roles_filename="roles.csv",
        skills_data=open(files["skills"], "rb").read(),
        skills_filename="skills.csv",
    )
    assert saved.roles == original.roles and saved.skills == original.skills
    assert saved.content_digest() == original.content_digest()
    assert import_command(files, "--release-date", "2025-08-29").startswith("Nothing to change")


def test_a_renamed_level_keeps_its_record_and_its_old_address_redirects(release, client):
    old = Role.objects.ddat_levels().get(title="Trainee data scientist")
    release.set("Trainee data scientist", "Role Level", "Data science apprentice")
    report = release.apply()
    assert [note.message for note in report.notes] == ["Trainee data scientist renamed Data science apprentice"]
    role = Role.objects.get(pk=old.pk)
    assert (role.title, role.slug, role.external_level) == (
        "Data science apprentice",
        "data-science-apprentice-ddat",
        "Data science apprentice",
    )
    assert (role.ladder_position, role.status) == (old.ladder_position, Role.Status.PUBLISHED)
    assert RoleSlugRedirect.objects.get(old_slug="trainee-data-scientist-ddat").role == role
    response = client.get("/roles/trainee-data-scientist-ddat/")
    assert response.status_code == 301 and response["Location"] == "/roles/data-science-apprentice-ddat/"
    assert client.get("/roles/no-such-level-ddat/").status_code == 404


def test_a_skill_dropped_by_a_release_is_archived_not_deleted(release):
    dropped = "Problem management"
    needing = set(
        Requirement.objects.filter(skill__title=dropped, role__kind="ddat_level").values_list("role__title", flat=True)
    )
    release.skills = [row for row in release.skills if row["Skill Name"] != dropped]
    release.roles = [row for row in release.roles if row["Skill Name"] != dropped]
    report = release.apply()
    skill = Skill.objects.get(framework__name__startswith="Government Digital", title=dropped)
    assert skill.status == Skill.Status.ARCHIVED
    assert skill.level_descriptors.count() == 4
    messages = [note.message for note in report.notes]
    assert "Problem management archived" in messages
    assert {m.split(":")[0] for m in messages if m.endswith("no longer needs Problem management")} == needing
    # The NHS profile that cites it keeps it.
    assert skill.requirements.filter(role__slug="head-of-knowledge-and-library-services").exists()
    assert not skill.requirements.filter(role__kind="ddat_level").exists()
    # A later release that lists it again brings it back.
    restored = Release_(release.tmp_path).apply(release_date=datetime.date(2026, 2, 27))
    assert "Problem management restored" in [note.message for note in restored.notes]
    assert Skill.objects.get(pk=skill.pk).status == Skill.Status.ACTIVE


def test_changed_skill_text_updates_in_place_with_history(release):
    row = next(row for row in release.skills if row["Skill Name"] == "Accessibility")
    row["Practitioner"] = "You can:\n- build accessible services"
    row["Skill Description"] = "Accessibility, newly described."
    report = release.apply()
    assert sorted(note.message for note in report.notes) == [
        "Accessibility: Practitioner description changed",
        "Accessibility: description changed",
    ]
    skill = Skill.objects.get(framework__name__startswith="Government Digital", title="Accessibility")
    descriptor = skill.level_descriptors.get(level__label="Practitioner")
    assert descriptor.text == "You can:\n- build accessible services"
    assert descriptor.history.count() == 2 and skill.history.first().description == "Accessibility, newly described."


# --- editors' changes meet a release -------------------------------------------------------


def edit_senior_data_engineer(summary: str = "An editor's own description.") -> Role:
    role = Role.objects.ddat_levels().get(title="Senior data engineer")
    role.summary = summary
    role.save()
    return role


def test_an_editors_change_that_the_release_leaves_alone_stands():
    role = edit_senior_data_engineer()
    files = {"roles": str(VENDORED / "roles.csv"), "skills": str(VENDORED / "skills.csv")}
    assert import_command(files, "--release-date", "2025-08-29").startswith("Nothing to change")
    assert Role.objects.get(pk=role.pk).summary == "An editor's own description."


def test_an_editors_change_that_the_release_also_changes_is_refused_and_nothing_is_written(release):
    role = edit_senior_data_engineer()
    one_added_one_removed_one_changed(release)
    releases, roles = Release.objects.count(), Role.objects.count()
    with pytest.raises(CommandError) as refused:
        import_command(release.files(), "--release-date", "2025-11-28")
    assert "1 conflict with editors' changes: nothing was written" in str(refused.value)
    assert "--keep-local" in str(refused.value) and "--take-release" in str(refused.value)
    assert (Release.objects.count(), Role.objects.count()) == (releases, roles)
    assert Role.objects.get(pk=role.pk).summary == "An editor's own description."
    assert Role.objects.ddat_levels().get(title="Trainee data scientist").status == Role.Status.PUBLISHED


def test_the_dry_run_lists_conflicts_and_writes_nothing(release):
    edit_senior_data_engineer()
    one_added_one_removed_one_changed(release)
    history = Role.history.count()
    output = import_command(release.files(), "--dry-run")
    assert "Conflict: Senior data engineer: description was changed by an editor" in output
    assert "Principal data engineer added" in output and "Dry run, nothing written" in output
    assert Role.history.count() == history
    assert not Role.objects.filter(title="Principal data engineer").exists()


def test_keep_local_keeps_the_editors_text_and_applies_the_rest(release):
    role = edit_senior_data_engineer()
    one_added_one_removed_one_changed(release)
    import_command(release.files(), "--release-date", "2025-11-28", "--keep-local")
    assert Role.objects.get(pk=role.pk).summary == "An editor's own description."
    assert Role.objects.filter(title="Principal data engineer").exists()
    note = Release.objects.latest().changes.get(action=ReleaseChange.Action.CONFLICT)
    assert note.resolution == ReleaseChange.Resolution.KEPT_LOCAL and note.role_id == role.pk
    # The next release that leaves the description alone raises no conflict again.
    assert import_command(release.files("again"), "--release-date", "2025-11-28").startswith("Nothing to change")


def test_take_release_replaces_the_editors_text(release):
    role = edit_senior_data_engineer()
    one_added_one_removed_one_changed(release)
    import_command(release.files(), "--release-date", "2025-11-28", "--take-release")
    assert Role.objects.get(pk=role.pk).summary == NEW_SUMMARY
    note = Release.objects.latest().changes.get(action=ReleaseChange.Action.CONFLICT)
    assert note.resolution == ReleaseChange.Resolution.TOOK_RELEASE


def test_an_editors_change_to_a_skills_wording_or_descriptor_is_a_conflict_too(release):
    role = Role.objects.ddat_levels().get(title="Senior data engineer")
    requirement = role.requirements.first()
    requirement.descriptor = "Edited wording."
    requirement.save()
    descriptor = SkillLevelDescriptor.objects.get(skill__title="Accessibility", level__label="Expert")
    descriptor.text = "Edited generic wording."
    descriptor.save()
    for row in release.level_rows("Senior data engineer"):
        if row["Skill Name"] == requirement.skill.title:
            row["Skill Level Description"] = "The release's new wording."
    next(row for row in release.skills if row["Skill Name"] == "Accessibility")["Expert"] = "New expert text."
    report = release.apply()
    assert report.refused and {c.field for c in report.conflicts} == {
        f"wording of {requirement.skill.title}",
        "Expert description",
    }
    assert Requirement.objects.get(pk=requirement.pk).descriptor == "Edited wording."


def test_the_service_takes_keyword_arguments_only():
    with pytest.raises(TypeError):
        apply_release(None)  # type: ignore[misc]
    assert Resolution("keep_local") is Resolution.KEEP_LOCAL


def test_whats_changed_shows_a_later_release_once_by_its_notes(release, client):
    """The role history of the first load is its baseline (not 200 "Added" lines from the history);
    a later release's changes are told by its notes."""
    one_added_one_removed_one_changed(release)
    release.apply()
    page = client.get("/changes/").content.decode()
    for note in ("Principal data engineer added", "Senior data engineer: description changed"):
        assert page.count(note) == 1, note
    lead = Role.objects.ddat_levels().get(title="Lead data engineer")
    assert lead.history.get().history_change_reason.startswith("Baseline")
