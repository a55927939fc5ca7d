from django import forms

from .models import SearchDocument
from .text import MAX_QUERY_LENGTH


class SearchForm(forms.Form):
    q = forms.CharField(
        required=False,
        strip=True,
        max_length=MAX_QUERY_LENGTH,
        error_messages={"max_length": f"Search for {MAX_QUERY_LENGTH} characters or fewer."},
    )
    kind = forms.ChoiceField(
        required=False,
        choices=[("", "Everything"), *SearchDocument.Kind.choices],
        error_messages={"invalid_choice": "Show roles, skills, frameworks or bodies, not “%(value)s”."},
    )
