"""Write a role back out in the Role Model Plus text format that ``parsing.parse_profile`` reads.

The output is canonical rather than a copy of the original file: every table has leading
and trailing pipes, a level is written after its code, and framework skills use the
two-line form (a name line, then a level line that repeats the title). Parsing the
output and importing it gives the same role, section by section and row by row; the
round-trip tests hold that. Requirements are written in position order, grouped under
their heading in the order the headings first appear.
"""

from __future__ import annotations

import re

from ..models import Requirement, Role, Section
from .sections import HEADING_FOR_KIND, KNOWN_SECTIONS

WHITESPACE = re.compile(r"\s+")


class ExportError(ValueError):
    """The role holds text the format cannot carry (a pipe inside a cell)."""


def _cell(value: str, *, what: str) -> str:
    # A table cell is one line without pipes: line breaks become spaces (as the export tool does).
    if "|" in value:
        raise ExportError(f'{what} contains a "|", which the Role Model Plus format cannot hold')
    return WHITESPACE.sub(" ", value).strip()


def export_requirements(role: Role):
    return (
        Requirement.objects.filter(role=role)
        .select_related("skill", "skill__framework", "level", "depth")
        .order_by("position")
    )


def export_role(role: Role, requirements=None) -> str:
    """The role as Role Model Plus text (LF line endings, ending with a newline)."""
    requirements = list(requirements if requirements is not None else export_requirements(role))
    sections: dict[str, list[Requirement]] = {}
    for requirement in requirements:
        sections.setdefault(_heading(requirement), []).append(requirement)

    lines = ["Summary", role.summary.strip()]
    frameworks_written = False
    additional = [framework.name for framework in role.additional_frameworks.all()]
    for heading, rows in sections.items():
        kind = rows[0].section
        lines.extend(_section_lines(heading, kind, rows))
        if kind == Section.QUALIFICATION and additional and not frameworks_written:
            lines.extend(_additional_frameworks(additional))
            frameworks_written = True
    if additional and not frameworks_written:
        lines.extend(_additional_frameworks(additional))
    note = role.source_note.strip()
    if not note and role.professional_body:
        note = f"The Professional Body Responsible for this job family is {role.professional_body.abbreviation}."
    if note:
        lines.append(note)
    return "\n".join(lines) + "\n"


def _heading(requirement: Requirement) -> str:
    """The heading as written, unless the format does not know it (an entry added in the
    admin under a heading of its own): then the section's standard heading."""
    if requirement.section == Section.FRAMEWORK or requirement.heading in KNOWN_SECTIONS:
        return requirement.heading
    return HEADING_FOR_KIND[requirement.section]


def _additional_frameworks(names: list[str]) -> list[str]:
    return [HEADING_FOR_KIND["additional_frameworks"], *names]


def _section_lines(heading: str, kind: str, rows: list[Requirement]) -> list[str]:
    if kind == Section.FRAMEWORK:
        return _framework_lines(heading, rows)
    spec = KNOWN_SECTIONS[heading]
    lines = [heading, "| " + " | ".join(spec.columns) + " |", "|" + "---|" * len(spec.columns)]
    for row in rows:
        where = f'"{row.skill.title}" in {heading}'
        title = _cell(row.skill.title, what=f"The title of {where}")
        if row.code:
            title += f" ({row.code})"
        if row.level_id:
            title += f" ({row.level_label or row.level.label})"
        cells = {
            "Title": title,
            "Details": _cell(row.descriptor, what=f"The details of {where}"),
            "Depth": row.depth.label if row.depth_id else "",
            "PDA Group": _cell(row.skill.group, what=f"The PDA group of {where}"),
            "Awarding Bodies": _cell(row.skill.awarding_body, what=f"The awarding body of {where}"),
        }
        lines.append("| " + " | ".join(cells[column] for column in spec.columns) + " |")
    return lines


def _framework_lines(heading: str, rows: list[Requirement]) -> list[str]:
    lines = [heading, "| Skill | Level |", "|---|---|"]
    for row in rows:
        where = f'"{row.skill.title}" in {heading}'
        title = _cell(row.skill.title, what=f"The title of {where}")
        description = _cell(row.skill.description, what=f"The description of {where}")
        name = f"{title} {description}".strip()
        label = row.level_label or (row.level.label if row.level_id else "")
        level = f"{label} {_cell(row.descriptor, what=f'The level descriptor of {where}')}".strip()
        code = f"{row.code} | " if row.code else ""
        lines.extend(["|", f"| {code}{name} |", f"| {code}{title} | {level} |"])
    return lines
