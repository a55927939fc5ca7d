"""Keeping the index in step as content is saved, from the apps' ``AppConfig.ready``:

    updates.watch(Role, "role")                                     # a role's own saves
    updates.watch(Requirement, "role", ids=lambda r, **kw: [r.role_id])

``watch`` re-indexes the objects ``ids`` names whenever a ``sender`` is saved or deleted, once
per transaction, when it commits: an import that saves a role's requirements one by one
re-indexes that role once. Fixture loading (``raw``) is skipped: ``rebuild_search_index`` runs
afterwards.
"""

from __future__ import annotations

import threading
from collections import defaultdict
from collections.abc import Callable, Iterable

from django.db import transaction
from django.db.models.signals import post_delete, post_save

from .services import reindex


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
    pending = _pending()
    while pending:
        name, ids = pending.popitem()
        reindex(kind=name, ids=ids)


def schedule(kind: str, *ids: int | None) -> None:
    """Re-index these objects of ``kind`` when the current transaction commits (now, outside one)."""
    _pending()[kind].update(pk for pk in ids if pk)
    transaction.on_commit(_flush)
