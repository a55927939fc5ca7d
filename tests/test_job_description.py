"""/roles/<slug>/job-description.docx: the whole profile as an NHS job description and person
specification, for Role Model Plus profiles and DDaT role levels alike, with the DDaT
framework's licence attribution wherever its content appears."""

from __future__ import annotations

import pytest
from bs4 import BeautifulSoup

from frameworks.models import Framework, Level, Skill
from roleprofiles.adverts import criterion_clause, duty_text, md_escape
from roleprofiles.exports import OGL_STATEMENT, OGL_URL, framework_attributions, text_lines, unbullet
from roleprofiles.models import Requirement, Role, Section
from tests.factories import add_requirement, make_many_roles, make_role, make_skill
from tests.test_advert import assert_a4_with_2cm_margins, docx_headings, docx_of, docx_spec, spec_tables

DATA_ETHICS = "data-ethics-lead"
KNOWLEDGE = "head-of-knowledge-and-library-services"
DDAT = "government-digital-and-data-profession-capability-framework"
DDAT_NAME = "Government Digital and Data Profession Capability Framework"
JD_QUERIES = 3  # the role, its requirements (join-loaded), its additional frameworks
DDAT_SUMMARY = (
    "A senior test data scientist leads data science work across a team.\n\n"
    "At this role level, you will:\n"
    "- lead the design of data science projects\u2028- coach junior data scientists\n"
    "- explain results to senior stakeholders"
)
DDAT_SKILLS = [  # (skill, level, the role's wording at that level)
    ("Data science innovation", "Expert", "You can:\n- lead the use of new methods\n- champion innovation in the NHS"),
    ("Applied maths, statistics and scientific practices", "Practitioner", "You can:\n- apply statistical methods"),
    ("Data engineering and manipulation", "Working", "You can:\n- work with data pipelines\n- use SQL"),
    ("Programming and build (data science)", "Practitioner", ""),
    ("Developing data science capability", "Awareness", "You can:\n- understand how teams learn"),
]


def url(slug: str) -> str:
    return f"/roles/{slug}/job-description.docx"


@pytest.fixture
def ddat_level(db) -> Role:
    """A DDaT role level as the importer makes one: a summary with "- " bullets, and framework skills
    at Awareness / Working / Practitioner / Expert with the role's "You can:" wording."""
    framework = Framework.objects.get(slug=DDAT)
    scale = framework.level_scale
    levels = {}
    for rank, label in enumerate(("Awareness", "Working", "Practitioner", "Expert"), 1):
        levels[label] = Level.objects.filter(scale=scale, rank=rank).first() or Level.objects.create(
            scale=scale, rank=rank, label=label
        )
    role = make_role("Senior test data scientist", summary=DDAT_SUMMARY)
    for title, level, wording in DDAT_SKILLS:
        # The framework's own skill where it is loaded (tests/conftest.py imports its release).
        skill = Skill.objects.filter(framework=framework, title=title).first() or make_skill(
            title, kind=Skill.Kind.FRAMEWORK, framework=framework
        )
        add_requirement(role, skill, section=Section.FRAMEWORK, level=levels[level], descriptor=wording)
    return role


def table_rows(document) -> list[list[str]]:
    return [[cell.text for cell in row.cells] for table in document.tables for row in table.rows]


def requirements_of(slug: str) -> list[Requirement]:
    return list(
        Requirement.objects.filter(role__slug=slug).select_related("skill", "level", "depth").order_by("position")
    )


def cell_lines(text: str) -> list[str]:
    return [unbullet(line) for line in text_lines(text)]


# The document -----------------------------------------------------------------------------------


@pytest.mark.django_db
@pytest.mark.parametrize("slug", [DATA_ETHICS, KNOWLEDGE])
def test_a_job_description_is_an_a4_word_document_with_real_headings(client, slug):
    response = client.get(url(slug), {"employer": "Leeds Teaching Hospitals NHS Trust", "band": "8a"})
    assert response.status_code == 200
    assert f'filename="{slug}-job-description.docx"' in response["Content-Disposition"]
    document = docx_of(response)
    assert_a4_with_2cm_margins(document)
    role = Role.objects.get(slug=slug)
    properties = document.core_properties
    assert properties.title == f"Job description and person specification: {role.title}"
    assert properties.author == "Leeds Teaching Hospitals NHS Trust"
    assert "python-docx" not in f"{properties.author}{properties.comments}{properties.last_modified_by}"
    headings = docx_headings(document)
    assert headings[0] == ("Heading 1", role.title)
    sections = [text for style, text in headings if style == "Heading 2"]
    expected = ["Job details", "Job summary", "Main duties and responsibilities", "Knowledge and skills", "Behaviours"]
    expected += ["Qualifications", "Development", "Person specification", "About this profile"]
    assert sections == expected
    texts = [p.text for p in document.paragraphs]
    assert "Pay scheme and band: Agenda for Change, band 8a" in texts
    assert "Employer: Leeds Teaching Hospitals NHS Trust" in texts
    assert role.source_note in texts


@pytest.mark.django_db
@pytest.mark.parametrize("slug", [DATA_ETHICS, KNOWLEDGE])
def test_the_job_description_contains_every_requirement_of_the_role(client, slug):
    document = docx_of(client.get(url(slug)))
    rows = table_rows(document)
    bullets = [p.text for p in document.paragraphs if p.style.name == "List Bullet"]
    requirements = requirements_of(slug)
    for requirement in requirements:
        title, descriptor = requirement.skill.title, requirement.descriptor
        if requirement.section == Section.WORK_ACTIVITY:
            assert duty_text(requirement) in bullets
            continue
        matches = [row for row in rows if row[0] == title and cell_lines(row[-1]) == cell_lines(descriptor)]
        if requirement.section == Section.QUALIFICATION:
            matches = [row for row in rows if row == [title, requirement.skill.awarding_body]]
        assert matches, f"{requirement.get_section_display()}: {title}"
        if requirement.level_id or requirement.depth_id:
            measure = requirement.depth.label if requirement.depth_id else requirement.level_label
            assert any(row[1] == measure for row in matches), title
    # Each entry once: the tables other than the person specification's have a row per requirement.
    entry_rows = sum(len(table.rows) - 1 for table in document.tables if table.rows[0].cells[0].text != "Criterion")
    assert entry_rows == len(requirements) - sum(r.section == Section.WORK_ACTIVITY for r in requirements)


@pytest.mark.django_db
def test_main_duties_come_from_what_the_profile_has(client, ddat_level):
    def duties(slug):
        document = docx_of(client.get(url(slug)))
        return [p.text for p in document.paragraphs if p.style.name == "List Bullet"]

    work = Requirement.objects.filter(role__slug=DATA_ETHICS, section=Section.WORK_ACTIVITY).select_related("skill")
    assert duties(DATA_ETHICS) == [duty_text(r) for r in work.order_by("position")]
    assert duties(KNOWLEDGE) == Role.objects.get(slug=KNOWLEDGE).summary.splitlines()[1:]
    assert duties(ddat_level.slug) == [
        "lead the design of data science projects",
        "coach junior data scientists",
        "explain results to senior stakeholders",
    ]


@pytest.mark.django_db
@pytest.mark.parametrize("slug", [DATA_ETHICS, KNOWLEDGE])
def test_the_person_specification_is_the_adverts(client, slug):
    default = docx_spec(docx_of(client.get(url(slug))))
    page = BeautifulSoup(client.get(f"/roles/{slug}/advert/").content, "html.parser")
    assert default == spec_tables(page)
    assert sum(mark == "Essential" for rows in default.values() for _, mark in rows) <= 10
    assert sum(mark == "Desirable" for rows in default.values() for _, mark in rows) <= 10
    # The advert page passes its choices on.
    page = BeautifulSoup(client.get(f"/roles/{slug}/advert/", {"bulk": "qualifications:none"}).content, "html.parser")
    link = page.find("a", string="Download the job description and person specification (.docx)")["href"]
    chosen = docx_spec(docx_of(client.get(link)))
    assert "Qualifications" not in chosen and chosen == spec_tables(page)


# DDaT role levels and the licence -------------------------------------------------------------


def test_framework_attributions_are_keyed_off_the_framework():
    ddat = Framework(name=DDAT_NAME, slug=DDAT)
    other = Framework(name="GKIM Skills Framework", slug="gkim-skills-framework")
    attributions = framework_attributions([None, other, ddat, ddat])
    assert [(a.framework, a.statement, a.licence_url) for a in attributions] == [(DDAT_NAME, OGL_STATEMENT, OGL_URL)]
    assert OGL_STATEMENT == "Contains public sector information licensed under the Open Government Licence v3.0."
    assert framework_attributions([other]) == []


def attribution_lines() -> list[str]:
    return [f"Source: {DDAT_NAME}.", OGL_STATEMENT, f"Licence: {OGL_URL}"]


@pytest.mark.django_db
def test_documents_with_ddat_content_carry_its_licence(client):
    # The knowledge and library profile cites one DDaT skill (problem management): every document says so.
    jd = [p.text for p in docx_of(client.get(url(KNOWLEDGE))).paragraphs]
    assert jd[-3:] == attribution_lines()
    advert = f"/roles/{KNOWLEDGE}/advert/"
    assert [p.text for p in docx_of(client.get(advert, {"format": "docx"})).paragraphs][-3:] == attribution_lines()
    assert client.get(advert, {"format": "txt"}).content.decode().endswith("\n".join(attribution_lines()) + "\n")
    markdown = client.get(advert, {"format": "md"}).content.decode()
    assert markdown.endswith("\n\n".join(md_escape(line) for line in attribution_lines()) + "\n")
    page = BeautifulSoup(client.get(advert).content, "html.parser")
    notice = page.select_one(".app-advert-preview .app-attribution")
    assert DDAT_NAME in notice.get_text() and notice.a["href"] == OGL_URL
    # A profile without DDaT content carries none.
    assert OGL_STATEMENT not in [p.text for p in docx_of(client.get(url(DATA_ETHICS))).paragraphs]
    assert OGL_STATEMENT not in client.get(f"/roles/{DATA_ETHICS}/advert/", {"format": "txt"}).content.decode()


@pytest.mark.django_db
def test_a_ddat_role_level_makes_the_same_documents(client, ddat_level):
    document = docx_of(client.get(url(ddat_level.slug)))
    assert_a4_with_2cm_margins(document)
    texts = [p.text for p in document.paragraphs]
    assert "A senior test data scientist leads data science work across a team." in texts
    assert "At this role level, you will:" not in texts  # the lead-in goes with its list
    rows = table_rows(document)
    for title, level, wording in DDAT_SKILLS:  # the bullets of the role's wording as list items in its cell
        assert [title, level, cell_lines(wording)] in [[r[0], r[1], cell_lines(r[2])] for r in rows if len(r) == 3], (
            title
        )
    assert texts[-3:] == attribution_lines()

    page = BeautifulSoup(client.get(f"/roles/{ddat_level.slug}/advert/").content, "html.parser")
    spec = spec_tables(page)
    assert spec == docx_spec(document)
    assert spec["Skills and knowledge"] == [
        ("Data science innovation at expert level", "Essential"),
        ("Applied maths, statistics and scientific practices at practitioner level", "Essential"),
        ("Data engineering and manipulation at working level", "Essential"),
        ("Programming and build (data science) at practitioner level", "Essential"),
        ("Developing data science capability at awareness level", "Essential"),
    ]
    preview = page.select_one(".app-advert-preview")
    assert preview.find("h4", string="Job summary").find_next("p").get_text() == (
        "A senior test data scientist leads data science work across a team."
    )
    duties = [li.get_text() for li in preview.find("h4", string="Main duties of the job").find_next("ul")("li")]
    assert duties == [
        "lead the design of data science projects",
        "coach junior data scientists",
        "explain results to senior stakeholders",
    ]
    responsibilities = [li.get_text() for li in preview.find("h4", string="Job responsibilities").find_next("ul")("li")]
    assert responsibilities[0] == (
        "Data science innovation, at expert level: able to lead the use of new methods; champion innovation in the NHS"
    )
    assert responsibilities[3] == "Programming and build (data science), at practitioner level"
    assert criterion_clause(DDAT_SKILLS[2][2]) == "able to work with data pipelines; use SQL"
    assert preview.select_one(".app-attribution a")["href"] == OGL_URL


# Bad input and cost ---------------------------------------------------------------------------


@pytest.mark.django_db
def test_job_description_is_only_for_published_roles(client):
    draft = make_role("Draft role for a job description", status=Role.Status.DRAFT)
    assert client.get(url(draft.slug)).status_code == 404
    assert client.get(url("no-such-role")).status_code == 404


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("params", "message"),
    [
        ({"band": "1"}, "Band 1 is closed to new entrants"),
        ({"employer": "e" * 201}, "Employer: Ensure this value has at most 200 characters"),
        ({"r1": "maybe"}, ""),
    ],
)
def test_bad_parameters_give_the_advert_page_with_a_400(client, params, message):
    if "r1" in params:
        big_data = Requirement.objects.get(role__slug=DATA_ETHICS, skill__title="Big Data")
        params, message = {f"r{big_data.pk}": "maybe"}, "“Big Data” must be essential (e), desirable (d) or leave out"
    response = client.get(url(DATA_ETHICS), params)
    assert response.status_code == 400
    assert response["Content-Type"].startswith("text/html")
    assert message in BeautifulSoup(response.content, "html.parser").select_one(".nhsuk-error-summary").get_text()


@pytest.mark.django_db
def test_job_description_query_count_does_not_grow_with_the_data(client, django_assert_num_queries):
    with django_assert_num_queries(JD_QUERIES):
        assert client.get(url(KNOWLEDGE)).status_code == 200
    make_many_roles(50)
    with django_assert_num_queries(JD_QUERIES):
        assert client.get(url(KNOWLEDGE), {"bulk": "knowledge:all"}).status_code == 200
