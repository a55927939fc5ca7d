"""Pure text helpers for search: turning what someone typed into terms, marking matches
safely, and choosing a correction for a term that matches nothing. No database access here."""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence

from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

MAX_QUERY_LENGTH = 200
MAX_TERMS = 12
# The backends mark matches with these control characters; they never occur in content,
# so the text can be escaped first and the marks turned into <mark> afterwards.
START, STOP = "\x02", "\x03"

# Words too common to narrow a search: dropped on both backends so they behave alike.
STOPWORDS = frozenset(
    "a an and are as at be by for from has in is it its of on or the to was were will with you your".split()
)
_WORD = re.compile(r"[^\W_]+", re.UNICODE)


def query_terms(query: str) -> list[str]:
    """The words of a query, lower-cased, without punctuation, operators or stopwords."""
    terms: list[str] = []
    for word in _WORD.findall(query.lower()):
        if word in STOPWORDS or word in terms:
            continue
        terms.append(word[:60])
        if len(terms) == MAX_TERMS:
            break
    return terms


def highlight(marked: str) -> SafeString:
    """HTML for text the backend marked with START/STOP: everything escaped, matches in <mark>."""
    text = escape(marked.replace(STOP + START, ""))
    return mark_safe(text.replace(START, "<mark>").replace(STOP, "</mark>"))


def vocabulary(texts: Iterable[str]) -> set[str]:
    """The words worth suggesting: alphabetic, three letters or more, not stopwords."""
    words = set()
    for text in texts:
        for word in _WORD.findall(text.lower()):
            if 3 <= len(word) <= 60 and word.isalpha() and word not in STOPWORDS:
                words.add(word)
    return words


def has_number(terms: Iterable[str]) -> bool:
    """Whether a query has a number in it ("band 7", "8a"): such a query names something
    exact (a band, a level, a code), so it is never replaced by a guess."""
    return any(character.isdigit() for term in terms for character in term)


# A correction never changes the first letter of a short word: "band" is not a typo of
# "hand". Longer words may be off by two edits ("copyrigth" is one: a transposition).
SHORT_WORD = 4


def max_edits(term: str) -> int:
    return 1 if len(term) <= 5 else 2


def correctable(term: str) -> bool:
    """Only alphabetic words of three letters or more get corrected: numbers and codes are
    what the person meant, and the vocabulary holds nothing shorter (see ``vocabulary``)."""
    return len(term) >= 3 and term.isalpha()


def edit_distance(a: str, b: str, limit: int) -> int:
    """Insertions, deletions, substitutions and swaps of two neighbours turning ``a`` into
    ``b`` (optimal string alignment), or ``limit + 1`` as soon as it is known to exceed ``limit``."""
    if abs(len(a) - len(b)) > limit:
        return limit + 1
    before: list[int] = []
    previous = list(range(len(b) + 1))
    for i, x in enumerate(a, 1):
        current = [i] + [0] * len(b)
        for j, y in enumerate(b, 1):
            current[j] = min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + (x != y))
            if i > 1 and j > 1 and x == b[j - 2] and a[i - 2] == y:
                current[j] = min(current[j], before[j - 2] + 1)
        if min(current) > limit:
            return limit + 1
        before, previous = previous, current
    return previous[-1]


def may_replace(terms: Sequence[str], corrected: Sequence[str]) -> bool:
    """Whether results for a corrected query may be shown in place of none: never for a query
    with a number in it, nor when a short word changed (a four-letter word one edit from
    another is as likely another word as a typo: "band", "hand"). Otherwise it is only offered."""
    changed = [(a, b) for a, b in zip(terms, corrected, strict=True) if a != b]
    return not has_number(terms) and all(min(len(a), len(b)) > SHORT_WORD for a, b in changed)


def closest_word(term: str, words: Iterable[str]) -> str | None:
    """The word of ``words`` (the index's vocabulary) nearest to a mistyped term: fewest edits
    (at most ``max_edits``), then the same first letter, then the nearer length, then
    alphabetical, so both databases choose the same word. None if no word is near enough."""
    if not correctable(term):
        return None
    limit = max_edits(term)
    letters = set(term)
    best: tuple | None = None
    for word in words:
        if word == term:
            continue
        if word[0] != term[0] and min(len(word), len(term)) <= SHORT_WORD:
            continue
        # Each letter one word has and the other lacks takes an edit: a cheap bound that
        # spares the full comparison for nearly every word of the vocabulary.
        if len(letters ^ set(word)) > 2 * limit:
            continue
        distance = edit_distance(term, word, limit)
        if distance > limit:
            continue
        key = (distance, word[0] != term[0], abs(len(word) - len(term)), word)
        if best is None or key < best:
            best = key
    return best[-1] if best else None


def joined(parts: Iterable[str], separator: str = "\n") -> str:
    """The non-empty parts, joined: for building an index entry's fields."""
    return separator.join(part for part in parts if part)
