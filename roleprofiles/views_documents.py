"""Documents made from one role profile: the job advert builder and the JSON and CSV exports.

Each view reads the role with ``exports.role_for_documents`` (published roles only, 404
otherwise) and hands it to a builder; nothing the user types is stored.
"""

from __future__ import annotations

from django.http import HttpResponse, JsonResponse
from django.shortcuts import render
from django.urls import reverse

from .adverts import (
    FORMATS,
    AdvertDetailsForm,
    AdvertInputError,
    build_advert,
    parse_choices,
    render_docx,
    render_markdown,
    render_text,
)
from .exports import PROFILE_CSV_HEADER, csv_response, profile_as_dict, profile_csv_rows, role_for_documents

HOME = ("/", "Home")
ROLES = ("/roles/", "Roles")
DOWNLOADS = {
    "docx": ("application/vnd.openxmlformats-officedocument.wordprocessingml.document", render_docx),
    "txt": ("text/plain; charset=utf-8", render_text),
    "md": ("text/markdown; charset=utf-8", render_markdown),
}


def export_json(request, slug):
    role, requirements = role_for_documents(slug)
    return JsonResponse(profile_as_dict(role, requirements), json_dumps_params={"ensure_ascii": False, "indent": 2})


def export_csv(request, slug):
    role, requirements = role_for_documents(slug)
    return csv_response(f"{role.slug}.csv", PROFILE_CSV_HEADER, profile_csv_rows(requirements))


def advert(request, slug):
    role, requirements = role_for_documents(slug)
    errors = []
    fmt = request.GET.get("format", "").strip().lower()
    if fmt not in FORMATS:
        errors.append(("format", "The download format must be docx, txt or md."))
    form = AdvertDetailsForm(request.GET)
    details = form.cleaned_data if form.is_valid() else {}
    errors += [
        (name, f"{form.fields[name].label}: {message}")
        for name, messages in form.errors.items()
        for message in messages
    ]
    try:
        choices = parse_choices(request.GET, requirements)
    except AdvertInputError as error:
        errors.append(("choices", str(error)))
        choices = parse_choices({}, requirements)
    draft = build_advert(role, requirements, choices, details)

    if fmt in DOWNLOADS and not errors:
        content_type, renderer = DOWNLOADS[fmt]
        response = HttpResponse(renderer(draft), content_type=content_type)
        response["Content-Disposition"] = f'attachment; filename="{draft.filename_stem}.{fmt}"'
        return response

    context = {
        "role": role,
        "draft": draft,
        "form": form,
        "errors": errors,
        "text": render_text(draft),
        "downloads": _download_links(request, role),
        "crumbs": [HOME, ROLES, (role.get_absolute_url(), role.title)],
    }
    return render(request, "roleprofiles/advert.html", context, status=400 if errors else 200)


def _download_links(request, role) -> list[tuple[str, str]]:
    """The current choices as download addresses, one per format."""
    params = request.GET.copy()
    links = []
    for fmt, label in (("docx", "Word document (.docx)"), ("txt", "Plain text (.txt)"), ("md", "Markdown (.md)")):
        params["format"] = fmt
        links.append((f"{reverse('roleprofiles:advert', args=[role.slug])}?{params.urlencode()}", label))
    return links
