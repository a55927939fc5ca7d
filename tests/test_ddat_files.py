"""Files the DDaT importer cannot read exactly are refused with the file's name, the line and
what is wrong, and nothing is written; never a traceback. Also: the importer's writes hold
outside a test transaction (PostgreSQL's real commit and rollback)."""

from __future__ import annotations

import csv
import io
import os
import subprocess
import sys

import pytest
from django.core.management import CommandError, call_command

from ddat.models import Release, ReleaseChange
from frameworks.models import Skill
from roleprofiles.models import Requirement, Role
from tests.conftest import ROOT

VENDORED = ROOT / "fixtures" / "sources" / "ddat"


def table(name: str) -> tuple[list[str], list[list[str]]]:
    with open(VENDORED / name, encoding="utf-8", newline="") as handle:
        rows = list(csv.reader(handle))
    return rows[0], rows[1:]


def serialise(header, rows) -> tuple[str, list[int]]:
    """CSV text, and the line each data row starts on."""
    buffer = io.StringIO(newline="")
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(header)
    lines = []
    for row in rows:
        lines.append(buffer.getvalue().count("\n") + 1)
        writer.writerow(row)
    return buffer.getvalue(), lines


def counts():
    return (
        Role.objects.count(),
        Requirement.objects.count(),
        Skill.objects.count(),
        Release.objects.count(),
        ReleaseChange.objects.count(),
        Role.history.count(),
    )


def refused(tmp_path, *, roles: bytes | None = None, skills: bytes | None = None, ladders: bytes | None = None) -> str:
    paths = {}
    for name, data in (("roles", roles), ("skills", skills), ("ladders", ladders)):
        if data is None and name == "ladders":
            continue
        path = tmp_path / f"{name}.csv"
        path.write_bytes(data if data is not None else (VENDORED / f"{name}.csv").read_bytes())
        paths[name] = str(path)
    args = [f"--{name}={path}" for name, path in paths.items()]
    before = counts()
    with pytest.raises(CommandError) as error:
        call_command("import_ddat", *args, "--release-date", "2025-11-28", stdout=io.StringIO(), stderr=io.StringIO())
    assert counts() == before
    return str(error.value)


def role_case(change):
    header, rows = table("roles.csv")
    header, rows, line = change(header, [list(row) for row in rows])
    text, lines = serialise(header, rows)
    return text.encode("utf-8"), line(lines) if callable(line) else line


def drop_column(name):
    def change(header, rows):
        index = header.index(name)
        return (
            [c for i, c in enumerate(header) if i != index],
            [[c for i, c in enumerate(r) if i != index] for r in rows],
            1,
        )

    return change


def rename_column(old, new):
    def change(header, rows):
        return [new if c == old else c for c in header], rows, 1

    return change


def set_cell(row_index, column, value):
    def change(header, rows):
        rows[row_index][header.index(column)] = value
        return header, rows, lambda lines: lines[row_index]

    return change


def duplicate_at_another_level(index):
    def change(header, rows):
        copy = list(rows[index])
        column = header.index("Skill Level")
        copy[column] = "Working" if copy[column] == "Expert" else "Expert"
        rows.insert(index + 1, copy)
        return header, rows, lambda lines: lines[index + 1]

    return change


@pytest.mark.django_db
@pytest.mark.parametrize(
    "change, expected",
    [
        (drop_column("Skill Level"), "missing column “Skill Level”"),
        (rename_column("Role Level", "Role level"), "missing column “Role Level”"),
        (set_cell(40, "Skill Level", "Advanced"), "unknown skill level “Advanced”"),
        (set_cell(41, "Skill Name", "Juggling"), "skill “Juggling” is not in"),
        (set_cell(42, "Role Level", ""), "“Role Level” is empty"),
        (set_cell(43, "Role Level", "x" * 300), "“Role Level” is 300 characters long; at most 255"),
        (set_cell(44, "Role Level Description", "Another description"), "has a different description here"),
        (duplicate_at_another_level(45), "twice, at different levels or with different wording"),
    ],
    ids=[
        "missing column",
        "renamed column",
        "unknown level",
        "unknown skill",
        "empty",
        "too long",
        "inconsistent",
        "dup",
    ],
)
def test_a_bad_roles_file_is_refused_with_file_line_and_reason(tmp_path, change, expected):
    data, line = role_case(change)
    message = refused(tmp_path, roles=data)
    assert message.startswith(f"{tmp_path / 'roles.csv'}, line {line}: "), message
    assert expected in message


@pytest.mark.django_db
def test_a_truncated_file_is_refused_at_the_row_it_breaks_in(tmp_path):
    header, rows = table("roles.csv")
    text, lines = serialise(header, rows[:101])
    row_start = sum(len(line) + 1 for line in text.split("\n")[: lines[100] - 1])
    truncated = text[: text.index("You can:", row_start) + 3]  # inside a quoted, multi-line cell
    message = refused(tmp_path, roles=truncated.encode())
    assert message.startswith(f"{tmp_path / 'roles.csv'}, line {lines[100]}: the file is not valid CSV here")
    assert "truncated or damaged" in message


@pytest.mark.django_db
def test_a_row_cut_short_outside_quotes_is_refused(tmp_path):
    header, rows = table("skills.csv")
    text, _lines = serialise(header, rows[:10])
    line = text.count("\n") + 1
    text += "Zen of CSV,only two cells\n"
    message = refused(tmp_path, skills=text.encode())
    assert message == (
        f"{tmp_path / 'skills.csv'}, line {line}: expected 7 columns, found 2; the file may be truncated or damaged"
    )


@pytest.mark.django_db
def test_malformed_quoting_is_refused(tmp_path):
    header, rows = table("skills.csv")
    text, lines = serialise(header, rows[:3])
    text += '"Broken" quoting,a,b,c,d,e,f\n'
    line = text.count("\n")
    message = refused(tmp_path, skills=text.encode())
    assert f"skills.csv, line {line}: the file is not valid CSV here" in message


@pytest.mark.django_db
def test_a_windows_1252_file_is_refused_naming_the_line_of_the_first_foreign_byte(tmp_path):
    text = (VENDORED / "roles.csv").read_text(encoding="utf-8")
    data = text.encode("cp1252", errors="replace")
    first = next(i for i, ch in enumerate(text) if ord(ch) > 127)
    line = text.count("\n", 0, first) + 1
    message = refused(tmp_path, roles=data)
    assert message.startswith(f"{tmp_path / 'roles.csv'}, line {line}: byte 0x")
    assert "not UTF-8" in message and "Windows-1252" in message


@pytest.mark.django_db
def test_a_utf16_file_is_refused(tmp_path):
    data = (VENDORED / "skills.csv").read_text(encoding="utf-8").encode("utf-16")
    message = refused(tmp_path, skills=data)
    assert message == f"{tmp_path / 'skills.csv'}: the file is UTF-16 text; save it as CSV UTF-8 and import it again"
    no_bom = (VENDORED / "skills.csv").read_text(encoding="utf-8").encode("utf-16-le")
    assert "NUL characters" in refused(tmp_path, skills=no_bom)


@pytest.mark.django_db
@pytest.mark.parametrize(
    "data, expected",
    [
        (b"", "line 1: the file is empty"),
        (b"\xef\xbb\xbf \r\n", "line 1: the file is empty"),
        (
            b"Skill Name,Skill Description,Awareness,Working,Practitioner,Expert,Roles that require Skill\r\n",
            "the file has a header row but no data rows",
        ),
    ],
)
def test_an_empty_file_or_a_header_alone_is_refused(tmp_path, data, expected):
    assert expected in refused(tmp_path, skills=data)


@pytest.mark.django_db
def test_a_bad_ladder_file_is_refused(tmp_path):
    header, rows = table("ladders.csv")
    rows[7][header.index("Position")] = "second"
    text, lines = serialise(header, rows)
    message = refused(tmp_path, ladders=text.encode())
    assert (
        message
        == f"{tmp_path / 'ladders.csv'}, line {lines[7]}: position “second” is not a whole number from 1 to 1000"
    )


@pytest.mark.django_db
def test_a_missing_file_is_named(tmp_path):
    with pytest.raises(CommandError, match="nowhere.csv: no such file"):
        call_command("import_ddat", "--roles", str(tmp_path / "nowhere.csv"), "--skills", str(VENDORED / "skills.csv"))
    with pytest.raises(CommandError, match="is not a date written YYYY-MM-DD"):
        call_command("import_ddat", "--roles", "a", "--skills", "b", "--release-date", "29/08/2025")


def test_the_command_line_shows_the_message_and_no_traceback(tmp_path):
    bad = tmp_path / "roles.csv"
    bad.write_bytes((VENDORED / "roles.csv").read_text(encoding="utf-8").encode("cp1252", errors="replace"))
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "config.settings.test",
        # The files are read before the database is touched: an empty one proves it.
        "DATABASE_URL": f"sqlite:///{tmp_path / 'untouched.db'}",
    }
    result = subprocess.run(
        [sys.executable, "manage.py", "import_ddat", "--roles", str(bad), "--skills", str(VENDORED / "skills.csv")],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
    )
    assert result.returncode != 0
    assert "Traceback" not in result.stderr and result.stdout == ""
    assert f"CommandError: {bad}, line " in result.stderr and "is not UTF-8 text" in result.stderr


# --- the write path outside a test transaction ---------------------------------------------

SMALL_ROLES = (
    "Role Family,Role,Role Description,Role Level,Role Level Description,Skill Name,Skill Description,"
    "Skill Level,Skill Level Description,Role Type\n"
    'Data,Quokka analyst,"A quokka analyst.",Junior quokka analyst,"Junior.",Burrowing,,Awareness,"You can:\n'
    '- dig",\n'
    'Data,Quokka analyst,"A quokka analyst.",Quokka analyst,"Plain.",Burrowing,,Working,"You can:\n'
    '- dig well",\n'
)
SMALL_SKILLS = """Skill Name,Skill Description,Awareness,Working,Practitioner,Expert,Roles that require Skill
Burrowing,Burrowing involves digging.,"You can:
- dig","You can:
- dig well",,,Quokka analyst
"""


@pytest.mark.django_db(transaction=True)
def test_an_import_commits_and_a_refused_one_rolls_back_outside_a_test_transaction(tmp_path):
    releases = Release.objects.count()
    roles, skills = tmp_path / "roles.csv", tmp_path / "skills.csv"
    roles.write_text(SMALL_ROLES, encoding="utf-8")
    skills.write_text(SMALL_SKILLS, encoding="utf-8")
    out = io.StringIO()
    call_command(
        "import_ddat", "--roles", str(roles), "--skills", str(skills), "--release-date", "2025-08-29", stdout=out
    )
    assert "Junior quokka analyst added" in out.getvalue()
    junior = Role.objects.get(title="Junior quokka analyst")
    assert (junior.ladder_position, junior.ladder_order_inferred) == (1, True)
    assert Role.objects.get(title="Quokka analyst").ladder_position == 2  # placed after the last, in file order

    junior.summary = "Edited by an editor."
    junior.save()
    roles.write_text(SMALL_ROLES.replace('"Junior."', '"Junior, revised."'), encoding="utf-8")
    before = counts()
    with pytest.raises(CommandError, match="1 conflict"):
        call_command("import_ddat", "--roles", str(roles), "--skills", str(skills), "--release-date", "2025-11-28")
    assert counts() == before
    assert Role.objects.get(pk=junior.pk).summary == "Edited by an editor."
    call_command(
        "import_ddat",
        "--roles",
        str(roles),
        "--skills",
        str(skills),
        "--release-date",
        "2025-11-28",
        "--take-release",
        stdout=io.StringIO(),
    )
    assert Role.objects.get(pk=junior.pk).summary == "Junior, revised."
    assert Release.objects.count() == releases + 2
