"""Template helpers for role pages."""

from django import template
from django.utils.html import format_html

from roleprofiles.exports import is_bullet, text_lines, unbullet

register = template.Library()


@register.simple_tag
def level_indicator(level, label: str = ""):
    """A level as its place on its scale: the label as written (or the level's own), a bar of
    one step per rank filled up to this one (hidden from screen readers), and the same in words.

    The bar is one element, drawn by CSS from its two classes (``app-level--<filled>`` and
    ``app-level--of-<steps>``, static/css/app.css): profiles show it on every row, and a span
    per step made it most of a profile's markup.

    Usage: ``{% level_indicator requirement.level requirement.level_label %}``. A tag rather
    than an include because an include costs a template render per row.
    """
    scale = level.scale
    return format_html(
        '<span class="app-level-text">{}</span> <span class="app-level app-level--{} app-level--of-{}" '
        'aria-hidden="true"></span><span class="nhsuk-u-visually-hidden"> (level {} of {} on the {} scale)</span>',
        label or level.label,
        level.rank - scale.min_rank + 1,
        scale.max_rank - scale.min_rank + 1,
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
