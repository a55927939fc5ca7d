"""Template helpers for role pages."""

from django import template
from django.utils.html import format_html
from django.utils.safestring import mark_safe

from roleprofiles.exports import is_bullet, text_lines, unbullet

register = template.Library()

STEP = '<span class="app-level__step"></span>'
FILLED_STEP = '<span class="app-level__step app-level__step--filled"></span>'


@register.simple_tag
def level_indicator(level, label: str = ""):
    """A level as its place on its scale: the label as written (or the level's own), one step
    per rank filled up to this one (hidden from screen readers), and the same in words.

    Usage: ``{% level_indicator requirement.level requirement.level_label %}``. A tag rather
    than an include because profiles show it on every row, and an include costs a template
    render per row.
    """
    scale = level.scale
    steps = "".join(FILLED_STEP if rank <= level.rank else STEP for rank in range(scale.min_rank, scale.max_rank + 1))
    return format_html(
        '<span class="app-level-text">{}</span>\n'
        '<span class="app-level" aria-hidden="true">{}</span>\n'
        '<span class="nhsuk-u-visually-hidden">(level {} of {} on the {} scale)</span>',
        label or level.label,
        mark_safe(steps),  # built above from constants only
        level.rank,
        scale.max_rank,
        scale.name.lower(),
    )


@register.filter
def text_blocks(text: str) -> list[dict]:
    """A framework's text as paragraphs and lists: runs of "- " lines become one list, other
    lines a paragraph with a line break between them (a LINE SEPARATOR is a line break). These
    are the only normalisations the DDaT content allows; see exports.text_lines."""
    blocks: list[dict] = []
    for line in text_lines(text):
        kind = "list" if is_bullet(line) else "paragraph"
        if not blocks or blocks[-1]["kind"] != kind:
            blocks.append({"kind": kind, "lines": []})
        blocks[-1]["lines"].append(unbullet(line) if kind == "list" else line)
    return blocks
