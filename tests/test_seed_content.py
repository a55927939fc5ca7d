"""Completeness of the seed content: every entry of every source, on exact text.

The expected values come from the source files themselves, read line by line here with
a deliberately simple reading (independent of the importer), plus literal checks of the
entries whose quirks the importer must survive.
"""

from __future__ import annotations

import re

import pytest

from frameworks.models import Framework, ProfessionalBody, Skill, SourceDocument
from roleprofiles.models import Requirement, Role
from tests.conftest import DATA_ETHICS, KNOWLEDGE_LIBRARY, SOURCES

pytestmark = pytest.mark.django_db

DATA_ETHICS_COUNTS = {
    "Work Activity Components": 2,
    "Technical Skills": 4,
    "Other Skills": 2,
    "Training": 3,
    "Professional Development Activity (PDA)": 8,
    "Qualification Components": 1,
    "Behaviours": 26,
    "Leadership": 26,
    "Data Skills": 43,
    "Project Skills": 17,
}
KNOWLEDGE_LIBRARY_COUNTS = {
    "Behavioural Skills": 28,
    "Professional Development Activity (PDA)": 17,
    "Qualification Components": 3,
    "GKIM Skills Framework Skills": 2,
    "Government Digital and Data Profession Capability Framework Skills": 1,
    "Knowledge, Library and Information Management Framework": 41,
}


def requirements(slug: str):
    return list(
        Requirement.objects.filter(role__slug=slug)
        .select_related("skill", "level", "depth", "skill__framework")
        .order_by("position")
    )


def cells(line: str) -> list[str]:
    return [cell.strip() for cell in line.strip().strip("|").split("|")]


@pytest.mark.parametrize(
    ("slug", "expected"),
    [("data-ethics-lead", DATA_ETHICS_COUNTS), ("head-of-knowledge-and-library-services", KNOWLEDGE_LIBRARY_COUNTS)],
)
def test_every_section_has_every_entry(slug, expected):
    found: dict[str, int] = {}
    for requirement in requirements(slug):
        found[requirement.heading] = found.get(requirement.heading, 0) + 1
    assert found == expected


def test_data_ethics_additional_framework_body_and_closing_statement(source_text):
    role = Role.objects.get(slug="data-ethics-lead")
    assert [f.name for f in role.additional_frameworks.all()] == [
        "National Competency Framework for Data Professionals in Health and Care"
    ]
    assert role.professional_body.abbreviation == "AphA"
    assert role.source_note == (
        "The Professional Body Responsible for this job family is AphA. This job role profile was created in "
        "collaboration with BCS, using Role Model Plus."
    )
    summary = source_text(DATA_ETHICS).split("\n")[1]
    assert role.summary == summary
    assert role.level.label == "Level 6"


def test_knowledge_library_summary_keeps_all_six_paragraphs(source_text):
    role = Role.objects.get(slug="head-of-knowledge-and-library-services")
    lines = source_text(KNOWLEDGE_LIBRARY).split("\n")
    assert role.summary == "\n".join(lines[1:7])
    assert role.professional_body.abbreviation == "CILIP"
    assert role.level is None


@pytest.mark.parametrize("filename", [DATA_ETHICS, KNOWLEDGE_LIBRARY])
def test_every_table_row_is_stored_field_by_field(filename, source_text):
    """Each row of a Title table: the title cell is exactly title + code + level as stored;
    Details, Depth, PDA Group and Awarding Bodies match their cells exactly."""
    role = Role.objects.get(source_document__filename=filename)
    stored = {r.source_line: r for r in requirements(role.slug) if r.section != "framework"}
    lines = source_text(filename).split("\n")
    header: list[str] | None = None
    checked = 0
    for number, line in enumerate(lines, start=1):
        if "|" not in line:
            header = None
            continue
        row = cells(line)
        if row[0] in {"Title", "Skill"}:
            header = row if row[0] == "Title" else None
            continue
        if header is None or set(line.strip()) <= set("|-"):
            continue
        values = dict(zip(header, row, strict=True))
        requirement = stored[number]
        title_cell = values["Title"]
        rebuilt = title_cell
        for part in (requirement.skill.title, requirement.code, requirement.level_label):
            assert part in rebuilt, f"line {number}: {part!r} not in {title_cell!r}"
            rebuilt = rebuilt.replace(part, "", 1)
        assert set(rebuilt) <= set("() "), f"line {number}: {title_cell!r} left {rebuilt!r}"
        assert requirement.source_text == line
        if "Details" in values:
            assert requirement.descriptor == values["Details"]
        if "Depth" in values:
            assert requirement.depth.label == values["Depth"]
        if "PDA Group" in values:
            assert requirement.skill.group == values["PDA Group"]
        if "Awarding Bodies" in values:
            assert requirement.skill.awarding_body == values["Awarding Bodies"]
        checked += 1
    assert checked == len(stored)


def test_every_framework_skill_is_stored_field_by_field(source_text):
    lines = source_text(KNOWLEDGE_LIBRARY).split("\n")
    framework_rows = [r for r in requirements("head-of-knowledge-and-library-services") if r.section == "framework"]
    assert len(framework_rows) == 44
    for requirement in framework_rows:
        name_line = lines[requirement.source_line - 1].strip().rstrip("|").strip()
        level_line = lines[requirement.source_line].strip().rstrip("|").strip()
        assert requirement.source_text == f"{lines[requirement.source_line - 1]}\n{lines[requirement.source_line]}"
        skill = requirement.skill
        assert skill.title in name_line and skill.title in level_line
        assert requirement.level_label in level_line
        assert level_line.endswith(requirement.descriptor)
        assert name_line.endswith(skill.description)
        assert requirement.code in name_line


@pytest.mark.parametrize(
    ("section", "title", "code", "level_label", "descriptor_start"),
    [
        ("work_activity", "Governance", "AIDE", "Level 6", "Defines governance processes to ensure compliance"),
        ("behaviour", "Delivering outcomes", "B1.1", "Level 5", "You are able to work on, and lead, diverse teams"),
        ("behaviour", "Open environment", "B2.5", "Level Four", "You are an ally for underrepresented"),
        ("leadership", "Empathy and understanding", "LM1.1", "Level Five", "You act with care, empathy"),
        ("leadership", "Succession planning", "", "Level Three", "You are able to readily identify"),
        ("data", "Research", "", "Level Five", "You can turn research data into clear findings"),
        ("data", "Information Governance (Data)", "", "Level Three", "You know when data can be accessed"),
        ("data", "Stakeholder management (Data Ethics)", "", "Level Five", "You can manage stakeholder expectations"),
        ("project", "Business cases", "WP1.1", "Level Five", "You promote accountability"),
        ("project", "Evaluation", "WP5.3", "Level Three", "You ensure appropriate solutions are evaluated"),
        ("project", "Scheduling", "", "Level Two", "You schedule project work appropriately"),
    ],
)
def test_data_ethics_quirky_entries(section, title, code, level_label, descriptor_start):
    requirement = Requirement.objects.get(role__slug="data-ethics-lead", section=section, skill__title=title)
    assert requirement.code == code
    assert requirement.level_label == level_label
    assert requirement.descriptor.startswith(descriptor_start)


def test_technical_skills_keep_depth_and_description():
    rows = [
        (r.skill.title, r.depth.label) for r in requirements("data-ethics-lead") if r.section in {"technical", "other"}
    ]
    assert rows == [
        ("Big Data", "Proficient in"),
        ("Business Environment", "Proficient in"),
        ("IT Environment", "Proficient in"),
        ("Machine Learning Tools and Techniques", "Familiar with"),
        ("Artificial Intelligence Concepts", "Expert in"),
        ("Threat Landscape", "Proficient in"),
    ]
    assert Skill.objects.get(title="Big Data").description.startswith("The discipline associated with data sets")


def test_pdas_keep_their_groups_and_qualifications_their_awarding_bodies():
    pdas = [(r.skill.title, r.skill.group) for r in requirements("data-ethics-lead") if r.section == "pda"]
    assert pdas[0] == ("Negotiating and Influencing", "Developing Professional Skills")
    assert pdas[-1] == ("Project Assignments", "Broadening Activities")
    quals = [
        (r.skill.title, r.skill.awarding_body)
        for r in requirements("head-of-knowledge-and-library-services")
        if r.section == "qualification"
    ]
    assert quals == [
        (
            "CILIP Chartered Member (MCLIP) or Fellow (FCLIP)",
            "Chartered Institute of Library and Information Professionals",
        ),
        (
            "Graduate or Post-Graduate level qualification in Library and Information Studies (or equivalent)",
            "Higher Education",
        ),
        ("FEDIP Advanced Practitioner", "The Federation for Informatics Professionals"),
    ]
    cilip = ProfessionalBody.objects.get(abbreviation="CILIP")
    assert list(cilip.qualifications.values_list("title", flat=True)) == [
        "CILIP Chartered Member (MCLIP) or Fellow (FCLIP)"
    ]


@pytest.mark.parametrize(
    ("code", "title", "label", "descriptor_start", "description_start"),
    [
        ("OR10", "Risk management", "Practitioner", "1.Lead on developing a risk treatment plan", "Understanding and"),
        ("IT05", "Information security", "Practitioner", "1.Lead on ensuring colleagues", "Developing a good"),
        ("", "Problem management", "Practitioner", "You can:", "Problem management involves"),
        ("1.1", "Collection management", "Level 4 - Enable", "I can ensure there is a collection", ""),
        ("2.10", "Data stewardship", "Level 4 - Enable", "I can contribute to organisational policies", ""),
        ("3.3", "Information retrieval", "Level 5 - Ensure, Advise", "I can assess evidence based", ""),
        ("12.12", "Change management", "Level 4 - Enable", "I can encourage stakeholders", ""),
        ("13.3", "Library, information and knowledge technologies", "Level 3 - Apply", "I can use advanced", ""),
    ],
)
def test_framework_entries_split_into_title_level_and_descriptor(
    code, title, label, descriptor_start, description_start
):
    requirement = Requirement.objects.get(role__slug="head-of-knowledge-and-library-services", skill__title=title)
    assert requirement.code == code
    assert requirement.skill.code == code
    assert requirement.level_label == label
    assert requirement.descriptor.startswith(descriptor_start)
    assert requirement.skill.description.startswith(description_start)


@pytest.mark.parametrize("filename", sorted(p.name for p in SOURCES.glob("*.txt")))
def test_every_source_document_is_kept_verbatim(filename, source_text):
    document = SourceDocument.objects.get(filename=filename)
    assert document.text == source_text(filename)


def test_dhlp_framework_has_two_dimensions_and_ten_skill_areas(source_text):
    text = source_text("002_62164e6fde540ff8.txt")
    framework = Framework.objects.get(abbreviation="DHLP")
    dimensions = list(framework.dimensions.all())
    assert [d.name for d in dimensions] == ["Competency based dimension", "Person-centred dimension"]
    areas = [(s.dimension.name, s.title) for s in framework.skills.select_related("dimension").order_by("position")]
    assert [title for _, title in areas] == [
        "Strategic vision",
        "Learning dissemination",
        "Innovation and change management",
        "Outcomes orientated",
        "Communication and influence",
        "Culture development",
        "Team development",
        "Growth mindset",
        "Integrity",
        "Insightfulness",
    ]
    assert [dimension for dimension, _ in areas].count("Person-centred dimension") == 5
    for skill in framework.skills.all():
        assert skill.description in text
        assert re.search(re.escape(skill.title) + r"\s-\s" + re.escape(skill.description[:40]), text)
    for dimension in dimensions:
        assert dimension.description in text
    assert "skills self-report questionnaire" in framework.description
    document = framework.source_document
    assert (str(document.page_last_reviewed), str(document.next_review_due)) == ("2023-04-03", "2024-04-03")


def test_professional_body_names_are_written_in_the_sources(source_text):
    all_text = "\n".join(source_text(p.name) for p in SOURCES.glob("*.txt"))
    for body in ProfessionalBody.objects.all():
        assert body.name in all_text, body.name
        assert body.slug == body.abbreviation.lower()
