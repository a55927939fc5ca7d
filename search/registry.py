"""How apps put their content in the search index, from their ``AppConfig.ready``:

    registry.register("role", entries=role_entries, title_rank=0)
    registry.watch(Role, "role")                                     # a role's own saves
    registry.watch(Requirement, "role", ids=lambda r, **kw: [r.role_id])

``entries(ids)`` returns an ``Entry`` per object (all of them when ``ids`` is None; an object
that should not be found, such as a draft role, simply has none). ``watch`` re-indexes the
objects ``ids`` names whenever a ``sender`` is saved or deleted, once per transaction, when it
commits: an import that saves a role's requirements one by one re-indexes that role once.
Fixture loading (``raw``) is skipped: ``rebuild_search_index`` runs afterwards.

The search engine imports no app: apps import this module (and ``search.text``), nothing else.
"""

from __future__ import annotations

import threading
from collections import defaultdict
from collections.abc import Callable, Iterable
from dataclasses import dataclass

from django.core.exceptions import ImproperlyConfigured
from django.db import transaction
from django.db.models.signals import post_delete, post_save

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


def register(
    name: str, *, entries: Callable[[Iterable[int] | None], list[Entry]], title_rank: int, boosted: bool = False
) -> None:
    if name not in SearchDocument.Kind.values:
        raise ImproperlyConfigured(f"{name!r} is not a kind the search index stores ({SearchDocument.Kind.values}).")
    _kinds[name] = Kind(name, entries, title_rank, boosted)


def kinds() -> list[Kind]:
    """The registered kinds, in the index's order."""
    return [_kinds[name] for name in SearchDocument.Kind.values if name in _kinds]


def kind(name: str) -> Kind:
    return _kinds[name]


def _own_id(instance, **kwargs) -> list[int]:
    return [instance.pk]


def watch(sender, kind: str, *, ids: Callable[..., Iterable[int]] = _own_id, signals=(post_save, post_delete)) -> None:
    """Re-index the ``kind`` objects that ``ids(instance, signal=..., **kwargs)`` names whenever a
    ``sender`` sends one of ``signals`` (by default its saves and deletes)."""

    def changed(sender, instance, raw=False, **kwargs):
        if not raw:
            schedule(kind, *ids(instance, **kwargs))

    for signal in signals:
        uid = f"search:{kind}:{sender._meta.label}:{ids.__qualname__}:{id(signal)}"
        signal.connect(changed, sender=sender, weak=False, dispatch_uid=uid)


_local = threading.local()


def _pending() -> dict[str, set[int]]:
    if not hasattr(_local, "pending"):
        _local.pending = defaultdict(set)
    return _local.pending


def _flush() -> None:
    from .services import reindex

    pending = _pending()
    while pending:
        name, ids = pending.popitem()
        reindex(kind=name, ids=ids)


def schedule(kind: str, *ids: int | None) -> None:
    """Re-index these objects of ``kind`` when the current transaction commits (now, outside one)."""
    _pending()[kind].update(pk for pk in ids if pk)
    transaction.on_commit(_flush)
