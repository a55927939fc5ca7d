"""Role pages: thin views that parse the request, call a selector and render."""

from django.shortcuts import render

from . import selectors

HOME = ("/", "Home")
ROLES = ("/roles/", "Roles")


def role_list(request):
    return render(request, "roleprofiles/role_list.html", {"roles": selectors.published_roles(), "crumbs": [HOME]})


def role_detail(request, slug):
    role, sections = selectors.role_profile(slug)
    context = {
        "role": role,
        "sections": sections,
        "frameworks": selectors.role_frameworks(role, sections),
        "crumbs": [HOME, ROLES],
    }
    return render(request, "roleprofiles/role_detail.html", context)
