"""Mappings of NHS role profiles to DDaT role levels: suggested by the scorer, confirmed by editors."""

from django.db import models

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
