"""The job advert builder: the draft's shape, the user's choices, the three downloads and bad input."""

from __future__ import annotations

import io

import pytest
from bs4 import BeautifulSoup
from docx import Document

from roleprofiles.adverts import md_escape
from roleprofiles.models import Requirement, Role, Section
from tests.factories import add_requirement, make_level, make_many_roles, make_role, make_scale, make_skill

DATA_ETHICS = "data-ethics-lead"
KNOWLEDGE = "head-of-knowledge-and-library-services"
ADVERT = f"/roles/{DATA_ETHICS}/advert/"
ADVERT_QUERIES = 3  # the role, its requirements (join-loaded), its additional frameworks


def soup(response) -> BeautifulSoup:
    return BeautifulSoup(response.content, "html.parser")


def spec_cells(page: BeautifulSoup) -> dict[str, tuple[list[str], list[str]]]:
    """The person specification table: heading -> (essential items, desirable items)."""
    cells = {}
    for tr in page.select(".app-person-spec tbody tr"):
        essential, desirable = tr("td")
        cells[tr.th.get_text(strip=True)] = (
            [li.get_text(strip=True) for li in essential("li")],
            [li.get_text(strip=True) for li in desirable("li")],
        )
    return cells


def requirement(slug: str, title: str, section: str | None = None) -> Requirement:
    queryset = Requirement.objects.filter(role__slug=slug, skill__title=title)
    return queryset.get(section=section) if section else queryset.get()


def docx_of(response):
    assert response["Content-Type"] == "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
    return Document(io.BytesIO(response.content))


def docx_spec(document) -> list[list[str]]:
    (table,) = document.tables
    return [[cell.text for cell in row.cells] for row in table.rows]


# The draft ------------------------------------------------------------------------------------


@pytest.mark.django_db
def test_default_draft_has_the_nhs_jobs_shape_from_the_role_content(client):
    response = client.get(ADVERT)
    assert response.status_code == 200
    page = soup(response)
    role = Role.objects.get(slug=DATA_ETHICS)
    preview = page.select_one(".app-advert-preview")
    assert preview.h3.get_text() == "Data ethics lead"
    assert [h.get_text() for h in preview("h3")[1:]] == ["Job summary", "Main duties", "Person specification"]
    assert preview.find("p").get_text() == role.summary
    duties = [li.get_text() for li in preview.find("h3", string="Main duties").find_next("ul")("li")]
    assert duties == [
        "Governance: Defines governance processes to ensure compliance with ethical standards.",
        "Resources: " + requirement(DATA_ETHICS, "Resources").descriptor,
    ]

    spec = spec_cells(page)
    assert list(spec) == ["Qualifications", "Knowledge and skills", "Behaviours and values"]
    assert spec["Qualifications"] == (
        ["FEDIP Leading Practitioner (The Federation for Informatics Professionals)"],
        ["Training: Coaching", "Training: Latest Cyber Security Threats for Senior Execs", "Training: Team Dynamics"],
    )
    knowledge_essential, knowledge_desirable = spec["Knowledge and skills"]
    assert "Big Data: proficient in" in knowledge_essential
    assert "Machine Learning Tools and Techniques: familiar with" in knowledge_desirable  # shallowest depth
    assert "Experience of mentoring" in knowledge_desirable  # development activities
    behaviours_essential, _ = spec["Behaviours and values"]
    delivering = requirement(DATA_ETHICS, "Delivering outcomes")
    assert f"Delivering outcomes (Level 5): {delivering.descriptor}" in behaviours_essential
    assert len(behaviours_essential) == 26 + 26  # behaviours and leadership


@pytest.mark.django_db
def test_framework_skills_feed_duties_and_knowledge(client):
    page = soup(client.get(f"/roles/{KNOWLEDGE}/advert/"))
    risk = requirement(KNOWLEDGE, "Risk management")
    duties = [
        li.get_text()
        for li in page.select_one(".app-advert-preview").find("h3", string="Main duties").find_next("ul")("li")
    ]
    assert f"Risk management: {' '.join(risk.descriptor.split())}" in duties
    essential, _ = spec_cells(page)["Knowledge and skills"]
    assert "Risk management (Practitioner)" in essential
    qualifications, _ = spec_cells(page)["Qualifications"]
    assert len(qualifications) == 3


@pytest.mark.django_db
def test_user_choices_and_details_shape_the_draft(client):
    governance = requirement(DATA_ETHICS, "Governance")
    fedip = requirement(DATA_ETHICS, "FEDIP Leading Practitioner")
    big_data = requirement(DATA_ETHICS, "Big Data")
    coaching = requirement(DATA_ETHICS, "Coaching", Section.TRAINING)
    params = {
        f"r{governance.pk}": "x",
        f"r{fedip.pk}": "d",
        f"r{big_data.pk}": "x",
        f"r{coaching.pk}": "e",
        "title": "Head of Data Ethics",
        "employer": "Leeds Teaching Hospitals NHS Trust",
        "band": "Band 8b",
        "location": "Leeds",
        "closing_date": "31 March 2027",
    }
    page = soup(client.get(ADVERT, params))
    preview = page.select_one(".app-advert-preview")
    assert preview.h3.get_text() == "Head of Data Ethics"
    details = {dt.get_text(): dd.get_text() for dt, dd in zip(preview("dt"), preview("dd"), strict=True)}
    assert details == {
        "Employer": "Leeds Teaching Hospitals NHS Trust",
        "Band": "Band 8b",
        "Location": "Leeds",
        "Closing date": "31 March 2027",
    }
    duties = [li.get_text() for li in preview.find("h3", string="Main duties").find_next("ul")("li")]
    assert len(duties) == 1 and duties[0].startswith("Resources:")
    spec = spec_cells(page)
    assert spec["Qualifications"][0] == ["Training: Coaching"]
    assert "FEDIP Leading Practitioner (The Federation for Informatics Professionals)" in spec["Qualifications"][1]
    assert not any("Big Data" in item for item in spec["Knowledge and skills"][0] + spec["Knowledge and skills"][1])
    # The form shows the choices made, so the next change starts from them.
    assert page.find("input", attrs={"name": f"r{governance.pk}", "value": "x"}).has_attr("checked")
    assert page.find("input", attrs={"name": f"r{fedip.pk}", "value": "d"}).has_attr("checked")
    assert page.find("input", id="id_employer")["value"] == "Leeds Teaching Hospitals NHS Trust"
    # ...and the downloads carry them.
    docx_link = page.find("a", string="Download as Word document (.docx)")["href"]
    assert "employer=Leeds" in docx_link and f"r{governance.pk}=x" in docx_link and "format=docx" in docx_link


@pytest.mark.django_db
def test_the_form_offers_every_requirement_once_with_duties_only_in_or_out(client):
    page = soup(client.get(ADVERT))
    names = {radio["name"] for radio in page.select("form input[type=radio]")}
    assert names == {f"r{pk}" for pk in Requirement.objects.filter(role__slug=DATA_ETHICS).values_list("pk", flat=True)}
    governance = requirement(DATA_ETHICS, "Governance")
    assert [r["value"] for r in page.select(f"input[name=r{governance.pk}]")] == ["e", "x"]
    labels = [page.find("label", attrs={"for": i}).get_text() for i in (f"r{governance.pk}", f"r{governance.pk}-2")]
    assert labels == ["Include", "Leave out"]
    big_data = requirement(DATA_ETHICS, "Big Data")
    assert [r["value"] for r in page.select(f"input[name=r{big_data.pk}]")] == ["e", "d", "x"]
    assert page.find("form")["method"] == "get"
    copy = page.select_one("button[data-copy-target=advert-text]")
    assert copy.has_attr("hidden"), "the copy button appears only when JavaScript can make it work"
    assert page.find("textarea", id="advert-text").get_text().startswith("Data ethics lead\n")


# Downloads ------------------------------------------------------------------------------------


@pytest.mark.django_db
def test_docx_download_is_a_word_document_with_the_person_specification_table(client):
    fedip = requirement(DATA_ETHICS, "FEDIP Leading Practitioner")
    response = client.get(ADVERT, {"format": "docx", "employer": "NHS England", f"r{fedip.pk}": "d"})
    assert response.status_code == 200
    assert 'filename="data-ethics-lead-job-advert.docx"' in response["Content-Disposition"]
    document = docx_of(response)
    headings = [(p.style.name, p.text) for p in document.paragraphs if p.style.name.startswith(("Heading", "Title"))]
    assert headings == [
        ("Title", "Data ethics lead"),
        ("Heading 1", "Job summary"),
        ("Heading 1", "Main duties"),
        ("Heading 1", "Person specification"),
    ]
    texts = [p.text for p in document.paragraphs]
    assert "Employer: NHS England" in texts
    assert Role.objects.get(slug=DATA_ETHICS).summary in texts
    bullets = [p.text for p in document.paragraphs if p.style.name == "List Bullet"]
    assert bullets[0] == "Governance: Defines governance processes to ensure compliance with ethical standards."

    table = docx_spec(document)
    assert table[0] == ["Criteria", "Essential", "Desirable"]
    assert [row[0] for row in table[1:]] == ["Qualifications", "Knowledge and skills", "Behaviours and values"]
    assert table[1][1] == ""
    assert table[1][2].split("\n") == [
        "FEDIP Leading Practitioner (The Federation for Informatics Professionals)",
        "Training: Coaching",
        "Training: Latest Cyber Security Threats for Senior Execs",
        "Training: Team Dynamics",
    ]
    assert "Big Data: proficient in" in table[2][1].split("\n")
    assert "Delivering outcomes (Level 5): " + requirement(DATA_ETHICS, "Delivering outcomes").descriptor in table[3][
        1
    ].split("\n")


@pytest.mark.django_db
def test_txt_and_md_downloads_are_plain_drafts(client):
    txt = client.get(ADVERT, {"format": "txt", "band": "Band 8b"})
    assert txt["Content-Type"] == "text/plain; charset=utf-8"
    assert 'filename="data-ethics-lead-job-advert.txt"' in txt["Content-Disposition"]
    text = txt.content.decode()
    assert text.startswith("Data ethics lead\n\nBand: Band 8b\n\nJob summary\n\nSets direction for ethics")
    assert "\nMain duties\n\n• Governance: Defines governance processes" in text
    assert "\nQualifications\n  Essential:\n  • FEDIP Leading Practitioner" in text

    md = client.get(ADVERT, {"format": "md"})
    assert md["Content-Type"] == "text/markdown; charset=utf-8"
    markdown = md.content.decode()
    assert markdown.startswith("# Data ethics lead\n\n## Job summary\n")
    assert "\n## Main duties\n\n- Governance: Defines governance processes" in markdown
    assert "\n### Knowledge and skills\n\n**Essential**\n\n- Big Data: proficient in\n" in markdown


@pytest.mark.django_db
def test_database_text_is_escaped_for_each_format(client):
    role = make_role("*Lead* of [data](http://evil.example) <b>", summary='=HYPERLINK("http://evil")\n- not a list')
    add_requirement(role, make_skill("_Data_ `code`"), section=Section.WORK_ACTIVITY, descriptor="# not a heading")
    add_requirement(role, make_skill("Vertical\x0btab"), level=make_level(3), descriptor="control\x0b character")
    url = f"/roles/{role.slug}/advert/"

    markdown = client.get(url, {"format": "md"}).content.decode()
    assert markdown.startswith(r"# \*Lead\* of \[data\](http://evil.example) \<b\>")
    assert '\n\\=HYPERLINK("http://evil")\n' in markdown
    assert "\n\\- not a list\n" in markdown
    assert r"- \_Data\_ \`code\`: \# not a heading" in markdown

    text = client.get(url, {"format": "txt"}).content.decode()
    assert "\n'=HYPERLINK(\"http://evil\")\n'- not a list\n" in text

    document = docx_of(client.get(url, {"format": "docx"}))  # control characters cannot go into Word XML
    assert document.paragraphs[0].text == "*Lead* of [data](http://evil.example) <b>"
    assert "Verticaltab (Level 3)" in docx_spec(document)[2][1]

    page = client.get(url)
    assert b"<b>" not in page.content.split(b"<main")[1]


@pytest.mark.parametrize(
    ("text", "escaped"),
    [
        ("plain words", "plain words"),
        ("*em* _em_ `code`", r"\*em\* \_em\_ \`code\`"),
        ("[link](x) ![img](y)", r"\[link\](x) \!\[img\](y)"),
        ("<script>&amp;", r"\<script\>\&amp;"),
        ("a | b ~ c", r"a \| b \~ c"),
        ("# heading", r"\# heading"),
        ("- item", r"\- item"),
        ("+ item", r"\+ item"),
        ("= underline", r"\= underline"),
        ("12. ordered", r"12\. ordered"),
        ("3) ordered", r"3\) ordered"),
        ("Level 5. Done", "Level 5. Done"),
        ("two\nlines", "two lines"),
        ("back\\slash", "back\\\\slash"),
    ],
)
def test_markdown_escape(text, escaped):
    assert md_escape(text) == escaped


# Bad input ------------------------------------------------------------------------------------


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("params", "message"),
    [
        ({"format": "pdf"}, "The download format must be docx, txt or md."),
        ({"employer": "x" * 201}, "Employer: Ensure this value has at most 200 characters (it has 201)."),
        ({"closing_date": "y" * 61, "format": "docx"}, "Closing date: Ensure this value has at most 60 characters"),
        ({"band": "8b\x00"}, "Band: Null characters are not allowed."),
    ],
)
def test_bad_parameters_give_a_400_page_that_says_what_is_wrong(client, params, message):
    response = client.get(ADVERT, params)
    assert response.status_code == 400
    assert response["Content-Type"].startswith("text/html")
    page = soup(response)
    assert message in page.select_one(".nhsuk-error-summary").get_text()
    assert page.select_one(".app-advert-preview"), "the page still shows a draft and the form"


@pytest.mark.django_db
def test_a_choice_other_than_e_d_or_x_is_a_400(client):
    big_data = requirement(DATA_ETHICS, "Big Data")
    response = client.get(ADVERT, {f"r{big_data.pk}": "maybe", "format": "docx"})
    assert response.status_code == 400
    assert "“Big Data” must be essential (e), desirable (d) or left out (x)." in response.content.decode()


@pytest.mark.django_db
def test_requirement_ids_of_other_roles_or_none_are_ignored(client):
    other = Requirement.objects.filter(role__slug=KNOWLEDGE).first()
    response = client.get(ADVERT, {f"r{other.pk}": "x", "r999999999": "x", "rabc": "x", "format": "txt"})
    assert response.status_code == 200
    assert response.content.decode() == client.get(ADVERT, {"format": "txt"}).content.decode()


@pytest.mark.django_db
def test_advert_is_only_for_published_roles(client):
    draft = make_role("Draft role", status=Role.Status.DRAFT)
    assert client.get(f"/roles/{draft.slug}/advert/").status_code == 404
    assert client.get("/roles/no-such-role/advert/?format=docx").status_code == 404


@pytest.mark.django_db
def test_depth_at_the_bottom_of_its_scale_defaults_to_desirable(client):
    role = make_role("Depth test")
    depth = make_scale("Depth test scale", 3)
    add_requirement(role, make_skill("Shallow"), section=Section.TECHNICAL, depth=make_level(1, depth))
    add_requirement(role, make_skill("Deep"), section=Section.TECHNICAL, depth=make_level(3, depth))
    essential, desirable = spec_cells(soup(client.get(f"/roles/{role.slug}/advert/")))["Knowledge and skills"]
    assert essential == ["Deep: level 3"] and desirable == ["Shallow: level 1"]


@pytest.mark.django_db
@pytest.mark.parametrize("fmt", ["", "docx"])
def test_advert_query_count_does_not_grow_with_the_data(client, django_assert_num_queries, fmt):
    with django_assert_num_queries(ADVERT_QUERIES):
        assert client.get(ADVERT, {"format": fmt}).status_code == 200
    make_many_roles(50)
    with django_assert_num_queries(ADVERT_QUERIES):
        assert client.get(ADVERT, {"format": fmt}).status_code == 200
