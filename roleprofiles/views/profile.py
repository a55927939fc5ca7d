"""A role's profile, /roles/<slug>/: every section, its frameworks, related roles and schema.org data."""

from django.http import Http404
from django.shortcuts import redirect, render

from core.breadcrumbs import trail

from .. import selectors
from ..exports import framework_attributions
from ..structured_data import json_ld, occupation
from .catalogue import ROLES


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
