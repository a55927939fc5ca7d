"""Reads for skill, framework and professional body pages: each returns what one page needs."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import NamedTuple

from django.db.models import Count, Prefetch, Q
from django.db.models.functions import Substr, Upper
from django.shortcuts import get_object_or_404
from django.urls import reverse

from frameworks.models import Framework, Level, ProfessionalBody, Skill
from roleprofiles.models import JobFamily, Requirement, Role
from roleprofiles.selectors import career_ladders

# Counts of published roles, from a family or body (``roles``) or a skill (``requirements__role``).
PUBLISHED_ROLES = Q(roles__status=Role.Status.PUBLISHED)
PUBLISHED = Q(requirements__role__status=Role.Status.PUBLISHED)


def home_summary() -> dict:
    roles = Role.objects.published()
    return {
        "role_count": roles.count(),
        "families": JobFamily.objects.annotate(role_count=Count("roles", filter=PUBLISHED_ROLES)).filter(
            role_count__gt=0
        ),
        "bodies": ProfessionalBody.objects.annotate(role_count=Count("roles", filter=PUBLISHED_ROLES)),
        "frameworks": Framework.objects.annotate(skill_count=Count("skills")).order_by("name"),
        "skill_count": Skill.objects.count(),
    }


def code_key(code: str) -> tuple:
    """Codes such as 2.10 and 12.12 in number order (as text, 10.1 would sort before 2.1)."""
    return tuple((0, int(part), "") if part.isdigit() else (1, 0, part) for part in re.split(r"[.\s]+", code) if part)


SKILL_PAGE_SIZE = 50


def skills_with_counts(queryset=None):
    """Skills A to Z with the number of published roles that need each."""
    queryset = Skill.objects.all() if queryset is None else queryset
    return (
        queryset.select_related("framework")
        .annotate(role_count=Count("requirements__role", filter=PUBLISHED, distinct=True))
        .order_by("title", "kind")
    )


def skill_letters(queryset) -> dict[str, int]:
    """How many skills start with each letter, for the A to Z links (one query)."""
    rows = (
        queryset.annotate(initial=Upper(Substr("title", 1, 1)))
        .order_by()
        .values_list("initial")
        .annotate(n=Count("pk"))
    )
    letters: dict[str, int] = {}
    for initial, count in rows:
        key = initial if initial.isalpha() and initial.isascii() else "0-9"
        letters[key] = letters.get(key, 0) + count
    return letters


SKILL_ROLES_PAGE_SIZE = 50


@dataclass
class SkillLevel:
    """One level of a skill's framework scale: the framework's generic words for the skill at
    that level, and the framework's role levels that need the skill there, ladder by ladder."""

    level: Level
    text: str
    roles: list[Role] = field(default_factory=list)


@dataclass
class SkillPage:
    skill: Skill
    requirements: object  # the published requirements that name it, by role: the view pages them
    levels: list[SkillLevel] = field(default_factory=list)  # for a skill with level descriptors (DDaT)


def skill_levels(skill: Skill) -> list[SkillLevel]:
    """A skill's level descriptors with the role levels that need it at each, in two queries
    whatever the number of roles; empty for a skill whose framework gives no descriptors."""
    levels = [
        SkillLevel(d.level, d.text) for d in skill.level_descriptors.select_related("level").order_by("level__rank")
    ]
    if not levels:
        return []
    by_level = {entry.level.pk: entry for entry in levels}
    requirements = (
        Requirement.objects.published()
        .filter(skill=skill, role__kind=Role.Kind.DDAT_LEVEL, role__in_use=True, level__isnull=False)
        .select_related("role")
        .order_by("role__ladder__title", "role__ladder_position", "role__ladder_track", "role__title")
    )
    for requirement in requirements:
        if requirement.level_id in by_level:
            by_level[requirement.level_id].roles.append(requirement.role)
    return levels


def skill_with_roles(slug: str) -> SkillPage:
    """A skill with the published requirements that name it (a popular skill is needed by
    most of thousands of roles: the view shows a page of them). An archived skill (dropped by
    a framework release) is kept for its history but is off public pages."""
    skill = get_object_or_404(
        Skill.objects.active().select_related("framework", "dimension", "professional_body"), slug=slug
    )
    requirements = (
        Requirement.objects.published()
        .filter(skill=skill)
        .select_related("role", "role__family", "level", "level__scale", "depth", "depth__scale")
        .order_by("role__title", "position")
    )
    return SkillPage(skill=skill, requirements=requirements, levels=skill_levels(skill))


def frameworks_with_counts():
    return (
        Framework.objects.select_related("level_scale")
        .annotate(skill_count=Count("skills", distinct=True))
        .order_by("name")
    )


# A popular skill is needed at one level by hundreds of roles: each matrix cell names the
# first few, A to Z, and says how many more the skill's own page lists.
MATRIX_CELL_ROLES = 10
FRAMEWORK_ROLES_PAGE_SIZE = 50


class MatrixEntry(NamedTuple):
    title: str
    href: str


@dataclass
class MatrixCell:
    entries: list[MatrixEntry] = field(default_factory=list)
    total: int = 0

    @property
    def more(self) -> int:
        return self.total - len(self.entries)


@dataclass
class MatrixRow:
    skill: Skill
    cells: list[MatrixCell] = field(default_factory=list)


@dataclass
class FrameworkPage:
    framework: Framework
    skills: list[Skill]
    roles: object  # the published roles mapped to it, A to Z: the view pages them
    levels: list[Level] = field(default_factory=list)
    matrix: list[MatrixRow] = field(default_factory=list)
    dimensions: list = field(default_factory=list)
    cell_roles: int = MATRIX_CELL_ROLES
    families: list = field(default_factory=list)  # a framework of roles and levels (DDaT)

    @property
    def matrix_capped(self) -> bool:
        return any(cell.more for row in self.matrix for cell in row.cells)

    @property
    def self_assessable(self) -> bool:
        """It has skill areas to rate yourself against: the self-assessment offers it (pathways'
        ``assessable_frameworks``, which a test keeps in step with this)."""
        return any(skill.kind == Skill.Kind.SKILL_AREA for skill in self.skills)


def framework_detail(slug: str) -> FrameworkPage:
    """A framework with its skills, the roles mapped to it and, where it has a level scale, a
    skills-by-levels matrix of the published roles that need each skill at each level."""
    framework = get_object_or_404(
        Framework.objects.select_related("level_scale", "source_document").prefetch_related("level_scale__levels"),
        slug=slug,
    )
    skills = sorted(
        framework.skills.active().select_related("dimension"), key=lambda s: (s.position, code_key(s.code), s.title)
    )
    shown = Role.objects.published().mapped_to(framework).select_related("family", "level").order_by("title")
    result = FrameworkPage(framework=framework, skills=skills, roles=shown, families=career_ladders(framework))
    # A framework of role ladders lists its roles by ladder and each skill's page lists its role
    # levels by level: a 188-skill matrix would repeat that in thousands of links.
    if framework.level_scale and not result.families:
        result.levels = list(framework.level_scale.levels.all())
        # Plain values, not instances: thousands of rows at scale.
        rows = (
            Requirement.objects.published()
            .filter(skill__framework=framework, level__isnull=False)
            .order_by("role__title")
            .values_list("skill_id", "level_id", "pk", "role__title", "role__slug")
        )
        by_skill: dict[int, dict[int, MatrixCell]] = {}
        for skill_id, level_id, pk, title, role_slug in rows:
            cell = by_skill.setdefault(skill_id, {}).setdefault(level_id, MatrixCell())
            cell.total += 1
            if len(cell.entries) < MATRIX_CELL_ROLES:
                href = reverse("roleprofiles:role-detail", args=[role_slug]) + f"#requirement-{pk}"
                cell.entries.append(MatrixEntry(title, href))
        result.matrix = [
            MatrixRow(skill, [by_skill.get(skill.pk, {}).get(level.pk, MatrixCell()) for level in result.levels])
            for skill in skills
        ]
    dimensions = {}
    for skill in skills:
        if skill.dimension:
            dimensions.setdefault(skill.dimension, []).append(skill)
    result.dimensions = list(dimensions.items())
    return result


BODY_ROLES_SHOWN = 50


def bodies_with_counts():
    """Every professional body A to Z, with its published roles counted and the qualifications
    it awards (two queries)."""
    return (
        ProfessionalBody.objects.annotate(
            role_count=Count("roles", filter=Q(roles__status=Role.Status.PUBLISHED), distinct=True)
        )
        .prefetch_related(Prefetch("qualifications", queryset=Skill.objects.order_by("title")))
        .order_by("name")
    )


@dataclass
class BodyPage:
    body: ProfessionalBody
    roles: list[Role]
    role_count: int
    qualifications: list[Skill]
    families: list[JobFamily]

    @property
    def more_roles(self) -> int:
        return self.role_count - len(self.roles)


def body_detail(slug: str) -> BodyPage:
    body = get_object_or_404(ProfessionalBody, slug=slug.lower())
    published = Role.objects.published().filter(professional_body=body)
    # The first roles A to Z; the catalogue, filtered by the body, lists them all.
    roles = list(published.select_related("family", "level").order_by("title")[:BODY_ROLES_SHOWN])
    role_count = published.count()
    qualifications = list(
        body.qualifications.annotate(role_count=Count("requirements__role", filter=PUBLISHED, distinct=True)).order_by(
            "title"
        )
    )
    families = list(
        JobFamily.objects.filter(Q(professional_body=body) | Q(pk__in=published.values("family_id")))
        .annotate(
            role_count=Count(
                "roles",
                filter=PUBLISHED_ROLES & Q(roles__professional_body=body),
                distinct=True,
            )
        )
        .order_by("name")
    )
    return BodyPage(body=body, roles=roles, role_count=role_count, qualifications=qualifications, families=families)
