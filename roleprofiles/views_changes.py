"""The public "What's changed" page: published changes by date, per role."""

from django.shortcuts import render

from . import changes
from .pagination import PageOutOfRange, paginate, parse_page
from .views import HOME, bad_request

PER_PAGE = 20  # role-days per page


def changes_list(request):
    page, problem = parse_page(request.GET)
    if problem:
        return bad_request(request, [problem])
    items = changes.role_change_items(changes.published_changes())
    try:
        pagination = paginate(page=page, total=len(items), per_page=PER_PAGE, params=request.GET)
    except PageOutOfRange as out_of_range:
        return bad_request(request, [str(out_of_range)], status=404)
    days = changes.regroup_by_day(items[pagination.offset : pagination.offset + PER_PAGE])
    context = {"days": days, "pagination": pagination, "crumbs": [HOME], "releases": changes.release_notes()}
    return render(request, "roleprofiles/changes.html", context)
