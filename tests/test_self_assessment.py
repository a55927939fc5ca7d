"""/self-assessment/: choose a framework or a role, rate yourself, read the result, download
the plan. Answers live only in the URL; bad input is a 400 with a reason, never a 500."""

from __future__ import annotations

from io import BytesIO
from urllib.parse import urlencode

import pytest
from bs4 import BeautifulSoup
from docx import Document

from frameworks.models import Framework, Skill
from roleprofiles.models import Requirement, Role, Section
from tests.factories import add_requirement, make_level, make_role, make_scale
from tests.html import cell_text

pytestmark = pytest.mark.django_db

DHLP = "digital-health-leadership-programme-skills-framework"
DATA_ETHICS = "data-ethics-lead"
KNOWLEDGE = "head-of-knowledge-and-library-services"


def soup(response) -> BeautifulSoup:
    return BeautifulSoup(response.content, "html.parser")


def dhlp_areas() -> list[Skill]:
    return list(
        Skill.objects.filter(framework__slug=DHLP, kind=Skill.Kind.SKILL_AREA).order_by(
            "dimension__position", "position"
        )
    )


def dhlp_query(ratings: list[int], **extra) -> str:
    areas = dhlp_areas()
    params = {"framework": DHLP, **{f"s{a.pk}": r for a, r in zip(areas, ratings, strict=False)}, **extra}
    return urlencode(params)


def test_start_page_offers_the_dhlp_framework_and_every_published_role(client, django_assert_num_queries, sized):
    with django_assert_num_queries(2):
        response = client.get("/self-assessment/")
    assert response.status_code == 200
    page = soup(response)
    assert page.select_one(f"input[name=framework][value={DHLP}]")
    options = [o["value"] for o in page.select("select[name=role] option")]
    assert DATA_ETHICS in options and KNOWLEDGE in options
    assert len(options) == Role.objects.published().count()
    assert "Nothing you enter is stored" in page.get_text()


def test_dhlp_form_shows_two_dimensions_ten_areas_with_definitions_on_the_evidence_scale(client):
    response = client.get(f"/self-assessment/?framework={DHLP}")
    page = soup(response)
    assert [h.get_text() for h in page.select("form h2")] == ["Competency based dimension", "Person-centred dimension"]
    fieldsets = page.select("form fieldset")
    assert len(fieldsets) == 10
    first = fieldsets[0]
    assert first.legend.get_text(strip=True) == "Strategic vision"
    assert "Digital health leaders can see the bigger picture" in first.get_text()
    assert [label.get_text(strip=True) for label in first.select("label")] == ["None yet", "Some", "Good", "Strong"]
    assert (
        page.select_one("main form")["action"] == "/self-assessment/result/"
        and page.select_one("main form")["method"] == "get"
    )


def role_form_fieldsets(client, slug: str) -> BeautifulSoup:
    """Every step of a role's rating form, as one document (a long role is rated section by section)."""
    first = soup(client.get(f"/self-assessment/?role={slug}"))
    steps = len(first.select("nav.app-steps li")) or 1
    combined = first
    for step in range(2, steps + 1):
        for fieldset in soup(client.get(f"/self-assessment/?role={slug}&step={step}")).select("main form fieldset"):
            combined.select_one("main form").append(fieldset)
    return combined


def test_role_form_rates_each_requirement_on_its_own_scale_next_to_the_required_level(client):
    page = role_form_fieldsets(client, DATA_ETHICS)
    role = Role.objects.get(slug=DATA_ETHICS)
    rated = role.requirements.exclude(section__in=[Section.PDA, Section.TRAINING, Section.QUALIFICATION])
    assert len(page.select("form fieldset")) == rated.count() == 120
    technical = rated.filter(section=Section.TECHNICAL).select_related("depth").first()
    fieldset = page.find("input", attrs={"name": f"r{technical.pk}"}).find_parent("fieldset")
    labels = [label.get_text(strip=True) for label in fieldset.select("label")]
    assert labels[:2] == ["Not yet", "Familiar with"]
    assert f"{technical.depth.label} (required)" in labels
    assert f"Required: {technical.depth.label}" in fieldset.get_text()
    levelled = rated.filter(section=Section.DATA).select_related("level").first()
    fieldset = page.find("input", attrs={"name": f"r{levelled.pk}"}).find_parent("fieldset")
    assert f"{levelled.level.label} (required)" in fieldset.get_text()


def cells(row) -> list[str]:
    return [cell_text(cell) for cell in row.select("th, td")]


def test_dhlp_result_items_met_gaps_chart_and_training(client, django_assert_num_queries, sized):
    # Each skill area asks for Good (2). Competency: 3, 2, 0, 1, 2 -> 3 of 5 met (60%), one
    # partly met; person-centred: 0, 0, 1, 2, 3 -> 2 of 5 met (40%), one partly; 5 of 10 (50%).
    query = dhlp_query([3, 2, 0, 1, 2, 0, 0, 1, 2, 3])
    with django_assert_num_queries(4):
        response = client.get(f"/self-assessment/result/?{query}")
    assert response.status_code == 200
    page = soup(response)
    text = page.get_text(" ", strip=True)
    assert "You meet 5 of 10 items (50%)" in text
    rows = [cells(row) for row in page.select("#readiness ~ table tbody tr, #readiness ~ table tfoot tr")]
    assert rows == [
        ["Competency based dimension", "5", "3", "1", "60%"],
        ["Person-centred dimension", "5", "2", "1", "40%"],
        ["All dimensions", "10", "5", "2", "50%"],
    ]
    chart = page.select_one(".app-chart")
    assert chart["aria-hidden"] == "true"
    assert [t.get_text() for t in chart.select(".app-chart__label, .app-chart__value")] == [
        "Competency based dimension",
        "3 of 5 (60%)",
        "Person-centred dimension",
        "2 of 5 (40%)",
    ]
    gaps = [cells(row) for row in page.select("#gaps ~ table tbody tr")]
    assert [g[0].split(" ")[0] for g in gaps] == ["Innovation", "Culture", "Team", "Outcomes", "Growth"]
    assert [g[3] for g in gaps] == ["2 steps", "2 steps", "2 steps", "1 step", "1 step"]
    assert gaps[0][4].startswith("Digital health leaders can generate ideas")
    assert page.find("a", string="Digital Health Leadership Programme")["href"] == (
        "/pathways/programmes/digital-health-leadership-programme/"
    )
    assert "No published role profile is mapped to this framework yet" in text


def test_result_url_carries_the_answers_back_to_the_form(client):
    query = dhlp_query([3, 2, 0, 1, 2, 0, 0, 1, 2, 3])
    page = soup(client.get(f"/self-assessment/result/?{query}"))
    change = page.find("a", string="Change your answers")["href"]
    form = soup(client.get(change))
    checked = [i["value"] for i in form.select("input[type=radio][checked]")]
    assert checked == ["3", "2", "0", "1", "2", "0", "0", "1", "2", "3"]


def test_unrated_items_count_as_none_yet_and_are_said_to(client):
    page = soup(client.get(f"/self-assessment/result/?framework={DHLP}"))
    text = page.get_text(" ", strip=True)
    assert "You meet 0 of 10 items (0%)" in text
    assert "You left 10 items unrated" in text


def test_role_result_suggests_the_profiles_activities_and_the_progression(client, django_assert_num_queries, sized):
    role = Role.objects.get(slug=DATA_ETHICS)
    with django_assert_num_queries(6):  # the sixth: the framework's wording of each level of the skills rated
        response = client.get(f"/self-assessment/result/?role={DATA_ETHICS}")
    page = soup(response)
    text = page.get_text(" ", strip=True)
    assert "You meet 0 of 120 items (0%)" in text
    development = page.select_one("#development").find_parent("section").get_text(" ", strip=True)
    for activity in role.requirements.filter(section__in=[Section.PDA, Section.TRAINING]).select_related("skill"):
        assert activity.skill.title in development
    gaps = [cells(row) for row in page.select("#gaps ~ table tbody tr")]
    assert len(gaps) == 120
    sizes = [int(row[3].split()[0]) for row in gaps]
    assert sizes == sorted(sizes, reverse=True)
    assert page.find("a", href=f"/pathways/progression/?from={DATA_ETHICS}")


def test_closest_roles_share_the_skills_you_rated_and_link_to_compare(client):
    role = Role.objects.get(slug=KNOWLEDGE)
    requirement = role.requirements.filter(level__isnull=False).select_related("level", "skill").first()
    near = make_role("Near role")
    add_requirement(near, requirement.skill, section=requirement.section, level=requirement.level)
    far = make_role("Far role")
    add_requirement(far, requirement.skill, section=requirement.section, level=requirement.level)
    add_requirement(far, Skill.objects.create(title="Unrated", slug="unrated", kind=Skill.Kind.DATA))
    query = urlencode({"role": KNOWLEDGE, f"r{requirement.pk}": requirement.level.rank})
    page = soup(client.get(f"/self-assessment/result/?{query}"))
    items = page.select("#compare ~ ul li")
    assert [li.a.get_text() for li in items] == ["Near role", "Far role"]
    assert "you meet 1 of its 1 requirement" in items[0].get_text()
    assert "you meet 1 of its 2 requirements" in items[1].get_text()
    assert items[0].find("a", href=f"/compare/?roles={KNOWLEDGE}&roles={near.slug}")


def test_plan_downloads_as_a_word_document_with_the_same_figures(client):
    query = dhlp_query([3, 2, 0, 1, 2, 0, 0, 1, 2, 3])
    page = soup(client.get(f"/self-assessment/result/?{query}"))
    link = page.find("a", string="Download your development plan as Word (.docx)")
    response = client.get(link["href"])
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/vnd.openxmlformats-officedocument.wordprocessingml")
    assert "attachment" in response["Content-Disposition"] and ".docx" in response["Content-Disposition"]
    document = Document(BytesIO(response.content))
    text = "\n".join(p.text for p in document.paragraphs)
    assert "Personal development plan" in text
    assert "You meet 5 of 10 items (50%)" in text
    table = [[c.text for c in row.cells] for row in document.tables[0].rows]
    assert table[1:] == [
        ["Competency based dimension", "5", "3", "1", "60%"],
        ["Person-centred dimension", "5", "2", "1", "40%"],
        ["All dimensions", "10", "5", "2", "50%"],
    ]
    assert text.index("Innovation and change management") < text.index("Outcomes orientated")
    assert "Digital Health Leadership Programme" in text


def test_nothing_is_stored_on_the_server(client):
    counts = (Role.objects.count(), Requirement.objects.count(), Skill.objects.count(), Framework.objects.count())
    response = client.get(f"/self-assessment/result/?{dhlp_query([1] * 10)}")
    assert response.status_code == 200
    assert "sessionid" not in response.cookies
    # Nor in a page cache: the answers are personal.
    assert "private" in response["Cache-Control"] and "no-store" in response["Cache-Control"]
    assert counts == (
        Role.objects.count(),
        Requirement.objects.count(),
        Skill.objects.count(),
        Framework.objects.count(),
    )


@pytest.mark.parametrize(
    ("query", "status", "message"),
    [
        ("framework={dhlp}&s{first}=4", 400, "must be one of 0, 1, 2, 3"),
        ("framework={dhlp}&s{first}=abc", 400, "must be one of 0, 1, 2, 3"),
        ("framework={dhlp}&s{first}=1&s{first}=2", 400, "rated more than once"),
        ("framework={dhlp}&s999999=1", 400, "is not one of the items"),
        ("framework={dhlp}&r1=1", 400, "is not one of the items"),
        ("framework={dhlp}&format=pdf", 400, "is not a download format"),
        ("", 400, "choose one framework or one role"),
        ("framework={dhlp}&role=data-ethics-lead", 400, "choose one framework or one role"),
        ("framework=no-such-framework", 404, ""),
        ("role=no-such-role", 404, ""),
        ("framework=%00%27%22", 404, ""),
    ],
)
def test_bad_input_gets_a_clear_message_never_a_500(client, query, status, message):
    first = dhlp_areas()[0].pk
    query = query.format(dhlp=DHLP, first=first)
    response = client.get(f"/self-assessment/result/?{query}")
    assert response.status_code == status
    if message:
        assert message.lower() in response.content.decode().lower()


def test_a_tampered_change_link_is_a_400_too(client):
    response = client.get(f"/self-assessment/?framework={DHLP}&s{dhlp_areas()[0].pk}=9")
    assert response.status_code == 400
    assert "Some answers could not be used" in response.content.decode()


def test_a_role_on_a_generated_scale_is_rated_on_all_its_ranks(client):
    scale = make_scale("Five levels", max_rank=5)
    role = make_role("Scaled role")
    requirement = add_requirement(
        role, Skill.objects.create(title="Scaled", slug="scaled", kind="data"), level=make_level(4, scale)
    )
    page = soup(client.get(f"/self-assessment/?role={role.slug}"))
    labels = [label.get_text(strip=True) for label in page.select(f"input[name=r{requirement.pk}] + label")]
    assert labels == ["Not yet", "Level 1", "Level 2", "Level 3", "Level 4 (required)", "Level 5"]
