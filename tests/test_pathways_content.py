"""The report (004) and project (001) content: every stored quote is verbatim in its
source, nothing is linked that the text does not link, and the counts are the source's."""

from __future__ import annotations

import re

import pytest

from frameworks.models import ProfessionalBody, SourceDocument
from pathways import content
from pathways.loaders import parse_references
from pathways.models import (
    Archetype,
    BodyMention,
    CycleStage,
    Excerpt,
    KeyFigure,
    NamedRole,
    ProjectParagraph,
    Reference,
    TrainingProgramme,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def report(source_text):
    return source_text(content.REPORT).replace("\xa0", " ")


@pytest.fixture
def project(source_text):
    return source_text(content.PROJECT).replace("\xa0", " ")


def paragraph_of(text: str, quote: str) -> str:
    return next(line for line in text.split("\n") if quote in line)


def test_every_curated_quote_is_verbatim_in_the_report(report):
    for key, (heading, quote, reference) in content.EXCERPTS.items():
        assert quote in report, key
        if heading:
            assert heading in report, key
        if reference is not None:
            # The reference number is cited in the same paragraph as the quote.
            assert re.search(rf"(?<!\d){reference}(?!\d)", paragraph_of(report, quote)), key


def test_typos_are_kept(report):
    quotes = " ".join(quote for _, quote, _ in content.EXCERPTS.values())
    headings = " ".join(heading for heading, _, _ in content.EXCERPTS.values())
    assert "Faculty of Clinical Infoematics (FIC)" in quotes
    assert "Collaboratice training with academia and industry" in headings
    assert Excerpt.objects.filter(text__contains="Infoematics").exists()


def test_stored_excerpts_are_the_curated_ones_and_verbatim(report):
    document = SourceDocument.objects.get(filename=content.REPORT)
    assert Excerpt.objects.count() == len(content.EXCERPTS)
    for excerpt in Excerpt.objects.all():
        assert excerpt.document == document
        assert excerpt.text in report
        assert excerpt.position == report.find(excerpt.text)


def test_names_and_programme_fields_are_verbatim_where_stated(report):
    for named in NamedRole.objects.prefetch_related("excerpts"):
        assert any(named.name.lower() in e.text.lower() for e in named.excerpts.all()), named.name
    for programme in TrainingProgramme.objects.all():
        for value in (
            programme.name,
            programme.provider,
            programme.length,
            programme.time_commitment,
            programme.level,
            programme.leads_to,
        ):
            assert not value or value in report, (programme.name, value)
    for mention in BodyMention.objects.select_related("excerpt"):
        assert mention.name_as_written in mention.excerpt.text


def test_the_report_counts():
    assert list(Archetype.objects.values_list("name", flat=True)) == ["Creator", "Embedder"]
    assert NamedRole.objects.count() == 18
    assert TrainingProgramme.objects.count() == 10
    assert NamedRole.objects.filter(role__isnull=False).count() == 0  # no profile exists for any of them yet
    names = set(NamedRole.objects.values_list("name", flat=True))
    for expected in [
        "Chief Clinical Information Officers (CCIO)",
        "Chief Nursing Information Officers (CNIO)",
        "Chief Data Officers",
        "Chief Analytical Officers",
        "Chief Knowledge Officers",
        "clinical bioinformaticians",
        "clinical informaticians",
        "clinical scientists",
        "data scientists",
        "data analysts",
        "data engineers",
        "AI engineers",
        "Clinical Informatics Lead",
    ]:
        assert expected in names


def test_each_archetype_has_every_sentence_that_mentions_it(report):
    sentences = re.split(r"(?<=[.’])\d*\s+|\n+", report)
    for archetype in Archetype.objects.prefetch_related("excerpts"):
        stored = " ".join(e.text for e in archetype.excerpts.all())
        mentioning = [s for s in sentences if archetype.name in s and "Figure" not in s]
        for sentence in mentioning:
            assert sentence.strip() in stored, (archetype.name, sentence)


def test_programmes_as_the_report_states_them():
    stp = TrainingProgramme.objects.get(name="Scientist Training Programme (STP)")
    assert (stp.length, stp.level) == ("3-year", "university accredited master's degree")
    assert set(stp.archetypes.values_list("name", flat=True)) == {"Creator", "Embedder"}
    hsst = TrainingProgramme.objects.get(name="Higher Specialist Scientist Training (HSST)")
    assert (hsst.length, hsst.level) == ("5-year", "Doctoral level academic award")
    assert list(hsst.named_roles.values_list("name", flat=True)) == ["consultant clinical scientists"]
    dhlp = TrainingProgramme.objects.get(name="Digital Health Leadership Programme")
    assert dhlp.length == "12-month"
    assert dhlp.provider == "Imperial College London along with The University of Edinburgh and Health Data Research UK"
    assert dhlp.framework.abbreviation == "DHLP"
    fellowships = TrainingProgramme.objects.get(name="fellowships in clinical AI")
    assert fellowships.length == "year-long" and fellowships.time_commitment.startswith("2 days a week")
    fpt = TrainingProgramme.objects.get(name="Flexible portfolio training (FPT)")
    assert fpt.provider == "HEE and the Royal College of Physicians"
    assert fpt.time_commitment.startswith("one day a week")
    cds = TrainingProgramme.objects.get(name="Clinical Data Science")
    assert (cds.provider, cds.length, cds.level) == ("the University of Manchester", "", "postgraduate certificate")
    drep = TrainingProgramme.objects.get(name="Digital Readiness Education Programme")
    assert (drep.provider, drep.length, drep.level) == ("", "", "")  # the report states none of them
    equivalence = TrainingProgramme.objects.get(name="equivalence route")
    assert list(equivalence.named_roles.values_list("name", flat=True)) == ["clinical informaticians"]


def test_the_cycle_of_figure_6_in_order(report):
    stages = list(CycleStage.objects.all())
    assert [s.text for s in stages] == [
        "Produce educational/training content",
        "Educate/train individuals to professional standards",
        "Offer professional accreditation",
        "Enhance: Create new roles and career pathways",
        "Ongoing and dynamic evaluation and improvement",
    ]
    assert [s.is_centre for s in stages] == [False, False, False, False, True]
    for stage in stages:
        assert f"‘{stage.text}’" in report
    assert [s.placement for s in stages[:4]] == ["upper right", "bottom right", "bottom left", "top left"]


def test_figures_and_their_references():
    figures = {f.value: f for f in KeyFigure.objects.select_related("excerpt", "excerpt__reference")}
    assert figures["11,953"].excerpt.reference_number == 7
    assert figures["11,953"].excerpt.reference.url.startswith("https://www.hee.nhs.uk/")
    assert figures["6, 7 and 4"].excerpt.reference_number == 22
    salary = figures["more than twice the salary"].excerpt
    assert salary.reference_number == 4 and salary.reference is None  # cited, but not in the reference list
    for figure in figures.values():
        for number in re.findall(r"\d+(?:,\d{3})*", figure.value):
            assert number in figure.excerpt.text


def test_reference_list_parsed_from_the_report(source_text):
    parsed = parse_references(source_text(content.REPORT))
    assert [n for n, _, _ in parsed] == [7, 11, 21, 22, 23, 24, 25, 8, 26, 27, 28, 29, 42, 30, 31, 32, 44, 45]
    assert Reference.objects.count() == 18
    assert not Reference.objects.filter(number=4).exists()
    seven = Reference.objects.get(number=7)
    assert (
        seven.url == "https://www.hee.nhs.uk/our-work/building-our-future-digital-workforce/data-driven-healthcare-2030"
    )
    assert seven.text.startswith("7 Health Education England. Data Driven Healthcare in 2030")


def test_professional_bodies_are_described_in_the_reports_words():
    for abbreviation in ["FCI", "BCS", "CHIME", "FEDIP", "AphA", "AHCS"]:
        body = ProfessionalBody.objects.get(abbreviation=abbreviation)
        mentions = body.report_mentions.select_related("excerpt")
        assert mentions.exists(), abbreviation
        for mention in mentions:
            assert f"“{mention.excerpt.text}”" in body.description
    assert not ProfessionalBody.objects.get(abbreviation="CILIP").report_mentions.exists()


def test_project_content(project):
    paragraphs = list(ProjectParagraph.objects.all())
    assert len([p for p in paragraphs if p.part == "vision_point"]) == 5
    assert len([p for p in paragraphs if p.part == "purpose"]) == 2
    assert len([p for p in paragraphs if p.part == "background"]) == 3
    for paragraph in paragraphs:
        assert paragraph.text in project
        assert "quote HEE facebook" not in paragraph.text and paragraph.text != "You are here"
    # The verbatim source document still keeps the page chrome.
    assert SourceDocument.objects.get(filename=content.PROJECT).text.startswith("quote HEE facebook")
