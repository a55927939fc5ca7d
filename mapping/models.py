"""Mappings of NHS role profiles to DDaT role levels: suggested by the scorer, confirmed by editors."""

from django.db import models
from simple_history.models import HistoricalRecords

from roleprofiles.models import Role


class SuggestionQuerySet(models.QuerySet):
    def for_display(self):
        return self.select_related("level", "level__ladder").order_by("rank")

    def close(self):
        from .scoring import CLOSE_MATCH

        return self.filter(score__gte=CLOSE_MATCH)


class Suggestion(models.Model):
    """One ranked DDaT role level suggested for an NHS role profile, with the reason. Written by
    ``recompute_mappings`` whenever the content changes, never per request."""

    role = models.ForeignKey(
        Role, on_delete=models.CASCADE, related_name="ddat_suggestions", limit_choices_to={"kind": "nhs_profile"}
    )
    level = models.ForeignKey(
        Role, on_delete=models.CASCADE, related_name="suggested_for", limit_choices_to={"kind": "ddat_level"}
    )
    rank = models.PositiveSmallIntegerField(help_text="1 is the closest.")
    score = models.FloatField()
    text_score = models.FloatField(help_text="Cosine similarity of the TF-IDF-weighted terms.")
    skill_score = models.FloatField(help_text="Share of the level's skills the profile lists too.")
    shared_skills = models.JSONField(default=list)
    shared_terms = models.JSONField(default=list)
    level_only_skills = models.JSONField(default=list, help_text="What the level asks that the profile does not.")
    computed_at = models.DateTimeField()

    objects = SuggestionQuerySet.as_manager()

    class Meta:
        ordering = ["role", "rank"]
        constraints = [
            models.UniqueConstraint(fields=["role", "rank"], name="suggestion_unique_rank_per_role"),
            models.UniqueConstraint(fields=["role", "level"], name="suggestion_unique_level_per_role"),
        ]

    def __str__(self) -> str:
        return f"{self.role} → {self.level} ({self.score:.2f})"


class MappingQuerySet(models.QuerySet):
    def confirmed(self):
        return self.filter(status=Mapping.Status.CONFIRMED)

    def needing_review(self):
        """Mappings whose DDaT level a release archived (or marked not in use)."""
        return self.filter(
            models.Q(level__status=Role.Status.ARCHIVED)
            | models.Q(level__in_use=False)
            | models.Q(level__ladder__status="archived")
        )

    def for_display(self):
        return self.select_related("role", "level", "level__ladder")


class Mapping(models.Model):
    """An editor's decision that an NHS role profile does (or does not) map to a DDaT role level.
    The level is a foreign key, so a level renamed by a release keeps its mappings; one a release
    archives keeps them too, flagged for review."""

    class Status(models.TextChoices):
        CONFIRMED = "confirmed", "Confirmed"
        REJECTED = "rejected", "Rejected"

    role = models.ForeignKey(
        Role,
        on_delete=models.CASCADE,
        related_name="ddat_mappings",
        limit_choices_to={"kind": Role.Kind.NHS_PROFILE},
        verbose_name="NHS role profile",
    )
    level = models.ForeignKey(
        Role,
        on_delete=models.PROTECT,
        related_name="nhs_mappings",
        limit_choices_to={"kind": Role.Kind.DDAT_LEVEL},
        verbose_name="DDaT role level",
    )
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.CONFIRMED)
    note = models.TextField(blank=True, help_text="Why: what an editor checked.")
    decided_by = models.CharField(max_length=255, blank=True, editable=False)
    decided_at = models.DateTimeField(auto_now=True)
    history = HistoricalRecords()

    objects = MappingQuerySet.as_manager()

    class Meta:
        ordering = ["role__title", "level__title"]
        constraints = [
            models.UniqueConstraint(fields=["role", "level"], name="mapping_unique_role_level"),
            models.CheckConstraint(
                condition=models.Q(status__in=["confirmed", "rejected"]), name="mapping_status_valid"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.role} → {self.level} ({self.get_status_display().lower()})"

    @property
    def needs_review(self) -> bool:
        """True when a release archived the level (or its ladder) or marked it not in use."""
        level = self.level
        ladder_archived = level.ladder_id is not None and level.ladder.status == "archived"
        return level.status == Role.Status.ARCHIVED or not level.in_use or ladder_archived

    def clean(self):
        from django.core.exceptions import ValidationError

        errors = {}
        if self.role_id and self.role.kind != Role.Kind.NHS_PROFILE:
            errors["role"] = "Choose an NHS role profile."
        if self.level_id and self.level.kind != Role.Kind.DDAT_LEVEL:
            errors["level"] = "Choose a DDaT role level."
        if errors:
            raise ValidationError(errors)
