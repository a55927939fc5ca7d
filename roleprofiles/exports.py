"""A role profile as data (JSON and CSV), and the CSV helpers every download shares.

``neutralise_cell`` is the one place spreadsheet formula injection is handled: the
profile CSV, the compare CSV and the plain-text advert all call it, so a descriptor
that begins with ``=``, ``+``, ``-`` or ``@`` can never run as a formula when opened
in a spreadsheet.
"""

from __future__ import annotations

import csv
from collections.abc import Iterable, Sequence

from django.db.models import Prefetch
from django.http import HttpResponse
from django.shortcuts import get_object_or_404

from .models import Requirement, Role
from .selectors import group_requirements, published_roles

# A leading tab or carriage return is also read as the start of a formula by some spreadsheets.
FORMULA_TRIGGERS = ("=", "+", "-", "@", "\t", "\r")


def neutralise_cell(value) -> str:
    """Text that a spreadsheet will show as text: a leading formula character gets a quote before it."""
    text = "" if value is None else str(value)
    if text.startswith(FORMULA_TRIGGERS):
        return "'" + text
    return text


def csv_response(filename: str, header: Sequence[str], rows: Iterable[Sequence]) -> HttpResponse:
    """A CSV download (UTF-8 with a byte order mark, so spreadsheets read the accents) with every cell neutralised."""
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    response.write("\ufeff")
    writer = csv.writer(response)
    writer.writerow([neutralise_cell(cell) for cell in header])
    for row in rows:
        writer.writerow([neutralise_cell(cell) for cell in row])
    return response


def role_for_documents(slug: str) -> tuple[Role, list[Requirement]]:
    """A published role (404 otherwise) with everything its exports and advert show: three queries."""
    requirements = Requirement.objects.select_related(
        "skill", "skill__framework", "skill__professional_body", "level", "level__scale", "depth", "depth__scale"
    ).order_by("position")
    role = get_object_or_404(
        published_roles()
        .select_related("source_document")
        .prefetch_related(Prefetch("requirements", queryset=requirements), "additional_frameworks"),
        slug=slug,
    )
    return role, list(role.requirements.all())


def _level(level) -> dict | None:
    if level is None:
        return None
    return {
        "label": level.label,
        "name": level.name,
        "rank": level.rank,
        "scale": level.scale.name,
        "scale_min_rank": level.scale.min_rank,
        "scale_max_rank": level.scale.max_rank,
    }


def _named(obj, *fields: str) -> dict | None:
    return None if obj is None else {name: getattr(obj, name) for name in fields}


def _date(value) -> str | None:
    return value.isoformat() if value else None


def requirement_as_dict(requirement: Requirement) -> dict:
    skill = requirement.skill
    return {
        "id": requirement.pk,
        "section": requirement.section,
        "section_label": requirement.get_section_display(),
        "heading": requirement.heading,
        "position": requirement.position,
        "code": requirement.code,
        "level": _level(requirement.level),
        "level_label": requirement.level_label,
        "depth": _level(requirement.depth),
        "descriptor": requirement.descriptor,
        "source_line": requirement.source_line,
        "skill": {
            "title": skill.title,
            "slug": skill.slug,
            "kind": skill.kind,
            "code": skill.code,
            "description": skill.description,
            "group": skill.group,
            "awarding_body": skill.awarding_body,
            "awarding_professional_body": _named(skill.professional_body, "name", "abbreviation", "slug"),
            "framework": _named(skill.framework, "name", "slug", "abbreviation"),
        },
    }


def profile_as_dict(role: Role, requirements: Sequence[Requirement]) -> dict:
    """The whole profile: every field of the role and of each requirement, grouped as the profile page groups them."""
    source = role.source_document
    return {
        "title": role.title,
        "slug": role.slug,
        "title_in_source": role.title_in_source,
        "url": role.get_absolute_url(),
        "status": role.status,
        "version": role.version,
        "family": _named(role.family, "name", "slug"),
        "level": _level(role.level),
        "professional_body": _named(role.professional_body, "name", "abbreviation", "slug"),
        "summary": role.summary,
        "additional_frameworks": [_named(f, "name", "slug", "abbreviation") for f in role.additional_frameworks.all()],
        "owner": role.owner,
        "last_reviewed": _date(role.last_reviewed),
        "next_review_due": _date(role.next_review_due),
        "source_note": role.source_note,
        "source_document": None if source is None else {"filename": source.filename, "title": source.title},
        "sections": [
            {
                "key": section.key,
                "heading": section.heading,
                "requirements": [requirement_as_dict(r) for r in section.requirements],
            }
            for section in group_requirements(requirements)
        ],
    }


PROFILE_CSV_HEADER = (
    "Section",
    "Heading",
    "Position",
    "Code",
    "Skill",
    "Level",
    "Level rank",
    "Scale",
    "Depth",
    "Descriptor",
    "PDA group",
    "Awarding body",
    "Framework",
)


def profile_csv_rows(requirements: Iterable[Requirement]) -> Iterable[list]:
    """One row per requirement, in source order (cells are neutralised by csv_response)."""
    for r in requirements:
        measure = r.level
        yield [
            r.get_section_display(),
            r.heading,
            r.position,
            r.code,
            r.skill.title,
            r.level_label or (r.level.label if r.level else ""),
            measure.rank if measure else "",
            measure.scale.name if measure else (r.depth.scale.name if r.depth else ""),
            r.depth.label if r.depth else "",
            r.descriptor,
            r.skill.group,
            r.skill.awarding_body,
            r.skill.framework.name if r.skill.framework else "",
        ]
