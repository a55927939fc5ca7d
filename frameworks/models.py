"""Reference data shared by every role: source documents, professional bodies,
frameworks, level scales and the skills (in the widest sense) that roles require.

A "skill" here is any entry a role profile can list: a work activity component, a
technical skill, a behaviour, a PDA, a training item, a qualification or a framework
skill. Keeping them in one table is what lets compare, reverse look-ups, search and
adverts read from a single requirement table.
"""

from django.db import models
from django.db.models import Q
from django.urls import reverse
from simple_history.models import HistoricalRecords


class SourceDocument(models.Model):
    """A source document exactly as it was received: the verbatim text is kept so
    nothing is lost, whatever the structured models make of it."""

    class Kind(models.TextChoices):
        ROLE_PROFILE = "role_profile", "Role profile (Role Model Plus export)"
        FRAMEWORK = "framework", "Skills framework"
        PROJECT = "project", "Project description"
        REPORT = "report", "Report"

    slug = models.SlugField(max_length=120, unique=True)
    filename = models.CharField(max_length=255)
    title = models.CharField(max_length=255)
    kind = models.CharField(max_length=20, choices=Kind.choices)
    text = models.TextField(help_text="The document's text, verbatim.")
    sha256 = models.CharField(max_length=64)
    page_last_reviewed = models.DateField(null=True, blank=True)
    next_review_due = models.DateField(null=True, blank=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["filename"]

    def __str__(self) -> str:
        return self.title


class ProfessionalBody(models.Model):
    name = models.CharField(max_length=255)
    abbreviation = models.CharField(max_length=20, unique=True)
    slug = models.SlugField(max_length=20, unique=True, help_text="The abbreviation in lower case.")
    description = models.TextField(blank=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["abbreviation"]
        verbose_name_plural = "professional bodies"

    def __str__(self) -> str:
        return f"{self.name} ({self.abbreviation})" if self.name != self.abbreviation else self.name

    def get_absolute_url(self) -> str:
        return reverse("browse:body-detail", args=[self.slug])


class LevelScale(models.Model):
    """An ordered scale: responsibility levels, competency levels, framework levels,
    a depth of knowledge or an evidence scale for self-assessment."""

    class Kind(models.TextChoices):
        LEVEL = "level", "Level"
        DEPTH = "depth", "Depth"
        EVIDENCE = "evidence", "Evidence"

    name = models.CharField(max_length=255, unique=True)
    slug = models.SlugField(max_length=80, unique=True)
    kind = models.CharField(max_length=10, choices=Kind.choices, default=Kind.LEVEL)
    min_rank = models.PositiveSmallIntegerField(default=1)
    max_rank = models.PositiveSmallIntegerField()
    description = models.TextField(blank=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["name"]
        constraints = [
            models.CheckConstraint(
                condition=Q(min_rank__lte=models.F("max_rank")), name="levelscale_min_not_above_max"
            ),
            models.CheckConstraint(condition=Q(max_rank__lte=20), name="levelscale_max_rank_at_most_20"),
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def steps(self) -> int:
        """How many levels the scale has, lowest to highest."""
        return self.max_rank - self.min_rank + 1


class Level(models.Model):
    scale = models.ForeignKey(LevelScale, on_delete=models.CASCADE, related_name="levels")
    rank = models.PositiveSmallIntegerField()
    label = models.CharField(max_length=100, help_text='As the source writes it, e.g. "Level 4 - Enable".')
    name = models.CharField(max_length=100, blank=True, help_text='The name without the number, e.g. "Enable".')
    description = models.TextField(blank=True)
    # Denormalised from the scale so the database itself can check the rank range.
    scale_min_rank = models.PositiveSmallIntegerField(editable=False)
    scale_max_rank = models.PositiveSmallIntegerField(editable=False)
    history = HistoricalRecords()

    class Meta:
        ordering = ["scale", "rank"]
        constraints = [
            models.UniqueConstraint(fields=["scale", "rank"], name="level_unique_rank_per_scale"),
            models.CheckConstraint(
                condition=Q(rank__gte=models.F("scale_min_rank")) & Q(rank__lte=models.F("scale_max_rank")),
                name="level_rank_within_scale",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.label} ({self.scale.name})"

    def save(self, *args, **kwargs):
        self.scale_min_rank = self.scale.min_rank
        self.scale_max_rank = self.scale.max_rank
        super().save(*args, **kwargs)


class Framework(models.Model):
    name = models.CharField(max_length=255, unique=True)
    slug = models.SlugField(max_length=120, unique=True)
    abbreviation = models.CharField(max_length=20, blank=True)
    description = models.TextField(blank=True)
    owner = models.CharField(max_length=255, blank=True)
    level_scale = models.ForeignKey(
        LevelScale, on_delete=models.PROTECT, null=True, blank=True, related_name="frameworks"
    )
    source_document = models.ForeignKey(
        SourceDocument, on_delete=models.SET_NULL, null=True, blank=True, related_name="frameworks"
    )
    history = HistoricalRecords()

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("browse:framework-detail", args=[self.slug])


class FrameworkDimension(models.Model):
    """A grouping of skill areas inside a framework (the DHLP framework has two)."""

    framework = models.ForeignKey(Framework, on_delete=models.CASCADE, related_name="dimensions")
    name = models.CharField(max_length=255)
    description = models.TextField(blank=True)
    position = models.PositiveSmallIntegerField()
    history = HistoricalRecords()

    class Meta:
        ordering = ["framework", "position"]
        constraints = [
            models.UniqueConstraint(fields=["framework", "name"], name="dimension_unique_name_per_framework"),
        ]

    def __str__(self) -> str:
        return self.name


class SkillQuerySet(models.QuerySet):
    def with_role_counts(self):
        return self.annotate(role_count=models.Count("requirements__role", distinct=True))

    def active(self):
        """Skills still in use: a framework release that drops a skill archives it (kept, with
        its history and the roles that cite it, but off public pages)."""
        return self.filter(status=Skill.Status.ACTIVE)


class Skill(models.Model):
    class Kind(models.TextChoices):
        WORK_ACTIVITY = "work_activity", "Work activity component"
        TECHNICAL = "technical", "Technical skill"
        OTHER = "other", "Other skill"
        TRAINING = "training", "Training"
        PDA = "pda", "Professional development activity"
        QUALIFICATION = "qualification", "Qualification"
        BEHAVIOUR = "behaviour", "Behaviour"
        BEHAVIOURAL = "behavioural", "Behavioural skill"
        LEADERSHIP = "leadership", "Leadership"
        DATA = "data", "Data skill"
        PROJECT = "project", "Project skill"
        FRAMEWORK = "framework", "Framework skill"
        SKILL_AREA = "skill_area", "Skill area"

    class Status(models.TextChoices):
        ACTIVE = "active", "Active"
        ARCHIVED = "archived", "Archived (no longer in its framework)"

    kind = models.CharField(max_length=20, choices=Kind.choices)
    title = models.CharField(max_length=255)
    slug = models.SlugField(max_length=255, unique=True)
    code = models.CharField(max_length=20, blank=True, help_text="A code that identifies the skill in its framework.")
    description = models.TextField(blank=True, help_text="The generic description, where the source gives one.")
    framework = models.ForeignKey(Framework, on_delete=models.PROTECT, null=True, blank=True, related_name="skills")
    dimension = models.ForeignKey(
        FrameworkDimension, on_delete=models.PROTECT, null=True, blank=True, related_name="skills"
    )
    position = models.PositiveSmallIntegerField(default=0, help_text="Order within its framework.")
    group = models.CharField(max_length=255, blank=True, help_text="The PDA group, for development activities.")
    awarding_body = models.CharField(max_length=255, blank=True, help_text="For qualifications, as written.")
    professional_body = models.ForeignKey(
        ProfessionalBody, on_delete=models.SET_NULL, null=True, blank=True, related_name="qualifications"
    )
    status = models.CharField(
        max_length=10,
        choices=Status.choices,
        default=Status.ACTIVE,
        help_text="Archived when a release of its framework no longer lists it; kept, off public pages.",
    )
    objects = SkillQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        ordering = ["title", "kind"]
        constraints = [
            models.CheckConstraint(condition=Q(status__in=["active", "archived"]), name="skill_status_valid"),
            models.UniqueConstraint(
                fields=["kind", "title"], condition=Q(framework__isnull=True), name="skill_unique_title_per_kind"
            ),
            models.UniqueConstraint(
                fields=["framework", "title"],
                condition=Q(framework__isnull=False),
                name="skill_unique_title_per_framework",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.code} {self.title}" if self.code else self.title

    def get_absolute_url(self) -> str:
        return reverse("browse:skill-detail", args=[self.slug])


class SkillLevelDescriptor(models.Model):
    """What a skill means at one level of its framework's scale, in the framework's generic
    words (the DDaT framework's Awareness, Working, Practitioner and Expert descriptors). A
    role's own wording at its level lives on its requirement; pages show the generic wording
    only where the two differ."""

    skill = models.ForeignKey(Skill, on_delete=models.CASCADE, related_name="level_descriptors")
    level = models.ForeignKey(Level, on_delete=models.PROTECT, related_name="skill_descriptors")
    text = models.TextField(
        blank=True,
        help_text="As the framework words it (bullets kept as '- ' lines); empty when the framework gives none.",
    )
    history = HistoricalRecords()

    class Meta:
        ordering = ["skill", "level__rank"]
        constraints = [
            models.UniqueConstraint(fields=["skill", "level"], name="skilldescriptor_unique_level_per_skill"),
        ]

    def __str__(self) -> str:
        return f"{self.skill.title} at {self.level.label}"
