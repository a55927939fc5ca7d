"""The catalogue, /roles/: facets with counts, text search, sorting and paging."""

from django.shortcuts import render

from core.breadcrumbs import crumb, trail
from core.http import answers_problems, require_valid

from .. import selectors
from ..filters import RoleFilter
from ..models import Role

ROLES = crumb("roleprofiles:role-list", "Roles")


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
