"""Export a role to Role Model Plus text and import it again: the same role, row by row.

Run on both seed roles by name and on every role in the committed fixtures. ``source_text``
and ``source_line`` record where a row came from in its file, so they describe the file,
not the role, and are the only requirement fields left out of the comparison.
"""

from __future__ import annotations

import json

import pytest
from django.conf import settings

from roleprofiles.models import Requirement, Role
from roleprofiles.rmp.export import ExportError, export_role
from roleprofiles.rmp.importer import import_profile
from roleprofiles.rmp.parsing import parse_profile
from tests.factories import add_requirement, make_level, make_role, make_skill

pytestmark = pytest.mark.django_db

COMPARED = [
    "section",
    "heading",
    "position",
    "skill_id",
    "code",
    "level_id",
    "level_label",
    "depth_id",
    "descriptor",
]


def fixture_role_slugs() -> list[str]:
    data = json.loads((settings.FIXTURES_DIR / "seed.json").read_text(encoding="utf-8"))
    return [item["fields"]["slug"] for item in data if item["model"] == "roleprofiles.role"]


def rows(role: Role) -> list[dict]:
    return list(Requirement.objects.filter(role=role).order_by("position").values(*COMPARED))


def reimport(role: Role) -> tuple[Role, str]:
    text = export_role(role)
    parsed = parse_profile(text, filename=f"roundtrip-{role.slug}.txt")
    report = import_profile(parsed=parsed, title=role.title, slug=f"roundtrip-{role.slug}")
    assert report.role_created
    return Role.objects.get(slug=report.slug), text


def assert_same_role(original: Role, copy: Role) -> None:
    for name in ["summary", "professional_body_id", "level_id", "source_note", "title"]:
        assert getattr(copy, name) == getattr(original, name), name
    assert set(copy.additional_frameworks.all()) == set(original.additional_frameworks.all())
    before, after = rows(original), rows(copy)
    assert len(after) == len(before)
    for old, new in zip(before, after, strict=True):
        assert new == old


def test_the_fixtures_hold_both_seed_roles():
    assert set(fixture_role_slugs()) >= {"data-ethics-lead", "head-of-knowledge-and-library-services"}


@pytest.mark.parametrize(("slug", "count"), [("data-ethics-lead", 132), ("head-of-knowledge-and-library-services", 92)])
def test_seed_roles_round_trip(slug, count):
    original = Role.objects.get(slug=slug)
    copy, _ = reimport(original)
    assert copy.requirements.count() == count
    assert_same_role(original, copy)


@pytest.mark.parametrize("slug", fixture_role_slugs())
def test_every_fixture_role_round_trips_and_exports_stably(slug):
    original = Role.objects.get(slug=slug)
    copy, text = reimport(original)
    assert_same_role(original, copy)
    # The copy exports to the very same text: the format is a fixed point.
    assert export_role(copy) == text


def test_reimporting_the_export_over_the_role_changes_no_requirement_content():
    role = Role.objects.get(slug="data-ethics-lead")
    text = export_role(role)
    report = import_profile(parsed=parse_profile(text, filename="again.txt"), slug=role.slug, dry_run=True)
    assert report.requirements_created == report.requirements_deleted == 0
    role_fields = ("title:", "summary:", "source_note:", "professional_body:", "level:", "additional frameworks:")
    assert not [change for change in report.changes if change.startswith(role_fields)]


def test_an_edited_role_round_trips(source_text):
    """Content as an admin leaves it: edited text, a level without a label, reordered rows."""
    role = Role.objects.get(slug="data-ethics-lead")
    first = role.requirements.order_by("position").first()
    first.descriptor = "Edited in the admin,\nover two lines."
    first.save()
    copy, _ = reimport(role)
    moved = copy.requirements.get(skill=first.skill, section=first.section)
    assert moved.descriptor == "Edited in the admin, over two lines."  # a cell is one line


def test_a_generated_role_with_levels_depths_and_codes_round_trips():
    role = make_role("Generated round trip", summary="Does things.")
    scale_level = make_level(3)
    add_requirement(role, make_skill("Coded skill"), level=scale_level, code="GX1.2", descriptor="Level three text.")
    add_requirement(role, make_skill("Plain skill"), descriptor="No level.")
    copy, _ = reimport(role)
    copied = list(copy.requirements.order_by("position").select_related("level", "skill"))
    assert [(r.skill.title, r.code, r.descriptor) for r in copied] == [
        ("Coded skill", "GX1.2", "Level three text."),
        ("Plain skill", "", "No level."),
    ]
    assert copied[0].level.rank == 3
    # a heading of the admin's own ("Data skills") is written as the format's ("Data Skills")
    assert {r.heading for r in copied} == {"Data Skills"}


def test_a_pipe_inside_a_cell_cannot_be_exported_and_says_where():
    role = make_role("Piped")
    add_requirement(role, make_skill("Piped skill"), descriptor="a | b")
    with pytest.raises(ExportError, match='The details of "Piped skill"'):
        export_role(role)
