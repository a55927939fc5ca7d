"""Self-assessment scoring: pure functions over plain data, no queries.

An ``Item`` is one thing to rate (a DHLP skill area, or a role's requirement) with the
options of its own scale and the rank it requires. ``parse_answers`` reads ratings from
a query string and rejects anything a form could not have sent; ``score`` counts the items
met per group and lists the gaps, largest first; ``steps`` splits a long assessment into
one section per page.

Scales:

* the DHLP evidence scale: none yet (0), some (1), good (2), strong (3). The framework
  says candidates "must be able to demonstrate a good level of experience to build
  upon", so "good" is the level each skill area asks for;
* a requirement with a level or a depth: "Not yet" (0), then every rank of its scale,
  the rank of the requirement's own level being the one required;
* a requirement with no level (a behavioural skill): "Not yet" (0) or "Yes" (1).

One measure, which a person can check from the page: an item is **met** when its rating is
at or above the level it requires. A section's figure, and the whole assessment's, is the
items met over the items in it ("You meet 27 of 120 items (23%)"), the percentage rounded
half up (``percent_of``). An unrated item is not met. Items rated above "Not yet" but below
the level are counted as **partly met**, beside the figure and never in it; each item not
met is a gap, its size the steps between the rating and the level.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field

NOT_YET = 0


@dataclass(frozen=True)
class Option:
    rank: int
    label: str
    hint: str = ""


EVIDENCE_SCALE = (
    Option(0, "None yet", "I have no evidence of this yet"),
    Option(1, "Some", "I have some evidence, from limited experience"),
    Option(2, "Good", "I have good evidence, from regular experience"),
    Option(3, "Strong", "I have strong evidence, from leading this"),
)
EVIDENCE_REQUIRED = 2
YES_NO_SCALE = (Option(0, "Not yet"), Option(1, "Yes, I can show this"))


def scale_options(*, min_rank: int, max_rank: int, labels: Mapping[int, str], scale_name: str = "") -> tuple:
    """ "Not yet", then each rank of a level or depth scale with its label.

    A rank with no Level row is labelled from the scale's name when the name lists one
    word per rank ("Awareness, working, practitioner, expert"), else "Level N"."""
    names = [part.strip().capitalize() for part in scale_name.split(",")]
    from_name = len(names) == max_rank - min_rank + 1 and all(names)
    options = [Option(NOT_YET, "Not yet")]
    for rank in range(min_rank, max_rank + 1):
        label = labels.get(rank) or (names[rank - min_rank] if from_name else f"Level {rank}")
        options.append(Option(rank, label))
    return tuple(options)


@dataclass(frozen=True)
class Item:
    key: str  # the query-string name, e.g. "s12" or "r345"
    title: str
    group: str  # the dimension or section it belongs to
    required: int
    options: tuple[Option, ...]
    descriptor: str = ""
    code: str = ""
    position: int = 0
    skill_id: int | None = None
    scale_id: int | None = None

    @property
    def required_label(self) -> str:
        return self.label_for(self.required)

    @property
    def words_levels(self) -> bool:
        """Whether the options carry the framework's wording of the skill at each level."""
        return any(option.hint for option in self.options)

    @property
    def own_wording(self) -> str:
        """The requirement's own wording, or nothing where it only repeats the framework's
        wording of the required level (which the required option shows already)."""
        required = next((option.hint for option in self.options if option.rank == self.required), "")
        return "" if " ".join(self.descriptor.split()) == " ".join(required.split()) else self.descriptor

    def label_for(self, rank: int) -> str:
        return next((option.label for option in self.options if option.rank == rank), str(rank))

    @property
    def ranks(self) -> set[int]:
        return {option.rank for option in self.options}


class BadAnswers(ValueError):
    """The query string has something the form could not have sent."""

    def __init__(self, problems: Sequence[str]):
        super().__init__("; ".join(problems))
        self.problems = list(problems)


# Query-string names that are not ratings (the choice of what to assess, the step, the format).
RESERVED = {"role", "framework", "step", "format"}


def parse_answers(items: Sequence[Item], query: Mapping[str, Sequence[str]]) -> dict[str, int]:
    """The ratings in ``query`` (a dict of lists, like a QueryDict), checked.

    Raises BadAnswers for an unknown item, a repeated item, or a rating that is not a
    whole number on the item's scale. An item left unrated is simply absent."""
    by_key = {item.key: item for item in items}
    answers: dict[str, int] = {}
    problems: list[str] = []
    for name, values in query.items():
        if name in RESERVED:
            continue
        item = by_key.get(name)
        if item is None:
            problems.append(f"“{name[:40]}” is not one of the items of this assessment")
            continue
        values = [value for value in values if value != ""]
        if not values:
            continue
        if len(values) > 1:
            problems.append(f"“{item.title}” is rated more than once")
            continue
        value = values[0].strip()
        if not (value.isascii() and value.isdigit()) or int(value) not in item.ranks:
            allowed = ", ".join(str(rank) for rank in sorted(item.ranks))
            problems.append(f"the rating of “{item.title}” must be one of {allowed}, not “{value[:20]}”")
            continue
        answers[name] = int(value)
    if problems:
        raise BadAnswers(problems)
    return answers


@dataclass(frozen=True)
class RatingGap:
    """How far a rating falls short of what an item requires."""

    item: Item
    rating: int

    @property
    def size(self) -> int:
        return self.item.required - self.rating

    @property
    def rating_label(self) -> str:
        return self.item.label_for(self.rating)


def percent_of(part: int, whole: int) -> int:
    """``part`` of ``whole`` as a whole percentage, rounded half up as people round (1 of 8 is
    13%; Python's ``round`` would say 12). Nothing of nothing is 100%: no item is unmet."""
    if not whole:
        return 100
    return (200 * part + whole) // (2 * whole)


@dataclass
class GroupScore:
    name: str
    items: int = 0
    met: int = 0
    partly: int = 0  # rated, but below the level required

    @property
    def percent(self) -> int:
        return percent_of(self.met, self.items)


@dataclass
class Result:
    groups: list[GroupScore]
    gaps: list[RatingGap]
    answered: int
    total: int
    met: int  # over all the groups
    partly: int
    unanswered: list[Item] = field(default_factory=list)

    @property
    def percent(self) -> int:
        return percent_of(self.met, self.total)


def score(items: Iterable[Item], answers: Mapping[str, int]) -> Result:
    """Items met by group, in the order groups first appear, and the gaps largest first
    (ties in the items' order). An unrated item counts as "not yet"."""
    groups: dict[str, GroupScore] = {}
    gaps: list[RatingGap] = []
    unanswered: list[Item] = []
    total = 0
    for item in items:
        total += 1
        rating = answers.get(item.key, NOT_YET)
        if item.key not in answers:
            unanswered.append(item)
        group = groups.setdefault(item.group, GroupScore(item.group))
        group.items += 1
        if rating >= item.required:
            group.met += 1
        else:
            group.partly += rating > NOT_YET
            gaps.append(RatingGap(item=item, rating=rating))
    gaps.sort(key=lambda gap: (-gap.size, gap.item.position))
    return Result(
        groups=list(groups.values()),
        gaps=gaps,
        answered=total - len(unanswered),
        total=total,
        met=sum(group.met for group in groups.values()),
        partly=sum(group.partly for group in groups.values()),
        unanswered=unanswered,
    )


def how_worked_out(kind: str) -> list[str]:
    """How the figures are worked out, in words, for the result page and the Word plan alike.
    ``kind`` is "role" or "framework"."""
    level = "the level the role requires" if kind == "role" else "the level the framework asks for (Good)"
    part = "section" if kind == "role" else "dimension"
    return [
        f"An item is met when your rating is at or above {level}. An item you left unrated is not met.",
        f"Each {part}'s figure is the items met in it out of the items in it; the overall figure is all the items "
        f"met out of all the items, so it is not an average of the {part}s. Percentages are rounded to the nearest "
        "whole number, halves up.",
        "Partly met items (rated, but below the level) are counted separately and never in the percentage.",
        "Each item not met is a gap: its size is the number of steps on its scale from your rating up to the level.",
    ]


# Steps -----------------------------------------------------------------------------------

# Up to this many items fit one page (the DHLP framework's ten); a longer assessment (a role's
# 72 or 120 requirements) is rated one section per page, its answers carried in the URL.
ONE_PAGE_MAX = 20


@dataclass(frozen=True)
class StepSection:
    number: int
    name: str
    items: list[Item]
    answered: int

    @property
    def items_count(self) -> int:
        return len(self.items)


@dataclass(frozen=True)
class Steps:
    """The sections of an assessment and the one shown (``current``; all of them when the
    assessment fits one page), with what the rating form needs to carry the other answers."""

    sections: list[StepSection]
    current: StepSection | None
    answers: Mapping[str, int]

    @property
    def one_page(self) -> bool:
        return self.current is None

    @property
    def shown(self) -> list[StepSection]:
        return self.sections if self.current is None else [self.current]

    @property
    def previous(self) -> StepSection | None:
        if self.current is None or self.current.number == 1:
            return None
        return self.sections[self.current.number - 2]

    @property
    def next(self) -> StepSection | None:
        if self.current is None or self.current.number == len(self.sections):
            return None
        return self.sections[self.current.number]

    @property
    def carried(self) -> list[tuple[str, int]]:
        """The answers to items on other pages, in the items' order: hidden fields of the form,
        so moving between steps keeps them (nothing is stored on the server)."""
        shown = {item.key for section in self.shown for item in section.items}
        return [
            (item.key, self.answers[item.key])
            for section in self.sections
            for item in section.items
            if item.key in self.answers and item.key not in shown
        ]

    @property
    def answered(self) -> int:
        return sum(section.answered for section in self.sections)

    @property
    def total(self) -> int:
        return sum(section.items_count for section in self.sections)


def steps(items: Sequence[Item], answers: Mapping[str, int], step: int | None) -> Steps:
    """The sections of ``items`` (by group, in order) with section ``step`` shown (the first if
    None), or every section on one page when there are ``ONE_PAGE_MAX`` items or fewer."""
    grouped: dict[str, list[Item]] = {}
    for item in items:
        grouped.setdefault(item.group, []).append(item)
    sections = [
        StepSection(number, name, members, sum(1 for item in members if item.key in answers))
        for number, (name, members) in enumerate(grouped.items(), 1)
    ]
    if len(items) <= ONE_PAGE_MAX or not sections:
        return Steps(sections=sections, current=None, answers=answers)
    return Steps(sections=sections, current=sections[(step or 1) - 1], answers=answers)


def parse_step(values: Sequence[str], count: int) -> int | None:
    """The section to show from the query string's ``step`` values (None: the first)."""
    if not values:
        return None
    value = values[0].strip()
    if len(values) > 1 or not (value.isascii() and value.isdigit()) or not 1 <= int(value) <= count:
        shown = ", ".join(v[:20] for v in values)
        raise BadAnswers([f"the step must be a whole number from 1 to {count}, not “{shown}”"])
    return int(value)


# Each bar is drawn as an SVG of this many units wide, stretched to its box: the bar's width in
# units is the percentage. The labels and figures are HTML text, so they wrap and stay legible
# at any screen width.
BAR_AREA = 100


@dataclass(frozen=True)
class Bar:
    label: str
    percent: int
    value: str  # the figure the page states: "3 of 5 (60%)"
    width: float


def chart_bars(groups: Sequence[GroupScore]) -> list[Bar]:
    """The bar chart of items met by group: each group's name, its bar and its figure."""
    return [
        Bar(
            label=group.name,
            percent=group.percent,
            value=f"{group.met} of {group.items} ({group.percent}%)",
            width=round(BAR_AREA * group.percent / 100, 1),
        )
        for group in groups
    ]
