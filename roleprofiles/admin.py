"""Admin for roles: requirements edited inline in source order, history with diffs and
revert, optimistic locking, the review queue, publishing rights, draft preview, and
import/export in the Role Model Plus text format."""

from __future__ import annotations

import dataclasses

from django import forms
from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import router, transaction
from django.db.models import F, Max, Subquery
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils import timezone
from django.utils.functional import cached_property
from django.utils.html import format_html
from simple_history.admin import SimpleHistoryAdmin
from simple_history.template_utils import HistoricalRecordContextHelper

from . import changes, governance, import_forms, revisions, selectors
from .models import JobFamily, Requirement, Role
from .rmp.export import ExportError, export_role
from .rmp.parsing import ProfileParseError
from .signals import content_changed
from .views.profile import body_context


class ReadableChanges(HistoricalRecordContextHelper):
    """The history's differences as people write them: "not set", not "None"; dates in words."""

    def context_for_delta_changes(self, delta):
        # The version number goes up by one on every save: the row already names it.
        changes = [change for change in delta.changes if change.field != "version"]
        return super().context_for_delta_changes(dataclasses.replace(delta, changes=changes))

    def prepare_delta_change_value(self, change, value):
        value = super().prepare_delta_change_value(change, value)
        return [changes.readable(v) for v in value] if isinstance(value, list) else changes.readable(value)


class ContentHistoryAdmin(SimpleHistoryAdmin):
    """History for content: every save records why, the history list says what each record
    was (a revert shows as a revert), and the revert form saves in a transaction.

    simple-history's revert form ("history/<id>/") saves without a transaction, unlike
    Django's own change form, which runs in one. Run it in one too, the same way: the version
    check in ``RoleAdminForm.clean`` locks the role's row (``select_for_update``, which
    PostgreSQL refuses outside a transaction), and the lock must be held until the reverted
    copy is saved, or another editor's save could slip in between and be overwritten."""

    object_history_template = "admin/roleprofiles/object_history.html"
    object_history_list_template = "admin/roleprofiles/object_history_list.html"

    def history_form_view(self, request, object_id, version_id, extra_context=None):
        history = self.model.history
        request.revert_record = history.filter(history_id=version_id, id=object_id).first()
        with transaction.atomic(using=router.db_for_write(self.model)):
            return super().history_form_view(request, object_id, version_id, extra_context)

    def change_reason(self, request, form, change) -> str:
        record = getattr(request, "revert_record", None)
        if record is not None:
            return governance.revert_reason(record)
        if not change:
            return "Created in the admin"
        labels = [
            str(form.fields[name].label or name).lower()
            for name in form.changed_data
            if name in form.fields and not form.fields[name].widget.is_hidden
        ]
        return f"Edited in the admin: {', '.join(labels)}" if labels else "Saved in the admin"

    def save_model(self, request, obj, form, change):
        if not getattr(obj, "_change_reason", None):
            obj._change_reason = governance.fit_reason(self.change_reason(request, form, change))
        super().save_model(request, obj, form, change)

    def get_historical_record_context_helper(self, request, historical_record):
        return ReadableChanges(self.model, historical_record)

    def set_history_delta_changes(self, request, historical_records, foreign_keys_are_objs=True):
        super().set_history_delta_changes(request, historical_records, foreign_keys_are_objs)
        for record in historical_records:
            record.action_label = revisions.history_action(record)
            record.reason_label = revisions.history_reason(record)


@admin.register(JobFamily)
class JobFamilyAdmin(ContentHistoryAdmin):
    list_display = ["name", "slug", "professional_body"]
    list_filter = ["professional_body"]
    list_select_related = ["professional_body"]
    search_fields = ["name", "description"]
    autocomplete_fields = ["professional_body"]
    prepopulated_fields = {"slug": ["name"]}


class PreloadedModelChoiceField(forms.ModelChoiceField):
    """Looks a submitted id up among objects the formset already loaded before querying."""

    preloaded: dict[str, object] | None = None

    def to_python(self, value):
        if self.preloaded is not None and str(value) in self.preloaded:
            return self.preloaded[str(value)]
        return super().to_python(value)

    def __deepcopy__(self, memo):
        # Each of a formset's forms copies its fields. ModelChoiceField's copy clones its
        # queryset (for choices, which a raw-id input never lists): three clones a row, a
        # tenth of a large role's save. The copies share the unevaluated queryset instead;
        # a lookup (``queryset.get``) clones it anyway.
        result = super(forms.ChoiceField, self).__deepcopy__(memo)
        result._queryset = self._queryset
        result.widget.choices = result.choices
        return result


PRELOADED_FIELDS = ("skill", "level", "depth")
# The columns of the requirements table (requirements_inline.html) that label a new row's inputs.
NEW_ROW_LABELS = {"position": "rq-p", "code": "rq-c", "level_label": "rq-w", "descriptor": "rq-t"}


class RequirementInlineForm(forms.ModelForm):
    @cached_property
    def related_labels(self) -> dict[str, str]:
        """The skill, level and depth named beside their ids, from what the formset loaded."""
        labels = {}
        for name in PRELOADED_FIELDS:
            value = self[name].value()
            related = (self.fields[name].preloaded or {}).get(str(value)) if value not in (None, "") else None
            labels[name] = "" if related is None else related.title if name == "skill" else related.label
        return labels

    def id_input(self, name: str, column: str, row_label: str, lookup: str) -> str:
        """A skill, level or depth id and the magnifier that finds one, as Django's raw-id
        widget renders them (its id is what the lookup popup fills in), written here: through
        the widget's template it is a tenth of the page's rendering time on a large role."""
        field = self[name]
        value = field.value()
        return format_html(
            '<input type="text" name="{}" value="{}" class="app-id" id="{}" aria-labelledby="{} {}">'
            '<a href="{}" class="related-lookup" id="lookup_{}" title="Look up"></a>',
            field.html_name,
            "" if value is None else value,
            field.auto_id,
            column,
            row_label,
            lookup,
            field.auto_id,
        )

    @cached_property
    def id_inputs(self) -> dict[str, str]:
        row = f"r{self.prefix.rsplit('-', 1)[-1]}"
        lookups = self.lookups
        return {
            name: self.id_input(name, column, row, lookups[name])
            for name, column in (("skill", "rq-s"), ("level", "rq-l"), ("depth", "rq-d"))
        }

    def full_clean(self):
        """An unchanged row is exactly what this request loaded from the database: take its
        values as they are instead of validating them again (a few queries per row, hundreds
        on a large role). The formset still sees every row's position and skill, so its
        checks for duplicates across rows still run."""
        if self.is_bound and self.instance.pk and not self.has_changed():
            self._errors = forms.utils.ErrorDict()
            self.cleaned_data = {name: getattr(self.instance, name, None) for name in self.fields}
            self.cleaned_data.update({self._meta.model._meta.pk.name: self.instance, "DELETE": False})
            return
        super().full_clean()


class RequirementInlineFormSet(forms.BaseInlineFormSet):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self._preloaded: dict[str, dict[str, object]] = {name: {} for name in PRELOADED_FIELDS}
        for requirement in self.get_queryset():
            for name in PRELOADED_FIELDS:
                related = getattr(requirement, name)
                if related is not None:
                    self._preloaded[name][str(related.pk)] = related

    def _construct_form(self, i, **kwargs):
        form = super()._construct_form(i, **kwargs)
        form.lookups = self.lookups
        if self.instance.pk and form.instance.role_id == self.instance.pk:
            form.instance.role = self.instance  # each row's title names its role
        for name in PRELOADED_FIELDS:
            form.fields[name].preloaded = self._preloaded[name]
        if form.instance.pk:
            # A row's section and heading are changed on the requirement's own page: the table
            # leaves them out, and the form keeps them as loaded.
            for name in ("section", "heading"):
                form.fields[name].disabled = True
        return form

    def add_fields(self, form, index):
        super().add_fields(form, index)
        if form.instance.pk is None:  # a new row, rendered with its widgets: label its inputs
            for name, column in NEW_ROW_LABELS.items():
                form.fields[name].widget.attrs["aria-labelledby"] = f"{column} rq-new"

    @cached_property
    def lookups(self) -> dict[str, str]:
        """Where the magnifier beside a skill, level or depth id finds one."""
        return {
            "skill": reverse("admin:frameworks_skill_changelist") + "?_to_field=id",
            "level": reverse("admin:frameworks_level_changelist") + "?_to_field=id",
            "depth": reverse("admin:frameworks_level_changelist") + "?_to_field=id",
        }

    def save(self, commit=True):
        touched = [f for f in self.initial_forms if f.instance.pk and (f.has_changed() or f in self.deleted_forms)]
        governance.ensure_baseline(Requirement, [f.instance.pk for f in touched])
        # Positions are unique per role: move the rows being renumbered (or removed) out of
        # the way first, so swapping two positions never collides halfway through the save.
        moving = [
            form.instance.pk
            for form in self.initial_forms
            if form.instance.pk and ("position" in form.changed_data or form in self.deleted_forms)
        ]
        if moving:
            top = Requirement.objects.filter(role=self.instance).aggregate(top=Max("position"))["top"] or 0
            submitted = max((f.cleaned_data.get("position") or 0 for f in self.forms if f.cleaned_data), default=0)
            Requirement.objects.filter(pk__in=moving).update(position=F("position") + max(top, submitted) + 1)
        for form in self.forms:
            if form in self.deleted_forms:
                form.instance._change_reason = "Removed on the role's page"
            elif form.instance.pk is None:
                form.instance._change_reason = "Added on the role's page"
            else:
                form.instance._change_reason = "Edited on the role's page"
        return super().save(commit=commit)


class RequirementInline(admin.TabularInline):
    """A compact table (requirements_inline.html): a role's 132 requirements in the standard
    tabular inline were 1.3 MB and 2,467 px wide."""

    model = Requirement
    form = RequirementInlineForm
    formset = RequirementInlineFormSet
    template = "admin/roleprofiles/role/requirements_inline.html"
    extra = 1
    ordering = ["position"]
    fields = ["position", "section", "heading", "skill", "code", "level", "level_label", "depth", "descriptor"]
    raw_id_fields = ["skill", "level", "depth"]

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("skill", "level__scale", "depth__scale")

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if db_field.name in PRELOADED_FIELDS:
            kwargs["form_class"] = PreloadedModelChoiceField
        return super().formfield_for_foreignkey(db_field, request, **kwargs)

    def formfield_for_dbfield(self, db_field, request, **kwargs):
        if db_field.name == "descriptor":
            kwargs["widget"] = forms.Textarea(attrs={"rows": 2})
        return super().formfield_for_dbfield(db_field, request, **kwargs)


class ReviewFilter(admin.SimpleListFilter):
    title = "review"
    parameter_name = "review"

    def lookups(self, request, model_admin):
        days = governance.REVIEW_WINDOW_DAYS
        return [
            ("queue", f"Overdue or due in the next {days} days"),
            ("overdue", "Overdue"),
            ("soon", f"Due in the next {days} days"),
            ("unscheduled", "No review date"),
        ]

    def queryset(self, request, queryset):
        today = timezone.localdate()
        match self.value():
            case "queue":
                return queryset.exclude(status=Role.Status.ARCHIVED).filter(
                    governance.review_overdue(today) | governance.review_due_soon(today)
                )
            case "overdue":
                return queryset.filter(governance.review_overdue(today))
            case "soon":
                return queryset.filter(governance.review_due_soon(today))
            case "unscheduled":
                return queryset.filter(next_review_due__isnull=True)
        return queryset


# What an inline formset did on save, in the words a role's change reason uses.
FORMSET_CHANGES = [("new_objects", "added"), ("changed_objects", "changed"), ("deleted_objects", "removed")]


class RoleAdminForm(forms.ModelForm):
    """Carries the version the editor loaded; saving checks it against the locked row."""

    expected_version = forms.IntegerField(widget=forms.HiddenInput, required=False)
    revert_to = None  # the history record being restored, on the revert form
    revert_plan = None

    class Meta:
        model = Role
        fields = [
            "title",
            "slug",
            "title_in_source",
            "family",
            "level",
            "professional_body",
            "summary",
            "status",
            "owner",
            "last_reviewed",
            "next_review_due",
            "additional_frameworks",
            "source_document",
            "source_note",
            "ladder",
            "ladder_position",
            "ladder_track",
            "ladder_evidence",
            "ladder_order_inferred",
        ]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk:
            # The database's version, not the instance's: a revert starts from an old copy.
            current = Role.objects.filter(pk=self.instance.pk).values_list("version", flat=True).first()
            self.fields["expected_version"].initial = current

    def clean(self):
        cleaned = super().clean()
        self.locked_status = None
        if not self.instance.pk:
            return cleaned
        # Runs inside the admin's transaction (Django's change form, ContentHistoryAdmin's revert):
        # the row stays locked until the save commits.
        current = Role.objects.select_for_update().filter(pk=self.instance.pk).values("version", "status").first()
        if current is None:
            raise ValidationError("This role has been deleted by someone else.", code="deleted")
        expected = cleaned.get("expected_version")
        if expected != current["version"]:
            url = reverse("admin:roleprofiles_role_change", args=[self.instance.pk])
            raise ValidationError(
                format_html(
                    "Someone else saved this role while you were editing it (you started from version {}; "
                    'it is now version {}). Your changes have not been saved. <a href="{}">Reload the latest '
                    "version</a>, then make your changes again.",
                    expected if expected is not None else "unknown",
                    current["version"],
                    url,
                ),
                code="conflict",
            )
        self.locked_status = current["status"]
        self.instance.version = current["version"] + 1
        if self.revert_to is not None:
            # Planned while the role is locked: what the requirements become is exactly what
            # this version says, against the requirements as they are now.
            self.revert_plan = revisions.plan_requirement_revert(self.instance, self.revert_to)
            if self.revert_plan.problems:
                raise ValidationError(
                    ["This version cannot be restored:", *self.revert_plan.problems], code="unrestorable"
                )
        return cleaned


@admin.register(Role)
class RoleAdmin(ContentHistoryAdmin):
    form = RoleAdminForm
    list_display = ["title", "status", "family", "body", "last_reviewed", "next_review_due", "version"]
    list_filter = ["status", "kind", ReviewFilter, "family", "professional_body", "title_in_source"]
    list_select_related = ["family", "level", "level__scale", "professional_body"]
    search_fields = ["title", "slug", "summary", "owner"]
    autocomplete_fields = ["family", "level", "professional_body", "source_document", "ladder"]
    filter_horizontal = ["additional_frameworks"]
    prepopulated_fields = {"slug": ["title"]}
    readonly_fields = ["version", "kind", "external_role", "external_level", "role_type", "in_use"]
    inlines = [RequirementInline]
    actions = ["mark_reviewed", "publish", "archive", "return_to_draft"]
    history_list_display = ["status"]  # the version names each row
    fieldsets = [
        (None, {"fields": ["title", "slug", "title_in_source", "family", "level", "professional_body", "summary"]}),
        ("Publishing and review", {"fields": ["status", "owner", "last_reviewed", "next_review_due", "version"]}),
        ("Recruitment", {"fields": ["indicative_band"]}),
        ("Source", {"fields": ["additional_frameworks", "source_document", "source_note"]}),
        (
            "Career ladder (DDaT role levels)",
            {
                "fields": [
                    "kind",
                    ("external_role", "external_level"),
                    "ladder",
                    ("ladder_position", "ladder_track"),
                    "ladder_evidence",
                    "ladder_order_inferred",
                    ("role_type", "in_use"),
                ],
                "description": "The framework's key and what its release says; the order on the ladder is yours to "
                "correct: untick “order inferred” once it is confirmed.",
            },
        ),
        (None, {"fields": ["expected_version"], "classes": ["hidden"]}),
    ]

    @admin.display(description="body", ordering="professional_body__abbreviation")
    def body(self, obj):
        return obj.professional_body.abbreviation if obj.professional_body else "-"

    def view_on_site(self, obj):
        # Only a published role has a public page; a draft's link would be a 404.
        return obj.get_absolute_url() if obj.status == Role.Status.PUBLISHED else None

    # Permissions ----------------------------------------------------------------------

    def has_publish_permission(self, request) -> bool:
        return governance.can_publish(request.user)

    def has_delete_permission(self, request, obj=None):
        if obj is not None and obj.status == Role.Status.PUBLISHED and not self.has_publish_permission(request):
            return False
        return super().has_delete_permission(request, obj)

    def get_readonly_fields(self, request, obj=None):
        readonly = list(super().get_readonly_fields(request, obj))
        if not self.has_publish_permission(request):
            readonly.append("status")
        return readonly

    def save_model(self, request, obj, form, change):
        locked = getattr(form, "locked_status", None)
        if change and locked is not None and not self.has_publish_permission(request):
            # An editor's save (or revert to an old version) never changes what is published.
            obj.status = locked
        if change:
            governance.ensure_baseline(Role, [obj.pk])
        super().save_model(request, obj, form, change)
        if form.revert_plan is not None:
            revisions.apply_requirement_revert(obj, form.revert_plan, user=request.user, reason=obj._change_reason)

    def save_related(self, request, form, formsets, change):
        super().save_related(request, form, formsets, change)
        content_changed.send(sender=Role, roles=[form.instance.pk])
        counts = [
            (len(getattr(formset, attribute, [])), label)
            for formset in formsets
            for attribute, label in FORMSET_CHANGES
        ]
        summary = ", ".join(f"{count} {label}" for count, label in counts if count)
        if change and summary:
            # The role's record was written before its requirements were saved: complete its reason.
            reason = form.instance._change_reason
            reason = (
                f"{reason}; requirements: {summary}"
                if reason != "Saved in the admin"
                else (f"Edited in the admin: requirements: {summary}")
            )
            latest = Role.history.filter(id=form.instance.pk).order_by("-history_date", "-history_id")
            Role.history.filter(history_id=Subquery(latest.values("history_id")[:1])).update(
                history_change_reason=governance.fit_reason(reason)
            )

    def delete_model(self, request, obj):
        pk = obj.pk
        super().delete_model(request, obj)
        content_changed.send(sender=Role, roles=[pk])

    def delete_queryset(self, request, queryset):
        ids = list(queryset.values_list("pk", flat=True))
        super().delete_queryset(request, queryset)
        content_changed.send(sender=Role, roles=ids)

    def changeform_view(self, request, object_id=None, form_url="", extra_context=None):
        # The requirements table needs the page's width: no navigation sidebar beside it.
        extra_context = {"is_nav_sidebar_enabled": False, **(extra_context or {})}
        return super().changeform_view(request, object_id, form_url, extra_context)

    # History and revert ---------------------------------------------------------------

    object_history_template = "admin/roleprofiles/role/object_history.html"
    object_history_form_template = "admin/roleprofiles/role/object_history_form.html"

    def get_form(self, request, obj=None, change=False, **kwargs):
        form = super().get_form(request, obj, change, **kwargs)
        record = getattr(request, "revert_record", None)
        if record is not None:
            form = type(form.__name__, (form,), {"revert_to": record})
        return form

    def history_form_view(self, request, object_id, version_id, extra_context=None):
        """The revert page says exactly what reverting would do to the requirements."""
        record = Role.history.filter(id=object_id, history_id=version_id).first()
        role = Role.objects.filter(pk=object_id).first()
        context = dict(extra_context or {})
        if record is not None and role is not None:
            plan = revisions.plan_requirement_revert(role, record)
            context.update(
                {
                    "revert_plan": plan,
                    "revert_lines": revisions.describe(plan),
                    "revert_record": record,
                    "revert_when": governance.when(record.history_date),
                }
            )
        return super().history_form_view(request, object_id, version_id, context)

    def set_history_delta_changes(self, request, historical_records, foreign_keys_are_objs=True):
        super().set_history_delta_changes(request, historical_records, foreign_keys_are_objs)
        records = list(historical_records)
        if records:
            lines = revisions.requirement_changes_by_version(records[0].id, records)
            for record in records:
                record.requirement_changes = lines.get(record.history_id, [])

    # Actions --------------------------------------------------------------------------

    @admin.action(description="Mark selected roles as reviewed today", permissions=["change"])
    def mark_reviewed(self, request, queryset):
        count = governance.mark_reviewed(roles=list(queryset), user=request.user)
        self.message_user(request, f"Marked {count} role(s) as reviewed; next review due in a year.")

    @admin.action(description="Publish selected roles", permissions=["publish"])
    def publish(self, request, queryset):
        self._set_status(request, queryset, Role.Status.PUBLISHED, "Published")

    @admin.action(description="Archive selected roles", permissions=["publish"])
    def archive(self, request, queryset):
        self._set_status(request, queryset, Role.Status.ARCHIVED, "Archived")

    @admin.action(description="Return selected roles to draft", permissions=["publish"])
    def return_to_draft(self, request, queryset):
        self._set_status(request, queryset, Role.Status.DRAFT, "Returned", " to draft")

    def _set_status(self, request, queryset, status, done: str, after: str = "") -> None:
        roles = list(queryset)
        count = governance.set_status(roles=roles, status=status, user=request.user)
        content_changed.send(sender=Role, roles=[role.pk for role in roles])
        self.message_user(request, f"{done} {count} role(s){after}.")

    # Extra views ----------------------------------------------------------------------

    def get_urls(self):
        view = self.admin_site.admin_view
        return [
            path("import/", view(self.import_view), name="roleprofiles_role_import"),
            path("<int:object_id>/preview/", view(self.preview_view), name="roleprofiles_role_preview"),
            path("<int:object_id>/export.txt", view(self.export_view), name="roleprofiles_role_export"),
            *super().get_urls(),
        ]

    def _role_or_404(self, request, object_id) -> Role:
        role = get_object_or_404(Role, pk=object_id)
        if not self.has_view_or_change_permission(request, role):
            raise PermissionDenied
        return role

    def preview_view(self, request, object_id):
        """The public profile page for any role, draft or not, under a draft banner."""
        self._role_or_404(request, object_id)
        role, sections = selectors.role_preview(object_id)
        context = {
            **body_context(role, sections),
            "crumbs": [("/admin/", "Admin"), (reverse("admin:roleprofiles_role_changelist"), "Roles")],
            "change_url": reverse("admin:roleprofiles_role_change", args=[role.pk]),
            "preview": True,
        }
        return TemplateResponse(request, "admin/roleprofiles/role/preview.html", context)

    def export_view(self, request, object_id):
        role = self._role_or_404(request, object_id)
        try:
            text = export_role(role)
        except ExportError as exc:
            self.message_user(request, f"Cannot export: {exc}.", level=messages.ERROR)
            return redirect("admin:roleprofiles_role_change", role.pk)
        response = HttpResponse(text, content_type="text/plain; charset=utf-8")
        response["Content-Disposition"] = f'attachment; filename="{role.slug}.txt"'
        return response

    def import_view(self, request):
        """Upload → preview (nothing saved) → confirm → imported."""
        if not (self.has_add_permission(request) and self.has_change_permission(request)):
            raise PermissionDenied
        context = {
            **self.admin_site.each_context(request),
            "opts": self.model._meta,
            "title": "Import a role profile",
        }
        if request.method == "POST" and "confirm" in request.POST:
            form = import_forms.ConfirmImportForm(request.POST)
            if not form.is_valid():
                return self._import_error(request, context, form.error_list())
            payload = form.verified_payload
            try:
                result = import_forms.run_import(
                    payload,
                    dry_run=False,
                    expected_target=payload.get("target"),
                    confirm_rename=form.cleaned_data["confirm_rename"],
                )
            except import_forms.RenameNotConfirmed as exc:
                return self._import_preview(request, context, payload, errors=[str(exc)])
            except (ProfileParseError, import_forms.ImportRefused) as exc:
                return self._import_error(request, context, [str(exc)])
            self.message_user(
                request, f'Imported "{result.role.title}": {result.report.summary_line()}', level=messages.SUCCESS
            )
            return redirect("admin:roleprofiles_role_change", result.role.pk)
        if request.method == "POST":
            form = import_forms.UploadProfileForm(request.POST, request.FILES)
            if not form.is_valid():
                return self._import_error(request, context, form.error_list(), form=form)
            return self._import_preview(request, context, form.payload(), form=form)
        context["form"] = import_forms.UploadProfileForm()
        return TemplateResponse(request, "admin/roleprofiles/role/import.html", context)

    def _import_preview(self, request, context, payload, *, form=None, errors=None):
        """What the import would do (a dry run), with the form that confirms it."""
        try:
            result = import_forms.run_import(payload, dry_run=True)
        except (ProfileParseError, import_forms.ImportRefused) as exc:
            return self._import_error(request, context, [str(exc)], form=form)
        # The confirmation imports into the role previewed here, or refuses.
        signed = import_forms.sign({**payload, "target": result.plan.target_key})
        context.update(
            {
                "report": result.report,
                "plan": result.plan,
                "existing": result.plan.target,
                "confirm_form": import_forms.ConfirmImportForm(initial={"payload": signed}),
                "errors": errors,
                "title": "Check the import before you confirm it",
            }
        )
        status = 400 if errors else 200
        return TemplateResponse(request, "admin/roleprofiles/role/import_preview.html", context, status=status)

    def _import_error(self, request, context, errors, *, form=None):
        """The upload page again with what was wrong (line numbers included); nothing was saved."""
        context.update({"form": form or import_forms.UploadProfileForm(), "errors": errors})
        return TemplateResponse(request, "admin/roleprofiles/role/import.html", context, status=400)


@admin.register(Requirement)
class RequirementAdmin(ContentHistoryAdmin):
    list_display = ["role", "position", "section", "skill", "code", "level_label", "depth"]
    list_filter = ["section", "role__status", "role"]
    list_select_related = ["role", "skill", "depth", "depth__scale"]
    search_fields = ["skill__title", "code", "descriptor", "role__title", "heading"]
    autocomplete_fields = ["role", "skill", "level", "depth"]
    ordering = ["role__title", "position"]

    # A requirement edited here is part of its role: raise the role's version so that anyone
    # with the role open (and its requirements inline) gets a conflict instead of overwriting it.
    def save_model(self, request, obj, form, change):
        if change:
            governance.ensure_baseline(Requirement, [obj.pk])
        verb = "reverted" if getattr(request, "revert_record", None) else "edited" if change else "added"
        self._record_role_change(request, {obj.role_id, form.initial.get("role")}, obj, verb)
        super().save_model(request, obj, form, change)
        content_changed.send(sender=Requirement, roles=sorted({obj.role_id, form.initial.get("role")} - {None}))

    def delete_model(self, request, obj):
        governance.ensure_baseline(Requirement, [obj.pk])
        self._record_role_change(request, {obj.role_id}, obj, "removed")
        obj._change_reason = "Removed on its own page"
        super().delete_model(request, obj)
        content_changed.send(sender=Requirement, roles=[obj.role_id])

    def delete_queryset(self, request, queryset):
        with transaction.atomic(using=router.db_for_write(Requirement)):
            requirements = list(queryset.select_related("skill"))
            governance.ensure_baseline(Requirement, [r.pk for r in requirements])
            for requirement in requirements:
                self._record_role_change(request, {requirement.role_id}, requirement, "removed")
                requirement._change_reason = "Removed from the list of requirements"
                requirement.delete()
            content_changed.send(sender=Requirement, roles=sorted({r.role_id for r in requirements}))

    # A requirement edited here is part of its role: record a new version of the role first
    # (anyone with the role open then gets a conflict instead of overwriting it, and the role's
    # history lists the change under that version).
    @staticmethod
    def _record_role_change(request, role_ids, requirement, verb: str) -> None:
        name = f"“{requirement.skill.title}” in {changes.section_name(requirement.section)}"
        governance.record_role_change(role_ids, user=request.user, reason=f"Requirement {name} {verb} on its own page")
