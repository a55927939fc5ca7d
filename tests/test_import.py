"""The Role Model Plus importer: its quirks, its errors and its idempotence."""

from __future__ import annotations

import pytest
from django.core.management import CommandError, call_command

from frameworks.models import Framework, Skill, SourceDocument
from roleprofiles.models import Requirement, Role
from roleprofiles.rmp.parsing import ProfileParseError, parse_profile, split_title
from tests.conftest import DATA_ETHICS, KNOWLEDGE_LIBRARY, SOURCES

pytestmark = pytest.mark.django_db

MINIMAL = """Summary
A test role.
Behaviours
Title | Details |
---|---|
Delivering outcomes (B1.1) (Level 5) | You lead teams. |
The Professional Body Responsible for this job family is AphA.
"""


def counts() -> tuple[int, int, int, int]:
    return (Role.objects.count(), Requirement.objects.count(), Skill.objects.count(), SourceDocument.objects.count())


def write(tmp_path, text: str | bytes, name: str = "profile.txt"):
    path = tmp_path / name
    if isinstance(text, bytes):
        path.write_bytes(text)
    else:
        path.write_text(text, encoding="utf-8")
    return path


@pytest.mark.parametrize(
    ("raw", "title", "code", "label", "rank"),
    [
        ("Delivering outcomes (B1.1) (Level 5)", "Delivering outcomes", "B1.1", "Level 5", 5),
        ("Open environment (B2.5) (Level Four)", "Open environment", "B2.5", "Level Four", 4),
        ("Empathy and understanding (Level Five) (LM1.1)", "Empathy and understanding", "LM1.1", "Level Five", 5),
        ("Governance (Level 6) (AIDE)", "Governance", "AIDE", "Level 6", 6),
        ("Research(Level Five)", "Research", "", "Level Five", 5),
        ("Business cases (WP1.1)(Level Five)", "Business cases", "WP1.1", "Level Five", 5),
        ("Information Governance (Data)(Level Three)", "Information Governance (Data)", "", "Level Three", 3),
        (
            "Stakeholder management (Data Ethics) (Level Five)",
            "Stakeholder management (Data Ethics)",
            "",
            "Level Five",
            5,
        ),
        (
            "Quality assurance - Data and digital (Level Four)",
            "Quality assurance - Data and digital",
            "",
            "Level Four",
            4,
        ),
    ],
)
def test_split_title_reads_levels_and_codes_in_any_order(raw, title, code, label, rank):
    parsed_title, parsed_code, level = split_title(raw, filename="x", line=1, scale_name="Responsibility levels")
    assert (parsed_title, parsed_code, level.label, level.rank) == (title, code, label, rank)


def test_level_written_as_an_unknown_word_is_an_error_naming_file_and_line():
    with pytest.raises(ProfileParseError) as error:
        split_title("Governance (Level Eleven)", filename="a.txt", line=7, scale_name="Responsibility levels")
    assert str(error.value) == 'a.txt, line 7: cannot interpret the level "Level Eleven"'


def test_tables_with_and_without_leading_pipes_parse_the_same():
    with_pipes = MINIMAL.replace(
        "Title | Details |\n---|---|\nDelivering outcomes (B1.1) (Level 5) | You lead teams. |",
        "| Title | Details |\n|---|---|\n| Delivering outcomes (B1.1) (Level 5) | You lead teams. |",
    )
    a = parse_profile(MINIMAL).sections[0].entries[0]
    b = parse_profile(with_pipes).sections[0].entries[0]
    assert (a.title, a.code, a.level.label, a.details) == (b.title, b.code, b.level.label, b.details)
    assert a.details == "You lead teams."


def test_crlf_and_byte_order_mark_import_identically(tmp_path, source_text):
    text = source_text(DATA_ETHICS)
    plain = write(tmp_path, text, "plain.txt")
    windows = write(tmp_path, b"\xef\xbb\xbf" + text.replace("\n", "\r\n").encode("utf-8"), "windows.txt")
    call_command("import_profile", str(plain), "--slug", "plain")
    call_command("import_profile", str(windows), "--slug", "windows")
    rows = {}
    for slug in ("plain", "windows"):
        rows[slug] = list(
            Requirement.objects.filter(role__slug=slug)
            .order_by("position")
            .values_list("skill__title", "code", "level_label", "descriptor", "heading")
        )
    assert len(rows["plain"]) == 132
    assert rows["plain"] == rows["windows"]
    assert Role.objects.get(slug="windows").summary == Role.objects.get(slug="plain").summary


def test_non_breaking_spaces_are_kept_in_text_but_not_in_structure():
    text = MINIMAL.replace("You lead teams.", "You lead\u00a0teams.").replace(
        "(B1.1) (Level 5)", "(B1.1)\u00a0(Level 5)"
    )
    entry = parse_profile(text).sections[0].entries[0]
    assert entry.title == "Delivering outcomes"
    assert entry.code == "B1.1"
    assert entry.details == "You lead\u00a0teams."


def test_the_same_title_in_two_sections_becomes_two_skills():
    business_cases = Skill.objects.filter(title="Business cases").order_by("kind")
    assert [s.kind for s in business_cases] == ["leadership", "project"]
    evaluation = Skill.objects.filter(title="Evaluation").order_by("kind")
    assert [s.kind for s in evaluation] == ["data", "project"]


def test_entry_with_no_descriptor_keeps_what_the_source_says():
    requirement = Requirement.objects.get(
        role__slug="head-of-knowledge-and-library-services", skill__title="Problem management"
    )
    assert requirement.level_label == "Practitioner"
    assert requirement.descriptor == "You can:"
    assert requirement.skill.description.startswith("Problem management involves anticipating and identifying")


def test_question_mark_for_a_lost_character_is_kept_and_warned_about(tmp_path, source_text, capsys):
    requirement = Requirement.objects.get(skill__title="Population Segmentation and Stratification")
    assert "eg k?mean, k-modes" in requirement.descriptor
    call_command("import_profile", str(SOURCES / DATA_ETHICS), "--dry-run")
    assert "line 142: a '?' inside a word" in capsys.readouterr().out


def test_codes_that_sort_wrongly_as_text_keep_source_order():
    codes = list(
        Requirement.objects.filter(
            role__slug="head-of-knowledge-and-library-services", skill__framework__slug__startswith="knowledge"
        )
        .order_by("position")
        .values_list("code", flat=True)
    )
    assert codes.index("2.9") < codes.index("2.10") < codes.index("3.3")
    assert codes.index("12.8") < codes.index("12.12") < codes.index("13.2")


def test_reimporting_the_same_file_updates_in_place():
    before = counts()
    role = Role.objects.get(slug="data-ethics-lead")
    ids = set(role.requirements.values_list("pk", flat=True))
    call_command("import_profile", str(SOURCES / DATA_ETHICS))
    assert counts() == before
    role.refresh_from_db()
    assert role.title == "Data ethics lead"
    assert set(role.requirements.values_list("pk", flat=True)) == ids


def test_reimport_after_a_source_edit_updates_only_what_changed(tmp_path, source_text):
    text = source_text(DATA_ETHICS).replace(
        "Defines governance processes to ensure compliance with ethical standards. |",
        "Defines governance processes. |",
    )
    path = write(tmp_path, text, DATA_ETHICS)
    role = Role.objects.get(slug="data-ethics-lead")
    # The DDaT framework has a "Data ethics lead" role level too: count the roles, not the titles.
    roles_before = Role.objects.filter(title="Data ethics lead").count()
    call_command("import_profile", str(path), "--slug", "data-ethics-lead")
    governance = role.requirements.get(skill__title="Governance")
    assert governance.descriptor == "Defines governance processes."
    assert role.requirements.count() == 132
    assert Role.objects.filter(title="Data ethics lead").count() == roles_before


def test_dry_run_reports_and_writes_nothing(tmp_path, source_text, capsys):
    path = write(tmp_path, source_text(DATA_ETHICS), "new-profile.txt")
    before = counts()
    call_command("import_profile", str(path), "--title", "Trial role", "--dry-run")
    out = capsys.readouterr().out
    assert 'would create role "Trial role"' in out
    assert "132 new" in out
    assert "Dry run: nothing was written." in out
    assert counts() == before


def test_title_option_sets_the_title_and_records_it_was_not_in_the_source(tmp_path, source_text):
    path = write(tmp_path, source_text(KNOWLEDGE_LIBRARY), "library.txt")
    call_command("import_profile", str(path), "--title", "Library manager", "--slug", "library-manager")
    role = Role.objects.get(slug="library-manager")
    assert role.title == "Library manager"
    assert role.title_in_source is False
    assert role.status == Role.Status.DRAFT


def test_without_a_title_one_is_derived_and_marked(tmp_path, source_text, capsys):
    path = write(tmp_path, source_text(DATA_ETHICS), "unnamed.txt")
    call_command("import_profile", str(path))
    role = Role.objects.get(source_document__filename="unnamed.txt")
    assert role.title == "AphA role profile, level 6"
    assert role.title_in_source is False
    assert "The source states no title" in capsys.readouterr().out


BAD_INPUTS = [
    ("empty.txt", b"", "empty.txt: the file is empty"),
    ("blank.txt", b"  \n\n", "blank.txt: the file is empty"),
    ("binary.txt", b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", "binary.txt: the file is not text (it contains NUL bytes)"),
    ("latin1.txt", "Summary\nCaf\u00e9\n".encode("latin-1"), "latin1.txt, line 2: the file is not UTF-8 text"),
    (
        "missing-column.txt",
        MINIMAL.replace("| You lead teams. |", "|").encode(),
        "missing-column.txt, line 6: expected 2 columns (Title | Details) but found 1",
    ),
    (
        "eleven.txt",
        MINIMAL.replace("(Level 5)", "(Level Eleven)").encode(),
        'eleven.txt, line 6: cannot interpret the level "Level Eleven"',
    ),
    (
        "out-of-range.txt",
        MINIMAL.replace("(Level 5)", "(Level 9)").encode(),
        'out-of-range.txt, line 6: the level "Level 9" is outside the Competency levels scale (1 to 5)',
    ),
    (
        "depth.txt",
        b"Summary\nX\nTechnical Skills\nTitle | Details | Depth |\n---|---|---|\nBig Data | Data. | Brilliant at |\n",
        'depth.txt, line 6: cannot interpret the depth "Brilliant at"',
    ),
    (
        "unknown-section.txt",
        b"Summary\nX\nHobbies\nTitle | Details |\n---|---|\nChess | Plays. |\n",
        'unknown-section.txt, line 3: unknown section "Hobbies"',
    ),
    ("prose.txt", b"Just some notes about a role.\n", "prose.txt, line 1: unexpected text outside any section"),
]


@pytest.mark.parametrize(("name", "content", "message"), BAD_INPUTS, ids=[case[0] for case in BAD_INPUTS])
def test_a_bad_file_stops_the_run_names_file_and_line_and_writes_nothing(tmp_path, name, content, message):
    good = SOURCES / DATA_ETHICS
    bad = write(tmp_path, content, name)
    Role.objects.all().delete()
    before = counts()
    with pytest.raises(CommandError) as error:
        # The good file comes first: the whole run is one transaction, so it is not written either.
        call_command("import_profile", str(good), str(bad))
    assert message in str(error.value)
    assert str(error.value).endswith("(nothing was imported)")
    assert counts() == before


def test_bad_file_exits_non_zero_from_the_command_line(tmp_path):
    import subprocess
    import sys

    bad = write(tmp_path, b"", "empty.txt")
    result = subprocess.run(
        [sys.executable, "manage.py", "import_profile", str(bad)],
        cwd=SOURCES.parent.parent,
        capture_output=True,
        text=True,
        env={**__import__("os").environ, "DJANGO_SETTINGS_MODULE": "config.settings.test"},
    )
    assert result.returncode != 0
    assert "empty.txt: the file is empty" in result.stderr
    assert "Traceback" not in result.stderr


def test_missing_file_is_a_clear_error(tmp_path):
    with pytest.raises(CommandError, match=r"no such file \(nothing was imported\)"):
        call_command("import_profile", str(tmp_path / "nope.txt"))


def test_title_with_several_files_is_refused():
    with pytest.raises(CommandError, match="give one PATH"):
        call_command("import_profile", str(SOURCES / DATA_ETHICS), str(SOURCES / KNOWLEDGE_LIBRARY), "--title", "X")


def test_a_skill_in_two_roles_is_one_skill():
    shared = Skill.objects.get(kind=Skill.Kind.PDA, title="Mentoring")
    roles = set(shared.requirements.values_list("role__slug", flat=True))
    assert roles == {"data-ethics-lead", "head-of-knowledge-and-library-services"}


def test_framework_sections_create_frameworks_with_their_scales():
    klim = Framework.objects.get(name="Knowledge, Library and Information Management Framework")
    assert klim.level_scale.name == "Knowledge, Library and Information Management Framework levels"
    assert set(klim.level_scale.levels.values_list("label", flat=True)) == {
        "Level 3 - Apply",
        "Level 4 - Enable",
        "Level 5 - Ensure, Advise",
    }
    gkim = Framework.objects.get(name="GKIM Skills Framework")
    assert gkim.level_scale.name == "Awareness, working, practitioner, expert"


# --- Rows written in bulk: the same history, signals and slugs as one save() each ----------------

NEW_SKILLS = """Summary
A role with skills no other role has.
Technical Skills
Title | Details | Depth |
---|---|---|
Quokka husbandry | Looking after quokkas. | Expert in |
Wombat logistics | Moving wombats. | Familiar with |
The Professional Body Responsible for this job family is AphA.
"""


def test_an_import_records_history_and_tells_every_receiver_of_each_row(tmp_path):
    from django.db.models.signals import post_save

    heard = []

    def receiver(sender, instance, created, **kwargs):
        heard.append((sender.__name__, created))

    post_save.connect(receiver, weak=False)
    try:
        call_command("import_profile", str(write(tmp_path, NEW_SKILLS, "quokka.txt")), "--title", "Keeper")
    finally:
        post_save.disconnect(receiver)
    role = Role.objects.get(title="Keeper")
    requirements = list(role.requirements.all())
    assert heard.count(("Requirement", True)) == 2 and heard.count(("Skill", True)) == 2
    for requirement in requirements:
        assert list(requirement.history.values_list("history_type", flat=True)) == ["+"]
        assert list(requirement.skill.history.values_list("history_type", flat=True)) == ["+"]

    edited = NEW_SKILLS.replace("Moving wombats.", "Moving wombats gently.")
    call_command("import_profile", str(write(tmp_path, edited, "quokka.txt")))
    wombats = role.requirements.get(skill__title="Wombat logistics")
    assert wombats.descriptor == "Moving wombats gently."
    assert list(wombats.history.order_by("history_id").values_list("history_type", flat=True)) == ["+", "~"]
    quokkas = role.requirements.get(skill__title="Quokka husbandry")
    assert quokkas.history.count() == 1  # unchanged: no new history row


def test_a_published_import_is_searchable_once_committed(tmp_path, django_capture_on_commit_callbacks):
    from search.models import SearchDocument

    with django_capture_on_commit_callbacks(execute=True):
        call_command("import_profile", str(write(tmp_path, NEW_SKILLS, "quokka.txt")), "--title", "Keeper", "--publish")
    skill = Skill.objects.get(title="Quokka husbandry")
    assert SearchDocument.objects.filter(kind="skill", object_id=skill.pk).exists()
    document = SearchDocument.objects.get(kind="role", object_id=Role.objects.get(title="Keeper").pk)
    assert "Quokka husbandry" in document.body


def test_skills_whose_titles_make_one_slug_get_the_slugs_one_at_a_time_would(tmp_path):
    text = NEW_SKILLS.replace("Wombat logistics", "Quokka Husbandry!").replace(
        "The Professional", "QUOKKA HUSBANDRY | Again. | Familiar with |\nThe Professional"
    )
    call_command("import_profile", str(write(tmp_path, text, "quokkas.txt")), "--title", "Keeper")
    slugs = [
        Skill.objects.get(kind="technical", title=title).slug
        for title in ("Quokka husbandry", "Quokka Husbandry!", "QUOKKA HUSBANDRY")
    ]
    assert slugs == ["quokka-husbandry", "quokka-husbandry-technical-skill", "quokka-husbandry-2"]


def test_a_level_outside_the_scale_held_in_the_database_is_an_error_with_its_line(tmp_path):
    from frameworks.models import LevelScale

    # An admin narrowed a framework's scale to levels 1 to 3; the file asks for level 4.
    LevelScale.objects.create(name="Bench Framework levels", slug="bench-framework-levels", min_rank=1, max_rank=3)
    text = (
        "Summary\nA role.\nBench Framework\n| Skill | Level |\n|---|---|\n|\n"
        "1.1 Collection management |\n1.1 Collection management | Level 4 - Enable I can. |\n|\n"
    )
    before = counts()
    with pytest.raises(CommandError) as error:
        call_command("import_profile", str(write(tmp_path, text, "narrow.txt")), "--title", "Narrow")
    assert (
        'narrow.txt, line 7: the level "Level 4 - Enable" is outside the Bench Framework levels scale (1 to 3)'
        in str(error.value)
    )
    assert counts() == before


def test_more_entries_than_an_import_takes_is_an_error_at_the_first_one_over(tmp_path):
    from roleprofiles.rmp.importer import MAX_ENTRIES

    rows = "".join(f"Skill {i} | Details. | Familiar with |\n" for i in range(MAX_ENTRIES + 1))
    text = "Summary\nA role.\nTechnical Skills\nTitle | Details | Depth |\n---|---|---|\n" + rows
    before = counts()
    with pytest.raises(CommandError) as error:
        call_command("import_profile", str(write(tmp_path, text, "huge.txt")), "--dry-run")
    assert f"huge.txt, line {MAX_ENTRIES + 6}: the profile has {MAX_ENTRIES + 1:,} entries; at most" in str(error.value)
    assert counts() == before


def test_a_file_larger_than_the_importer_takes_is_refused_before_it_is_read(tmp_path):
    from roleprofiles.rmp.parsing import MAX_PROFILE_BYTES

    path = write(tmp_path, "Summary\n" + "x" * MAX_PROFILE_BYTES, "big.txt")
    with pytest.raises(CommandError, match=r"big.txt: the file is larger than 2 MB, the most the importer takes"):
        call_command("import_profile", str(path), "--dry-run")


def test_thousands_of_lost_character_warnings_are_summarised(tmp_path, capsys):
    text = MINIMAL.replace("A test role.", "A test role.\n" + "k?mean\n" * 60)
    call_command("import_profile", str(write(tmp_path, text, "lost.txt")), "--dry-run")
    out = capsys.readouterr().out
    assert out.count("a '?' inside a word may stand for") == 50
    assert "and 10 more lines with a '?' inside a word" in out
