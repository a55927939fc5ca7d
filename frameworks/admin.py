"""Admin for reference data: every model editable, with history."""

from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from .models import Framework, FrameworkDimension, Level, LevelScale, ProfessionalBody, Skill, SourceDocument


@admin.register(SourceDocument)
class SourceDocumentAdmin(admin.ModelAdmin):
    list_display = ["filename", "title", "kind", "page_last_reviewed", "next_review_due"]
    list_filter = ["kind"]
    search_fields = ["filename", "title", "text"]
    readonly_fields = ["sha256"]


@admin.register(ProfessionalBody)
class ProfessionalBodyAdmin(SimpleHistoryAdmin):
    list_display = ["abbreviation", "name", "slug"]
    search_fields = ["name", "abbreviation"]


class LevelInline(admin.TabularInline):
    model = Level
    extra = 0
    fields = ["rank", "label", "name", "description"]


@admin.register(LevelScale)
class LevelScaleAdmin(admin.ModelAdmin):
    list_display = ["name", "kind", "min_rank", "max_rank"]
    list_filter = ["kind"]
    search_fields = ["name"]
    inlines = [LevelInline]


@admin.register(Level)
class LevelAdmin(admin.ModelAdmin):
    list_display = ["label", "rank", "scale"]
    list_filter = ["scale"]
    list_select_related = ["scale"]
    search_fields = ["label", "name", "scale__name"]


class DimensionInline(admin.StackedInline):
    model = FrameworkDimension
    extra = 0


@admin.register(Framework)
class FrameworkAdmin(SimpleHistoryAdmin):
    list_display = ["name", "abbreviation", "level_scale"]
    list_select_related = ["level_scale"]
    search_fields = ["name", "abbreviation", "description"]
    autocomplete_fields = ["level_scale", "source_document"]
    inlines = [DimensionInline]


@admin.register(FrameworkDimension)
class FrameworkDimensionAdmin(admin.ModelAdmin):
    list_display = ["name", "framework", "position"]
    list_select_related = ["framework"]
    search_fields = ["name", "framework__name"]


@admin.register(Skill)
class SkillAdmin(SimpleHistoryAdmin):
    list_display = ["title", "code", "kind", "framework", "group"]
    list_filter = ["kind", "framework"]
    list_select_related = ["framework"]
    search_fields = ["title", "code", "description"]
    autocomplete_fields = ["framework", "dimension", "professional_body"]
    prepopulated_fields = {"slug": ["title"]}
