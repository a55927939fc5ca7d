"""Pathways, about, self-assessment and progression pages: thin views that parse the
request, call a selector and render. Answers to a self-assessment live only in the
URL: nothing personal is stored on the server."""

from __future__ import annotations

import re

from django.http import Http404, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.views.decorators.cache import never_cache

from roleprofiles.compare import Gap, UnknownRoles, comparison_roles, gaps_to_target

from . import documents, selectors
from .scoring import CHART_WIDTH, EVIDENCE_SCALE, ROW, BadAnswers, chart_bars, parse_answers, score

SLUG = re.compile(r"[-a-zA-Z0-9_]{1,120}")
HOME = ("/", "Home")
PATHWAYS = ("/pathways/", "Career pathways")
SELF_ASSESSMENT = ("/self-assessment/", "Self-assessment")


def bad_request(request, problems: list[str], *, heading: str = "There is a problem with the request"):
    context = {"heading": heading, "problems": problems, "crumbs": [HOME]}
    return render(request, "pathways/bad_request.html", context, status=400)


def pathways(request):
    return render(request, "pathways/index.html", {**selectors.pathways_overview(), "crumbs": [HOME]})


def archetype_detail(request, slug):
    context = {"archetype": selectors.archetype_detail(slug), "crumbs": [HOME, PATHWAYS]}
    return render(request, "pathways/archetype_detail.html", context)


def programme_detail(request, slug):
    context = {"programme": selectors.programme_detail(slug), "crumbs": [HOME, PATHWAYS]}
    return render(request, "pathways/programme_detail.html", context)


def about(request):
    return render(request, "pathways/about.html", {"parts": selectors.about_content(), "crumbs": [HOME]})


def _assessment(request):
    """The assessment the query string names: ?framework=<slug> or ?role=<slug>."""
    framework, role = request.GET.getlist("framework"), request.GET.getlist("role")
    if len(framework) + len(role) != 1:
        return None, ["choose one framework or one role to assess yourself against"]
    if not SLUG.fullmatch((framework or role)[0]):
        raise Http404("No such framework or role")
    if framework:
        return selectors.framework_assessment(framework[0]), []
    return selectors.role_assessment(role[0]), []


def self_assessment(request):
    if request.GET:
        return rate(request)
    context = {
        "frameworks": selectors.assessable_frameworks(),
        "roles": selectors.roles_to_choose(),
        "crumbs": [HOME],
    }
    return render(request, "pathways/self_assessment.html", context)


@never_cache  # the answers are personal: no shared or browser cache keeps them
def rate(request):
    assessment, problems = _assessment(request)
    if problems:
        return bad_request(request, problems)
    answers = {}
    if any(key not in {"framework", "role"} for key in request.GET):
        # Coming back from a result to change answers: keep them, if they are valid.
        try:
            answers = parse_answers(assessment.items, dict(request.GET.lists()))
        except BadAnswers as error:
            return bad_request(request, error.problems, heading="Some answers could not be used")
    context = {
        "assessment": assessment,
        "form": assessment.form(answers),
        "evidence_scale": EVIDENCE_SCALE,
        "crumbs": [HOME, SELF_ASSESSMENT],
    }
    return render(request, "pathways/rate.html", context)


@never_cache
def result(request):
    assessment, problems = _assessment(request)
    if problems:
        return bad_request(request, problems)
    try:
        answers = parse_answers(assessment.items, dict(request.GET.lists()))
    except BadAnswers as error:
        return bad_request(request, error.problems, heading="Some answers could not be used")
    outcome = score(assessment.items, answers)
    context = {
        "assessment": assessment,
        "result": outcome,
        "answers": answers,
        "bars": chart_bars(outcome.groups),
        "chart": {"width": CHART_WIDTH, "height": ROW * len(outcome.groups)},
        "closest": selectors.closest_roles(assessment, answers),
        "change_url": f"{reverse('pathways:self-assessment')}?{request.GET.urlencode()}",
        "docx_url": f"{reverse('pathways:self-assessment-result')}?{request.GET.urlencode()}&format=docx",
        "crumbs": [HOME, SELF_ASSESSMENT],
    }
    fmt = request.GET.get("format", "")
    if fmt == "docx":
        response = HttpResponse(documents.plan_docx(context), content_type=documents.DOCX)
        response["Content-Disposition"] = f'attachment; filename="development-plan-{assessment.subject.slug}.docx"'
        return response
    if fmt:
        return bad_request(request, [f"“{fmt[:20]}” is not a download format: the plan downloads as docx"])
    return render(request, "pathways/result.html", context)


def progression(request):
    """Moving from one role to another: the compare engine in one direction."""
    current, target = request.GET.get("from", ""), request.GET.get("to", "")
    if not current:
        return bad_request(request, ["say which role you are moving from (?from=<role>)"])
    if not SLUG.fullmatch(current) or (target and not SLUG.fullmatch(target)):
        raise Http404("No such role")
    slugs = [current, target] if target else [current]
    if target == current:
        return bad_request(request, ["choose a target role different from the role you are moving from"])
    try:
        roles, requirements = comparison_roles(slugs)
    except UnknownRoles as error:
        raise Http404(f"No published role: {', '.join(error.slugs)}") from error
    context = {
        "current": roles[0],
        "targets": selectors.roles_to_choose().exclude(pk=roles[0].pk),
        "crumbs": [HOME, ("/roles/", "Roles"), (roles[0].get_absolute_url(), roles[0].title)],
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
