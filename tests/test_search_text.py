"""The pure text helpers behind search: no database needed."""

import pytest

from search.text import (
    MAX_TERMS,
    closest_word,
    edit_distance,
    has_number,
    highlight,
    may_replace,
    query_terms,
    vocabulary,
)


@pytest.mark.parametrize(
    "query, terms",
    [
        ("Data Ethics", ["data", "ethics"]),
        ("the head of library", ["head", "library"]),
        ('"GDPR" AND (DPA)*', ["gdpr", "dpa"]),  # operators are plain words ("and" a stopword)
        ("'; DROP TABLE x; --", ["drop", "table", "x"]),
        ("<script>alert(1)</script>", ["script", "alert", "1"]),
        ("data data DATA", ["data"]),
        ("   ", []),
        ("!!! ???", []),
        ("café naïve", ["café", "naïve"]),
    ],
)
def test_query_terms(query, terms):
    assert query_terms(query) == terms


def test_query_terms_are_capped():
    assert len(query_terms(" ".join(f"word{i}" for i in range(50)))) == MAX_TERMS


def test_highlight_escapes_then_marks():
    html = highlight('a <b>"bold"</b> & \x02match\x03 here')
    assert html == "a &lt;b&gt;&quot;bold&quot;&lt;/b&gt; &amp; <mark>match</mark> here"


def test_highlight_joins_adjacent_marks():
    assert highlight("\x02data\x03\x02ethics\x03") == "<mark>dataethics</mark>"


def test_vocabulary_keeps_real_words_only():
    assert vocabulary(["The GDPR and DPA: 2.10 ethics, ethics!", "a to of x1"]) == {"gdpr", "dpa", "ethics"}


@pytest.mark.parametrize(
    "typo, expected", [("ethcs", "ethics"), ("libary", "library"), ("copyrigth", "copyright"), ("zzqxv", None)]
)
def test_closest_word(typo, expected):
    assert closest_word(typo, ["ethics", "library", "copyright", "ethical", "data"]) == expected


@pytest.mark.parametrize(
    "a, b, distance",
    [
        ("ethcs", "ethics", 1),  # a letter left out
        ("copyrigth", "copyright", 1),  # two neighbours swapped: one edit, not two
        ("band", "hand", 1),
        ("governance", "government", 4),
        ("data", "data", 0),
        ("", "abc", 3),
    ],
)
def test_edit_distance(a, b, distance):
    assert edit_distance(a, b, limit=5) == distance


def test_edit_distance_stops_at_the_limit():
    assert edit_distance("governance", "government", limit=1) == 2
    assert edit_distance("a", "abcdef", limit=2) == 3


@pytest.mark.parametrize(
    "typo, words, expected",
    [
        ("band", ["hand", "land"], None),  # a short word keeps its first letter
        ("band", ["hand", "bank"], "bank"),
        ("thics", ["ethics"], "ethics"),  # a longer word may lose its first letter
        ("managment", ["management", "managers"], "management"),
        ("govrnance", ["governance", "government"], "governance"),
        ("lead", ["lead", "read"], None),  # a word of the vocabulary is not a typo
        ("b7", ["bank"], None),  # numbers and codes are never corrected
        ("ab", ["abc"], None),
    ],
)
def test_closest_word_rules(typo, words, expected):
    assert closest_word(typo, words) == expected


def test_closest_word_is_the_same_whatever_the_order_of_the_vocabulary():
    words = ["bent", "bank", "bald", "bond"]
    assert {closest_word("band", order) for order in (words, words[::-1], sorted(words))} == {"bald"}


@pytest.mark.parametrize(
    "terms, corrected, allowed",
    [
        (["ethcs"], ["ethics"], True),
        (["band", "7"], ["bank", "7"], False),  # a number: offered only
        (["levl", "4"], ["level", "4"], False),
        (["band"], ["bank"], False),  # a short word changed: offered only
        (["data", "ethcs"], ["data", "ethics"], True),  # "data" is short but unchanged
    ],
)
def test_may_replace(terms, corrected, allowed):
    assert may_replace(terms, corrected) is allowed


def test_has_number():
    assert has_number(["band", "7"]) and has_number(["8a"]) and not has_number(["band", "seven"])
