"""What roles and skills put in the search index, and the saves that change it: registered
with the search engine by ``RoleprofilesConfig.ready``. A skill's entry carries the wording of
the published profiles that list it, which is why roles register skills too."""

from __future__ import annotations

from collections.abc import Iterable

from django.db.models import Prefetch, Q
from django.db.models.signals import m2m_changed, post_save

from frameworks.models import Framework, ProfessionalBody, Skill
from search import registry, updates
from search.registry import Entry
from search.text import joined

from .exports import OGL_FRAMEWORK_SLUGS, framework_attributions, with_release_dates
from .models import JobFamily, Requirement, Role


def role_entries(ids: Iterable[int] | None = None) -> list[Entry]:
    """Entries for published roles only: drafts and archived roles are never searchable."""
    roles = Role.objects.published().with_profile()
    if ids is not None:
        roles = roles.filter(pk__in=list(ids))
    entries = []
    for role in roles:
        # Results say what each role is (an NHS role profile or a DDaT role level).
        context = [
            role.get_kind_display(),
            role.family.name if role.family else "",
            role.level.label if role.level else "",
        ]
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
                joined(
                    (
                        requirement.code,
                        skill.title,
                        requirement.level_label,
                        requirement.descriptor,
                        skill.awarding_body,
                        skill.framework.name if skill.framework else "",
                    ),
                    " ",
                )
            )
        # The skills it requires are what the role is about: a match there is no passing mention.
        keywords = [requirement.skill.title for requirement in role.requirements.all()]
        entries.append(
            Entry.of(role, title=role.title, context=context, description=role.summary, body=body, keywords=keywords)
        )
    return entries


def skill_entries(ids: Iterable[int] | None = None) -> list[Entry]:
    """Entries for active skills only: a skill a framework release dropped is archived, off public
    pages and out of search (re-indexing it removes its entry)."""
    published = Requirement.objects.published().only("skill_id", "descriptor")
    skills = (
        Skill.objects.active()
        .select_related("framework", "dimension")
        .prefetch_related(Prefetch("requirements", queryset=published, to_attr="published_requirements"))
    )
    if ids is not None:
        skills = skills.filter(pk__in=list(ids))
    entries = []
    for skill in skills:
        context = [skill.get_kind_display(), skill.framework.name if skill.framework else ""]
        descriptors = dict.fromkeys(r.descriptor for r in skill.published_requirements if r.descriptor)
        body = [skill.code, skill.group, skill.awarding_body, *descriptors]
        entries.append(Entry.of(skill, title=skill.title, context=context, description=skill.description, body=body))
    return entries


def _roles_of(relation: str):
    def role_ids(instance, **kwargs) -> Iterable[int]:
        return getattr(instance, relation).values_list("pk", flat=True)

    role_ids.__qualname__ = f"roles_of_{relation}"
    return role_ids


def _role_of_requirement(requirement, **kwargs) -> list[int]:
    return [requirement.role_id]


def _skill_of_requirement(requirement, **kwargs) -> list[int]:
    return [requirement.skill_id]


def _role_whose_frameworks_changed(instance, **kwargs) -> list[int]:
    return [instance.pk] if isinstance(instance, Role) else []


def _roles_needing_skill(skill, created=False, **kwargs) -> Iterable[int]:
    if created:  # a skill just created is required by no role yet: no query (an import creates thousands)
        return []
    return skill.requirements.values_list("role_id", flat=True)


def licence_notices(found) -> list:
    """The licence notices for the roles and skills on a page of search results: their
    frameworks' (a DDaT role level's ladder, a skill's own), in one query."""
    roles = [pk for kind, pk in found if kind == "role"]
    skills = [pk for kind, pk in found if kind == "skill"]
    if not roles and not skills:
        return []
    frameworks = (
        with_release_dates(Framework.objects)
        .filter(Q(career_ladders__levels__in=roles) | Q(skills__in=skills), slug__in=OGL_FRAMEWORK_SLUGS)
        .distinct()
    )
    return framework_attributions(frameworks)


def register_with_search() -> None:
    # Titles that match: roles first, skills after frameworks and bodies.
    # Roles are what people search for: ranked above passing mentions elsewhere (issue 16).
    registry.register("role", entries=role_entries, title_rank=0, boosted=True)
    registry.register("skill", entries=skill_entries, title_rank=3)
    registry.register_notices(licence_notices)
    updates.watch(Role, "role")
    updates.watch(Role.additional_frameworks.through, "role", ids=_role_whose_frameworks_changed, signals=[m2m_changed])
    updates.watch(Requirement, "role", ids=_role_of_requirement)
    updates.watch(Requirement, "skill", ids=_skill_of_requirement)
    updates.watch(Skill, "skill")
    # A role's entry names its skills, body and family: a save of one re-indexes its roles
    # (after a delete there are none left to re-index).
    updates.watch(Skill, "role", ids=_roles_needing_skill, signals=[post_save])
    updates.watch(ProfessionalBody, "role", ids=_roles_of("roles"), signals=[post_save])
    updates.watch(JobFamily, "role", ids=_roles_of("roles"), signals=[post_save])
