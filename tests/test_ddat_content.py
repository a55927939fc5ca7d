"""The DDaT framework as loaded by default: every role level in use has each of its skills at
its level with its wording, checked against the framework's own file (read here with the csv
module, independently of the importer), and each quirk of the files is handled as the README
says."""

from __future__ import annotations

import csv
import hashlib
from collections import defaultdict

import pytest

from ddat.models import ImportedRecord, Release
from ddat.services import FRAMEWORK_NAME
from frameworks.models import Framework, Skill, SkillLevelDescriptor
from roleprofiles.models import CareerLadder, JobFamily, Requirement, Role
from tests.conftest import ROOT

pytestmark = pytest.mark.django_db

SHARED = ROOT.parent / "shared" / "data" / "ddat"
VENDORED = ROOT / "fixtures" / "sources" / "ddat"
SHA256 = {
    "roles.csv": "e54b9ec4b3c4268758fefc367d1e062e13381e26ffca22159417621681b1adb2",
    "skills.csv": "258b289160c78872449103293c4c5ddf8e52222205090e86e79cdfe28816b421",
}
LEVELS = ("Awareness", "Working", "Practitioner", "Expert")


def allowed(text: str) -> str:
    """The only normalisations allowed between the file and the content."""
    text = text.replace("\u200b", "").replace("\u2028", "\n").strip()
    return "" if text == "MISSING" else text


def read(name: str, folder=SHARED) -> list[dict[str, str]]:
    with open(folder / name, encoding="utf-8-sig", newline="") as handle:
        return list(csv.DictReader(handle))


@pytest.fixture(scope="module")
def role_rows():
    for name, digest in SHA256.items():
        assert hashlib.sha256((SHARED / name).read_bytes()).hexdigest() == digest, f"{name} is not the release tested"
    return read("roles.csv")


@pytest.fixture(scope="module")
def skill_rows():
    return {row["Skill Name"]: row for row in read("skills.csv")}


def ddat_role(role: str, level: str) -> Role:
    return Role.objects.ddat_levels().get(external_role=role.strip(), external_level=level.strip())


def test_the_vendored_files_are_the_shared_release():
    for name, digest in SHA256.items():
        assert hashlib.sha256((VENDORED / name).read_bytes()).hexdigest() == digest
    assert (VENDORED / "ladders.csv").read_bytes() == (SHARED / "ladders.csv").read_bytes()
    readme = (VENDORED / "README.md").read_text(encoding="utf-8")
    assert "Open Government Licence v3.0" in readme and "29 August 2025" in readme
    assert all(digest in readme for digest in SHA256.values())


def test_every_role_level_in_use_has_each_of_its_skills_at_its_level_in_its_words(role_rows):
    expected: dict[tuple[str, str], dict[str, tuple[str, str]]] = defaultdict(dict)
    for row in role_rows:
        if row["Role Level"] != "NOT IN USE":
            wording = allowed(row["Skill Level Description"])
            expected[(row["Role"], row["Role Level"].strip())][row["Skill Name"]] = (row["Skill Level"], wording)
    assert len(expected) == 201

    found: dict[tuple[str, str], dict[str, tuple[str, str]]] = defaultdict(dict)
    requirements = Requirement.objects.filter(role__kind=Role.Kind.DDAT_LEVEL, role__in_use=True).select_related(
        "role", "skill", "level"
    )
    for requirement in requirements:
        assert requirement.level.label == requirement.level_label
        key = (requirement.role.external_role, requirement.role.external_level)
        found[key][requirement.skill.title] = (requirement.level_label, requirement.descriptor)
    assert found == expected
    published = Role.objects.ddat_levels().published()
    assert published.count() == 201
    assert {(r.external_role, r.external_level) for r in published} == set(expected)
    skill_counts = [len(skills) for skills in expected.values()]
    assert min(skill_counts) == 4 and max(skill_counts) == 14


def test_each_role_level_has_its_title_family_description_and_ladder(role_rows):
    for row in role_rows:
        role = ddat_role(row["Role"], row["Role Level"])
        assert role.family.name.lower() == row["Role Family"].lower()
        assert role.summary == ("" if row["Role Level"] == "NOT IN USE" else allowed(row["Role Level Description"]))
        assert role.ladder.title == row["Role"]
        assert role.ladder.description == allowed(row["Role Description"])
        assert role.role_type == row["Role Type"]
    assert CareerLadder.objects.filter(framework__name=FRAMEWORK_NAME).count() == 52
    assert JobFamily.objects.filter(career_ladders__isnull=False).distinct().count() == 8


def test_each_skill_has_its_description_and_four_level_descriptors(skill_rows):
    framework = Framework.objects.get(name=FRAMEWORK_NAME)
    skills = {skill.title: skill for skill in framework.skills.all()}
    assert len(skills) == 188 == len(skill_rows)
    descriptors = defaultdict(dict)
    for descriptor in SkillLevelDescriptor.objects.filter(skill__framework=framework).select_related("level"):
        descriptors[descriptor.skill_id][descriptor.level.label] = descriptor.text
    for name, row in skill_rows.items():
        skill = skills[name]
        assert skill.description == allowed(row["Skill Description"])
        assert descriptors[skill.pk] == {level: allowed(row[level]) for level in LEVELS}
        assert skill.status == Skill.Status.ACTIVE and skill.kind == Skill.Kind.FRAMEWORK
    assert framework.level_scale.levels.filter(label__in=LEVELS).count() == 4


# --- each quirk in ../shared/data/ddat/README.md -----------------------------------------


def test_bullets_are_kept_as_dash_lines_after_the_lead_in():
    role = Role.objects.ddat_levels().get(title="Senior data engineer")
    lines = role.summary.split("\n")
    assert "At this role level, you will:" in lines
    bullets = [line for line in lines if line.startswith("- ")]
    assert len(bullets) >= 3
    descriptor = role.requirements.first().descriptor
    assert descriptor.startswith("You can:\n- ")


def test_missing_and_empty_skill_descriptions_are_stored_empty_never_as_missing(role_rows, skill_rows):
    missing = {row["Skill Name"] for row in role_rows if row["Skill Description"] == "MISSING"}
    empty = {name for name, row in skill_rows.items() if not row["Skill Description"].strip()}
    assert len(empty) == 41 and missing <= empty
    framework_skills = Skill.objects.filter(framework__name=FRAMEWORK_NAME)
    assert set(framework_skills.filter(description="").values_list("title", flat=True)) == empty
    for model, field in ((Skill, "description"), (Role, "summary"), (Requirement, "descriptor")):
        assert not model.objects.filter(**{f"{field}__contains": "MISSING"}).exists()
    assert sum(row["Skill Description"] == "MISSING" for row in role_rows) == 325


def test_levels_the_framework_has_not_defined_keep_its_words():
    undefined = SkillLevelDescriptor.objects.filter(text="This skill level is currently not defined.")
    assert undefined.count() == 60


def test_duplicate_triples_are_merged(role_rows):
    triples = defaultdict(int)
    for row in role_rows:
        triples[(row["Role"], row["Role Level"], row["Skill Name"])] += 1
    repeated = {triple for triple, n in triples.items() if n > 1}
    assert len(repeated) == 13
    for role, level, skill in repeated:
        assert Requirement.objects.filter(role=ddat_role(role, level), skill__title=skill).count() == 1
    assert Requirement.objects.filter(role__kind=Role.Kind.DDAT_LEVEL).count() == len(triples)


def test_a_level_name_with_a_trailing_space_is_keyed_and_titled_without_it(role_rows):
    assert "End user computing engineer " in {row["Role Level"] for row in role_rows}
    role = Role.objects.ddat_levels().get(external_role="End user computing engineer", ladder_position=2)
    assert role.title == role.external_level == "End user computing engineer"
    assert role.slug == "end-user-computing-engineer-ddat"


def test_a_level_that_shares_its_roles_name_is_keyed_by_role_and_level():
    role = ddat_role("Business architect", "Business architect")
    assert role.ladder.title == role.title == "Business architect"
    assert ImportedRecord.objects.get(role=role).key == "Business architect|Business architect"


def test_not_in_use_roles_are_kept_marked_and_never_in_the_catalogue(client):
    family = JobFamily.objects.get(name="Chief digital and data")
    levels = Role.objects.filter(ladder__family=family)
    assert levels.count() == 4
    assert {role.title for role in levels} == {
        "Chief data officer",
        "Chief digital and information officer",
        "Chief information security officer",
        "Chief technology officer",
    }
    for role in levels:
        assert not role.in_use and role.status == Role.Status.DRAFT and role.role_type == "Senior Civil Service"
        assert role.external_level == "NOT IN USE" and role.summary == ""
        assert all(r.level is None and r.level_label == "NOT IN USE" for r in role.requirements.all())
        assert client.get(role.get_absolute_url()).status_code == 404
    assert "Chief technology officer" not in client.get("/roles/", {"family": family.slug}).content.decode()


def test_the_roles_wording_is_the_generic_wording_in_this_release(role_rows, skill_rows):
    same = sum(
        allowed(row["Skill Level Description"]) == allowed(skill_rows[row["Skill Name"]][row["Skill Level"]])
        for row in role_rows
        if row["Skill Level"] != "NOT IN USE"
    )
    assert same == 1797
    requirement = Requirement.objects.filter(role__kind=Role.Kind.DDAT_LEVEL, level__isnull=False).first()
    generic = SkillLevelDescriptor.objects.get(skill=requirement.skill, level=requirement.level)
    assert requirement.descriptor == generic.text


def test_roles_csv_not_skills_csv_says_which_levels_need_a_skill(role_rows, skill_rows):
    disagree = []
    for name, row in skill_rows.items():
        listed = {role.strip() for role in row["Roles that require Skill"].split(",") if role.strip()}
        needing = {r["Role"] for r in role_rows if r["Skill Name"] == name}
        if listed != needing:
            disagree.append(name)
            found = set(
                Requirement.objects.filter(skill__framework__name=FRAMEWORK_NAME, skill__title=name)
                .filter(role__kind=Role.Kind.DDAT_LEVEL)
                .values_list("role__external_role", flat=True)
            )
            assert found == needing
    assert len(disagree) == 15


def test_invisible_characters_become_line_breaks_or_go(role_rows):
    separators = [row for row in role_rows if "\u2028" in row["Role Level Description"]]
    assert separators
    row = separators[0]
    summary = ddat_role(row["Role"], row["Role Level"]).summary
    assert "\u2028" not in summary and summary == row["Role Level Description"].replace("\u2028", "\n").strip()
    zero_width = next(row for row in role_rows if "\u200b" in row["Skill Level Description"])
    requirement = Requirement.objects.get(
        role=ddat_role(zero_width["Role"], zero_width["Role Level"]), skill__title=zero_width["Skill Name"]
    )
    assert requirement.descriptor == zero_width["Skill Level Description"].replace("\u200b", "").strip()
    for model, field in ((Role, "summary"), (Requirement, "descriptor"), (SkillLevelDescriptor, "text")):
        for char in ("\u2028", "\u200b"):
            assert not model.objects.filter(**{f"{field}__contains": char}).exists()
    assert sum(row["Role Level Description"].count("\u00a0") for row in role_rows) > 0  # kept: not in the list
    assert Role.objects.ddat_levels().filter(summary__contains="\u00a0").exists()


# --- identity: the framework, skills, families and slugs ----------------------------------


def test_seed_003s_problem_management_is_the_ddat_skill_with_its_full_descriptors(client):
    skill = Skill.objects.get(framework__name=FRAMEWORK_NAME, title="Problem management")
    assert skill.slug == "problem-management"  # its address from before the framework was loaded
    cited = skill.requirements.get(role__slug="head-of-knowledge-and-library-services")
    assert cited.descriptor == "You can:"  # the profile's own (cut-off) words are kept
    practitioner = skill.level_descriptors.get(level=cited.level).text
    assert practitioner.startswith("You can:\n- ensure that the right actions are taken")
    assert skill.requirements.filter(role__kind=Role.Kind.DDAT_LEVEL).count() > 0
    assert client.get("/skills/problem-management/").status_code == 200


@pytest.mark.parametrize(
    "title",
    [
        "Analysis",
        "Change management",
        "Data management",
        "Financial management",
        "Information security",
        "Strategic thinking",
    ],
)
def test_a_skill_of_another_framework_never_merges_by_name(title):
    ddat = Skill.objects.get(framework__name=FRAMEWORK_NAME, title=title)
    others = Skill.objects.exclude(pk=ddat.pk).filter(title__iexact=title)
    assert others.exists()
    for other in others:
        assert other.framework_id != ddat.framework_id
        assert not other.requirements.filter(role__kind=Role.Kind.DDAT_LEVEL).exists()
        assert other.slug == other.title.lower().replace(" ", "-")  # kept its address
    assert ddat.slug.endswith("-ddat")


def test_existing_addresses_keep_pointing_where_they_did(client):
    nhs = Role.objects.get(slug="data-ethics-lead")
    assert nhs.kind == Role.Kind.NHS_PROFILE and nhs.source_document is not None
    ddat = ddat_role("Data ethicist", "Data ethics lead")
    assert ddat.slug == "data-ethics-lead-ddat"
    assert client.get("/roles/data-ethics-lead/").context["role"] == nhs
    assert client.get("/roles/data-ethics-lead-ddat/").context["role"] == ddat


def test_every_ddat_level_slug_is_marked_and_unique():
    slugs = list(Role.objects.ddat_levels().values_list("slug", flat=True))
    assert len(slugs) == len(set(slugs)) == 205
    assert all(slug.endswith("-ddat") for slug in slugs)


def test_the_ddat_data_family_is_the_existing_data_family(role_rows):
    data = JobFamily.objects.get(name="Data")
    assert Role.objects.filter(family=data, kind=Role.Kind.NHS_PROFILE).exists()
    in_file = {(row["Role"], row["Role Level"]) for row in role_rows if row["Role Family"] == "Data"}
    assert Role.objects.filter(family=data, kind=Role.Kind.DDAT_LEVEL).count() == len(in_file) == 36
    assert JobFamily.objects.filter(name__iexact="data").count() == 1


def test_the_release_is_recorded_with_its_date_and_files():
    release = Release.objects.get()
    assert f"{release.release_date:%Y-%m-%d}" == "2025-08-29"
    assert release.roles_sha256 == SHA256["roles.csv"] and release.skills_sha256 == SHA256["skills.csv"]
    assert (release.level_count, release.skill_count) == (205, 188)
    assert release.changes.filter(action="added", subject="level").count() == 205


# --- ladders ------------------------------------------------------------------------------


def test_every_ladder_in_use_has_a_complete_order():
    """Every level has a place; on each track no two levels share one; the main track runs
    1, 2, 3 ... without gaps; a parallel track's levels sit beside a main-track level."""
    for ladder in CareerLadder.objects.filter(levels__in_use=True, levels__status=Role.Status.PUBLISHED).distinct():
        levels = list(ladder.levels.exclude(status=Role.Status.ARCHIVED))
        assert all(level.ladder_position for level in levels), ladder
        tracks = defaultdict(list)
        for level in levels:
            tracks[level.ladder_track].append(level.ladder_position)
        for positions in tracks.values():
            assert len(positions) == len(set(positions)), ladder
        assert sorted(tracks[""]) == list(range(1, len(tracks[""]) + 1)), ladder
        for track, positions in tracks.items():
            if track:
                assert set(positions) <= set(tracks[""]), (ladder, track)


def test_ladder_order_and_evidence_come_from_ladders_csv():
    ladder_rows = read("ladders.csv", VENDORED)
    for row in ladder_rows:
        role = ddat_role(row["Role"], row["Role Level"])
        assert (role.ladder_position, role.ladder_track, role.ladder_evidence) == (
            int(row["Position"]),
            row["Track"],
            row["Evidence"],
        )
        assert role.ladder_order_inferred == (row["Evidence"] != "published order")
    science = [r.title for r in Role.objects.filter(ladder__title="Data scientist").in_career_order()]
    assert science.index("Principal data scientist") < science.index("Lead data scientist")
    devops = Role.objects.filter(ladder__title="Development operations (DevOps) engineer", ladder_position=4)
    assert {(r.title, r.ladder_track) for r in devops} == {
        ("Senior DevOps engineer", ""),
        ("Senior DevOps engineer - management", "management"),
    }


def test_every_role_level_page_shows_each_of_its_skills_at_its_level_in_its_words(client, role_rows):
    """All 201 pages, read as a person reads them (the visible text), against the file: each skill
    by name, with its level and every line of its wording (a "- " bullet shown as a list item)."""
    from bs4 import BeautifulSoup

    expected: dict[tuple[str, str], dict[str, tuple[str, str]]] = defaultdict(dict)
    for row in role_rows:
        if row["Role Level"] != "NOT IN USE":
            expected[(row["Role"], row["Role Level"].strip())][row["Skill Name"]] = (
                row["Skill Level"],
                allowed(row["Skill Level Description"]),
            )
    for (role, level), skills in expected.items():
        url = ddat_role(role, level).get_absolute_url()
        response = client.get(url)
        assert response.status_code == 200, url
        text = " ".join(BeautifulSoup(response.content, "html.parser").get_text(" ").split())
        for skill, (skill_level, wording) in skills.items():
            assert skill in text and skill_level in text, (url, skill)
            for line in wording.splitlines():
                line = " ".join(line.removeprefix("- ").split())
                assert not line or line in text, (url, skill, line)
