"""``/search/?q=``: one box over roles, skills, frameworks and professional bodies."""

from django.shortcuts import render

from core.breadcrumbs import trail
from core.http import Problem, problem_response, require_valid
from core.pagination import Pagination, page_of

from . import selectors
from .forms import SearchForm


def search(request):
    form = SearchForm(request.GET)
    # The search box in the header keeps what was typed, even on an error page.
    context = {"crumbs": trail(), "header_query": request.GET.get("q", "")[:200]}
    try:
        require_valid(form)
        query, kind = form.cleaned_data["q"], form.cleaned_data["kind"]
        page = request.GET.get("page")
        results = selectors.search(query, kind=kind, page=page) if query else None
        pagination = Pagination(results.page if results else page_of([], page, per_page=1), request.GET)
    except Problem as problem:
        return problem_response(request, problem, header_query=context["header_query"])
    context.update({"query": query, "kind": kind, "results": results, "pagination": pagination})
    return render(request, "search/results.html", context)
