"""generate_sample_data: deterministic, clearly marked, long-tailed, bulk-written sample roles."""

from __future__ import annotations

from collections import Counter

import pytest
from django.conf import settings
from django.core.management import CommandError, call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext

from frameworks.models import Skill
from roleprofiles.management.commands.generate_sample_data import generate
from roleprofiles.models import JobFamily, Requirement, Role, Section

pytestmark = pytest.mark.django_db


def snapshot() -> list[tuple]:
    """What a visitor would see of the sample roles, independent of database ids."""
    rows = Requirement.objects.filter(role__slug__startswith="sample-").values_list(
        "role__slug",
        "role__title",
        "role__family__name",
        "role__level__rank",
        "position",
        "section",
        "skill__title",
        "level__label",
        "depth__label",
        "descriptor",
    )
    return sorted(rows)


def test_generates_the_requested_number_of_published_marked_roles():
    loaded = list(Role.objects.order_by("pk").values_list("pk", "slug"))  # the seed and the DDaT release
    call_command("generate_sample_data", roles=25, seed=3, verbosity=0)
    roles = Role.objects.filter(slug__startswith="sample-")
    assert roles.count() == 25
    assert set(roles.values_list("status", flat=True)) == {Role.Status.PUBLISHED}
    assert all(title.startswith("Sample: ") for title in roles.values_list("title", flat=True))
    families = JobFamily.objects.filter(roles__in=roles).values_list("name", flat=True)
    assert all(name.startswith("Sample: ") for name in families)
    assert set(roles.values_list("owner", flat=True)) == {"Sample data"}
    sample_skills = Skill.objects.filter(requirements__role__in=roles).distinct()
    assert all(skill.title.startswith("Sample: ") and skill.slug.startswith("sample-") for skill in sample_skills)
    # The seed content is untouched and still there beside it.
    assert list(Role.objects.exclude(slug__startswith="sample-").order_by("pk").values_list("pk", "slug")) == loaded


def test_roles_have_about_sixty_requirements_across_the_sections_in_order():
    call_command("generate_sample_data", roles=30, seed=5, verbosity=0)
    per_role = Counter(Requirement.objects.filter(role__slug__startswith="sample-").values_list("role", flat=True))
    assert len(per_role) == 30
    assert 50 <= sum(per_role.values()) / len(per_role) <= 75
    role = Role.objects.filter(slug__startswith="sample-").first()
    requirements = list(role.requirements.order_by("position"))
    assert [r.position for r in requirements] == list(range(1, len(requirements) + 1))
    assert {r.section for r in requirements} == set(Section.values)
    for r in requirements:  # levels and depths come from the right scales
        if r.section in (Section.TECHNICAL, Section.OTHER):
            assert r.depth.scale.slug == "depth" and r.level is None
        if r.section == Section.WORK_ACTIVITY:
            assert r.level.scale.slug == "responsibility"
        if r.level or r.depth:
            assert r.level_label == (r.level or r.depth).label


def test_skills_are_shared_with_a_long_tail():
    call_command("generate_sample_data", roles=200, seed=11, verbosity=0)
    data = Requirement.objects.filter(role__slug__startswith="sample-", section=Section.DATA)
    roles_per_skill = sorted(Counter(data.values_list("skill", flat=True)).values(), reverse=True)
    assert roles_per_skill[0] >= 100  # the most common data skill is in at least half the roles
    assert roles_per_skill[len(roles_per_skill) // 2] <= roles_per_skill[0] / 5  # the median far fewer
    assert sum(1 for n in roles_per_skill if n <= 5) >= len(roles_per_skill) // 4  # and a long tail of rare ones


def test_same_seed_gives_the_same_data_and_another_seed_differs():
    call_command("generate_sample_data", roles=15, seed=42, verbosity=0)
    first = snapshot()
    call_command("generate_sample_data", roles=15, seed=42, replace=True, verbosity=0)
    assert snapshot() == first
    call_command("generate_sample_data", roles=15, seed=43, replace=True, verbosity=0)
    assert snapshot() != first


def test_a_second_run_is_refused_with_a_clear_message():
    call_command("generate_sample_data", roles=5, verbosity=0)
    with pytest.raises(CommandError, match="5 sample roles already exist. Use --replace"):
        call_command("generate_sample_data", roles=5, verbosity=0)
    assert Role.objects.filter(slug__startswith="sample-").count() == 5


def test_delete_removes_every_sample_row_and_nothing_else():
    before = (Role.objects.count(), Requirement.objects.count(), Skill.objects.count(), JobFamily.objects.count())
    call_command("generate_sample_data", roles=10, verbosity=0)
    call_command("generate_sample_data", delete=True, verbosity=0)
    after = (Role.objects.count(), Requirement.objects.count(), Skill.objects.count(), JobFamily.objects.count())
    assert after == before


def test_asks_for_a_number_of_roles():
    with pytest.raises(CommandError, match="Give the number of roles"):
        call_command("generate_sample_data", verbosity=0)


def test_writes_in_bulk_not_per_row():
    """Query count, not wall-clock time: ~6,000 rows in a few dozen queries on PostgreSQL (SQLite's
    limit on query parameters makes its batches smaller, so about a hundred there)."""
    with CaptureQueriesContext(connection) as queries:
        counts = generate(roles=100, seed=2)
    assert counts["roles"] == 100
    assert counts["requirements"] > 5000
    rows = counts["roles"] + counts["requirements"] + counts["skills"]
    assert len(queries) <= rows / 40, f"{len(queries)} queries for {rows} rows"


def test_sample_roles_render_as_profiles(client):
    call_command("generate_sample_data", roles=3, seed=9, verbosity=0)
    role = Role.objects.filter(slug__startswith="sample-").order_by("slug").first()
    response = client.get(f"/roles/{role.slug}/")
    assert response.status_code == 200
    assert role.title in response.content.decode()


def test_sample_data_is_never_in_the_fixtures():
    text = (settings.FIXTURES_DIR / "seed.json").read_text(encoding="utf-8")
    assert '"sample-' not in text
    assert "Sample: " not in text
