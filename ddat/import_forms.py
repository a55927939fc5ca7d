"""Importing a release of the DDaT framework through the admin: upload, preview, confirm.

The same parser and service as ``manage.py import_ddat``. The upload is parsed at once (a
file the parser refuses goes back to the form, naming its file and line, and nothing is
kept); a readable one is staged in the database (``StagedRelease``, so every app worker
finds it) and its preview is a dry run. The confirmation form carries only the staged
upload's token: an approver confirms exactly the bytes that were previewed, and once
confirmed the staged upload is gone, so a second confirmation cannot import it twice.

Anyone who may edit the content a release rewrites may upload and preview; a release
publishes new role levels, so only an approver (who may publish) confirms it.
"""

from __future__ import annotations

import datetime
from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path

from django import forms
from django.db import router, transaction
from django.utils import timezone

from core.fields import fitted
from roleprofiles.governance import can_publish

from .models import ReleaseChange, StagedRelease
from .parsing import DdatFileError, ParsedRelease, parse_release
from .services import Note, ReleaseReport, Resolution, apply_release

# The framework's files are 2.5 MB and 0.2 MB today; this leaves room for years of growth
# while keeping one upload (held in memory and in one database row) bounded.
MAX_FILE_BYTES = 20 * 1024 * 1024
# An upload nobody confirmed within a day is removed when the next one is staged.
STALE_AFTER = datetime.timedelta(days=1)
# What a release rewrites: role levels, their ladders, the framework's skills.
IMPORT_PERMISSIONS = ("roleprofiles.change_role", "roleprofiles.change_careerladder", "frameworks.change_skill")
SKILLS_GROUP = "Skills"
ACTION_LABELS = dict(ReleaseChange.Action.choices)


def can_import(user) -> bool:
    """May upload a release and see its preview."""
    return user.is_active and user.is_staff and user.has_perms(IMPORT_PERMISSIONS)


def can_confirm(user) -> bool:
    """May apply a release: an approver, as a release publishes new role levels."""
    return can_import(user) and can_publish(user)


class StagedReleaseGone(Exception):
    """The staged upload was confirmed already, discarded or removed as stale."""

    def __init__(self):
        super().__init__(
            "This upload is no longer waiting to be imported: it was imported already, discarded, or removed "
            "after a day unconfirmed. Check the list of releases, or upload the files again."
        )


class _ErrorListMixin:
    def error_list(self) -> list[str]:
        return [message for errors in self.errors.values() for message in errors]


def _megabytes(size: int) -> str:
    return f"{size / (1024 * 1024):.1f} MB"


class UploadReleaseForm(_ErrorListMixin, forms.Form):
    roles = forms.FileField(
        label="Role content file (CSV)",
        help_text="The framework's “Role content” download: one row per role level and skill.",
    )
    skills = forms.FileField(
        label="Skill description file (CSV)",
        help_text="The framework's “Skill description content” download: one row per skill.",
    )
    ladders = forms.FileField(
        label="Ladder order file (CSV, optional)",
        required=False,
        help_text="The order of each role's levels (Role Family, Role, Position, Role Level, Track, Evidence).",
    )
    release_date = forms.DateField(
        label="Release date (optional)",
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        help_text="The date the framework published this release.",
    )

    def _read(self, name: str) -> tuple[str, bytes] | None:
        upload = self.cleaned_data.get(name)
        if not upload:
            return None
        if upload.size > MAX_FILE_BYTES:
            raise forms.ValidationError(
                f"{Path(upload.name).name} is {_megabytes(upload.size)}; each file may be at most "
                f"{MAX_FILE_BYTES // (1024 * 1024)} MB (the framework's files are a few MB).",
                code="too_large",
            )
        return Path(upload.name).name, upload.read()

    def clean_roles(self):
        self.roles_file = self._read("roles")
        return self.cleaned_data["roles"]

    def clean_skills(self):
        self.skills_file = self._read("skills")
        return self.cleaned_data["skills"]

    def clean_ladders(self):
        self.ladders_file = self._read("ladders")
        return self.cleaned_data["ladders"]

    def clean(self):
        cleaned = super().clean()
        if self.errors:
            return cleaned
        try:
            parse_release(**self.release_files())
        except DdatFileError as error:
            raise forms.ValidationError(str(error), code="parse") from error
        return cleaned

    def release_files(self) -> dict:
        """The uploaded files' names and bytes, as ``parse_release`` takes them and a staged
        release keeps them. Read after the form is valid."""
        ladders_name, ladders_data = self.ladders_file or ("", None)
        return {
            "roles_filename": self.roles_file[0],
            "roles_data": self.roles_file[1],
            "skills_filename": self.skills_file[0],
            "skills_data": self.skills_file[1],
            "ladders_filename": ladders_name,
            "ladders_data": ladders_data,
        }

    def stage(self, *, user) -> StagedRelease:
        """Keep the files until the import is confirmed; uploads left unconfirmed go stale."""
        with transaction.atomic(using=router.db_for_write(StagedRelease)):
            StagedRelease.objects.filter(created_at__lt=timezone.now() - STALE_AFTER).delete()
            staged = fitted(
                StagedRelease, uploaded_by=user, release_date=self.cleaned_data["release_date"], **self.release_files()
            )
            staged.save(force_insert=True)
            return staged


class ConfirmReleaseForm(_ErrorListMixin, forms.Form):
    RESOLUTIONS = [
        (Resolution.KEEP_LOCAL.value, "Keep the editors' text"),
        (Resolution.TAKE_RELEASE.value, "Take the release's text"),
    ]
    token = forms.CharField(widget=forms.HiddenInput, max_length=64)
    resolution = forms.ChoiceField(
        choices=RESOLUTIONS,
        required=False,
        widget=forms.RadioSelect,
        label="Where an editor changed text that this release changes too",
    )

    def chosen_resolution(self) -> Resolution:
        return Resolution(self.cleaned_data["resolution"]) if self.cleaned_data["resolution"] else Resolution.REFUSE


def staged_release(token: str) -> StagedRelease:
    staged = StagedRelease.objects.select_related("uploaded_by").filter(token=token).first()
    if staged is None:
        raise StagedReleaseGone
    return staged


def parse_staged(staged: StagedRelease) -> ParsedRelease:
    return parse_release(
        roles_data=bytes(staged.roles_data),
        roles_filename=staged.roles_filename,
        skills_data=bytes(staged.skills_data),
        skills_filename=staged.skills_filename,
        ladders_data=bytes(staged.ladders_data) if staged.ladders_data is not None else None,
        ladders_filename=staged.ladders_filename,
    )


def preview(staged: StagedRelease) -> ReleaseReport:
    """What confirming would do: a dry run, nothing written."""
    return apply_release(parsed=parse_staged(staged), release_date=staged.release_date, dry_run=True)


def discard(token: str) -> None:
    StagedRelease.objects.filter(token=token).delete()


def confirm(*, token: str, resolution: Resolution, user) -> ReleaseReport:
    """Apply the staged release and remove it, in one transaction. The staged row is locked
    first: a second confirmation of the same upload waits, then finds it gone. A refused
    import (conflicts and no resolution) writes nothing and keeps the upload."""
    with transaction.atomic(using=router.db_for_write(StagedRelease)):
        staged = StagedRelease.objects.select_for_update().filter(token=token).first()
        if staged is None:
            raise StagedReleaseGone
        report = apply_release(
            parsed=parse_staged(staged),
            release_date=staged.release_date,
            resolution=resolution,
            imported_by=user.get_username(),
        )
        if not report.refused:
            staged.delete()
    return report


# --- the preview's groups -----------------------------------------------------------------------


@dataclass
class ChangeGroup:
    """The changes to one role (a career ladder and its levels), or to the skills."""

    name: str
    notes: list[Note] = field(default_factory=list)

    @property
    def rows(self) -> list[tuple[str, str]]:
        """(what kind of change, the change note) for each change."""
        return [(ACTION_LABELS[note.action], note.message) for note in self.notes]

    @property
    def counts(self) -> str:
        labels = ACTION_LABELS
        tally: dict[str, int] = defaultdict(int)
        for note in self.notes:
            tally[note.action] += 1
        return ", ".join(f"{n} {labels[action].lower()}" for action, n in tally.items())


def group_changes(report: ReleaseReport) -> list[ChangeGroup]:
    """The report's notes (conflicts apart) by the role they belong to, roles by name, skills last."""
    groups: dict[str, ChangeGroup] = {}
    for note in report.notes:
        if note.action == ReleaseChange.Action.CONFLICT:
            continue
        if note.subject == ReleaseChange.Subject.SKILL:
            name = SKILLS_GROUP
        elif note.subject == ReleaseChange.Subject.LADDER:
            name = note.name
        else:
            name = (note.role.external_role if note.role else "") or note.name
        groups.setdefault(name, ChangeGroup(name)).notes.append(note)
    roles = sorted((g for n, g in groups.items() if n != SKILLS_GROUP), key=lambda g: g.name.lower())
    return roles + ([groups[SKILLS_GROUP]] if SKILLS_GROUP in groups else [])
