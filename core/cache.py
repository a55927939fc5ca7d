"""The shared cache of rendered pages and expensive reads, and what keeps it truthful.

The design (the README's "Caching" section says the same for operators):

* **Versions live in PostgreSQL.** Every save or delete of content raises the version of one
  or more *tags* in ``site_config_contentversion``, in the same transaction as the edit (a
  signal receiver), so an edit is never saved without its bump. The tags:
  ``role:<id>`` (what that role's own pages show), ``role-name:<id>`` (its title, address
  and status: what other pages show of it), ``listing`` (every page that lists or counts
  content; every edit raises it) and ``site`` (every page: reference data, and any model
  without finer rules). ``roleprofiles.invalidation`` says which tags a role edit raises.
* **Each process keeps a copy of the versions** and asks PostgreSQL whether anything changed
  at most every CONTENT_VERSION_CHECK_SECONDS: one aggregate query (the count and sum of the
  versions, which only grow, so any committed bump changes it whatever order transactions
  commit in), and a reload of the table when it did.
* **Redis holds the pages, the reads and a hint.** After each commit the editing process
  writes a new "generation" to Redis; every process reads it in the same round trip as the
  page it looks up and reloads the versions at once when it changed. So an edit normally shows
  everywhere on the next request, and when the hint is lost (Redis down, or out of the
  editor's reach) the periodic check finds the edit within the bound.
* **A cached page carries the versions of the tags it was rendered from**, checked against
  the process's copy on every hit, so an edit drops exactly the pages that show what it
  changed: another role's profile stays cached.

Staleness bound: a cached page hides an edit for at most CONTENT_VERSION_CHECK_SECONDS after
the edit commits (plus the length of one request), whatever state Redis is in.
"""

from __future__ import annotations

import itertools
import logging
import threading
import time
from collections.abc import Callable, Iterable
from contextlib import contextmanager, suppress
from contextvars import ContextVar
from dataclasses import dataclass, field

from django.conf import settings
from django.core.cache import caches
from django.core.signals import setting_changed
from django.db import DEFAULT_DB_ALIAS, DatabaseError, connections, transaction
from django.dispatch import receiver

logger = logging.getLogger(__name__)

SITE = "site"
LISTING = "listing"
# Raised in Redis after each commit that bumped a version: a hint to reload at once.
GENERATION_KEY = "content-generation"
VERSION_TABLE = "site_config_contentversion"  # config.models.ContentVersion
# Saving these is not a content change: log-ins, lock-outs, the admin log, the versions
# themselves, the search index (derived from content: search.services raises "listing").
NON_CONTENT_APPS = frozenset({"sessions", "axes", "admin", "auth", "contenttypes", "messages", "site_config", "search"})


def role_tag(pk) -> str:
    return f"role:{pk}"


def role_name_tag(pk) -> str:
    return f"role-name:{pk}"


# --- What a page or a read depends on -------------------------------------------------------


@dataclass
class Recording:
    """The tags a render read, and the roles it loaded by address (slug to id)."""

    tags: set[str] = field(default_factory=set)
    role_slugs: dict[str, int] = field(default_factory=dict)

    def add(self, other: Recording) -> None:
        self.tags |= other.tags
        self.role_slugs.update(other.role_slugs)


_recording: ContextVar[Recording | None] = ContextVar("cache_recording", default=None)


@contextmanager
def recording():
    """Collect what is read inside the block (``record``): the page cache wraps a render in
    it, ``cached_for_content`` a computation."""
    found = Recording()
    token = _recording.set(found)
    try:
        yield found
    finally:
        _recording.reset(token)


def record(*tags: str) -> None:
    found = _recording.get()
    if found is not None:
        found.tags.update(tags)


def record_role(pk: int, slug: str | None) -> None:
    """A role was loaded: the page shows at least its name (and, on its own pages, all of it)."""
    found = _recording.get()
    if found is not None:
        found.tags.add(role_name_tag(pk))
        if slug:
            found.role_slugs[slug] = pk


def stamp(versions: dict[str, int], tags: Iterable[str]) -> dict[str, int]:
    """The versions a page or read was made from, stored with it."""
    return {tag: versions.get(tag, 0) for tag in tags}


def is_current(stamped: dict[str, int], versions: dict[str, int]) -> bool:
    return all(versions.get(tag, 0) == version for tag, version in stamped.items())


# --- The authoritative versions (the database) and each process's copy ----------------------


class Versions:
    """This process's copy of the version table, checked against the database at most every
    CONTENT_VERSION_CHECK_SECONDS, and at once after an edit made here or announced in Redis."""

    def __init__(self):
        self._lock = threading.Lock()
        self.snapshot: dict[str, int] = {}
        self._fingerprint: tuple[int, int] | None = None
        self._checked_at = float("-inf")
        self._generation = None
        self._touched = itertools.count(1)
        self._touch = 0  # raised by every bump made in this process
        self._seen_touch = 0

    def touch(self) -> None:
        self._touch = next(self._touched)

    def current(self, generation=None) -> dict[str, int]:
        """The versions to check a cached page against; ``generation`` is the hint read from Redis."""
        if not self._due(generation):
            return self.snapshot
        with self._lock:
            if not self._due(generation):
                return self.snapshot
            touch = self._touch
            announced = self._touch != self._seen_touch or (generation is not None and generation != self._generation)
            with connections[DEFAULT_DB_ALIAS].cursor() as cursor:
                if not announced:
                    cursor.execute(f"SELECT COUNT(*), SUM(version) FROM {VERSION_TABLE}")
                    count, total = cursor.fetchone()
                    announced = (count, int(total or 0)) != self._fingerprint
                if announced:
                    cursor.execute(f"SELECT tag, version FROM {VERSION_TABLE}")
                    snapshot = dict(cursor.fetchall())
                    self._fingerprint = (len(snapshot), sum(snapshot.values()))
                    self.snapshot = snapshot
            self._checked_at = time.monotonic()
            self._seen_touch = touch
            if generation is not None:
                self._generation = generation
        return self.snapshot

    def _due(self, generation) -> bool:
        return (
            self._touch != self._seen_touch
            or (generation is not None and generation != self._generation)
            or time.monotonic() - self._checked_at >= settings.CONTENT_VERSION_CHECK_SECONDS
        )


VERSIONS = Versions()


class _TransactionBumps:
    """The tags already raised in the current transaction. Each is noted with a marker: a
    no-op on_commit callback registered under the savepoints open when it was raised. Django
    drops a rolled-back savepoint's callbacks and keeps a released one's, so a bump still
    stands exactly while its marker is still queued (a get_or_create's savepoint, released,
    does not make the next one raise "site" again)."""

    def __init__(self, connection):
        self.connection = connection
        self.bumped: dict[str, Callable] = {}
        self.markers: dict[tuple, Callable] = {}

        def committed():
            announce()

        self.marker = committed
        transaction.on_commit(committed, using=connection.alias)

    def marker_here(self) -> Callable:
        here = tuple(self.connection.savepoint_ids)
        marker = self.markers.get(here)  # savepoint ids are not reused within a transaction
        if marker is None:

            def marker():
                pass

            transaction.on_commit(marker, using=self.connection.alias)
            self.markers[here] = marker
        return marker

    def stands(self, tag: str, current: Callable) -> bool:
        marker = self.bumped.get(tag)
        if marker is None:
            return False
        return marker is current or any(entry[1] is marker for entry in self.connection.run_on_commit)


_local = threading.local()


def _transaction_bumps(connection) -> _TransactionBumps:
    states = _local.__dict__.setdefault("bumps", {})
    state = states.get(connection.alias)
    # Django empties run_on_commit when a transaction ends and drops the entries of a
    # rolled-back savepoint: a missing marker means this is a new transaction.
    if state is None or not any(entry[1] is state.marker for entry in connection.run_on_commit):
        state = states[connection.alias] = _TransactionBumps(connection)
    return state


def bump(*tags: str, using: str | None = None) -> None:
    """Raise the versions of ``tags`` (and of "listing") in the current transaction.

    Every bump raises "listing" first: every transaction that edits content then takes the
    same row lock first, so concurrent edits wait for each other instead of deadlocking.
    Outside a transaction the row is written at once and the change announced.
    """
    connection = connections[using or DEFAULT_DB_ALIAS]
    wanted = {LISTING, *tags}
    if connection.in_atomic_block:
        state = _transaction_bumps(connection)
        here = state.marker_here()
        todo = {tag for tag in wanted if not state.stands(tag, here)}
        if todo:
            _write(connection, todo)
            state.bumped.update(dict.fromkeys(todo, here))
        VERSIONS.touch()  # this process reads its own uncommitted edit at once
    else:
        _write(connection, wanted)
        announce()


def _write(connection, tags: set[str]) -> None:
    ordered = sorted(tags, key=lambda tag: (tag != LISTING, tag))
    # Versions never go down, and start from the clock, so a database restored from a backup
    # never reuses a version a page in the cache was stamped with.
    now = time.time_ns() // 1_000_000
    upsert = (
        f"ON CONFLICT (tag) DO UPDATE SET version = CASE WHEN {VERSION_TABLE}.version >= excluded.version "
        f"THEN {VERSION_TABLE}.version + 1 ELSE excluded.version END"
    )
    with connection.cursor() as cursor:
        for start in range(0, len(ordered), 500):
            chunk = ordered[start : start + 500]
            values = ", ".join(["(%s, %s)"] * len(chunk))
            params = [value for tag in chunk for value in (tag, now)]
            cursor.execute(f"INSERT INTO {VERSION_TABLE} (tag, version) VALUES {values} {upsert}", params)


def announce() -> None:
    """After a commit that bumped versions: reload here, and tell the other processes."""
    VERSIONS.touch()
    with suppress(CacheUnavailable):
        SHARED.call("set", GENERATION_KEY, time.time_ns(), None)


def bump_content_version() -> None:
    """Everything changed (a bulk load that sent no signals): every cached page is dropped."""
    bump(SITE)


# --- Which tags an edit raises -------------------------------------------------------------

_HANDLED: set[type] = set()


def handled_elsewhere(*models: type) -> None:
    """Models whose app raises finer tags itself (``roleprofiles.invalidation``)."""
    _HANDLED.update(models)


def is_content_model(model: type) -> bool:
    return model._meta.app_label not in NON_CONTENT_APPS and not hasattr(model, "instance_type")  # history rows


def content_changed(sender, using=None, **kwargs) -> None:
    """Signal receiver for every content model without finer rules: everything may show it."""
    if sender in _HANDLED or not is_content_model(sender):
        return
    if kwargs.get("action", "post_").startswith("pre_"):
        return  # m2m_changed: only after the change
    bump(SITE, using=using)


# --- The shared cache (Redis in production) -------------------------------------------------


class CacheUnavailable(Exception):
    """The shared cache failed, or is being skipped after a failure: carry on without it."""

    def __init__(self, message: str, *, skipped: bool = False):
        super().__init__(message)
        self.skipped = skipped


class SharedCache:
    """The cache named by PAGE_CACHE_ALIAS behind a circuit breaker.

    Any failure becomes CacheUnavailable, and for CACHE_RETRY_SECONDS afterwards every call is
    skipped at once (the request carries on uncached) instead of waiting for another socket
    timeout. One warning is logged when an outage starts, none while it lasts, and a note when
    the cache answers again. Per process: each one finds out for itself, at most once per
    retry window.
    """

    def __init__(self):
        self._lock = threading.Lock()
        self._retry_at = 0.0
        self._down_since: float | None = None

    @staticmethod
    def backend():
        return caches[settings.PAGE_CACHE_ALIAS]

    def call(self, operation: str, *args, probe: bool = False):
        """``probe``: try even inside the retry window (the health check must see the truth)."""
        if not probe and time.monotonic() < self._retry_at:
            raise CacheUnavailable("skipped after a recent failure", skipped=True)
        try:
            result = getattr(self.backend(), operation)(*args)
        except ValueError:  # incr of a missing key: an answer, not a failure
            raise
        except Exception as error:
            self._failed(error)
            raise CacheUnavailable(f"{type(error).__name__}: {error}") from error
        if self._down_since is not None:
            self._recovered()
        return result

    def reset(self) -> None:
        with self._lock:
            self._retry_at, self._down_since = 0.0, None

    def available(self) -> bool:
        try:
            self.call("get", "healthz", probe=True)
        except CacheUnavailable:
            return False
        return True

    def _failed(self, error: Exception) -> None:
        with self._lock:
            self._retry_at = time.monotonic() + settings.CACHE_RETRY_SECONDS
            if self._down_since is not None:
                return
            self._down_since = time.monotonic()
        logger.warning(
            "Cache unavailable (%s: %s): serving pages uncached, retrying every %gs",
            type(error).__name__,
            error,
            settings.CACHE_RETRY_SECONDS,
        )

    def _recovered(self) -> None:
        with self._lock:
            if self._down_since is None:
                return
            down_for, self._down_since, self._retry_at = time.monotonic() - self._down_since, None, 0.0
        logger.info("Cache available again after %.0fs", down_for)


SHARED = SharedCache()


@receiver(setting_changed)
def _cache_settings_changed(setting, **kwargs):
    """Another cache configured, or caching turned on (tests do): the breaker's memory was about
    the old cache, and this process's copy of the versions may hold bumps a rolled-back
    transaction made; the next read starts from the database's."""
    if setting in {"CACHES", "PAGE_CACHE_ALIAS"}:
        SHARED.reset()
    if setting in {"CACHES", "PAGE_CACHE_SECONDS", "CONTENT_CACHE_SECONDS"}:
        VERSIONS.touch()


def page_cache():
    return SharedCache.backend()


_MISSING = object()


def cached_for_content(key: str, compute: Callable, *, timeout: int | None = None, depends_on: Iterable[str] = ()):
    """``compute()``'s result, cached until the content it read changes.

    For expensive reads that depend only on content, such as related roles or facet counts:
    ``cached_for_content(f"related-roles:{role.pk}", lambda: _related_roles(role))``. The
    result is stamped with "site", "listing" and whatever the computation recorded (the roles
    it loaded), and those recorded tags are passed on to the page that asked, cached or not.
    Off (computes every time) when CONTENT_CACHE_SECONDS is 0, as in the test settings, so a
    test's rolled-back data can never leak into another test through the cache. Separate from
    the page cache, so pages rendered every time (signed-in editors, or the page cache off)
    still reuse these reads.

    ``depends_on`` names the tags the result shows in place of "listing", as the page cache
    does for a role's own pages: ``depends_on=[role_tag(role.pk)]`` for what shows that role
    alone, so an edit to another role leaves it cached.
    """
    seconds = timeout if timeout is not None else settings.CONTENT_CACHE_SECONDS
    if not seconds:
        return compute()
    full_key = f"content:{key}"
    try:
        found = SHARED.call("get_many", [full_key, GENERATION_KEY])
        versions = VERSIONS.current(found.get(GENERATION_KEY))
    except (CacheUnavailable, DatabaseError):
        return compute()
    entry = found.get(full_key)
    if entry is not None and is_current(entry[0], versions):
        outer = _recording.get()
        if outer is not None:
            outer.add(entry[1])
        return entry[2]
    with recording() as read:
        record(*depends_on)
        value = compute()
    outer = _recording.get()
    if outer is not None:
        outer.add(read)
    tags = read.tags | {SITE} if depends_on else read.tags | {SITE, LISTING}
    with suppress(CacheUnavailable):
        SHARED.call("set", full_key, (stamp(versions, tags), read, value), seconds)
    return value
