"""Reads for role pages: each function returns what one page needs, join-loaded."""

from __future__ import annotations

from dataclasses import dataclass, field

from django.db.models import Count, Prefetch, Q
from django.shortcuts import get_object_or_404

from frameworks.models import Framework, ProfessionalBody

from .models import JobFamily, Requirement, Role, Section

SECTION_ORDER = {value: index for index, value in enumerate(Section.values)}


def published_roles():
    return Role.objects.published().select_related("family", "professional_body", "level", "level__scale")


def home_summary() -> dict:
    roles = Role.objects.published()
    return {
        "role_count": roles.count(),
        "families": JobFamily.objects.annotate(
            role_count=Count("roles", filter=Q(roles__status=Role.Status.PUBLISHED))
        ).filter(role_count__gt=0),
        "bodies": ProfessionalBody.objects.annotate(
            role_count=Count("roles", filter=Q(roles__status=Role.Status.PUBLISHED))
        ),
        "frameworks": Framework.objects.annotate(skill_count=Count("skills")),
    }


@dataclass
class ProfileSection:
    key: str
    heading: str
    requirements: list[Requirement] = field(default_factory=list)

    @property
    def anchor(self) -> str:
        return self.key.replace("_", "-")

    @property
    def kind(self) -> str:
        return self.requirements[0].section

    @property
    def has_levels(self) -> bool:
        return any(r.level_id for r in self.requirements)

    @property
    def has_depth(self) -> bool:
        return any(r.depth_id for r in self.requirements)

    @property
    def has_codes(self) -> bool:
        return any(r.code for r in self.requirements)

    @property
    def framework(self):
        return self.requirements[0].skill.framework if self.kind == Section.FRAMEWORK else None


def role_frameworks(role: Role, sections: list[ProfileSection]) -> list[Framework]:
    """The frameworks a role is mapped to: its additional frameworks, then those of its skills."""
    frameworks = list(role.additional_frameworks.all())
    for section in sections:
        if section.framework and section.framework not in frameworks:
            frameworks.append(section.framework)
    return frameworks


def role_profile(slug: str) -> tuple[Role, list[ProfileSection]]:
    """A published role with its requirements grouped by the heading they came under."""
    requirements = Requirement.objects.select_related(
        "skill", "skill__framework", "skill__professional_body", "level", "level__scale", "depth", "depth__scale"
    ).order_by("position")
    role = get_object_or_404(
        published_roles().prefetch_related(Prefetch("requirements", queryset=requirements), "additional_frameworks"),
        slug=slug,
    )
    return role, group_requirements(role.requirements.all())


def group_requirements(requirements) -> list[ProfileSection]:
    sections: dict[str, ProfileSection] = {}
    for requirement in requirements:
        key = requirement.section
        if requirement.section == Section.FRAMEWORK:
            key = f"framework-{requirement.skill.framework.slug}"
        if key not in sections:
            sections[key] = ProfileSection(key=key, heading=requirement.heading)
        sections[key].requirements.append(requirement)
    return sorted(
        sections.values(), key=lambda s: (SECTION_ORDER[s.requirements[0].section], s.requirements[0].position)
    )
