"""Career pathways (/pathways/), the report's archetypes and training programmes, and /about/."""

from django.shortcuts import render

from core.breadcrumbs import crumb, trail

from .. import selectors

PATHWAYS = crumb("pathways:pathways", "Career pathways")


def pathways(request):
    return render(request, "pathways/index.html", {**selectors.pathways_overview(), "crumbs": trail()})


def archetype_detail(request, slug):
    context = {"archetype": selectors.archetype_detail(slug), "crumbs": trail(PATHWAYS)}
    return render(request, "pathways/archetype_detail.html", context)


def programme_detail(request, slug):
    context = {"programme": selectors.programme_detail(slug), "crumbs": trail(PATHWAYS)}
    return render(request, "pathways/programme_detail.html", context)


def about(request):
    return render(request, "pathways/about.html", {"parts": selectors.about_content(), "crumbs": trail()})
