"""Self-assessment scoring as pure functions: a worked example per scale, the boundaries
and tampered input. No database."""

from __future__ import annotations

import pytest

from pathways.scoring import (
    BAR_AREA,
    EVIDENCE_REQUIRED,
    EVIDENCE_SCALE,
    YES_NO_SCALE,
    BadAnswers,
    GroupScore,
    Item,
    chart_bars,
    parse_answers,
    scale_options,
    score,
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
    """Two dimensions of three skill areas. Competency: strong, good, none yet; person-centred:
    some, some, (unrated). Readiness counts min(rating, good): competency (2+2+0)/6 = 67%,
    person-centred (1+1+0)/6 = 33%; overall 6/12 = 50%."""
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
    assert [(g.name, g.percent, g.met, g.items) for g in result.groups] == [
        ("Competency", 67, 2, 3),
        ("Person-centred", 33, 0, 3),
    ]
    assert result.percent == 50
    assert (result.met, result.total, result.answered) == (2, 6, 5)
    assert [i.key for i in result.unanswered] == ["f"]
    # Largest gap first (2 steps: c from none yet, f unrated), ties in the items' order.
    assert [(g.item.key, g.size, g.rating_label) for g in result.gaps] == [
        ("c", 2, "None yet"),
        ("f", 2, "None yet"),
        ("d", 1, "Some"),
        ("e", 1, "Some"),
    ]


def test_worked_example_level_scale():
    """Competency levels 1-5 (only Level 2 and Level 5 have rows): "Not yet", then five ranks.
    Required Level 5 rated 3: gap 2; required Level 2 rated 4: met, and the surplus does
    not make up for the gap. Section readiness (3 + 2) / (5 + 2) = 71%."""
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
    assert result.groups[0].percent == 71
    assert [(g.item.key, g.size, g.rating_label, g.item.required_label) for g in result.gaps] == [
        ("r1", 2, "Level 3", "Level 5")
    ]


def test_worked_example_depth_scale():
    """Depth of knowledge: Familiar with (1), Proficient in (2), Expert in (3). Required
    Expert in, rated Familiar with: gap 2, readiness 1/3 = 33%."""
    item = Item(key="r9", title="Data ethics", group="Technical Skills", required=3, options=DEPTH)
    result = score([item], parse_answers([item], {"r9": ["1"]}))
    assert result.groups[0].percent == 33
    assert result.gaps[0].size == 2
    assert (result.gaps[0].rating_label, item.required_label) == ("Familiar with", "Expert in")


def test_worked_example_yes_no_scale_for_unlevelled_requirements():
    items = [
        Item(key="r1", title="Analytical Thinking", group="Behavioural Skills", required=1, options=YES_NO_SCALE),
        Item(key="r2", title="Flexibility", group="Behavioural Skills", required=1, options=YES_NO_SCALE),
    ]
    result = score(items, parse_answers(items, {"r1": ["1"], "r2": ["0"]}))
    assert result.percent == 50
    assert [(g.item.key, g.size) for g in result.gaps] == [("r2", 1)]


def test_scale_labels_come_from_the_scale_name_when_it_lists_one_word_per_rank():
    options = scale_options(
        min_rank=1, max_rank=4, labels={3: "Practitioner"}, scale_name="Awareness, working, practitioner, expert"
    )
    assert [o.label for o in options] == ["Not yet", "Awareness", "Working", "Practitioner", "Expert"]


@pytest.mark.parametrize(
    ("rating", "percent", "gaps"),
    [("0", 0, 1), ("1", 50, 1), ("2", 100, 0), ("3", 100, 0)],
)
def test_boundaries_on_the_evidence_scale(rating, percent, gaps):
    items = [evidence_item("s1", "G")]
    result = score(items, parse_answers(items, {"s1": [rating]}))
    assert result.percent == percent
    assert len(result.gaps) == gaps


def test_nothing_rated_is_zero_readiness_and_every_item_a_gap():
    items = [evidence_item("s1", "G"), evidence_item("s2", "G")]
    result = score(items, parse_answers(items, {}))
    assert (result.percent, len(result.gaps), result.answered) == (0, 2, 0)


def test_empty_rating_values_count_as_unrated():
    items = [evidence_item("s1", "G")]
    assert parse_answers(items, {"s1": [""]}) == {}


def test_no_items_is_full_readiness_not_a_division_by_zero():
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
    bars = chart_bars([GroupScore("A", achieved=1, required=4), GroupScore("B", achieved=4, required=4)])
    assert [(b.label, b.percent, b.width) for b in bars] == [("A", 25, BAR_AREA / 4), ("B", 100, BAR_AREA)]
    assert bars[1].bar_y > bars[0].bar_y
