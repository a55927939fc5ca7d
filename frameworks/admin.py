"""Admin for reference data: every model editable and searchable, with history and revert."""

from django.contrib import admin
from django.db.models import Count
from simple_history.admin import SimpleHistoryAdmin

from .models import Framework, FrameworkDimension, Level, LevelScale, ProfessionalBody, Skill, SourceDocument


@admin.register(SourceDocument)
class SourceDocumentAdmin(SimpleHistoryAdmin):
    list_display = ["filename", "title", "kind", "page_last_reviewed", "next_review_due"]
    list_filter = ["kind"]
    search_fields = ["filename", "title", "text"]
    readonly_fields = ["sha256"]


@admin.register(ProfessionalBody)
class ProfessionalBodyAdmin(SimpleHistoryAdmin):
    list_display = ["abbreviation", "name", "slug", "role_count"]
    search_fields = ["name", "abbreviation", "description"]
    prepopulated_fields = {"slug": ["abbreviation"]}

    def get_queryset(self, request):
        return super().get_queryset(request).annotate(role_count=Count("roles", distinct=True))

    @admin.display(description="roles", ordering="role_count")
    def role_count(self, obj):
        return obj.role_count


class LevelInline(admin.TabularInline):
    model = Level
    extra = 0
    fields = ["rank", "label", "name", "description"]


@admin.register(LevelScale)
class LevelScaleAdmin(SimpleHistoryAdmin):
    list_display = ["name", "kind", "min_rank", "max_rank"]
    list_filter = ["kind"]
    search_fields = ["name", "description"]
    prepopulated_fields = {"slug": ["name"]}
    inlines = [LevelInline]


@admin.register(Level)
class LevelAdmin(SimpleHistoryAdmin):
    list_display = ["label", "rank", "name", "scale"]
    list_filter = ["scale__kind", "scale"]
    list_select_related = ["scale"]
    search_fields = ["label", "name", "scale__name"]
    autocomplete_fields = ["scale"]
    ordering = ["scale__name", "rank"]


class DimensionInline(admin.StackedInline):
    model = FrameworkDimension
    extra = 0


@admin.register(Framework)
class FrameworkAdmin(SimpleHistoryAdmin):
    list_display = ["name", "abbreviation", "owner", "level_scale", "skill_count"]
    list_filter = ["level_scale"]
    list_select_related = ["level_scale"]
    search_fields = ["name", "abbreviation", "description", "owner"]
    autocomplete_fields = ["level_scale", "source_document"]
    prepopulated_fields = {"slug": ["name"]}
    inlines = [DimensionInline]

    def get_queryset(self, request):
        return super().get_queryset(request).annotate(skill_count=Count("skills", distinct=True))

    @admin.display(description="skills", ordering="skill_count")
    def skill_count(self, obj):
        return obj.skill_count


@admin.register(FrameworkDimension)
class FrameworkDimensionAdmin(SimpleHistoryAdmin):
    list_display = ["name", "framework", "position"]
    list_filter = ["framework"]
    list_select_related = ["framework"]
    search_fields = ["name", "description", "framework__name"]
    autocomplete_fields = ["framework"]


@admin.register(Skill)
class SkillAdmin(SimpleHistoryAdmin):
    list_display = ["title", "code", "kind", "framework", "dimension", "group", "awarding_body"]
    list_filter = ["kind", "framework", "group"]
    list_select_related = ["framework", "dimension"]
    search_fields = ["title", "code", "description", "group", "awarding_body"]
    autocomplete_fields = ["framework", "dimension", "professional_body"]
    prepopulated_fields = {"slug": ["title"]}
