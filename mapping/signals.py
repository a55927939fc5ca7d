"""Suggestions follow the content, never a request: a DDaT import (a new Release), an admin
save, delete or status change of a role or a requirement, and a role profile import each
recompute them once their transaction commits, so a failed or previewed change leaves them as
they were, and a transaction that changes many roles recomputes once (``recompute_on_commit``)."""

from django.db.models.signals import post_save
from django.dispatch import receiver

from ddat.models import Release
from roleprofiles.signals import content_changed


@receiver(post_save, sender=Release, dispatch_uid="mapping_recompute_after_release")
def recompute_after_release(sender, instance, created, raw=False, **kwargs):
    if created and not raw:
        from .services import recompute_on_commit

        recompute_on_commit()


@receiver(content_changed, dispatch_uid="mapping_recompute_after_content_change")
def recompute_after_content_change(sender, **kwargs):
    from .services import recompute_on_commit

    recompute_on_commit()
