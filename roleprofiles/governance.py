"""Content governance: who may do what, the review cycle, and publishing.

The two groups are defined here once and created both by a data migration (so a fresh
install has them) and by ``manage.py setup_groups`` (to bring an existing install in step
after new content models appear). Writes that change a role's status or review dates
raise its version, so an admin with the role open sees a conflict instead of silently
overwriting them.
"""

from __future__ import annotations

import datetime
import re

from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from .models import Role

EDITOR_GROUP = "Content editor"
APPROVER_GROUP = "Content approver"
PUBLISH_PERMISSION = "roleprofiles.publish_role"

# Apps whose models are content that editors keep current (pathways once it is installed).
CONTENT_APPS = ("frameworks", "roleprofiles", "pathways", "mapping")
# Editors may delete these (a requirement removed from a role; a draft role, see RoleAdmin).
EDITOR_DELETABLE = {("roleprofiles", "requirement"), ("roleprofiles", "role")}

REVIEW_WINDOW_DAYS = 90
REVIEW_INTERVAL_DAYS = 365


def group_permissions(apps) -> dict[str, list[tuple[str, str]]]:
    """(app_label, codename) pairs for each group, from the models ``apps`` knows about."""
    editor: list[tuple[str, str]] = []
    for app_label in CONTENT_APPS:
        try:
            app = apps.get_app_config(app_label)
        except LookupError:
            continue
        for model in app.get_models():
            name = model._meta.model_name
            actions = ["view"] if name.startswith("historical") else ["view", "add", "change"]
            if (app_label, name) in EDITOR_DELETABLE:
                actions.append("delete")
            editor.extend((app_label, f"{action}_{name}") for action in actions)
    approver = [*editor, ("roleprofiles", "publish_role")]
    return {EDITOR_GROUP: editor, APPROVER_GROUP: approver}


def ensure_groups(apps=None) -> dict[str, int]:
    """Create or update both groups; returns the number of permissions each holds.

    ``apps`` is the migration state in a data migration, else the live registry.
    Idempotent: a group's permissions are set to exactly the definition.
    """
    if apps is None:
        from django.apps import apps as live_apps

        apps = live_apps
    from django.contrib.auth.management import create_permissions

    # Permissions are normally created after migrate; a data migration needs them now.
    for app_config in apps.get_app_configs():
        if app_config.label in CONTENT_APPS:
            app_config.models_module = getattr(app_config, "models_module", None) or True
            create_permissions(app_config, apps=apps, verbosity=0)

    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    counts = {}
    for name, wanted in group_permissions(apps).items():
        query = Q(pk__in=[])
        for app_label, codename in wanted:
            query |= Q(content_type__app_label=app_label, codename=codename)
        permissions = list(Permission.objects.filter(query))
        group, _ = Group.objects.get_or_create(name=name)
        group.permissions.set(permissions)
        counts[name] = len(permissions)
    return counts


def can_publish(user) -> bool:
    return user.has_perm(PUBLISH_PERMISSION)


# Review cycle -------------------------------------------------------------------------


def review_overdue(today: datetime.date | None = None) -> Q:
    today = today or timezone.localdate()
    return Q(next_review_due__lt=today)


def review_due_soon(today: datetime.date | None = None) -> Q:
    today = today or timezone.localdate()
    return Q(next_review_due__gte=today, next_review_due__lte=today + datetime.timedelta(days=REVIEW_WINDOW_DAYS))


BASELINE = "Baseline: as loaded, before the first recorded change"
# simple-history keeps a change reason in 100 characters; a longer one fails the save
# (DataError on PostgreSQL), so every reason goes through ``fit_reason``.
REASON_MAX_LENGTH = 100


def fit_reason(text: str) -> str:
    return text if len(text) <= REASON_MAX_LENGTH else text[: REASON_MAX_LENGTH - 1] + "…"


# Reverts ------------------------------------------------------------------------------

REVERT_PREFIX = "Reverted to the version of "
_REVERTED_VERSION = re.compile(r"\(version (\d+)\)$")


def when(moment: datetime.datetime) -> str:
    return f"{timezone.localtime(moment):%-d %B %Y at %H:%M}"


def revert_reason(record) -> str:
    """The change reason of a revert to ``record``: it names the version restored (read
    back by ``reverted_version``), so the history and /changes/ can show it as a revert."""
    version = f" (version {record.version})" if hasattr(record, "version") else ""
    return fit_reason(f"{REVERT_PREFIX}{when(record.history_date)}{version}")


def is_revert(reason: str | None) -> bool:
    return bool(reason) and reason.startswith(REVERT_PREFIX)


def reverted_version(reason: str | None) -> int | None:
    """The role version a revert restored, from its reason."""
    match = _REVERTED_VERSION.search(reason or "") if is_revert(reason) else None
    return int(match.group(1)) if match else None


def ensure_baseline(model, pks) -> int:
    """Record the current state of rows that have no history yet (seed data is loaded
    without history), so the first change made to them can be told as a difference."""
    pks = set(pks)
    if not pks:
        return 0
    recorded = set(model.history.filter(id__in=pks).values_list("id", flat=True).distinct())
    missing = list(model.objects.filter(pk__in=pks - recorded))
    for obj in missing:
        obj._history_user = None  # not the admin making the change: nobody is known
    if missing:
        model.history.bulk_history_create(missing, update=True, default_change_reason=BASELINE)
    return len(missing)


def record_role_change(role_ids, *, user, reason: str) -> int:
    """A new version of roles whose requirements are about to change outside the role's own
    form: raises the version (anyone with the role open gets a conflict instead of
    overwriting the change) and records why. Call it before saving the requirements, inside
    their transaction: a version's requirement changes are those recorded after its role
    record (see ``revisions``)."""
    roles = list(Role.objects.select_for_update().filter(pk__in=[pk for pk in role_ids if pk]))
    return _save_each(roles, [], user=user, reason=reason)


def _save_each(roles: list[Role], fields: list[str], *, user, reason: str) -> int:
    # One save per role, not a bulk update: the save signals keep the search index and the
    # page cache in step, and each role gets its own history record with who and why.
    ensure_baseline(Role, [role.pk for role in roles])
    for role in roles:
        role.version += 1
        role._history_user = user
        role._change_reason = fit_reason(reason)
        role.save(update_fields=[*fields, "version"])
    return len(roles)


@transaction.atomic
def mark_reviewed(*, roles, user, today: datetime.date | None = None) -> int:
    """Record a review today and schedule the next in a year; returns how many roles."""
    today = today or timezone.localdate()
    locked = list(Role.objects.select_for_update().filter(pk__in=[r.pk for r in roles]))
    for role in locked:
        role.last_reviewed = today
        role.next_review_due = today + datetime.timedelta(days=REVIEW_INTERVAL_DAYS)
    return _save_each(locked, ["last_reviewed", "next_review_due"], user=user, reason="Marked as reviewed")


@transaction.atomic
def set_status(*, roles, status: str, user) -> int:
    """Publish, archive or return roles to draft; roles already in that status are left alone."""
    locked = list(Role.objects.select_for_update().filter(pk__in=[r.pk for r in roles]).exclude(status=status))
    for role in locked:
        role.status = status
    label = Role.Status(status).label
    return _save_each(locked, ["status"], user=user, reason=f"Status set to {label.lower()}")
