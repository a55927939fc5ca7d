"""What a search answers and in what order (issue 16, item 5), on PostgreSQL and SQLite alike:

* a query that has results, or contains a number, is never replaced by another one;
* a correction is offered as "Did you mean" (a link), made only of words of the index itself;
* exact words rank above words that only share a stem ("governance" above "government"),
  and roles above passing mentions.
"""

from __future__ import annotations

import re
from urllib.parse import parse_qs, urlsplit

import pytest
from bs4 import BeautifulSoup

from roleprofiles.models import Role
from search.models import SearchDocument, SearchWord
from search.selectors import search
from tests.factories import make_role

pytestmark = pytest.mark.django_db

DATA_ETHICS = "Data ethics lead"
LIBRARY = "Head of knowledge and library services"
GOVERNMENT_FRAMEWORK = "Government Digital and Data Profession Capability Framework"


@pytest.fixture
def bank_role(django_capture_on_commit_callbacks):
    """Words one letter away from "band", next to a 7: what a careless corrector turns
    "band 7" into (the seed alone has "hand" and a 7 in one profile)."""
    with django_capture_on_commit_callbacks(execute=True):
        return make_role("Blood bank coordinator", summary="Runs the blood bank to standard 7 of the bank policy.")


def titles(query: str) -> list[str]:
    return [hit.document.title for hit in search(query).hits]


def page_text(client, query: str) -> tuple[BeautifulSoup, str]:
    page = BeautifulSoup(client.get("/search/", {"q": query}).content, "html.parser")
    return page, page.select_one("main").get_text(" ", strip=True)


# --- Never rewrite a real query -------------------------------------------------------------


@pytest.mark.parametrize("query", ["band 7", "Band 8a", "band 7 nurse", "levl 4"])
def test_a_query_with_a_number_is_never_rewritten(bank_role, query):
    results = search(query)
    assert results.corrected == ""
    assert results.total == 0 and results.hits == []


def test_band_7_page_says_no_results_for_band_7_and_shows_nothing_else(client, bank_role):
    page, text = page_text(client, "band 7")
    assert "No results for “band 7”" in text
    assert "Showing results for" not in text and "instead" not in text
    assert not page.select(".app-search-results__item")


@pytest.mark.parametrize("query, first", [("band 7", "Band 7 clinical informatics lead"), ("bank", None)])
def test_a_query_with_results_is_never_rewritten(bank_role, django_capture_on_commit_callbacks, query, first):
    with django_capture_on_commit_callbacks(execute=True):
        make_role("Band 7 clinical informatics lead", summary="A band 7 post in the informatics team.")
    results = search(query)
    assert results.total > 0
    assert results.corrected == "" and results.suggestion == ""
    if first:
        assert results.hits[0].document.title == first


# --- "Did you mean", from the index's own words ---------------------------------------------


def in_index(word: str) -> bool:
    """A word of the vocabulary that some indexed document really contains."""
    pattern = rf"(?<![^\W_]){re.escape(word)}(?![^\W_])"
    texts = SearchDocument.objects.values_list("title", "description", "body")
    return SearchWord.objects.filter(word=word).exists() and any(
        re.search(pattern, " ".join(row), re.IGNORECASE) for row in texts
    )


@pytest.mark.parametrize(
    "typo, suggestion, replaced",
    [
        ("govrnance", "governance", True),  # no results as typed, no number: the correction's are shown
        ("copyrigt", "copyright", True),
        ("legislaton data", "legislation data", True),  # only the unknown word changes
        ("levl 4", "level 4", False),  # a number: offered, never applied
        ("ethcs 5", "ethics 5", False),
    ],
)
def test_a_misspelling_with_no_results_gets_did_you_mean_from_the_vocabulary(typo, suggestion, replaced):
    results = search(typo)
    assert results.suggestion == suggestion
    for word in suggestion.split():
        assert word.isdigit() or in_index(word), word
    if replaced:
        assert results.corrected == suggestion and results.total > 0
    else:
        assert results.corrected == "" and results.total == 0


def test_did_you_mean_is_a_link_to_the_suggestion(client):
    page, text = page_text(client, "levl 4")
    assert "No results for “levl 4”" in text
    assert "Did you mean level 4?" in page.find("a", string="level 4").parent.get_text()
    link = page.find("a", string="level 4")
    assert parse_qs(urlsplit(link["href"]).query) == {"q": ["level 4"]}
    assert not page.select(".app-search-results__item")


@pytest.mark.parametrize("query", ["zzqxv", "giraffe", "band"])
def test_no_suggestion_without_a_close_word_of_the_index(query):
    # "band": the nearest indexed words ("hand", "and") differ in a short word's first letter
    # or are stopwords; a four-letter word one letter from another is too often another word.
    results = search(query)
    assert results.suggestion == "" and results.corrected == "" and results.total == 0


def test_a_word_no_longer_in_any_published_document_is_never_suggested(django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        role = make_role("Quokkanomics lead", summary="Leads quokkanomics.")
    assert search("quokanomics").suggestion == "quokkanomics"
    with django_capture_on_commit_callbacks(execute=True):
        role.status = Role.Status.ARCHIVED
        role.save()
    results = search("quokanomics")
    assert results.suggestion == "" and results.total == 0


# --- Ranking: exact words, roles, titles -----------------------------------------------------


@pytest.mark.parametrize(
    "query, roles",
    [
        ("governance", {DATA_ETHICS, LIBRARY}),
        ("copyright", {LIBRARY}),
        ("legislation", {DATA_ETHICS, LIBRARY}),
    ],
)
def test_roles_rank_above_passing_mentions(query, roles):
    found = titles(query)
    assert set(found[: len(roles)]) == roles, found


def test_governance_lists_exact_word_matches_before_government(client):
    found = search("governance").hits
    exact = [
        bool(re.search(r"\bgovernance\b", f"{h.document.title} {h.document.description} {h.document.body}", re.I))
        for h in found
    ]
    assert exact == sorted(exact, reverse=True), [h.document.title for h in found]
    assert GOVERNMENT_FRAMEWORK in [h.document.title for h in found]  # still found, by its stem, last
    page, _ = page_text(client, "governance")
    shown = [a.get_text() for a in page.select(".app-search-results__item h2 a")]
    assert shown[:2] in ([DATA_ETHICS, LIBRARY], [LIBRARY, DATA_ETHICS])
    assert shown.index("Governance") < shown.index(GOVERNMENT_FRAMEWORK)
