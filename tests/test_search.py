"""Search over roles, skills, frameworks and bodies: the same tests pass on PostgreSQL
(weighted tsvector, pg_trgm) and SQLite (FTS5 porter, difflib). The Makefile runs this file
on both."""

from __future__ import annotations

import re

import pytest
from bs4 import BeautifulSoup

from frameworks.models import ProfessionalBody, Skill
from roleprofiles.models import JobFamily, Role
from search.models import SearchDocument
from search.selectors import search
from search.services import rebuild_search_index
from tests.factories import add_requirement, make_many_roles, make_role, make_skill

# Counts and rankings here are of the two seed profiles (see conftest.nhs_profiles_only).
pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("nhs_profiles_only")]

DATA_ETHICS = "Data ethics lead"
LIBRARY = "Head of knowledge and library services"


def titles(query: str, **kwargs) -> list[str]:
    return [hit.document.title for hit in search(query, **kwargs).hits]


@pytest.mark.parametrize(
    "query, expected",
    [
        ("GDPR", DATA_ETHICS),  # through the descriptor of its Legislation data skill
        ("copyright", LIBRARY),  # through a framework skill's level descriptor
        ("governing", "Governance"),  # stemmed: governing -> govern <- governance
        ("governing", DATA_ETHICS),
        ("ethical frameworks", "Ethical frameworks"),  # multi-word
        ("data ethics", DATA_ETHICS),
        ("library services", LIBRARY),
        ("AphA", "Association of Professional Healthcare Analysts (AphA)"),
        ("Knowledge Library Information Management", "Knowledge, Library and Information Management Framework"),
    ],
)
def test_search_finds(query, expected):
    assert expected in titles(query)


def test_every_word_must_match():
    assert DATA_ETHICS in titles("ethics")
    assert DATA_ETHICS not in titles("ethics copyright")


def test_titles_rank_above_descriptors_within_a_kind():
    # The role that requires the copyright skill comes first (roles rank above passing
    # mentions: see test_search_relevance.py); among the skills the title match leads.
    assert titles("copyright")[:2] == [LIBRARY, "Copyright, intellectual property and licensing"]
    skills = [hit.document for hit in search("governance").hits if hit.document.kind == "skill"]
    in_title = ["governance" in skill.title.lower() for skill in skills]
    assert in_title == sorted(in_title, reverse=True) and in_title.count(False) >= 2


def test_a_role_whose_title_matches_comes_first():
    assert titles("data ethics")[0] == DATA_ETHICS
    assert titles("ethics")[0] == DATA_ETHICS


def test_legislation_skill_ranks_above_roles_that_only_mention_gdpr():
    found = titles("GDPR")
    assert {"Legislation", DATA_ETHICS} <= set(found)


@pytest.mark.parametrize("typo, corrected", [("ethcs", "ethics"), ("copyrigt", "copyright"), ("libary", "library")])
def test_typos_still_find_results_with_a_correction(typo, corrected):
    results = search(typo)
    assert results.corrected == corrected
    assert results.total > 0


def test_typo_finds_the_data_ethics_role():
    assert DATA_ETHICS in titles("ethcs")


def test_nothing_like_any_word_gives_no_results_and_no_correction():
    results = search("zzqxv")
    assert results.total == 0 and not results.hits and results.corrected == ""


def test_snippets_mark_the_matched_words():
    hit = next(h for h in search("GDPR").hits if h.document.title == "Legislation")
    assert "<mark>GDPR</mark>" in hit.snippet


def test_snippets_mark_stemmed_forms():
    hit = next(h for h in search("governing").hits if h.document.title == "Governance")
    assert "<mark>governance</mark>" in hit.snippet.lower()


def test_content_is_escaped_before_marks_are_added(django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        role = make_role("Zebra <b>markup</b> role", summary='A <script>alert("x")</script> zebrafinch & co.')
    hit = next(h for h in search("zebrafinch").hits if h.document.object_id == role.pk)
    # The only markup in a snippet is the <mark> the search adds (PostgreSQL drops tags, SQLite escapes them).
    assert "<" not in re.sub(r"</?mark>", "", hit.snippet)
    assert "<mark>zebrafinch</mark>" in hit.snippet
    assert "&amp; co." in hit.snippet


def test_only_published_roles_are_searchable(django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        Role.objects.filter(slug="data-ethics-lead").first().save()  # still published: stays
    assert DATA_ETHICS in titles("GDPR")
    with django_capture_on_commit_callbacks(execute=True):
        role = Role.objects.get(slug="data-ethics-lead")
        role.status = Role.Status.DRAFT
        role.save()
    assert DATA_ETHICS not in titles("GDPR")
    assert DATA_ETHICS not in titles("data ethics lead")


def test_saving_content_updates_the_index(django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        role = make_role("Clinical bioinformatics quokka")
        skill = make_skill("Genomic pipeline wrangling")
        add_requirement(role, skill, descriptor="Builds sequencing pipelines for the wombat service.")
    assert "Clinical bioinformatics quokka" in titles("wombat")
    assert "Genomic pipeline wrangling" in titles("wombat")
    with django_capture_on_commit_callbacks(execute=True):
        Skill.objects.filter(pk=skill.pk).first().requirements.all().delete()
    assert "Clinical bioinformatics quokka" not in titles("wombat")
    with django_capture_on_commit_callbacks(execute=True):
        role.delete()
    assert not SearchDocument.objects.filter(kind="role", object_id=role.pk).exists()


def test_renaming_a_skill_reindexes_roles_that_need_it(django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        skill = Skill.objects.get(title="Legislation", kind="data")
        skill.title = "Legislation and aardvark law"
        skill.save()
    assert DATA_ETHICS in titles("aardvark")
    assert "Legislation and aardvark law" in titles("aardvark")


def test_renaming_a_family_or_body_reindexes_its_roles(django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        family = JobFamily.objects.get(slug="data")
        family.name = "Data and narwhal analytics"
        family.save()
        body = ProfessionalBody.objects.get(slug="cilip")
        body.description = "Also known for its okapi librarians."
        body.save()
    assert DATA_ETHICS in titles("narwhal")
    assert "Chartered Institute of Library and Information Professionals (CILIP)" in titles("okapi")


def test_rebuild_indexes_every_published_role_skill_framework_and_body():
    count = rebuild_search_index()
    kinds = {kind: SearchDocument.objects.filter(kind=kind).count() for kind in SearchDocument.Kind.values}
    assert kinds["role"] == Role.objects.published().count() == 2
    assert kinds["skill"] == Skill.objects.count()
    assert kinds["framework"] >= 5 and kinds["body"] >= 7
    assert count == sum(kinds.values())


def test_filter_by_kind_with_counts_of_each_kind():
    everything = search("library")
    roles = search("library", kind="role")
    assert {hit.document.kind for hit in roles.hits} == {"role"}
    assert roles.all_total == everything.total
    counts = {kind: count for kind, _, count in everything.kind_counts}
    assert counts["role"] == roles.total == 1
    assert sum(counts.values()) == everything.total


# --- The page ------------------------------------------------------------------------------


def test_search_page_lists_ranked_highlighted_results(client):
    response = client.get("/search/", {"q": "GDPR"})
    assert response.status_code == 200
    soup = BeautifulSoup(response.content, "html.parser")
    results = soup.select(".app-search-results__item")
    links = [item.h2.a for item in results]
    assert DATA_ETHICS in [a.get_text() for a in links]
    assert soup.select_one(".app-search-results__item mark").get_text() == "GDPR"
    assert "3 results" in soup.select_one("#search-summary").get_text()
    assert soup.find("a", string=DATA_ETHICS)["href"] == "/roles/data-ethics-lead/"


def test_search_page_links_to_each_kind_of_result(client):
    soup = BeautifulSoup(client.get("/search/", {"q": "library"}).content, "html.parser")
    links = {a.get_text(strip=True): a["href"] for a in soup.select(".app-result-kinds a")}
    assert links["Roles (1)"] == "?q=library&kind=role"
    assert "Professional bodies (1)" in links
    assert soup.select_one('.app-result-kinds a[aria-current="page"]').get_text().startswith("Everything")
    only = BeautifulSoup(client.get("/search/", {"q": "library", "kind": "role"}).content, "html.parser")
    assert [a.get_text() for a in only.select(".app-search-results__item h2 a")] == [LIBRARY]
    assert only.select_one("#search-query + input[name=kind]")["value"] == "role"


def test_unknown_kind_is_a_400(client):
    response = client.get("/search/", {"q": "data", "kind": "spaceship"})
    assert response.status_code == 400
    assert "Show roles, skills, frameworks or bodies, not “spaceship”." in response.content.decode()


def test_search_page_says_did_you_mean(client):
    page = BeautifulSoup(client.get("/search/", {"q": "ethcs"}).content, "html.parser")
    notice = page.select_one(".nhsuk-inset-text").get_text(" ", strip=True)
    assert "No results for “ethcs”" in notice and "Did you mean ethics" in notice
    assert page.find("a", string="ethics")["href"] == "?q=ethics"
    assert DATA_ETHICS in [a.get_text() for a in page.select(".app-search-results__item h2 a")]


def test_search_page_with_no_matches_says_what_to_do(client):
    response = client.get("/search/", {"q": "zzqxv"})
    assert response.status_code == 200
    assert "No results for “zzqxv”" in response.content.decode()
    assert "Check the spelling" in response.content.decode()


def test_empty_search_page_invites_a_query(client):
    response = client.get("/search/")
    assert response.status_code == 200
    assert "browse all roles" in response.content.decode()


@pytest.mark.parametrize(
    "query",
    [
        '<script>alert("x")</script>',
        "'; DROP TABLE search_searchdocument; --",
        '" OR 1=1 --',
        "NEAR(a b)",
        "*",
        "ethics)",
    ],
)
def test_html_and_sql_in_the_query_are_harmless_and_escaped(client, query):
    response = client.get("/search/", {"q": query})
    assert response.status_code == 200
    assert "<script>alert" not in response.content.decode()
    assert SearchDocument.objects.exists()


def test_a_5000_character_query_is_a_400_that_says_why(client):
    response = client.get("/search/", {"q": "x" * 5000})
    assert response.status_code == 400
    assert "Search for 200 characters or fewer." in response.content.decode()


@pytest.mark.parametrize(
    "page, status, message",
    [
        ("abc", 400, "whole number"),
        ("-1", 400, "Pages start at 1."),
        ("0", 400, "Pages start at 1."),
        ("99999", 404, "no page 99999"),
    ],
)
def test_bad_page_numbers(client, page, status, message):
    response = client.get("/search/", {"q": "data", "page": page})
    assert response.status_code == status
    assert message in response.content.decode()


def test_results_are_paginated(client):
    first = BeautifulSoup(client.get("/search/", {"q": "data"}).content, "html.parser")
    assert len(first.select(".app-search-results__item")) == 20
    next_link = first.select_one(".nhsuk-pagination__next")
    assert next_link["href"] == "?q=data&page=2"
    second = BeautifulSoup(client.get("/search/", {"q": "data", "page": 2}).content, "html.parser")
    assert second.select(".app-search-results__item")
    assert second.select_one('.nhsuk-pagination__link[aria-current="page"]').get_text(strip=True) == "2"


# --- Query counts: the same at two data sizes -----------------------------------------------

# matches, the page's documents, the snippets, the frameworks whose licence the page must carry
SEARCH_QUERIES = 4
TYPO_QUERIES = 7  # matches, vocabulary check, a suggestion, matches again, documents, snippets, frameworks


@pytest.mark.parametrize("extra_roles", [0, 50])
def test_search_page_query_count_does_not_grow_with_data(client, django_assert_num_queries, extra_roles):
    if extra_roles:
        make_many_roles(extra_roles)
        rebuild_search_index()
    with django_assert_num_queries(SEARCH_QUERIES):
        assert client.get("/search/", {"q": "generated skill data"}).status_code == 200
    with django_assert_num_queries(TYPO_QUERIES):
        assert client.get("/search/", {"q": "ethcs"}).status_code == 200
