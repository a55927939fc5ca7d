"""Keeping the search index in step with the content it mirrors."""

from __future__ import annotations

from collections.abc import Iterable

from django.db import transaction

from core.cache import bump
from core.fields import fitted

from . import registry
from .backends import backend
from .models import SearchDocument, SearchWord
from .text import vocabulary


def _documents(kind: registry.Kind, ids: Iterable[int] | None = None) -> list[SearchDocument]:
    return [fitted(SearchDocument, kind=kind.name, **vars(entry)) for entry in kind.entries(ids)]


def _store(documents: list[SearchDocument]) -> None:
    created = SearchDocument.objects.bulk_create(documents, batch_size=500)
    engine = backend()
    engine.index([document.pk for document in created])
    words = vocabulary(f"{d.title} {d.description} {d.keywords} {d.body}" for d in created)
    SearchWord.objects.bulk_create([SearchWord(word=w) for w in sorted(words)], batch_size=1000, ignore_conflicts=True)


@transaction.atomic
def rebuild_search_index() -> int:
    """Index every object of every registered kind from scratch; returns the number of documents."""
    backend().remove(None)
    SearchDocument.objects.all().delete()
    SearchWord.objects.all().delete()
    documents = [document for kind in registry.kinds() for document in _documents(kind)]
    _store(documents)
    bump()  # search results and catalogue text matches are listings (core.cache)
    return len(documents)


@transaction.atomic
def reindex(*, kind: str, ids: Iterable[int]) -> None:
    """Re-index some objects of one kind: those gone or unpublished simply leave the index."""
    ids = sorted(set(ids))
    if not ids:
        return
    stale = SearchDocument.objects.filter(kind=kind, object_id__in=ids)
    backend().remove(list(stale.values_list("pk", flat=True)))
    stale.delete()
    _store(_documents(registry.kind(kind), ids))
    bump()  # search results and catalogue text matches are listings (core.cache)
