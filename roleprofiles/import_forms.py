"""Importing a Role Model Plus profile through the admin: upload, preview, confirm.

The same parser and service as ``manage.py import_profile``. Between preview and confirm
the text travels in a signed hidden field (nothing is stored on the server), so the admin
confirms exactly what they previewed and nobody can slip other text in.

Which role an upload updates is decided here, never guessed from a new title or slug: the
role the admin picks; else the role whose slug they gave; else, when they gave no new title
or slug, the role this file was imported as before. Anything else makes a new draft role.
Renaming a published role or changing its address (a slug) needs an explicit confirmation
in the preview, as its public links change.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from django import forms
from django.core import signing
from django.db import transaction
from django.utils import timezone
from django.utils.text import slugify

from core.slugs import unique_slug

from .governance import ensure_baseline, fit_reason
from .models import Requirement, Role
from .rmp.importer import ImportReport, derive_title, import_profile
from .rmp.parsing import MAX_PROFILE_BYTES, ProfileParseError, decode_profile_bytes, parse_profile

SIGNING_SALT = "roleprofiles.admin-import"
MAX_UPLOAD_BYTES = MAX_PROFILE_BYTES  # the importer's own limit
# A preview is good for a working day; after that the admin uploads the file again.
MAX_AGE_SECONDS = 8 * 60 * 60
NEW_ROLE = "new"


class ImportRefused(Exception):
    """The import cannot go ahead as asked; the message says why. Nothing was written."""


class RenameNotConfirmed(ImportRefused):
    """A published role would be renamed and the admin did not confirm it."""


class _ErrorListMixin:
    def error_list(self) -> list[str]:
        return [message for errors in self.errors.values() for message in errors]


class RoleChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, role):
        return f"{role.title} ({role.get_status_display().lower()}, /roles/{role.slug}/)"


class UploadProfileForm(_ErrorListMixin, forms.Form):
    file = forms.FileField(
        label="Profile file",
        help_text="A job role profile exported from Role Model Plus as text (.txt, UTF-8).",
    )
    role = RoleChoiceField(
        queryset=Role.objects.order_by("title"),
        required=False,
        label="Role to update",
        empty_label="None picked",
        help_text=(
            "Pick the role this file updates. With none picked, a new title or slug makes a new role; "
            "otherwise the role this file was imported as before is updated."
        ),
    )
    title = forms.CharField(
        max_length=255,
        required=False,
        help_text="The role's title, if the profile states none (leave blank to keep an existing role's title).",
    )
    slug = forms.SlugField(
        max_length=120,
        required=False,
        help_text="The role's address, /roles/<slug>/. An existing role's slug updates that role.",
    )
    family = forms.CharField(max_length=255, required=False, help_text="The job family's name (optional).")

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if upload.size > MAX_UPLOAD_BYTES:
            raise forms.ValidationError("The file is larger than 2 MB; a profile is a few tens of kilobytes.")
        filename = Path(upload.name).name
        try:
            text = decode_profile_bytes(upload.read(), filename=filename)
            self.parsed = parse_profile(text, filename=filename)
        except ProfileParseError as exc:
            raise forms.ValidationError(str(exc), code="parse") from exc
        self.text, self.filename = text, filename
        return upload

    def payload(self) -> dict:
        data = self.cleaned_data
        return {
            "filename": self.filename,
            "text": self.text,
            "role": data["role"].pk if data["role"] else None,
            "title": data["title"] or None,
            "slug": data["slug"] or None,
            "family": data["family"] or None,
        }


class ConfirmImportForm(_ErrorListMixin, forms.Form):
    payload = forms.CharField(widget=forms.HiddenInput)
    confirm_rename = forms.BooleanField(required=False)

    def clean_payload(self):
        try:
            self.verified_payload = signing.loads(
                self.cleaned_data["payload"], salt=SIGNING_SALT, max_age=MAX_AGE_SECONDS
            )
        except signing.SignatureExpired as exc:
            raise forms.ValidationError("This preview has expired: upload the file again.") from exc
        except signing.BadSignature as exc:
            raise forms.ValidationError(
                "The previewed import could not be verified (it was changed after the preview): upload the file again."
            ) from exc
        return self.cleaned_data["payload"]


def sign(payload: dict) -> str:
    return signing.dumps(payload, salt=SIGNING_SALT, compress=True)


@dataclass
class ImportPlan:
    """Which role an import updates, and how it would rename it."""

    target: Role | None  # None: a new role
    new_title: str | None = None
    new_slug: str | None = None
    imported_before_as: Role | None = None  # the role this file made, when a new role is made instead
    warnings: list[str] = field(default_factory=list)

    @property
    def target_key(self):
        return self.target.pk if self.target else NEW_ROLE

    @property
    def renames_published(self) -> bool:
        return bool(self.target and self.target.status == Role.Status.PUBLISHED and (self.new_title or self.new_slug))


def _imported_before_as(filename: str) -> Role | None:
    # The service keys a source document by its file name's stem (services.ensure_source_document).
    return Role.objects.filter(source_document__slug=slugify(Path(filename).stem)[:120]).order_by("pk").first()


def plan_import(payload: dict) -> ImportPlan:
    title = payload.get("title") or None
    slug = slugify(payload["slug"]) if payload.get("slug") else None
    if payload.get("role"):
        target = Role.objects.filter(pk=payload["role"]).first()
        if target is None:
            raise ImportRefused("The role you picked to update has been deleted since: upload the file again.")
        plan = ImportPlan(target=target)
    elif slug and (named := Role.objects.filter(slug=slug).first()):
        plan = ImportPlan(target=named)
    else:
        before = _imported_before_as(payload["filename"])
        if before is not None and not slug and (not title or title == before.title):
            plan = ImportPlan(target=before)  # re-importing a file updates its role in place
        else:
            plan = ImportPlan(target=None, imported_before_as=before)
    if plan.target is not None:
        plan.new_title = title if title and title != plan.target.title else None
        plan.new_slug = slug if slug and slug != plan.target.slug else None
        if plan.new_slug and Role.objects.filter(slug=plan.new_slug).exists():
            raise ImportRefused(f'The slug "{plan.new_slug}" is already used by another role: choose another.')
    return plan


class _Rollback(Exception):
    pass


@dataclass
class ImportResult:
    report: ImportReport
    plan: ImportPlan
    role: Role | None = None  # the role imported (None after a dry run)


def run_import(payload: dict, *, dry_run: bool, expected_target=None, confirm_rename: bool = False) -> ImportResult:
    """Parse the text again (it is the signed copy) and import it, or only report what would
    change (``dry_run``: everything is written, then rolled back). On confirming, the role
    must be the one previewed (``expected_target``), and renaming a published role needs
    ``confirm_rename``."""
    parsed = parse_profile(payload["text"], filename=payload["filename"])
    plan = plan_import(payload)
    if expected_target is not None and plan.target_key != expected_target:
        raise ImportRefused("The roles have changed since the preview: upload the file again to see what it would do.")
    if not dry_run and plan.renames_published and not confirm_rename:
        raise RenameNotConfirmed(
            f"Renaming the published role “{plan.target.title}” needs your confirmation: tick the box to confirm it."
        )
    try:
        with transaction.atomic():
            result = _import(parsed, payload, plan)
            if dry_run:
                raise _Rollback
    except _Rollback:
        result.role = None
    result.report.dry_run = dry_run
    return result


def _import(parsed, payload: dict, plan: ImportPlan) -> ImportResult:
    reason = fit_reason(f"Imported from {payload['filename']}")
    if plan.target is None:
        # A new role: made here with its own slug, so the service fills this role instead of
        # matching the file to the role it was imported as before.
        title = payload.get("title") or derive_title(parsed)
        slug = slugify(payload["slug"]) if payload.get("slug") else unique_slug(Role, title)
        role = Role(title=title, slug=slug, title_in_source=False, status=Role.Status.DRAFT)
        role.skip_history_when_saving = True  # the import's own save records its creation
        role.save()
        del role.skip_history_when_saving
        if not payload.get("title"):
            plan.warnings.append(f'The source states no title: derived "{title}". Give one in the title field.')
    else:
        role = Role.objects.select_for_update().get(pk=plan.target.pk)
        ensure_baseline(Role, [role.pk])
        ensure_baseline(Requirement, role.requirements.values_list("pk", flat=True))
    start = timezone.now()  # after the baselines: what the import itself records starts here
    if plan.target is not None and plan.new_slug:
        # Before the service runs, so that it finds the role by its new slug.
        old_slug = role.slug
        role.slug, role.version = plan.new_slug, role.version + 1
        role._change_reason = fit_reason(f"{reason}: address /roles/{old_slug}/ changed to /roles/{role.slug}/")
        role.save(update_fields=["slug", "version"])
    report = import_profile(
        parsed=parsed, title=payload.get("title"), slug=role.slug, family=payload.get("family"), dry_run=False
    )
    if plan.target is None:
        report.role_created = True
        report.changes = []  # differences from the stand-in made above mean nothing
        Role.history.filter(id=role.pk).update(history_type="+")
    elif plan.new_slug:
        report.changes.insert(0, f"slug: {old_slug} → {plan.new_slug}")
    report.warnings[:0] = plan.warnings
    _record_versions(role, start, reason)
    return ImportResult(report=report, plan=plan, role=Role.objects.get(pk=role.pk))


def _record_versions(role: Role, start, reason: str) -> None:
    """The import's changes as a version of the role: requirements changed without the role
    itself changing still raise its version (an open change form must not overwrite them)
    and get a role record dated before theirs (``revisions``); every record says why."""
    role_records = Role.history.filter(id=role.pk, history_date__gte=start)
    requirement_records = Requirement.history.filter(role_id=role.pk, history_date__gte=start)
    if requirement_records.exists() and not role_records.exists():
        role = Role.objects.get(pk=role.pk)
        role.version += 1
        role._history_date, role._change_reason = start, reason
        role.save(update_fields=["version"])
    role_records.filter(history_change_reason__isnull=True).update(history_change_reason=reason)
    requirement_records.filter(history_change_reason__isnull=True).update(history_change_reason=reason)
