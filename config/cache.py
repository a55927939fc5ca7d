"""The content version: one number in the shared cache that every save or delete of
content raises, so cached pages keyed by it go stale the moment an admin edits.

Kept in the cache (Redis when ``REDIS_URL`` is set) rather than in each process, so every
app process behind a load balancer sees an edit made through any of them.
"""

from __future__ import annotations

import logging
import time

from django.conf import settings
from django.core.cache import caches
from django.db import DEFAULT_DB_ALIAS, connections, transaction

logger = logging.getLogger(__name__)

VERSION_KEY = "content-version"
# Saving these is not a content change (log-ins, lock-out records, admin log, history rows).
NON_CONTENT_APPS = frozenset({"sessions", "axes", "admin", "auth", "contenttypes", "messages"})


def page_cache():
    return caches[settings.PAGE_CACHE_ALIAS]


def content_version() -> int:
    """The current version; a fresh cache starts from the clock so an old version is never reused."""
    cache = page_cache()
    version = cache.get(VERSION_KEY)
    if version is None:
        cache.add(VERSION_KEY, time.time_ns(), None)
        version = cache.get(VERSION_KEY)
    return version


def bump_content_version() -> None:
    cache = page_cache()
    try:
        try:
            cache.incr(VERSION_KEY)
        except ValueError:  # not set yet, or evicted
            cache.set(VERSION_KEY, time.time_ns(), None)
    except Exception:  # a cache outage must never stop an edit being saved
        logger.warning("Could not bump the content version; cached pages may be stale", exc_info=True)


def _bump_after_commit() -> None:
    bump_content_version()


def content_changed(sender, using=DEFAULT_DB_ALIAS, **kwargs) -> None:
    """Signal receiver: bump now (so this process never reads its own stale page) and again
    after commit (so a page rendered from pre-commit data and cached meanwhile is dropped)."""
    if sender._meta.app_label in NON_CONTENT_APPS:
        return
    bump_content_version()
    connection = connections[using or DEFAULT_DB_ALIAS]
    if connection.in_atomic_block and not any(entry[1] is _bump_after_commit for entry in connection.run_on_commit):
        transaction.on_commit(_bump_after_commit, using=using)


def cached_for_content(key: str, compute, *, timeout: int | None = None):
    """``compute()``'s result, cached until the content next changes (any save or delete).

    For expensive reads that depend only on content, such as related roles or facet counts:
    ``cached_for_content(f"related-roles:{role.pk}", lambda: _related_roles(role))``. Off
    (computes every time) when CONTENT_CACHE_SECONDS is 0, as in the test settings, so a test's
    rolled-back data can never leak into another test through the cache. Separate from the
    page cache, so pages that are rendered every time (signed-in editors, or the page cache
    turned off) still reuse these reads.
    """
    seconds = timeout if timeout is not None else settings.CONTENT_CACHE_SECONDS
    if not seconds:
        return compute()
    cache = page_cache()
    try:
        full_key = f"content:{content_version()}:{key}"
        value = cache.get(full_key, _MISSING)
    except Exception:  # the cache is down: compute rather than fail
        logger.warning("Content cache unavailable", exc_info=True)
        return compute()
    if value is _MISSING:
        value = compute()
        try:
            cache.set(full_key, value, seconds)
        except Exception:
            logger.warning("Content cache unavailable", exc_info=True)
    return value


_MISSING = object()
