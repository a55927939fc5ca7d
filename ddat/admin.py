"""The DDaT framework in the admin: its career ladders (editable), the releases imported with
their change notes (read only: a release changes content only through an import, by
``import_ddat`` or the "Import a release" pages here), and the old addresses of renamed levels."""

from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.views.decorators.http import require_POST
from simple_history.admin import SimpleHistoryAdmin

from core.admin import ReadOnlyModelAdmin
from roleprofiles.models import CareerLadder, Role, RoleSlugRedirect

from . import import_forms
from .models import Release, ReleaseChange
from .parsing import DdatFileError


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
    classes = ["app-release-changes"]  # static/css/admin.css: stacked on a narrow screen

    def has_view_permission(self, request, obj=None):
        return super().has_view_permission(request, obj) or import_forms.can_import(request.user)

    def has_add_permission(self, request, obj=None):
        return False


@admin.register(Release)
class ReleaseAdmin(ReadOnlyModelAdmin):
    list_display = ["__str__", "imported_at", "summary"]
    list_select_related = ["framework"]
    readonly_fields = [field.name for field in Release._meta.fields]
    inlines = [ReleaseChangeInline]

    # Whoever may import a release (an editor, to preview one) sees the releases imported before.
    def has_module_permission(self, request):
        return super().has_module_permission(request) or import_forms.can_import(request.user)

    def has_view_permission(self, request, obj=None):
        return super().has_view_permission(request, obj) or import_forms.can_import(request.user)

    def changelist_view(self, request, extra_context=None):
        extra_context = {**(extra_context or {}), "can_import": import_forms.can_import(request.user)}
        return super().changelist_view(request, extra_context)

    # --- importing a release: upload → preview (a dry run) → an approver confirms ----------

    def get_urls(self):
        view = self.admin_site.admin_view
        return [
            path("import/", view(self.import_view), name="ddat_release_import"),
            path("import/confirm/", view(require_POST(self.confirm_view)), name="ddat_release_import_confirm"),
            path("import/<str:token>/", view(self.import_preview_view), name="ddat_release_import_preview"),
            *super().get_urls(),
        ]

    def _import_context(self, request, title: str) -> dict:
        if not import_forms.can_import(request.user):
            raise PermissionDenied
        return {**self.admin_site.each_context(request), "opts": self.model._meta, "title": title}

    def import_view(self, request):
        """The upload form; a readable upload is staged and its preview shown (nothing imported)."""
        context = self._import_context(request, "Import a release of the DDaT framework")
        if request.method == "POST":
            form = import_forms.UploadReleaseForm(request.POST, request.FILES)
            if form.is_valid():
                staged = form.stage(user=request.user)
                return redirect("admin:ddat_release_import_preview", staged.token)
            return self._import_error(request, context, form.error_list(), form=form)
        context["form"] = import_forms.UploadReleaseForm()
        context["max_megabytes"] = import_forms.MAX_FILE_BYTES // (1024 * 1024)
        return TemplateResponse(request, "admin/ddat/release/import.html", context)

    def import_preview_view(self, request, token):
        context = self._import_context(request, "Check the release before it is imported")
        try:
            staged = import_forms.staged_release(token)
            report = import_forms.preview(staged)
        except import_forms.StagedReleaseGone as error:
            return self._import_error(request, context, [str(error)], status=404)
        except DdatFileError as error:
            return self._import_error(request, context, [str(error)])
        return self._import_preview(request, context, staged, report)

    def _import_preview(self, request, context, staged, report, *, form=None, errors=None, status=200):
        context.update(
            {
                "staged": staged,
                "report": report,
                "groups": import_forms.group_changes(report),
                "can_confirm": import_forms.can_confirm(request.user),
                "confirm_form": form or import_forms.ConfirmReleaseForm(initial={"token": staged.token}),
                "errors": errors,
            }
        )
        return TemplateResponse(request, "admin/ddat/release/import_preview.html", context, status=status)

    def _import_error(self, request, context, errors, *, form=None, status=400):
        """The upload form again with what was wrong (file and line included); nothing was kept."""
        context.update(
            {
                "form": form or import_forms.UploadReleaseForm(),
                "errors": errors,
                "max_megabytes": import_forms.MAX_FILE_BYTES // (1024 * 1024),
            }
        )
        return TemplateResponse(request, "admin/ddat/release/import.html", context, status=status)

    def confirm_view(self, request):
        """Apply a staged release (an approver only), or discard it."""
        context = self._import_context(request, "Check the release before it is imported")
        form = import_forms.ConfirmReleaseForm(request.POST)
        if not form.is_valid():
            return self._import_error(request, context, form.error_list())
        token = form.cleaned_data["token"]
        if "discard" in request.POST:
            import_forms.discard(token)
            self.message_user(request, "The upload was discarded; nothing was imported.", level=messages.INFO)
            return redirect("admin:ddat_release_changelist")
        if not import_forms.can_confirm(request.user):
            raise PermissionDenied
        try:
            report = import_forms.confirm(token=token, resolution=form.chosen_resolution(), user=request.user)
        except import_forms.StagedReleaseGone as error:
            self.message_user(request, str(error), level=messages.ERROR)
            return redirect("admin:ddat_release_changelist")
        except DdatFileError as error:
            return self._import_error(request, context, [str(error)])
        if report.refused:
            count = len(report.conflicts)
            message = (
                f"{count} conflict{'s' if count != 1 else ''} with editors' changes: nothing has been imported. "
                "Choose whether to keep the editors' text or take the release's, then confirm again."
            )
            try:
                staged = import_forms.staged_release(token)
            except import_forms.StagedReleaseGone as error:  # discarded meanwhile
                return self._import_error(request, context, [str(error)], status=404)
            return self._import_preview(request, context, staged, report, form=form, errors=[message], status=400)
        if report.unchanged:
            self.message_user(
                request,
                f"Nothing was imported: the database already matches this release ({report.summary()}).",
                level=messages.INFO,
            )
            return redirect("admin:ddat_release_changelist")
        self.message_user(request, f"Imported {report.release}: {report.summary()}.", level=messages.SUCCESS)
        return redirect(reverse("admin:ddat_release_change", args=[report.release.pk]))


@admin.register(RoleSlugRedirect)
class RoleSlugRedirectAdmin(SimpleHistoryAdmin):
    list_display = ["old_slug", "role", "created"]
    search_fields = ["old_slug", "role__title"]
    autocomplete_fields = ["role"]
