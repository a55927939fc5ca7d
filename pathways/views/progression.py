"""Moving from one role to another, /pathways/progression/?from=<role>&to=<role>."""

from __future__ import annotations

from django.http import Http404
from django.shortcuts import render

from core.breadcrumbs import Crumb, crumb, trail
from core.http import Problem
from roleprofiles.selectors import UnknownRoles

from .. import selectors
from . import SLUG
from . import answers_problems_here as answers_problems

ROLES = crumb("roleprofiles:role-list", "Roles")


@answers_problems
def progression(request):
    """Moving from one role to another: the compare engine in one direction."""
    current, target = request.GET.get("from", ""), request.GET.get("to", "")
    if not current:
        raise Problem("say which role you are moving from (?from=<role>)")
    if not SLUG.fullmatch(current) or (target and not SLUG.fullmatch(target)):
        raise Http404("No such role")
    if target == current:
        raise Problem("choose a target role different from the role you are moving from")
    try:
        progression = selectors.progression(current, target)
    except UnknownRoles as error:
        raise Http404(f"No published role: {', '.join(error.slugs)}") from error
    context = {
        "progression": progression,
        "targets": selectors.roles_to_choose().exclude(pk=progression.current.pk),
        "crumbs": trail(ROLES, Crumb(progression.current.get_absolute_url(), progression.current.title)),
    }
    return render(request, "pathways/progression.html", context)
