"""Job families, roles and the one requirement table that links a role to the skills,
activities and qualifications its profile lists."""

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

    objects = RoleQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        ordering = ["title"]
        permissions = [("publish_role", "Can publish and archive roles")]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("roleprofiles:role-detail", args=[self.slug])


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
