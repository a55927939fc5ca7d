"""Admin for roles: a role's requirements are edited inline, in source order."""

from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from .models import JobFamily, Requirement, Role


@admin.register(JobFamily)
class JobFamilyAdmin(SimpleHistoryAdmin):
    list_display = ["name", "professional_body"]
    list_select_related = ["professional_body"]
    search_fields = ["name", "description"]
    autocomplete_fields = ["professional_body"]
    prepopulated_fields = {"slug": ["name"]}


class RequirementInline(admin.TabularInline):
    model = Requirement
    extra = 0
    ordering = ["position"]
    fields = ["position", "section", "heading", "skill", "code", "level", "level_label", "depth", "descriptor"]
    autocomplete_fields = ["skill", "level", "depth"]


@admin.register(Role)
class RoleAdmin(SimpleHistoryAdmin):
    list_display = ["title", "family", "level", "professional_body", "status", "title_in_source", "next_review_due"]
    list_filter = ["status", "family", "professional_body", "title_in_source"]
    list_select_related = ["family", "level", "professional_body"]
    search_fields = ["title", "summary"]
    autocomplete_fields = ["family", "level", "professional_body", "source_document"]
    filter_horizontal = ["additional_frameworks"]
    readonly_fields = ["version"]
    inlines = [RequirementInline]


@admin.register(Requirement)
class RequirementAdmin(SimpleHistoryAdmin):
    list_display = ["role", "section", "skill", "code", "level_label", "position"]
    list_filter = ["section", "role"]
    list_select_related = ["role", "skill"]
    search_fields = ["skill__title", "code", "descriptor", "role__title"]
    autocomplete_fields = ["role", "skill", "level", "depth"]
