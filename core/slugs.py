"""Slugs that stay unique across a table."""

from __future__ import annotations

from collections.abc import Callable, Iterable

from django.utils.text import slugify

# Values per ``slug IN (...)``: SQLite allows 999 parameters in a query.
IN_BATCH = 900


def unique_slug(
    model, *candidates: str, max_length: int = 120, exclude_pk=None, also_taken: Callable[[str], bool] | None = None
) -> str:
    """The first candidate whose slug is free, else the first with a number added.
    ``also_taken`` says whether a slug is spoken for elsewhere (e.g. an old address that redirects)."""
    taken = model.objects.exclude(pk=exclude_pk) if exclude_pk else model.objects.all()

    def is_taken(slug: str) -> bool:
        return taken.filter(slug=slug).exists() or bool(also_taken and also_taken(slug))

    return _first_free(_slugs(candidates, max_length), max_length, is_taken)


class NewSlugs:
    """unique_slug for many new rows of one model, chosen in turn: the slugs it would give if each
    row were saved before the next one's slug was chosen, with one query per IN_BATCH candidates
    rather than one or more per row (an import of 2,000 new skills made about 1,000)."""

    def __init__(self, model, candidate_lists: Iterable[Iterable[str]], *, max_length: int = 120):
        self.model, self.max_length = model, max_length
        wanted = sorted({slug for candidates in candidate_lists for slug in _slugs(candidates, max_length)})
        self.known = set(wanted)  # slugs whose state is known: taken if in self.taken
        self.taken: set[str] = set()
        for start in range(0, len(wanted), IN_BATCH):
            batch = wanted[start : start + IN_BATCH]
            self.taken.update(model.objects.filter(slug__in=batch).values_list("slug", flat=True))
        self.numbered_from: dict[str, int] = {}  # base -> the first number that may be free
        self.prefixes_read: set[str] = set()

    def reserve(self, *candidates: str) -> str:
        slugs = _slugs(candidates, self.max_length)
        slug = next((slug for slug in slugs if not self._taken(slug)), None)
        if slug is None:
            base = slugs[0] if slugs else "item"
            self._read_numbered(base)
            number = self.numbered_from.get(base, 2)
            while _numbered(base, number, self.max_length) in self.taken:  # all read just now
                number += 1
            # Numbers are only ever taken during an import, so the next search can start here.
            self.numbered_from[base] = number
            slug = _numbered(base, number, self.max_length)
        self.known.add(slug)
        self.taken.add(slug)
        return slug

    def _taken(self, slug: str) -> bool:
        if slug not in self.known:  # not among the candidates read at the start: ask, as unique_slug does
            self.known.add(slug)
            if self.model.objects.filter(slug=slug).exists():
                self.taken.add(slug)
        return slug in self.taken

    def _read_numbered(self, base: str) -> None:
        """Read every slug that a numbered form of ``base`` could be, once (one query, not one per number)."""
        prefix = _numbered_prefix(base, self.max_length)
        if prefix not in self.prefixes_read:
            self.taken.update(self.model.objects.filter(slug__startswith=prefix).values_list("slug", flat=True))
            self.prefixes_read.add(prefix)


def _slugs(candidates: Iterable[str], max_length: int) -> list[str]:
    return [slug[:max_length] for slug in map(slugify, candidates) if slug]


def _first_free(slugs: list[str], max_length: int, taken: Callable[[str], bool]) -> str:
    for slug in slugs:
        if not taken(slug):
            return slug
    base = slugs[0] if slugs else "item"
    number = 2
    while taken(_numbered(base, number, max_length)):
        number += 1
    return _numbered(base, number, max_length)


def _numbered(base: str, number: int, max_length: int) -> str:
    """``base-N``, with the base cut so it still fits the column (a 120-character base and "-2"
    made a 122-character slug: a DataError on PostgreSQL)."""
    suffix = f"-{number}"
    if len(base) + len(suffix) > max_length:
        base = base[: max_length - len(suffix)].rstrip("-")
    return base + suffix


def _numbered_prefix(base: str, max_length: int) -> str:
    """A prefix every ``_numbered(base, n)`` starts with, for any n below 10**10 (slugify leaves
    no run of hyphens, so the cut base loses at most one)."""
    return base[: max_length - 12] if len(base) > max_length - 12 else base + "-"
