"""The professional bodies (/bodies/) and a body's page (/bodies/<slug>/): its roles,
qualifications and job families."""

from django.shortcuts import render

from core.breadcrumbs import crumb, trail

from .. import selectors

BODIES = crumb("browse:body-list", "Professional bodies")


def body_list(request):
    context = {"bodies": selectors.bodies_with_counts(), "crumbs": trail()}
    return render(request, "browse/body_list.html", context)


def body_detail(request, slug):
    page = selectors.body_detail(slug)
    context = {"page": page, "body": page.body, "crumbs": trail(BODIES)}
    return render(request, "browse/body_detail.html", context)
