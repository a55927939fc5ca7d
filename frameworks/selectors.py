"""Reads for skill, framework and professional body pages."""

from django.db.models import Count, Prefetch, Q
from django.shortcuts import get_object_or_404

from roleprofiles.models import Requirement, Role

from .models import Framework, ProfessionalBody, Skill

PUBLISHED = Q(requirements__role__status=Role.Status.PUBLISHED)


def skills_with_counts():
    return (
        Skill.objects.select_related("framework")
        .annotate(role_count=Count("requirements__role", filter=PUBLISHED, distinct=True))
        .order_by("title", "kind")
    )


def skill_with_roles(slug: str):
    requirements = (
        Requirement.objects.filter(role__status=Role.Status.PUBLISHED)
        .select_related("role", "role__family", "level", "level__scale", "depth", "depth__scale")
        .order_by("role__title", "position")
    )
    return get_object_or_404(
        Skill.objects.select_related("framework", "dimension", "professional_body").prefetch_related(
            Prefetch("requirements", queryset=requirements, to_attr="published_requirements")
        ),
        slug=slug,
    )


def frameworks_with_counts():
    return Framework.objects.annotate(skill_count=Count("skills", distinct=True)).order_by("name")


def framework_detail(slug: str):
    framework = get_object_or_404(
        Framework.objects.select_related("level_scale", "source_document").prefetch_related(
            "level_scale__levels", "dimensions"
        ),
        slug=slug,
    )
    skills = framework.skills.select_related("dimension").order_by("position", "code", "title")
    roles = (
        Role.objects.published()
        .filter(Q(additional_frameworks=framework) | Q(requirements__skill__framework=framework))
        .distinct()
        .order_by("title")
    )
    return framework, skills, roles


def body_detail(slug: str):
    body = get_object_or_404(ProfessionalBody, slug=slug.lower())
    roles = Role.objects.published().filter(professional_body=body).select_related("family", "level")
    qualifications = body.qualifications.order_by("title")
    families = body.job_families.order_by("name")
    return body, roles, qualifications, families
