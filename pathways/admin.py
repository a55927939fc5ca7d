"""The report and project content in the admin, so content admins can correct it (the
history of the professional bodies is kept by frameworks) and link a named role to a
profile once one is published."""

from django.contrib import admin
from django.db import models
from simple_history.admin import SimpleHistoryAdmin

from .models import (
    Archetype,
    BodyMention,
    CycleStage,
    Excerpt,
    KeyFigure,
    NamedRole,
    ProjectParagraph,
    Reference,
    TrainingProgramme,
)


@admin.register(Reference)
class ReferenceAdmin(SimpleHistoryAdmin):
    list_display = ["number", "text", "url"]
    search_fields = ["text", "url"]
    # An address typed without a scheme is taken as https (Django 6's default, chosen now).
    formfield_overrides = {models.URLField: {"assume_scheme": "https"}}


@admin.register(Excerpt)
class ExcerptAdmin(SimpleHistoryAdmin):
    list_display = ["key", "text", "reference_number", "heading"]
    list_select_related = ["document"]
    list_filter = ["heading"]
    search_fields = ["key", "text"]
    raw_id_fields = ["document", "reference"]


@admin.register(Archetype)
class ArchetypeAdmin(SimpleHistoryAdmin):
    list_display = ["name", "position"]
    filter_horizontal = ["excerpts"]


@admin.register(NamedRole)
class NamedRoleAdmin(SimpleHistoryAdmin):
    list_display = ["name", "role", "position"]
    list_select_related = ["role"]
    list_filter = [("role", admin.EmptyFieldListFilter)]
    search_fields = ["name"]
    raw_id_fields = ["role"]
    filter_horizontal = ["excerpts", "archetypes"]


@admin.register(TrainingProgramme)
class TrainingProgrammeAdmin(SimpleHistoryAdmin):
    list_display = ["name", "provider", "length", "level"]
    search_fields = ["name", "provider"]
    filter_horizontal = ["excerpts", "archetypes", "named_roles"]
    raw_id_fields = ["framework"]


@admin.register(CycleStage)
class CycleStageAdmin(SimpleHistoryAdmin):
    list_display = ["position", "text", "placement", "is_centre"]


@admin.register(KeyFigure)
class KeyFigureAdmin(SimpleHistoryAdmin):
    list_display = ["value", "excerpt", "position"]
    list_select_related = ["excerpt"]
    raw_id_fields = ["excerpt"]


@admin.register(BodyMention)
class BodyMentionAdmin(SimpleHistoryAdmin):
    list_display = ["name_as_written", "body", "excerpt"]
    list_select_related = ["body", "excerpt"]
    raw_id_fields = ["excerpt"]


@admin.register(ProjectParagraph)
class ProjectParagraphAdmin(SimpleHistoryAdmin):
    list_display = ["position", "part", "text"]
    list_filter = ["part"]
