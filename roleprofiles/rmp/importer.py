"""Writes that touch several tables: importing a parsed profile into the database.

One call is one transaction. Importing the same file again updates the role in place
(matched by slug, else by its source file), so it never creates a duplicate role or
requirement. A dry run does the same work and rolls it back, so its report is exactly
what a real run would do.

Before anything is written, every value is checked against the length of the column it goes
to (the model fields' own ``max_length``): PostgreSQL refuses a longer one mid-import with a
``DataError``, which was a 500 in the admin and a traceback from the command. Rows are read and
written in bulk, a fixed number of queries however long the file: one or more queries per row
made a 2,000-row preview take 26 to 31 s.
"""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass, field
from pathlib import Path

from django.db import router, transaction
from django.db.models.signals import post_save
from django.utils.text import slugify

from core.slugs import IN_BATCH, NewSlugs, unique_slug
from frameworks.models import (
    Framework,
    Level,
    LevelScale,
    ProfessionalBody,
    Skill,
    SourceDocument,
)

from .. import signals
from ..models import JobFamily, Requirement, Role
from .parsing import ParsedEntry, ParsedLevel, ParsedProfile, ProfileParseError
from .sections import SCALES

LOST_CHARACTER = re.compile(r"\w\?\w")
# Real profiles have about 150 entries. A bound on the rows one import writes, so that no file
# (the upload takes 2 MB: some 100,000 short rows) can hold a worker for minutes.
MAX_ENTRIES = 5000
# Each framework (a framework's table, or a name under Additional Frameworks) costs a few queries.
MAX_FRAMEWORKS = 100


class DryRunRollback(Exception):
    """Raised inside the transaction to undo a dry run."""


@dataclass
class ImportReport:
    filename: str
    title: str = ""
    slug: str = ""
    role_created: bool = False
    title_in_source: bool = False
    section_counts: dict[str, int] = field(default_factory=dict)
    requirements_created: int = 0
    requirements_updated: int = 0
    requirements_deleted: int = 0
    requirements_unchanged: int = 0
    changes: list[str] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    dry_run: bool = False

    @property
    def changed(self) -> bool:
        return bool(
            self.role_created
            or self.requirements_created
            or self.requirements_updated
            or self.requirements_deleted
            or self.changes
        )

    def summary_line(self) -> str:
        verb = "would create" if self.dry_run else "created"
        if not self.role_created:
            verb = "would update" if self.dry_run else "updated"
        counts = ", ".join(f"{count} {heading}" for heading, count in self.section_counts.items())
        return (
            f'{self.filename}: {verb} role "{self.title}" ({self.slug}): {counts}; requirements '
            f"{self.requirements_created} new, {self.requirements_updated} changed, "
            f"{self.requirements_deleted} removed, {self.requirements_unchanged} unchanged"
        )


def derive_title(parsed: ParsedProfile) -> str:
    """A title for a profile whose source states none: its professional body and level."""
    body = parsed.professional_body or "Untitled"
    section = parsed.section("work_activity")
    levels = [entry.level.rank for entry in section.entries if entry.level] if section else []
    if levels:
        return f"{body} role profile, level {max(levels)}"
    prefix = f"{body} role profile ("
    room = Role._meta.get_field("title").max_length - len(prefix) - 1  # a long file name is cut to fit
    return f"{prefix}{Path(parsed.filename).stem[:room]})"


def check_before_import(
    parsed: ParsedProfile, *, title: str | None = None, slug: str | None = None, family: str | None = None
) -> None:
    """Refuse, naming the file and line, what the database cannot hold (a value longer than its
    column) and more rows than an import should write. Reads nothing from the database."""
    entry_lines = [entry.line for section in parsed.sections for entry in section.entries]
    framework_lines = sorted(
        [section.line for section in parsed.sections if section.framework] + parsed.additional_framework_lines
    )
    for lines, what, limit, usual in (
        (entry_lines, "entries", MAX_ENTRIES, "about 150"),
        (framework_lines, "frameworks", MAX_FRAMEWORKS, "a few"),
    ):
        if len(lines) > limit:
            raise ProfileParseError(
                f"the profile has {len(lines):,} {what}; at most {limit:,} are imported at once "
                f"(a real profile has {usual})",
                filename=parsed.filename,
                line=lines[limit],
            )
    values = sorted(_stored_values(parsed, title=title, slug=slug, family=family), key=lambda value: value[0] or 0)
    for line, what, value, model, field_name in values:
        limit = model._meta.get_field(field_name).max_length
        if value and len(value) > limit:
            if line is not None:  # a value from the file: quote its start, so it can be found
                excerpt = " ".join(value[:40].split())
                what = f'{what} "{excerpt}{"…" if len(value) > 40 else ""}"'
            raise ProfileParseError(
                f"{what} is {len(value):,} characters long; at most {limit:,} fit",
                filename=parsed.filename,
                line=line,
            )


def _stored_values(parsed: ParsedProfile, *, title, slug, family):
    """(line, what, value, model, field) for each text an import stores in a column of limited
    length: the options given (no line), then what the file says, with its line."""
    yield None, "the title given", title, Role, "title"
    yield None, "the slug given", slug, Role, "slug"
    yield None, "the job family given", family, JobFamily, "name"
    yield None, "the file name", Path(parsed.filename).name, SourceDocument, "filename"
    for section in parsed.sections:
        yield section.line, "the section heading", section.heading, Requirement, "heading"
        if section.framework:
            yield section.line, "the framework", section.framework, Framework, "name"
        for entry in section.entries:
            yield entry.line, "the title", entry.title, Skill, "title"
            yield entry.line, "the code", entry.code, Requirement, "code"
            yield entry.line, "the code", entry.code, Skill, "code"
            if entry.level:
                yield entry.line, "the level", entry.level.label, Requirement, "level_label"
            for level in (entry.level, entry.depth):
                if level:
                    yield entry.line, "the level", level.canonical_label, Level, "label"
                    yield entry.line, "the level's name", level.name, Level, "name"
                    yield entry.line, "the level scale", SCALES[level.scale].name, LevelScale, "name"
            yield entry.line, "the PDA group", entry.group, Skill, "group"
            yield entry.line, "the awarding body", entry.awarding_body, Skill, "awarding_body"
    for name, line in zip(parsed.additional_frameworks, parsed.additional_framework_lines, strict=True):
        yield line, "the framework", name, Framework, "name"
    if body := parsed.professional_body:
        line = parsed.source_note_line
        yield line, "the professional body", body, ProfessionalBody, "abbreviation"
        yield line, "the professional body", body, ProfessionalBody, "name"
        yield line, "the professional body's slug", slugify(body.lower()), ProfessionalBody, "slug"


class _Levels:
    """Level scales and their levels, each scale read once per import rather than once per row.
    Missing ones are created one by one, in the order they are first needed (so the fixture's
    ids stay as they were)."""

    def __init__(self, filename: str = ""):
        self.filename = filename
        self.scales: dict[str, LevelScale] = {}
        self.levels: dict[tuple[int, int], Level] = {}

    def get(self, parsed: ParsedLevel, *, line: int | None = None) -> Level:
        spec = SCALES[parsed.scale]
        scale = self.scales.get(spec.name)
        if scale is None:
            scale, _ = LevelScale.objects.get_or_create(
                name=spec.name,
                defaults={
                    "slug": spec.slug,
                    "kind": spec.kind,
                    "min_rank": spec.min_rank,
                    "max_rank": spec.max_rank,
                    "description": spec.description,
                },
            )
            self.scales[spec.name] = scale
            self.levels.update({(scale.pk, level.rank): level for level in Level.objects.filter(scale=scale)})
        level = self.levels.get((scale.pk, parsed.rank))
        if level is None:
            if not scale.min_rank <= parsed.rank <= scale.max_rank:
                # The scale in the database (edited in the admin, say) is narrower than the format's.
                raise ProfileParseError(
                    f'the level "{parsed.label}" is outside the {scale.name} scale '
                    f"({scale.min_rank} to {scale.max_rank})",
                    filename=self.filename,
                    line=line,
                )
            level = Level(scale=scale, rank=parsed.rank, label=parsed.canonical_label, name=parsed.name)
            level.save()
            self.levels[(scale.pk, parsed.rank)] = level
        return level


def ensure_level(parsed: ParsedLevel) -> Level:
    return _Levels().get(parsed)


def ensure_source_document(*, filename: str, text: str, kind: str, title: str = "") -> SourceDocument:
    stem = Path(filename).stem
    document, created = SourceDocument.objects.get_or_create(
        slug=slugify(stem)[:120],
        defaults={"filename": Path(filename).name, "title": title or stem, "kind": kind, "text": text},
    )
    digest = hashlib.sha256(text.encode("utf-8")).hexdigest()
    if created or document.sha256 != digest or document.text != text:
        document.text = text
        document.sha256 = digest
        document.filename = Path(filename).name
        if title:
            document.title = title
        document.save()
    return document


def ensure_professional_body(abbreviation: str) -> ProfessionalBody:
    body = ProfessionalBody.objects.filter(abbreviation__iexact=abbreviation).first()
    if body is None:
        body = ProfessionalBody.objects.create(
            abbreviation=abbreviation, name=abbreviation, slug=slugify(abbreviation.lower())
        )
    return body


def ensure_framework(name: str, *, scale: LevelScale | None = None) -> Framework:
    framework = Framework.objects.filter(name=name).first()
    if framework is None:
        framework = Framework.objects.create(name=name, slug=unique_slug(Framework, name), level_scale=scale)
    elif scale is not None and framework.level_scale_id is None:
        framework.level_scale = scale
        framework.save(update_fields=["level_scale"])
    return framework


def ensure_skill(entry: ParsedEntry, *, kind: str, framework: Framework | None) -> Skill:
    if framework is not None:
        skill = Skill.objects.filter(framework=framework, title=entry.title).first()
    else:
        skill = Skill.objects.filter(framework__isnull=True, kind=kind, title=entry.title).first()
    if skill is None:
        candidates = _slug_candidates(entry, kind=kind, framework=framework)
        skill = Skill(
            kind=kind, title=entry.title, framework=framework, slug=unique_slug(Skill, *candidates, max_length=255)
        )
    if _fill_blanks(skill, entry, kind=kind, framework=framework) or skill.pk is None:
        skill.save()
    return skill


def _new_skill(entry: ParsedEntry, *, kind: str, framework: Framework | None) -> Skill:
    skill = Skill(kind=kind, title=entry.title, framework=framework)
    _fill_blanks(skill, entry, kind=kind, framework=framework)
    return skill


def _slug_candidates(entry: ParsedEntry, *, kind: str, framework: Framework | None) -> tuple[str, str]:
    return entry.title, f"{entry.title} {framework.name if framework else Skill.Kind(kind).label}"


def _fill_blanks(skill: Skill, entry: ParsedEntry, *, kind: str, framework: Framework | None) -> bool:
    """Set the skill's blank fields from the entry; whether any changed."""
    fields = {
        "code": entry.code if framework is not None else "",
        "description": entry.description if framework is not None else _generic_description(entry, kind),
        "group": entry.group,
        "awarding_body": entry.awarding_body,
    }
    dirty = False
    for name, value in fields.items():
        # Keep what is known: another role's import must not blank a skill's description.
        if value and getattr(skill, name) != value and not getattr(skill, name):
            setattr(skill, name, value)
            dirty = True
    return dirty


def _generic_description(entry: ParsedEntry, kind: str) -> str:
    """Sections whose Details column describes the skill itself, not a level of it."""
    generic = {"technical", "other", "training", "pda", "behavioural"}
    return entry.details if kind in generic else ""


def import_profile(
    *,
    parsed: ParsedProfile,
    title: str | None = None,
    slug: str | None = None,
    family: str | None = None,
    publish: bool = False,
    dry_run: bool = False,
) -> ImportReport:
    """Import one parsed profile; see the module docstring."""
    check_before_import(parsed, title=title, slug=slug, family=family)
    report = ImportReport(filename=Path(parsed.filename).name, dry_run=dry_run)
    try:
        with transaction.atomic():
            _import(parsed, report, title=title, slug=slug, family=family, publish=publish)
            if dry_run:
                raise DryRunRollback
            imported = Role.objects.filter(slug=report.slug).values_list("pk", flat=True)
            signals.content_changed.send(sender=Role, roles=list(imported))
    except DryRunRollback:
        pass
    return report


def _import(parsed, report, *, title, slug, family, publish) -> None:
    levels = _Levels(report.filename)
    document = ensure_source_document(
        filename=parsed.filename, text=parsed.text, kind=SourceDocument.Kind.ROLE_PROFILE, title=title or ""
    )
    role = None
    if slug:
        role = Role.objects.filter(slug=slug).first()
    if role is None:
        role = Role.objects.filter(source_document=document).first()
    report.role_created = role is None
    if role is None:
        role = Role(source_document=document)

    if title:
        new_title, title_in_source = title, False
    elif role.pk:
        new_title, title_in_source = role.title, role.title_in_source
    else:
        new_title, title_in_source = derive_title(parsed), False
        report.warnings.append(f'The source states no title: derived "{new_title}". Set one with --title.')
    values = {
        "title": new_title,
        "title_in_source": title_in_source,
        "summary": parsed.summary,
        "source_note": parsed.source_note,
        "source_document": document,
        "professional_body": ensure_professional_body(parsed.professional_body) if parsed.professional_body else None,
    }
    if family:
        values["family"] = JobFamily.objects.get_or_create(
            name=family,
            defaults={"slug": unique_slug(JobFamily, family), "professional_body": values["professional_body"]},
        )[0]
    if publish:
        values["status"] = Role.Status.PUBLISHED
    work_levels = [levels.get(e.level, line=e.line) for e in _entries(parsed, "work_activity") if e.level]
    values["level"] = max(work_levels, key=lambda level: level.rank) if work_levels else None

    for name, value in values.items():
        old = getattr(role, name)
        if role.pk and old != value:
            report.changes.append(f"{name}: {_show(old)} → {_show(value)}")
        setattr(role, name, value)
    if not role.pk:
        role.slug = slug or unique_slug(Role, new_title)
    elif role.pk and slug and role.slug != slug:
        report.changes.append(f"slug: {role.slug} → {slug}")
        role.slug = slug
    if report.role_created or report.changes:
        if role.pk:
            role.version += 1
        role.save()
    report.title, report.slug, report.title_in_source = role.title, role.slug, role.title_in_source

    additional = [ensure_framework(name) for name in parsed.additional_frameworks]
    if set(role.additional_frameworks.all()) != set(additional):
        if not report.role_created:
            report.changes.append("additional frameworks: " + "; ".join(f.name for f in additional))
        role.additional_frameworks.set(additional)

    _sync_requirements(role, parsed, report, levels)
    for section in parsed.sections:
        report.section_counts[section.heading] = len(section.entries)
    if parsed.additional_frameworks:
        report.section_counts["Additional Frameworks"] = len(parsed.additional_frameworks)
    lost = [line_no for line_no, line in enumerate(parsed.text.split("\n"), start=1) if LOST_CHARACTER.search(line)]
    for line_no in lost[:MAX_LINE_WARNINGS]:
        report.warnings.append(
            f"line {line_no}: a '?' inside a word may stand for a character lost in export; "
            "kept as written (correct it in the admin if needed)"
        )
    if len(lost) > MAX_LINE_WARNINGS:
        # A page of thousands of warnings helps nobody (and a 2 MB file could ask for 500,000).
        report.warnings.append(f"and {len(lost) - MAX_LINE_WARNINGS:,} more lines with a '?' inside a word")


# Warnings about single lines shown before the rest are counted in one more.
MAX_LINE_WARNINGS = 50


def _entries(parsed: ParsedProfile, kind: str):
    for section in parsed.sections:
        if section.kind == kind:
            yield from section.entries


def _show(value) -> str:
    text = str(value) if value is not None else "(none)"
    return text if len(text) <= 60 else text[:57] + "…"


def _batches(values: list, size: int = IN_BATCH):
    for start in range(0, len(values), size):
        yield values[start : start + size]


def _existing_skills(parsed: ParsedProfile) -> dict[tuple[str, str], Skill]:
    """The skills outside any framework that the file's sections name, by (kind, title): one query
    per IN_BATCH titles. (Framework skills are read per framework, in _framework_skills.)"""
    wanted: dict[str, set[str]] = {}
    for section in parsed.sections:
        if section.kind != "framework":
            wanted.setdefault(Skill.Kind(section.kind), set()).update(e.title for e in section.entries)
    found = {}
    for kind, titles in wanted.items():
        for batch in _batches(sorted(titles)):
            for skill in Skill.objects.filter(framework__isnull=True, kind=kind, title__in=batch):
                found[(kind, skill.title)] = skill
    return found


def _framework_skills(framework: Framework, section) -> dict[str, Skill]:
    found = {}
    for batch in _batches(sorted({entry.title for entry in section.entries})):
        found.update({skill.title: skill for skill in Skill.objects.filter(framework=framework, title__in=batch)})
    return found


def _announce_saved(model, objects: list, *, created: bool) -> None:
    """bulk_create and bulk_update send no post_save: send it for each row, as save() would, so
    every receiver (the search index, the page cache) hears of each change. Their history rows
    were written in bulk, so simple_history is asked to skip them (its skip_history_when_saving)."""
    using = router.db_for_write(model)
    for instance in objects:
        instance.skip_history_when_saving = True
        try:
            post_save.send(sender=model, instance=instance, created=created, update_fields=None, raw=False, using=using)
        finally:
            del instance.skip_history_when_saving


def _create_in_bulk(model, objects: list) -> None:
    """Insert the rows in order (so their ids are in that order, as one save() each gave), with
    their history, and announce them."""
    if objects:
        model.objects.bulk_create(objects)
        model.history.bulk_history_create(objects, default_change_reason=None)
        _announce_saved(model, objects, created=True)


def _update_in_bulk(model, objects: list, fields: list[str]) -> None:
    if objects:
        model.objects.bulk_update(objects, fields)
        model.history.bulk_history_create(objects, update=True, default_change_reason=None)
        _announce_saved(model, objects, created=False)


def _sync_requirements(role: Role, parsed: ParsedProfile, report: ImportReport, levels: _Levels) -> None:
    known = _existing_skills(parsed)
    new_skills: list[tuple[Skill, tuple[str, str]]] = []
    refilled: list[Skill] = []
    planned: list[tuple[str, dict, ParsedEntry, str, Skill]] = []
    seen: set[tuple] = set()
    # Section by section, entry by entry, as the file has them: levels are created in the order
    # first needed, so the seed fixture's ids do not depend on how the reads are batched.
    for section in parsed.sections:
        framework = None
        kind = Skill.Kind(section.kind)
        if section.kind == "framework":
            scale_level = next((e for e in section.entries if e.level), None)
            scale = levels.get(scale_level.level, line=scale_level.line).scale if scale_level else None
            framework = ensure_framework(section.framework, scale=scale)
            in_framework = _framework_skills(framework, section)
        for entry in section.entries:
            key = (framework.pk, entry.title) if framework else (kind, entry.title)
            if (key, section.kind) in seen:
                raise ProfileParseError(
                    f'"{entry.title}" is listed twice in "{section.heading}"', filename=report.filename, line=entry.line
                )
            seen.add((key, section.kind))
            skill = in_framework.get(entry.title) if framework else known.get(key)
            if skill is None:
                skill = _new_skill(entry, kind=kind, framework=framework)
                new_skills.append((skill, _slug_candidates(entry, kind=kind, framework=framework)))
            elif _fill_blanks(skill, entry, kind=kind, framework=framework):
                refilled.append(skill)
            values = {
                "heading": section.heading,
                "position": len(planned) + 1,
                "code": entry.code,
                "level": levels.get(entry.level, line=entry.line) if entry.level else None,
                "level_label": entry.level.label if entry.level else "",
                "depth": levels.get(entry.depth, line=entry.line) if entry.depth else None,
                "descriptor": entry.details,
                "source_text": entry.source_text,
                "source_line": entry.line,
            }
            planned.append((section.kind, values, entry, section.heading, skill))

    for skill in refilled:  # rare: a skill named before with fewer details
        skill.save()
    slugs = NewSlugs(Skill, [candidates for _, candidates in new_skills], max_length=_max_length(Skill, "slug"))
    for skill, candidates in new_skills:
        skill.slug = slugs.reserve(*candidates)
    # Announced before any requirement names them, as one save() each was.
    _create_in_bulk(Skill, [skill for skill, _ in new_skills])

    rows = [((skill.pk, kind), values, entry, heading) for kind, values, entry, heading, skill in planned]
    wanted = {key for key, _, _, _ in rows}
    existing = {}
    if not report.role_created:
        existing = {(r.skill_id, r.section): r for r in Requirement.objects.filter(role=role).select_related("skill")}
    for key, requirement in existing.items():
        if key not in wanted:
            report.changes.append(f'{requirement.get_section_display()}: "{requirement.skill.title}" removed')
            requirement.delete()
            report.requirements_deleted += 1
    existing = {key: r for key, r in existing.items() if key in wanted}
    new_positions = {key: values["position"] for key, values, _, _ in rows}
    if any(r.position != new_positions[key] for key, r in existing.items()):
        # Move rows out of the way so the new order never collides mid-update.
        offset = max([r.position for r in existing.values()] + list(new_positions.values())) + 1
        for requirement in existing.values():
            requirement.position += offset
        Requirement.objects.bulk_update(existing.values(), ["position"])

    created, updated = [], []
    for key, values, entry, heading in rows:
        requirement = existing.get(key)
        if requirement is None:
            created.append(Requirement(role=role, skill_id=key[0], section=key[1], **values))
            report.requirements_created += 1
            continue
        content_changed = any(
            getattr(requirement, name) != value for name, value in values.items() if name not in POSITION_FIELDS
        )
        moved = requirement.position != values["position"]
        if not (content_changed or moved or requirement.source_line != values["source_line"]):
            report.requirements_unchanged += 1
            continue
        for name, value in values.items():
            setattr(requirement, name, value)
        updated.append(requirement)
        if content_changed:
            report.requirements_updated += 1
            report.changes.append(f'{heading}: "{entry.title}" changed')
        else:
            report.requirements_unchanged += 1
    # Existing rows reach their new places before new rows take the places left free.
    _update_in_bulk(Requirement, updated, REQUIREMENT_FIELDS)
    _create_in_bulk(Requirement, created)


def _max_length(model, name: str) -> int:
    return model._meta.get_field(name).max_length


POSITION_FIELDS = {"position", "source_line"}
REQUIREMENT_FIELDS = [
    "heading", "position", "code", "level", "level_label", "depth", "descriptor", "source_text", "source_line"
]  # fmt: skip
