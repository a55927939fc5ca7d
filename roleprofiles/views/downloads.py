"""Documents made from one role profile: the job advert builder, the job description and
the JSON and CSV exports.

Each view reads the role with ``selectors.published_profile`` (published roles only, 404
otherwise) and hands it to a builder; nothing the user types is stored.
"""

from __future__ import annotations

from dataclasses import dataclass
from urllib.parse import urlencode

from django.http import HttpResponse, JsonResponse
from django.shortcuts import render
from django.urls import reverse

from core.breadcrumbs import Crumb, trail

from .. import selectors
from ..adverts import (
    FORMATS,
    AdvertDetailsForm,
    AdvertDraft,
    AdvertInputError,
    build_advert,
    render_docx,
    render_markdown,
    render_text,
)
from ..exports import (
    DOCX_CONTENT_TYPE,
    PROFILE_CSV_HEADER,
    csv_response,
    profile_as_dict,
    profile_csv_rows,
)
from ..job_description import render_job_description
from ..models import Requirement, Role
from .catalogue import ROLES

DOWNLOADS = {
    "docx": (DOCX_CONTENT_TYPE, render_docx),
    "txt": ("text/plain; charset=utf-8", render_text),
    "md": ("text/markdown; charset=utf-8", render_markdown),
}
DOWNLOAD_LABELS = (("docx", "Word document (.docx)"), ("txt", "Plain text (.txt)"), ("md", "Markdown (.md)"))


def export_json(request, slug):
    role = selectors.published_profile(slug)
    requirements = list(role.requirements.all())
    return JsonResponse(profile_as_dict(role, requirements), json_dumps_params={"ensure_ascii": False, "indent": 2})


def export_csv(request, slug):
    role = selectors.published_profile(slug)
    requirements = list(role.requirements.all())
    return csv_response(f"{role.slug}.csv", PROFILE_CSV_HEADER, profile_csv_rows(requirements))


@dataclass
class AdvertRequest:
    """An advert or job description request, parsed: the draft, and what was wrong with the parameters."""

    role: Role
    requirements: list[Requirement]
    form: AdvertDetailsForm
    draft: AdvertDraft
    errors: list[tuple[str, str]]

    @property
    def query(self) -> dict[str, str]:
        return self.draft.query(self.form.cleaned_data if not self.form.errors else {})


def _parse(request, slug) -> AdvertRequest:
    role = selectors.published_profile(slug)
    requirements = list(role.requirements.all())
    form = AdvertDetailsForm(request.GET, role)
    details = form.cleaned_data if form.is_valid() else {}
    errors = [
        (name, f"{form.fields[name].label}: {message}")
        for name, messages in form.errors.items()
        for message in messages
    ]
    try:
        draft = build_advert(role, requirements, request.GET, details)
    except AdvertInputError as error:
        errors.append(("choices", str(error)))
        draft = build_advert(role, requirements, {}, details)
    return AdvertRequest(role, requirements, form, draft, errors)


def _download(content: bytes | str, content_type: str, filename: str) -> HttpResponse:
    response = HttpResponse(content, content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


def advert(request, slug):
    parsed = _parse(request, slug)
    fmt = request.GET.get("format", "").strip().lower()
    if fmt not in FORMATS:
        parsed.errors.insert(0, ("format", "The download format must be docx, txt or md."))
    if fmt in DOWNLOADS and not parsed.errors:
        content_type, renderer = DOWNLOADS[fmt]
        return _download(renderer(parsed.draft), content_type, f"{parsed.draft.filename_stem}.{fmt}")
    return _advert_page(request, parsed)


def job_description(request, slug):
    """The whole profile as a job description (Word); the advert page passes on its details and choices."""
    parsed = _parse(request, slug)
    if parsed.errors:
        return _advert_page(request, parsed)
    content = render_job_description(parsed.draft, parsed.requirements)
    return _download(content, DOCX_CONTENT_TYPE, f"{parsed.role.slug}-job-description.docx")


def _with_query(url: str, params: dict[str, str]) -> str:
    return f"{url}?{urlencode(params)}" if params else url


def _advert_page(request, parsed: AdvertRequest):
    role, draft = parsed.role, parsed.draft
    query = parsed.query
    advert_url = reverse("roleprofiles:advert", args=[role.slug])
    context = {
        "role": role,
        "draft": draft,
        "form": parsed.form,
        "errors": parsed.errors,
        "text": render_text(draft),
        "downloads": [(_with_query(advert_url, {**query, "format": fmt}), label) for fmt, label in DOWNLOAD_LABELS],
        "job_description_url": _with_query(reverse("roleprofiles:job-description", args=[role.slug]), query),
        "crumbs": trail(ROLES, Crumb(role.get_absolute_url(), role.title)),
    }
    return render(request, "roleprofiles/advert.html", context, status=400 if parsed.errors else 200)
