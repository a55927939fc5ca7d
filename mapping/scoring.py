"""How close an NHS role profile is to a DDaT role level: pure functions, no database.

A role is read as a bag of terms (its requirements' skill titles and descriptors and its
summary; never its own title, so a profile cannot match a level by being called the same) and
a set of skills. Two roles score

    score = TEXT_WEIGHT * cosine(TF-IDF terms) + SKILL_WEIGHT * (shared skills / DDaT level's skills)

TF-IDF is computed over every role read together, so words every profile uses ("you",
"team", "work") weigh little and the words that set a role apart weigh most.
"""

from __future__ import annotations

import math
import re
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

TEXT_WEIGHT = 0.7
SKILL_WEIGHT = 0.3
# Below this a suggestion is not shown as a match: the page says "no close match".
CLOSE_MATCH = 0.25
TOP_N = 5
EXPLAIN_TERMS = 8

# Common English words and the boilerplate of both sources' descriptors ("You can: ...").
STOP_WORDS = frozenset(
    """
    a about above across after again all also an and any are as at be been being both but by can
    could do does doing each either etc for from further had has have having he her here his how
    i if in into is it its itself just may me more most must my no nor not of off on once only or
    other others our out over own per same she should so some such than that the their them then
    there these they this those through to too under until up use used using very was we were what
    when where which while who whom why will with within without would you your yours able eg ie
    e.g i.e level levels role roles skill skills
    """.split()
)

_WORD = re.compile(r"[a-z][a-z'-]*[a-z]|[a-z]")
# Longest first: the first suffix that leaves a stem of three letters or more is stripped.
_SUFFIXES = (
    "ational", "ization", "isation", "fulness", "ousness", "iveness",
    "ement", "ation", "ising", "izing", "ness", "ment", "ity", "ing", "ion", "ive", "ise", "ize", "ist",
    "al", "ed", "er", "ly", "y", "e",
)  # fmt: skip


def stem(word: str) -> str:
    """A light suffix-stripping stem: "governance", "governing" and "govern" meet at "govern"."""
    word = word.strip("'-")
    # Plurals first, so "organisations" and "organisation" take the same stem.
    if word.endswith("ies") and len(word) > 4:
        word = word[:-3] + "y"
    elif word.endswith("s") and not word.endswith("ss") and len(word) > 3:
        word = word[:-1]
    if word.endswith("ance") or word.endswith("ence"):
        word = word[:-4]
    for suffix in _SUFFIXES:
        if word.endswith(suffix) and len(word) - len(suffix) >= 3:
            return word[: -len(suffix)]
    return word


def words(text: str) -> list[str]:
    """The words of a text that count, stop words and one-letter words out."""
    return [word for word in _WORD.findall(text.lower()) if word not in STOP_WORDS and len(word) > 1]


def terms(text: str) -> list[str]:
    """The stemmed terms of a text."""
    return [stem(word) for word in words(text)]


@dataclass(frozen=True)
class RoleText:
    """What the scorer may read of a role: no title."""

    pk: int
    texts: Sequence[str]
    skills: dict[int, str] = field(default_factory=dict)  # skill pk -> skill title (for the reason)


@dataclass(frozen=True)
class Match:
    profile: int
    level: int
    score: float
    text_score: float
    skill_score: float
    shared_skills: list[str]
    shared_terms: list[str]
    level_only_skills: list[str]


def idf(documents: Iterable[Counter]) -> dict[str, float]:
    """Smoothed inverse document frequency of every term over the documents."""
    documents = list(documents)
    frequency = Counter(term for document in documents for term in document)
    total = len(documents)
    return {term: math.log((1 + total) / (1 + count)) + 1 for term, count in frequency.items()}


def vector(counts: Counter, weights: dict[str, float]) -> dict[str, float]:
    """A unit-length TF-IDF vector (sublinear term frequency)."""
    raw = {term: (1 + math.log(count)) * weights.get(term, 0.0) for term, count in counts.items()}
    norm = math.sqrt(sum(value * value for value in raw.values()))
    return {term: value / norm for term, value in raw.items()} if norm else {}


def cosine(left: dict[str, float], right: dict[str, float]) -> float:
    if len(left) > len(right):
        left, right = right, left
    return sum(value * right.get(term, 0.0) for term, value in left.items())


def skill_overlap(profile: dict[int, str], level: dict[int, str]) -> float:
    """The share of the level's skills the profile lists too (0 for a level with none)."""
    return len(profile.keys() & level.keys()) / len(level) if level else 0.0


def suggest(profiles: Sequence[RoleText], levels: Sequence[RoleText], top: int = TOP_N) -> list[Match]:
    """For every profile, the ``top`` closest levels, best first, each with its reason."""
    counts = {("p", role.pk): Counter(t for text in role.texts for t in terms(text)) for role in profiles}
    counts |= {("l", role.pk): Counter(t for text in role.texts for t in terms(text)) for role in levels}
    weights = idf(counts.values())
    # A reason shows a term as its commonest word ("governance"), not its stem ("govern").
    spelled = Counter(
        (stem(word), word) for role in (*profiles, *levels) for text in role.texts for word in words(text)
    )
    readable: dict[str, str] = {}
    for (term, word), _ in spelled.most_common():
        readable.setdefault(term, word)
    vectors = {key: vector(value, weights) for key, value in counts.items()}
    matches: list[Match] = []
    for profile in profiles:
        left = vectors[("p", profile.pk)]
        scored = []
        for level in levels:
            right = vectors[("l", level.pk)]
            text_score = cosine(left, right)
            skill_score = skill_overlap(profile.skills, level.skills)
            score = TEXT_WEIGHT * text_score + SKILL_WEIGHT * skill_score
            scored.append((score, text_score, skill_score, level, right))
        # Ties break on the level's pk so a recompute gives the same order every time.
        scored.sort(key=lambda item: (-item[0], item[3].pk))
        for score, text_score, skill_score, level, right in scored[:top]:
            shared = sorted(profile.skills.keys() & level.skills.keys())
            contribution = {term: left[term] * right[term] for term in left.keys() & right.keys()}
            matches.append(
                Match(
                    profile=profile.pk,
                    level=level.pk,
                    score=round(score, 4),
                    text_score=round(text_score, 4),
                    skill_score=round(skill_score, 4),
                    shared_skills=[level.skills[pk] for pk in shared],
                    shared_terms=[
                        readable.get(t, t) for t, _ in sorted(contribution.items(), key=lambda i: (-i[1], i[0]))
                    ][:EXPLAIN_TERMS],
                    level_only_skills=sorted(title for pk, title in level.skills.items() if pk not in profile.skills),
                )
            )
    return matches
