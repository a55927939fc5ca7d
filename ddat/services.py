"""Applying a release of the DDaT capability framework, in one transaction.

What a release becomes:

- the framework: the Framework named "Government Digital and Data Profession Capability
  Framework" (the one seed 003 already cites), its skill levels the scale "Awareness,
  working, practitioner, expert";
- each role family: the job family of that name (the DDaT "Data" family *is* the "Data"
  family of the data ethics lead profile);
- each role: a CareerLadder; each role level: a Role of kind "DDaT role level" on it;
- each skill: a Skill of the framework (seed 003's "Problem management" is the same skill:
  matched by framework and title, never by title alone) with four SkillLevelDescriptors;
- each (role level, skill): a Requirement in the "framework" section at its level, with the
  role's own wording.

A newer release updates all this in place: new items are created, changed text is updated
(with history), items the release no longer lists are archived, never deleted. For each
item, ``ImportedRecord`` keeps what the last release said; where the current value differs
from it an editor has changed it, and where the release changes it too that is a conflict:
the import is refused (nothing written) unless told to keep the editor's text or take the
release's. Every change becomes a ``ReleaseChange`` note. Importing a release that is
already applied changes nothing.
"""

from __future__ import annotations

import copy
import datetime
import enum
from collections import defaultdict
from dataclasses import dataclass, field

from django.db import transaction
from django.db.models import F
from django.utils import timezone
from simple_history.utils import bulk_create_with_history

from core.cache import bump_content_version
from core.fields import fitted
from core.slugs import unique_slug
from frameworks.models import Framework, Level, Skill, SkillLevelDescriptor
from roleprofiles.governance import BASELINE
from roleprofiles.models import CareerLadder, JobFamily, Requirement, Role, RoleSlugRedirect, Section
from roleprofiles.rmp.importer import ensure_framework, ensure_level
from roleprofiles.rmp.parsing import ParsedLevel as ScaleLevel
from roleprofiles.rmp.sections import FRAMEWORK_NAMED_SCALE
from search.updates import schedule

from .models import ImportedRecord, Release, ReleaseChange
from .parsing import MANAGEMENT_SUFFIX, SKILL_LEVELS, ParsedLevel, ParsedRelease

FRAMEWORK_NAME = "Government Digital and Data Profession Capability Framework"
FRAMEWORK_ABBREVIATION = "DDaT"
SECTION_HEADING = f"{FRAMEWORK_NAME} Skills"  # as seed 003 heads the same framework's skills
SLUG_MARK = "ddat"
PLACED_EVIDENCE = "not in the ladder order: placed after the last level of its role until an editor orders it"
# Far above any real position, below PositiveSmallIntegerField's limit: room to reorder a
# ladder without two levels holding one position mid-way.
POSITION_SHIFT = 10_000
REQUIREMENT_SHIFT = 100_000
# Two levels are one renamed level when they share at least this share of their skills.
RENAME_SKILL_OVERLAP = 0.6

Action = ReleaseChange.Action
Subject = ReleaseChange.Subject


class Resolution(enum.StrEnum):
    """What to do where an editor changed text that the release changes too."""

    REFUSE = "refuse"
    KEEP_LOCAL = "keep_local"
    TAKE_RELEASE = "take_release"


@dataclass
class Note:
    action: str
    subject: str
    name: str
    message: str
    field: str = ""
    role: Role | None = None
    ladder: CareerLadder | None = None
    skill: Skill | None = None
    resolution: str = ""


@dataclass
class Conflict:
    subject: str
    name: str
    field: str
    current: str
    release: str
    imported: str

    @property
    def message(self) -> str:
        return (
            f"{self.name}: {self.field} was changed by an editor (now {_quote(self.current)}) and this release "
            f"changes it too (to {_quote(self.release)}; the last release said {_quote(self.imported)})"
        )


@dataclass
class ReleaseReport:
    notes: list[Note] = field(default_factory=list)
    conflicts: list[Conflict] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    release: Release | None = None
    dry_run: bool = False
    applied: bool = False
    unchanged: bool = False
    refused: bool = False
    level_count: int = 0
    skill_count: int = 0
    requirement_count: int = 0

    def count(self, action: str, subject: str | None = None) -> int:
        return sum(1 for n in self.notes if n.action == action and (subject is None or n.subject == subject))

    def summary(self) -> str:
        totals = (
            f"{self.level_count} role levels, {self.skill_count} skills, {self.requirement_count} role level skills"
        )
        if self.unchanged:
            return f"{totals}; nothing changed"
        counts = [
            (self.count(Action.ADDED, Subject.LEVEL), "role level added", "role levels added"),
            (self.count(Action.ADDED, Subject.SKILL), "skill added", "skills added"),
            (self.count(Action.RENAMED), "renamed", "renamed"),
            (self.count(Action.CHANGED), "change", "changes"),
            (self.count(Action.ARCHIVED), "archived", "archived"),
            (self.count(Action.RESTORED), "restored", "restored"),
            (len(self.conflicts), "conflict", "conflicts"),
        ]
        changes = ", ".join(f"{n} {one if n == 1 else many}" for n, one, many in counts if n)
        return f"{totals}; {changes or 'no content changes'}"


class _Rollback(Exception):
    """Raised inside the transaction to undo a dry run, a refused release or a no-op."""


def apply_release(
    *,
    parsed: ParsedRelease,
    release_date: datetime.date | None = None,
    dry_run: bool = False,
    resolution: Resolution = Resolution.REFUSE,
    publish: bool = True,
    imported_by: str = "",
) -> ReleaseReport:
    """Apply one parsed release; see the module docstring. Nothing is written on a dry run,
    or when conflicts are left unresolved (``report.refused``); when the release is already
    applied (``report.unchanged``) no content changes and no release is recorded."""
    report = ReleaseReport(dry_run=dry_run, warnings=list(parsed.warnings))
    try:
        with transaction.atomic():
            applier = _Applier(parsed, report, resolution=resolution, publish=publish)
            applier.run(release_date=release_date, imported_by=imported_by)
            if report.conflicts and resolution == Resolution.REFUSE:
                report.refused = True
                raise _Rollback
            if dry_run:
                raise _Rollback
            report.applied = not report.unchanged
    except _Rollback:
        pass
    return report


def _quote(text: str, limit: int = 80) -> str:
    text = " ".join(text.split())
    if not text:
        return "(empty)"
    return f"“{text if len(text) <= limit else text[: limit - 1] + '…'}”"


_ABSENT = object()


class _Applier:
    def __init__(self, parsed: ParsedRelease, report: ReleaseReport, *, resolution: Resolution, publish: bool):
        self.parsed = parsed
        self.report = report
        self.resolution = resolution
        self.publish = publish
        self.touched = False
        self._release: Release | None = None
        self.families: dict[str, JobFamily] = {}
        self.skills: dict[str, Skill] = {}
        self.ladders: dict[str, CareerLadder] = {}
        # New rows with nothing to reconcile are inserted together at the end (with their
        # history): a first import creates thousands, one round trip each otherwise.
        self.new_rows: dict[type, list] = defaultdict(list)

    # --- the run ---------------------------------------------------------------------------

    def run(self, *, release_date, imported_by) -> None:
        parsed, report = self.parsed, self.report
        scale_spec = FRAMEWORK_NAMED_SCALE
        self.levels: dict[str, Level] = {
            label: ensure_level(
                ScaleLevel(scale=scale_spec.name, rank=rank, label=label, canonical_label=label, name=label)
            )
            for rank, label in enumerate(SKILL_LEVELS, start=scale_spec.min_rank)
        }
        self.framework = ensure_framework(FRAMEWORK_NAME, scale=self.levels[SKILL_LEVELS[0]].scale)
        # One release at a time: a second import waits here until the first commits.
        Framework.objects.select_for_update().filter(pk=self.framework.pk).first()
        if not self.framework.abbreviation:
            self.framework.abbreviation = FRAMEWORK_ABBREVIATION
            self.framework.save(update_fields=["abbreviation"])
        latest = Release.objects.filter(framework=self.framework).order_by("-imported_at", "-pk").first()
        self.reason = f"DDaT release of {release_date:%-d %B %Y}" if release_date else "DDaT release"
        if latest is None:
            # The framework's first load is the starting point, as the seed fixture is: what's
            # changed (/changes/) starts from it rather than listing 200 levels as news.
            self.reason = BASELINE
        self.release_date, self.imported_by = release_date, imported_by
        report.level_count = len(parsed.levels)
        report.skill_count = len(parsed.skills)
        report.requirement_count = sum(len(level.requirements) for level in parsed.levels)

        self._sync_skills()
        self._sync_ladders()
        self._sync_levels()
        self._insert_new_rows()

        same_date = release_date is None or (latest is not None and latest.release_date == release_date)
        if latest is not None and not self.touched and same_date:
            report.unchanged = True
            report.release = latest
            return
        report.release = self.release
        if release_date is None:
            report.warnings.append("No release date given: the release is recorded without one.")
        self.release.summary = report.summary()
        self.release.save(update_fields=["summary"])
        ReleaseChange.objects.bulk_create(
            [
                fitted(ReleaseChange, release=self.release, position=position, **vars(note))
                for position, note in enumerate(report.notes, start=1)
            ]
        )

    @property
    def release(self) -> Release:
        """The release's record, made when first needed (a release already applied makes none)."""
        if self._release is None:
            parsed, report = self.parsed, self.report
            roles, skills, ladders = parsed.file("roles"), parsed.file("skills"), parsed.file("ladders")
            self._release = fitted(
                Release,
                framework=self.framework,
                release_date=self.release_date,
                imported_at=timezone.now(),
                imported_by=self.imported_by,
                roles_filename=roles.filename,
                roles_sha256=roles.sha256,
                skills_filename=skills.filename,
                skills_sha256=skills.sha256,
                ladders_filename=ladders.filename if ladders else "",
                ladders_sha256=ladders.sha256 if ladders else "",
                content_sha256=parsed.content_digest(),
                level_count=report.level_count,
                skill_count=report.skill_count,
                requirement_count=report.requirement_count,
                summary="",
            )
            self._release.save(force_insert=True)
        return self._release

    # --- shared helpers --------------------------------------------------------------------

    def note(self, action: str, subject: str, name: str, message: str, **kwargs) -> None:
        self.report.notes.append(Note(action=action, subject=subject, name=name, message=message, **kwargs))
        self.touched = True

    def save(self, obj, **kwargs) -> None:
        # Not "touched" by itself: a save that no note or baseline accounts for only repairs
        # order (seed.json reloads give a shared skill its own position back).
        obj._change_reason = self.reason
        obj.save(**kwargs)

    def reconcile(self, store: dict, key: str, current, new, *, subject: str, name: str, label: str, target) -> bool:
        """Whether to write the release's value ``new`` over ``current``, given what the last
        release said (``store[key]``). Records the change note or the conflict, and sets the
        baseline to what this release says."""
        baseline = store.get(key, _ABSENT)
        if baseline != new:
            store[key] = new
            self.touched = True
        if current == new:
            return False
        if baseline is _ABSENT or current == baseline:
            self.note(Action.CHANGED, subject, name, f"{name}: {label} changed", field=label, **target)
            return True
        if new == baseline:
            return False  # an editor changed it and the release did not: the edit stands
        return self.conflict(subject, name, label, current, new, baseline, target)

    def conflict(self, subject: str, name: str, label: str, current, new, baseline, target: dict) -> bool:
        """Record a conflict; whether to take the release's value."""
        self.report.conflicts.append(Conflict(subject, name, label, str(current), str(new), str(baseline)))
        take = self.resolution == Resolution.TAKE_RELEASE
        outcome = "the release's version was taken" if take else "the editor's version was kept"
        self.note(
            Action.CONFLICT,
            subject,
            name,
            f"{name}: {label} changed by an editor and by the release; {outcome}",
            field=label,
            resolution=ReleaseChange.Resolution.TOOK_RELEASE if take else ReleaseChange.Resolution.KEPT_LOCAL,
            **target,
        )
        return take

    def save_record(self, record: ImportedRecord, *, changed: bool) -> None:
        if record.pk is None:
            record.release = self.release
            self.add(record)
        elif changed:
            record.release = self.release
            self.save(record)

    def add(self, obj) -> None:
        """Insert later, with the other new rows of its table."""
        self.new_rows[type(obj)].append(obj)
        self.touched = True

    def _insert_new_rows(self) -> None:
        skill_ids = {requirement.skill_id for requirement in self.new_rows.get(Requirement, [])}
        for model in (SkillLevelDescriptor, Requirement, ImportedRecord):
            rows = self.new_rows.pop(model, [])
            if rows:
                bulk_create_with_history(rows, model, batch_size=500, default_change_reason=self.reason)
                bump_content_version()  # no signals either for the page cache: every page may show them
        if skill_ids:
            # Bulk inserts send no signals: tell the search index which skills gained roles (new
            # roles and skills were saved one by one, so are re-indexed already).
            schedule("skill", *skill_ids)

    def records(self, subject: str) -> dict[str, ImportedRecord]:
        target = {"level": "role", "ladder": "ladder", "skill": "skill"}[subject]
        records = ImportedRecord.objects.filter(framework=self.framework, subject=subject).select_related(target)
        return {record.key: record for record in records}

    def family(self, name: str) -> JobFamily:
        if name not in self.families:
            family = JobFamily.objects.filter(name__iexact=name).first()
            if family is None:
                family = JobFamily(name=name, slug=unique_slug(JobFamily, name))
                self.save(family)
            self.families[name] = family
        return self.families[name]

    # --- skills ----------------------------------------------------------------------------

    def _sync_skills(self) -> None:
        records = self.records(ImportedRecord.Subject.SKILL)
        descriptors = defaultdict(dict)
        for descriptor in SkillLevelDescriptor.objects.filter(skill__framework=self.framework):
            descriptors[descriptor.skill_id][descriptor.level_id] = descriptor
        by_title = {skill.title: skill for skill in Skill.objects.filter(framework=self.framework)}
        for parsed in self.parsed.skills.values():
            record = records.get(parsed.name)
            before = copy.deepcopy(record.values) if record else {}
            target_name = parsed.name
            if record is None:
                # Seed 003 already cites the framework's "Problem management": the same skill.
                skill = by_title.get(parsed.name)
                if skill is None:
                    skill = Skill(
                        kind=Skill.Kind.FRAMEWORK,
                        framework=self.framework,
                        title=parsed.name,
                        slug=unique_slug(Skill, parsed.name, f"{parsed.name} {SLUG_MARK}", max_length=255),
                        description=parsed.description,
                        position=parsed.position,
                    )
                    self.save(skill)
                    self.note(Action.ADDED, Subject.SKILL, target_name, f"{target_name} added", skill=skill)
                else:
                    self.note(
                        Action.ADDED,
                        Subject.SKILL,
                        target_name,
                        f"{target_name} added (already cited by a role profile)",
                        skill=skill,
                    )
                record = ImportedRecord(
                    framework=self.framework, subject=ImportedRecord.Subject.SKILL, key=parsed.name, skill=skill
                )
            skill = record.skill
            target = {"skill": skill}
            common = {"subject": Subject.SKILL, "name": target_name, "target": target}
            dirty = False
            if skill.status == Skill.Status.ARCHIVED and not record.in_release:
                skill.status = Skill.Status.ACTIVE
                dirty = True
                self.note(Action.RESTORED, Subject.SKILL, target_name, f"{target_name} restored", **target)
            if not record.in_release:
                record.in_release = True
                before["in_release"] = False
            if self.reconcile(
                record.values, "description", skill.description, parsed.description, label="description", **common
            ):
                skill.description = parsed.description
                dirty = True
            if skill.position != parsed.position:
                skill.position = parsed.position
                dirty = True
            if dirty:
                self.save(skill)
            existing = descriptors.get(skill.pk, {})
            for label, text in parsed.levels.items():
                level = self.levels[label]
                descriptor = existing.get(level.pk)
                key = f"level:{label}"
                if descriptor is None:
                    record.values[key] = text
                    self.add(SkillLevelDescriptor(skill=skill, level=level, text=text))
                elif self.reconcile(record.values, key, descriptor.text, text, label=f"{label} description", **common):
                    descriptor.text = text
                    self.save(descriptor)
            self.save_record(record, changed=record.values != before or "in_release" in before)
            self.skills[parsed.name] = skill
        for name, record in records.items():
            if name not in self.parsed.skills:
                self.skills.setdefault(name, record.skill)
                if record.in_release:
                    record.in_release = False
                    self.save_record(record, changed=True)
                    if record.skill.status != Skill.Status.ARCHIVED:
                        record.skill.status = Skill.Status.ARCHIVED
                        self.save(record.skill)
                    self.note(Action.ARCHIVED, Subject.SKILL, name, f"{name} archived", skill=record.skill)

    # --- roles (career ladders) ------------------------------------------------------------

    def _sync_ladders(self) -> None:
        records = self.records(ImportedRecord.Subject.LADDER)
        for parsed in self.parsed.roles.values():
            name = f"{parsed.name} role"
            family = self.family(parsed.family)
            record = records.get(parsed.name)
            before = copy.deepcopy(record.values) if record else {}
            if record is None:
                ladder = CareerLadder.objects.filter(framework=self.framework, title=parsed.name).first()
                if ladder is None:
                    ladder = CareerLadder(
                        framework=self.framework,
                        family=family,
                        title=parsed.name,
                        slug=unique_slug(CareerLadder, parsed.name),
                        description=parsed.description,
                    )
                    self.save(ladder)
                    self.note(Action.ADDED, Subject.LADDER, parsed.name, f"{name} added", ladder=ladder)
                record = ImportedRecord(
                    framework=self.framework, subject=ImportedRecord.Subject.LADDER, key=parsed.name, ladder=ladder
                )
            ladder = record.ladder
            target = {"ladder": ladder}
            dirty = False
            if not record.in_release:
                record.in_release = True
                before["in_release"] = False
                if ladder.status == CareerLadder.Status.ARCHIVED:
                    ladder.status = CareerLadder.Status.ACTIVE
                    dirty = True
                    self.note(Action.RESTORED, Subject.LADDER, parsed.name, f"{name} restored", **target)
            common = {"subject": Subject.LADDER, "name": name, "target": target}
            if self.reconcile(
                record.values, "description", ladder.description, parsed.description, label="description", **common
            ):
                ladder.description = parsed.description
                dirty = True
            if self.reconcile(record.values, "family", ladder.family.name, family.name, label="job family", **common):
                ladder.family = family
                dirty = True
            if dirty:
                self.save(ladder)
            self.save_record(record, changed=record.values != before or "in_release" in before)
            self.ladders[parsed.name] = ladder
        for key, record in records.items():
            if key not in self.parsed.roles and record.in_release:
                record.in_release = False
                self.save_record(record, changed=True)
                record.ladder.status = CareerLadder.Status.ARCHIVED
                self.save(record.ladder)
                self.note(Action.ARCHIVED, Subject.LADDER, key, f"{key} role archived", ladder=record.ladder)

    # --- role levels -----------------------------------------------------------------------

    def _sync_levels(self) -> None:
        records = self.records(ImportedRecord.Subject.LEVEL)
        parsed_levels = {level.key: level for level in self.parsed.levels}
        renames = self._renames(records, parsed_levels)
        requirements = defaultdict(dict)
        for requirement in Requirement.objects.filter(
            role__kind=Role.Kind.DDAT_LEVEL, section=Section.FRAMEWORK, skill__framework=self.framework
        ):
            requirements[requirement.role_id][requirement.skill_id] = requirement
        # Where each ladder's live levels sit: a position is held once per track.
        self.places: dict[int, dict[int, tuple[str, int]]] = defaultdict(dict)
        for role in Role.objects.filter(ladder__isnull=False).exclude(status=Role.Status.ARCHIVED):
            self.places[role.ladder_id][role.pk] = (role.ladder_track, role.ladder_position)

        # Levels the release no longer lists are archived first, so their positions are free.
        renamed = {record.pk for record in renames.values()}
        for key, record in records.items():
            if key not in parsed_levels and record.pk not in renamed and record.in_release:
                self._archive_level(record)

        done: list[tuple[ImportedRecord, dict]] = []
        new_levels = []
        for level in parsed_levels.values():
            record = records.get(level.key) or renames.get(level.key)
            if record is None:
                new_levels.append(level)
                continue
            before = copy.deepcopy(record.values)
            if not record.in_release:
                before["in_release"] = False
            if record.key != level.key:
                self._rename_level(record, level)
            self._update_level(record, level)
            self._sync_requirements(record, level, requirements.get(record.role.pk, {}))
            done.append((record, before))
        self._reorder(done)
        for level in new_levels:
            role = self._create_level(level)
            record = ImportedRecord(
                framework=self.framework, subject=ImportedRecord.Subject.LEVEL, key=level.key, role=role
            )
            entry = self.parsed.ladder.get(level.key) if self.parsed.ladder is not None else None
            if entry is not None:
                record.values.update(
                    ladder_position=entry.position, ladder_track=entry.track, ladder_evidence=entry.evidence
                )
            record.values.update(title=level.title, summary=level.description, role_type=level.role_type)
            record.values["family"] = role.family.name
            self._sync_requirements(record, level, {}, new_role=True)
            done.append((record, {}))
        for record, before in done:
            record.in_release = True
            self.save_record(record, changed=record.values != before or "in_release" in before)

    def _renames(self, records: dict[str, ImportedRecord], parsed_levels: dict[str, ParsedLevel]):
        """Levels renamed by this release: a level gone and a level new on the same role, with the
        same description or most of the same skills. Returns {new key: record of the old level}."""
        gone = [r for key, r in records.items() if key not in parsed_levels and r.in_release]
        new = [level for key, level in parsed_levels.items() if key not in records]
        pairs = []
        for record in gone:
            old_skills = set(record.values.get("skills", {}))
            for level in new:
                if level.role != record.role.external_role:
                    continue
                same_description = bool(level.description) and level.description == record.values.get("summary")
                new_skills = set(level.requirements)
                overlap = len(old_skills & new_skills) / len(old_skills | new_skills) if old_skills | new_skills else 0
                if same_description or overlap >= RENAME_SKILL_OVERLAP:
                    pairs.append((1.0 + overlap if same_description else overlap, record, level))
        renames, used = {}, set()
        for _score, record, level in sorted(pairs, key=lambda p: (-p[0], p[1].key, p[2].key)):
            if record.pk in used or level.key in renames:
                continue
            used.add(record.pk)
            renames[level.key] = record
        return renames

    def _archive_level(self, record: ImportedRecord) -> None:
        role = record.role
        record.in_release = False
        self.save_record(record, changed=True)
        if role.status != Role.Status.ARCHIVED:
            role.status = Role.Status.ARCHIVED
            role.version += 1
            self.save(role)
        self.places[role.ladder_id].pop(role.pk, None)
        self.note(Action.ARCHIVED, Subject.LEVEL, role.title, f"{role.title} archived", role=role)

    def _level_slug(self, level: ParsedLevel, *, exclude_pk=None) -> str:
        # Always marked: NHS role profiles will carry the same titles as DDaT levels ("Data ethics
        # lead" already does) and keep the plain slugs, whatever is loaded first.
        def redirected(slug: str) -> bool:
            return RoleSlugRedirect.objects.filter(old_slug=slug).exclude(role_id=exclude_pk).exists()

        return unique_slug(
            Role,
            f"{level.title} {SLUG_MARK}",
            f"{level.role} {level.title} {SLUG_MARK}",
            exclude_pk=exclude_pk,
            also_taken=redirected,
        )

    def _create_level(self, level: ParsedLevel) -> Role:
        ladder = self.ladders[level.role]
        publish = self.publish and level.in_use
        role = Role(
            kind=Role.Kind.DDAT_LEVEL,
            title=level.title,
            slug=self._level_slug(level),
            title_in_source=True,
            family=self.family(self.parsed.roles[level.role].family),
            summary=level.description,
            status=Role.Status.PUBLISHED if publish else Role.Status.DRAFT,
            ladder=ladder,
            external_role=level.role,
            external_level=level.name,
            role_type=level.role_type,
            in_use=level.in_use,
        )
        self._set_place(role, level)
        self.save(role)
        self.places[ladder.pk][role.pk] = (role.ladder_track, role.ladder_position)
        self.note(Action.ADDED, Subject.LEVEL, level.title, f"{level.title} added", role=role)
        return role

    def _set_place(self, role: Role, level: ParsedLevel) -> None:
        """A new level's place: the ladder order's where it lists the level and that place is
        free; otherwise the rule. A "- management" level sits beside the level it is the
        management track of; any other level goes after the last level of its role. Placed by
        the rule, the order is marked inferred until an editor orders it."""
        occupied = set(self.places[role.ladder_id].values())
        entry = self.parsed.ladder.get(level.key) if self.parsed.ladder is not None else None
        if entry is not None and (entry.track, entry.position) not in occupied:
            role.ladder_position, role.ladder_track = entry.position, entry.track
            role.ladder_evidence, role.ladder_order_inferred = entry.evidence, entry.inferred
            return
        track, position = "", None
        if level.name.endswith(MANAGEMENT_SUFFIX):
            track = "management"
            technical = level.name.removesuffix(MANAGEMENT_SUFFIX).strip()
            sibling = (
                Role.objects.filter(ladder_id=role.ladder_id, external_level=technical, ladder_track="")
                .exclude(status=Role.Status.ARCHIVED)
                .first()
            )
            if sibling and (track, sibling.ladder_position) not in occupied:
                position = sibling.ladder_position
        if position is None:
            position = max((p for _track, p in occupied), default=0) + 1
        role.ladder_position, role.ladder_track = position, track
        role.ladder_evidence, role.ladder_order_inferred = PLACED_EVIDENCE, True

    def _rename_level(self, record: ImportedRecord, level: ParsedLevel) -> None:
        role = record.role
        old_title, old_slug = role.title, role.slug
        baseline = record.values.get("title", old_title)
        record.key = level.key
        record.values["title"] = level.title
        role.external_level = level.name
        take = role.title == baseline or self.conflict(
            Subject.LEVEL, old_title, "title", role.title, level.title, baseline, {"role": role}
        )
        if take:
            role.title = level.title
            role.slug = self._level_slug(level, exclude_pk=role.pk)
            RoleSlugRedirect.objects.filter(old_slug=role.slug).delete()  # renamed back: the slug is live again
            if old_slug != role.slug:
                self.save(RoleSlugRedirect(old_slug=old_slug, role=role))
        message = f"{old_title} renamed {level.title}" + ("" if take else " (the title an editor gave it is kept)")
        self.note(Action.RENAMED, Subject.LEVEL, level.title, message, field="title", role=role)
        role.version += 1
        self.save(role)

    def _update_level(self, record: ImportedRecord, level: ParsedLevel) -> None:
        role = record.role
        family = self.family(self.parsed.roles[level.role].family)
        target = {"role": role}
        dirty = False
        common = {"subject": Subject.LEVEL, "name": role.title, "target": target}
        if not record.in_release and role.status == Role.Status.ARCHIVED:
            role.status = Role.Status.PUBLISHED if self.publish and level.in_use else Role.Status.DRAFT
            dirty = True
            place = (role.ladder_track, role.ladder_position)
            if place in set(self.places[role.ladder_id].values()):
                self._set_place(role, level)  # its old place was taken meanwhile
            self.places[role.ladder_id][role.pk] = (role.ladder_track, role.ladder_position)
            self.note(Action.RESTORED, Subject.LEVEL, role.title, f"{role.title} restored", **target)
        if self.reconcile(record.values, "title", role.title, level.title, label="title", **common):
            role.title = level.title
            dirty = True
        if self.reconcile(record.values, "summary", role.summary, level.description, label="description", **common):
            role.summary = level.description
            dirty = True
        current_family = role.family.name if role.family else ""
        if self.reconcile(record.values, "family", current_family, family.name, label="job family", **common):
            role.family = family
            dirty = True
        if self.reconcile(record.values, "role_type", role.role_type, level.role_type, label="role type", **common):
            role.role_type = level.role_type
            dirty = True
        if dirty:
            role.version += 1
            self.save(role)

    # --- a level's skills ------------------------------------------------------------------

    def _sync_requirements(
        self, record: ImportedRecord, level: ParsedLevel, existing: dict[int, Requirement], *, new_role: bool = False
    ) -> None:
        role = record.role
        baselines: dict = record.values.setdefault("skills", {})
        target = {"role": role}
        name = role.title
        wanted: list[tuple[Requirement, bool]] = []  # (requirement, content changed)
        for position, parsed in enumerate(level.requirements.values(), start=1):
            skill = self.skills[parsed.skill]
            requirement = existing.get(skill.pk)
            release_values = {"level": parsed.level_label, "wording": parsed.descriptor}
            baseline = baselines.get(parsed.skill)
            if baseline != release_values:
                baselines[parsed.skill] = release_values
                self.touched = True
            if requirement is None:
                if baseline is not None and baseline == release_values:
                    continue  # an editor removed it and the release did not change it: it stays removed
                if baseline is not None and not self.conflict(
                    Subject.LEVEL, name, parsed.skill, "(removed)", parsed.level_label, baseline["level"], target
                ):
                    continue
                requirement = Requirement(
                    role=role,
                    skill=skill,
                    section=Section.FRAMEWORK,
                    heading=SECTION_HEADING,
                    position=position,
                    level=self.levels.get(parsed.level),
                    level_label=parsed.level_label,
                    descriptor=parsed.descriptor,
                )
                if not new_role:
                    self.note(
                        Action.CHANGED,
                        Subject.LEVEL,
                        name,
                        f"{name}: now needs {parsed.skill} ({parsed.level_label})",
                        field="skills",
                        **target,
                    )
                wanted.append((requirement, True))
                continue
            store = baseline if baseline is not None else {}
            old = {"level": store.get("level", _ABSENT), "wording": store.get("wording", _ABSENT)}
            old = {k: v for k, v in old.items() if v is not _ABSENT}
            changed = False
            common = {"subject": Subject.LEVEL, "name": name, "target": target}
            if self.reconcile(
                old, "level", requirement.level_label, parsed.level_label, label=f"level of {parsed.skill}", **common
            ):
                requirement.level = self.levels.get(parsed.level)
                requirement.level_label = parsed.level_label
                changed = True
            if self.reconcile(
                old, "wording", requirement.descriptor, parsed.descriptor, label=f"wording of {parsed.skill}", **common
            ):
                requirement.descriptor = parsed.descriptor
                changed = True
            requirement.position = position
            wanted.append((requirement, changed))

        listed = {self.skills[p.skill].pk for p in level.requirements.values()}
        for skill_name, baseline in list(baselines.items()):
            if skill_name in level.requirements:
                continue
            del baselines[skill_name]
            self.touched = True
            skill = self.skills.get(skill_name)
            requirement = existing.get(skill.pk) if skill else None
            if requirement is None or skill.pk in listed:
                continue
            current = {"level": requirement.level_label, "wording": requirement.descriptor}
            if current != baseline and not self.conflict(
                Subject.LEVEL, name, skill_name, requirement.level_label, "(removed)", baseline.get("level", ""), target
            ):
                continue
            requirement._change_reason = self.reason
            requirement.delete()
            self.touched = True
            self.note(
                Action.CHANGED, Subject.LEVEL, name, f"{name}: no longer needs {skill_name}", field="skills", **target
            )
        if new_role:
            for requirement, _changed in wanted:
                self.add(requirement)
        else:
            self._save_requirements(role, wanted, existing)

    def _save_requirements(self, role: Role, wanted: list[tuple[Requirement, bool]], existing) -> None:
        original = {r.pk: r.position for r in existing.values()}
        moved = [r for r, _ in wanted if r.pk and original.get(r.pk) != r.position]
        others = Requirement.objects.filter(role=role).exclude(pk__in=[r.pk for r, _ in wanted if r.pk])
        taken = set(others.values_list("position", flat=True))
        new_positions = {r.position for r, _ in wanted if r.pk is None}
        if moved or new_positions & (taken | set(original.values())):
            # Out of the way first, so no two rows hold one position mid-way; an editor's own
            # rows (not from the release) follow the release's.
            Requirement.objects.filter(role=role).update(position=F("position") + REQUIREMENT_SHIFT)
            after = len(wanted)
            for other in others.order_by("position"):
                after += 1
                Requirement.objects.filter(pk=other.pk).update(position=after)
        for requirement, changed in wanted:
            if requirement.pk is None or changed or original.get(requirement.pk) != requirement.position:
                self.save(requirement)

    # --- ladder order ----------------------------------------------------------------------

    def _reorder(self, done: list[tuple[ImportedRecord, dict]]) -> None:
        """Existing levels take the ladder order's places (editors' orderings are baselined
        like text: kept unless the ladder order changes them too)."""
        if self.parsed.ladder is None:
            return
        planned = []
        for record, _before in done:
            role = record.role
            entry = self.parsed.ladder.get(record.key)
            if entry is None:
                continue
            release = {"position": entry.position, "track": entry.track, "evidence": entry.evidence}
            current = {"position": role.ladder_position, "track": role.ladder_track, "evidence": role.ladder_evidence}
            write = {}
            for key in ("position", "track", "evidence"):
                if self.reconcile(
                    record.values,
                    f"ladder_{key}",
                    current[key],
                    release[key],
                    subject=Subject.LEVEL,
                    name=role.title,
                    label=f"place on its ladder ({key})",
                    target={"role": role},
                ):
                    write[key] = release[key]
            if write:
                planned.append((role, write, entry.inferred))
        moving = {role.pk for role, write, _ in planned if {"position", "track"} & set(write)}
        kept = []
        for role, write, inferred in planned:
            target = (write.get("track", role.ladder_track), write.get("position", role.ladder_position))
            holders = [pk for pk, place in self.places[role.ladder_id].items() if place == target and pk not in moving]
            if role.pk in moving and holders and holders != [role.pk]:
                # Held by a level the ladder order does not move (an editor's order, or one it
                # does not list): leave this one where it is rather than break the other's place.
                moving.discard(role.pk)
                self.report.warnings.append(
                    f"{role.title}: the ladder order puts it at position {target[1]}, which another level "
                    "holds; left where it is for an editor to order"
                )
                continue
            kept.append((role, write, inferred))
        planned = kept
        if moving:
            Role.objects.filter(pk__in=moving).update(ladder_position=F("ladder_position") + POSITION_SHIFT)
        for role, write, inferred in planned:
            role.ladder_position = write.get("position", role.ladder_position)
            role.ladder_track = write.get("track", role.ladder_track)
            role.ladder_evidence = write.get("evidence", role.ladder_evidence)
            role.ladder_order_inferred = inferred
            self.places[role.ladder_id][role.pk] = (role.ladder_track, role.ladder_position)
            role.version += 1
            self.save(role)
