"""Which cached pages an edit to a role touches (the design is in core.cache).

- Its own pages: ``role:<id>``, raised by any change to the role, its requirements or its
  mapped frameworks.
- Pages that show its name (related roles on other profiles, and every listing):
  ``role-name:<id>``, raised when its title, address or status changes. Pages record the
  roles they load (``record_role``), so a profile listing it depends on it.
- Profiles whose related-roles list may change: when the skills a role shares with others
  change (a requirement added, removed or moved to another skill, or the role published or
  archived), every role needing one of those skills is raised, after the commit.
- Listings ("listing") are raised by every bump.

Connected in RoleprofilesConfig.ready; everything else falls back to core.cache's rule (a
change to any other content raises "site").
"""

from __future__ import annotations

import logging
import threading

from django.db import DatabaseError, transaction
from django.db.models import Q
from django.db.models.signals import m2m_changed, post_delete, post_init, post_save

from core import cache

from .models import Requirement, Role

logger = logging.getLogger(__name__)
_pending = threading.local()
SHOWN_FIELDS = ("title", "slug", "status")


def connect() -> None:
    cache.handled_elsewhere(Role, Requirement, Role.additional_frameworks.through)
    post_init.connect(_role_loaded, sender=Role, dispatch_uid="cache-role-loaded")
    post_init.connect(_requirement_loaded, sender=Requirement, dispatch_uid="cache-requirement-loaded")
    post_save.connect(_role_changed, sender=Role, dispatch_uid="cache-role-saved")
    post_delete.connect(_role_changed, sender=Role, dispatch_uid="cache-role-deleted")
    post_save.connect(_requirement_changed, sender=Requirement, dispatch_uid="cache-requirement-saved")
    post_delete.connect(_requirement_changed, sender=Requirement, dispatch_uid="cache-requirement-deleted")
    m2m_changed.connect(
        _frameworks_changed, sender=Role.additional_frameworks.through, dispatch_uid="cache-role-frameworks"
    )


def _shown(role: Role) -> tuple:
    # From the instance's own values: a deferred field is not loaded just to compare it.
    return tuple(role.__dict__.get(name) for name in SHOWN_FIELDS)


def _role_loaded(sender, instance, **kwargs):
    instance._cache_shown = _shown(instance)
    if instance.pk is not None:
        cache.record_role(instance.pk, instance.__dict__.get("slug"))


def _requirement_loaded(sender, instance, **kwargs):
    instance._cache_skill = instance.__dict__.get("skill_id")


def _role_changed(sender, instance, using=None, created=False, **kwargs):
    before, now = getattr(instance, "_cache_shown", (None,) * 3), _shown(instance)
    deleted = kwargs.get("signal") is post_delete
    tags = [cache.role_tag(instance.pk)]
    if created or deleted or before != now:
        tags.append(cache.role_name_tag(instance.pk))
    cache.bump(*tags, using=using)
    if not deleted and (created or before[2] != now[2]):  # published or archived
        _related_may_change(roles={instance.pk}, using=using)
    instance._cache_shown = now


def _requirement_changed(sender, instance, using=None, created=False, **kwargs):
    cache.bump(cache.role_tag(instance.role_id), using=using)
    before = getattr(instance, "_cache_skill", None)
    if created or kwargs.get("signal") is post_delete or before != instance.skill_id:
        _related_may_change(skills={instance.skill_id, before} - {None}, using=using)
    instance._cache_skill = instance.skill_id


def _frameworks_changed(sender, instance, action, reverse=False, pk_set=None, using=None, **kwargs):
    if not action.startswith("post_"):
        return
    if not reverse:
        cache.bump(cache.role_tag(instance.pk), using=using)
    elif pk_set:
        cache.bump(*(cache.role_tag(pk) for pk in pk_set), using=using)
    else:  # a framework's roles cleared: which ones is no longer known
        cache.bump(cache.SITE, using=using)


def _related_may_change(*, roles=(), skills=(), using=None) -> None:
    """Collect, and after the commit raise every role that needs one of these skills (or one of
    these roles' skills): their related-roles lists are counted from shared skills. After the
    commit, once per transaction rather than once per requirement an import saves."""
    pending = _pending.__dict__.setdefault("found", {"roles": set(), "skills": set()})
    pending["roles"].update(roles)
    pending["skills"].update(skills)
    transaction.on_commit(_raise_related, using=using)


def _raise_related() -> None:
    pending = _pending.__dict__.pop("found", None)
    if not pending:
        return
    skills = Q(skill_id__in=pending["skills"])
    if pending["roles"]:
        skills |= Q(skill_id__in=Requirement.objects.filter(role_id__in=pending["roles"]).values("skill_id"))
    try:
        ids = set(Requirement.objects.filter(skills).values_list("role_id", flat=True).distinct())
        if ids:
            cache.bump(*(cache.role_tag(pk) for pk in sorted(ids)))
    except DatabaseError:  # the edit is committed; its own pages were already raised with it
        logger.warning("Could not refresh the related roles of profiles sharing skills", exc_info=True)
