"""The skill index (/skills/, A to Z with filters) and a skill's page (/skills/<slug>/)."""

from django.shortcuts import render

from core.breadcrumbs import crumb, trail
from core.http import answers_problems, require_valid
from core.pagination import paginate
from frameworks.models import Skill
from roleprofiles.exports import framework_attributions

from .. import selectors
from ..filters import LETTERS, SkillFilter

SKILLS = crumb("browse:skill-list", "Skills")


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


@answers_problems
def skill_list(request):
    filterset = SkillFilter(request.GET, queryset=Skill.objects.active())
    require_valid(filterset)
    chosen = filterset.form.cleaned_data.get("letter") or ""
    context = {
        "pagination": paginate(
            selectors.skills_with_counts(filterset.qs), params=request.GET, per_page=selectors.SKILL_PAGE_SIZE
        ),
        "filterset": filterset,
        "letters": _letter_links(selectors.skill_letters(filterset.without_letter()), chosen, request.GET),
        "letter": chosen,
        "crumbs": trail(),
    }
    return render(request, "browse/skill_list.html", context)


@answers_problems
def skill_detail(request, slug):
    page = selectors.skill_with_roles(slug)
    requirements = paginate(page.requirements, params=request.GET, per_page=selectors.SKILL_ROLES_PAGE_SIZE)
    context = {
        "skill": page.skill,
        "requirements": requirements,
        "levels": page.levels,
        "attributions": framework_attributions([page.skill.framework]),
        "crumbs": trail(SKILLS),
    }
    return render(request, "browse/skill_detail.html", context)
