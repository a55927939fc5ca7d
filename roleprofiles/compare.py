"""The compare engine: roles side by side, and one role measured against another.

Pure functions over Requirement objects (no queries), so they are cheap to test and
the compare page, its CSV download and the pathways gap report all agree.

``build_comparison(roles, requirements_by_role)``
    One ``Row`` per (skill, section) that any of the roles lists, in a stable order:
    the section order of ``roleprofiles.models.Section``, then the order of the source
    (rows of the first role in its source order, then rows only a later role has, in
    that role's order). Each row has one cell per role: the role's Requirement, or
    ``None`` for "not required". Row flags:

    * ``shared``: every role lists it;
    * ``same``: shared, and the level, depth and descriptor are the same in all;
    * ``highest``: where the roles that list it have different ranks on one scale, the
      indexes of the roles at the top rank. Ranks are compared only within the same
      LevelScale: "Level 5" on the competency scale is not "higher" than
      "Practitioner", so rows whose levels sit on different scales get no highest.

    The summary counts, per role, its rows shared with at least one other role and its
    unique rows (no other role lists them), and the overlap: rows every role lists.

``gaps_to_target(current_requirements, target_requirements)``
    The same matching (skill and section) in one direction, from a current role to a
    target role. One ``RequirementGap`` per target requirement, sorted by section then the target's
    source position, with ``kind``:

    * ``"gain"``: the current role does not list it;
    * ``"raise"``: the current role lists it at a lower rank on the same scale
      (level, or depth of knowledge);
    * ``"met"``: the current role lists it at the same or a higher rank, or where
      the two cannot be ranked (no level, or levels on different scales).

The reads that feed it (the roles with their requirements, the picker's roles) are in
``roleprofiles.selectors``; its CSV is ``roleprofiles.comparison_csv``.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from .models import Requirement, Role, Section, section_rank

if TYPE_CHECKING:
    from frameworks.models import Level, Skill

MIN_ROLES = 2
MAX_ROLES = 4

RowKey = tuple[int, str]


def requirement_key(requirement: Requirement) -> RowKey:
    """What makes two roles' requirements "the same entry": the skill and the section."""
    return (requirement.skill_id, requirement.section)


def measure(requirement: Requirement | None) -> Level | None:
    """The requirement's level, or its depth of knowledge where it has no level."""
    if requirement is None:
        return None
    return requirement.level or requirement.depth


def _normalised(text: str) -> str:
    return re.sub(r"\s+", " ", text or "").strip()


def _same_requirement(a: Requirement, b: Requirement) -> bool:
    return (
        a.level_id == b.level_id and a.depth_id == b.depth_id and _normalised(a.descriptor) == _normalised(b.descriptor)
    )


def compare_ranks(current: Level | None, target: Level | None) -> int | None:
    """-1, 0 or 1 as ``current`` is below, at or above ``target``; None when they cannot be ranked."""
    if current is None or target is None or current.scale_id != target.scale_id:
        return None
    return (current.rank > target.rank) - (current.rank < target.rank)


@dataclass
class Row:
    key: RowKey
    skill: Skill
    section: str
    cells: list[Requirement | None]
    shared: bool = False
    same: bool = False
    highest: list[int] = field(default_factory=list)

    @property
    def section_label(self) -> str:
        return Section(self.section).label

    @property
    def present(self) -> int:
        return sum(cell is not None for cell in self.cells)

    @property
    def levels_differ(self) -> bool:
        return bool(self.highest)


@dataclass
class RoleSummary:
    role: Role
    total: int
    shared: int
    unique: int


@dataclass
class RowGroup:
    """The rows of one section, for a table per section."""

    section: str
    label: str
    rows: list[Row]


@dataclass
class Comparison:
    roles: list[Role]
    rows: list[Row]
    summaries: list[RoleSummary]

    @property
    def overlap(self) -> int:
        """Rows every role lists."""
        return sum(row.shared for row in self.rows)

    @property
    def same_count(self) -> int:
        return sum(row.same for row in self.rows)

    @property
    def difference_count(self) -> int:
        return len(self.rows) - self.same_count

    def differences(self) -> list[Row]:
        """The rows that are not the same in all roles."""
        return [row for row in self.rows if not row.same]

    def groups(self, *, only_differences: bool = False) -> list[RowGroup]:
        rows = self.differences() if only_differences else self.rows
        groups: dict[str, RowGroup] = {}
        for row in rows:
            if row.section not in groups:
                groups[row.section] = RowGroup(row.section, row.section_label, [])
            groups[row.section].rows.append(row)
        return list(groups.values())


def _highest(cells: Sequence[Requirement | None]) -> list[int]:
    levels = [(index, measure(cell)) for index, cell in enumerate(cells) if cell is not None]
    if len(levels) < 2 or any(level is None for _, level in levels):
        return []
    if len({level.scale_id for _, level in levels}) != 1:
        return []
    ranks = {level.rank for _, level in levels}
    if len(ranks) == 1:
        return []
    top = max(ranks)
    return [index for index, level in levels if level.rank == top]


def build_comparison(roles: Sequence[Role], requirements_by_role: Mapping[int, Iterable[Requirement]]) -> Comparison:
    """Align the roles' requirements by section and skill (see the module docstring).

    ``requirements_by_role`` maps each role's pk to its requirements, in any order.
    """
    roles = list(roles)
    rows: dict[RowKey, Row] = {}
    order: dict[RowKey, tuple[int, int, int]] = {}
    for index, role in enumerate(roles):
        for requirement in sorted(requirements_by_role.get(role.pk, ()), key=lambda r: r.position):
            key = requirement_key(requirement)
            if key not in rows:
                rows[key] = Row(key, requirement.skill, requirement.section, [None] * len(roles))
                order[key] = (section_rank(requirement.section), index, requirement.position)
            rows[key].cells[index] = requirement

    ordered = [rows[key] for key in sorted(rows, key=order.__getitem__)]
    for row in ordered:
        present = [cell for cell in row.cells if cell is not None]
        row.shared = len(present) == len(roles)
        row.same = row.shared and all(_same_requirement(present[0], cell) for cell in present[1:])
        row.highest = _highest(row.cells)

    summaries = []
    for index, role in enumerate(roles):
        mine = [row for row in ordered if row.cells[index] is not None]
        unique = sum(row.present == 1 for row in mine)
        summaries.append(RoleSummary(role=role, total=len(mine), shared=len(mine) - unique, unique=unique))
    return Comparison(roles=roles, rows=ordered, summaries=summaries)


@dataclass(frozen=True)
class RequirementGap:
    """What the target role asks of one entry, against what the current role has (see the module docstring)."""

    kind: str  # "gain", "raise" or "met"
    target: Requirement
    current: Requirement | None

    GAIN = "gain"
    RAISE = "raise"
    MET = "met"

    @property
    def skill(self) -> Skill:
        return self.target.skill

    @property
    def section(self) -> str:
        return self.target.section

    @property
    def descriptor(self) -> str:
        return self.target.descriptor


def raises(have: Requirement, wanted: Requirement) -> bool:
    """Whether ``wanted`` asks for a higher level than ``have``, on the same scale."""
    return compare_ranks(measure(have), measure(wanted)) == -1


def gaps_to_target(
    current_requirements: Iterable[Requirement], target_requirements: Iterable[Requirement]
) -> list[RequirementGap]:
    """What a holder of the current role would gain or raise to meet the target (see the module docstring)."""
    current = {requirement_key(r): r for r in current_requirements}
    gaps = []
    for target in target_requirements:
        have = current.get(requirement_key(target))
        if have is None:
            kind = RequirementGap.GAIN
        else:
            kind = RequirementGap.RAISE if raises(have, target) else RequirementGap.MET
        gaps.append(RequirementGap(kind=kind, target=target, current=have))
    return sorted(gaps, key=lambda g: (section_rank(g.section), g.target.position))


@dataclass(frozen=True)
class LevelChange:
    """One skill between a role level and the next on its ladder: both wordings side by side."""

    kind: str  # "raised", "added", "dropped" or "same"
    current: Requirement | None
    following: Requirement | None

    RAISED = "raised"
    ADDED = "added"
    DROPPED = "dropped"
    SAME = "same"

    @property
    def skill(self) -> Skill:
        return (self.following or self.current).skill


def next_level_changes(
    current_requirements: Iterable[Requirement], next_requirements: Iterable[Requirement]
) -> dict[str, list[LevelChange]]:
    """What changes from a role level to the next one up its ladder: skills whose level rises,
    skills added, skills dropped (and the rest, unchanged or lower), each in source order."""
    current = {requirement_key(r): r for r in current_requirements}
    following = {requirement_key(r): r for r in next_requirements}
    changes: dict[str, list[LevelChange]] = {kind: [] for kind in ("raised", "added", "dropped", "same")}
    for key, requirement in following.items():
        have = current.get(key)
        if have is None:
            kind = LevelChange.ADDED
        else:
            kind = LevelChange.RAISED if raises(have, requirement) else LevelChange.SAME
        changes[kind].append(LevelChange(kind=kind, current=have, following=requirement))
    for key, requirement in current.items():
        if key not in following:
            changes[LevelChange.DROPPED].append(
                LevelChange(kind=LevelChange.DROPPED, current=requirement, following=None)
            )
    for rows in changes.values():
        rows.sort(key=lambda c: (section_rank((c.following or c.current).section), (c.following or c.current).position))
    return changes
