"""The seed's Role Model Plus profiles: one manifest entry of fixtures/sources imported, published,
under the title, slug and family the manifest gives (the exports state no title)."""

from __future__ import annotations

from .importer import import_profile
from .parsing import parse_profile


def seed_profile(item: dict, text: str) -> str:
    """Import one profile of the manifest; returns its line of report."""
    parsed = parse_profile(text, filename=item["filename"])
    report = import_profile(parsed=parsed, title=item["title"], slug=item["slug"], family=item["family"], publish=True)
    return report.summary_line()
