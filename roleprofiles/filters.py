"""The catalogue's filters: text, five facets (any of the values within a facet, all facets
combined) and the sort order, parsed and validated by django-filter from GET parameters."""

from __future__ import annotations

from functools import cached_property
from typing import NamedTuple

import django_filters
from django import forms
from django.db.models import F, QuerySet

from frameworks.models import Framework, ProfessionalBody, Skill
from search.selectors import object_ids_matching
from search.text import MAX_QUERY_LENGTH

from .models import CareerLadder, JobFamily, Role

FACETS = ("kind", "family", "level", "body", "framework", "skill")
SORTS = {"title": ("title", "pk"), "level": (F("level__rank").asc(nulls_last=True), "title", "pk")}


class LevelField(forms.MultipleChoiceField):
    """Responsibility levels as whole numbers 1 to 20, repeatable: ``?level=5&level=6``."""

    default_error_messages = {
        "invalid_choice": "The level “%(value)s” is not a number from 1 to 20.",
        "invalid_list": "Give each level as a separate level= parameter.",
    }

    def valid_value(self, value) -> bool:
        return str(value).isdigit() and 1 <= int(value) <= 20

    def clean(self, value):
        return sorted({int(v) for v in super().clean(value)})


class LevelFilter(django_filters.MultipleChoiceFilter):
    field_class = LevelField


class TextMatches(NamedTuple):
    ids: object  # a subquery of the matching roles' ids, for ``pk__in`` (no id list travels)
    corrected: str  # the corrected query, when only a corrected spelling matched


def _unknown(what: str) -> dict:
    return {"invalid_choice": f"There is no {what} “%(value)s”.", "invalid_pk_value": f"There is no {what} “%(pk)s”."}


def _slug_facet(model, what: str, *, method: str) -> django_filters.ModelMultipleChoiceFilter:
    """A facet of ``model`` objects named by slug, repeatable (``?body=hcpc&body=bcs``); an
    unknown slug is "There is no <what> …"."""
    return django_filters.ModelMultipleChoiceFilter(
        queryset=model.objects.all(), to_field_name="slug", method=method, error_messages=_unknown(what)
    )


def _selected(value) -> bool:
    """A facet's cleaned value: a queryset of chosen objects, or a list of levels."""
    if isinstance(value, QuerySet):
        return not value.query.is_empty()
    return bool(value)


class RoleFilter(django_filters.FilterSet):
    q = django_filters.CharFilter(
        method="filter_text",
        max_length=MAX_QUERY_LENGTH,
        error_messages={"max_length": f"Search for {MAX_QUERY_LENGTH} characters or fewer."},
    )
    kind = django_filters.MultipleChoiceFilter(
        choices=Role.Kind.choices,
        method="filter_kind",
        error_messages={"invalid_choice": "There is no kind of role “%(value)s”."},
    )
    family = _slug_facet(JobFamily, "job family", method="filter_family")
    level = LevelFilter(method="filter_level")
    ladder = _slug_facet(CareerLadder, "career ladder", method="filter_ladder")
    body = _slug_facet(ProfessionalBody, "professional body", method="filter_body")
    framework = _slug_facet(Framework, "framework", method="filter_framework")
    skill = _slug_facet(Skill, "skill", method="filter_skill")
    sort = django_filters.ChoiceFilter(
        choices=[("title", "Title (A to Z)"), ("level", "Level (lowest first)")],
        method="filter_sort",
        empty_label=None,
        error_messages={"invalid_choice": "Sort by “title” or “level”, not “%(value)s”."},
    )

    class Meta:
        model = Role
        fields: list[str] = []

    @cached_property
    def text_matches(self) -> TextMatches | None:
        """What the search index matches for ``q``, looked up once however often the filters
        run (each facet count runs them again); None when ``q`` has no words to search for."""
        found = object_ids_matching("role", self.form.cleaned_data.get("q") or "")
        return TextMatches(*found) if found else None

    @property
    def corrected_query(self) -> str:
        return self.text_matches.corrected if self.text_matches else ""

    def filter_text(self, queryset, name, value):
        return queryset.filter(pk__in=self.text_matches.ids) if self.text_matches else queryset

    def filter_kind(self, queryset, name, value):
        return queryset.filter(kind__in=value) if value else queryset

    def filter_family(self, queryset, name, value):
        return queryset.filter(family__in=value) if _selected(value) else queryset

    def filter_level(self, queryset, name, value):
        return queryset.filter(level__rank__in=value) if value else queryset

    def filter_body(self, queryset, name, value):
        return queryset.filter(professional_body__in=value) if _selected(value) else queryset

    def filter_ladder(self, queryset, name, value):
        return queryset.filter(ladder__in=value) if _selected(value) else queryset

    def filter_framework(self, queryset, name, value):
        return queryset.mapped_to(value) if _selected(value) else queryset

    def filter_skill(self, queryset, name, value):
        return queryset.needing(value) if _selected(value) else queryset

    def filter_sort(self, queryset, name, value):
        return queryset  # ordering is applied last, in ``sorted_qs``

    def without(self, facet: str | None) -> QuerySet:
        """The roles matching every active filter except one facet: what that facet's counts are of."""
        queryset = self.queryset
        for name, value in self.form.cleaned_data.items():
            if name != facet:
                queryset = self.filters[name].filter(queryset, value)
        return queryset

    @property
    def sort_order(self) -> str:
        return self.form.cleaned_data.get("sort") or "title"

    def sorted_qs(self) -> QuerySet:
        return self.without(None).order_by(*SORTS[self.sort_order])

    def selected(self, facet: str) -> list[str]:
        """The values chosen for a facet, as given (already validated)."""
        if facet == "level":
            return [str(level) for level in self.form.cleaned_data.get("level") or []]
        if not _selected(self.form.cleaned_data.get(facet)):
            return []
        return list(dict.fromkeys(self.form.data.getlist(facet)))
