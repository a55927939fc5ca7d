"""The catalogue, /roles/: facets with counts, text search, sorting and paging."""

from django.shortcuts import render

from core.breadcrumbs import crumb, trail
from core.http import answers_problems, require_valid

from .. import selectors
from ..exports import framework_attributions
from ..filters import RoleFilter
from ..models import Role

ROLES = crumb("roleprofiles:role-list", "Roles")


@answers_problems
def role_list(request):
    filterset = RoleFilter(request.GET, queryset=Role.objects.published().for_list())
    require_valid(filterset)
    catalogue = selectors.catalogue(filterset, page=request.GET.get("page"))
    context = {
        "catalogue": catalogue,
        # DDaT role levels on the page carry their framework's licence notice.
        "attributions": framework_attributions(role.ladder.framework for role in catalogue.roles if role.ladder),
        "filterset": filterset,
        "crumbs": trail(),
    }
    return render(request, "roleprofiles/role_list.html", context)
