"""The home page, /: search, job families, professional bodies and frameworks with counts."""

from django.shortcuts import render

from .. import selectors


def home(request):
    return render(request, "home.html", selectors.home_summary())
