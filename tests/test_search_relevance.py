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
# The seed holds the DDaT framework's role levels as well as the two NHS profiles, so "roles
# first" is checked by kind of match, from the content itself, not against a fixed list.

SEED_ROLES = {"/roles/data-ethics-lead/", "/roles/head-of-knowledge-and-library-services/"}


def has_word(text: str, word: str) -> bool:
    return re.search(rf"(?<![^\W_]){re.escape(word)}(?![^\W_])", text, re.IGNORECASE) is not None


def ranked(query: str) -> list[SearchDocument]:
    """Every result of ``query`` in rank order, through the pages people see."""
    first = search(query)
    documents = [hit.document for hit in first.hits]
    for number in range(2, first.page.paginator.num_pages + 1):
        documents += [hit.document for hit in search(query, page=number).hits]
    return documents


def classify(documents: list[SearchDocument], word: str) -> list[str]:
    """By hand, from the content: "about" for a published role whose title, summary or a required
    skill has the word; "passing" for a role that has it only elsewhere (a descriptor), or any
    other kind of result; "" for a role with the word's stem only."""
    roles = Role.objects.in_bulk([d.object_id for d in documents if d.kind == "role"])
    kinds = []
    for document in documents:
        if document.kind != "role":
            kinds.append("passing")
            continue
        role = roles[document.object_id]
        skills = [r.skill.title for r in role.requirements.select_related("skill")]
        if any(has_word(text, word) for text in [role.title, role.summary, *skills]):
            kinds.append("about")
        elif has_word(document.body, word):
            kinds.append("passing")
        else:
            kinds.append("")
    return kinds


@pytest.mark.parametrize("query", ["governance", "legislation", "copyright", "ethics"])
def test_roles_about_the_words_rank_above_everything_else(query):
    documents = ranked(query)
    kinds = classify(documents, query)
    about = [i for i, kind in enumerate(kinds) if kind == "about"]
    passing = [i for i, kind in enumerate(kinds) if kind == "passing"]
    assert about and passing and max(about) < min(passing), list(zip(kinds, (d.title for d in documents), strict=True))
    # Among them, the roles whose title has the word come first.
    titled = [has_word(documents[i].title, query) for i in about]
    assert titled == sorted(titled, reverse=True)


def test_governance_puts_the_two_profiles_above_every_skill_and_government(client):
    documents = ranked("governance")
    urls = [d.url for d in documents]
    first_other = min(i for i, d in enumerate(documents) if d.kind != "role")
    assert all(urls.index(url) < first_other for url in SEED_ROLES)
    titles_ = [d.title for d in documents]
    assert titles_.index("Governance") < titles_.index(GOVERNMENT_FRAMEWORK)
    # On the page: roles first, those named for governance at the top.
    page, _ = page_text(client, "governance")
    items = page.select(".app-search-results__item")
    assert all(item.select_one(".nhsuk-tag").get_text(strip=True) == "Role" for item in items[:3])
    assert all("governance" in item.h2.get_text().lower() for item in items[:3])


def test_exact_words_rank_above_words_that_only_share_their_stem():
    documents = ranked("governance")
    exact = [has_word(f"{d.title} {d.description} {d.keywords} {d.body}", "governance") for d in documents]
    assert exact == sorted(exact, reverse=True), [d.title for d in documents]
    assert GOVERNMENT_FRAMEWORK in [d.title for d in documents]  # still found, by its stem


def test_a_role_that_mentions_a_word_in_passing_ranks_below_the_skill_named_by_it():
    documents = ranked("legislation")
    position = {d.url: i for i, d in enumerate(documents)}
    skill = next(i for i, d in enumerate(documents) if d.kind == "skill" and d.title == "Legislation")
    assert position["/roles/data-ethics-lead/"] < skill  # requires the Legislation skill
    assert position["/roles/head-of-knowledge-and-library-services/"] > skill  # one descriptor mentions it
