"""Load every source document in the project's copy of the seeds into the database:
the reference data, the two role profiles, the DHLP framework, then what the apps above
register a loader for (pathways: the report and the project content). ``build_fixtures``
dumps the result; ``load_seed_data`` loads the dump."""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from django.conf import settings
from django.db import transaction

from frameworks.dhlp import load_dhlp, review_dates
from frameworks.models import SourceDocument
from frameworks.reference import link_awarding_bodies, load_professional_bodies

from .rmp.importer import ensure_source_document
from .rmp.parsing import decode_profile_bytes
from .rmp.seeding import seed_profile

# The models the seed fixture holds from here down, in dependency order.
SEED_MODELS = [
    "frameworks.sourcedocument",
    "frameworks.professionalbody",
    "frameworks.levelscale",
    "frameworks.level",
    "frameworks.framework",
    "frameworks.frameworkdimension",
    "frameworks.skill",
    "roleprofiles.jobfamily",
    "roleprofiles.role",
    "roleprofiles.requirement",
]


@dataclass(frozen=True)
class SourceLoader:
    load: Callable[[SourceDocument], str]  # loads one document's content; returns a line of report
    models: tuple[str, ...]  # the models it fills, in dependency order, for the seed fixture


# Loaders for the kinds of source document the apps above roles read (their content refers to
# roles), registered in their AppConfig.ready and run in that order after everything here.
_loaders: dict[str, SourceLoader] = {}


def register_source_loader(kind: str, load: Callable[[SourceDocument], str], *, models: tuple[str, ...]) -> None:
    _loaders[kind] = SourceLoader(load, models)


def seed_models() -> list[str]:
    """The models the seed fixture holds, in dependency order (history tables are not seed data)."""
    return SEED_MODELS + [model for loader in _loaders.values() for model in loader.models]


def read_manifest(sources_dir: Path | None = None) -> list[dict]:
    sources_dir = sources_dir or Path(settings.SEED_SOURCES_DIR)
    return json.loads((sources_dir / "manifest.json").read_text(encoding="utf-8"))["documents"]


@transaction.atomic
def seed_from_sources(sources_dir: Path | None = None) -> list[str]:
    """Import every source document; returns a line of report per document."""
    sources_dir = sources_dir or Path(settings.SEED_SOURCES_DIR)
    lines = []
    load_professional_bodies()
    documents = {}
    for item in read_manifest(sources_dir):
        path = sources_dir / item["filename"]
        text = decode_profile_bytes(path.read_bytes(), filename=str(path))
        if item["kind"] == "role_profile":
            lines.append(seed_profile(item, text))
            continue
        document = ensure_source_document(filename=item["filename"], text=text, kind=item["kind"], title=item["title"])
        document.page_last_reviewed, document.next_review_due = review_dates(text)
        document.save()
        documents[item["kind"]] = document
        lines.append(f"{item['filename']}: source document {item['title']!r}")
    if "framework" in documents:
        framework = load_dhlp(documents["framework"], name=documents["framework"].title)
        lines.append(f"framework {framework.name!r}: {framework.skills.count()} skill areas")
    link_awarding_bodies()
    for kind, loader in _loaders.items():
        if kind in documents:
            lines.append(loader.load(documents[kind]))
    return lines
