"""Deployment checks for the page cache (``manage.py check --deploy``)."""

from django.conf import settings
from django.core.checks import Tags, Warning, register

LOCAL_BACKENDS = (
    "django.core.cache.backends.locmem.LocMemCache",
    "django.core.cache.backends.dummy.DummyCache",
)


@register(Tags.caches, deploy=True)
def page_cache_is_shared(app_configs=None, **kwargs):
    """A page cache in per-process memory would keep showing a page another process has edited."""
    backend = settings.CACHES[settings.PAGE_CACHE_ALIAS]["BACKEND"]
    if settings.PAGE_CACHE_SECONDS and backend in LOCAL_BACKENDS:
        return [
            Warning(
                "PAGE_CACHE_SECONDS is set but the cache is local to each process, so an edit made "
                "through one process would not show in the others.",
                hint="Set REDIS_URL to share the cache, or PAGE_CACHE_SECONDS=0.",
                id="site_config.W001",
            )
        ]
    return []
