"""Role pages: thin views that parse the request, call a selector and render."""

from django.http import Http404
from django.shortcuts import redirect, render

from . import selectors
from .filters import RoleFilter
from .pagination import PageOutOfRange, parse_page
from .structured_data import json_ld, occupation

HOME = ("/", "Home")
ROLES = ("/roles/", "Roles")


def bad_request(request, problems: list[str], status: int = 400):
    return render(request, f"errors/{status}.html", {"message": " ".join(problems), "crumbs": [HOME]}, status=status)


def role_list(request):
    filterset = RoleFilter(request.GET, queryset=selectors.published_roles())
    page, page_problem = parse_page(request.GET)
    if not filterset.is_valid() or page_problem:
        problems = [error for errors in filterset.errors.values() for error in errors]
        return bad_request(request, problems + ([page_problem] if page_problem else []))
    try:
        catalogue = selectors.catalogue(filterset, page=page, params=request.GET)
    except PageOutOfRange as problem:
        return bad_request(request, [str(problem)], status=404)
    context = {"catalogue": catalogue, "filterset": filterset, "crumbs": [HOME]}
    return render(request, "roleprofiles/role_list.html", context)


def role_detail(request, slug):
    try:
        role, sections = selectors.role_profile(slug)
    except Http404:
        moved_to = selectors.renamed_role_url(slug)  # a level renamed by a framework release
        if moved_to is None:
            raise
        return redirect(moved_to, permanent=True)
    context = {
        "role": role,
        "sections": sections,
        "frameworks": selectors.role_frameworks(role, sections),
        "related_roles": selectors.related_roles(role),
        "json_ld": json_ld(occupation(role, sections, url=request.build_absolute_uri(role.get_absolute_url()))),
        "crumbs": [HOME, ROLES],
    }
    return render(request, "roleprofiles/role_detail.html", context)
