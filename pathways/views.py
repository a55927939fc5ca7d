"""Pathways, about, self-assessment and progression pages: thin views that parse the
request, call a selector and render. Answers to a self-assessment live only in the
URL: nothing personal is stored on the server."""

from __future__ import annotations

import re
from functools import partial

from django.http import Http404, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.views.decorators.cache import never_cache

from core.breadcrumbs import Crumb, crumb, trail
from core.http import Problem
from core.http import answers_problems as core_answers_problems
from roleprofiles.compare import Gap, UnknownRoles, comparison_roles, gaps_to_target

from . import documents, selectors
from .scoring import (
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

SLUG = re.compile(r"[-a-zA-Z0-9_]{1,120}")
PATHWAYS = crumb("pathways:pathways", "Career pathways")
SELF_ASSESSMENT = crumb("pathways:self-assessment", "Self-assessment")
ROLES = crumb("roleprofiles:role-list", "Roles")
BAD_ANSWERS = "Some answers could not be used"
# A problem here is listed on a page that leads back to the self-assessment.
answers_problems = partial(core_answers_problems, template="pathways/bad_request.html")


def pathways(request):
    return render(request, "pathways/index.html", {**selectors.pathways_overview(), "crumbs": trail()})


def archetype_detail(request, slug):
    context = {"archetype": selectors.archetype_detail(slug), "crumbs": trail(PATHWAYS)}
    return render(request, "pathways/archetype_detail.html", context)


def programme_detail(request, slug):
    context = {"programme": selectors.programme_detail(slug), "crumbs": trail(PATHWAYS)}
    return render(request, "pathways/programme_detail.html", context)


def about(request):
    return render(request, "pathways/about.html", {"parts": selectors.about_content(), "crumbs": trail()})


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
        answers = parse_answers(assessment.items, dict(request.GET.lists()))
        step = parse_step(request.GET.getlist("step"), len(assessment.groups))
    except BadAnswers as error:
        raise Problem(*error.problems, heading=BAD_ANSWERS) from error
    plan = steps(assessment.items, answers, step)
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
        answers = parse_answers(assessment.items, dict(request.GET.lists()))
    except BadAnswers as error:
        raise Problem(*error.problems, heading=BAD_ANSWERS) from error
    outcome = score(assessment.items, answers)
    context = {
        "assessment": assessment,
        "result": outcome,
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
        response = HttpResponse(documents.plan_docx(context), content_type=documents.DOCX)
        response["Content-Disposition"] = f'attachment; filename="development-plan-{assessment.subject.slug}.docx"'
        return response
    if fmt:
        raise Problem(f"“{fmt[:20]}” is not a download format: the plan downloads as docx")
    return render(request, "pathways/result.html", context)


@answers_problems
def progression(request):
    """Moving from one role to another: the compare engine in one direction."""
    current, target = request.GET.get("from", ""), request.GET.get("to", "")
    if not current:
        raise Problem("say which role you are moving from (?from=<role>)")
    if not SLUG.fullmatch(current) or (target and not SLUG.fullmatch(target)):
        raise Http404("No such role")
    slugs = [current, target] if target else [current]
    if target == current:
        raise Problem("choose a target role different from the role you are moving from")
    try:
        roles, requirements = comparison_roles(slugs)
    except UnknownRoles as error:
        raise Http404(f"No published role: {', '.join(error.slugs)}") from error
    context = {
        "current": roles[0],
        "targets": selectors.roles_to_choose().exclude(pk=roles[0].pk),
        "crumbs": trail(ROLES, Crumb(roles[0].get_absolute_url(), roles[0].title)),
    }
    if target:
        gaps = gaps_to_target(requirements[roles[0].pk], requirements[roles[1].pk])
        context.update(
            target=roles[1],
            gain=[gap for gap in gaps if gap.kind == Gap.GAIN],
            raise_=[gap for gap in gaps if gap.kind == Gap.RAISE],
            met=[gap for gap in gaps if gap.kind == Gap.MET],
        )
    return render(request, "pathways/progression.html", context)
