"""Template helpers for role pages."""

from django import template
from django.utils.html import format_html

from roleprofiles.exports import is_bullet, text_lines, unbullet

register = template.Library()


@register.simple_tag
def level_indicator(level, label: str = "", steps: int | None = None):
    """A level as its place on its scale: the label as written (or the level's own), with a bar
    of one step per rank filled up to this one drawn after it by CSS, and the same in words for
    screen readers (the inner span, visually hidden by ``.app-level > span``).

    One element and its words: the bar is the element's ``::after``, drawn from its classes
    (``app-level--<filled>``, and ``app-level--of-<steps>`` unless ``steps``, the length of the
    scale the enclosing element already gives, says it is not needed; static/css/app.css), so it
    has no markup of its own and nothing for a screen reader to announce. Profiles show a level
    on every row: a span per step once made most of a profile's markup.

    Usage: ``{% level_indicator requirement.level requirement.level_label %}``, or inside an
    element of class ``app-level--of-<n>``: ``{% level_indicator level label steps=n %}``. A tag
    rather than an include because an include costs a template render per row.
    """
    scale = level.scale
    length = "" if steps == scale.steps else format_html(" app-level--of-{}", scale.steps)
    return format_html(
        '<span class="app-level app-level--{}{}">{}<span> (level {} of {} on the {} scale)</span></span>',
        level.rank - scale.min_rank + 1,
        length,
        label or level.label,
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
