"""Writes that touch several tables: importing a parsed profile into the database.

One call is one transaction. Importing the same file again updates the role in place
(matched by slug, else by its source file), so it never creates a duplicate role or
requirement. A dry run does the same work and rolls it back, so its report is exactly
what a real run would do.
"""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass, field
from pathlib import Path

from django.db import transaction
from django.utils.text import slugify

from frameworks.models import (
    Framework,
    Level,
    LevelScale,
    ProfessionalBody,
    Skill,
    SourceDocument,
)
from frameworks.slugs import unique_slug

from .models import JobFamily, Requirement, Role
from .parsing import ParsedEntry, ParsedLevel, ParsedProfile, ProfileParseError
from .sections import SCALES

LOST_CHARACTER = re.compile(r"\w\?\w")
SECTION_TO_SKILL_KIND = {kind: kind for kind in Skill.Kind.values}


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
    return f"{body} role profile ({Path(parsed.filename).stem})"


def ensure_level(parsed: ParsedLevel) -> Level:
    spec = SCALES[parsed.scale]
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
    level = Level.objects.filter(scale=scale, rank=parsed.rank).first()
    if level is None:
        level = Level(scale=scale, rank=parsed.rank, label=parsed.canonical_label, name=parsed.name)
        level.save()
    return level


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
        kind_label = Skill.Kind(kind).label
        skill = Skill(
            kind=kind,
            title=entry.title,
            framework=framework,
            slug=unique_slug(
                Skill, entry.title, f"{entry.title} {framework.name if framework else kind_label}", max_length=255
            ),
        )
    fields = {
        "code": entry.code if framework is not None else "",
        "description": entry.description if framework is not None else _generic_description(entry, kind),
        "group": entry.group,
        "awarding_body": entry.awarding_body,
    }
    dirty = skill.pk is None
    for name, value in fields.items():
        # Keep what is known: another role's import must not blank a skill's description.
        if value and getattr(skill, name) != value and not getattr(skill, name):
            setattr(skill, name, value)
            dirty = True
    if dirty:
        skill.save()
    return skill


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
    report = ImportReport(filename=Path(parsed.filename).name, dry_run=dry_run)
    try:
        with transaction.atomic():
            _import(parsed, report, title=title, slug=slug, family=family, publish=publish)
            if dry_run:
                raise DryRunRollback
    except DryRunRollback:
        pass
    return report


def _import(parsed, report, *, title, slug, family, publish) -> None:
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
    work_levels = [ensure_level(e.level) for e in _entries(parsed, "work_activity") if e.level]
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

    _sync_requirements(role, parsed, report)
    for section in parsed.sections:
        report.section_counts[section.heading] = len(section.entries)
    if parsed.additional_frameworks:
        report.section_counts["Additional Frameworks"] = len(parsed.additional_frameworks)
    for line_no, line in enumerate(parsed.text.split("\n"), start=1):
        if LOST_CHARACTER.search(line):
            report.warnings.append(
                f"line {line_no}: a '?' inside a word may stand for a character lost in export; "
                "kept as written (correct it in the admin if needed)"
            )


def _entries(parsed: ParsedProfile, kind: str):
    for section in parsed.sections:
        if section.kind == kind:
            yield from section.entries


def _show(value) -> str:
    text = str(value) if value is not None else "(none)"
    return text if len(text) <= 60 else text[:57] + "…"


def _sync_requirements(role: Role, parsed: ParsedProfile, report: ImportReport) -> None:
    planned: list[tuple[tuple[int, str], dict, ParsedEntry, str]] = []
    seen: set[tuple[int, str]] = set()
    for section in parsed.sections:
        framework = None
        if section.kind == "framework":
            scale_level = next((e.level for e in section.entries if e.level), None)
            scale = ensure_level(scale_level).scale if scale_level else None
            framework = ensure_framework(section.framework, scale=scale)
        for entry in section.entries:
            skill = ensure_skill(entry, kind=SECTION_TO_SKILL_KIND[section.kind], framework=framework)
            key = (skill.pk, section.kind)
            if key in seen:
                raise ProfileParseError(
                    f'"{entry.title}" is listed twice in "{section.heading}"', filename=report.filename, line=entry.line
                )
            seen.add(key)
            values = {
                "heading": section.heading,
                "position": len(planned) + 1,
                "code": entry.code,
                "level": ensure_level(entry.level) if entry.level else None,
                "level_label": entry.level.label if entry.level else "",
                "depth": ensure_level(entry.depth) if entry.depth else None,
                "descriptor": entry.details,
                "source_text": entry.source_text,
                "source_line": entry.line,
            }
            planned.append((key, values, entry, section.heading))

    existing = {(r.skill_id, r.section): r for r in Requirement.objects.filter(role=role)}
    for key, requirement in existing.items():
        if key not in seen:
            report.changes.append(f'{requirement.get_section_display()}: "{requirement.skill.title}" removed')
            requirement.delete()
            report.requirements_deleted += 1
    existing = {key: r for key, r in existing.items() if key in seen}
    new_positions = {key: values["position"] for key, values, _, _ in planned}
    if any(r.position != new_positions[key] for key, r in existing.items()):
        # Move rows out of the way so the new order never collides mid-update.
        offset = max([r.position for r in existing.values()] + list(new_positions.values())) + 1
        for requirement in existing.values():
            requirement.position += offset
        Requirement.objects.bulk_update(existing.values(), ["position"])

    for key, values, entry, heading in planned:
        requirement = existing.get(key)
        if requirement is None:
            Requirement.objects.create(role=role, skill_id=key[0], section=key[1], **values)
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
        requirement.save()
        if content_changed:
            report.requirements_updated += 1
            report.changes.append(f'{heading}: "{entry.title}" changed')
        else:
            report.requirements_unchanged += 1


POSITION_FIELDS = {"position", "source_line"}
