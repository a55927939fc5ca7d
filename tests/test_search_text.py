"""The pure text helpers behind search: no database needed."""

import pytest

from search.text import MAX_TERMS, closest_word, highlight, query_terms, vocabulary


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
