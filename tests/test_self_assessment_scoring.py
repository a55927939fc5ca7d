"""Self-assessment scoring as pure functions: a worked example per scale, the boundaries,
the rounding, the steps and tampered input. No database.

The one measure: an item is met when its rating is at or above the level it requires; a
section's figure, and the whole assessment's, is the items met over the items in it, as a
whole percentage rounded half up. Items rated but below the level are "partly met", counted
beside it and never in it."""

from __future__ import annotations

import pytest

from pathways.scoring import (
    BAR_AREA,
    EVIDENCE_REQUIRED,
    EVIDENCE_SCALE,
    ONE_PAGE_MAX,
    YES_NO_SCALE,
    BadAnswers,
    GroupScore,
    Item,
    chart_bars,
    parse_answers,
    parse_step,
    percent_of,
    scale_options,
    score,
    steps,
)


def evidence_item(key: str, group: str, position: int = 0) -> Item:
    return Item(
        key=key, title=key.upper(), group=group, required=EVIDENCE_REQUIRED, options=EVIDENCE_SCALE, position=position
    )


COMPETENCY = scale_options(min_rank=1, max_rank=5, labels={2: "Level 2", 5: "Level 5"}, scale_name="Competency levels")
DEPTH = scale_options(
    min_rank=1, max_rank=3, labels={1: "Familiar with", 2: "Proficient in", 3: "Expert in"}, scale_name="Depth"
)


def test_evidence_scale_is_none_yet_to_strong_and_asks_for_good():
    assert [(o.rank, o.label) for o in EVIDENCE_SCALE] == [(0, "None yet"), (1, "Some"), (2, "Good"), (3, "Strong")]
    assert EVIDENCE_REQUIRED == 2


def test_worked_example_dhlp_evidence_scale():
    """Two dimensions of three skill areas; each asks for Good. Competency: strong, good, none
    yet: 2 of 3 met = 67%. Person-centred: some, some, (unrated): 0 of 3 met = 0%, two partly
    met. Overall 2 of 6 = 33%, not the mean of the two sections and not a share of "steps"."""
    items = [
        evidence_item("a", "Competency", 1),
        evidence_item("b", "Competency", 2),
        evidence_item("c", "Competency", 3),
        evidence_item("d", "Person-centred", 4),
        evidence_item("e", "Person-centred", 5),
        evidence_item("f", "Person-centred", 6),
    ]
    answers = parse_answers(items, {"framework": ["dhlp"], "a": ["3"], "b": ["2"], "c": ["0"], "d": ["1"], "e": ["1"]})
    result = score(items, answers)
    assert [(g.name, g.met, g.items, g.percent, g.partly) for g in result.groups] == [
        ("Competency", 2, 3, 67, 0),
        ("Person-centred", 0, 3, 0, 2),
    ]
    assert (result.met, result.total, result.percent, result.partly, result.answered) == (2, 6, 33, 2, 5)
    assert [i.key for i in result.unanswered] == ["f"]
    # Largest gap first (2 steps: c from none yet, f unrated), ties in the items' order.
    assert [(g.item.key, g.size, g.rating_label) for g in result.gaps] == [
        ("c", 2, "None yet"),
        ("f", 2, "None yet"),
        ("d", 1, "Some"),
        ("e", 1, "Some"),
    ]
    assert len(result.gaps) == result.total - result.met


def test_worked_example_level_scale():
    """Competency levels 1-5 (only Level 2 and Level 5 have rows): "Not yet", then five ranks.
    Required Level 5 rated 3: partly met, a gap of 2; required Level 2 rated 4: met, and the
    surplus does not make up for the gap. 1 of 2 met = 50%."""
    assert [(o.rank, o.label) for o in COMPETENCY] == [
        (0, "Not yet"),
        (1, "Level 1"),
        (2, "Level 2"),
        (3, "Level 3"),
        (4, "Level 4"),
        (5, "Level 5"),
    ]
    items = [
        Item(key="r1", title="Ethics", group="Data Skills", required=5, options=COMPETENCY),
        Item(key="r2", title="Coaching", group="Data Skills", required=2, options=COMPETENCY),
    ]
    result = score(items, parse_answers(items, {"r1": ["3"], "r2": ["4"]}))
    assert (result.groups[0].met, result.groups[0].percent, result.groups[0].partly) == (1, 50, 1)
    assert [(g.item.key, g.size, g.rating_label, g.item.required_label) for g in result.gaps] == [
        ("r1", 2, "Level 3", "Level 5")
    ]


def test_worked_example_depth_scale():
    """Depth of knowledge: Familiar with (1), Proficient in (2), Expert in (3). Required
    Expert in, rated Familiar with: partly met, gap 2, 0 of 1 met = 0%."""
    item = Item(key="r9", title="Data ethics", group="Technical Skills", required=3, options=DEPTH)
    result = score([item], parse_answers([item], {"r9": ["1"]}))
    assert (result.groups[0].percent, result.groups[0].partly) == (0, 1)
    assert result.gaps[0].size == 2
    assert (result.gaps[0].rating_label, item.required_label) == ("Familiar with", "Expert in")


def test_worked_example_yes_no_scale_for_unlevelled_requirements():
    items = [
        Item(key="r1", title="Analytical Thinking", group="Behavioural Skills", required=1, options=YES_NO_SCALE),
        Item(key="r2", title="Flexibility", group="Behavioural Skills", required=1, options=YES_NO_SCALE),
    ]
    result = score(items, parse_answers(items, {"r1": ["1"], "r2": ["0"]}))
    assert (result.met, result.total, result.percent, result.partly) == (1, 2, 50, 0)
    assert [(g.item.key, g.size) for g in result.gaps] == [("r2", 1)]


@pytest.mark.parametrize(
    ("met", "total", "percent"),
    [(1, 8, 13), (5, 8, 63), (1, 6, 17), (2, 3, 67), (1, 3, 33), (27, 120, 23), (1, 26, 4), (0, 5, 0), (5, 5, 100)],
)
def test_percentages_round_half_up_as_people_do(met, total, percent):
    # Python's round() would give 12 and 62 for 1/8 and 5/8: not what a person checking gets.
    assert percent_of(met, total) == percent


def test_sections_add_up_to_the_whole():
    items = [evidence_item(f"s{i}", f"G{i % 3}", i) for i in range(10)]
    answers = {f"s{i}": i % 4 for i in range(10)}
    result = score(items, answers)
    assert sum(g.met for g in result.groups) == result.met
    assert sum(g.items for g in result.groups) == result.total == 10
    assert sum(g.partly for g in result.groups) == result.partly
    assert result.met == sum(1 for i in range(10) if i % 4 >= EVIDENCE_REQUIRED)
    assert result.percent == percent_of(result.met, result.total)


def test_scale_labels_come_from_the_scale_name_when_it_lists_one_word_per_rank():
    options = scale_options(
        min_rank=1, max_rank=4, labels={3: "Practitioner"}, scale_name="Awareness, working, practitioner, expert"
    )
    assert [o.label for o in options] == ["Not yet", "Awareness", "Working", "Practitioner", "Expert"]


@pytest.mark.parametrize(
    ("rating", "percent", "partly", "gaps"),
    [("0", 0, 0, 1), ("1", 0, 1, 1), ("2", 100, 0, 0), ("3", 100, 0, 0)],
)
def test_boundaries_on_the_evidence_scale(rating, percent, partly, gaps):
    items = [evidence_item("s1", "G")]
    result = score(items, parse_answers(items, {"s1": [rating]}))
    assert (result.percent, result.partly, len(result.gaps)) == (percent, partly, gaps)


def test_nothing_rated_is_nothing_met_and_every_item_a_gap():
    items = [evidence_item("s1", "G"), evidence_item("s2", "G")]
    result = score(items, parse_answers(items, {}))
    assert (result.met, result.percent, result.partly, len(result.gaps), result.answered) == (0, 0, 0, 2, 0)


def test_empty_rating_values_count_as_unrated():
    items = [evidence_item("s1", "G")]
    assert parse_answers(items, {"s1": [""]}) == {}


def test_no_items_is_not_a_division_by_zero():
    assert score([], {}).percent == 100
    assert GroupScore("empty").percent == 100


@pytest.mark.parametrize(
    ("query", "message"),
    [
        ({"s1": ["4"]}, "must be one of 0, 1, 2, 3"),
        ({"s1": ["-1"]}, "must be one of 0, 1, 2, 3"),
        ({"s1": ["two"]}, "must be one of 0, 1, 2, 3"),
        ({"s1": ["1.5"]}, "must be one of 0, 1, 2, 3"),
        ({"s1": ["99999999999999999999"]}, "must be one of 0, 1, 2, 3"),
        ({"s1": ["²"]}, "must be one of 0, 1, 2, 3"),
        ({"s1": ["٣"]}, "must be one of 0, 1, 2, 3"),
        ({"s1": ["1", "2"]}, "rated more than once"),
        ({"s99": ["1"]}, "is not one of the items"),
        ({"<script>": ["1"]}, "is not one of the items"),
    ],
)
def test_tampered_answers_are_rejected_with_a_reason(query, message):
    with pytest.raises(BadAnswers) as error:
        parse_answers([evidence_item("s1", "G")], query)
    assert message in str(error.value)


def test_every_problem_is_reported_at_once():
    with pytest.raises(BadAnswers) as error:
        parse_answers([evidence_item("s1", "G")], {"s1": ["7"], "x": ["1"]})
    assert len(error.value.problems) == 2


def test_a_level_rating_outside_its_scale_is_rejected():
    item = Item(key="r1", title="Ethics", group="Data Skills", required=5, options=COMPETENCY)
    with pytest.raises(BadAnswers):
        parse_answers([item], {"r1": ["6"]})
    assert parse_answers([item], {"r1": ["0"]}) == {"r1": 0}


def test_chart_bars_are_proportional_with_the_same_figures():
    bars = chart_bars([GroupScore("A", items=4, met=1), GroupScore("B", items=4, met=4)])
    assert [(b.label, b.percent, b.width) for b in bars] == [("A", 25, BAR_AREA / 4), ("B", 100, BAR_AREA)]
    assert [b.value for b in bars] == ["1 of 4 (25%)", "4 of 4 (100%)"]


# --- Steps: one section per page for a long assessment ---------------------------------------


def sectioned(sizes: list[int]) -> list[Item]:
    return [evidence_item(f"s{g}x{i}", f"Section {g}", i) for g, size in enumerate(sizes, 1) for i in range(size)]


def test_a_short_assessment_is_one_page():
    plan = steps(sectioned([5, 5]), {}, None)
    assert plan.one_page and [s.name for s in plan.shown] == ["Section 1", "Section 2"]
    assert plan.carried == []


def test_a_long_assessment_is_one_section_per_step_with_answers_carried():
    items = sectioned([2, 30, 10])
    assert len(items) > ONE_PAGE_MAX
    answers = {"s1x0": 3, "s1x1": 0, "s2x4": 1, "s3x9": 2}
    plan = steps(items, answers, 2)
    assert not plan.one_page
    assert (plan.current.number, plan.current.name, len(plan.sections)) == (2, "Section 2", 3)
    assert (plan.previous.number, plan.next.number) == (1, 3)
    assert [s.name for s in plan.shown] == ["Section 2"]
    # The answers of the other sections travel as hidden fields, this section's as radios.
    assert plan.carried == [("s1x0", 3), ("s1x1", 0), ("s3x9", 2)]
    assert [(s.items_count, s.answered) for s in plan.sections] == [(2, 2), (30, 1), (10, 1)]
    assert (plan.answered, plan.total) == (4, 42)
    first, last = steps(items, answers, None), steps(items, answers, 3)
    assert first.current.number == 1 and first.previous is None
    assert last.next is None


@pytest.mark.parametrize("value", ["0", "4", "-1", "abc", "1.5", "٣", "99999999999999999999"])
def test_a_step_outside_the_sections_is_rejected_with_a_reason(value):
    with pytest.raises(BadAnswers) as error:
        parse_step([value], 3)
    assert "a whole number from 1 to 3" in str(error.value)


def test_steps_are_read_once():
    assert parse_step([], 3) is None and parse_step(["2"], 3) == 2
    with pytest.raises(BadAnswers):
        parse_step(["1", "2"], 3)


def test_the_step_is_not_an_answer():
    assert parse_answers([evidence_item("s1", "G")], {"step": ["2"], "s1": ["1"]}) == {"s1": 1}
