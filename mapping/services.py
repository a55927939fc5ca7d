"""Writes of mappings: the stored suggestions, recomputed from the content."""

from __future__ import annotations

import logging
import threading

from django.conf import settings
from django.db import connections, transaction
from django.utils import timezone

from roleprofiles.models import Requirement, Role

from .models import Suggestion
from .scoring import TOP_N, RoleText, suggest


def role_texts(roles) -> list[RoleText]:
    """What the scorer reads of each role (two queries): requirements' skill titles and
    descriptors and the summary. The role's title is left out on purpose."""
    roles = list(roles.only("pk", "summary"))
    texts: dict[int, list[str]] = {role.pk: [role.summary] for role in roles}
    skills: dict[int, dict[int, str]] = {role.pk: {} for role in roles}
    rows = Requirement.objects.filter(role__in=[role.pk for role in roles]).values_list(
        "role_id", "skill_id", "skill__title", "descriptor"
    )
    for role_id, skill_id, skill_title, descriptor in rows:
        texts[role_id] += [skill_title, descriptor]
        skills[role_id][skill_id] = skill_title
    return [RoleText(pk=role.pk, texts=texts[role.pk], skills=skills[role.pk]) for role in roles]


def recompute_mappings(top: int = TOP_N) -> int:
    """Replace every stored suggestion: each NHS profile against every DDaT level in use and
    not archived. Returns how many were stored.

    Read and written in one transaction that first takes RECOMPUTE_LOCK on PostgreSQL: two
    processes recomputing at once run one after the other, and the later reads what the earlier
    wrote over, so the last to finish never stores an older reading of the content."""
    with transaction.atomic():
        _lock()
        return _recompute(top)


def _lock() -> None:
    connection = transaction.get_connection()
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_advisory_xact_lock(%s)", [RECOMPUTE_LOCK])


def _recompute(top: int) -> int:
    profiles = role_texts(Role.objects.nhs_profiles().exclude(status=Role.Status.ARCHIVED).order_by("pk"))
    levels = role_texts(
        Role.objects.ddat_levels().filter(in_use=True).exclude(status=Role.Status.ARCHIVED).order_by("pk")
    )
    now = timezone.now()
    rows = []
    ranks: dict[int, int] = {}
    for match in suggest(profiles, levels, top=top):
        ranks[match.profile] = ranks.get(match.profile, 0) + 1
        rows.append(
            Suggestion(
                role_id=match.profile,
                level_id=match.level,
                rank=ranks[match.profile],
                score=match.score,
                text_score=match.text_score,
                skill_score=match.skill_score,
                shared_skills=match.shared_skills,
                shared_terms=match.shared_terms,
                level_only_skills=match.level_only_skills,
                computed_at=now,
            )
        )
    Suggestion.objects.all().delete()
    Suggestion.objects.bulk_create(rows)
    return len(rows)


# Any constant unique to this lock: pg_advisory_xact_lock takes one bigint.
RECOMPUTE_LOCK = 0x6D617070  # "mapp"
_due = threading.local()
logger = logging.getLogger(__name__)


def recompute_on_commit() -> None:
    """Recompute every suggestion when the current transaction commits (now, outside one). Asked
    many times in one transaction, it recomputes once: the first callback to run does the work.

    All of them, not only the changed role's: the text weights (TF-IDF) are computed over every
    role together, and a changed DDaT level can enter or leave any profile's top five. It costs
    about 0.3 s on the seed content (2 profiles against 205 levels, 10 queries), most of it
    reading the levels' terms, and about 12 ms more per NHS profile: some 11 s with 2,000
    generated profiles. So with MAPPING_RECOMPUTE_IN_BACKGROUND (production) it runs in a thread
    of its own after the commit and the admin's save answers at once; requests that come while
    it runs ask for one more run after it, not one each. The thread is not a daemon: a command
    that changed content (import_ddat, load_seed_data) exits only once the suggestions are stored.
    Should it fail, the change is saved all the same, the error logged and the suggestions left
    as they were."""
    _due.pending = True
    transaction.on_commit(_recompute_if_due, robust=True)


def _recompute_if_due() -> None:
    if getattr(_due, "pending", False):
        _due.pending = False
        if settings.MAPPING_RECOMPUTE_IN_BACKGROUND:
            _background.request()
        else:
            recompute_mappings()


class _Background:
    """At most one recomputing thread per process, and at most one more run asked of it."""

    def __init__(self):
        self.lock = threading.Lock()
        self.thread: threading.Thread | None = None
        self.again = False

    def request(self) -> None:
        with self.lock:
            if self.thread is not None and self.thread.is_alive():
                self.again = True
                return
            self.again = False
            self.thread = threading.Thread(target=self._run, name="recompute-mappings")
            self.thread.start()

    def _run(self) -> None:
        try:
            while True:
                try:
                    recompute_mappings()
                except Exception:
                    logger.exception("Recomputing the suggested DDaT mappings failed; they are as they were")
                with self.lock:
                    if not self.again:
                        return
                    self.again = False
        finally:
            connections.close_all()  # this thread's own connections

    def wait(self, timeout: float | None = None) -> bool:
        """For tests and commands: wait for the running recompute; True when none is left running."""
        thread = self.thread
        if thread is not None:
            thread.join(timeout)
        return thread is None or not thread.is_alive()


_background = _Background()
wait_for_background_recompute = _background.wait
