"""What apps put in the search index, registered from their ``AppConfig.ready``:

    registry.register("role", entries=role_entries, title_rank=0)

``entries(ids)`` returns an ``Entry`` per object (all of them when ``ids`` is None; an object
that should not be found, such as a draft role, simply has none). Which saves re-index what is
registered with ``search.updates.watch``.

The search engine imports no app: apps import this module and ``search.updates`` (and the text
helpers and ``selectors.object_ids_matching``), nothing else of it.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass

from django.core.exceptions import ImproperlyConfigured

from .models import SearchDocument
from .text import joined


@dataclass(frozen=True)
class Entry:
    """What one object puts in the index: ``description`` and ``keywords`` rank above ``body``.

    ``keywords`` names what the object is made of (a role's required skills): never shown, it
    tells a match on what the object is about from a passing mention in its ``body``."""

    object_id: int
    url: str
    title: str
    context: str = ""  # a short line shown under the title
    description: str = ""
    body: str = ""
    keywords: str = ""

    @classmethod
    def of(
        cls,
        obj,
        *,
        title: str,
        context: Iterable[str] = (),
        description: str = "",
        body: Iterable[str] = (),
        keywords: Iterable[str] = (),
    ):
        """The entry of a model instance (its id and address): the context parts joined into one
        line, the body parts and the keywords into lines; empty parts left out."""
        return cls(
            object_id=obj.pk,
            url=obj.get_absolute_url(),
            title=title,
            context=joined(context, " · "),
            description=description,
            body=joined(body),
            keywords=joined(dict.fromkeys(keywords)),
        )


@dataclass(frozen=True)
class Kind:
    name: str
    entries: Callable[[Iterable[int] | None], list[Entry]]
    title_rank: int  # where its title matches come among the kinds' (0 first)
    # What people come for (roles): where its title, description or keywords match, ranked above
    # the other kinds' matches, title matches included, among documents with as many of the
    # query's exact words (search.selectors).
    boosted: bool = False


_kinds: dict[str, Kind] = {}
# What a page of results must carry for what it shows (a framework's licence, say): functions
# given the results' (kind, object id) pairs, each returning notices with .source, .statement
# and .licence_url (templates/includes/licence_attribution.html).
_notices: list[Callable[[Sequence[tuple[str, int]]], list]] = []


def register(
    name: str, *, entries: Callable[[Iterable[int] | None], list[Entry]], title_rank: int, boosted: bool = False
) -> None:
    if name not in SearchDocument.Kind.values:
        raise ImproperlyConfigured(f"{name!r} is not a kind the search index stores ({SearchDocument.Kind.values}).")
    _kinds[name] = Kind(name, entries, title_rank, boosted)


def register_notices(notices: Callable[[Sequence[tuple[str, int]]], list]) -> None:
    _notices.append(notices)


def notices(found: Sequence[tuple[str, int]]) -> list:
    """The notices for a page of results, from each registered function, in order."""
    return [notice for function in _notices for notice in function(found)] if found else []


def kinds() -> list[Kind]:
    """The registered kinds, in the index's order."""
    return [_kinds[name] for name in SearchDocument.Kind.values if name in _kinds]


def kind(name: str) -> Kind:
    return _kinds[name]
