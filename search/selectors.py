"""Reads for the search page and for the catalogue's ``q``: ranked hits, highlighted
snippets and a "did you mean" suggestion when nothing matches."""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field

from django.core.paginator import Page
from django.utils.safestring import SafeString

from core.pagination import page_of

from . import registry
from .backends import Match, backend
from .models import SearchDocument, SearchWord
from .text import highlight, query_terms

PAGE_SIZE = 20


@dataclass
class Hit:
    document: SearchDocument
    rank: float
    snippet: SafeString


@dataclass
class SearchResults:
    query: str
    terms: list[str]
    page: Page | None = None  # of the ranked matches
    hits: list[Hit] = field(default_factory=list)
    # Set when nothing matched the terms as typed and a corrected query did.
    corrected: str = ""
    all_total: int = 0
    kind_counts: list[tuple[str, str, int]] = field(default_factory=list)

    @property
    def total(self) -> int:
        return self.page.paginator.count if self.page else 0


def rank_key(match: Match) -> tuple:
    """Titles above descriptors: title matches first (by kind, in the order the kinds were
    registered with: roles, then frameworks, bodies and skills), then by the engine's rank."""
    return (not match.title_hit, registry.kind(match.kind).title_rank if match.title_hit else 0, -match.rank)


def matching(terms: Sequence[str], kinds: Sequence[str] = ()) -> list[Match]:
    """Every document matching all the terms, best first."""
    if not terms:
        return []
    return sorted(backend().matches(terms, kinds), key=rank_key)


def suggest(terms: Sequence[str]) -> list[str]:
    """The terms with each unknown word replaced by the closest indexed word; [] if none changed."""
    engine = backend()
    known = set(SearchWord.objects.filter(word__in=terms).values_list("word", flat=True))
    corrected = []
    for term in terms:
        corrected.append(term if term in known else (engine.suggest(term) or term))
    return corrected if corrected != list(terms) else []


def corrected_matches(terms: list[str]) -> tuple[list[str], list[Match]]:
    """Matches for the terms, or for their closest spelling when the terms match nothing."""
    found = matching(terms)
    if found or not terms:
        return terms, found
    better = suggest(terms)
    if better:
        found = matching(better)
        if found:
            return better, found
    return terms, []


def search(query: str, *, kind: str = "", page=None) -> SearchResults:
    """Page ``page`` of the ranked results, optionally of one kind, with the number of results
    of each kind. Raises ``Problem`` for a page that is not a number or past the last page."""
    terms = query_terms(query)
    results = SearchResults(query=query, terms=terms)
    used, found = corrected_matches(terms)
    if used != terms:
        results.corrected = " ".join(used)
    counts = Counter(match.kind for match in found)
    results.kind_counts = [(k, label, counts[k]) for k, label in SearchDocument.Kind.choices if counts[k]]
    results.all_total = len(found)
    if kind:
        found = [match for match in found if match.kind == kind]
    results.page = page_of(found, page, per_page=PAGE_SIZE)
    window = list(results.page)
    if not window:
        return results
    ids = [match.pk for match in window]
    documents = SearchDocument.objects.in_bulk(ids)
    snippets = backend().snippets(ids, used)
    for match in window:
        document = documents[match.pk]
        marked = snippets.get(match.pk) or document.description[:200]
        results.hits.append(Hit(document=document, rank=match.rank, snippet=highlight(marked)))
    return results


def object_ids_matching(kind: str, query: str):
    """For a list filtered by text, such as the catalogue's ``q``: a subquery of the ids of the
    objects of ``kind`` that match (for ``pk__in``, so no id list travels), and the corrected
    query when the words as typed match nothing of that kind but a corrected spelling does.
    None when the query has no words to search for."""
    terms = query_terms(query)
    if not terms:
        return None
    engine = backend()
    if not engine.any_match(terms, kind):
        better = suggest(terms)
        if better and engine.any_match(better, kind):
            return engine.object_ids(better, kind), " ".join(better)
    return engine.object_ids(terms, kind), ""
