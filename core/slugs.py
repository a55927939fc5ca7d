"""Slugs that stay unique across a table."""

from django.utils.text import slugify


def unique_slug(model, *candidates: str, max_length: int = 120, exclude_pk=None) -> str:
    """The first candidate whose slug is free, else the first with a number added."""
    slugs = [slugify(candidate)[:max_length] for candidate in candidates if slugify(candidate)]
    taken = model.objects.exclude(pk=exclude_pk) if exclude_pk else model.objects.all()
    for slug in slugs:
        if not taken.filter(slug=slug).exists():
            return slug
    base = slugs[0] if slugs else "item"
    number = 2
    while taken.filter(slug=f"{base}-{number}").exists():
        number += 1
    return f"{base}-{number}"
