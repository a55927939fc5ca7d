"""The frameworks (/frameworks/) and a framework's page (/frameworks/<slug>/): its skills, a
skills-by-level matrix and the roles mapped to it."""

from django.shortcuts import render

from core.breadcrumbs import crumb, trail
from core.http import answers_problems
from core.pagination import paginate
from roleprofiles.exports import framework_attributions

from .. import selectors

FRAMEWORKS = crumb("browse:framework-list", "Frameworks")


def framework_list(request):
    context = {"frameworks": selectors.frameworks_with_counts(), "crumbs": trail()}
    return render(request, "browse/framework_list.html", context)


@answers_problems
def framework_detail(request, slug):
    page = selectors.framework_detail(slug)
    roles = paginate(page.roles, params=request.GET, per_page=selectors.FRAMEWORK_ROLES_PAGE_SIZE)
    context = {
        "page": page,
        "roles": roles,
        "attributions": framework_attributions([page.framework]),
        "crumbs": trail(FRAMEWORKS),
    }
    return render(request, "browse/framework_detail.html", context)
