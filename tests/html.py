"""Reading parsed pages in tests."""

from __future__ import annotations

import copy

from bs4 import Tag

# The NHS.UK responsive table repeats each column's name inside its cells for narrow screens
# (aria-hidden; hidden on wider screens): not part of the cell's value.
RESPONSIVE_HEADING = ".nhsuk-table-responsive__heading"


def cell_text(cell: Tag, separator: str = " ") -> str:
    """A table cell's text as a wide screen or a screen reader gives it, without the column
    name repeated for narrow screens, whitespace collapsed."""
    cell = copy.copy(cell)
    for heading in cell.select(RESPONSIVE_HEADING):
        heading.decompose()
    return " ".join(cell.get_text(separator, strip=True).split())
