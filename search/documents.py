"""What each object contributes to the search index: its title, a context line, a
description (ranked above the rest) and the body text (descriptors and the like)."""

from __future__ import annotations

from collections.abc import Iterable

from django.db.models import Prefetch

from frameworks.models import Framework, ProfessionalBody, Skill
from roleprofiles.models import Requirement, Role

from .models import SearchDocument

Kind = SearchDocument.Kind


def _join(parts: Iterable[str]) -> str:
    return "\n".join(part for part in parts if part)


def role_documents(ids: Iterable[int] | None = None) -> list[SearchDocument]:
    """Documents for published roles only: drafts and archived roles are never searchable."""
    requirements = Requirement.objects.select_related("skill", "skill__framework").order_by("position")
    roles = (
        Role.objects.published()
        .select_related("family", "professional_body", "level")
        .prefetch_related(Prefetch("requirements", queryset=requirements), "additional_frameworks")
    )
    if ids is not None:
        roles = roles.filter(pk__in=list(ids))
    documents = []
    for role in roles:
        context = [role.family.name if role.family else "", role.level.label if role.level else ""]
        if role.professional_body:
            context.append(role.professional_body.abbreviation)
        body = [
            role.family.name if role.family else "",
            str(role.professional_body) if role.professional_body else "",
            *(framework.name for framework in role.additional_frameworks.all()),
        ]
        for requirement in role.requirements.all():
            skill = requirement.skill
            body.append(
                " ".join(
                    part
                    for part in (
                        requirement.code,
                        skill.title,
                        requirement.level_label,
                        requirement.descriptor,
                        skill.awarding_body,
                        skill.framework.name if skill.framework else "",
                    )
                    if part
                )
            )
        documents.append(
            SearchDocument(
                kind=Kind.ROLE,
                object_id=role.pk,
                url=role.get_absolute_url(),
                title=role.title,
                context=" · ".join(part for part in context if part)[:255],
                description=role.summary,
                body=_join(body),
            )
        )
    return documents


def skill_documents(ids: Iterable[int] | None = None) -> list[SearchDocument]:
    published = Requirement.objects.filter(role__status=Role.Status.PUBLISHED).only("skill_id", "descriptor")
    skills = Skill.objects.select_related("framework", "dimension").prefetch_related(
        Prefetch("requirements", queryset=published, to_attr="published_requirements")
    )
    if ids is not None:
        skills = skills.filter(pk__in=list(ids))
    documents = []
    for skill in skills:
        context = [skill.get_kind_display(), skill.framework.name if skill.framework else ""]
        descriptors = dict.fromkeys(r.descriptor for r in skill.published_requirements if r.descriptor)
        documents.append(
            SearchDocument(
                kind=Kind.SKILL,
                object_id=skill.pk,
                url=skill.get_absolute_url(),
                title=skill.title,
                context=" · ".join(part for part in context if part)[:255],
                description=skill.description,
                body=_join([skill.code, skill.group, skill.awarding_body, *descriptors]),
            )
        )
    return documents


def framework_documents(ids: Iterable[int] | None = None) -> list[SearchDocument]:
    frameworks = Framework.objects.select_related("level_scale").prefetch_related("dimensions", "level_scale__levels")
    if ids is not None:
        frameworks = frameworks.filter(pk__in=list(ids))
    documents = []
    for framework in frameworks:
        levels = framework.level_scale.levels.all() if framework.level_scale else []
        documents.append(
            SearchDocument(
                kind=Kind.FRAMEWORK,
                object_id=framework.pk,
                url=framework.get_absolute_url(),
                title=framework.name,
                context=f"Framework{' · ' + framework.abbreviation if framework.abbreviation else ''}",
                description=framework.description,
                body=_join(
                    [
                        framework.abbreviation,
                        framework.owner,
                        *(f"{d.name} {d.description}" for d in framework.dimensions.all()),
                        *(f"{level.label} {level.description}" for level in levels),
                    ]
                ),
            )
        )
    return documents


def body_documents(ids: Iterable[int] | None = None) -> list[SearchDocument]:
    bodies = ProfessionalBody.objects.all()
    if ids is not None:
        bodies = bodies.filter(pk__in=list(ids))
    return [
        SearchDocument(
            kind=Kind.BODY,
            object_id=body.pk,
            url=body.get_absolute_url(),
            title=str(body),
            context="Professional body",
            description=body.description,
            body=body.abbreviation,
        )
        for body in bodies
    ]


BUILDERS = {
    Kind.ROLE: role_documents,
    Kind.SKILL: skill_documents,
    Kind.FRAMEWORK: framework_documents,
    Kind.BODY: body_documents,
}
