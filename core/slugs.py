"""Slugs that stay unique across a table."""

from collections.abc import Callable

from django.utils.text import slugify


def unique_slug(
    model, *candidates: str, max_length: int = 120, exclude_pk=None, also_taken: Callable[[str], bool] | None = None
) -> str:
    """The first candidate whose slug is free, else the first with a number added.
    ``also_taken`` says whether a slug is spoken for elsewhere (e.g. an old address that redirects)."""
    slugs = [slugify(candidate)[:max_length] for candidate in candidates if slugify(candidate)]
    taken = model.objects.exclude(pk=exclude_pk) if exclude_pk else model.objects.all()

    def is_taken(slug: str) -> bool:
        return taken.filter(slug=slug).exists() or bool(also_taken and also_taken(slug))

    for slug in slugs:
        if not is_taken(slug):
            return slug
    base = slugs[0] if slugs else "item"
    number = 2
    while is_taken(f"{base}-{number}"):
        number += 1
    return f"{base}-{number}"
