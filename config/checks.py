"""Deployment checks for the page and content caches (``manage.py check --deploy``)."""

from django.conf import settings
from django.core.checks import Tags, Warning, register

LOCAL_BACKENDS = (
    "django.core.cache.backends.locmem.LocMemCache",
    "django.core.cache.backends.dummy.DummyCache",
)


@register(Tags.caches, deploy=True)
def page_cache_is_shared(app_configs=None, **kwargs):
    """A cache in per-process memory would keep showing what another process has edited."""
    backend = settings.CACHES[settings.PAGE_CACHE_ALIAS]["BACKEND"]
    if backend not in LOCAL_BACKENDS:
        return []
    return [
        Warning(
            f"{name} is set but the cache is local to each process, so an edit made through one "
            "process would not show in the others.",
            hint=f"Set REDIS_URL to share the cache, or {name}=0.",
            id=check_id,
        )
        for name, check_id in (
            ("PAGE_CACHE_SECONDS", "site_config.W001"),
            ("CONTENT_CACHE_SECONDS", "site_config.W002"),
        )
        if getattr(settings, name)
    ]
