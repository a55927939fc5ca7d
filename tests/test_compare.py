"""Compare: the pure engine (alignment, flags, gaps) and the /compare/ page."""

from __future__ import annotations

import itertools

import pytest

from frameworks.models import Level, Skill
from roleprofiles.compare import Gap, build_comparison, comparison_roles, gaps_to_target
from roleprofiles.models import Requirement, Role, Section

# Unsaved model instances with explicit keys: the engine makes no queries, so these
# tests need no database.
_ids = itertools.count(1000)
SCALE_A, SCALE_B = 1, 2


def level(rank: int, scale: int = SCALE_A) -> Level:
    return Level(pk=scale * 100 + rank, scale_id=scale, rank=rank, label=f"Level {rank}")


def skill(title: str) -> Skill:
    return Skill(pk=next(_ids), title=title, kind=Skill.Kind.DATA)


def req(role: Role, sk: Skill, *, section=Section.DATA, position=1, lvl=None, depth=None, descriptor="Does it."):
    return Requirement(
        pk=next(_ids), role=role, skill=sk, section=section, position=position, level=lvl, depth=depth,
        descriptor=descriptor,
    )  # fmt: skip


def role(title: str) -> Role:
    return Role(pk=next(_ids), title=title, slug=title.lower().replace(" ", "-"))


# The engine --------------------------------------------------------------------------------


def test_rows_align_by_skill_and_section_in_section_then_source_order():
    a, b = role("A"), role("B")
    shared, only_a, only_b, qual = skill("Shared"), skill("Only A"), skill("Only B"), skill("A qualification")
    reqs = {
        a.pk: [
            req(a, qual, section=Section.QUALIFICATION, position=1),
            req(a, only_a, position=3),
            req(a, shared, position=2),
        ],
        b.pk: [req(b, only_b, position=1), req(b, shared, position=2)],
    }
    comparison = build_comparison([a, b], reqs)

    assert [(r.skill.title, r.section) for r in comparison.rows] == [
        ("Shared", Section.DATA),  # data before qualifications; A's source order first
        ("Only A", Section.DATA),
        ("Only B", Section.DATA),  # rows only a later role has come after
        ("A qualification", Section.QUALIFICATION),
    ]
    shared_row, only_a_row, only_b_row, _ = comparison.rows
    assert shared_row.shared and shared_row.same
    assert only_a_row.cells[1] is None and not only_a_row.shared
    assert only_b_row.cells[0] is None
    assert [(s.total, s.shared, s.unique) for s in comparison.summaries] == [(3, 1, 2), (2, 1, 1)]
    assert comparison.overlap == 1
    assert [g.label for g in comparison.groups()] == ["Data skills", "Qualifications"]


def test_same_skill_in_two_sections_is_two_rows():
    a, b = role("A"), role("B")
    sk = skill("Evaluation")
    comparison = build_comparison(
        [a, b],
        {a.pk: [req(a, sk, section=Section.DATA), req(a, sk, section=Section.PROJECT, position=2)], b.pk: []},
    )
    assert [r.section for r in comparison.rows] == [Section.DATA, Section.PROJECT]


@pytest.mark.parametrize(
    ("levels", "highest"),
    [
        pytest.param([level(3), level(5)], [1], id="second-higher"),
        pytest.param([level(5), level(3)], [0], id="first-higher"),
        pytest.param([level(4), level(4)], [], id="same-level"),
        pytest.param([level(5), level(3, SCALE_B)], [], id="different-scales-never-ranked"),
        pytest.param([level(2), level(5), level(5)], [1, 2], id="tie-at-top"),
        pytest.param([level(2), None, level(4)], [2], id="ranked-among-roles-that-have-it"),
        pytest.param([level(2), "no-level"], [], id="one-without-level"),
    ],
)
def test_highest_is_ranked_only_within_one_scale(levels, highest):
    roles = [role(f"R{i}") for i in range(len(levels))]
    sk = skill("Data governance")
    reqs = {}
    for r, lvl in zip(roles, levels, strict=True):
        if lvl is None:
            reqs[r.pk] = []
        else:
            reqs[r.pk] = [req(r, sk, lvl=None if lvl == "no-level" else lvl)]
    (row,) = build_comparison(roles, reqs).rows
    assert row.highest == highest


@pytest.mark.parametrize(
    ("first", "second", "same"),
    [
        pytest.param({"lvl": level(3)}, {"lvl": level(3)}, True, id="identical"),
        pytest.param({"descriptor": "Does  it.\n"}, {"descriptor": "Does it."}, True, id="whitespace-only"),
        pytest.param({"lvl": level(3)}, {"lvl": level(4)}, False, id="level"),
        pytest.param({"depth": level(1, 3)}, {"depth": level(2, 3)}, False, id="depth"),
        pytest.param({"descriptor": "Leads it."}, {"descriptor": "Does it."}, False, id="descriptor"),
    ],
)
def test_same_in_all_compares_level_depth_and_descriptor(first, second, same):
    a, b = role("A"), role("B")
    sk = skill("Mentoring")
    (row,) = build_comparison([a, b], {a.pk: [req(a, sk, **first)], b.pk: [req(b, sk, **second)]}).rows
    assert row.shared
    assert row.same is same
    assert [r.same for r in build_comparison([a, b], {a.pk: [req(a, sk, **first)], b.pk: []}).rows] == [False]


def test_summary_with_three_roles_counts_shared_with_any_other_and_overlap_with_all():
    a, b, c = role("A"), role("B"), role("C")
    all3, ab, c_only = skill("All"), skill("AB"), skill("C only")
    reqs = {
        a.pk: [req(a, all3), req(a, ab, position=2)],
        b.pk: [req(b, all3), req(b, ab, position=2)],
        c.pk: [req(c, all3), req(c, c_only, position=2)],
    }
    comparison = build_comparison([a, b, c], reqs)
    assert [(s.total, s.shared, s.unique) for s in comparison.summaries] == [(2, 2, 0), (2, 2, 0), (2, 1, 1)]
    assert comparison.overlap == 1
    assert [r.skill.title for r in comparison.differences()] == ["AB", "C only"]


@pytest.mark.parametrize(
    ("current", "target", "kind"),
    [
        pytest.param(None, {"lvl": level(4)}, Gap.GAIN, id="lacks-it"),
        pytest.param({"lvl": level(3)}, {"lvl": level(5)}, Gap.RAISE, id="lower-level"),
        pytest.param({"lvl": level(5)}, {"lvl": level(5)}, Gap.MET, id="same-level"),
        pytest.param({"lvl": level(6)}, {"lvl": level(5)}, Gap.MET, id="higher-level"),
        pytest.param({"lvl": level(2, SCALE_B)}, {"lvl": level(5)}, Gap.MET, id="other-scale-not-ranked"),
        pytest.param({"depth": level(1, 3)}, {"depth": level(3, 3)}, Gap.RAISE, id="lower-depth"),
        pytest.param({}, {}, Gap.MET, id="no-levels"),
    ],
)
def test_gaps_to_target(current, target, kind):
    cur, tgt = role("Current"), role("Target")
    sk = skill("Data quality")
    current_reqs = [] if current is None else [req(cur, sk, **current)]
    target_req = req(tgt, sk, descriptor="Ensures data quality.", **target)
    (gap,) = gaps_to_target(current_reqs, [target_req])
    assert gap.kind == kind
    assert gap.target is target_req
    assert gap.descriptor == "Ensures data quality."
    assert gap.target_level == target.get("lvl") and gap.target_depth == target.get("depth")
    assert gap.current_level == (current or {}).get("lvl")


def test_gaps_are_sorted_by_section_then_target_position_and_match_section_too():
    cur, tgt = role("Current"), role("Target")
    x, y, z = skill("X"), skill("Y"), skill("Z")
    target = [
        req(tgt, x, section=Section.PDA, position=1),
        req(tgt, y, section=Section.DATA, position=3),
        req(tgt, z, section=Section.DATA, position=2),
    ]
    current = [req(cur, x, section=Section.TRAINING)]  # same skill, other section: still a gain
    gaps = gaps_to_target(current, target)
    assert [(g.skill.title, g.kind) for g in gaps] == [("Z", "gain"), ("Y", "gain"), ("X", "gain")]


# The engine on the seed roles ---------------------------------------------------------------

DATA_ETHICS = "data-ethics-lead"
KNOWLEDGE = "head-of-knowledge-and-library-services"
SHARED_PDA = [
    "Negotiating and Influencing",
    "Research Assignments",
    "Mentoring",
    "Participation in Professional Body Affairs",
    "Project Assignments",
]


@pytest.mark.django_db
def test_seed_roles_share_their_pda_entries_and_nothing_else():
    roles, requirements = comparison_roles([DATA_ETHICS, KNOWLEDGE])
    comparison = build_comparison(roles, requirements)

    shared = [(row.section, row.skill.title) for row in comparison.rows if row.shared]
    assert sorted(shared) == sorted((Section.PDA, title) for title in SHARED_PDA)
    assert len(comparison.rows) == 132 + 92 - 5
    assert [(s.total, s.shared, s.unique) for s in comparison.summaries] == [(132, 5, 127), (92, 5, 87)]
    assert comparison.overlap == 5

    delivering = next(row for row in comparison.rows if row.skill.title == "Delivering outcomes")
    assert delivering.cells[0].level.rank == 5 and delivering.cells[1] is None


@pytest.mark.django_db
def test_gaps_from_one_seed_role_to_the_other():
    roles, requirements = comparison_roles([KNOWLEDGE, DATA_ETHICS])
    gaps = gaps_to_target(requirements[roles[0].pk], requirements[roles[1].pk])
    assert len(gaps) == 132
    assert sorted(g.skill.title for g in gaps if g.kind == Gap.MET) == sorted(SHARED_PDA)
    assert {g.kind for g in gaps} == {Gap.MET, Gap.GAIN}
    assert gaps[0].section == Section.WORK_ACTIVITY
