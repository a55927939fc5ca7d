"""The published catalogue as open data, laid out like the DDaT framework's own download: a
roles file (one row per role level and skill) and a skills file (one row per skill, its four
level descriptors), plus the same as JSON. NHS role profiles sit in the same columns with
their own level labels ("Level Five"), so a reader can tell them apart by the "Source" entry."""

from __future__ import annotations

from django.db.models import Prefetch
from django.utils import timezone

from ddat.models import Release
from ddat.parsing import ROLE_COLUMNS, SKILL_COLUMNS, SKILL_LEVELS
from frameworks.models import Skill, SkillLevelDescriptor
from roleprofiles.models import Requirement, Role

DDAT_SOURCE = "Government Digital and Data Profession Capability Framework"
DDAT_LICENCE = "Open Government Licence v3.0 (Crown copyright)"
NOT_STATED = "not stated"


def _roles():
    """The roles in the download: published and in use."""
    return Role.objects.published().filter(in_use=True)


def _skills():
    """The skills a role in the download needs, once each."""
    return Skill.objects.filter(
        requirements__role__status=Role.Status.PUBLISHED, requirements__role__in_use=True
    ).distinct()


def role_rows() -> list[list[str]]:
    """One row per (published role, requirement), in ROLE_COLUMNS order (three queries)."""
    roles = (
        _roles()
        .select_related("family", "ladder")
        .prefetch_related(Prefetch("requirements", queryset=Requirement.objects.select_related("skill")))
        .order_by("kind", "family__name", "ladder__title", "ladder_position", "title")
    )
    rows = []
    for role in roles:
        ddat = role.kind == Role.Kind.DDAT_LEVEL
        for requirement in role.requirements.all():
            rows.append(
                [
                    role.family.name if role.family else "",
                    role.ladder.title if ddat else role.title,
                    role.ladder.description if ddat else "",
                    role.external_level if ddat else role.title,
                    role.summary,
                    requirement.skill.title,
                    requirement.skill.description,
                    requirement.level_label,
                    requirement.descriptor,
                    role.role_type,
                ]
            )
    return rows


def skill_rows() -> list[list[str]]:
    """One row per skill a published role needs, in SKILL_COLUMNS order (three queries)."""
    skills = (
        _skills()
        .prefetch_related(Prefetch("level_descriptors", queryset=SkillLevelDescriptor.objects.select_related("level")))
        .order_by("title")
    )
    needed: dict[int, list[str]] = {}
    for skill_id, level in (
        Role.objects.published()
        .ddat_levels()
        .filter(in_use=True)
        .order_by("external_level")
        .values_list("requirements__skill_id", "external_level")
    ):
        needed.setdefault(skill_id, []).append(level)
    rows = []
    for skill in skills:
        by_level = {descriptor.level.name: descriptor.text for descriptor in skill.level_descriptors.all()}
        rows.append(
            [
                skill.title,
                skill.description,
                *[by_level.get(level, "") for level in SKILL_LEVELS],
                ", ".join(needed.get(skill.pk, [])),
            ]
        )
    return rows


def about(*, counts: dict[str, int] | None = None) -> dict:
    """The date, where each part came from, its licence where known, and how many rows each
    file has: counted by the database unless the rows are already in hand (``counts``)."""
    release = Release.objects.order_by("-imported_at").first()
    if counts is None:
        counts = {
            "roles.csv": Requirement.objects.filter(role__in=_roles()).count(),
            "skills.csv": _skills().count(),
        }
    sources = [
        {
            "part": "DDaT role levels and skills",
            "source": DDAT_SOURCE,
            "release_date": release.release_date.isoformat() if release and release.release_date else NOT_STATED,
            "licence": DDAT_LICENCE,
        },
        {"part": "NHS role profiles", "source": "Role Model Plus profile exports", "licence": NOT_STATED},
    ]
    return {"generated": timezone.now().date().isoformat(), "sources": sources, "counts": counts}


def catalogue() -> dict:
    """Both files' rows, with what ``about`` says of them."""
    roles, skills = role_rows(), skill_rows()
    return {
        **about(counts={"roles.csv": len(roles), "skills.csv": len(skills)}),
        "roles": {"columns": list(ROLE_COLUMNS), "rows": roles},
        "skills": {"columns": list(SKILL_COLUMNS), "rows": skills},
    }
