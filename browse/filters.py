"""The skill index's filters: kind, framework and first letter, from GET parameters."""

from __future__ import annotations

import string

import django_filters
from django.db.models.functions import Upper

from frameworks.models import Framework, Skill

LETTERS = list(string.ascii_uppercase)


class SkillFilter(django_filters.FilterSet):
    kind = django_filters.ChoiceFilter(
        choices=Skill.Kind.choices,
        empty_label="All kinds",
        error_messages={"invalid_choice": "There is no kind of skill “%(value)s”."},
    )
    framework = django_filters.ModelChoiceFilter(
        queryset=Framework.objects.all(),
        to_field_name="slug",
        empty_label="Any framework",
        error_messages={"invalid_choice": "There is no framework “%(value)s”."},
    )
    letter = django_filters.ChoiceFilter(
        choices=[(letter, letter) for letter in LETTERS] + [("0-9", "0–9")],
        method="filter_letter",
        empty_label="All",
        error_messages={"invalid_choice": "Choose a letter from A to Z, not “%(value)s”."},
    )

    class Meta:
        model = Skill
        fields = ["kind", "framework"]

    def filter_letter(self, queryset, name, value):
        if value == "0-9":
            return queryset.filter(title__regex=r"^[0-9]")
        return queryset.annotate(initial=Upper("title")).filter(initial__startswith=value)

    def without_letter(self):
        queryset = self.queryset
        for name, value in self.form.cleaned_data.items():
            if name != "letter":
                queryset = self.filters[name].filter(queryset, value)
        return queryset
