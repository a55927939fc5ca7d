"""What frameworks and professional bodies put in the search index, and the saves that
change it: registered with the search engine by ``FrameworksConfig.ready``."""

from __future__ import annotations

from collections.abc import Iterable

from search import registry, updates
from search.registry import Entry

from .models import Framework, ProfessionalBody


def framework_entries(ids: Iterable[int] | None = None) -> list[Entry]:
    frameworks = Framework.objects.select_related("level_scale").prefetch_related("dimensions", "level_scale__levels")
    if ids is not None:
        frameworks = frameworks.filter(pk__in=list(ids))
    entries = []
    for framework in frameworks:
        levels = framework.level_scale.levels.all() if framework.level_scale else []
        body = [
            framework.abbreviation,
            framework.owner,
            *(f"{d.name} {d.description}" for d in framework.dimensions.all()),
            *(f"{level.label} {level.description}" for level in levels),
        ]
        context = ["Framework", framework.abbreviation]
        entries.append(
            Entry.of(framework, title=framework.name, context=context, description=framework.description, body=body)
        )
    return entries


def body_entries(ids: Iterable[int] | None = None) -> list[Entry]:
    bodies = ProfessionalBody.objects.all()
    if ids is not None:
        bodies = bodies.filter(pk__in=list(ids))
    return [
        Entry.of(
            body, title=str(body), context=["Professional body"], description=body.description, body=[body.abbreviation]
        )
        for body in bodies
    ]


def register_with_search() -> None:
    # Titles that match: frameworks and bodies after roles, before skills.
    registry.register("framework", entries=framework_entries, title_rank=1)
    registry.register("body", entries=body_entries, title_rank=2)
    updates.watch(Framework, "framework")
    updates.watch(ProfessionalBody, "body")
