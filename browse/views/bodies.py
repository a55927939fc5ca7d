"""A professional body's page (/bodies/<slug>/): its roles, qualifications and job families."""

from django.shortcuts import render

from core.breadcrumbs import trail

from .. import selectors


def body_detail(request, slug):
    page = selectors.body_detail(slug)
    context = {"page": page, "body": page.body, "crumbs": trail()}
    return render(request, "browse/body_detail.html", context)
