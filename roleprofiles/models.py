"""Job families, roles and the one requirement table that links a role to the skills,
activities and qualifications its profile lists.

A Role is one of two kinds: an NHS role profile (imported from a Role Model Plus export) or a
DDaT role level (a level of a role of the Government Digital and Data Profession Capability
Framework, e.g. "Senior data scientist"). A DDaT role level sits on a career ladder (the
framework's role, e.g. "Data scientist") at a position, on a track, and is known to the
framework by its (role, level) names. Both kinds list their skills in the same requirement
table, so compare, search, adverts and reverse look-ups read one table.
"""

from django.db import models
from django.db.models import Q
from django.urls import reverse
from simple_history.models import HistoricalRecords

from frameworks.models import Framework, Level, ProfessionalBody, Skill, SourceDocument


class Section(models.TextChoices):
    """The sections of a Role Model Plus profile, in the order a profile page shows them."""

    WORK_ACTIVITY = "work_activity", "Work activity components"
    TECHNICAL = "technical", "Technical skills"
    OTHER = "other", "Other skills"
    BEHAVIOURAL = "behavioural", "Behavioural skills"
    BEHAVIOUR = "behaviour", "Behaviours"
    LEADERSHIP = "leadership", "Leadership"
    DATA = "data", "Data skills"
    PROJECT = "project", "Project skills"
    FRAMEWORK = "framework", "Framework skills"
    QUALIFICATION = "qualification", "Qualifications"
    TRAINING = "training", "Training"
    PDA = "pda", "Professional development activities"


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


class RoleQuerySet(models.QuerySet):
    def published(self):
        return self.filter(status=Role.Status.PUBLISHED)

    def ddat_levels(self):
        return self.filter(kind=Role.Kind.DDAT_LEVEL)

    def nhs_profiles(self):
        return self.filter(kind=Role.Kind.NHS_PROFILE)

    def in_career_order(self):
        """A ladder's levels lowest first, the main track before a parallel track at the same position."""
        return self.order_by("ladder", "ladder_position", "ladder_track", "title")


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
