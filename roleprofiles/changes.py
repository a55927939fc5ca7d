"""What's changed: published changes to published roles, read from the history tables.

A change is public when the role was published at the moment it was made (a draft's
edits are not news until the role is published, and then "Published" says so) and the
role is still published now (an archived role's history is not shown). Each change is
put in plain words, without ids: "Published", "Summary updated", "Added “Big Data” to
Technical skills", "Level of “Negotiation” in Behaviours changed from Level 4 to Level 5".
"""

from __future__ import annotations

import bisect
import datetime
from collections import defaultdict
from dataclasses import dataclass, field

from django.utils import timezone

from .governance import BASELINE, is_revert, reverted_version
from .models import Requirement, Role, Section

# Role fields whose change is worth telling the public, with how to name them.
ROLE_FIELDS = {
    "title": "Title",
    "summary": "Summary",
    "family_id": "Job family",
    "level_id": "Level",
    "professional_body_id": "Professional body",
    "owner": "Owner",
    "next_review_due": "Next review due",
    "source_note": "Source note",
}
LONG_TEXT = {"summary", "source_note"}
REQUIREMENT_FIELDS = {
    "descriptor": "Details",
    "level_id": "Level",
    "depth_id": "Depth",
    "code": "Code",
    "heading": "Heading",
}


@dataclass
class RoleChanges:
    date: datetime.date
    role: Role
    changes: list[str] = field(default_factory=list)


@dataclass
class DayChanges:
    date: datetime.date
    roles: list[RoleChanges] = field(default_factory=list)


NOT_SET = "not set"


def readable(value) -> str:
    """A recorded value as people write it: "not set" for nothing, dates in words."""
    if value is None or value == "":
        return NOT_SET
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, datetime.datetime):
        return f"{timezone.localtime(value):%-d %B %Y at %H:%M}"
    if isinstance(value, datetime.date):
        return f"{value:%-d %B %Y}"
    return str(value)


def _day(moment: datetime.datetime) -> datetime.date:
    return timezone.localtime(moment).date()


def section_name(value: str) -> str:
    try:
        return Section(value).label
    except ValueError:
        return value


def _level_name(level) -> str:
    return level.label if level is not None else NOT_SET


def _quoted(value) -> str:
    """A value in a sentence: text in quotes, dates in words, nothing as "not set"."""
    if value is None or value == "" or isinstance(value, datetime.date):
        return readable(value)
    return f"“{value}”"


def _field_change(label: str, old, new) -> str:
    if old is None or old == "":
        return f"{label} set to {_quoted(new)}"
    if new is None or new == "":
        return f"{label} no longer set (was {_quoted(old)})"
    return f"{label} changed from {_quoted(old)} to {_quoted(new)}"


def _role_changes(previous, record, names: dict, reverted_to: datetime.datetime | None = None) -> list[str]:
    if record.history_change_reason == BASELINE:
        return []  # the state before the first change, recorded only to compare against
    if previous is None and record.history_type == "~":
        return ["Profile updated"]  # changed outside the admin before any history: nothing to compare
    if previous is None or previous.status != Role.Status.PUBLISHED:
        if previous is None:
            return ["Added"]
        return ["Published again" if previous.status == Role.Status.ARCHIVED else "Published"]
    lines = []
    if is_revert(record.history_change_reason):
        lines.append(f"Reverted to the version of {readable(_day(reverted_to))}" if reverted_to else "Reverted")
    for name, label in ROLE_FIELDS.items():
        old, new = getattr(previous, name), getattr(record, name)
        if old == new:
            continue
        if name in LONG_TEXT:
            lines.append(f"{label} updated")
        elif name == "next_review_due" and record.last_reviewed != previous.last_reviewed and record.last_reviewed:
            lines.append(f"Reviewed on {readable(record.last_reviewed)}; next review due {readable(new)}")
        elif name.endswith("_id"):
            lines.append(f"{label} changed to {names.get((name, new)) or NOT_SET}")
        else:
            lines.append(_field_change(label, old, new))
    if not lines and record.last_reviewed != previous.last_reviewed and record.last_reviewed:
        lines.append(f"Reviewed on {readable(record.last_reviewed)}")
    return lines


def requirement_change_lines(previous, record) -> list[str]:
    if record.history_change_reason == BASELINE:
        return []
    title = record.skill.title if record.skill_id else "an entry"
    section = section_name(record.section)
    if record.history_type == "+":
        return [f"Added “{title}” to {section}"]
    if record.history_type == "-":
        return [f"Removed “{title}” from {section}"]
    if previous is None:
        return []
    lines = []
    for name, label in REQUIREMENT_FIELDS.items():
        old, new = getattr(previous, name), getattr(record, name)
        if old == new:
            continue
        if name in {"level_id", "depth_id"}:
            attribute = name.removesuffix("_id")
            lines.append(
                f"{label} of “{title}” in {section} changed from "
                f"{_level_name(getattr(previous, attribute))} to {_level_name(getattr(record, attribute))}"
            )
        else:
            lines.append(f"{label} of “{title}” in {section} updated")
    if not lines and previous.position != record.position:
        lines.append(f"{section} reordered")
    return lines


def published_changes() -> list[DayChanges]:
    """Every public change, newest day first; within a day, roles by title."""
    roles = {role.pk: role for role in Role.objects.published().only("id", "title", "slug")}
    role_records = list(
        Role.history.filter(id__in=roles)
        .select_related("family", "level", "professional_body")
        .order_by("id", "history_date", "history_id")
    )
    names = {}
    timeline: dict[int, tuple[list, list]] = defaultdict(lambda: ([], []))
    for record in role_records:
        names[("family_id", record.family_id)] = record.family.name if record.family else NOT_SET
        names[("level_id", record.level_id)] = record.level.label if record.level else NOT_SET
        names[("professional_body_id", record.professional_body_id)] = (
            str(record.professional_body) if record.professional_body else NOT_SET
        )
        dates, statuses = timeline[record.id]
        dates.append(record.history_date)
        statuses.append(record.status)
    reverts = _reverts(role_records)

    entries: dict[tuple[datetime.date, int], list[str]] = defaultdict(list)
    previous = None
    for record in role_records:
        if previous is not None and previous.id != record.id:
            previous = None
        if record.status == Role.Status.PUBLISHED:
            span = next((s for s in reverts[record.id] if s.revert is record), None)
            lines = _role_changes(previous, record, names, reverted_to=span.since if span else None)
            entries[(_day(record.history_date), record.id)].extend(_mark_reverted(lines, record, reverts))
        previous = record

    requirement_records = (
        Requirement.history.filter(role_id__in=roles)
        .select_related("skill", "level", "depth")
        .order_by("id", "history_date", "history_id")
    )
    previous = None
    for record in requirement_records:
        if previous is not None and previous.id != record.id:
            previous = None
        if _published_at(timeline.get(record.role_id), record.history_date):
            lines = _mark_reverted(requirement_change_lines(previous, record), record, reverts, role_id=record.role_id)
            entries[(_day(record.history_date), record.role_id)].extend(lines)
        previous = record

    days: dict[datetime.date, DayChanges] = {}
    for (day, role_id), lines in entries.items():
        lines = list(dict.fromkeys(lines))  # one "Technical skills reordered" per day, not one per row
        if "Added" in lines:  # a role added that day: its entries came with it, not one by one
            lines = [line for line in lines if not line.startswith("Added “")]
        if lines:
            days.setdefault(day, DayChanges(date=day)).roles.append(
                RoleChanges(date=day, role=roles[role_id], changes=lines)
            )
    for day in days.values():
        day.roles.sort(key=lambda item: item.role.title)
    return sorted(days.values(), key=lambda day: day.date, reverse=True)


@dataclass
class _Revert:
    """A revert of a role, and the moment of the version it restored."""

    revert: object  # the role's history record of the revert
    since: datetime.datetime | None  # when the restored version was saved


def _reverts(role_records) -> dict[int, list[_Revert]]:
    saved = {(record.id, record.version): record.history_date for record in role_records}
    reverts: dict[int, list[_Revert]] = defaultdict(list)
    for record in role_records:
        if is_revert(record.history_change_reason):
            version = reverted_version(record.history_change_reason)
            reverts[record.id].append(_Revert(revert=record, since=saved.get((record.id, version))))
    return reverts


NEVER_MARKED = {"Added", "Published", "Published again"}


def _mark_reverted(lines: list[str], record, reverts, *, role_id=None) -> list[str]:
    """An edit a later revert undid says so: made after the version the revert restored and
    before the revert itself."""
    if is_revert(record.history_change_reason):
        return lines
    for span in reverts.get(role_id or record.id, []):
        if span.since is not None and span.since < record.history_date < span.revert.history_date:
            on = readable(_day(span.revert.history_date))
            return [line if line in NEVER_MARKED else f"{line} (reverted on {on})" for line in lines]
    return lines


def _published_at(timeline, moment) -> bool:
    """Whether the role was published at ``moment``, from its own history."""
    if not timeline:
        return True  # no history at all: loaded published (seed data) and never changed since
    dates, statuses = timeline
    index = max(bisect.bisect_right(dates, moment) - 1, 0)
    return statuses[index] == Role.Status.PUBLISHED


def role_change_items(days: list[DayChanges]) -> list[RoleChanges]:
    """Flatten to one item per role per day, for pagination."""
    return [item for day in days for item in day.roles]


def regroup_by_day(items: list[RoleChanges]) -> list[DayChanges]:
    days: list[DayChanges] = []
    for item in items:
        if not days or days[-1].date != item.date:
            days.append(DayChanges(date=item.date))
        days[-1].roles.append(item)
    return days


# --- Framework releases ---------------------------------------------------------------------------

RELEASES_SHOWN = 5


@dataclass
class RoleNotes:
    heading: str  # the framework's role ("Data engineer"), or "Skills"
    notes: list = field(default_factory=list)  # ddat.ReleaseChange


@dataclass
class ReleaseNotes:
    release: object  # ddat.Release
    roles: list[RoleNotes] = field(default_factory=list)

    @property
    def count(self) -> int:
        return sum(len(group.notes) for group in self.roles)


def release_notes(limit: int = RELEASES_SHOWN) -> list[ReleaseNotes]:
    """The latest framework releases with their change notes ("Principal data engineer added",
    "Senior data engineer: description changed"), grouped by the framework's role, in two
    queries. The ddat app sits above this one, so its models are looked up, not imported."""
    from django.apps import apps

    Release = apps.get_model("ddat", "Release")
    ReleaseChange = apps.get_model("ddat", "ReleaseChange")
    releases = list(Release.objects.select_related("framework").order_by("-imported_at", "-pk")[:limit])
    if not releases:
        return []
    by_release = {release.pk: ReleaseNotes(release) for release in releases}
    groups: dict[tuple[int, str], RoleNotes] = {}
    changes = (
        ReleaseChange.objects.filter(release__in=releases)
        .select_related("ladder", "role__ladder")
        .order_by("release", "position")
    )
    for change in changes:
        ladder = change.ladder or (change.role.ladder if change.role else None)
        heading = ladder.title if ladder else ("Skills" if change.subject == "skill" else "Other changes")
        key = (change.release_id, heading)
        if key not in groups:
            groups[key] = RoleNotes(heading)
            by_release[change.release_id].roles.append(groups[key])
        groups[key].notes.append(change)
    for notes in by_release.values():
        notes.roles.sort(key=lambda group: (group.heading in ("Skills", "Other changes"), group.heading.lower()))
    return list(by_release.values())
