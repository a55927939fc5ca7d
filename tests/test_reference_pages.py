"""Home, skills A to Z, skill, framework and professional body pages: what they show, bad
parameters, unknown slugs, and query counts that stay the same with 50 more roles."""

from __future__ import annotations

import pytest
from bs4 import BeautifulSoup

from browse.selectors import code_key
from frameworks.models import Framework, ProfessionalBody, Skill
from roleprofiles.models import Role
from tests.factories import make_many_roles
from tests.html import cell_text

pytestmark = pytest.mark.django_db

KLIM = "/frameworks/knowledge-library-and-information-management-framework/"
DHLP = "/frameworks/digital-health-leadership-programme-skills-framework/"
NCF = "/frameworks/national-competency-framework-for-data-professionals-in-health-and-care/"


def soup_of(client, url, params=None):
    response = client.get(url, params or {})
    assert response.status_code == 200, url
    return BeautifulSoup(response.content, "html.parser")


def text(soup) -> str:
    return soup.select_one("main").get_text(" ", strip=True)


# --- Home --------------------------------------------------------------------------------------


@pytest.mark.usefixtures("nhs_profiles_only")  # about the two seed profiles
def test_home_has_search_families_bodies_and_frameworks_with_counts(client):
    soup = soup_of(client, "/")
    form = soup.select_one("main form[role=search]")
    assert form["action"] == "/search/" and form.select_one("input[name=q]") is not None
    page = text(soup)
    assert "Browse all 2 roles" in page
    assert f"{Skill.objects.count()} skills A to Z" in page
    assert soup.find("a", string="Data")["href"] == "/roles/?family=data"
    assert "Data (1 role)" in page
    assert "AphA (1 role)" in page and "CILIP (1 role)" in page
    dhlp = Framework.objects.get(abbreviation="DHLP")
    assert f"{dhlp.name} (10 skills)" in page
    assert soup.find("a", string="All 7 professional bodies")["href"] == "/bodies/"


def test_home_never_counts_nothing(client):
    """A body no published role names, and a framework with no skills of its own, are not
    listed with "(0 roles)" or "(0 skills)": counts that read as a broken service."""
    ProfessionalBody.objects.get(slug="bcs")  # in the seed, named by no role
    ncf = Framework.objects.get(slug=NCF.split("/")[2])
    assert not ncf.skills.exists()
    page = text(soup_of(client, "/"))
    assert "(0 role" not in page and "(0 skill" not in page
    assert "BCS" not in page
    assert ncf.name in page


# --- Skills A to Z -----------------------------------------------------------------------------


def skill_rows(soup) -> list[tuple[str, int]]:
    return [
        (row.th.get_text(strip=True), int(cell_text(row.select("td")[-1])))
        for row in soup.select(".app-skill-table tbody tr")
    ]


def test_skill_index_is_a_to_z_with_role_counts_in_pages_of_fifty(client):
    soup = soup_of(client, "/skills/")
    rows = skill_rows(soup)
    assert len(rows) == 50
    titles = [title for title, _ in rows]
    assert titles == sorted(titles, key=str.lower) or titles == [
        s.title for s in Skill.objects.order_by("title", "kind")[:50]
    ]
    assert f"{Skill.objects.count()} skills" in soup.select_one("#skills-summary").get_text()
    mentoring = soup_of(client, "/skills/", {"letter": "M"})
    assert ("Mentoring", 2) in skill_rows(mentoring)


def test_a_to_z_links_count_skills_and_keep_filters(client):
    soup = soup_of(client, "/skills/", {"kind": "pda"})
    links = {a.get_text(" ", strip=True): a["href"] for a in soup.select(".app-a-to-z a")}
    m_count = Skill.objects.filter(kind="pda", title__startswith="M").count()
    assert m_count and links[f"M ({m_count} skill{'s' if m_count != 1 else ''})"] == "?kind=pda&letter=M"
    # Letters with no skills are not links.
    assert "X" in [span.get_text(" ", strip=True)[0] for span in soup.select(".app-a-to-z__empty")]


def test_filter_skills_by_kind_and_framework(client):
    pdas = skill_rows(soup_of(client, "/skills/", {"kind": "pda"}))
    assert {title for title, _ in pdas} == set(Skill.objects.filter(kind="pda").values_list("title", flat=True))
    dhlp = skill_rows(
        soup_of(client, "/skills/", {"framework": "digital-health-leadership-programme-skills-framework"})
    )
    assert len(dhlp) == 10 and all(count == 0 for _, count in dhlp)
    soup = soup_of(client, "/skills/", {"kind": "pda", "letter": "B"})
    assert all(title.startswith("B") for title, _ in skill_rows(soup))
    assert soup.find("a", string="Clear filters")["href"] == "/skills/"


def test_skill_pages_link_on(client):
    soup = soup_of(client, "/skills/", {"page": 2})
    assert soup.select_one(".nhsuk-pagination__previous")["href"] == "?"
    assert soup.select_one('.nhsuk-pagination [aria-current="page"]').get_text(strip=True) == "2"


@pytest.mark.parametrize(
    "params, status, message",
    [
        ({"kind": "bogus"}, 400, "There is no kind of skill “bogus”."),
        ({"framework": "nope"}, 400, "There is no framework “nope”."),
        ({"letter": "<b>"}, 400, "Choose a letter from A to Z, not “&lt;b&gt;”."),
        ({"page": "abc"}, 400, "whole number"),
        ({"page": "-2"}, 400, "Pages start at 1."),
        ({"page": "99999"}, 404, "There is no page 99999"),
    ],
)
def test_skill_index_bad_parameters(client, params, status, message):
    response = client.get("/skills/", params)
    assert response.status_code == status
    assert message in response.content.decode()


def test_skill_page_gives_the_general_description_or_says_the_source_has_none(client):
    described = Skill.objects.exclude(description="").get(slug="mentoring")
    soup = soup_of(client, f"/skills/{described.slug}/")
    assert described.description in text(soup)
    assert not soup.select(".app-no-description")
    bare = Skill.objects.filter(description="", kind=Skill.Kind.DATA).order_by("title").first()
    soup = soup_of(client, f"/skills/{bare.slug}/")
    assert soup.select_one(".app-no-description").get_text(" ", strip=True) == (
        "The source gives no general description of this data skill: what each role asks for is below."
    )


def test_skill_page_lists_roles_with_level_and_descriptor(client):
    soup = soup_of(client, "/skills/" + Skill.objects.get(title="Legislation", kind="data").slug + "/")
    row = soup.select_one("main table tbody tr").get_text(" ", strip=True)
    assert "Data ethics lead" in row and "Level Five" in row and "General Data Protection Regulation" in row
    assert soup.find("a", string="Show these roles in the catalogue")["href"].startswith("/roles/?skill=")


# --- Frameworks --------------------------------------------------------------------------------


def test_framework_index_lists_each_with_its_skill_count(client):
    soup = soup_of(client, "/frameworks/")
    cards = {c.a.get_text(strip=True): c.get_text(" ", strip=True) for c in soup.select(".nhsuk-card")}
    assert len(cards) == Framework.objects.count()
    klim = Framework.objects.get(slug=KLIM.split("/")[2])
    assert f"{klim.skills.count()} skills" in cards[klim.name]


def test_framework_with_levels_shows_a_skills_by_levels_matrix(client):
    soup = soup_of(client, KLIM)
    matrix = soup.select_one("table.app-matrix")
    columns = [th.get_text(strip=True) for th in matrix.select("thead th")][1:]
    assert columns == ["Level 3 - Apply", "Level 4 - Enable", "Level 5 - Ensure, Advise"]
    rows = {tr.th.get_text(" ", strip=True): tr for tr in matrix.select("tbody tr")}
    cells = rows["1.1 Collection management"].select("td")
    assert cells[1].a.get_text() == "Head of knowledge and library services"
    assert "no role" in cells[0].get_text()
    # Codes in number order: 1.5 before 10.1 and 2.1 before 10.1.
    codes = [key.split(" ")[0] for key in rows]
    assert codes == sorted(codes, key=code_key)
    assert codes.index("2.1") < codes.index("10.1")
    assert "Head of knowledge and library services" in soup.find(id="roles").find_next("ul").get_text()


def test_dhlp_shows_its_dimensions_and_skill_areas_with_definitions(client):
    soup = soup_of(client, DHLP)
    framework = Framework.objects.get(abbreviation="DHLP")
    for dimension in framework.dimensions.all():
        heading = soup.find("h2", string=dimension.name)
        assert heading is not None
        areas = heading.find_parent("section").select(".nhsuk-summary-list__row")
        assert len(areas) == dimension.skills.count() == 5
        for skill in dimension.skills.all():
            row = next(r for r in areas if r.dt.get_text(strip=True) == skill.title)
            assert row.dd.get_text(strip=True) == skill.description.strip()
    assert "No published role is mapped to this framework yet." in text(soup)


def test_a_framework_to_assess_yourself_against_links_to_its_self_assessment(client):
    """The framework page offers the self-assessment exactly when the self-assessment offers the
    framework (the DHLP framework's skill areas; not KLIM's levelled skills)."""
    from pathways.selectors import assessable_frameworks

    offered = set(assessable_frameworks().values_list("slug", flat=True))
    assert "digital-health-leadership-programme-skills-framework" in offered
    for framework in Framework.objects.all():
        soup = soup_of(client, framework.get_absolute_url())
        link = soup.find("a", href=f"/self-assessment/?framework={framework.slug}")
        assert (link is not None) == (framework.slug in offered), framework.slug
        if link:
            assert link.get_text(strip=True) == "Assess yourself against this framework"
            assert client.get(link["href"]).status_code == 200


def test_body_index_lists_each_body_with_its_roles_and_qualifications(client, django_assert_num_queries):
    with django_assert_num_queries(2):  # bodies with role counts, their qualifications
        soup = soup_of(client, "/bodies/")
    assert soup.h1.get_text() == "Professional bodies"
    items = {li.h2.get_text(strip=True): li for li in soup.select(".app-body-list > li")}
    assert len(items) == ProfessionalBody.objects.count() == 7
    cilip = items["Chartered Institute of Library and Information Professionals (CILIP)"]
    assert cilip.h2.a["href"] == "/bodies/cilip/"
    assert cilip.find("a", string="1 published role")["href"] == "/roles/?body=cilip"
    cilip_text = " ".join(cilip.get_text().split())
    assert "1 published role names it as its professional body." in cilip_text
    assert "Awards: CILIP Chartered Member (MCLIP) or Fellow (FCLIP)." in cilip_text
    fedip = " ".join(items["Federation for Informatics Professionals (FEDIP)"].get_text().split())
    assert "No published role profile names it as its professional body yet." in fedip
    assert "Awards: FEDIP Advanced Practitioner; FEDIP Leading Practitioner." in fedip
    # A body's own page leads back to the index.
    crumbs = [a["href"] for a in soup_of(client, "/bodies/cilip/").select(".nhsuk-breadcrumb__link")]
    assert crumbs == ["/", "/bodies/"]


def test_framework_mapped_without_skills_lists_its_roles(client):
    soup = soup_of(client, NCF)
    assert soup.find(id="roles").find_next("ul").a.get_text() == "Data ethics lead"


# --- Professional bodies -----------------------------------------------------------------------


def test_body_page_lists_families_roles_and_qualifications(client):
    soup = soup_of(client, "/bodies/cilip/")
    page = text(soup)
    assert soup.find("a", string="Knowledge and library services")["href"] == (
        "/roles/?family=knowledge-and-library-services&body=cilip"
    )
    assert "Head of knowledge and library services" in page
    assert "CILIP Chartered Member (MCLIP) or Fellow (FCLIP)" in page
    assert "needed by 1 role" in page


def test_body_description_is_shown_when_there_is_one(client):
    ProfessionalBody.objects.filter(slug="fedip").update(description="Registers <informatics> professionals.")
    soup = soup_of(client, "/bodies/fedip/")
    assert "Registers <informatics> professionals." in text(soup)
    assert "No published role profile names FEDIP" in text(soup)


def test_body_page_lists_fifty_roles_and_links_to_the_rest(client):
    make_many_roles(55)
    soup = soup_of(client, "/bodies/gen/")
    assert len(soup.find(id="roles").find_next("ul").select("li")) == 50
    more = soup.find("a", string="See all 55 roles in the catalogue")
    assert more["href"] == "/roles/?body=gen"
    assert "(5 more)" in more.parent.get_text()


def test_body_slug_is_not_case_sensitive(client):
    assert client.get("/bodies/CILIP/").status_code == 200


@pytest.mark.parametrize("url", ["/skills/nope/", "/frameworks/nope/", "/bodies/nope/", "/roles/nope/"])
def test_unknown_slugs_are_404_pages(client, url):
    response = client.get(url)
    assert response.status_code == 404
    assert "Page not found" in response.content.decode()


# --- Query counts at two data sizes -------------------------------------------------------------

PAGES = {
    "/": 5,  # role count, skill count, families, bodies, frameworks
    "/skills/": 4,  # count, page, A to Z counts, the framework options
    # + the framework look-up; no skill matches, so no page is read
    "/skills/?kind=pda&framework=gkim-skills-framework&letter=M": 4,
    # + its level descriptors (the DDaT framework's; none here, so no role levels are read)
    "/skills/mentoring/": 4,  # the skill, its published requirements: their count and one page
    "/frameworks/": 1,
    # each + its career ladders (the DDaT framework's; none here, so no levels are read)
    KLIM: 7,  # framework (+levels), skills, roles (count and one page), matrix requirements
    DHLP: 4,  # no level scale, so no matrix; no role is mapped to it, so no page of roles is read
    "/bodies/": 2,  # bodies with role counts, their qualifications
    "/bodies/cilip/": 5,  # body, roles, their count, qualifications, families
    "/bodies/gen/": 5,
}


@pytest.mark.parametrize("extra_roles", [0, 50])
@pytest.mark.parametrize("url", list(PAGES))
def test_reference_page_query_counts_do_not_grow_with_data(client, django_assert_num_queries, url, extra_roles):
    if url == "/bodies/gen/" and not extra_roles:
        ProfessionalBody.objects.create(abbreviation="GEN", name="Generated body", slug="gen")
    if extra_roles:
        make_many_roles(extra_roles)
        assert Role.objects.count() >= 52
    with django_assert_num_queries(PAGES[url]):
        assert client.get(url).status_code == 200
