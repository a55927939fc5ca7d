"""The public "What's changed" page, /changes/: published changes by date, per role."""

from django.shortcuts import render

from core.breadcrumbs import trail
from core.http import answers_problems
from core.pagination import paginate

from .. import changes

PER_PAGE = 20  # role-days per page


@answers_problems
def changes_list(request):
    items = changes.role_change_items(changes.published_changes())
    pagination = paginate(items, params=request.GET, per_page=PER_PAGE)
    days = changes.regroup_by_day(pagination.object_list)
    context = {"days": days, "pagination": pagination, "crumbs": trail(), "releases": changes.release_notes()}
    return render(request, "roleprofiles/changes.html", context)
