"""Reads for role pages: each function returns what one page needs, join-loaded."""

from __future__ import annotations

import hashlib
from collections.abc import Sequence
from dataclasses import dataclass, field
from functools import cached_property
from typing import NamedTuple

from django.db import connection
from django.db.models import Case, Count, OuterRef, Q, Subquery, Value, When
from django.db.models.functions import Coalesce
from django.shortcuts import get_object_or_404
from django.urls import reverse

from core.cache import cached_for_content
from core.pagination import Pagination, page_of
from frameworks.models import Framework, ProfessionalBody, Skill, SkillLevelDescriptor

from .compare import Comparison, build_comparison
from .models import CareerLadder, JobFamily, Requirement, Role, RoleSlugRedirect, Section, section_rank


@dataclass
class ProfileSection:
    # Cached: the requirement table reads these once per row. Read after the section is built.
    key: str
    heading: str
    requirements: list[Requirement] = field(default_factory=list)

    @property
    def anchor(self) -> str:
        return self.key.replace("_", "-")

    @cached_property
    def kind(self) -> str:
        return self.requirements[0].section

    @cached_property
    def has_levels(self) -> bool:
        return any(r.level_id for r in self.requirements)

    @cached_property
    def has_depth(self) -> bool:
        return any(r.depth_id for r in self.requirements)

    @cached_property
    def level_steps(self) -> int | None:
        """The length of the scale its levels are on (its first level's): the list of requirements
        gives it to every level bar once, rather than each bar carrying it."""
        return next((r.level.scale.steps for r in self.requirements if r.level_id), None)

    @cached_property
    def groups(self) -> list[tuple[str, list[Requirement]]]:
        """The requirements by PDA group (or training group), groups in the order they first appear."""
        groups: dict[str, list[Requirement]] = {}
        for requirement in self.requirements:
            groups.setdefault(requirement.skill.group, []).append(requirement)
        return list(groups.items())

    @cached_property
    def framework(self):
        return self.requirements[0].skill.framework if self.kind == Section.FRAMEWORK else None


def role_frameworks(role: Role, sections: list[ProfileSection]) -> list[Framework]:
    """The frameworks a role is mapped to: its additional frameworks, then those of its skills."""
    frameworks = list(role.additional_frameworks.all())
    for section in sections:
        if section.framework and section.framework not in frameworks:
            frameworks.append(section.framework)
    return frameworks


def published_profile(slug: str) -> Role:
    """A published role (404 otherwise) with its whole profile loaded, for its page and every
    document made from it (advert, job description, exports): three queries."""
    return get_object_or_404(Role.objects.published().with_profile(), slug=slug)


def published_role_heading(slug: str) -> Role:
    """A published role (404 otherwise) with only what its page shows around the body: its
    title and summary (one query)."""
    return get_object_or_404(Role.objects.published().only("pk", "slug", "title", "summary"), slug=slug)


def role_profile(slug: str) -> tuple[Role, list[ProfileSection]]:
    """A published role with its requirements grouped by the heading they came under."""
    role = published_profile(slug)
    return role, group_requirements(role.requirements.all())


def role_preview(pk: int) -> tuple[Role, list[ProfileSection]]:
    """Like ``role_profile`` but for a role in any status, for staff to preview."""
    role = get_object_or_404(Role.objects.with_profile(), pk=pk)
    return role, group_requirements(role.requirements.all())


def renamed_role_url(old_slug: str) -> str | None:
    """Where a role that used to have this slug is now, if it is published."""
    moved = (
        RoleSlugRedirect.objects.filter(old_slug=old_slug, role__status=Role.Status.PUBLISHED)
        .select_related("role")
        .first()
    )
    return moved.role.get_absolute_url() if moved else None


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
        sections.values(), key=lambda s: (section_rank(s.requirements[0].section), s.requirements[0].position)
    )


# --- The catalogue -----------------------------------------------------------------------


@dataclass
class FacetOption:
    value: str
    label: str
    count: int
    selected: bool
    remove_href: str = ""


@dataclass
class Facet:
    name: str
    legend: str
    options: list[FacetOption]
    hint: str = ""
    # Beyond this many options, the rest are folded away (a details element: no script needed).
    fold: int | None = None

    @property
    def selected(self) -> list[FacetOption]:
        return [option for option in self.options if option.selected]

    @property
    def shown(self) -> list[FacetOption]:
        return self.options[: self.fold] if self.fold else self.options

    @property
    def folded(self) -> list[FacetOption]:
        return self.options[self.fold :] if self.fold else []

    @property
    def folded_selected(self) -> bool:
        return any(option.selected for option in self.folded)


def _published_count(relation: str, roles) -> Count:
    return Count(relation, filter=Q(**{f"{relation}__in": roles.values("pk")}), distinct=True)


def _model_facet(name, legend, model, relation, filterset, *, label=str, limit=None, hint="", fold=None) -> Facet:
    """One query: every option of a facet with the number of roles it would give."""
    chosen = set(filterset.selected(name))
    roles = filterset.without(name)
    options = model.objects.annotate(role_count=_published_count(relation, roles)).filter(
        Q(role_count__gt=0) | Q(slug__in=chosen)
    )
    if limit:
        # The chosen options always show, then the commonest: one query, cut at ``limit``.
        chosen_first = Case(When(slug__in=chosen, then=Value(0)), default=Value(1))
        options = options.order_by(chosen_first, "-role_count", "title")[: max(limit, len(chosen))]
    found = [FacetOption(o.slug, label(o), o.role_count, o.slug in chosen) for o in options]
    if limit:
        found.sort(key=lambda option: (not option.selected, option.label.lower()))
    elif fold:
        found.sort(key=lambda option: option.label.lower())  # A to Z, to find one among many
    return Facet(name, legend, found, hint, fold)


def _kind_facet(filterset) -> Facet:
    """What each role is (an NHS role profile or a DDaT role level), with counts: one query."""
    chosen = set(filterset.selected("kind"))
    rows = filterset.without("kind").order_by().values_list("kind").annotate(role_count=Count("pk"))
    counts = dict(rows)
    options = [
        FacetOption(value, label, counts.get(value, 0), value in chosen)
        for value, label in Role.Kind.choices
        if counts.get(value) or value in chosen
    ]
    return Facet("kind", "What it is", options)


def _level_facet(filterset) -> Facet:
    chosen = set(filterset.selected("level"))
    rows = (
        filterset.without("level")
        .filter(level__isnull=False)
        .order_by()
        .values_list("level__rank")
        .annotate(role_count=Count("pk"))
    )
    counts = {str(rank): count for rank, count in rows}
    ranks = sorted(set(counts) | chosen, key=int)
    options = [FacetOption(rank, f"Level {rank}", counts.get(rank, 0), rank in chosen) for rank in ranks]
    return Facet("level", "Level", options)


def _framework_facet(filterset) -> Facet:
    """Frameworks reach a role two ways (mapped to it, or through its skills): a correlated
    count per framework keeps a role that has both from counting twice, in one query."""
    chosen = set(filterset.selected("framework"))
    count = (
        filterset.without("framework")
        .mapped_to(OuterRef(OuterRef("pk")))
        .order_by()
        .annotate(group=Value(1))
        .values("group")
        .annotate(n=Count("pk"))
        .values("n")
    )
    # Filtered here rather than in SQL, where the WHERE would run the count a second time.
    frameworks = Framework.objects.annotate(role_count=Coalesce(Subquery(count), 0))
    options = [
        FacetOption(f.slug, f.name, f.role_count, f.slug in chosen)
        for f in frameworks
        if f.role_count > 0 or f.slug in chosen
    ]
    return Facet("framework", "Framework", options)


def catalogue_facets(filterset) -> list[Facet]:
    """The seven facets, each counted against the other active filters (one query each)."""
    return [
        _kind_facet(filterset),
        _model_facet("family", "Job family", JobFamily, "roles", filterset),
        _level_facet(filterset),
        # DDaT role levels have no responsibility level: they are found by their ladder instead.
        _model_facet(
            "ladder",
            "Career ladder",
            CareerLadder,
            "levels",
            filterset,
            hint="DDaT role levels by their role in the framework.",
            fold=CATALOGUE_FOLDED_AFTER,
        ),
        _model_facet("body", "Professional body", ProfessionalBody, "roles", filterset, label=lambda b: b.abbreviation),
        _framework_facet(filterset),
        _model_facet(
            "skill",
            "Skill",
            Skill,
            "requirements__role",
            filterset,
            limit=CATALOGUE_SKILL_OPTIONS,
            hint="The skills most of these roles need.",
        ),
    ]


CATALOGUE_PAGE_SIZE = 20
CATALOGUE_SKILL_OPTIONS = 12
CATALOGUE_FOLDED_AFTER = 10


def catalogue_roles(filterset, *, offset: int, limit: int):
    """One page of the filtered, sorted roles, join-loaded for the list."""
    return list(
        filterset.sorted_qs()
        .select_related("family", "professional_body", "level", "level__scale", "ladder__framework")
        .annotate(requirement_count=Count("requirements"))[offset : offset + limit]
    )


@dataclass
class Catalogue:
    roles: list[Role]
    facets: list[Facet]
    pagination: Pagination
    query: str
    corrected: str = ""

    @property
    def active(self) -> list[tuple[Facet, FacetOption]]:
        return [(facet, option) for facet in self.facets for option in facet.selected]


def catalogue(filterset, *, page) -> Catalogue:
    """The catalogue for a valid RoleFilter: page ``page`` of the roles, the facets and the paging.
    Raises ``Problem`` for a page that is not a number or past the last page."""
    params = filterset.data
    query = filterset.form.cleaned_data.get("q") or ""
    # The count is of the plain roles; the page is read below with its annotations.
    pagination = Pagination(page_of(filterset.sorted_qs(), page, per_page=CATALOGUE_PAGE_SIZE), params)
    # The facets depend on the filters, not the page: cached per filter set until content changes.
    filters = sorted((name, value) for name, values in params.lists() if name != "page" for value in values)
    key = hashlib.sha256(repr(filters).encode()).hexdigest()
    facets = cached_for_content(f"catalogue-facets:{key}", lambda: catalogue_facets(filterset))
    for facet in facets:
        for option in facet.selected:
            option.remove_href = _without_value(params, facet.name, option.value)
    return Catalogue(
        roles=catalogue_roles(filterset, offset=pagination.offset, limit=CATALOGUE_PAGE_SIZE),
        facets=facets,
        pagination=pagination,
        query=query,
        corrected=filterset.corrected_query,
    )


def related_roles(role: Role, *, limit: int = 5) -> list[Role]:
    """Other published roles ranked by how many skills they share with this one (one query,
    cached until the content next changes)."""
    return cached_for_content(f"related-roles:{role.pk}:{limit}", lambda: _related_roles(role, limit))


# Counted from the requirement side, only for this role's skills: for each of its skills the
# distinct roles that list it, read in order from the (skill, role) index (so no sort), then
# counted per role. Titles join after the count (grouping on them spilled to disk).
RELATED_ROLES_SQL = """
SELECT r.id, r.title, r.slug, c.shared_skills
FROM (
    SELECT other.role_id, COUNT(*) AS shared_skills
    FROM (SELECT DISTINCT skill_id FROM roleprofiles_requirement WHERE role_id = %s) mine
    CROSS JOIN LATERAL (
        SELECT DISTINCT role_id FROM roleprofiles_requirement WHERE skill_id = mine.skill_id
    ) other
    WHERE other.role_id <> %s
    GROUP BY other.role_id
) c
JOIN roleprofiles_role r ON r.id = c.role_id
WHERE r.status = %s
ORDER BY c.shared_skills DESC, r.title
LIMIT %s
"""


# The same count without LATERAL, for SQLite (small databases: tests and local use).
RELATED_ROLES_PORTABLE_SQL = """
SELECT r.id, r.title, r.slug, c.shared_skills
FROM (
    SELECT role_id, COUNT(DISTINCT skill_id) AS shared_skills
    FROM roleprofiles_requirement
    WHERE skill_id IN (SELECT skill_id FROM roleprofiles_requirement WHERE role_id = %s) AND role_id <> %s
    GROUP BY role_id
) c
JOIN roleprofiles_role r ON r.id = c.role_id
WHERE r.status = %s
ORDER BY c.shared_skills DESC, r.title
LIMIT %s
"""


def _related_roles(role: Role, limit: int) -> list[Role]:
    sql = RELATED_ROLES_SQL if connection.vendor == "postgresql" else RELATED_ROLES_PORTABLE_SQL
    return list(Role.objects.raw(sql, [role.pk, role.pk, Role.Status.PUBLISHED, limit]))


def _without_value(params, name: str, value: str) -> str:
    """The catalogue URL with one filter value taken off (and back to the first page)."""
    params = params.copy()
    params.pop("page", None)
    params.setlist(name, [v for v in params.getlist(name) if v != value])
    encoded = params.urlencode()
    url = reverse("roleprofiles:role-list")
    return f"{url}?{encoded}" if encoded else url


# --- Compare ----------------------------------------------------------------------------------


class UnknownRoles(LookupError):
    def __init__(self, slugs: list[str]):
        super().__init__(", ".join(slugs))
        self.slugs = slugs


def roles_with_requirements(slugs: Sequence[str]) -> list[Role]:
    """The published roles with these slugs, in the order given, with their requirements
    join-loaded: two queries whatever the number of roles. Raises UnknownRoles naming any
    slug that is not a published role."""
    found = {role.slug: role for role in Role.objects.published().with_requirements().filter(slug__in=slugs)}
    missing = [slug for slug in slugs if slug not in found]
    if missing:
        raise UnknownRoles(missing)
    return [found[slug] for slug in slugs]


def comparison(slugs: Sequence[str]) -> Comparison:
    """The published roles with these slugs side by side (see ``roleprofiles.compare``)."""
    roles = roles_with_requirements(slugs)
    return build_comparison(roles, {role.pk: list(role.requirements.all()) for role in roles})


class PickerOption(NamedTuple):
    slug: str
    title: str
    hint: str
    ticked: bool


PICKER_LIMIT = 50  # roles offered at once: more is a list nobody can scan, and a heavy page
FIND_MAX_LENGTH = 100


@dataclass
class Picker:
    options: list[PickerOption]
    found: int  # roles offered besides the ticked ones
    more: bool  # further roles match than are offered


def picker_options(ticked: Sequence[str] = (), find: str = "", *, limit: int = PICKER_LIMIT) -> Picker:
    """The roles the compare picker offers, in one query of plain values: the ticked ones first,
    then up to ``limit`` others whose title or job family contains ``find`` (all roles when it is
    empty), by title; ``more`` says further roles match, so the page can ask for a narrower
    search instead of listing thousands of checkboxes. Slugs are looked up as given: the
    caller passes only well-formed ones."""
    roles = Role.objects.published()
    if find:
        roles = roles.filter(Q(slug__in=ticked) | Q(title__icontains=find) | Q(family__name__icontains=find))
    rows = (
        roles.annotate(is_ticked=Case(When(slug__in=ticked, then=Value(True)), default=Value(False)))
        .order_by("-is_ticked", "title", "slug")
        .values_list("slug", "title", "family__name", "level__label", "professional_body__abbreviation", "is_ticked")
    )[: limit + len(ticked) + 1]
    picker = Picker(options=[], found=0, more=False)
    for slug, title, family, level, body, is_ticked in rows:
        if not is_ticked:
            if picker.found == limit:
                picker.more = True
                break
            picker.found += 1
        hint = family or "No job family"
        if level:
            hint += f", {level.lower()}"
        if body:
            hint += f", {body}"
        picker.options.append(PickerOption(slug, title, hint, bool(is_ticked)))
    return picker


# --- DDaT role levels ---------------------------------------------------------------------------


class DdatSkill(NamedTuple):
    """A skill a DDaT role level needs: the role's wording at its level and, only where it
    differs, the framework's generic wording for that level."""

    requirement: Requirement
    generic: str


@dataclass
class LadderStep:
    role: Role
    current: bool


@dataclass
class DdatLevelPage:
    """What a DDaT role level's page shows beyond a profile: its ladder and its skills."""

    ladder: object  # CareerLadder
    steps: list[LadderStep]  # every level of the role, in career order
    below: Role | None
    above: Role | None
    tracks: list[str]  # the tracks of the ladder ("" main, "management")
    order_inferred: bool
    skills: list[DdatSkill]


def ddat_level_page(role: Role, sections: Sequence[ProfileSection]) -> DdatLevelPage | None:
    """The ladder and skill wording of a DDaT role level, in two queries whatever the size of
    the framework: the ladder's levels, and the generic descriptors of the role's skills at
    the role's levels."""
    if role.kind != Role.Kind.DDAT_LEVEL or role.ladder_id is None:
        return None

    levels = list(
        Role.objects.published()
        .filter(ladder_id=role.ladder_id, in_use=True)
        .select_related("ladder")
        .in_career_order()
    )
    steps = [LadderStep(level, level.pk == role.pk) for level in levels]
    own_track = [level for level in levels if level.ladder_track == role.ladder_track]
    index = next((i for i, level in enumerate(own_track) if level.pk == role.pk), None)
    below = own_track[index - 1] if index else None
    above = own_track[index + 1] if index is not None and index + 1 < len(own_track) else None
    requirements = [r for section in sections for r in section.requirements if r.section == Section.FRAMEWORK]
    wanted = Q()
    for requirement in requirements:
        if requirement.level_id:
            wanted |= Q(skill_id=requirement.skill_id, level_id=requirement.level_id)
    generic = {}
    if wanted:
        generic = {
            (d.skill_id, d.level_id): d.text
            for d in SkillLevelDescriptor.objects.filter(wanted).only("skill_id", "level_id", "text")
        }
    skills = []
    for requirement in requirements:
        text = generic.get((requirement.skill_id, requirement.level_id), "")
        skills.append(DdatSkill(requirement, text if text.strip() != requirement.descriptor.strip() else ""))
    return DdatLevelPage(
        ladder=levels[0].ladder if levels else role.ladder,
        steps=steps,
        below=below,
        above=above,
        tracks=sorted({level.ladder_track for level in levels}),
        order_inferred=any(level.ladder_order_inferred for level in levels),
        skills=skills,
    )


@dataclass
class FamilyLadders:
    family: JobFamily
    ladders: list = field(default_factory=list)  # CareerLadder, each with .steps: its levels in career order


def career_ladders(framework: Framework | None = None) -> list[FamilyLadders]:
    """A framework's (or every framework's) role families, their roles (ladders) A to Z and each
    role's levels in career order, in two queries. Levels the framework marks NOT IN USE are listed (and marked) but
    never linked: they are not in the catalogue."""
    ladders = CareerLadder.objects.filter(status=CareerLadder.Status.ACTIVE)
    if framework is not None:
        ladders = ladders.filter(framework=framework)
    ladders = list(ladders.select_related("family", "framework").order_by("family__name", "title"))
    if not ladders:
        return []
    levels = (
        Role.objects.filter(ladder__in=ladders)
        .filter(Q(status=Role.Status.PUBLISHED) | Q(in_use=False))
        .exclude(status=Role.Status.ARCHIVED)
        .only("title", "slug", "ladder_id", "ladder_position", "ladder_track", "in_use", "status")
        .in_career_order()
    )
    steps: dict[int, list[Role]] = {}
    for role in levels:
        steps.setdefault(role.ladder_id, []).append(role)
    families: dict[int, FamilyLadders] = {}
    for ladder in ladders:
        ladder.steps = steps.get(ladder.pk, [])
        ladder.in_use = any(role.in_use for role in ladder.steps)
        families.setdefault(ladder.family_id, FamilyLadders(ladder.family)).ladders.append(ladder)
    return list(families.values())
