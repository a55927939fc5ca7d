"""The search index: one denormalised row per role, skill, framework and professional body.

The rows are derived data, rebuilt by ``search.services`` from the models they mirror. On
PostgreSQL ``vector`` holds the weighted tsvector (GIN-indexed, see the migration); on SQLite
an FTS5 table made by the same migration mirrors ``title`` and ``body``.
"""

from django.contrib.postgres.search import SearchVectorField
from django.db import models


class SearchDocument(models.Model):
    class Kind(models.TextChoices):
        ROLE = "role", "Role"
        SKILL = "skill", "Skill"
        FRAMEWORK = "framework", "Framework"
        BODY = "body", "Professional body"

    kind = models.CharField(max_length=10, choices=Kind.choices)
    object_id = models.PositiveBigIntegerField()
    url = models.CharField(max_length=255)
    title = models.CharField(max_length=255)
    context = models.CharField(max_length=255, blank=True, help_text="A short line shown under the title.")
    description = models.TextField(blank=True, help_text="Summary or generic description: ranks above body text.")
    keywords = models.TextField(
        blank=True,
        help_text="What the object is made of (a role's required skills): ranks with the description, never shown.",
    )
    body = models.TextField(blank=True, help_text="Everything else that should be findable, e.g. descriptors.")
    # Only PostgreSQL fills these; on SQLite the columns stay empty and FTS5 does the work.
    vector = SearchVectorField(null=True, editable=False)
    # Its distinct words unstemmed ('simple' configuration, no positions): which query words a
    # document has exactly, not just by their stem.
    words = SearchVectorField(null=True, editable=False)
    # The title, description and keywords alone, unstemmed and stemmed: whether the object is
    # about the words, not only mentions them in its body.
    about_words = SearchVectorField(null=True, editable=False)
    about_vector = SearchVectorField(null=True, editable=False)

    class Meta:
        ordering = ["kind", "title"]
        constraints = [models.UniqueConstraint(fields=["kind", "object_id"], name="searchdocument_unique_object")]

    def __str__(self) -> str:
        return f"{self.get_kind_display()}: {self.title}"


class SearchWord(models.Model):
    """The vocabulary of the index, for "did you mean" suggestions (``search.text.closest_word``)."""

    word = models.CharField(max_length=60, unique=True)

    class Meta:
        ordering = ["word"]

    def __str__(self) -> str:
        return self.word
