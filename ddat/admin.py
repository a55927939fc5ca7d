"""The DDaT framework in the admin: its career ladders (editable), the releases imported with
their change notes (read only: a release changes content only through ``import_ddat``), and the
old addresses of renamed levels."""

from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from roleprofiles.models import CareerLadder, Role, RoleSlugRedirect

from .models import Release, ReleaseChange


class LevelInline(admin.TabularInline):
    model = Role
    fields = ["title", "ladder_position", "ladder_track", "ladder_order_inferred", "status"]
    readonly_fields = fields
    ordering = ["ladder_position", "ladder_track"]
    extra = 0
    can_delete = False
    show_change_link = True

    def has_add_permission(self, request, obj=None):
        return False


@admin.register(CareerLadder)
class CareerLadderAdmin(SimpleHistoryAdmin):
    list_display = ["title", "family", "framework", "status"]
    list_filter = ["family", "status"]
    list_select_related = ["family", "framework"]
    search_fields = ["title", "description"]
    readonly_fields = ["framework"]
    inlines = [LevelInline]


class ReleaseChangeInline(admin.TabularInline):
    model = ReleaseChange
    fields = ["message", "action", "subject", "resolution"]
    readonly_fields = fields
    extra = 0
    can_delete = False

    def has_add_permission(self, request, obj=None):
        return False


@admin.register(Release)
class ReleaseAdmin(admin.ModelAdmin):
    list_display = ["__str__", "imported_at", "summary"]
    readonly_fields = [field.name for field in Release._meta.fields]
    inlines = [ReleaseChangeInline]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(RoleSlugRedirect)
class RoleSlugRedirectAdmin(SimpleHistoryAdmin):
    list_display = ["old_slug", "role", "created"]
    search_fields = ["old_slug", "role__title"]
    autocomplete_fields = ["role"]
