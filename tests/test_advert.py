"""The job advert builder: a short default draft, criteria as sentences under NHS Jobs
categories, the Agenda for Change band, bulk controls that work without JavaScript, Word,
text and Markdown downloads with the same content, and bad input."""

from __future__ import annotations

import io
import re

import pytest
from bs4 import BeautifulSoup
from django.core.management import call_command
from django.urls import reverse
from docx import Document

from roleprofiles.adverts import (
    CATEGORIES,
    DESIRABLE_IN_DRAFT,
    ESSENTIAL_IN_DRAFT,
    criterion_clause,
    criterion_text,
    lower_ordinary_words,
    md_escape,
    sentence_case,
    summary_parts,
)
from roleprofiles.models import AgendaForChangeBand, Requirement, Role, Section
from tests.admin_support import form_data, make_user
from tests.factories import add_requirement, make_level, make_many_roles, make_role, make_scale, make_skill

DATA_ETHICS = "data-ethics-lead"
KNOWLEDGE = "head-of-knowledge-and-library-services"
DDAT_LEVEL = "change-and-release-manager-ddat"  # a DDaT role level: 13 skills at all four levels
ADVERT = f"/roles/{DATA_ETHICS}/advert/"
ADVERT_QUERIES = 3  # the role, its requirements (join-loaded), its additional frameworks
NHS_JOBS_ORDER = ["Job summary", "Main duties of the job", "About us", "Job responsibilities", "Person specification"]


def soup(response) -> BeautifulSoup:
    return BeautifulSoup(response.content, "html.parser")


def spec_tables(page: BeautifulSoup) -> dict[str, list[tuple[str, str]]]:
    """The preview's person specification: category -> [(criterion, Essential or Desirable)]."""
    tables = {}
    for table in page.select(".app-advert-preview table.app-person-spec"):
        rows = [tuple(td.get_text(strip=True) for td in tr("td")) for tr in table.tbody("tr")]
        tables[table.caption.get_text(strip=True)] = rows
    return tables


def criteria(page: BeautifulSoup) -> list[tuple[str, str, str]]:
    return [(category, text, label) for category, rows in spec_tables(page).items() for text, label in rows]


def preview_headings(page: BeautifulSoup) -> list[str]:
    return [h.get_text() for h in page.select_one(".app-advert-preview")("h4")]


def requirement(slug: str, title: str, section: str | None = None) -> Requirement:
    queryset = Requirement.objects.filter(role__slug=slug, skill__title=title)
    return queryset.get(section=section) if section else queryset.get()


def everything_params(slug: str) -> dict[str, str]:
    """Every entry of the role in the draft, essential: each requirement's parameter set to e."""
    return {f"r{pk}": "e" for pk in Requirement.objects.filter(role__slug=slug).values_list("pk", flat=True)}


def docx_of(response):
    assert response["Content-Type"] == "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
    return Document(io.BytesIO(response.content))


def docx_headings(document) -> list[tuple[str, str]]:
    return [(p.style.name, p.text) for p in document.paragraphs if p.style.name.startswith("Heading")]


def docx_spec(document) -> dict[str, list[tuple[str, str]]]:
    """Each person specification table, keyed by the heading just before it: [(criterion, mark)]."""
    body = document.element.body
    heading, tables = None, {}
    for child in body.iterchildren():
        tag = child.tag.rsplit("}", 1)[1]
        if tag == "p":
            style = child.pPr.pStyle.val if child.pPr is not None and child.pPr.pStyle is not None else ""
            if style.startswith("Heading"):
                heading = "".join(t.text or "" for t in child.iter() if t.tag.endswith("}t"))
        elif tag == "tbl":
            table = next(t for t in document.tables if t._tbl is child)
            header, *rows = [[cell.text for cell in row.cells] for row in table.rows]
            if header == ["Criterion", "Essential or desirable"]:
                tables[heading] = [tuple(row) for row in rows]
    return tables


def assert_a4_with_2cm_margins(document) -> None:
    for section in document.sections:
        # Word stores sizes in twentieths of a point: A4 is 11906 by 16838.
        assert (round(section.page_width.mm), round(section.page_height.mm)) == (210, 297)
        margins = (section.left_margin, section.right_margin, section.top_margin, section.bottom_margin)
        assert all(abs(margin.mm - 20) < 0.1 for margin in margins)


# Casing and sentences -------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("title", "mid_sentence"),
    [
        ("Negotiating and Influencing", "negotiating and influencing"),
        ("Gaining Knowledge of Broader IT Issues", "gaining knowledge of broader IT issues"),
        ("Participation in Professional Body Affairs", "participation in professional body affairs"),
        ("NHS Constitution", "NHS Constitution"),
        ("AphA Fellowship", "AphA fellowship"),
        ("GDPR Compliance", "GDPR compliance"),
        ("CILIP Chartered Member (MCLIP)", "CILIP chartered member (MCLIP)"),
        ("Cross-Functional and Inter-Disciplinary Awareness", "cross-functional and inter-disciplinary awareness"),
        ("ED&I Issues", "ED&I issues"),
        ("DevOps and eLearning Tools", "DevOps and eLearning tools"),
        ("Knowledge for Healthcare Strategy", "Knowledge for Healthcare strategy"),
        ("Stakeholder management (Data Ethics)", "stakeholder management (data ethics)"),
        ("Level 3 Award", "level 3 award"),
        ("3D Printing and 5G Networks", "3D printing and 5G networks"),
        ("What I Can Do", "what I can do"),
        ("Team's Dynamics", "team's dynamics"),
        ("", ""),
    ],
)
def test_lower_ordinary_words_keeps_acronyms_and_names(title, mid_sentence):
    assert lower_ordinary_words(title) == mid_sentence


@pytest.mark.parametrize(
    ("title", "start"),
    [
        ("Analytical Thinking", "Analytical thinking"),
        ("NHS Constitution", "NHS Constitution"),
        ("EDI", "EDI"),
        ("big data", "Big data"),
        ("AI and algorithmic literacy", "AI and algorithmic literacy"),
        ("Information Governance (Data)", "Information governance (data)"),
    ],
)
def test_sentence_case_keeps_the_first_word(title, start):
    assert sentence_case(title) == start


@pytest.mark.parametrize(
    ("descriptor", "clause"),
    [
        ("You are able to debate complex subjects.", "able to debate complex subjects."),
        ("You can manage expectations.", "able to manage expectations."),
        ("I can ensure a policy. I can ensure it is used.", "able to ensure a policy. Able to ensure it is used."),
        ("You can:\n- understand needs\n- help fix issues", "able to understand needs; help fix issues"),
        ("You can:\u2028- build interfaces\u200b.", "able to build interfaces"),
        ("1.Lead on a plan. 2.Ensure it aligns.", "lead on a plan; ensure it aligns"),
        ("You promote collaboration.", "you promote collaboration."),
        ("NHS values come first.", "NHS values come first."),
        ("", ""),
    ],
)
def test_criterion_clause_reads_as_what_a_candidate_can_do(descriptor, clause):
    assert criterion_clause(descriptor) == clause


@pytest.mark.parametrize(
    ("summary", "paragraphs", "lead_in", "duties"),
    [
        ("One paragraph. Two sentences.", ["One paragraph. Two sentences."], "", []),
        ("First para.\n\nSecond para.", ["First para.", "Second para."], "", []),
        ("Purpose line.\nDuty one.\nDuty two.", ["Purpose line."], "", ["Duty one.", "Duty two."]),
        (
            "Intro.\n\nAt this role level, you will:\n- do a\n- do b",
            ["Intro."],
            "At this role level, you will:",
            ["do a", "do b"],
        ),
        ("Intro.\u2028At this level, you will:\u2028- do\u200b a", ["Intro."], "At this level, you will:", ["do a"]),
        ("Intro.\n- do a\nAfter.", ["Intro.", "After."], "", ["do a"]),
        ("", [], "", []),
    ],
)
def test_summary_parts(summary, paragraphs, lead_in, duties):
    parts = summary_parts(summary)
    assert (parts.paragraphs, parts.lead_in, parts.duties) == (paragraphs, lead_in, duties)


# The default draft ----------------------------------------------------------------------------


@pytest.mark.django_db
@pytest.mark.parametrize("slug", [DATA_ETHICS, KNOWLEDGE, DDAT_LEVEL])
def test_default_draft_is_short(client, slug):
    page = soup(client.get(f"/roles/{slug}/advert/"))
    marks = [label for _, _, label in criteria(page)]
    assert 0 < marks.count("Essential") <= ESSENTIAL_IN_DRAFT <= 10
    assert 0 < marks.count("Desirable") <= DESIRABLE_IN_DRAFT <= 10
    total = Requirement.objects.filter(role__slug=slug).exclude(section=Section.WORK_ACTIVITY).count()
    assert len(marks) == min(total, ESSENTIAL_IN_DRAFT + DESIRABLE_IN_DRAFT)
    if total > 50:
        assert len(marks) < total / 5, "most of a long profile is left for the recruiter to add"
    # Every qualification is essential; training is never in the default draft.
    role_qualifications = Requirement.objects.filter(role__slug=slug, section=Section.QUALIFICATION).count()
    assert [label for category, _, label in criteria(page) if category == "Qualifications"] == [
        "Essential"
    ] * role_qualifications
    assert not [text for _, text, _ in criteria(page) if text.startswith("Training in")]


@pytest.mark.django_db
def test_default_draft_takes_the_highest_level_skills_and_behaviours(client):
    page = soup(client.get(ADVERT))
    spec = spec_tables(page)
    assert list(spec) == ["Qualifications", "Experience", "Skills and knowledge", "Behaviours and values"]
    assert spec["Qualifications"] == [
        ("FEDIP Leading Practitioner (The Federation for Informatics Professionals)", "Essential")
    ]
    assert spec["Experience"] == [
        ("Experience of negotiating and influencing", "Desirable"),
        ("Experience of research assignments", "Desirable"),
    ]
    knowledge = dict(spec["Skills and knowledge"])
    assert knowledge["Expert in artificial intelligence concepts"] == "Essential"  # top of the depth scale
    assert not [text for text in knowledge if text.startswith(("Familiar with", "Proficient in"))]
    behaviours = dict(spec["Behaviours and values"])
    delivering = requirement(DATA_ETHICS, "Delivering outcomes")
    assert behaviours[f"Delivering outcomes: {criterion_clause(delivering.descriptor)}"] == "Essential"
    # The criteria chosen are from the top of their scales; lower ones are left for the recruiter to add.
    chosen = {text for text, _ in spec["Skills and knowledge"] + spec["Behaviours and values"]}
    requirements = Requirement.objects.filter(role__slug=DATA_ETHICS).select_related(
        "skill", "level__scale", "depth__scale"
    )

    def height(r):
        measure = r.level or r.depth
        return (measure.rank - measure.scale.min_rank) / (measure.scale.max_rank - measure.scale.min_rank)

    measured = [r for r in requirements if (r.level or r.depth) and r.section != Section.WORK_ACTIVITY]
    assert {height(r) for r in measured if criterion_text(r) in chosen} == {1.0}
    assert {height(r) for r in measured if criterion_text(r) not in chosen} > {0.0, 0.5, 0.75}


@pytest.mark.django_db
def test_the_highest_level_entries_come_first_whatever_their_place_in_the_profile(client):
    role = make_role("Ranking test")
    scale = make_scale("Ranking test scale", 3)
    for n in range(20):
        add_requirement(role, make_skill(f"Routine Skill {n}"), section=Section.TECHNICAL, depth=make_level(1, scale))
    add_requirement(role, make_skill("Rare Skill"), section=Section.TECHNICAL, depth=make_level(3, scale))
    rows = dict(spec_tables(soup(client.get(f"/roles/{role.slug}/advert/")))["Skills and knowledge"])
    assert rows["Level 3 rare skill"] == "Essential"
    assert len(rows) == ESSENTIAL_IN_DRAFT + DESIRABLE_IN_DRAFT
    assert list(rows.values()).count("Essential") == ESSENTIAL_IN_DRAFT


@pytest.mark.django_db
def test_main_duties_come_from_work_activities_or_the_summarys_duty_lines(client):
    page = soup(client.get(ADVERT))
    preview = page.select_one(".app-advert-preview")
    assert preview.find("h3").get_text() == "Data ethics lead"
    assert (
        preview.find("h4", string="Job summary").find_next("p").get_text() == Role.objects.get(slug=DATA_ETHICS).summary
    )
    duties = [li.get_text() for li in preview.find("h4", string="Main duties of the job").find_next("ul")("li")]
    assert duties == [
        "Governance: Defines governance processes to ensure compliance with ethical standards.",
        "Resources: " + requirement(DATA_ETHICS, "Resources").descriptor,
    ]

    page = soup(client.get(f"/roles/{KNOWLEDGE}/advert/"))
    preview = page.select_one(".app-advert-preview")
    summary = Role.objects.get(slug=KNOWLEDGE).summary.splitlines()
    assert preview.find("h4", string="Job summary").find_next("p").get_text() == summary[0]
    duties = [li.get_text() for li in preview.find("h4", string="Main duties of the job").find_next("ul")("li")]
    assert duties == summary[1:]
    assert preview_headings(page) == [
        "Job summary",
        "Main duties of the job",
        "Job responsibilities",
        "Person specification",
    ]
    responsibilities = [li.get_text() for li in preview.find("h4", string="Job responsibilities").find_next("ul")("li")]
    framework = Requirement.objects.filter(role__slug=KNOWLEDGE, section=Section.FRAMEWORK).select_related(
        "skill", "level"
    )
    chosen = {text for text, _ in spec_tables(page)["Skills and knowledge"]}
    in_spec = [r for r in framework if criterion_text(r) in chosen]
    assert len(responsibilities) == len(in_spec) > 0  # a framework skill's level text, for each one chosen
    assert responsibilities[0].startswith("Information retrieval, at level 5 (Ensure, Advise): able to assess")


# Criteria as sentences ------------------------------------------------------------------------


@pytest.mark.django_db
@pytest.mark.parametrize("slug", [DATA_ETHICS, KNOWLEDGE, DDAT_LEVEL])
def test_every_criterion_is_a_sentence_not_a_label_with_its_level_in_brackets(client, slug):
    page = soup(client.get(f"/roles/{slug}/advert/", everything_params(slug)))
    all_criteria = criteria(page)
    assert len(all_criteria) == Requirement.objects.filter(role__slug=slug).exclude(section="work_activity").count()
    for _, text, _ in all_criteria:
        assert not re.search(r"\((Level|level) [\w ,-]+\)$", text), text
        assert not re.search(r"\b(Level (One|Two|Three|Four|Five|Six|Seven))\b", text), text
        # An entry's title put mid-sentence keeps no capital an ordinary word would not have.
        prefix = re.match(r"^(Experience of|Training in|Familiar with|Proficient in|Expert in) (.*)$", text)
        if prefix:
            assert lower_ordinary_words(prefix[2]) == prefix[2], text


@pytest.mark.django_db
def test_criteria_casing_keeps_acronyms_and_names(client):
    page = soup(client.get(ADVERT, everything_params(DATA_ETHICS)))
    texts = {text for _, text, _ in criteria(page)}
    assert "Experience of negotiating and influencing" in texts
    assert "Experience of gaining knowledge of broader IT issues" in texts
    assert "Proficient in IT environment" in texts
    assert "Training in latest cyber security threats for senior execs" in texts
    nhs = requirement(DATA_ETHICS, "NHS Constitution")
    assert f"NHS Constitution: {criterion_clause(nhs.descriptor)}" in texts
    assert any(text.startswith("EDI: you act as a champion for EDI issues") for text in texts)
    assert any(text.startswith("Legislation: able to consistently apply") and "(GDPR)" in text for text in texts)

    page = soup(client.get(f"/roles/{KNOWLEDGE}/advert/"))
    cilip = "CILIP Chartered Member (MCLIP) or Fellow (FCLIP) (Chartered Institute of Library and Information"
    assert f"{cilip} Professionals)" in {text for _, text, _ in criteria(page)}


@pytest.mark.django_db
def test_training_and_development_go_under_experience_never_qualifications(client):
    spec = spec_tables(soup(client.get(ADVERT, everything_params(DATA_ETHICS))))
    assert [text for text, _ in spec["Qualifications"]] == [
        "FEDIP Leading Practitioner (The Federation for Informatics Professionals)"
    ]
    experience = [text for text, _ in spec["Experience"]]
    assert experience[:3] == [
        "Training in coaching",
        "Training in latest cyber security threats for senior execs",
        "Training in team dynamics",
    ]
    assert len(experience) == 3 + 8 and all(t.startswith("Experience of ") for t in experience[3:])


# Choices and bulk controls ----------------------------------------------------------------------


@pytest.mark.django_db
def test_user_choices_and_details_shape_the_draft(client):
    governance = requirement(DATA_ETHICS, "Governance")
    fedip = requirement(DATA_ETHICS, "FEDIP Leading Practitioner")
    big_data = requirement(DATA_ETHICS, "Big Data")
    coaching = requirement(DATA_ETHICS, "Coaching", Section.TRAINING)
    params = {
        f"r{governance.pk}": "x",
        f"r{fedip.pk}": "d",
        f"r{big_data.pk}": "e",
        f"r{coaching.pk}": "d",
        "title": "Head of Data Ethics",
        "employer": "Leeds Teaching Hospitals NHS Trust",
        "band": "8b",
        "location": "Leeds",
        "closing_date": "31 March 2027",
        "about": "We are a teaching trust.\nWe serve Leeds.",
    }
    page = soup(client.get(ADVERT, params))
    preview = page.select_one(".app-advert-preview")
    assert preview.h3.get_text() == "Head of Data Ethics"
    details = {dt.get_text(): dd.get_text() for dt, dd in zip(preview("dt"), preview("dd"), strict=True)}
    assert details == {
        "Employer": "Leeds Teaching Hospitals NHS Trust",
        "Pay scheme and band": "Agenda for Change, band 8b",
        "Location": "Leeds",
        "Closing date": "31 March 2027",
    }
    assert preview_headings(page) == ["Job summary", "Main duties of the job", "About us", "Person specification"]
    assert [p.get_text() for p in preview.find("h4", string="About us").find_next_siblings("p")[:2]] == [
        "We are a teaching trust.",
        "We serve Leeds.",
    ]
    duties = [li.get_text() for li in preview.find("h4", string="Main duties of the job").find_next("ul")("li")]
    assert len(duties) == 1 and duties[0].startswith("Resources:")
    spec = spec_tables(page)
    assert ("FEDIP Leading Practitioner (The Federation for Informatics Professionals)", "Desirable") in spec[
        "Qualifications"
    ]
    assert ("Training in coaching", "Desirable") in spec["Experience"]
    assert ("Proficient in big data", "Essential") in spec["Skills and knowledge"]
    # The form shows the choices made, so the next change starts from them.
    assert page.select_one(f"select[name=r{governance.pk}] option[selected]")["value"] == "x"
    assert page.select_one(f"select[name=r{fedip.pk}] option[selected]")["value"] == "d"
    assert page.select_one("select[name=band] option[selected]")["value"] == "8b"
    assert page.find("input", id="id_employer")["value"] == "Leeds Teaching Hospitals NHS Trust"
    # ...and the downloads carry them, as the choices that differ from the default draft.
    docx_link = page.find("a", string="Download the advert as Word document (.docx)")["href"]
    assert "employer=Leeds" in docx_link and f"r{governance.pk}=x" in docx_link and "format=docx" in docx_link
    assert f"r{coaching.pk}=d" in docx_link and f"r{requirement(DATA_ETHICS, 'Resources').pk}=" not in docx_link


@pytest.mark.django_db
def test_the_form_offers_every_entry_once_with_duties_only_in_or_out(client):
    page = soup(client.get(ADVERT))
    form = page.find("form", id="advert-form")
    assert form["method"] == "get"
    names = {select["name"] for select in form.select("select") if select["name"].startswith("r")}
    assert names == {f"r{pk}" for pk in Requirement.objects.filter(role__slug=DATA_ETHICS).values_list("pk", flat=True)}
    governance = requirement(DATA_ETHICS, "Governance")
    assert [(o["value"], o.get_text()) for o in form.select(f"select[name=r{governance.pk}] option")] == [
        ("e", "Include"),
        ("x", "Leave out"),
    ]
    big_data = requirement(DATA_ETHICS, "Big Data")
    assert [o["value"] for o in form.select(f"select[name=r{big_data.pk}] option")] == ["e", "d", "x"]
    assert form.find("label", attrs={"for": f"r{big_data.pk}"}).get_text() == "Big Data"
    # The first submit button updates the draft, so Enter in a text box never runs a bulk action.
    assert form.find("button", attrs={"type": "submit"}).get_text() == "Update the draft"
    assert [b["value"] for b in form.select("button[name=bulk]")] == [
        f"{key}:{action}"
        for key in ("duties", "qualifications", "experience", "knowledge", "behaviours")
        for action in ("all", "none")
    ]
    copy = page.select_one("button[data-copy-target=advert-text]")
    assert copy.has_attr("hidden"), "the copy button appears only when JavaScript can make it work"
    assert page.find("textarea", id="advert-text").get_text().startswith("Data ethics lead\n")


@pytest.mark.django_db
def test_select_all_and_none_per_section(client):
    page = soup(client.get(ADVERT, {"bulk": "knowledge:all"}))
    knowledge = spec_tables(page)["Skills and knowledge"]
    total = Requirement.objects.filter(
        role__slug=DATA_ETHICS, section__in=["technical", "other", "data", "project"]
    ).count()
    assert len(knowledge) == total
    defaults = dict(spec_tables(soup(client.get(ADVERT)))["Skills and knowledge"])
    # What was essential stays essential; what was left out comes in as desirable.
    assert all(label == defaults.get(text, "Desirable") for text, label in knowledge)
    assert page.find(string=re.compile(rf"Skills and knowledge \({total} of {total} in the draft\)"))

    page = soup(client.get(ADVERT, {"bulk": "behaviours:none"}))
    assert "Behaviours and values" not in spec_tables(page)
    assert page.find(string=re.compile(r"Behaviours and values \(0 of 52 in the draft\)"))

    # The result travels as choices, not as the button: the download is the draft shown.
    link = page.find("a", string="Download the advert as Plain text (.txt)")["href"]
    assert "bulk" not in link
    text = client.get(link).content.decode()
    assert "Behaviours and values" not in text and text == page.find("textarea", id="advert-text").get_text()


@pytest.mark.django_db
def test_show_only_selected_hides_what_is_left_out_and_keeps_it_out(client):
    page = soup(client.get(ADVERT, {"show": "selected"}))
    form = page.find("form", id="advert-form")
    shown = {s["name"] for s in form.select("select") if s["name"].startswith("r")}
    hidden = {i["name"]: i["value"] for i in form.select("input[type=hidden]")}
    draft_count = len(criteria(page)) + 2  # the criteria and the two main duties
    assert len(shown) == draft_count
    assert (
        set(hidden.values()) == {"x"}
        and len(shown) + len(hidden) == Requirement.objects.filter(role__slug=DATA_ETHICS).count()
    )
    assert form.find("input", id="show-selected").has_attr("checked")
    # Submitting the form as it stands (a browser without JavaScript) gives the same draft.
    again = soup(client.get(ADVERT, form_data(str(page), "advert-form")))
    assert criteria(again) == criteria(page)


@pytest.mark.django_db
def test_summary_duty_lines_can_be_left_out(client):
    page = soup(client.get(f"/roles/{KNOWLEDGE}/advert/", {"d1": "x"}))
    duties = [li.get_text() for li in page.find("h4", string="Main duties of the job").find_next("ul")("li")]
    summary = Role.objects.get(slug=KNOWLEDGE).summary.splitlines()
    assert duties == [summary[1]] + summary[3:]


# Agenda for Change band -----------------------------------------------------------------------


@pytest.mark.django_db
def test_band_is_chosen_from_the_agenda_for_change_list(client):
    page = soup(client.get(ADVERT))
    options = [(o["value"], o.get_text()) for o in page.select("select[name=band] option")]
    assert options == [("", "Not stated")] + [
        (band, f"Band {band}") for band in ("2", "3", "4", "5", "6", "7", "8a", "8b", "8c", "8d", "9")
    ]
    assert page.select_one("select[name=band] option[selected]")["value"] == ""  # no band unless set
    for typed in ("8A", "Band 8a", " band 8a "):
        response = client.get(ADVERT, {"band": typed, "format": "txt"})
        assert "Pay scheme and band: Agenda for Change, band 8a" in response.content.decode()


@pytest.mark.django_db
def test_a_roles_indicative_band_shows_on_its_profile_and_is_the_adverts_default(client):
    assert "Agenda for Change band" not in client.get(f"/roles/{DATA_ETHICS}/").content.decode()
    Role.objects.filter(slug=DATA_ETHICS).update(indicative_band=AgendaForChangeBand.BAND_8A)
    profile = soup(client.get(f"/roles/{DATA_ETHICS}/"))
    row = profile.find("dt", string="Agenda for Change band").find_next("dd")
    assert row.get_text() == "Band 8a (indicative)"
    page = soup(client.get(ADVERT))
    assert page.select_one("select[name=band] option[selected]")["value"] == "8a"
    assert "band 8a" in page.select_one(".app-advert-preview dl").get_text()
    assert "band=" not in page.find("a", string="Download the advert as Plain text (.txt)")["href"]
    # Choosing "not stated" overrides the role's band, and the links say so.
    page = soup(client.get(ADVERT, {"band": ""}))
    assert page.select_one(".app-advert-preview dl") is None
    assert "band=&" in page.find("a", string="Download the advert as Plain text (.txt)")["href"]


@pytest.mark.django_db(transaction=True)
def test_an_editor_sets_the_indicative_band_in_the_admin(client):
    call_command("setup_groups", verbosity=0)  # a transactional test may run after a flush
    from roleprofiles.governance import EDITOR_GROUP

    role = make_role("Band test role")
    add_requirement(role, make_skill("Band test skill"), level=make_level(3))
    client.force_login(make_user("band-editor", group=EDITOR_GROUP))
    url = reverse("admin:roleprofiles_role_change", args=[role.pk])
    data = form_data(client.get(url).content)
    assert data["indicative_band"] == ""
    data["indicative_band"] = "7"
    response = client.post(url, data)
    assert response.status_code == 302, response.content.decode()[:2000]
    role.refresh_from_db()
    assert role.indicative_band == "7"
    assert role.history.first().indicative_band == "7"
    data = form_data(client.get(url).content)
    data["indicative_band"] = "1"
    assert client.post(url, data).status_code == 200  # band 1 is not a choice: the form says so
    role.refresh_from_db()
    assert role.indicative_band == "7"


# Downloads ------------------------------------------------------------------------------------


@pytest.mark.django_db
def test_docx_is_a4_with_its_properties_headings_and_a_table_per_category(client):
    fedip = requirement(DATA_ETHICS, "FEDIP Leading Practitioner")
    params = {"format": "docx", "employer": "NHS England", f"r{fedip.pk}": "d", "about": "Who we are."}
    response = client.get(ADVERT, params)
    assert response.status_code == 200
    assert 'filename="data-ethics-lead-job-advert.docx"' in response["Content-Disposition"]
    document = docx_of(response)
    assert_a4_with_2cm_margins(document)
    properties = document.core_properties
    assert properties.title == "Job advert: Data ethics lead"
    assert properties.author == "NHS England" and properties.last_modified_by == "NHS England"
    assert "python-docx" not in f"{properties.author}{properties.comments}{properties.last_modified_by}"
    assert properties.created.year >= 2025 and properties.language == "en-GB"
    assert docx_headings(document) == [
        ("Heading 1", "Data ethics lead"),
        ("Heading 2", "Job summary"),
        ("Heading 2", "Main duties of the job"),
        ("Heading 2", "About us"),
        ("Heading 2", "Person specification"),
        ("Heading 3", "Qualifications"),
        ("Heading 3", "Experience"),
        ("Heading 3", "Skills and knowledge"),
        ("Heading 3", "Behaviours and values"),
    ]
    texts = [p.text for p in document.paragraphs]
    assert "Employer: NHS England" in texts and "Who we are." in texts
    bullets = [p.text for p in document.paragraphs if p.style.name == "List Bullet"]
    assert bullets[0] == "Governance: Defines governance processes to ensure compliance with ethical standards."

    page = soup(client.get(ADVERT, {**params, "format": ""}))
    assert docx_spec(document) == spec_tables(page)  # one table per category, one row per criterion, as shown
    assert docx_spec(document)["Qualifications"] == [
        ("FEDIP Leading Practitioner (The Federation for Informatics Professionals)", "Desirable")
    ]
    # The header row repeats on each page; no row breaks across a page.
    table = document.tables[0]
    assert table.rows[0]._tr.trPr.xpath("./w:tblHeader")
    assert all(row._tr.trPr.xpath("./w:cantSplit") for row in table.rows[1:])


@pytest.mark.django_db
def test_an_advert_without_an_employer_has_no_author(client):
    properties = docx_of(client.get(ADVERT, {"format": "docx"})).core_properties
    assert properties.author == "" and properties.comments == ""


@pytest.mark.django_db
@pytest.mark.parametrize("slug", [DATA_ETHICS, KNOWLEDGE, DDAT_LEVEL])
def test_txt_and_md_carry_the_same_content_as_the_docx(client, slug):
    url = f"/roles/{slug}/advert/"
    params = {"employer": "NHS England", "band": "7", "about": "About the trust."}
    document = docx_of(client.get(url, {**params, "format": "docx"}))
    spec = docx_spec(document)
    sections = [text for style, text in docx_headings(document) if style == "Heading 2"]
    body = [p.text for p in document.paragraphs if p.text and not p.style.name.startswith("Heading")]

    txt = client.get(url, {**params, "format": "txt"})
    assert txt["Content-Type"] == "text/plain; charset=utf-8"
    assert f'filename="{slug}-job-advert.txt"' in txt["Content-Disposition"]
    text = txt.content.decode()
    lines = text.splitlines()
    assert [line for line in lines if line in NHS_JOBS_ORDER] == sections
    for paragraph in body:
        assert paragraph in lines or f"• {paragraph}" in lines, paragraph
    for category, rows in spec.items():
        block = text.split(f"\n{category}\n", 1)[1].split("\n\n", 1)[0].splitlines()
        for mark in ("Essential", "Desirable"):
            chosen = [criterion for criterion, label in rows if label == mark]
            if chosen:  # one criterion per line under its list, as NHS Jobs takes them
                start = block.index(f"{mark} criteria:") + 1
                assert block[start : start + len(chosen)] == chosen

    md = client.get(url, {**params, "format": "md"})
    assert md["Content-Type"] == "text/markdown; charset=utf-8"
    markdown = md.content.decode()
    assert [line[3:] for line in markdown.splitlines() if line.startswith("## ")] == sections
    for category, rows in spec.items():
        table = markdown.split(f"\n### {category}\n", 1)[1].strip().split("\n\n", 1)[0].splitlines()
        assert table[:2] == ["| Criterion | Essential or desirable |", "| --- | --- |"]
        assert table[2:] == [f"| {md_escape(criterion)} | {label} |" for criterion, label in rows]


@pytest.mark.django_db
def test_database_text_is_escaped_for_each_format(client):
    role = make_role("*Lead* of [data](http://evil.example) <b>", summary='=HYPERLINK("http://evil")')
    add_requirement(role, make_skill("_Data_ `code`"), section=Section.WORK_ACTIVITY, descriptor="# not a heading")
    add_requirement(role, make_skill("Vertical\x0btab"), level=make_level(3), descriptor="control\x0b character")
    url = f"/roles/{role.slug}/advert/"

    markdown = client.get(url, {"format": "md"}).content.decode()
    assert markdown.startswith(r"# \*Lead\* of \[data\](http://evil.example) \<b\>")
    assert '\n\\=HYPERLINK("http://evil")\n' in markdown
    assert r"- \_Data\_ \`code\`: \# not a heading" in markdown

    text = client.get(url, {"format": "txt"}).content.decode()
    assert '\n\'=HYPERLINK("http://evil")\n' in text

    document = docx_of(client.get(url, {"format": "docx"}))  # control characters cannot go into Word XML
    assert document.paragraphs[0].text == "*Lead* of [data](http://evil.example) <b>"
    assert docx_spec(document)["Skills and knowledge"] == [("Vertical tab: control character", "Essential")]

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
        ({"band": "1"}, "Agenda for Change band: Band 1 is closed to new entrants: choose a band from 2 to 9."),
        ({"band": "8e"}, "Agenda for Change band: Choose a band from the list: 2 to 7, 8a to 8d or 9."),
        ({"band": "8b\x00"}, "Agenda for Change band: Null characters are not allowed."),
        ({"about": "z" * 3001}, "About us: Ensure this value has at most 3000 characters (it has 3001)."),
        ({"bulk": "knowledge:some"}, "That select all or none button is not one this page offers."),
        ({"bulk": "nothing:all"}, "That select all or none button is not one this page offers."),
        ({"d1": "d"}, "must be include (e) or leave out (x)."),
    ],
)
def test_bad_parameters_give_a_400_page_that_says_what_is_wrong(client, params, message):
    url = ADVERT if "d1" not in params else f"/roles/{KNOWLEDGE}/advert/"
    response = client.get(url, params)
    assert response.status_code == 400
    assert response["Content-Type"].startswith("text/html")
    page = soup(response)
    assert message in page.select_one(".nhsuk-error-summary").get_text()
    assert page.select_one(".app-advert-preview"), "the page still shows a draft and the form"


@pytest.mark.django_db
def test_a_choice_other_than_its_options_is_a_400(client):
    big_data = requirement(DATA_ETHICS, "Big Data")
    response = client.get(ADVERT, {f"r{big_data.pk}": "maybe", "format": "docx"})
    assert response.status_code == 400
    assert "“Big Data” must be essential (e), desirable (d) or leave out (x)." in response.content.decode()


@pytest.mark.django_db
def test_requirement_ids_of_other_roles_or_none_are_ignored(client):
    other = Requirement.objects.filter(role__slug=KNOWLEDGE).first()
    response = client.get(ADVERT, {f"r{other.pk}": "x", "r999999999": "x", "rabc": "x", "d7": "x", "format": "txt"})
    assert response.status_code == 200
    assert response.content.decode() == client.get(ADVERT, {"format": "txt"}).content.decode()


@pytest.mark.django_db
def test_advert_is_only_for_published_roles(client):
    draft = make_role("Draft role", status=Role.Status.DRAFT)
    assert client.get(f"/roles/{draft.slug}/advert/").status_code == 404
    assert client.get("/roles/no-such-role/advert/?format=docx").status_code == 404


@pytest.mark.django_db
@pytest.mark.parametrize("fmt", ["", "docx"])
@pytest.mark.parametrize(("slug", "queries"), [(DATA_ETHICS, ADVERT_QUERIES), (DDAT_LEVEL, ADVERT_QUERIES + 1)])
def test_advert_query_count_does_not_grow_with_the_data(client, django_assert_num_queries, fmt, slug, queries):
    # One more for a role with DDaT content: the release date its licence notice names.
    url = f"/roles/{slug}/advert/"
    with django_assert_num_queries(queries):
        assert client.get(url, {"format": fmt}).status_code == 200
    make_many_roles(50)
    with django_assert_num_queries(queries):
        assert client.get(url, {"format": fmt, "bulk": "knowledge:all", "show": "selected"}).status_code == 200


def test_categories_are_in_nhs_jobs_order():
    assert list(CATEGORIES.values())[:3] == ["Qualifications", "Experience", "Skills and knowledge"]
