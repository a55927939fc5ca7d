"""Admin building blocks that no one app owns."""

from django.contrib import admin


class ReadOnlyModelAdmin(admin.ModelAdmin):
    """The admin of rows that only code writes (an import, a recomputation): it may show them,
    never add, change or delete one."""

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
