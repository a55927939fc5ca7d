"""Skill, framework and professional body pages."""

from django.shortcuts import render

from . import selectors

HOME = ("/", "Home")
SKILLS = ("/skills/", "Skills")
FRAMEWORKS = ("/frameworks/", "Frameworks")


def skill_list(request):
    context = {"skills": selectors.skills_with_counts(), "crumbs": [HOME]}
    return render(request, "frameworks/skill_list.html", context)


def skill_detail(request, slug):
    context = {"skill": selectors.skill_with_roles(slug), "crumbs": [HOME, SKILLS]}
    return render(request, "frameworks/skill_detail.html", context)


def framework_list(request):
    context = {"frameworks": selectors.frameworks_with_counts(), "crumbs": [HOME]}
    return render(request, "frameworks/framework_list.html", context)


def framework_detail(request, slug):
    framework, skills, roles = selectors.framework_detail(slug)
    context = {"framework": framework, "skills": skills, "roles": roles, "crumbs": [HOME, FRAMEWORKS]}
    return render(request, "frameworks/framework_detail.html", context)


def body_detail(request, slug):
    body, roles, qualifications, families = selectors.body_detail(slug)
    context = {
        "body": body,
        "roles": roles,
        "qualifications": qualifications,
        "families": families,
        "crumbs": [HOME],
    }
    return render(request, "frameworks/body_detail.html", context)
