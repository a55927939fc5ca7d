"""The authoritative content versions (see core.cache): one row per dependency tag,
raised in the same database transaction as the edit it stands for."""

from django.db import models


class ContentVersion(models.Model):
    """A tag ("site", "listing", "role:12", "role-name:12") and its current version.

    Written only by ``core.cache.bump`` (raw SQL upserts, so no signals), read in bulk by
    every app process to check what its cached pages were rendered from. Versions only grow:
    the sum over the table changes with every committed bump, whatever order they commit in.
    """

    tag = models.CharField(max_length=100, primary_key=True)
    version = models.BigIntegerField()

    class Meta:
        db_table = "site_config_contentversion"

    def __str__(self) -> str:
        return f"{self.tag}: {self.version}"
