"""Reads for the pathways, about, self-assessment and progression pages: each function
returns what one page needs, join-loaded, so the query count does not grow with the data."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field, replace
from typing import NamedTuple

from django.db.models import Count, Prefetch
from django.shortcuts import get_object_or_404

from frameworks.models import Framework, ProfessionalBody, Skill, SkillLevelDescriptor
from roleprofiles.compare import LevelChange, RequirementGap, gaps_to_target, next_level_changes
from roleprofiles.exports import framework_attributions
from roleprofiles.models import JobFamily, Requirement, Role, Section
from roleprofiles.selectors import career_ladders, roles_with_requirements

from . import models
from .diagrams import HEIGHT, WIDTH, cycle_layout
from .scoring import (
    EVIDENCE_REQUIRED,
    EVIDENCE_SCALE,
    YES_NO_SCALE,
    Item,
    Option,
    StepSection,
    scale_options,
)

EXCERPTS = Prefetch("excerpts", queryset=models.Excerpt.objects.select_related("reference").order_by("position"))


# Pathways -------------------------------------------------------------------------------


@dataclass
class Rung:
    rank: int | None
    label: str
    cells: list[list[Role]]


@dataclass
class Ladder:
    families: list[JobFamily]
    rungs: list[Rung] = field(default_factory=list)

    @property
    def role_count(self) -> int:
        return sum(len(cell) for rung in self.rungs for cell in rung.cells)


def level_ladder() -> Ladder:
    """Job families (columns) with their published NHS role profiles on rungs by level rank,
    the highest first; profiles with no level on a last rung. DDaT role levels have no
    responsibility level: the page shows them by career ladder (``career_ladders``)."""
    roles = Role.objects.published().nhs_profiles().for_list().order_by("title")
    families = list(
        JobFamily.objects.filter(roles__status=Role.Status.PUBLISHED, roles__kind=Role.Kind.NHS_PROFILE)
        .distinct()
        .order_by("name")
        .prefetch_related(Prefetch("roles", queryset=roles, to_attr="published"))
    )
    ranks = {role.level.rank for family in families for role in family.published if role.level}
    top = max(ranks | {7})
    ladder = Ladder(families=families)
    for rank in range(top, 0, -1):
        ladder.rungs.append(
            Rung(
                rank, f"Level {rank}", [[r for r in f.published if r.level and r.level.rank == rank] for f in families]
            )
        )
    unlevelled = [[r for r in f.published if not r.level] for f in families]
    if any(unlevelled):
        ladder.rungs.append(Rung(None, "Level not stated", unlevelled))
    return ladder


@dataclass
class Passage:
    """One passage of the report, quoted once, with every named role it mentions."""

    number: int
    excerpt: models.Excerpt
    named_roles: list[models.NamedRole] = field(default_factory=list)


def named_role_passages(named_roles) -> list[Passage]:
    """The passages that mention the named roles, each once, numbered in the order the roles
    come; each role gets ``.passages``, the ones that mention it. One passage names up to nine
    roles: quoted under each, it filled the page with the same words."""
    passages: dict[int, Passage] = {}
    for named in named_roles:
        named.passages = []
        for excerpt in named.excerpts.all():
            passage = passages.setdefault(excerpt.pk, Passage(number=len(passages) + 1, excerpt=excerpt))
            passage.named_roles.append(named)
            named.passages.append(passage)
    return list(passages.values())


def pathways_overview() -> dict:
    ladders = career_ladders()
    named_roles = list(models.NamedRole.objects.select_related("role").prefetch_related(EXCERPTS, "archetypes"))
    passages = named_role_passages(named_roles)
    stages = list(models.CycleStage.objects.all())
    circles, arrows = cycle_layout(stages)
    return {
        "ladder": level_ladder(),
        "career_ladders": ladders,
        "attributions": framework_attributions(ladder.framework for group in ladders for ladder in group.ladders),
        "stages": stages,
        "circles": circles,
        "arrows": arrows,
        "cycle_excerpts": list(
            models.Excerpt.objects.filter(key__in=["long-term", "constant-evaluation", "isdn-cycle"])
            .select_related("reference")
            .order_by("position")
        ),
        "figure_description": models.Excerpt.objects.filter(key="figure-6-description").first(),
        "archetypes": models.Archetype.objects.prefetch_related(
            EXCERPTS, Prefetch("named_roles", queryset=models.NamedRole.objects.order_by("position")), "programmes"
        ),
        "programmes": models.TrainingProgramme.objects.select_related("framework").prefetch_related(
            "archetypes", "named_roles"
        ),
        "bodies": ProfessionalBody.objects.filter(report_mentions__isnull=False)
        .distinct()
        .prefetch_related(
            Prefetch("report_mentions", queryset=models.BodyMention.objects.order_by("excerpt__position"))
        ),
        "named_roles": named_roles,
        "named_passages": passages,
        "figures": models.KeyFigure.objects.select_related("excerpt", "excerpt__reference"),
        "references": models.Reference.objects.all(),
        "missing_references": sorted(
            set(
                models.Excerpt.objects.filter(reference__isnull=True, reference_number__isnull=False).values_list(
                    "reference_number", flat=True
                )
            )
        ),
        "diagram": {"width": WIDTH, "height": HEIGHT},
    }


def archetype_detail(slug: str) -> models.Archetype:
    return get_object_or_404(
        models.Archetype.objects.prefetch_related(
            EXCERPTS,
            Prefetch(
                "named_roles", queryset=models.NamedRole.objects.select_related("role").prefetch_related(EXCERPTS)
            ),
            "programmes",
        ),
        slug=slug,
    )


def programme_detail(slug: str) -> models.TrainingProgramme:
    return get_object_or_404(
        models.TrainingProgramme.objects.select_related("framework").prefetch_related(
            EXCERPTS, "archetypes", Prefetch("named_roles", queryset=models.NamedRole.objects.select_related("role"))
        ),
        slug=slug,
    )


def about_content() -> dict[str, list[models.ProjectParagraph]]:
    parts: dict[str, list[models.ProjectParagraph]] = {part: [] for part in models.ProjectParagraph.Part.values}
    for paragraph in models.ProjectParagraph.objects.all():
        parts[paragraph.part].append(paragraph)
    return parts


# Progression ------------------------------------------------------------------------------


@dataclass
class Progression:
    """Moving from one role to another: the compare engine in one direction."""

    current: Role
    target: Role | None = None
    gaps: list[RequirementGap] = field(default_factory=list)
    # For a DDaT role level: the next level up its own ladder and track, and what changes.
    next_level: Role | None = None
    next_changes: dict = field(default_factory=dict)

    def _of_kind(self, kind: str) -> list[RequirementGap]:
        return [gap for gap in self.gaps if gap.kind == kind]

    @property
    def gain(self) -> list[RequirementGap]:
        return self._of_kind(RequirementGap.GAIN)

    @property
    def raise_(self) -> list[RequirementGap]:
        return self._of_kind(RequirementGap.RAISE)

    @property
    def met(self) -> list[RequirementGap]:
        return self._of_kind(RequirementGap.MET)


def progression(current: str, target: str = "") -> Progression:
    """From the published role ``current`` to ``target`` (none yet: only the current role).
    Raises UnknownRoles naming a slug that is not a published role."""
    roles = roles_with_requirements([current, target] if target else [current])
    following = next_level_up(roles[0])
    changes = next_level_changes(roles[0].requirements.all(), following.requirements.all()) if following else {}
    extra = {"next_level": following, "next_changes": changes}
    if not target:
        return Progression(current=roles[0], **extra)
    gaps = gaps_to_target(roles[0].requirements.all(), roles[1].requirements.all())
    return Progression(current=roles[0], target=roles[1], gaps=gaps, **extra)


def levels_above(role: Role):
    """The published levels above a DDaT role level on its own ladder and track, in use, the
    nearest first; None for an NHS profile (no query)."""
    if role.kind != Role.Kind.DDAT_LEVEL or role.ladder_id is None:
        return None
    return (
        Role.objects.published()
        .ddat_levels()
        .filter(
            ladder_id=role.ladder_id,
            ladder_track=role.ladder_track,
            ladder_position__gt=role.ladder_position,
            in_use=True,
        )
        .order_by("ladder_position")
    )


def next_level_up(role: Role) -> Role | None:
    """The next published level above a DDaT role level on its own ladder and track, with its
    requirements (three queries); None for an NHS profile or the top of a ladder."""
    above = levels_above(role)
    return above.with_requirements().first() if above is not None else None


# Self-assessment ----------------------------------------------------------------------

# Sections that are development activities to suggest, not skills to rate.
SUGGESTION_SECTIONS = (Section.PDA, Section.TRAINING, Section.QUALIFICATION)


def assessable_frameworks():
    """Frameworks with skill areas grouped in dimensions (the DHLP framework)."""
    return Framework.objects.filter(skills__kind=Skill.Kind.SKILL_AREA).distinct().order_by("name")


def roles_to_choose():
    return Role.objects.published().order_by("title").only("title", "slug")


class FormSection(NamedTuple):
    number: int
    name: str
    rows: list[tuple[Item, list[tuple[Option, bool]]]]


@dataclass
class Assessment:
    """What is being assessed against, its items to rate and what the content links to it.

    For a DDaT role level, also the next level up its own ladder and track (``next_level``,
    None at the top: ``top_of_track``), what changes there (the compare engine's
    ``next_level_changes``), the skills only the next level lists as optional items to rate
    (``added_items``, never counted in this level's figures), and ``next_items``: every
    requirement of the next level as an item keyed by the rating that answers it."""

    kind: str  # "framework" or "role"
    subject: Framework | Role
    items: list[Item]
    groups: list[str]
    activities: list[Requirement] = field(default_factory=list)
    programmes: list[models.TrainingProgramme] = field(default_factory=list)
    next_level: Role | None = None
    next_changes: dict[str, list[LevelChange]] = field(default_factory=dict)
    added_items: list[Item] = field(default_factory=list)
    next_items: list[Item] = field(default_factory=list)

    @property
    def query(self) -> str:
        return f"{self.kind}={self.subject.slug}"

    @property
    def rateable(self) -> list[Item]:
        """Everything the form asks: this level's items, then the next level's added skills."""
        return self.items + self.added_items

    @property
    def top_of_track(self) -> bool:
        return self.kind == "role" and self.subject.kind == Role.Kind.DDAT_LEVEL and self.next_level is None

    @property
    def words_levels(self) -> bool:
        """Whether any requirement's options carry the framework's wording of each level."""
        return self.kind == "role" and any(item.words_levels for item in self.rateable)

    @property
    def added_group(self) -> str:
        """The heading of the optional section: the skills only the next level lists."""
        return self.added_items[0].group if self.added_items else ""

    def grouped(self) -> list[tuple[str, list[Item]]]:
        by_group: dict[str, list[Item]] = {group: [] for group in self.groups}
        for item in self.rateable:
            by_group[item.group].append(item)
        return list(by_group.items())

    def form(self, answers: dict[str, int], sections: list[StepSection] | None = None) -> list[FormSection]:
        """The rating form for ``sections`` (all groups if None): per section, each item with
        its options and which is checked."""
        shown = [(s.number, s.name, s.items) for s in sections] if sections is not None else None
        if shown is None:
            shown = [(number, group, items) for number, (group, items) in enumerate(self.grouped(), 1)]
        return [
            FormSection(
                number, name, [(item, [(o, answers.get(item.key) == o.rank) for o in item.options]) for item in items]
            )
            for number, name, items in shown
        ]


def framework_assessment(slug: str) -> Assessment:
    framework = get_object_or_404(assessable_frameworks(), slug=slug)
    skills = (
        Skill.objects.filter(framework=framework, kind=Skill.Kind.SKILL_AREA)
        .select_related("dimension")
        .order_by("dimension__position", "position")
    )
    items = [
        Item(
            key=f"s{skill.pk}",
            title=skill.title,
            group=skill.dimension.name if skill.dimension else framework.name,
            required=EVIDENCE_REQUIRED,
            options=EVIDENCE_SCALE,
            descriptor=skill.description,
            position=skill.position,
            skill_id=skill.pk,
        )
        for skill in skills
    ]
    programmes = list(models.TrainingProgramme.objects.filter(framework=framework))
    groups = list(dict.fromkeys(item.group for item in items))
    return Assessment(kind="framework", subject=framework, items=items, groups=groups, programmes=programmes)


# (skill id, level id) -> the framework's wording of that skill at that level.
LevelWording = dict[tuple[int, int], str]


def level_wording(requirements: list[Requirement]) -> LevelWording:
    """The framework's own wording of each skill at each level of its scale (the DDaT
    framework's Awareness to Expert descriptors), for the skills these requirements rate: one
    query, whatever their number."""
    skills = {r.skill_id for r in requirements if r.level_id}
    if not skills:
        return {}
    rows = SkillLevelDescriptor.objects.filter(skill_id__in=skills).exclude(text="")
    return {(skill, level): text for skill, level, text in rows.values_list("skill_id", "level_id", "text")}


def requirement_item(requirement: Requirement, wording: LevelWording | None = None) -> Item:
    """One requirement as an item to rate, on its own scale. Where the framework words each
    level of the skill (``wording``), every option carries its level's wording as a hint."""
    measure = requirement.level or requirement.depth
    if measure is None:
        options, required, scale_id = YES_NO_SCALE, 1, None
    else:
        scale = measure.scale
        levels = list(scale.levels.all())
        labels = {level.rank: level.label for level in levels}
        options = scale_options(min_rank=scale.min_rank, max_rank=scale.max_rank, labels=labels, scale_name=scale.name)
        if wording and requirement.level_id:
            hints = {level.rank: wording.get((requirement.skill_id, level.pk), "") for level in levels}
            options = tuple(Option(o.rank, o.label, hints.get(o.rank, "")) for o in options)
        required, scale_id = measure.rank, scale.pk
    return Item(
        key=f"r{requirement.pk}",
        title=requirement.skill.title,
        group=requirement.heading,
        required=required,
        options=options,
        descriptor=requirement.descriptor,
        code=requirement.code,
        position=requirement.position,
        skill_id=requirement.skill_id,
        scale_id=scale_id,
    )


def rateable_requirements():
    """Requirements as the rating form needs them: skill, level or depth and every level of its
    scale (for the options), in source order."""
    return (
        Requirement.objects.select_related("skill", "level__scale", "depth__scale")
        .prefetch_related("level__scale__levels", "depth__scale__levels")
        .order_by("position")
    )


def role_assessment(slug: str) -> Assessment:
    """A role's requirements to rate (its development activities to suggest), and for a DDaT
    role level the next level up its track: a fixed number of queries whatever the number of
    requirements, roles or levels (tests/test_self_assessment_ddat.py counts them)."""
    role = get_object_or_404(
        Role.objects.published()
        .for_list()
        .select_related("ladder")
        .prefetch_related(Prefetch("requirements", queryset=rateable_requirements())),
        slug=slug,
    )
    rated = [r for r in role.requirements.all() if r.section not in SUGGESTION_SECTIONS]
    activities = [r for r in role.requirements.all() if r.section in SUGGESTION_SECTIONS]
    following = _next_level_to_rate(role)
    ahead = list(following.requirements.all()) if following else []
    wording = level_wording(rated + ahead)
    items = [requirement_item(r, wording) for r in rated]
    programmes = list(models.TrainingProgramme.objects.filter(named_roles__role=role).distinct())
    assessment = Assessment(
        kind="role", subject=role, items=items, groups=[], activities=activities, programmes=programmes
    )
    if following is not None:
        _add_next_level(assessment, following, rated, ahead, wording)
    assessment.groups = list(dict.fromkeys(item.group for item in assessment.rateable))
    return assessment


def _next_level_to_rate(role: Role) -> Role | None:
    """The next level up (the one the progression page shows, ``levels_above``), its
    requirements loaded as the rating form needs them (three queries; none for a profile)."""
    above = levels_above(role)
    if above is None:
        return None
    rateable = rateable_requirements().exclude(section__in=SUGGESTION_SECTIONS)
    return above.prefetch_related(Prefetch("requirements", queryset=rateable)).first()


def _add_next_level(assessment: Assessment, following: Role, rated, ahead, wording: LevelWording) -> None:
    """The gap to the next level, measured with the compare engine: a skill both levels list is
    answered by this level's rating, a skill only the next level lists by its own optional item."""
    changes = next_level_changes(rated, ahead)
    group = f"Skills {following.title} adds (optional)"
    next_items = []
    for change in (*changes[LevelChange.RAISED], *changes[LevelChange.SAME], *changes[LevelChange.ADDED]):
        target, have = change.following, change.current
        if have is not None and _same_scale(have, target):
            next_items.append(replace(requirement_item(target, wording), key=f"r{have.pk}"))
        else:
            added = replace(requirement_item(target, wording), group=group)
            assessment.added_items.append(added)
            next_items.append(added)
    assessment.added_items.sort(key=lambda item: item.position)
    assessment.next_items = sorted(next_items, key=lambda item: item.position)
    assessment.next_level = following
    assessment.next_changes = changes


def _same_scale(have: Requirement, target: Requirement) -> bool:
    """Whether a rating of ``have`` can answer ``target``: both measured on one scale."""
    mine, theirs = have.level or have.depth, target.level or target.depth
    if mine is None or theirs is None:
        return mine is None and theirs is None
    return mine.scale_id == theirs.scale_id


@dataclass
class CloseRole:
    role: Role
    met: int
    total: int

    @property
    def share(self) -> float:
        return self.met / self.total if self.total else 0.0


def closest_roles(assessment: Assessment, answers: dict[str, int], *, limit: int = 3) -> list[CloseRole]:
    """Other published roles closest to your profile: those listing skills you rated,
    ranked by the share of their own skill requirements your ratings meet (same skill,
    same scale, at or above the rank), then by how many. Two queries, whatever the number
    of roles."""
    ratings = {}
    for item in assessment.items:
        if answers.get(item.key):
            ratings[item.skill_id] = (item.scale_id, answers[item.key])
    rateable = Requirement.objects.published().exclude(section__in=SUGGESTION_SECTIONS)
    if assessment.kind == "framework":
        candidates = rateable.filter(role__in=Role.objects.mapped_to(assessment.subject))
    else:
        candidates = rateable.filter(skill_id__in=ratings).exclude(role=assessment.subject)
    met: Counter[int] = Counter()
    roles: dict[int, Role] = {}
    for requirement in candidates.select_related("role", "level", "depth").distinct():
        roles[requirement.role_id] = requirement.role
        have = ratings.get(requirement.skill_id)
        measure = requirement.level or requirement.depth
        if have and (measure is None or (have[0] == measure.scale_id and have[1] >= measure.rank)):
            met[requirement.role_id] += 1
    if not roles:
        return []
    totals = dict(
        rateable.filter(role_id__in=roles).values("role_id").annotate(n=Count("id")).values_list("role_id", "n")
    )
    close = [CloseRole(role=roles[pk], met=met[pk], total=totals.get(pk, 0)) for pk in roles]
    close.sort(key=lambda c: (-c.share, -c.met, c.role.title))
    return close[:limit]
