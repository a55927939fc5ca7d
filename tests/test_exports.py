"""/roles/<slug>/export.json and export.csv: the whole profile as data, parsed back and checked against the database."""

from __future__ import annotations

import csv
import io
import json

import pytest

from roleprofiles.exports import neutralise_cell
from roleprofiles.models import Requirement, Role
from tests.factories import add_requirement, make_many_roles, make_role, make_skill

DATA_ETHICS = "data-ethics-lead"
KNOWLEDGE = "head-of-knowledge-and-library-services"
EXPORT_QUERIES = 3  # the role, its requirements (join-loaded), its additional frameworks


@pytest.mark.parametrize(
    ("value", "cell"),
    [
        ("=SUM(A1:A2)", "'=SUM(A1:A2)"),
        ("+44 113", "'+44 113"),
        ("-1", "'-1"),
        ("@import", "'@import"),
        ("\tTab", "'\tTab"),
        ("\rReturn", "'\rReturn"),
        ("Level 5 = high", "Level 5 = high"),
        ("", ""),
        (None, ""),
        (12, "12"),
    ],
)
def test_neutralise_cell(value, cell):
    assert neutralise_cell(value) == cell


def requirements_in_order(slug):
    return list(
        Requirement.objects.filter(role__slug=slug)
        .select_related("skill", "skill__framework", "level__scale", "depth__scale")
        .order_by("position")
    )


@pytest.mark.django_db
@pytest.mark.parametrize("slug", [DATA_ETHICS, KNOWLEDGE])
def test_json_export_is_the_whole_profile(client, slug):
    response = client.get(f"/roles/{slug}/export.json")
    assert response.status_code == 200
    assert response["Content-Type"] == "application/json"
    data = json.loads(response.content)
    role = Role.objects.select_related("family", "professional_body", "level__scale", "source_document").get(slug=slug)

    assert data["title"] == role.title and data["slug"] == slug and data["summary"] == role.summary
    assert data["status"] == "published" and data["version"] == role.version
    assert data["family"] == {"name": role.family.name, "slug": role.family.slug}
    assert data["professional_body"]["abbreviation"] == role.professional_body.abbreviation
    assert data["source_document"]["filename"] == role.source_document.filename
    assert data["source_note"] == role.source_note
    assert data["last_reviewed"] == (role.last_reviewed.isoformat() if role.last_reviewed else None)
    assert data["next_review_due"] == (role.next_review_due.isoformat() if role.next_review_due else None)
    assert [f["slug"] for f in data["additional_frameworks"]] == [f.slug for f in role.additional_frameworks.all()]
    if role.level:
        assert data["level"]["rank"] == role.level.rank and data["level"]["scale"] == role.level.scale.name

    exported = {r["id"]: r for section in data["sections"] for r in section["requirements"]}
    expected = requirements_in_order(slug)
    assert len(exported) == len(expected) == role.requirements.count()
    for requirement in expected:
        got = exported[requirement.pk]
        assert got["section"] == requirement.section
        assert got["heading"] == requirement.heading
        assert got["position"] == requirement.position
        assert got["code"] == requirement.code
        assert got["descriptor"] == requirement.descriptor
        assert got["level_label"] == requirement.level_label
        assert got["skill"]["title"] == requirement.skill.title
        assert got["skill"]["description"] == requirement.skill.description
        assert got["skill"]["group"] == requirement.skill.group
        assert got["skill"]["awarding_body"] == requirement.skill.awarding_body
        for field in ("level", "depth"):
            level = getattr(requirement, field)
            if level is None:
                assert got[field] is None
            else:
                assert (got[field]["label"], got[field]["rank"], got[field]["scale"]) == (
                    level.label,
                    level.rank,
                    level.scale.name,
                )


@pytest.mark.django_db
def test_json_export_has_groups_awarding_bodies_and_framework_levels(client):
    data = json.loads(client.get(f"/roles/{KNOWLEDGE}/export.json").content)
    entries = {(r["section"], r["skill"]["title"]): r for s in data["sections"] for r in s["requirements"]}
    assert entries[("pda", "Mentoring")]["skill"]["group"] == "Broadening Activities"
    assert entries[("qualification", "FEDIP Advanced Practitioner")]["skill"]["awarding_body"]
    risk = entries[("framework", "Risk management")]
    assert risk["code"] == "OR10"
    assert risk["level"]["label"] == "Practitioner" and risk["level"]["scale_max_rank"] == 4
    assert risk["skill"]["framework"]["name"].startswith("GKIM")
    headings = [s["heading"] for s in data["sections"]]
    assert headings[0] == "Behavioural Skills" and headings[-1] == "Professional Development Activity (PDA)"


@pytest.mark.django_db
@pytest.mark.parametrize("slug", [DATA_ETHICS, KNOWLEDGE])
def test_csv_export_has_one_row_per_requirement(client, slug):
    response = client.get(f"/roles/{slug}/export.csv")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/csv")
    assert f'filename="{slug}.csv"' in response["Content-Disposition"]
    header, *rows = csv.reader(io.StringIO(response.content.decode("utf-8-sig")))
    assert header == [
        "Section",
        "Heading",
        "Position",
        "Code",
        "Skill",
        "Level",
        "Level rank",
        "Scale",
        "Depth",
        "Descriptor",
        "PDA group",
        "Awarding body",
        "Framework",
        "Source and licence",
    ]
    expected = requirements_in_order(slug)
    assert len(rows) == len(expected)
    for row, requirement in zip(rows, expected, strict=True):
        record = dict(zip(header, row, strict=True))
        assert record["Section"] == requirement.get_section_display()
        assert record["Heading"] == requirement.heading
        assert int(record["Position"]) == requirement.position
        assert record["Code"] == requirement.code
        assert record["Skill"] == requirement.skill.title
        assert record["Descriptor"] == neutralise_cell(requirement.descriptor)
        assert record["PDA group"] == requirement.skill.group
        assert record["Awarding body"] == requirement.skill.awarding_body
        if requirement.level:
            assert record["Level"] == requirement.level_label
            assert int(record["Level rank"]) == requirement.level.rank
            assert record["Scale"] == requirement.level.scale.name
        if requirement.depth:
            assert record["Depth"] == requirement.depth.label
            assert record["Scale"] == requirement.depth.scale.name


@pytest.mark.django_db
def test_csv_export_neutralises_formulas_but_json_keeps_the_text(client):
    role = make_role("Formula test")
    add_requirement(role, make_skill("=1+1"), descriptor='=HYPERLINK("http://example.com","x")', code="-A1")
    rows = list(csv.reader(io.StringIO(client.get(f"/roles/{role.slug}/export.csv").content.decode("utf-8-sig"))))
    record = dict(zip(rows[0], rows[1], strict=True))
    assert record["Skill"] == "'=1+1"
    assert record["Descriptor"] == '\'=HYPERLINK("http://example.com","x")'
    assert record["Code"] == "'-A1"
    data = json.loads(client.get(f"/roles/{role.slug}/export.json").content)
    assert data["sections"][0]["requirements"][0]["descriptor"] == '=HYPERLINK("http://example.com","x")'


@pytest.mark.django_db
@pytest.mark.parametrize("suffix", ["export.json", "export.csv"])
def test_exports_are_only_for_published_roles(client, suffix):
    draft = make_role("Draft role", status=Role.Status.DRAFT)
    archived = make_role("Archived role", status=Role.Status.ARCHIVED)
    for slug in (draft.slug, archived.slug, "no-such-role"):
        assert client.get(f"/roles/{slug}/{suffix}").status_code == 404


@pytest.mark.django_db
@pytest.mark.parametrize("suffix", ["export.json", "export.csv"])
def test_export_query_count_does_not_grow_with_the_data(client, django_assert_num_queries, suffix):
    with django_assert_num_queries(EXPORT_QUERIES):
        assert client.get(f"/roles/{DATA_ETHICS}/{suffix}").status_code == 200
    make_many_roles(50)
    with django_assert_num_queries(EXPORT_QUERIES):
        assert client.get(f"/roles/{DATA_ETHICS}/{suffix}").status_code == 200


@pytest.mark.django_db
def test_profile_page_links_to_both_exports(client):
    from bs4 import BeautifulSoup

    page = BeautifulSoup(client.get(f"/roles/{DATA_ETHICS}/").content, "html.parser")
    hrefs = [a["href"] for a in page.select(".app-profile-actions a")]
    assert f"/roles/{DATA_ETHICS}/export.json" in hrefs
    assert f"/roles/{DATA_ETHICS}/export.csv" in hrefs
    assert f"/roles/{DATA_ETHICS}/advert/" in hrefs
