"""Reads for the search page and for the catalogue's ``q``: ranked hits, highlighted
snippets and a "did you mean" suggestion when nothing matches.

Ranking, best first (``rank_key``):

1. more of the query's words found as exact words: the stemmers make "governance" and
   "government" one stem, so a stem-only match ranks below every exact one;
2. a boost for a kind registered as ``boosted`` (roles: ``KIND_BOOST``) when the match is
   substantive (in its title, description or keywords: a role whose summary or required skills
   name the words, not one whose descriptors mention them in passing), and one for a match in
   the title (``TITLE_BOOST``); a role whose title matches has both;
3. among title matches: the kinds' registered ``title_rank`` (roles, frameworks, bodies, skills);
4. the engine's own rank (ts_rank or bm25, title above description above body).

Corrections (``corrected_matches``): a query that has results is shown as it is. One that has
none is offered "Did you mean" with each word the index does not know replaced by the nearest
word of the index's vocabulary (``search.text.closest_word``), only when the corrected query
has results itself. Its results are shown in place of none only if the query has no number in
it and no short word was changed (``search.text.may_replace``); otherwise it is just a link.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field

from django.core.paginator import Page
from django.db.models.functions import Length
from django.utils.safestring import SafeString

from core.pagination import page_of

from . import registry
from .backends import Match, backend
from .models import SearchDocument, SearchWord
from .text import closest_word, correctable, highlight, max_edits, may_replace, query_terms

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
    # "Did you mean": a corrected query that has results, offered when the query has none.
    suggestion: str = ""
    # Set when the results shown are the suggestion's, in place of none (see may_replace).
    corrected: str = ""
    all_total: int = 0
    kind_counts: list[tuple[str, str, int]] = field(default_factory=list)
    notices: list = field(default_factory=list)  # licences of what the page shows (registry.notices)

    @property
    def total(self) -> int:
        return self.page.paginator.count if self.page else 0


KIND_BOOST, TITLE_BOOST = 2, 1


def rank_key(match: Match) -> tuple:
    """Exact words first, then the boosts (a boosted kind's substantive match; a title match), then
    among title matches the order the kinds were registered with (roles, frameworks, bodies,
    skills), then the engine's rank (see the module's docstring)."""
    kind = registry.kind(match.kind)
    boost = KIND_BOOST * (kind.boosted and match.substantive) + TITLE_BOOST * match.title_hit
    return (-match.exact, -boost, kind.title_rank if match.title_hit else 0, -match.rank)


def matching(terms: Sequence[str], kinds: Sequence[str] = ()) -> list[Match]:
    """Every document matching all the terms, best first."""
    if not terms:
        return []
    return sorted(backend().matches(terms, kinds), key=rank_key)


def suggest(terms: Sequence[str]) -> list[str]:
    """The terms with each word the index does not know replaced by the nearest word of its
    vocabulary; [] if none changed. One query for the known words, one per unknown word
    (the vocabulary's words of a near enough length)."""
    known = set(SearchWord.objects.filter(word__in=terms).values_list("word", flat=True))
    corrected = []
    for term in terms:
        if term in known or not correctable(term):
            corrected.append(term)
            continue
        low, high = len(term) - max_edits(term), len(term) + max_edits(term)
        near = SearchWord.objects.annotate(length=Length("word")).filter(length__range=(low, high))
        corrected.append(closest_word(term, near.values_list("word", flat=True).iterator()) or term)
    return corrected if corrected != list(terms) else []


def corrected_matches(terms: list[str]) -> tuple[list[str], list[Match], list[str]]:
    """The terms whose results to show, those results and the "Did you mean" terms ([] for none).

    A query with results is never changed; a suggestion is made only when it has results."""
    found = matching(terms)
    if found or not terms:
        return terms, found, []
    better = suggest(terms)
    if not better:
        return terms, [], []
    found = matching(better)
    if not found:
        return terms, [], []
    if may_replace(terms, better):
        return better, found, better
    return terms, [], better


def search(query: str, *, kind: str = "", page=None) -> SearchResults:
    """Page ``page`` of the ranked results, optionally of one kind, with the number of results
    of each kind. Raises ``Problem`` for a page that is not a number or past the last page."""
    terms = query_terms(query)
    results = SearchResults(query=query, terms=terms)
    used, found, suggestion = corrected_matches(terms)
    results.suggestion = " ".join(suggestion)
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
    results.notices = registry.notices([(hit.document.kind, hit.document.object_id) for hit in results.hits])
    return results


def object_ids_matching(kind: str, query: str):
    """For a list filtered by text, such as the catalogue's ``q``: a subquery of the ids of the
    objects of ``kind`` that match (for ``pk__in``, so no id list travels), and the corrected
    query when the words as typed match nothing of that kind but a corrected spelling does and
    may replace them (the search page's rule). None when the query has no words to search for."""
    terms = query_terms(query)
    if not terms:
        return None
    engine = backend()
    if not engine.any_match(terms, kind):
        better = suggest(terms)
        if better and may_replace(terms, better) and engine.any_match(better, kind):
            return engine.object_ids(better, kind), " ".join(better)
    return engine.object_ids(terms, kind), ""
