"""Reads of mappings, written once for the role page, the level page and the coverage page."""

from __future__ import annotations

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
