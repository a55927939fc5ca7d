"""Suggestions follow the content: a DDaT import (a new Release) recomputes them once its
transaction commits, so a failed import leaves them as they were."""

from django.db import transaction
from django.db.models.signals import post_save
from django.dispatch import receiver

from ddat.models import Release


@receiver(post_save, sender=Release, dispatch_uid="mapping_recompute_after_release")
def recompute_after_release(sender, instance, created, raw=False, **kwargs):
    if created and not raw:
        from .services import recompute_mappings

        transaction.on_commit(recompute_mappings)
