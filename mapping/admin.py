from django.contrib import admin
from django.db import router, transaction

from core.admin import ReadOnlyModelAdmin
from roleprofiles.admin import ContentHistoryAdmin
from roleprofiles.models import Role

from .models import Mapping, Suggestion


class NeedsReviewFilter(admin.SimpleListFilter):
    title = "needs review"
    parameter_name = "needs_review"

    def lookups(self, request, model_admin):
        return [("yes", "Level archived by a release"), ("no", "Level current")]

    def queryset(self, request, queryset):
        flagged = Mapping.objects.needing_review().values("pk")
        if self.value() == "yes":
            return queryset.filter(pk__in=flagged)
        if self.value() == "no":
            return queryset.exclude(pk__in=flagged)
        return queryset


@admin.register(Mapping)
class MappingAdmin(ContentHistoryAdmin):
    list_display = ["role", "level", "status", "needs_review", "decided_by", "decided_at"]
    list_filter = ["status", NeedsReviewFilter]
    list_select_related = ["role", "level", "level__ladder"]
    search_fields = ["role__title", "level__title", "note"]
    autocomplete_fields = ["role", "level"]
    readonly_fields = ["decided_by", "decided_at", "needs_review"]
    fields = ["role", "level", "status", "note", "needs_review", "decided_by", "decided_at"]

    @admin.display(boolean=True, description="Needs review")
    def needs_review(self, obj):
        return obj.needs_review if obj.level_id else False

    def save_model(self, request, obj, form, change):
        obj.decided_by = request.user.get_username()
        super().save_model(request, obj, form, change)

    def changeform_view(self, *args, **kwargs):
        with transaction.atomic(using=router.db_for_write(self.model)):
            return super().changeform_view(*args, **kwargs)


class MappingInline(admin.TabularInline):
    """On an NHS role's admin page: confirm, reject or add its DDaT mappings."""

    model = Mapping
    fk_name = "role"
    extra = 0
    autocomplete_fields = ["level"]
    fields = ["level", "status", "note", "decided_by", "decided_at"]
    readonly_fields = ["decided_by", "decided_at"]
    verbose_name = "DDaT mapping"


@admin.register(Suggestion)
class SuggestionAdmin(ReadOnlyModelAdmin):
    """Read-only: suggestions are recomputed from the content, never edited."""

    list_display = ["role", "rank", "level", "score", "computed_at"]
    list_select_related = ["role", "level"]
    list_filter = ["rank"]
    search_fields = ["role__title", "level__title"]


# The inline joins the role's own admin page from here, so roleprofiles need not know of mappings.
admin.site._registry[Role].inlines = [*admin.site._registry[Role].inlines, MappingInline]
