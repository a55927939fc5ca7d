"""Releases of the DDaT capability framework and what each changed.

The framework's content itself lives in the general tables (a role level is a
``roleprofiles.Role``, a role a ``CareerLadder``, a skill a ``frameworks.Skill`` with its
``SkillLevelDescriptor`` rows, each (role level, skill) a ``Requirement``). This app adds what
only the framework's releases need: a record of each release imported, its change notes (for
``/changes/``), and, per framework item, what the last release said about it, so that an
editor's later change is recognised as theirs and never silently overwritten.

``StagedRelease`` holds a release uploaded in the admin between its preview and its
confirmation.
"""

import secrets

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.db.models.functions import Length
from django.db.models.lookups import Exact, GreaterThanOrEqual
from simple_history.models import HistoricalRecords

from frameworks.models import Framework, Skill
from roleprofiles.models import CareerLadder, Role


class Release(models.Model):
    """One release of the framework's two files (with the ladder order), as imported."""

    framework = models.ForeignKey(Framework, on_delete=models.PROTECT, related_name="ddat_releases")
    release_date = models.DateField(
        null=True, blank=True, help_text="The framework's release date, as given on import; empty when not given."
    )
    imported_at = models.DateTimeField()
    imported_by = models.CharField(max_length=255, blank=True)
    roles_filename = models.CharField(max_length=255)
    roles_sha256 = models.CharField(max_length=64)
    skills_filename = models.CharField(max_length=255)
    skills_sha256 = models.CharField(max_length=64)
    ladders_filename = models.CharField(max_length=255, blank=True)
    ladders_sha256 = models.CharField(max_length=64, blank=True)
    content_sha256 = models.CharField(
        max_length=64,
        help_text="Digest of the content as read (not the bytes), so a copy re-saved with a byte-order mark "
        "or CRLF line endings is recognised as the same release.",
    )
    level_count = models.PositiveIntegerField(help_text="Role levels in the release, NOT IN USE ones included.")
    skill_count = models.PositiveIntegerField()
    requirement_count = models.PositiveIntegerField(help_text="(Role level, skill) pairs, duplicates merged.")
    summary = models.TextField(help_text="What the import changed, in a sentence.")
    history = HistoricalRecords()

    class Meta:
        ordering = ["-imported_at", "-pk"]
        get_latest_by = ["imported_at", "pk"]
        constraints = [
            models.CheckConstraint(condition=Exact(Length("roles_sha256"), 64), name="release_roles_sha256_length"),
            models.CheckConstraint(condition=Exact(Length("skills_sha256"), 64), name="release_skills_sha256_length"),
            models.CheckConstraint(
                condition=Q(ladders_sha256="") | Exact(Length("ladders_sha256"), 64),
                name="release_ladders_sha256_length",
            ),
            models.CheckConstraint(condition=Exact(Length("content_sha256"), 64), name="release_content_sha256_length"),
        ]

    def __str__(self) -> str:
        when = f"{self.release_date:%-d %B %Y}" if self.release_date else "date not given"
        return f"{self.framework.abbreviation or self.framework.name} release ({when})"


class ReleaseChange(models.Model):
    """One change note of a release: "Principal data engineer added", "Trainee data
    scientist archived", "Senior data engineer: description changed"."""

    class Action(models.TextChoices):
        ADDED = "added", "Added"
        RENAMED = "renamed", "Renamed"
        CHANGED = "changed", "Changed"
        ARCHIVED = "archived", "Archived"
        RESTORED = "restored", "Restored"
        CONFLICT = "conflict", "Conflict with an editor's change"

    class Subject(models.TextChoices):
        LEVEL = "level", "Role level"
        LADDER = "ladder", "Role"
        SKILL = "skill", "Skill"

    class Resolution(models.TextChoices):
        NONE = "", "Not a conflict"
        KEPT_LOCAL = "kept_local", "The editor's change was kept"
        TOOK_RELEASE = "took_release", "The release's text replaced the editor's change"

    release = models.ForeignKey(Release, on_delete=models.CASCADE, related_name="changes")
    position = models.PositiveIntegerField(help_text="Order within the release's notes.")
    action = models.CharField(max_length=10, choices=Action.choices)
    subject = models.CharField(max_length=10, choices=Subject.choices)
    role = models.ForeignKey(Role, on_delete=models.SET_NULL, null=True, blank=True, related_name="ddat_changes")
    ladder = models.ForeignKey(
        CareerLadder, on_delete=models.SET_NULL, null=True, blank=True, related_name="ddat_changes"
    )
    skill = models.ForeignKey(Skill, on_delete=models.SET_NULL, null=True, blank=True, related_name="ddat_changes")
    name = models.CharField(max_length=255, help_text="The role level, role or skill as the release names it.")
    field = models.CharField(max_length=100, blank=True, help_text='What changed, e.g. "description".')
    message = models.TextField()
    resolution = models.CharField(max_length=12, choices=Resolution.choices, blank=True, default="")
    history = HistoricalRecords()

    class Meta:
        ordering = ["release", "position"]
        constraints = [
            models.UniqueConstraint(fields=["release", "position"], name="releasechange_unique_position"),
            models.CheckConstraint(
                condition=~Q(action="conflict") | ~Q(resolution=""), name="releasechange_conflict_resolved"
            ),
            models.CheckConstraint(
                condition=Q(action="conflict") | Q(resolution=""), name="releasechange_resolution_only_on_conflict"
            ),
        ]

    def __str__(self) -> str:
        return self.message


class ImportedRecord(models.Model):
    """What the last applied release said about one framework item (a role level, a role or a
    skill), keyed as the framework keys it. ``values`` holds each imported field's value; an
    item whose current value differs from it was changed by an editor since."""

    class Subject(models.TextChoices):
        LEVEL = "level", "Role level"
        LADDER = "ladder", "Role"
        SKILL = "skill", "Skill"

    framework = models.ForeignKey(Framework, on_delete=models.PROTECT, related_name="ddat_records")
    subject = models.CharField(max_length=10, choices=Subject.choices)
    key = models.CharField(max_length=600, help_text='The framework\'s key: "Role|Level", a role or a skill name.')
    role = models.OneToOneField(Role, on_delete=models.CASCADE, null=True, blank=True, related_name="ddat_record")
    ladder = models.OneToOneField(
        CareerLadder, on_delete=models.CASCADE, null=True, blank=True, related_name="ddat_record"
    )
    skill = models.OneToOneField(Skill, on_delete=models.CASCADE, null=True, blank=True, related_name="ddat_record")
    values = models.JSONField(default=dict)
    release = models.ForeignKey(Release, on_delete=models.PROTECT, related_name="records", help_text="Last set by.")
    in_release = models.BooleanField(default=True, help_text="False once a release no longer lists the item.")
    history = HistoricalRecords()

    class Meta:
        ordering = ["framework", "subject", "key"]
        constraints = [
            models.UniqueConstraint(fields=["framework", "subject", "key"], name="importedrecord_unique_key"),
            models.CheckConstraint(
                condition=(Q(subject="level") & Q(role__isnull=False) & Q(ladder__isnull=True) & Q(skill__isnull=True))
                | (Q(subject="ladder") & Q(ladder__isnull=False) & Q(role__isnull=True) & Q(skill__isnull=True))
                | (Q(subject="skill") & Q(skill__isnull=False) & Q(role__isnull=True) & Q(ladder__isnull=True)),
                name="importedrecord_one_target_of_its_subject",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_subject_display()} {self.key}"


def new_token() -> str:
    return secrets.token_urlsafe(32)


class StagedRelease(models.Model):
    """A release uploaded in the admin and not yet confirmed: the files' bytes, kept in the
    database (every app worker sees them) until an approver confirms the import or the upload
    goes stale. Its address holds ``token``, which cannot be guessed, so an editor can hand
    the preview to an approver to confirm."""

    token = models.CharField(max_length=64, unique=True, default=new_token, editable=False)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="staged_ddat_releases"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    release_date = models.DateField(null=True, blank=True)
    roles_filename = models.CharField(max_length=255)
    roles_data = models.BinaryField()
    skills_filename = models.CharField(max_length=255)
    skills_data = models.BinaryField()
    ladders_filename = models.CharField(max_length=255, blank=True)
    ladders_data = models.BinaryField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-pk"]
        constraints = [
            models.CheckConstraint(condition=GreaterThanOrEqual(Length("token"), 32), name="stagedrelease_token_long"),
            models.CheckConstraint(
                condition=(Q(ladders_filename="") & Q(ladders_data__isnull=True))
                | (~Q(ladders_filename="") & Q(ladders_data__isnull=False)),
                name="stagedrelease_ladders_name_and_bytes_together",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.roles_filename} and {self.skills_filename}, uploaded {self.created_at:%-d %B %Y %H:%M}"
