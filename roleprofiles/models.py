"""Job families, roles and the one requirement table that links a role to the skills,
activities and qualifications its profile lists.

A Role is one of two kinds: an NHS role profile (imported from a Role Model Plus export) or a
DDaT role level (a level of a role of the Government Digital and Data Profession Capability
Framework, e.g. "Senior data scientist"). A DDaT role level sits on a career ladder (the
framework's role, e.g. "Data scientist") at a position, on a track, and is known to the
framework by its (role, level) names. Both kinds list their skills in the same requirement
table, so compare, search, adverts and reverse look-ups read one table.
"""

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.urls import reverse
from simple_history.models import HistoricalRecords

from frameworks.models import Framework, Level, ProfessionalBody, Skill, SourceDocument

# The sections of a profile are the kinds of skill it lists: their values are Skill.Kind's (the
# one list of kinds), in the order a profile page shows them, each with its heading.
SECTION_HEADINGS = {
    Skill.Kind.WORK_ACTIVITY: "Work activity components",
    Skill.Kind.TECHNICAL: "Technical skills",
    Skill.Kind.OTHER: "Other skills",
    Skill.Kind.BEHAVIOURAL: "Behavioural skills",
    Skill.Kind.BEHAVIOUR: "Behaviours",
    Skill.Kind.LEADERSHIP: "Leadership",
    Skill.Kind.DATA: "Data skills",
    Skill.Kind.PROJECT: "Project skills",
    Skill.Kind.FRAMEWORK: "Framework skills",
    Skill.Kind.QUALIFICATION: "Qualifications",
    Skill.Kind.TRAINING: "Training",
    Skill.Kind.PDA: "Professional development activities",
}
Section = models.TextChoices(
    "Section", [(kind.name, (kind.value, heading)) for kind, heading in SECTION_HEADINGS.items()]
)
Section.__doc__ = "The sections of a Role Model Plus profile, in the order a profile page shows them."

# Where each section comes on a profile page; compare, adverts and the profile sort by it.
SECTION_ORDER = {value: index for index, value in enumerate(Section.values)}


def section_rank(section: str) -> int:
    """A section's place on a profile page (an unknown section last)."""
    return SECTION_ORDER.get(section, len(SECTION_ORDER))


class JobFamily(models.Model):
    name = models.CharField(max_length=255, unique=True)
    slug = models.SlugField(max_length=120, unique=True)
    description = models.TextField(blank=True)
    professional_body = models.ForeignKey(
        ProfessionalBody, on_delete=models.SET_NULL, null=True, blank=True, related_name="job_families"
    )
    history = HistoricalRecords()

    class Meta:
        ordering = ["name"]
        verbose_name_plural = "job families"

    def __str__(self) -> str:
        return self.name


class CareerLadder(models.Model):
    """A framework's role with its levels in career order: the DDaT framework's "Data
    scientist" is a ladder whose levels (Roles) run from "Trainee data scientist" up."""

    class Status(models.TextChoices):
        ACTIVE = "active", "Active"
        ARCHIVED = "archived", "Archived (no longer in its framework)"

    framework = models.ForeignKey(Framework, on_delete=models.PROTECT, related_name="career_ladders")
    family = models.ForeignKey(JobFamily, on_delete=models.PROTECT, related_name="career_ladders")
    title = models.CharField(max_length=255, help_text="The framework's name for the role, e.g. 'Data scientist'.")
    slug = models.SlugField(max_length=120, unique=True)
    description = models.TextField(blank=True, help_text="The framework's description of the role, verbatim.")
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.ACTIVE)
    history = HistoricalRecords()

    class Meta:
        ordering = ["family__name", "title"]
        constraints = [
            models.UniqueConstraint(fields=["framework", "title"], name="careerladder_unique_title_per_framework"),
            models.CheckConstraint(condition=Q(status__in=["active", "archived"]), name="careerladder_status_valid"),
        ]

    def __str__(self) -> str:
        return self.title


class AgendaForChangeBand(models.TextChoices):
    """Agenda for Change pay bands (England) open to new entrants: band 1 closed on 1 December 2018."""

    BAND_2 = "2", "Band 2"
    BAND_3 = "3", "Band 3"
    BAND_4 = "4", "Band 4"
    BAND_5 = "5", "Band 5"
    BAND_6 = "6", "Band 6"
    BAND_7 = "7", "Band 7"
    BAND_8A = "8a", "Band 8a"
    BAND_8B = "8b", "Band 8b"
    BAND_8C = "8c", "Band 8c"
    BAND_8D = "8d", "Band 8d"
    BAND_9 = "9", "Band 9"


class RoleQuerySet(models.QuerySet):
    """The reads of roles, written once: ``Role.objects.published().mapped_to(framework)``."""

    def published(self):
        return self.filter(status=Role.Status.PUBLISHED)

    def ddat_levels(self):
        return self.filter(kind=Role.Kind.DDAT_LEVEL)

    def nhs_profiles(self):
        return self.filter(kind=Role.Kind.NHS_PROFILE)

    def in_career_order(self):
        """A ladder's levels lowest first, the main track before a parallel track at the same position."""
        return self.order_by("ladder", "ladder_position", "ladder_track", "title")

    def for_list(self):
        """Join-loaded for a list of roles: family, body and level."""
        return self.select_related("family", "professional_body", "level", "level__scale")

    def with_requirements(self):
        """Join-loaded with the requirements in source order, as a profile shows them: two
        queries whatever their number (compare, progression)."""
        return self.for_list().prefetch_related(
            models.Prefetch("requirements", queryset=Requirement.objects.for_display())
        )

    def with_profile(self):
        """Join-loaded for a whole profile (its page, preview and exports): the requirements,
        the additional frameworks and the source document, in three queries."""
        return self.with_requirements().select_related("source_document").prefetch_related("additional_frameworks")

    def mapped_to(self, frameworks):
        """Roles mapped to a framework (or any of several): named as an additional framework, or
        needing one of its skills. ``frameworks`` is a Framework, a queryset or list of them, or an
        expression such as ``OuterRef("pk")`` for a count per framework.

        EXISTS per role is an index lookup on the role's own rows; IN over every requirement of
        a framework read most of the requirements table once per framework.
        """
        lookup = "framework__in" if isinstance(frameworks, models.QuerySet | list | tuple | set) else "framework"
        mapped = Role.additional_frameworks.through.objects.filter(role=models.OuterRef("pk"), **{lookup: frameworks})
        via_skills = Requirement.objects.filter(role=models.OuterRef("pk"), **{f"skill__{lookup}": frameworks})
        return self.filter(models.Exists(mapped) | models.Exists(via_skills))

    def needing(self, skills):
        """Roles that list a skill (or any of several) in their profile."""
        lookup = "skill__in" if isinstance(skills, models.QuerySet | list | tuple | set) else "skill"
        return self.filter(pk__in=Requirement.objects.filter(**{lookup: skills}).values("role_id"))


class Role(models.Model):
    class Status(models.TextChoices):
        DRAFT = "draft", "Draft"
        PUBLISHED = "published", "Published"
        ARCHIVED = "archived", "Archived"

    class Kind(models.TextChoices):
        NHS_PROFILE = "nhs_profile", "NHS role profile"
        DDAT_LEVEL = "ddat_level", "DDaT role level"

    kind = models.CharField(max_length=20, choices=Kind.choices, default=Kind.NHS_PROFILE)
    title = models.CharField(max_length=255)
    slug = models.SlugField(max_length=120, unique=True)
    title_in_source = models.BooleanField(
        default=True,
        help_text="False when the source document states no title and the title was derived or given on import.",
    )
    family = models.ForeignKey(JobFamily, on_delete=models.PROTECT, null=True, blank=True, related_name="roles")
    level = models.ForeignKey(
        Level,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        help_text="The role's responsibility level, from its work activity components where the profile has them.",
    )
    summary = models.TextField(blank=True)
    indicative_band = models.CharField(
        "indicative Agenda for Change band",
        max_length=2,
        choices=AgendaForChangeBand.choices,
        blank=True,
        default="",
        help_text="Set by an editor where a typical band is known; empty unless set (profiles do not state one). "
        "Shown on the profile and used as a job advert's default band.",
    )
    professional_body = models.ForeignKey(
        ProfessionalBody, on_delete=models.PROTECT, null=True, blank=True, related_name="roles"
    )
    additional_frameworks = models.ManyToManyField(Framework, blank=True, related_name="roles_mapped")
    source_note = models.TextField(blank=True, help_text="The profile's closing statement, verbatim.")
    source_document = models.ForeignKey(
        SourceDocument, on_delete=models.SET_NULL, null=True, blank=True, related_name="roles"
    )
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.DRAFT)
    owner = models.CharField(max_length=255, blank=True, help_text="The team or professional body that reviews it.")
    last_reviewed = models.DateField(null=True, blank=True)
    next_review_due = models.DateField(null=True, blank=True)
    version = models.PositiveIntegerField(default=1, help_text="Raised on every save; guards against lost edits.")

    # A DDaT role level: its ladder, where it sits on it and how sure that order is.
    ladder = models.ForeignKey(CareerLadder, on_delete=models.PROTECT, null=True, blank=True, related_name="levels")
    ladder_position = models.PositiveSmallIntegerField(
        null=True,
        blank=True,
        help_text="Career order on its ladder: 1 is the entry level. Levels of two tracks may share a position.",
    )
    ladder_track = models.CharField(
        max_length=40,
        blank=True,
        help_text='Empty for the main track; "management" for a management level beside the technical one.',
    )
    ladder_evidence = models.CharField(
        max_length=255,
        blank=True,
        help_text='Where the order comes from: "published order", "inferred from the level descriptions", ...',
    )
    ladder_order_inferred = models.BooleanField(
        default=False,
        help_text="The order is inferred, not published by the framework, and no editor has confirmed it.",
    )
    external_role = models.CharField(
        max_length=255, blank=True, help_text="The framework's role name: with the level, its key for this role level."
    )
    external_level = models.CharField(
        max_length=255, blank=True, help_text="The framework's level name as its files write it (trimmed)."
    )
    role_type = models.CharField(
        max_length=100, blank=True, help_text='As the framework gives it, e.g. "Senior Civil Service".'
    )
    in_use = models.BooleanField(
        default=True, help_text="False for a level the framework marks NOT IN USE: kept, never in the catalogue."
    )

    objects = RoleQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        ordering = ["title"]
        permissions = [("publish_role", "Can publish and archive roles")]
        constraints = [
            models.CheckConstraint(condition=Q(kind__in=["nhs_profile", "ddat_level"]), name="role_kind_valid"),
            models.CheckConstraint(
                condition=Q(kind="nhs_profile")
                | (
                    Q(ladder__isnull=False, ladder_position__isnull=False)
                    & ~Q(external_role="")
                    & ~Q(external_level="")
                ),
                name="role_ddat_level_has_ladder_position_and_key",
            ),
            models.CheckConstraint(
                condition=Q(ladder_position__isnull=True) | Q(ladder_position__gte=1),
                name="role_ladder_position_from_1",
            ),
            models.UniqueConstraint(
                fields=["external_role", "external_level"],
                condition=Q(kind="ddat_level"),
                name="role_unique_ddat_key",
            ),
            models.UniqueConstraint(
                fields=["ladder", "ladder_track", "ladder_position"],
                condition=Q(ladder__isnull=False) & ~Q(status="archived"),
                name="role_unique_position_per_ladder_track",
            ),
        ]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("roleprofiles:role-detail", args=[self.slug])

    def clean(self):
        """The ladder invariants, checked here too so an admin form says what is wrong (the
        database constraints behind them skip fields the form does not show, such as kind)."""
        super().clean()
        if self.kind == Role.Kind.DDAT_LEVEL and (self.ladder_id is None or self.ladder_position is None):
            raise ValidationError({"ladder_position": "A DDaT role level needs its ladder and its place on it."})
        if self.ladder_id and self.ladder_position and self.status != Role.Status.ARCHIVED:
            taken = (
                Role.objects.filter(
                    ladder_id=self.ladder_id, ladder_track=self.ladder_track, ladder_position=self.ladder_position
                )
                .exclude(status=Role.Status.ARCHIVED)
                .exclude(pk=self.pk)
                .first()
            )
            if taken:
                track = f"the {self.ladder_track} track" if self.ladder_track else "the main track"
                raise ValidationError(
                    {"ladder_position": f"“{taken.title}” already holds position {self.ladder_position} on {track}."}
                )


class RoleSlugRedirect(models.Model):
    """An address a role used to have: a DDaT level renamed by a release gets a new slug, and
    its old address keeps working as a permanent redirect."""

    old_slug = models.SlugField(max_length=120, unique=True)
    role = models.ForeignKey(Role, on_delete=models.CASCADE, related_name="slug_redirects")
    created = models.DateTimeField(auto_now_add=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["old_slug"]

    def __str__(self) -> str:
        return f"{self.old_slug} → {self.role.slug}"


class RequirementQuerySet(models.QuerySet):
    def published(self):
        """Requirements of published roles."""
        return self.filter(role__status=Role.Status.PUBLISHED)

    def for_display(self):
        """In source order, with everything a profile shows of each: its skill (framework, awarding
        body) and its level or depth on its scale."""
        return self.select_related(
            "skill",
            "skill__framework",
            "skill__framework__level_scale",
            "skill__professional_body",
            "level",
            "level__scale",
            "depth",
            "depth__scale",
        ).order_by("position")


class Requirement(models.Model):
    """One entry of a role profile: which skill, in which section, at what level or
    depth, with the level-specific text as the source wrote it."""

    role = models.ForeignKey(Role, on_delete=models.CASCADE, related_name="requirements")
    skill = models.ForeignKey(Skill, on_delete=models.PROTECT, related_name="requirements")
    section = models.CharField(max_length=20, choices=Section.choices)
    heading = models.CharField(max_length=255, help_text="The section heading as the source wrote it.")
    position = models.PositiveIntegerField(help_text="Order in the source document.")
    code = models.CharField(max_length=20, blank=True, help_text="As written, e.g. B1.1, WP1.2, AIDE, 2.10.")
    level = models.ForeignKey(Level, on_delete=models.PROTECT, null=True, blank=True, related_name="requirements")
    level_label = models.CharField(max_length=100, blank=True, help_text='As written, e.g. "Level Five".')
    depth = models.ForeignKey(Level, on_delete=models.PROTECT, null=True, blank=True, related_name="depth_requirements")
    descriptor = models.TextField(blank=True, help_text="The details or level-specific text, verbatim.")
    source_text = models.TextField(blank=True, help_text="The source line(s) this entry came from, verbatim.")
    source_line = models.PositiveIntegerField(null=True, blank=True)

    objects = RequirementQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        ordering = ["role", "position"]
        constraints = [
            models.UniqueConstraint(fields=["role", "skill", "section"], name="requirement_unique_skill_per_section"),
            models.UniqueConstraint(fields=["role", "position"], name="requirement_unique_position_per_role"),
            models.CheckConstraint(
                condition=Q(level__isnull=True) | Q(depth__isnull=True), name="requirement_level_or_depth"
            ),
        ]
        indexes = [models.Index(fields=["skill", "role"], name="requirement_skill_role_idx")]

    def __str__(self) -> str:
        return f"{self.role}: {self.skill}"
