"""The catalogue at /roles/: facets with counts, text search, sorting, paging, and clear
messages (never a 500) for bad parameters."""

from __future__ import annotations

import pytest
from bs4 import BeautifulSoup
from django.http import QueryDict
from django.utils.http import urlencode

from frameworks.models import Skill
from roleprofiles.filters import RoleFilter
from roleprofiles.models import Role
from search.services import rebuild_search_index
from tests.factories import make_many_roles

# Counts and rankings here are of the two seed profiles (see conftest.nhs_profiles_only).
pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("nhs_profiles_only")]

DATA_ETHICS = "Data ethics lead"
LIBRARY = "Head of knowledge and library services"
NCF = "national-competency-framework-for-data-professionals-in-health-and-care"
GKIM = "gkim-skills-framework"
LIBRARY_SLUG = "head-of-knowledge-and-library-services"


def get(client, params=None):
    response = client.get("/roles/", params or {})
    assert response.status_code == 200, response.content.decode()[:500]
    return BeautifulSoup(response.content, "html.parser")


def role_titles(soup) -> list[str]:
    return [a.get_text(strip=True) for a in soup.select(".app-role-results .nhsuk-card__link")]


def facet(soup, name) -> dict[str, tuple[int, bool]]:
    """{option value: (count, checked)} for one facet's checkboxes."""
    options = {}
    for box in soup.select(f'input.nhsuk-checkboxes__input[name="{name}"]'):
        label = soup.find("label", attrs={"for": box["id"]}).get_text(" ", strip=True)
        count = int(label.rsplit("(", 1)[1].split()[0].rstrip(")"))
        options[box["value"]] = (count, box.has_attr("checked"))
    return options


def test_lists_every_published_role_with_family_level_and_body(client):
    soup = get(client)
    assert role_titles(soup) == [DATA_ETHICS, LIBRARY]
    card = soup.select(".app-role-results li")[0].get_text(" ", strip=True)
    assert "Data" in card and "Level 6" in card and "AphA" in card
    assert "2 roles" in soup.select_one("#catalogue-summary").get_text()


def test_each_facet_option_shows_how_many_roles_it_gives(client):
    soup = get(client)
    assert facet(soup, "family") == {"data": (1, False), "knowledge-and-library-services": (1, False)}
    assert facet(soup, "body") == {"apha": (1, False), "cilip": (1, False)}
    assert facet(soup, "level") == {"6": (1, False)}
    frameworks = facet(soup, "framework")
    assert frameworks[NCF] == (1, False) and frameworks[GKIM] == (1, False)
    skills = facet(soup, "skill")
    assert 0 < len(skills) <= 12  # the commonest skills, not all 200+
    shared = set(
        Skill.objects.filter(requirements__role__slug="data-ethics-lead")
        .filter(pk__in=Skill.objects.filter(requirements__role__slug=LIBRARY_SLUG))
        .values_list("slug", flat=True)
    )
    assert {slug for slug, (count, _) in skills.items() if count == 2} <= shared
    assert "mentoring" in shared


def test_counts_take_the_other_filters_into_account(client):
    soup = get(client, {"family": "data"})
    assert role_titles(soup) == [DATA_ETHICS]
    # Its own facet still offers the other family (adding it would give one more role)...
    assert facet(soup, "family") == {"data": (1, True), "knowledge-and-library-services": (1, False)}
    # ...while the other facets count only within the data family.
    assert facet(soup, "body") == {"apha": (1, False)}
    assert GKIM not in facet(soup, "framework")


def test_values_within_a_facet_add_up_and_facets_combine(client):
    assert role_titles(get(client, {"family": ["data", "knowledge-and-library-services"]})) == [DATA_ETHICS, LIBRARY]
    assert role_titles(get(client, {"family": "data", "body": "apha", "level": "6"})) == [DATA_ETHICS]
    assert role_titles(get(client, {"framework": GKIM})) == [LIBRARY]
    assert role_titles(get(client, {"framework": NCF})) == [DATA_ETHICS]  # mapped as an additional framework
    assert role_titles(get(client, {"skill": "mentoring"})) == [DATA_ETHICS, LIBRARY]
    legislation = Skill.objects.get(title="Legislation", kind="data").slug
    assert role_titles(get(client, {"skill": legislation})) == [DATA_ETHICS]


def test_no_match_says_what_to_change(client):
    soup = get(client, {"family": "data", "body": "cilip"})
    assert role_titles(soup) == []
    empty = soup.select_one(".nhsuk-inset-text").get_text(" ", strip=True)
    assert "No roles match these filters" in empty and "Remove a filter" in empty
    assert soup.find("a", string="clear all filters")["href"] == "/roles/"
    # The chosen options stay visible (with 0) so they can be unticked.
    assert facet(soup, "body")["cilip"] == (0, True)


def test_text_search_within_the_catalogue(client):
    assert role_titles(get(client, {"q": "copyright"})) == [LIBRARY]
    assert role_titles(get(client, {"q": "GDPR"})) == [DATA_ETHICS]
    assert DATA_ETHICS in role_titles(get(client, {"q": "governing"}))  # stemmed: its summary says governance
    soup = get(client, {"q": "ethcs"})
    assert DATA_ETHICS in role_titles(soup)
    assert "so these match ethics" in soup.get_text(" ", strip=True)
    assert role_titles(get(client, {"q": "copyright", "family": "data"})) == []


@pytest.mark.parametrize(
    "params, titles",
    [
        ({"q": "copyright"}, [LIBRARY]),
        ({"q": "GDPR"}, [DATA_ETHICS]),
        ({"q": "copyright", "family": "data"}, []),
    ],
)
def test_the_filter_set_alone_applies_the_text_search(params, titles):
    """``q`` is resolved by the filter itself: no selector has to prime it first."""
    roles = RoleFilter(QueryDict(urlencode(params)), queryset=Role.objects.published()).qs
    assert [role.title for role in roles] == titles


def test_the_filter_set_corrects_a_misspelt_query_itself():
    misspelt = RoleFilter(QueryDict("q=ethcs"), queryset=Role.objects.published())
    assert misspelt.is_valid() and misspelt.corrected_query == "ethics"
    as_spelt = RoleFilter(QueryDict("q=ethics"), queryset=Role.objects.published())
    assert list(misspelt.qs) == list(as_spelt.qs) and DATA_ETHICS in [role.title for role in misspelt.qs]


def test_text_and_facets_count_together(client):
    soup = get(client, {"q": "copyright"})
    assert facet(soup, "family") == {"knowledge-and-library-services": (1, False)}


def test_sort_by_title_or_level(client):
    assert role_titles(get(client, {"sort": "title"})) == [DATA_ETHICS, LIBRARY]
    Role.objects.filter(slug="head-of-knowledge-and-library-services").update(title="Aardvark librarian")
    assert role_titles(get(client))[0] == "Aardvark librarian"
    # By level: the role with a level first, a role without one last.
    assert role_titles(get(client, {"sort": "level"})) == [DATA_ETHICS, "Aardvark librarian"]
    soup = get(client, {"sort": "level"})
    assert soup.select_one("#catalogue-sort option[selected]")["value"] == "level"


def test_filters_are_a_bookmarkable_get_form_that_remembers_its_state(client):
    soup = get(client, {"family": "data", "q": "ethics", "sort": "level"})
    form = soup.select_one("form.app-filters")
    assert form["method"] == "get" and form["action"] == "/roles/"
    assert soup.select_one("#catalogue-q")["value"] == "ethics"
    assert soup.select_one("#family-data").has_attr("checked")
    assert soup.find("a", string="Clear filters")["href"] == "/roles/"


def test_each_active_filter_has_a_link_that_removes_it(client):
    soup = get(client, {"family": "data", "body": "apha"})
    links = {a.get_text(" ", strip=True): a["href"] for a in soup.select(".app-active-filters a")}
    assert links["Remove the job family filter Data"] == "/roles/?body=apha"
    assert links["Remove the professional body filter AphA"] == "/roles/?family=data"


def test_no_clear_filters_link_when_nothing_is_filtered(client):
    assert get(client).find("a", string="Clear filters") is None


def test_pages_of_twenty_with_numbered_links_that_keep_the_filters(client):
    make_many_roles(50)
    soup = get(client, {"body": "gen"})
    assert len(role_titles(soup)) == 20
    assert "50 roles" in soup.select_one("#catalogue-summary").get_text()
    assert soup.select_one(".nhsuk-pagination__next")["href"] == "?body=gen&page=2"
    last = get(client, {"body": "gen", "page": 3})
    assert len(role_titles(last)) == 10
    assert last.select_one(".nhsuk-pagination__previous")["href"] == "?body=gen&page=2"
    assert last.select_one(".nhsuk-pagination__next") is None
    assert last.select_one('.nhsuk-pagination [aria-current="page"]').get_text(strip=True) == "3"


@pytest.mark.parametrize(
    "params, status, message",
    [
        ({"family": "no-such-family"}, 400, "There is no job family “no-such-family”."),
        ({"body": "nobody"}, 400, "There is no professional body “nobody”."),
        ({"framework": "nope"}, 400, "There is no framework “nope”."),
        ({"skill": "not-a-skill"}, 400, "There is no skill “not-a-skill”."),
        ({"level": "abc"}, 400, "The level “abc” is not a number from 1 to 20."),
        ({"level": "0"}, 400, "The level “0” is not a number from 1 to 20."),
        ({"level": "-3"}, 400, "The level “-3” is not a number from 1 to 20."),
        ({"sort": "price"}, 400, "Sort by “title” or “level”, not “price”."),
        ({"page": "abc"}, 400, "The page number must be a whole number"),
        ({"page": "-1"}, 400, "Pages start at 1."),
        ({"page": "0"}, 400, "Pages start at 1."),
        ({"page": "99999"}, 404, "There is no page 99999: the results fill 1 page."),
        ({"q": "x" * 5000}, 400, "Search for 200 characters or fewer."),
        ({"family": "data", "level": "abc", "page": "x"}, 400, "The level “abc”"),
    ],
)
def test_bad_parameters_get_a_page_that_says_what_was_wrong(client, params, status, message):
    response = client.get("/roles/", params)
    assert response.status_code == status
    assert message in response.content.decode()


def test_bad_values_are_escaped_in_the_message(client):
    response = client.get("/roles/", {"family": "<script>alert(1)</script>"})
    assert response.status_code == 400
    assert "<script>alert(1)" not in response.content.decode()
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in response.content.decode()


@pytest.mark.parametrize("q", ['<script>alert("x")</script>', "' OR 1=1; DROP TABLE roleprofiles_role; --"])
def test_html_and_sql_in_q_are_harmless(client, q):
    response = client.get("/roles/", {"q": q})
    assert response.status_code == 200
    assert '<script>alert("x")' not in response.content.decode()
    assert Role.objects.count() >= 2


# --- Query counts: the same at two data sizes --------------------------------------------------

# count + page + seven facets (family, level, career ladder, body, framework, skill, and what each role is)
PLAIN = 9
# + a look-up per facet given by slug (validation; levels need none) + whether the text matches any role
# (the matching ids are a subquery inside the other queries, never a list)
FILTERED = PLAIN + 4 + 1


@pytest.mark.parametrize("extra_roles", [0, 50])
def test_catalogue_query_counts_do_not_grow_with_data(client, django_assert_num_queries, extra_roles):
    if extra_roles:
        make_many_roles(extra_roles)
        rebuild_search_index()
    with django_assert_num_queries(PLAIN):
        get(client)
    params = {
        "q": "data",
        "family": "data",
        "level": "6",
        "body": "apha",
        "framework": NCF,
        "skill": "mentoring",
        "sort": "level",
    }
    with django_assert_num_queries(FILTERED):
        soup = get(client, params)
    assert role_titles(soup) == [DATA_ETHICS]
