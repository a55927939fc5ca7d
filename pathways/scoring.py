"""Self-assessment scoring: pure functions over plain data, no queries.

An ``Item`` is one thing to rate (a DHLP skill area, or a role's requirement) with the
options of its own scale and the rank it requires. ``parse_answers`` reads ratings from
a query string and rejects anything a form could not have sent; ``score`` turns the
ratings into readiness per group and the gaps, largest first.

Scales:

* the DHLP evidence scale: none yet (0), some (1), good (2), strong (3). The framework
  says candidates "must be able to demonstrate a good level of experience to build
  upon", so "good" is the level each skill area asks for;
* a requirement with a level or a depth: "Not yet" (0), then every rank of its scale,
  the rank of the requirement's own level being the one required;
* a requirement with no level (a behavioural skill): "Not yet" (0) or "Yes" (1).

Readiness of a group is the share of the required ranks reached: the sum over its items
of min(rating, required), over the sum of required, as a whole percentage. A rating above
the requirement does not make up for a gap elsewhere.
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


# Query-string names that are not ratings (the choice of what to assess, the format).
RESERVED = {"role", "framework", "format"}


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


@dataclass
class GroupScore:
    name: str
    achieved: int = 0
    required: int = 0
    items: int = 0
    met: int = 0

    @property
    def percent(self) -> int:
        return round(100 * self.achieved / self.required) if self.required else 100


@dataclass
class Result:
    groups: list[GroupScore]
    gaps: list[RatingGap]
    answered: int
    total: int
    unanswered: list[Item] = field(default_factory=list)

    @property
    def achieved(self) -> int:
        return sum(group.achieved for group in self.groups)

    @property
    def required(self) -> int:
        return sum(group.required for group in self.groups)

    @property
    def percent(self) -> int:
        return round(100 * self.achieved / self.required) if self.required else 100

    @property
    def met(self) -> int:
        return sum(group.met for group in self.groups)


def score(items: Iterable[Item], answers: Mapping[str, int]) -> Result:
    """Readiness by group, in the order groups first appear, and the gaps largest first
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
        group.required += item.required
        group.achieved += min(rating, item.required)
        if rating >= item.required:
            group.met += 1
        else:
            gaps.append(RatingGap(item=item, rating=rating))
    gaps.sort(key=lambda gap: (-gap.size, gap.item.position))
    return Result(
        groups=list(groups.values()), gaps=gaps, answered=total - len(unanswered), total=total, unanswered=unanswered
    )


CHART_WIDTH = 640
BAR_AREA = 520
ROW = 56


@dataclass(frozen=True)
class Bar:
    label: str
    percent: int
    label_y: int
    bar_y: int
    width: float
    value_x: float


def chart_bars(groups: Sequence[GroupScore]) -> list[Bar]:
    """Geometry for the horizontal bar chart of readiness by group (drawn as SVG): the
    group's name above its bar, the percentage after it. The chart is ROW * len(groups) high."""
    bars = []
    for index, group in enumerate(groups):
        width = round(BAR_AREA * group.percent / 100, 1)
        bars.append(
            Bar(
                label=group.name,
                percent=group.percent,
                label_y=index * ROW + 18,
                bar_y=index * ROW + 26,
                width=width,
                value_x=width + 8,
            )
        )
    return bars
