"""A comparison as a CSV download: a row per entry, two columns per role.

Beside ``exports`` (the profile as data), whose ``csv_response`` writes it with every cell
neutralised against spreadsheet formulas.
"""

from __future__ import annotations

from collections.abc import Iterator

from .compare import Comparison

HEADER = ("Section", "Skill", "Code", "In all roles", "Same in all roles", "Highest level")


def comparison_filename(comparison: Comparison) -> str:
    return "compare-" + "-vs-".join(role.slug for role in comparison.roles)[:150] + ".csv"


def comparison_header(comparison: Comparison) -> list[str]:
    header = list(HEADER)
    for role in comparison.roles:
        header += [f"{role.title}: level or depth", f"{role.title}: descriptor"]
    return header


def comparison_rows(comparison: Comparison) -> Iterator[list[str]]:
    roles = comparison.roles
    for row in comparison.rows:
        line = [
            row.section_label,
            row.skill.title,
            next((cell.code for cell in row.cells if cell and cell.code), ""),
            "yes" if row.shared else "no",
            "yes" if row.same else "no",
            "; ".join(roles[index].title for index in row.highest),
        ]
        for cell in row.cells:
            if cell is None:
                line += ["not required", ""]
            else:
                measure = cell.level or cell.depth
                line += [cell.level_label or (measure.label if measure else ""), cell.descriptor]
        yield line
