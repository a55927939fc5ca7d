"""``/search/?q=``: one box over roles, skills, frameworks and professional bodies."""

from django.shortcuts import render

from roleprofiles.pagination import PageOutOfRange, paginate

from . import selectors
from .forms import SearchForm

HOME = ("/", "Home")


def search(request):
    form = SearchForm(request.GET)
    context = {"crumbs": [HOME], "header_query": request.GET.get("q", "")[:200]}
    if not form.is_valid():
        problems = [error for errors in form.errors.values() for error in errors]
        return render(request, "errors/400.html", {**context, "message": " ".join(problems)}, status=400)
    query, page, kind = form.cleaned_data["q"], form.cleaned_data["page"] or 1, form.cleaned_data["kind"]
    results = selectors.search(query, page=page, kind=kind) if query else None
    try:
        pagination = paginate(
            page=page, total=results.total if results else 0, per_page=selectors.PAGE_SIZE, params=request.GET
        )
    except PageOutOfRange as problem:
        return render(request, "errors/404.html", {**context, "message": str(problem)}, status=404)
    context.update({"query": query, "kind": kind, "results": results, "pagination": pagination})
    return render(request, "search/results.html", context)
