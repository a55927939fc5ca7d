"""Importing a Role Model Plus profile through the admin: upload, preview, confirm.

The same parser and service as ``manage.py import_profile``. Between preview and confirm
the text travels in a signed hidden field (nothing is stored on the server), so the admin
confirms exactly what they previewed and nobody can slip other text in.
"""

from __future__ import annotations

from pathlib import Path

from django import forms
from django.core import signing
from django.utils.text import slugify

from .rmp.importer import ImportReport, import_profile
from .rmp.parsing import MAX_PROFILE_BYTES, ProfileParseError, decode_profile_bytes, parse_profile

SIGNING_SALT = "roleprofiles.admin-import"
MAX_UPLOAD_BYTES = MAX_PROFILE_BYTES  # the importer's own limit
# A preview is good for a working day; after that the admin uploads the file again.
MAX_AGE_SECONDS = 8 * 60 * 60


class _ErrorListMixin:
    def error_list(self) -> list[str]:
        return [message for errors in self.errors.values() for message in errors]


class UploadProfileForm(_ErrorListMixin, forms.Form):
    file = forms.FileField(
        label="Profile file",
        help_text="A job role profile exported from Role Model Plus as text (.txt, UTF-8).",
    )
    title = forms.CharField(
        max_length=255,
        required=False,
        help_text="The role's title, if the profile states none (leave blank to keep an existing role's title).",
    )
    slug = forms.SlugField(
        max_length=120,
        required=False,
        help_text="To update an existing role, give its slug; otherwise the role is matched by its file name.",
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
            "title": data["title"] or None,
            "slug": data["slug"] or None,
            "family": data["family"] or None,
        }


class ConfirmImportForm(_ErrorListMixin, forms.Form):
    payload = forms.CharField(widget=forms.HiddenInput)

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


def run_import(payload: dict, *, dry_run: bool) -> ImportReport:
    """Parse the text again (it is the signed copy) and import it, or only report what would change."""
    parsed = parse_profile(payload["text"], filename=payload["filename"])
    slug = payload.get("slug") or None
    return import_profile(
        parsed=parsed,
        title=payload.get("title"),
        slug=slugify(slug) if slug else None,
        family=payload.get("family"),
        dry_run=dry_run,
    )
