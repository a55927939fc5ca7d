"""/roles/<slug>/job-description.docx: the whole profile as an NHS job description and person
specification, for Role Model Plus profiles and DDaT role levels alike, with the DDaT
framework's licence attribution wherever its content appears."""

from __future__ import annotations

import re

import pytest
from bs4 import BeautifulSoup

from frameworks.models import Framework
from roleprofiles.adverts import criterion_clause, criterion_text, duty_text, md_escape, summary_parts
from roleprofiles.exports import OGL_STATEMENT, OGL_URL, framework_attributions, text_lines, unbullet
from roleprofiles.models import Requirement, Role, Section
from tests.factories import make_many_roles, make_role
from tests.test_advert import assert_a4_with_2cm_margins, docx_headings, docx_of, docx_spec, spec_tables

DATA_ETHICS = "data-ethics-lead"
KNOWLEDGE = "head-of-knowledge-and-library-services"
DDAT = "government-digital-and-data-profession-capability-framework"
DDAT_NAME = "Government Digital and Data Profession Capability Framework"
JD_QUERIES = 3  # the role, its requirements (join-loaded), its additional frameworks
DDAT_LEVEL = "change-and-release-manager-ddat"  # 13 skills at all four DDaT levels
ALL = [DATA_ETHICS, KNOWLEDGE, DDAT_LEVEL]
SECTIONS = {
    DATA_ETHICS: ["Knowledge and skills", "Behaviours", "Qualifications", "Development"],
    KNOWLEDGE: ["Knowledge and skills", "Behaviours", "Qualifications", "Development"],
    DDAT_LEVEL: ["Knowledge and skills"],
}


def url(slug: str) -> str:
    return f"/roles/{slug}/job-description.docx"


def release_date() -> str:
    from ddat.models import Release

    release = Release.objects.latest()
    return f"{release.release_date.day} {release.release_date:%B %Y}"


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
@pytest.mark.parametrize("slug", ALL)
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
    expected = ["Job details", "Job summary", "Main duties and responsibilities", *SECTIONS[slug]]
    assert sections == [*expected, "Person specification", "About this profile"]
    texts = [p.text for p in document.paragraphs]
    assert "Pay scheme and band: Agenda for Change, band 8a" in texts
    assert "Employer: Leeds Teaching Hospitals NHS Trust" in texts
    assert role.source_note in texts or slug == DDAT_LEVEL


@pytest.mark.django_db
@pytest.mark.parametrize("slug", ALL)
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
def test_main_duties_come_from_what_the_profile_has(client):
    def duties(slug):
        document = docx_of(client.get(url(slug)))
        return [p.text for p in document.paragraphs if p.style.name == "List Bullet"]

    work = Requirement.objects.filter(role__slug=DATA_ETHICS, section=Section.WORK_ACTIVITY).select_related("skill")
    assert duties(DATA_ETHICS) == [duty_text(r) for r in work.order_by("position")]
    assert duties(KNOWLEDGE) == Role.objects.get(slug=KNOWLEDGE).summary.splitlines()[1:]
    summary = Role.objects.get(slug=DDAT_LEVEL).summary
    assert duties(DDAT_LEVEL) == [unbullet(line) for line in text_lines(summary) if line.startswith("- ")]
    texts = [p.text for p in docx_of(client.get(url(DDAT_LEVEL))).paragraphs]
    lead_in = texts.index("At this role level, you will:")  # the list keeps its lead-in
    assert texts[lead_in - 1] == "Main duties and responsibilities"
    assert texts[lead_in - 2] == summary.split("\n")[0]  # the job summary before it


@pytest.mark.django_db
@pytest.mark.parametrize("slug", ALL)
def test_the_person_specification_is_the_adverts(client, slug):
    default = docx_spec(docx_of(client.get(url(slug))))
    page = BeautifulSoup(client.get(f"/roles/{slug}/advert/").content, "html.parser")
    assert default == spec_tables(page)
    assert sum(mark == "Essential" for rows in default.values() for _, mark in rows) <= 10
    assert sum(mark == "Desirable" for rows in default.values() for _, mark in rows) <= 10
    # The advert page passes its choices on.
    page = BeautifulSoup(client.get(f"/roles/{slug}/advert/", {"bulk": "knowledge:none"}).content, "html.parser")
    link = page.find("a", string="Download the job description and person specification (.docx)")["href"]
    chosen = docx_spec(docx_of(client.get(link)))
    assert "Skills and knowledge" not in chosen and chosen == spec_tables(page)


# DDaT role levels and the licence -------------------------------------------------------------


@pytest.mark.django_db
def test_framework_attributions_are_keyed_off_the_framework():
    ddat = Framework.objects.get(slug=DDAT)
    other = Framework.objects.get(slug="gkim-skills-framework")
    attributions = framework_attributions([None, other, ddat, ddat])
    assert [(a.framework, a.statement, a.licence_url) for a in attributions] == [(DDAT_NAME, OGL_STATEMENT, OGL_URL)]
    assert attributions[0].source == f"Source: {DDAT_NAME}, release of {release_date()}."
    assert OGL_STATEMENT == "Contains public sector information licensed under the Open Government Licence v3.0."
    assert framework_attributions([other]) == []
    # Without a release on record (or an unsaved framework) the notice names the framework alone.
    assert framework_attributions([Framework(name=DDAT_NAME, slug=DDAT)])[0].source == f"Source: {DDAT_NAME}."


def attribution_lines() -> list[str]:
    return [f"Source: {DDAT_NAME}, release of {release_date()}.", OGL_STATEMENT, f"Licence: {OGL_URL}"]


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
def test_a_ddat_role_level_makes_the_same_documents(client):
    role = Role.objects.get(slug=DDAT_LEVEL)
    document = docx_of(client.get(url(DDAT_LEVEL)))
    texts = [p.text for p in document.paragraphs]
    assert texts[-3:] == attribution_lines()
    rows = [[row[0], row[1], cell_lines(row[2])] for row in table_rows(document) if len(row) == 3]
    for requirement in requirements_of(DDAT_LEVEL):  # the role's own wording, its bullets as list items
        assert [requirement.skill.title, requirement.level_label, cell_lines(requirement.descriptor)] in rows

    page = BeautifulSoup(client.get(f"/roles/{DDAT_LEVEL}/advert/").content, "html.parser")
    spec = spec_tables(page)
    assert spec == docx_spec(document)
    assert list(spec) == ["Skills and knowledge"]
    marks = [mark for _, mark in spec["Skills and knowledge"]]
    assert marks.count("Essential") == 8 and marks.count("Desirable") == 5
    levels = {r.skill.title: r.level.rank for r in requirements_of(DDAT_LEVEL)}
    essential = [text for text, mark in spec["Skills and knowledge"] if mark == "Essential"]
    lowest_essential = min(levels[text.split(" at ")[0]] for text in essential)
    desirable = [text for text, mark in spec["Skills and knowledge"] if mark == "Desirable"]
    assert all(levels[text.split(" at ")[0]] <= lowest_essential for text in desirable)  # the highest are essential
    for text, _ in spec["Skills and knowledge"]:
        assert re.fullmatch(r"[A-Z].* at (awareness|working|practitioner|expert) level", text), text
    preview = page.select_one(".app-advert-preview")
    parts = summary_parts(role.summary)
    assert [p.get_text() for p in preview.find("h4", string="Job summary").find_next_siblings("p")][:1] == (
        parts.paragraphs[:1]
    )
    assert preview.find("h4", string="Main duties of the job").find_next("p").get_text() == parts.lead_in
    duties = [li.get_text() for li in preview.find("h4", string="Main duties of the job").find_next("ul")("li")]
    assert duties == parts.duties
    responsibilities = [li.get_text() for li in preview.find("h4", string="Job responsibilities").find_next("ul")("li")]
    first = next(r for r in requirements_of(DDAT_LEVEL) if criterion_text(r) == spec["Skills and knowledge"][0][0])
    assert responsibilities[0] == (
        f"{first.skill.title}, at {first.level_label.lower()} level: {criterion_clause(first.descriptor)}"
    )
    assert criterion_clause(first.descriptor).startswith("able to ")
    notice = preview.select_one(".app-attribution")
    assert f"release of {release_date()}" in notice.get_text() and notice.a["href"] == OGL_URL


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
@pytest.mark.parametrize(("slug", "queries"), [(DATA_ETHICS, JD_QUERIES), (KNOWLEDGE, JD_QUERIES + 1)])
def test_job_description_query_count_does_not_grow_with_the_data(client, django_assert_num_queries, slug, queries):
    # One more for a role with DDaT content: the release date its licence notice names.
    with django_assert_num_queries(queries):
        assert client.get(url(slug)).status_code == 200
    make_many_roles(50)
    with django_assert_num_queries(queries):
        assert client.get(url(slug), {"bulk": "knowledge:all"}).status_code == 200


@pytest.mark.django_db
def test_an_empty_profile_still_makes_both_documents(client):
    role = make_role("Empty profile")
    document = docx_of(client.get(url(role.slug)))
    assert [text for style, text in docx_headings(document) if style == "Heading 2"] == [
        "Job details",
        "Person specification",
    ]
    assert "No criteria chosen." in [p.text for p in document.paragraphs]
    text = client.get(f"/roles/{role.slug}/advert/", {"format": "txt"}).content.decode()
    assert "The profile has no summary." in text and "No criteria chosen." in text
