"""A role's profile, /roles/<slug>/: every section, its frameworks, related roles and schema.org data.

The page's body is rendered once per version of what it shows and kept in the content cache
(``core.cache.cached_for_content``, on the role's own tag as the page cache keeps the page), so
a page rendered every time (a signed-in editor's, or with the page cache off) reads one row and
one cache entry rather than the whole profile."""

from django.http import Http404
from django.shortcuts import redirect, render
from django.template.loader import render_to_string

from core.breadcrumbs import trail
from core.cache import cached_for_content, role_tag

from .. import selectors
from ..exports import framework_attributions
from ..structured_data import json_ld, occupation
from .catalogue import ROLES


def role_detail(request, slug):
    try:
        role = selectors.published_role_heading(slug)
    except Http404:
        moved_to = selectors.renamed_role_url(slug)  # a level renamed by a framework release
        if moved_to is None:
            raise
        return redirect(moved_to, permanent=True)
    url = request.build_absolute_uri(role.get_absolute_url())
    profile = cached_for_content(
        f"profile-body:{role.pk}:{url}", lambda: profile_body(role.slug, url=url), depends_on=[role_tag(role.pk)]
    )
    return render(request, "roleprofiles/role_detail.html", {"role": role, "profile": profile, "crumbs": trail(ROLES)})


def body_context(role, sections) -> dict:
    """What the body of a role's page shows (roleprofiles/includes/profile_body.html), for its
    public page and the admin's preview."""
    frameworks = selectors.role_frameworks(role, sections)
    return {
        "role": role,
        "sections": sections,
        "frameworks": frameworks,
        "ddat": selectors.ddat_level_page(role, sections),
        "attributions": framework_attributions(frameworks),
        "related_roles": selectors.related_roles(role),
    }


def profile_body(slug: str, *, url: str) -> dict:
    """The rendered body of a role's page and its schema.org data: the same for every visitor."""
    role, sections = selectors.role_profile(slug)
    return {
        "body": render_to_string("roleprofiles/includes/profile_body.html", body_context(role, sections)),
        "json_ld": json_ld(occupation(role, sections, url=url)),
    }
