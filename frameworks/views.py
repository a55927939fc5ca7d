"""Skill, framework and professional body pages: parse the request, call a selector, render."""

from django.shortcuts import render

from roleprofiles.pagination import PageOutOfRange, paginate, parse_page

from . import selectors
from .filters import LETTERS, SkillFilter
from .models import Skill

HOME = ("/", "Home")
SKILLS = ("/skills/", "Skills")
FRAMEWORKS = ("/frameworks/", "Frameworks")


def _problem(request, message: str, status: int = 400):
    return render(request, f"errors/{status}.html", {"message": message, "crumbs": [HOME]}, status=status)


def _letter_links(counts: dict[str, int], chosen: str, params) -> list[dict]:
    """A to Z links that keep the other filters, each with its number of skills."""
    params = params.copy()
    params.pop("page", None)
    params.pop("letter", None)
    links = [{"letter": "All", "count": sum(counts.values()), "href": f"?{params.urlencode()}", "current": not chosen}]
    for letter in [*LETTERS, "0-9"]:
        params["letter"] = letter
        links.append(
            {
                "letter": letter,
                "count": counts.get(letter, 0),
                "href": f"?{params.urlencode()}",
                "current": letter == chosen,
            }
        )
    return links


def skill_list(request):
    filterset = SkillFilter(request.GET, queryset=Skill.objects.all())
    page, page_problem = parse_page(request.GET)
    if not filterset.is_valid() or page_problem:
        problems = [error for errors in filterset.errors.values() for error in errors] + [page_problem]
        return _problem(request, " ".join(p for p in problems if p))
    skills = selectors.skills_with_counts(filterset.qs)
    try:
        pagination = paginate(page=page, total=skills.count(), per_page=selectors.SKILL_PAGE_SIZE, params=request.GET)
    except PageOutOfRange as problem:
        return _problem(request, str(problem), status=404)
    chosen = filterset.form.cleaned_data.get("letter") or ""
    letters = _letter_links(selectors.skill_letters(filterset.without_letter()), chosen, request.GET)
    context = {
        "skills": skills[pagination.offset : pagination.offset + pagination.per_page],
        "filterset": filterset,
        "pagination": pagination,
        "letters": letters,
        "letter": chosen,
        "crumbs": [HOME],
    }
    return render(request, "frameworks/skill_list.html", context)


def skill_detail(request, slug):
    page, page_problem = parse_page(request.GET)
    if page_problem:
        return _problem(request, page_problem)
    try:
        skill_page = selectors.skill_with_roles(slug, page=page, params=request.GET)
    except PageOutOfRange as problem:
        return _problem(request, str(problem), status=404)
    context = {"skill": skill_page.skill, "page": skill_page, "crumbs": [HOME, SKILLS]}
    return render(request, "frameworks/skill_detail.html", context)


def framework_list(request):
    context = {"frameworks": selectors.frameworks_with_counts(), "crumbs": [HOME]}
    return render(request, "frameworks/framework_list.html", context)


def framework_detail(request, slug):
    page, page_problem = parse_page(request.GET)
    if page_problem:
        return _problem(request, page_problem)
    try:
        framework_page = selectors.framework_detail(slug, page=page, params=request.GET)
    except PageOutOfRange as problem:
        return _problem(request, str(problem), status=404)
    context = {"page": framework_page, "crumbs": [HOME, FRAMEWORKS]}
    return render(request, "frameworks/framework_detail.html", context)


def body_detail(request, slug):
    page = selectors.body_detail(slug)
    context = {"page": page, "body": page.body, "crumbs": [HOME]}
    return render(request, "frameworks/body_detail.html", context)
