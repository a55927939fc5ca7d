"""Role pages: thin views that parse the request, call a selector and render."""

from django.http import Http404
from django.shortcuts import redirect, render

from core.breadcrumbs import HOME, crumb, trail
from core.http import answers_problems, require_valid

from . import selectors
from .exports import framework_attributions
from .filters import RoleFilter
from .models import Role
from .structured_data import json_ld, occupation

ROLES = crumb("roleprofiles:role-list", "Roles")


def bad_request(request, problems: list[str], status: int = 400):
    # Kept for views_changes until it moves to core.http (its owner is changing it).
    return render(request, f"errors/{status}.html", {"message": " ".join(problems), "crumbs": [HOME]}, status=status)


@answers_problems
def role_list(request):
    filterset = RoleFilter(request.GET, queryset=Role.objects.published().for_list())
    require_valid(filterset)
    context = {
        "catalogue": selectors.catalogue(filterset, page=request.GET.get("page")),
        "filterset": filterset,
        "crumbs": trail(),
    }
    return render(request, "roleprofiles/role_list.html", context)


def role_detail(request, slug):
    try:
        role, sections = selectors.role_profile(slug)
    except Http404:
        moved_to = selectors.renamed_role_url(slug)  # a level renamed by a framework release
        if moved_to is None:
            raise
        return redirect(moved_to, permanent=True)
    frameworks = selectors.role_frameworks(role, sections)
    context = {
        "role": role,
        "sections": sections,
        "frameworks": frameworks,
        "ddat": selectors.ddat_level_page(role, sections),
        "attributions": framework_attributions(frameworks),
        "related_roles": selectors.related_roles(role),
        "json_ld": json_ld(occupation(role, sections, url=request.build_absolute_uri(role.get_absolute_url()))),
        "crumbs": trail(ROLES),
    }
    return render(request, "roleprofiles/role_detail.html", context)
