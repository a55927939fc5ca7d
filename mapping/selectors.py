"""Reads of mappings, written once for the role page, the level page and the coverage page."""

from __future__ import annotations

from dataclasses import dataclass

from core.http import Problem
from frameworks.models import Framework
from roleprofiles.models import CareerLadder, Role

from .models import Mapping, Suggestion
from .scoring import CLOSE_MATCH


def for_profile(role, suggestions: int = 3) -> dict:
    """An NHS profile's confirmed mappings and its top suggestions (two queries). A suggestion an
    editor already confirmed or rejected is not offered again."""
    mappings = list(Mapping.objects.filter(role=role).select_related("level", "level__ladder"))
    decided = {mapping.level_id for mapping in mappings}
    offered = [s for s in Suggestion.objects.filter(role=role).for_display() if s.level_id not in decided]
    return {
        "confirmed": [m for m in mappings if m.status == Mapping.Status.CONFIRMED],
        "suggestions": [s for s in offered if s.score >= CLOSE_MATCH][:suggestions],
        "close_match": CLOSE_MATCH,
        "nearest": offered[0] if offered else None,
    }


def for_level(level) -> list[Mapping]:
    """The NHS roles confirmed as mapping to a DDaT level (one query)."""
    return list(Mapping.objects.confirmed().filter(level=level).select_related("role").order_by("role__title"))


@dataclass
class Coverage:
    framework: object
    rows: list  # confirmed mappings: NHS role, DDaT level, ladder, family
    unmapped_ladders: list
    unmapped_families: list
    unmapped_profiles: list
    counts: dict


def coverage(framework_slug: str) -> Coverage:
    """Which NHS roles map to which of a framework's role levels, and what has no NHS role yet:
    five queries, whatever the numbers."""
    framework = Framework.objects.filter(slug=framework_slug).first()
    if framework is None:
        raise Problem("There is no framework at this address.", status=404, heading="Page not found")
    ladders = list(
        CareerLadder.objects.filter(framework=framework, status=CareerLadder.Status.ACTIVE).select_related("family")
    )
    if not ladders:
        raise Problem(f"The {framework.name} has no role levels to map NHS roles to.", status=404)
    levels = (
        Role.objects.ddat_levels().filter(ladder__framework=framework, in_use=True).exclude(status=Role.Status.ARCHIVED)
    )
    rows = list(
        Mapping.objects.confirmed()
        .filter(level__in=levels, role__status=Role.Status.PUBLISHED)
        .select_related("role", "level", "level__ladder", "level__ladder__family")
        .order_by("role__title", "level__ladder__title", "level__ladder_position")
    )
    mapped_ladders = {row.level.ladder_id for row in rows}
    unmapped_ladders = [ladder for ladder in ladders if ladder.pk not in mapped_ladders]
    mapped_families = {row.level.ladder.family_id for row in rows}
    families = {ladder.family_id: ladder.family for ladder in ladders}
    unmapped_families = sorted(
        (family for pk, family in families.items() if pk not in mapped_families), key=lambda f: f.name
    )
    mapped_profiles = {row.role_id for row in rows}
    profiles = list(Role.objects.nhs_profiles().published().only("pk", "title", "slug").order_by("title"))
    level_count = levels.count()
    counts = {
        "profiles": len(profiles),
        "mapped_profiles": len(mapped_profiles),
        "mappings": len(rows),
        "levels": level_count,
        "mapped_levels": len({row.level_id for row in rows}),
        "ladders": len(ladders),
        "mapped_ladders": len(mapped_ladders),
        "families": len(families),
        "mapped_families": len(mapped_families),
    }
    return Coverage(
        framework=framework,
        rows=rows,
        unmapped_ladders=unmapped_ladders,
        unmapped_families=unmapped_families,
        unmapped_profiles=[profile for profile in profiles if profile.pk not in mapped_profiles],
        counts=counts,
    )
