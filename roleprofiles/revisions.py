"""What a version of a role is, and reverting a role to one, requirements included.

A role's history has one record per save of the role. Its requirements have their own
history, and every admin path that changes requirements saves the role first (the change
form, the requirement's own page, an import, a revert), so the requirement records written
after a role record, up to the next one, are the changes of that version. A version is
therefore: the role's fields as in its record, and each requirement as it stood just before
the role's next record (as it stands now, for the latest version).

Reverting restores both, in the transaction that saves the role: requirements removed since
come back (same id), those added since are removed, those changed since get their old
values. The role's additional frameworks are not in the history, so a revert keeps them as
they are now; so does an editor's revert for the status (only approvers publish).
"""

from __future__ import annotations

import bisect
import datetime
from dataclasses import dataclass, field

from django.db.models import Max, Q

from frameworks.models import Level, Skill

from .changes import requirement_change_lines, section_name
from .governance import BASELINE, ensure_baseline, fit_reason, is_revert
from .models import Requirement, Role

# The requirement fields a version restores (everything but the role and the id).
REQUIREMENT_FIELDS = (
    "skill_id",
    "section",
    "heading",
    "position",
    "code",
    "level_id",
    "level_label",
    "depth_id",
    "descriptor",
    "source_text",
    "source_line",
)
FIELD_LABELS = {
    "skill_id": "skill",
    "level_id": "level",
    "depth_id": "depth",
    "level_label": "level as written",
    "descriptor": "details",
    "source_text": "source text",
    "source_line": "source line",
}
HISTORY_ACTIONS = {"+": "Created", "~": "Changed", "-": "Deleted"}


def history_action(record) -> str:
    """What a history record was, in words: a revert shows as a revert, not "Changed"."""
    reason = record.history_change_reason
    if reason == BASELINE:
        return "As loaded"
    if is_revert(reason):
        return "Reverted"
    return HISTORY_ACTIONS.get(record.history_type, "Changed")


def history_reason(record) -> str:
    return record.history_change_reason or "No reason was recorded"


# A role's versions -------------------------------------------------------------------


def _after(record) -> Q:
    later = Q(history_date__gt=record.history_date)
    return later | Q(history_date=record.history_date, history_id__gt=record.history_id)


def version_cutoff(record) -> datetime.datetime | None:
    """When the version ``record`` stands for stopped being current: the role's next record
    (None: it is the latest)."""
    following = Role.history.filter(id=record.id).filter(_after(record)).order_by("history_date", "history_id")
    return following.values_list("history_date", flat=True).first()


def _state_before(records: list, cutoff: datetime.datetime, role_id: int):
    """The requirement as it stood at ``cutoff`` from its records (oldest first): its last
    record before then; or, when its first record is later, the baseline it recorded (the
    state as loaded, unchanged until then), or nothing if it was created later."""
    earlier = [r for r in records if r.history_date < cutoff]
    state = earlier[-1] if earlier else records[0]
    if not earlier and state.history_type == "+":
        return None
    if state.history_type == "-" and earlier:
        return None
    return state if state.role_id == role_id else None


@dataclass
class RequirementRevert:
    """How reverting to a version changes the role's requirements."""

    restored: list = field(default_factory=list)  # historical records: removed since, come back
    removed: list = field(default_factory=list)  # current rows: added since, go
    changed: list = field(default_factory=list)  # (current row, historical record, [field labels])
    unchanged: int = 0
    problems: list[str] = field(default_factory=list)

    @property
    def total(self) -> int:
        return len(self.restored) + len(self.changed) + self.unchanged

    @property
    def is_empty(self) -> bool:
        return not (self.restored or self.removed or self.changed)


def _name(requirement) -> str:
    try:
        skill = requirement.skill
    except Skill.DoesNotExist:
        skill = None
    title = f"“{skill.title}”" if skill is not None else "an entry whose skill has since been deleted"
    return f"{title} in {section_name(requirement.section)}"


def plan_requirement_revert(role: Role, record) -> RequirementRevert:
    plan = RequirementRevert()
    current = {r.pk: r for r in Requirement.objects.filter(role=role).select_related("skill")}
    cutoff = version_cutoff(record)
    if cutoff is None:
        plan.unchanged = len(current)
        return plan
    records: dict[int, list] = {}
    query = Requirement.history.filter(Q(role_id=role.pk) | Q(id__in=list(current)))
    for historical in query.select_related("skill").order_by("id", "history_date", "history_id"):
        records.setdefault(historical.id, []).append(historical)
    for pk in sorted(set(current) | set(records), key=lambda pk: (pk not in current, pk)):
        now = current.get(pk)
        then = _state_before(records[pk], cutoff, role.pk) if pk in records else now
        if then is None and now is not None:
            plan.removed.append(now)
        elif then is not None and now is None:
            plan.restored.append(then)
        elif then is not None:
            fields = [name for name in REQUIREMENT_FIELDS if getattr(then, name) != getattr(now, name)]
            if fields:
                plan.changed.append((now, then, [FIELD_LABELS.get(name, name) for name in fields]))
            else:
                plan.unchanged += 1
    _check_references(plan)
    return plan


def _check_references(plan: RequirementRevert) -> None:
    """A skill or level deleted since cannot be restored: say so instead of failing."""
    wanted = [then for then in plan.restored] + [then for _, then, _ in plan.changed]
    skills = set(Skill.objects.filter(pk__in={r.skill_id for r in wanted}).values_list("pk", flat=True))
    levels = set(
        Level.objects.filter(pk__in={pk for r in wanted for pk in (r.level_id, r.depth_id) if pk}).values_list(
            "pk", flat=True
        )
    )
    for then in wanted:
        if then.skill_id not in skills:
            plan.problems.append(f"Entry {then.position} of this version used a skill that has since been deleted.")
        elif any(pk and pk not in levels for pk in (then.level_id, then.depth_id)):
            plan.problems.append(f"{_name(then)} used a level that has since been deleted.")


def apply_requirement_revert(role: Role, plan: RequirementRevert, *, user, reason: str) -> None:
    """Make the role's requirements what ``plan`` says, recording each change with ``reason``.
    Call inside the transaction that saves the role."""
    reason = fit_reason(reason)
    ensure_baseline(Requirement, [r.pk for r in plan.removed] + [now.pk for now, _, _ in plan.changed])
    for requirement in plan.removed:
        requirement._history_user, requirement._change_reason = user, reason
        requirement.delete()
    if plan.changed:
        # Positions and (skill, section) are unique per role: park the rows being changed on
        # values no row uses (a plain update: not a change anyone made, so not recorded).
        top = (Requirement.objects.filter(role=role).aggregate(top=Max("position"))["top"] or 0) + max(
            then.position for _, then, _ in plan.changed
        )
        for offset, (now, _, _) in enumerate(plan.changed, start=1):
            Requirement.objects.filter(pk=now.pk).update(position=top + offset, section=f"~{now.pk}"[:20])
    for now, then, _ in plan.changed:
        for name in REQUIREMENT_FIELDS:
            setattr(now, name, getattr(then, name))
        now._history_user, now._change_reason = user, reason
        now.save()
    for then in plan.restored:
        restored = Requirement(pk=then.id, role=role, **{name: getattr(then, name) for name in REQUIREMENT_FIELDS})
        restored._history_user, restored._change_reason = user, reason
        restored.save(force_insert=True)


def describe(plan: RequirementRevert) -> list[str]:
    """The plan in words, one line per requirement that would change."""
    lines = [f"{_name(then)} comes back" for then in plan.restored]
    lines += [f"{_name(now)} goes back to its earlier {', '.join(fields)}" for now, _, fields in plan.changed]
    lines += [f"{_name(now)} is removed (it was added later)" for now in plan.removed]
    return lines


# The history list ---------------------------------------------------------------------


def requirement_changes_by_version(role_id: int, role_records) -> dict[int, list[str]]:
    """For each role record (by history_id), its version's requirement changes in words."""
    versions = Role.history.filter(id=role_id).order_by("history_date", "history_id")
    dates, ids = [], []
    for history_date, history_id in versions.values_list("history_date", "history_id"):
        dates.append(history_date)
        ids.append(history_id)
    wanted = {record.history_id for record in role_records}
    lines: dict[int, list[str]] = {history_id: [] for history_id in wanted}
    if not dates:
        return lines
    previous = None
    query = Requirement.history.filter(role_id=role_id).select_related("skill", "level", "depth")
    for record in query.order_by("id", "history_date", "history_id"):
        if previous is not None and previous.id != record.id:
            previous = None
        index = bisect.bisect_right(dates, record.history_date) - 1
        owner = ids[index] if index >= 0 else None  # before the first role record: no version
        if owner in wanted:
            lines[owner].extend(requirement_change_lines(previous, record))
        previous = record
    return {history_id: list(dict.fromkeys(found)) for history_id, found in lines.items()}
