"""Open data /download/: the catalogue as two CSVs laid out like the DDaT framework's own files
and as JSON; the DDaT rows import back with import_ddat to the same content."""

from __future__ import annotations

import csv
import io
import json

import pytest
from django.conf import settings
from django.core.management import call_command

from ddat.parsing import ROLE_COLUMNS, SKILL_COLUMNS, SKILL_LEVELS
from roleprofiles.models import Role
from search.backends import backend
from tests.conftest import load_seed_content


def empty_database() -> None:
    # The SQLite full-text table is outside Django's flush: empty it first, or the next
    # index write collides with the old rows.
    backend().remove(None)
    call_command("flush", interactive=False, verbosity=0)


def ddat_skill_rows(skills: list[dict], names: set[str]) -> list[dict]:
    """The skills the DDaT rows name; where an NHS skill has the same name, the one DDaT levels need."""
    chosen: dict[str, dict] = {}
    for row in skills:
        if row["Skill Name"] in names and (row["Skill Name"] not in chosen or row["Roles that require Skill"]):
            chosen[row["Skill Name"]] = row
    return list(chosen.values())


def rows_of(response) -> list[dict]:
    return list(csv.DictReader(io.StringIO(response.content.decode("utf-8-sig"))))


def ddat_content() -> set[tuple]:
    return set(
        Role.objects.ddat_levels()
        .filter(in_use=True)
        .values_list(
            "external_role", "external_level", "summary", "requirements__skill__title",
            "requirements__level_label", "requirements__descriptor",
        )
    )  # fmt: skip


@pytest.mark.django_db
def test_the_files_have_the_framework_columns_counts_and_sources(client):
    roles = client.get("/download/roles.csv")
    skills = client.get("/download/skills.csv")
    assert roles.content.decode("utf-8-sig").splitlines()[0] == ",".join(ROLE_COLUMNS)
    assert skills.content.decode("utf-8-sig").splitlines()[0] == ",".join(SKILL_COLUMNS)
    data = json.loads(client.get("/download/catalogue.json").content)
    assert data["counts"] == {"roles.csv": len(rows_of(roles)), "skills.csv": len(rows_of(skills))}
    licences = {source["part"]: source["licence"] for source in data["sources"]}
    assert (
        licences["NHS role profiles"] == "not stated"
        and "Open Government Licence" in licences["DDaT role levels and skills"]
    )
    # A Role Model Plus profile keeps its own level labels in the same columns.
    nhs = [row for row in rows_of(roles) if row["Role"] == "Data ethics lead" and row["Role Description"] == ""]
    assert nhs and any(row["Skill Level"].startswith("Level") for row in nhs)
    page = client.get("/download/").content.decode()
    assert "not stated" in page and "Open Government Licence" in page
    # The page counts the rows without building them: its counts are the files' own.
    assert f"Roles (CSV, {len(rows_of(roles))} rows)" in page
    assert f"Skills (CSV, {len(rows_of(skills))} rows)" in page


@pytest.mark.django_db(transaction=True)
def test_the_ddat_rows_import_back_to_the_same_role_levels_skills_and_wording(client, tmp_path):
    empty_database()
    load_seed_content()
    before = ddat_content()
    roles, skills = rows_of(client.get("/download/roles.csv")), rows_of(client.get("/download/skills.csv"))
    keys = set(Role.objects.ddat_levels().values_list("external_role", "external_level"))
    ddat_roles = [row for row in roles if (row["Role"], row["Role Level"]) in keys]
    assert all(row["Skill Level"] in SKILL_LEVELS for row in ddat_roles)
    ddat_skills = {row["Skill Name"] for row in ddat_roles}
    for name, columns, rows in (
        ("roles.csv", ROLE_COLUMNS, ddat_roles),
        (
            "skills.csv",
            SKILL_COLUMNS,
            ddat_skill_rows(skills, ddat_skills),
        ),
    ):
        with open(tmp_path / name, "w", encoding="utf-8", newline="") as handle:
            writer = csv.DictWriter(handle, fieldnames=columns)
            writer.writeheader()
            writer.writerows(rows)
    empty_database()
    call_command("loaddata", str(settings.FIXTURES_DIR / "seed.json"), verbosity=0)
    assert not Role.objects.ddat_levels().exists()
    call_command(
        "import_ddat", "--roles", str(tmp_path / "roles.csv"), "--skills", str(tmp_path / "skills.csv"),
        stdout=io.StringIO(),
    )  # fmt: skip
    assert ddat_content() == before


@pytest.mark.django_db
@pytest.mark.parametrize("name", ["", "roles.csv", "skills.csv", "catalogue.json"])
def test_each_download_makes_the_same_queries_however_many_roles(client, django_assert_max_num_queries, name):
    """Each file, and the page that lists them, is read in a fixed number of queries, not one per
    role or skill: the count with 50 more generated roles is the count without them."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from tests.factories import make_many_roles

    with CaptureQueriesContext(connection) as before:
        assert client.get(f"/download/{name}").status_code == 200
    make_many_roles(50)
    with django_assert_max_num_queries(len(before)):
        assert client.get(f"/download/{name}").status_code == 200
