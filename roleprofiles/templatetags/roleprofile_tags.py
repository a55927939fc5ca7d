"""Template helpers for role pages."""

from django import template

register = template.Library()


@register.simple_tag
def level_steps(level) -> list[bool]:
    """One flag per step of the level's scale, filled up to the level's rank."""
    if level is None:
        return []
    scale = level.scale
    return [rank <= level.rank for rank in range(scale.min_rank, scale.max_rank + 1)]
