"""Re-index what a save or delete changed, once, when the transaction commits.

An import saves a role's requirements one by one; collecting the changes and flushing them on
commit re-indexes that role once rather than once per requirement. Fixture loading (``raw``)
is skipped: ``load_seed_data`` rebuilds the whole index afterwards.
"""

from __future__ import annotations

import threading
from collections import defaultdict

from django.db import transaction
from django.db.models.signals import m2m_changed, post_delete, post_save
from django.dispatch import receiver

from frameworks.models import Framework, ProfessionalBody, Skill
from roleprofiles.models import JobFamily, Requirement, Role

from .models import SearchDocument

Kind = SearchDocument.Kind
_local = threading.local()


def _pending() -> dict[str, set[int]]:
    if not hasattr(_local, "pending"):
        _local.pending = defaultdict(set)
    return _local.pending


def _flush() -> None:
    from .services import reindex

    pending = _pending()
    while pending:
        kind, ids = pending.popitem()
        reindex(kind=kind, ids=ids)


def schedule(kind: str, *ids: int | None) -> None:
    _pending()[kind].update(pk for pk in ids if pk)
    transaction.on_commit(_flush)


@receiver([post_save, post_delete], sender=Role)
def role_changed(sender, instance, raw=False, **kwargs):
    if not raw:
        schedule(Kind.ROLE, instance.pk)


@receiver(m2m_changed, sender=Role.additional_frameworks.through)
def role_frameworks_changed(sender, instance, **kwargs):
    if isinstance(instance, Role):
        schedule(Kind.ROLE, instance.pk)


@receiver([post_save, post_delete], sender=Requirement)
def requirement_changed(sender, instance, raw=False, **kwargs):
    if not raw:
        schedule(Kind.ROLE, instance.role_id)
        schedule(Kind.SKILL, instance.skill_id)


@receiver([post_save, post_delete], sender=Skill)
def skill_changed(sender, instance, raw=False, **kwargs):
    if raw:
        return
    schedule(Kind.SKILL, instance.pk)
    if kwargs.get("signal") is post_save and not kwargs.get("created"):
        # A skill just created is required by no role yet: no query (an import creates thousands).
        schedule(Kind.ROLE, *instance.requirements.values_list("role_id", flat=True))


@receiver([post_save, post_delete], sender=Framework)
def framework_changed(sender, instance, raw=False, **kwargs):
    if not raw:
        schedule(Kind.FRAMEWORK, instance.pk)


@receiver([post_save, post_delete], sender=ProfessionalBody)
def body_changed(sender, instance, raw=False, **kwargs):
    if raw:
        return
    schedule(Kind.BODY, instance.pk)
    if kwargs.get("signal") is post_save:
        schedule(Kind.ROLE, *instance.roles.values_list("pk", flat=True))


@receiver(post_save, sender=JobFamily)
def family_changed(sender, instance, raw=False, **kwargs):
    if not raw:  # a role's document names its family
        schedule(Kind.ROLE, *instance.roles.values_list("pk", flat=True))
