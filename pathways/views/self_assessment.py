"""Self-assessment, /self-assessment/: rate yourself against a framework or a role, then a gap
report and a Word development plan. The answers live only in the URL: nothing personal is stored."""

from __future__ import annotations

from django.http import Http404, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.views.decorators.cache import never_cache

from core.breadcrumbs import crumb, trail
from core.http import Problem

from .. import development_plan, selectors
from ..scoring import (
    BAR_AREA,
    EVIDENCE_SCALE,
    BadAnswers,
    chart_bars,
    how_worked_out,
    parse_answers,
    parse_step,
    score,
    steps,
)
from . import SLUG
from . import answers_problems_here as answers_problems

SELF_ASSESSMENT = crumb("pathways:self-assessment", "Self-assessment")
BAD_ANSWERS = "Some answers could not be used"


def _assessment(request):
    """The assessment the query string names: ?framework=<slug> or ?role=<slug>."""
    framework, role = request.GET.getlist("framework"), request.GET.getlist("role")
    if len(framework) + len(role) != 1:
        raise Problem("choose one framework or one role to assess yourself against")
    if not SLUG.fullmatch((framework or role)[0]):
        raise Http404("No such framework or role")
    if framework:
        return selectors.framework_assessment(framework[0])
    return selectors.role_assessment(role[0])


def self_assessment(request):
    if request.GET:
        return rate(request)
    context = {
        "frameworks": selectors.assessable_frameworks(),
        "roles": selectors.roles_to_choose(),
        "crumbs": trail(),
    }
    return render(request, "pathways/self_assessment.html", context)


@never_cache  # the answers are personal: no shared or browser cache keeps them
@answers_problems
def rate(request):
    """The rating form: one page, or one section per step for a long assessment, the answers
    so far carried in the URL (and in the form's hidden fields) from step to step."""
    assessment = _assessment(request)
    try:
        answers = parse_answers(assessment.rateable, dict(request.GET.lists()))
        step = parse_step(request.GET.getlist("step"), len(assessment.groups))
    except BadAnswers as error:
        raise Problem(*error.problems, heading=BAD_ANSWERS) from error
    plan = steps(assessment.rateable, answers, step)
    context = {
        "assessment": assessment,
        "steps": plan,
        "form": assessment.form(answers, plan.shown),
        "evidence_scale": EVIDENCE_SCALE,
        "crumbs": trail(SELF_ASSESSMENT),
    }
    return render(request, "pathways/rate.html", context)


@never_cache
@answers_problems
def result(request):
    assessment = _assessment(request)
    try:
        answers = parse_answers(assessment.rateable, dict(request.GET.lists()))
    except BadAnswers as error:
        raise Problem(*error.problems, heading=BAD_ANSWERS) from error
    outcome = score(assessment.items, answers)
    context = {
        "assessment": assessment,
        "result": outcome,
        # A DDaT role level: the gap to the next level up its track, on the same measure.
        "next_result": score(assessment.next_items, answers) if assessment.next_level else None,
        "answers": answers,
        "bars": chart_bars(outcome.groups),
        "method": how_worked_out(assessment.kind),
        "bar_area": BAR_AREA,
        "closest": selectors.closest_roles(assessment, answers),
        "change_url": f"{reverse('pathways:self-assessment')}?{request.GET.urlencode()}",
        "docx_url": f"{reverse('pathways:self-assessment-result')}?{request.GET.urlencode()}&format=docx",
        "crumbs": trail(SELF_ASSESSMENT),
    }
    fmt = request.GET.get("format", "")
    if fmt == "docx":
        response = HttpResponse(development_plan.plan_docx(context), content_type=development_plan.DOCX)
        response["Content-Disposition"] = f'attachment; filename="development-plan-{assessment.subject.slug}.docx"'
        return response
    if fmt:
        raise Problem(f"“{fmt[:20]}” is not a download format: the plan downloads as docx")
    return render(request, "pathways/result.html", context)
