"""/pathways/ and its archetype and programme pages, and "moving to another role"
(/pathways/progression/) on the two seed roles: what a user sees, and the query counts."""

from __future__ import annotations

import pytest
from bs4 import BeautifulSoup

from frameworks.models import Skill
from pathways.models import NamedRole, TrainingProgramme
from roleprofiles.compare import RequirementGap, gaps_to_target
from roleprofiles.models import Requirement, Role
from tests.factories import add_requirement, make_level, make_role
from tests.html import cell_text

pytestmark = pytest.mark.django_db

DATA_ETHICS = "data-ethics-lead"
KNOWLEDGE = "head-of-knowledge-and-library-services"


def soup(response) -> BeautifulSoup:
    return BeautifulSoup(response.content, "html.parser")


def section(page: BeautifulSoup, anchor: str):
    return page.find(id=anchor).find_parent("section")


def test_pathways_page_query_count_does_not_grow(client, django_assert_num_queries, sized):
    # 20, and the DDaT career ladders: ladders, their levels, the licence notice's release date
    with django_assert_num_queries(23):
        response = client.get("/pathways/")
    assert response.status_code == 200
    page = soup(response)
    ladder = page.select("table.app-ladder a.app-ladder__role")
    assert len(ladder) == Role.objects.published().nhs_profiles().count()
    # DDaT role levels have no responsibility level: they are listed by career ladder, not as
    # roles with "level not stated".
    by_ladder = section(page, "career-ladders").select("ol.app-ladder a")
    assert len(by_ladder) == Role.objects.published().ddat_levels().filter(in_use=True).count()


@pytest.mark.usefixtures("nhs_profiles_only")  # about the two seed profiles
def test_level_ladder_places_roles_by_family_and_level(client):
    page = soup(client.get("/pathways/"))
    table = page.select_one("table.app-ladder")
    families = [th.get_text(strip=True) for th in table.select("thead th")][1:]
    assert families == ["Data", "Knowledge and library services"]
    rungs = {row.th.get_text(strip=True): row for row in table.select("tbody tr")}
    assert list(rungs)[:7] == [f"Level {n}" for n in range(7, 0, -1)]
    cells = rungs["Level 6"].select("td")
    assert cells[0].a.get_text(" ", strip=True) == "Data ethics lead (Level 6)"
    assert cells[0].a["href"] == f"/roles/{DATA_ETHICS}/"
    # The knowledge role states no level: it sits on its own rung, said in words.
    assert "Head of knowledge and library services" in rungs["Level not stated"].select("td")[1].get_text()


def test_workforce_development_cycle_is_a_labelled_diagram_with_the_same_text(client):
    page = soup(client.get("/pathways/"))
    cycle = section(page, "cycle")
    svg = cycle.select_one("svg")
    assert svg["role"] == "img"
    assert svg["aria-labelledby"] == "cycle-title cycle-desc"
    assert svg.find("title").get_text() == "Figure 6: Workforce development cycle"
    stages = [li.get_text(strip=True) for li in cycle.select("ol.app-cycle__stages li")]
    assert stages == [
        "Produce educational/training content",
        "Educate/train individuals to professional standards",
        "Offer professional accreditation",
        "Enhance: Create new roles and career pathways (then back to the first stage)",
    ]
    assert "In the middle of the cycle: Ongoing and dynamic evaluation and improvement" in cycle.get_text(
        " ", strip=True
    )
    description = svg.find("desc").get_text()
    for stage in stages[:3]:
        assert stage in description
    drawn = " ".join(t.get_text(" ") for t in svg.select("text"))
    for word in ["Produce", "Educate/train", "accreditation", "Enhance:", "evaluation"]:
        assert word in drawn
    assert len(svg.select("line")) == 4 and len(svg.select("circle")) == 5


def test_archetypes_programmes_bodies_named_roles_figures_and_references(client):
    page = soup(client.get("/pathways/"))
    archetypes = section(page, "archetypes")
    assert [a.get_text() for a in archetypes.select("h3 a")] == ["Creator", "Embedder"]
    programmes = section(page, "programmes")
    rows = {row.th.get_text(strip=True): row for row in programmes.select("tbody tr")}
    assert len(rows) == TrainingProgramme.objects.count() == 10
    stp = [cell_text(td) for td in rows["Scientist Training Programme (STP)"].select("th, td")]
    assert stp[1:4] == [
        "National School of Healthcare Science (NSHS)",
        "3-year",
        "university accredited master's degree",
    ]
    assert stp[4] == "Creator , Embedder"
    drep = [cell_text(td) for td in rows["Digital Readiness Education Programme"].select("th, td")]
    assert drep[1:] == ["Not stated"] * 4
    bodies = section(page, "bodies")
    assert {a["href"] for a in bodies.select("a")} == {
        f"/bodies/{s}/" for s in ["ahcs", "apha", "bcs", "chime", "fci", "fedip"]
    }
    assert "“Faculty of Clinical Infoematics (FIC)”" in bodies.get_text()
    named = section(page, "named-roles")
    ccio = named.find(id="named-chief-clinical-information-officers-ccio")
    assert "No profile yet" in ccio.get_text()
    first_passage = named.select_one(ccio.find("a", string="passage 1")["href"])
    assert "Other specialist senior clinical informatics roles within the NHS include" in first_passage.get_text()
    assert len(named.select(".nhsuk-tag")) == NamedRole.objects.count()
    figures = section(page, "figures").get_text(" ", strip=True)
    assert "11,953" in figures and "Reference 7" in figures
    assert "Reference 4 (cited in the report, but the report's reference list has no entry 4)" in figures
    references = section(page, "references")
    assert references.find(id="reference-7").a["href"].startswith("https://www.hee.nhs.uk/")
    assert "The report also cites reference 4, which its list does not include." in references.get_text(" ", strip=True)


def test_each_passage_about_the_named_roles_is_quoted_once_with_its_source(client):
    page = soup(client.get("/pathways/"))
    named = section(page, "named-roles")
    quotes = [" ".join(q.get_text().split()) for q in named.select("blockquote")]
    excerpts = {e.pk for n in NamedRole.objects.prefetch_related("excerpts") for e in n.excerpts.all()}
    assert len(quotes) == len(set(quotes)) == len(excerpts)
    # The passage that names nine roles: quoted once, naming each.
    engineers = named.find(id="named-data-engineers")
    passage = named.select_one(engineers.find("a", string=lambda s: s and s.startswith("passage"))["href"])
    names = [a.get_text() for a in passage.select("h4 a")]
    assert len(names) == 9 and "data engineers" in names and "AI professionals" in names
    # One naming five: attributed to the report's heading, as the report gives it.
    chief_data = named.find(id="named-chief-data-officers")
    passage = named.select_one(chief_data.find("a", string=lambda s: s and s.startswith("passage"))["href"])
    assert len(passage.select("h4 a")) == 5
    source = passage.select_one("figure figcaption").get_text(" ", strip=True)
    assert source == "Under “4.2.3 Digital Leadership Roles”. Reference 7"
    assert not page.select("blockquote footer"), "a quotation's source sits outside the blockquote"


def test_named_role_links_its_profile_once_one_exists(client):
    role = Role.objects.get(slug=DATA_ETHICS)
    NamedRole.objects.filter(name="Chief Data Officers").update(role=role)
    page = soup(client.get("/pathways/"))
    block = page.find(id="named-chief-data-officers")
    assert block.find("a", string="See the role profile")["href"] == f"/roles/{DATA_ETHICS}/"
    assert "No profile yet" not in block.get_text()


def test_archetype_page(client, django_assert_num_queries):
    with django_assert_num_queries(5):
        response = client.get("/pathways/archetypes/embedder/")
    page = soup(response)
    assert page.h1.get_text() == "Embedder"
    quotes = [q.p.get_text() for q in page.select("blockquote")]
    assert any("(the sub-specialisms relevant to the AI Embedder archetype)" in q for q in quotes)
    assert all("Embedder" in q for q in quotes)
    assert page.find("a", string="Scientist Training Programme (STP)")
    assert "Data scientists" in page.get_text()


def test_programme_page(client, django_assert_num_queries):
    with django_assert_num_queries(4):
        response = client.get("/pathways/programmes/higher-specialist-scientist-training-hsst/")
    page = soup(response)
    summary = {
        row.dt.get_text(strip=True): row.dd.get_text(" ", strip=True) for row in page.select(".nhsuk-summary-list__row")
    }
    assert summary["Length"] == "5-year"
    assert summary["Level"] == "Doctoral level academic award"
    assert summary["Provider"] == "National School of Healthcare Science (NSHCS)"
    assert "consultant clinical scientists" in summary["Leads to"]
    assert "Reference 44" in page.get_text()
    dhlp = soup(client.get("/pathways/programmes/digital-health-leadership-programme/"))
    link = dhlp.find("a", string="assess yourself against it")
    assert link["href"] == "/self-assessment/?framework=digital-health-leadership-programme-skills-framework"


@pytest.mark.parametrize("url", ["/pathways/archetypes/no-such/", "/pathways/programmes/no-such/"])
def test_unknown_archetype_or_programme_is_a_404(client, url):
    assert client.get(url).status_code == 404


def test_profile_page_links_to_moving_to_another_role(client):
    page = soup(client.get(f"/roles/{DATA_ETHICS}/"))
    block = page.find(id="moving-to-another-role").find_parent("section")
    assert block.find("a", href=f"/pathways/progression/?from={DATA_ETHICS}")
    assert block.find("a", href=f"/self-assessment/?role={DATA_ETHICS}")


def test_progression_picker_works_without_javascript(client, django_assert_num_queries, sized):
    with django_assert_num_queries(3):
        response = client.get(f"/pathways/progression/?from={DATA_ETHICS}")
    form = soup(response).select_one("main form")
    assert form["method"] == "get" and form["action"] == "/pathways/progression/"
    assert form.select_one("input[type=hidden][name=from]")["value"] == DATA_ETHICS
    options = [o["value"] for o in form.select("select[name=to] option")]
    assert KNOWLEDGE in options and DATA_ETHICS not in options
    assert len(options) == Role.objects.published().count() - 1


@pytest.mark.parametrize(("current", "target"), [(DATA_ETHICS, KNOWLEDGE), (KNOWLEDGE, DATA_ETHICS)])
def test_progression_between_the_seed_roles(client, django_assert_num_queries, current, target):
    with django_assert_num_queries(3):
        response = client.get(f"/pathways/progression/?from={current}&to={target}")
    page = soup(response)
    shared = set(Requirement.objects.filter(role__slug=current).values_list("skill_id", "section"))
    wanted = Requirement.objects.filter(role__slug=target)
    gain = [r for r in wanted if (r.skill_id, r.section) not in shared]
    text = page.get_text(" ", strip=True)
    # The seed roles share five professional development activities, which have no level.
    assert f"{len(gain)} to gain, 0 to raise, 5 already met" in text
    assert len(page.select("#gain ~ div table tbody tr")) == len(gain)
    met = [li.get_text() for li in page.find(id="met").find_next("ul").select("li")]
    assert sorted(m.split(" (")[0] for m in met) == sorted(
        [
            "Mentoring",
            "Negotiating and Influencing",
            "Participation in Professional Body Affairs",
            "Research Assignments",
            "Project Assignments",
        ]
    )
    assert page.find("a", href=f"/compare/?roles={current}&roles={target}")


def test_progression_shows_levels_to_raise_from_the_compare_engine(client):
    skill = Skill.objects.create(title="Shared skill", slug="shared-skill", kind=Skill.Kind.DATA)
    junior, senior = make_role("Junior analyst"), make_role("Senior analyst")
    add_requirement(junior, skill, level=make_level(2))
    add_requirement(senior, skill, level=make_level(4), descriptor="Leads the analysis.")
    gaps = gaps_to_target(junior.requirements.all(), senior.requirements.all())
    assert [g.kind for g in gaps] == [RequirementGap.RAISE]
    page = soup(client.get(f"/pathways/progression/?from={junior.slug}&to={senior.slug}"))
    row = [cell_text(td) for td in page.select("#raise ~ div table tbody tr td")]
    assert row == ["Shared skill Data skills", "Level 2", "Level 4", "Leads the analysis."]
    assert "0 to gain, 1 to raise, 0 already met" in page.get_text(" ", strip=True)


@pytest.mark.parametrize(
    ("query", "status"),
    [
        ("", 400),
        (f"?from={DATA_ETHICS}&to={DATA_ETHICS}", 400),
        ("?from=no-such-role", 404),
        (f"?from={DATA_ETHICS}&to=no-such-role", 404),
        ("?from=%00", 404),
        (f"?from={DATA_ETHICS}&to=%27%3B--", 404),
    ],
)
def test_progression_bad_input(client, query, status):
    response = client.get(f"/pathways/progression/{query}")
    assert response.status_code == status


def test_draft_roles_are_not_offered_as_targets(client):
    draft = make_role("Draft role", status=Role.Status.DRAFT)
    page = soup(client.get(f"/pathways/progression/?from={DATA_ETHICS}"))
    assert draft.slug not in [o["value"] for o in page.select("select[name=to] option")]
    assert client.get(f"/pathways/progression/?from={DATA_ETHICS}&to={draft.slug}").status_code == 404


def test_body_pages_describe_the_body_in_the_reports_words(client):
    text = soup(client.get("/bodies/fci/")).get_text(" ", strip=True)
    assert "names FCI" in text
    assert "Faculty of Clinical Infoematics (FIC)" in text
    assert "Faculty of Clinical informatics have published a model job description" in text


def test_content_admins_can_link_a_named_role_to_a_profile(admin_client):
    named = NamedRole.objects.get(name="Chief Data Officers")
    role = Role.objects.get(slug=DATA_ETHICS)
    for url in ["/admin/pathways/namedrole/", "/admin/pathways/trainingprogramme/", "/admin/pathways/excerpt/"]:
        assert admin_client.get(url).status_code == 200
    page = admin_client.get(f"/admin/pathways/namedrole/{named.pk}/change/")
    assert page.status_code == 200
    form = soup(page).select_one("form#namedrole_form")
    data = {}
    for field in form.select("input[name], textarea[name]"):
        if field.get("type") in ("submit", "checkbox"):
            continue
        data[field["name"]] = field.get("value", field.get_text())
    for select in form.select("select[name]"):
        data[select["name"]] = [o["value"] for o in select.select("option[selected]")]
    data["role"] = role.pk
    response = admin_client.post(f"/admin/pathways/namedrole/{named.pk}/change/", data)
    assert response.status_code == 302, soup(response).select(".errorlist")
    named.refresh_from_db()
    assert named.role == role
    assert (
        "See the role profile"
        in soup(client_get_pathways(admin_client)).find(id="named-chief-data-officers").get_text()
    )


def client_get_pathways(client):
    return client.get("/pathways/")
