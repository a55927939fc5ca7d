"""Pure text helpers for search: turning what someone typed into terms, marking matches
safely, and suggesting a word when a term matches nothing. No database access here."""

from __future__ import annotations

import difflib
import re
from collections.abc import Iterable

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


def closest_word(term: str, words: Iterable[str], cutoff: float = 0.75) -> str | None:
    """The vocabulary word most like a mistyped term (the SQLite path; PostgreSQL uses pg_trgm)."""
    matches = difflib.get_close_matches(term, list(words), n=1, cutoff=cutoff)
    return matches[0] if matches else None


def joined(parts: Iterable[str], separator: str = "\n") -> str:
    """The non-empty parts, joined: for building an index entry's fields."""
    return separator.join(part for part in parts if part)
