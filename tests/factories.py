"""Small factories for tests that need more roles than the seed has."""

from __future__ import annotations

import itertools

from frameworks.models import Level, LevelScale, ProfessionalBody, Skill
from roleprofiles.models import JobFamily, Requirement, Role, Section

_counter = itertools.count(1)


def make_scale(name: str = "Test levels", max_rank: int = 5) -> LevelScale:
    scale, _ = LevelScale.objects.get_or_create(
        name=name, defaults={"slug": name.lower().replace(" ", "-"), "max_rank": max_rank}
    )
    return scale


def make_level(rank: int, scale: LevelScale | None = None) -> Level:
    scale = scale or make_scale()
    level = Level.objects.filter(scale=scale, rank=rank).first()
    if level is None:
        level = Level(scale=scale, rank=rank, label=f"Level {rank}")
        level.save()
    return level


def make_skill(title: str | None = None, *, kind: str = Skill.Kind.DATA, **fields) -> Skill:
    n = next(_counter)
    title = title or f"Generated skill {n}"
    return Skill.objects.create(title=title, slug=f"generated-skill-{n}", kind=kind, **fields)


def make_role(title: str | None = None, *, status: str = Role.Status.PUBLISHED, **fields) -> Role:
    n = next(_counter)
    return Role.objects.create(
        title=title or f"Generated role {n}", slug=f"generated-role-{n}", status=status, **fields
    )


def add_requirement(role: Role, skill: Skill, *, section: str = Section.DATA, level: Level | None = None, **fields):
    position = (role.requirements.count() or 0) + 1
    return Requirement.objects.create(
        role=role,
        skill=skill,
        section=section,
        heading=Section(section).label,
        position=position,
        level=level,
        level_label=level.label if level else "",
        **fields,
    )


def make_many_roles(count: int, *, requirements_per_role: int = 6) -> list[Role]:
    """Roles that share a pool of skills, with families and bodies, for query-count tests."""
    family, _ = JobFamily.objects.get_or_create(name="Generated family", defaults={"slug": "generated-family"})
    body, _ = ProfessionalBody.objects.get_or_create(
        abbreviation="GEN", defaults={"name": "Generated body", "slug": "gen"}
    )
    pool = [make_skill() for _ in range(requirements_per_role * 2)]
    roles = []
    for i in range(count):
        role = make_role(family=family, professional_body=body, level=make_level(1 + i % 5))
        for j in range(requirements_per_role):
            add_requirement(role, pool[(i + j) % len(pool)], level=make_level(1 + (i + j) % 5))
        roles.append(role)
    return roles
