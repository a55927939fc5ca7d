"""Content from the AI workforce report (seed 004) and the DDaT occupational framework
project (seed 001), modelled so the pathways and about pages can show and link it.

Every text field holding report or project words is a verbatim quote (tests check each
against the source). A sentence is stored once, as an Excerpt, with the number of the
reference the report gives for its paragraph; archetypes, named roles, programmes,
figures and professional bodies point at the excerpts that speak of them.
"""

from django.db import models
from django.urls import reverse
from simple_history.models import HistoricalRecords

from frameworks.models import Framework, ProfessionalBody, SourceDocument
from roleprofiles.models import Role


class Reference(models.Model):
    """An entry of the report's reference list."""

    number = models.PositiveSmallIntegerField(unique=True)
    text = models.TextField(help_text="The entry as the report writes it, verbatim.")
    url = models.URLField(max_length=500, blank=True)

    history = HistoricalRecords()

    class Meta:
        ordering = ["number"]

    def __str__(self) -> str:
        return f"{self.number} {self.text[:60]}"


class Excerpt(models.Model):
    """A sentence (or a few) of a source document, verbatim."""

    key = models.SlugField(max_length=80, unique=True)
    document = models.ForeignKey(SourceDocument, on_delete=models.CASCADE, related_name="excerpts")
    text = models.TextField()
    reference_number = models.PositiveSmallIntegerField(
        null=True,
        blank=True,
        help_text="The reference the report cites for this passage. It may be missing from the reference list.",
    )
    reference = models.ForeignKey(
        Reference,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="excerpts",
        help_text="The entry of the reference list, when the cited number has one.",
    )
    heading = models.CharField(max_length=255, blank=True, help_text="The report heading it sits under, verbatim.")
    position = models.PositiveIntegerField(help_text="Order in the source document.")

    history = HistoricalRecords()

    class Meta:
        ordering = ["document", "position"]

    def __str__(self) -> str:
        return self.text[:80]


class ReportEntry(models.Model):
    """Something the report names: an archetype, a role or a training programme, kept in the
    order the report gives them and shown by its name as written."""

    position = models.PositiveSmallIntegerField()

    history = HistoricalRecords(inherit=True)

    class Meta:
        abstract = True
        ordering = ["position"]

    def __str__(self) -> str:
        return self.name


class Archetype(ReportEntry):
    name = models.CharField(max_length=100, unique=True)
    slug = models.SlugField(max_length=100, unique=True)
    excerpts = models.ManyToManyField(Excerpt, related_name="archetypes", help_text="The sentences that mention it.")

    def get_absolute_url(self) -> str:
        return reverse("pathways:archetype-detail", args=[self.slug])


class NamedRole(ReportEntry):
    """A role the report names. Most have no profile in this service yet: ``role`` links
    one once it has."""

    name = models.CharField(max_length=255, unique=True, help_text="As the report writes it.")
    slug = models.SlugField(max_length=120, unique=True)
    excerpts = models.ManyToManyField(Excerpt, related_name="named_roles")
    archetypes = models.ManyToManyField(
        Archetype, blank=True, related_name="named_roles", help_text="Only where the report relates them."
    )
    role = models.ForeignKey(Role, on_delete=models.SET_NULL, null=True, blank=True, related_name="report_names")


class TrainingProgramme(ReportEntry):
    name = models.CharField(max_length=255, unique=True, help_text="As the report writes it.")
    slug = models.SlugField(max_length=120, unique=True)
    provider = models.CharField(max_length=255, blank=True, help_text="Where stated, verbatim.")
    length = models.CharField(max_length=100, blank=True, help_text="Where stated, verbatim.")
    time_commitment = models.CharField(max_length=100, blank=True, help_text="Where stated, verbatim.")
    level = models.CharField(max_length=255, blank=True, help_text="Academic level where stated, verbatim.")
    leads_to = models.CharField(max_length=500, blank=True, help_text="What the report says it leads to, verbatim.")
    excerpts = models.ManyToManyField(Excerpt, related_name="programmes")
    archetypes = models.ManyToManyField(Archetype, blank=True, related_name="programmes")
    named_roles = models.ManyToManyField(NamedRole, blank=True, related_name="programmes")
    framework = models.ForeignKey(
        Framework, on_delete=models.SET_NULL, null=True, blank=True, related_name="programmes"
    )

    def get_absolute_url(self) -> str:
        return reverse("pathways:programme-detail", args=[self.slug])


class CycleStage(models.Model):
    """A stage of the workforce development cycle (the report's Figure 6)."""

    position = models.PositiveSmallIntegerField(unique=True)
    text = models.CharField(max_length=255, help_text="The words the figure's circle displays, verbatim.")
    placement = models.CharField(max_length=40, help_text="Where the figure places it, as its description says.")
    is_centre = models.BooleanField(default=False)

    history = HistoricalRecords()

    class Meta:
        ordering = ["position"]
        constraints = [
            models.UniqueConstraint(fields=["is_centre"], condition=models.Q(is_centre=True), name="one_cycle_centre")
        ]

    def __str__(self) -> str:
        return self.text


class KeyFigure(models.Model):
    value = models.CharField(max_length=60, help_text="The figure, as the sentence writes it.")
    excerpt = models.ForeignKey(Excerpt, on_delete=models.CASCADE, related_name="figures")
    position = models.PositiveSmallIntegerField()

    history = HistoricalRecords()

    class Meta:
        ordering = ["position"]

    def __str__(self) -> str:
        return self.value


class BodyMention(models.Model):
    """A professional body named by the report, with the name as the report writes it."""

    body = models.ForeignKey(ProfessionalBody, on_delete=models.CASCADE, related_name="report_mentions")
    name_as_written = models.CharField(max_length=255)
    excerpt = models.ForeignKey(Excerpt, on_delete=models.CASCADE, related_name="body_mentions")

    history = HistoricalRecords()

    class Meta:
        ordering = ["body__abbreviation", "excerpt__position"]
        constraints = [models.UniqueConstraint(fields=["body", "excerpt"], name="body_mention_unique")]

    def __str__(self) -> str:
        return self.name_as_written


class ProjectParagraph(models.Model):
    """A paragraph of the DDaT occupational framework project page (seed 001)."""

    class Part(models.TextChoices):
        PURPOSE = "purpose", "Purpose"
        VISION = "vision", "Vision of Success"
        VISION_POINT = "vision_point", "Vision point"
        BACKGROUND = "background", "Background to the project"

    part = models.CharField(max_length=20, choices=Part.choices)
    position = models.PositiveSmallIntegerField(unique=True)
    text = models.TextField()

    history = HistoricalRecords()

    class Meta:
        ordering = ["position"]

    def __str__(self) -> str:
        return self.text[:80]
