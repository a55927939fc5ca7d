"""Site-wide middleware: security headers Django lacks, a friendly 503 while the
database is unreachable, and a shared cache of anonymous public pages.

Order matters (see MIDDLEWARE in settings): the header middleware sits outside the
page cache so a cached page gets the same headers as a fresh one, and the page cache sits
outside sessions, CSRF and auth so a hit costs one cache round trip and little else.
"""

from __future__ import annotations

import hashlib
import logging

from django.conf import settings
from django.db import InterfaceError, OperationalError
from django.http import HttpResponse

from .cache import VERSION_KEY, content_version, page_cache
from .views import database_unavailable

logger = logging.getLogger(__name__)
DATABASE_ERRORS = (OperationalError, InterfaceError)


class SecurityHeadersMiddleware:
    """Permissions-Policy (and Cross-Origin-Resource-Policy): SecurityMiddleware sets the others."""

    def __init__(self, get_response):
        self.get_response = get_response
        self.permissions_policy = settings.PERMISSIONS_POLICY

    def __call__(self, request):
        response = self.get_response(request)
        response.headers.setdefault("Permissions-Policy", self.permissions_policy)
        response.headers.setdefault("Cross-Origin-Resource-Policy", "same-origin")
        return response


class DatabaseUnavailableMiddleware:
    """Turns a lost database connection into the friendly 503 page instead of a 500.

    Django closes a connection that raised an error at the end of the request
    (CONN_HEALTH_CHECKS does the rest), so the next request reconnects by itself:
    no restart is needed when the database comes back.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_exception(self, request, exception):
        if isinstance(exception, DATABASE_ERRORS):
            return database_unavailable(request)
        return None


class PageCacheMiddleware:
    """Caches anonymous GET responses of public HTML pages, keyed by the content version.

    Any save or delete of content bumps the version (config.cache), and a page is served only
    if it was rendered under the current version, so an admin edit shows on the next request
    in every process sharing the cache. A hit is one cache round trip (the page and the
    version together). Skipped for the admin, the
    health check, signed-in or session-bearing visitors, and any response that sets a
    cookie or used a CSRF token (a form that must not be shared between visitors).
    """

    EXCLUDED_PREFIXES = ("/admin/", "/healthz", "/static/")

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        seconds = settings.PAGE_CACHE_SECONDS
        if not seconds or not self._cacheable_request(request):
            return self.get_response(request)
        cache = page_cache()
        host = request.get_host()  # a disallowed host is a 400 here, as it would be further in
        key = self._key(request, host)
        try:
            # One round trip for the page and the current content version: a page stored under
            # an older version is stale (content changed since it was rendered).
            found = cache.get_many([key, VERSION_KEY])
            version = found.get(VERSION_KEY)
            if version is None:
                version = content_version()
        except Exception:  # the cache is down: serve uncached rather than fail
            logger.warning("Page cache unavailable", exc_info=True)
            return self.get_response(request)
        hit = found.get(key)
        if hit is not None and hit[0] == version:
            _, content, headers = hit
            response = HttpResponse(content, headers=headers)
            response["X-Page-Cache"] = "hit"
            return response
        response = self.get_response(request)
        if self._cacheable_response(request, response):
            headers = dict(response.headers.items())
            try:
                # Stored under the version read before rendering, so a page rendered while an
                # edit was being saved is already stale when the next request reads it.
                cache.set(key, (version, response.content, headers), seconds)
            except Exception:
                logger.warning("Page cache unavailable", exc_info=True)
            response["X-Page-Cache"] = "miss"
        return response

    def _cacheable_request(self, request) -> bool:
        if request.method not in ("GET", "HEAD"):
            return False
        if request.path.startswith(self.EXCLUDED_PREFIXES):
            return False
        # A session (signed-in admin, a self-assessment in progress) or a pending message
        # personalises the page.
        return settings.SESSION_COOKIE_NAME not in request.COOKIES and "messages" not in request.COOKIES

    @staticmethod
    def _cacheable_response(request, response) -> bool:
        return (
            response.status_code == 200
            and not response.streaming
            and not response.cookies
            and response.get("Content-Type", "").startswith("text/html")
            and not request.META.get("CSRF_COOKIE_NEEDS_UPDATE")
            and "private" not in response.get("Cache-Control", "")
        )

    @staticmethod
    def _key(request, host: str) -> str:
        parts = [request.scheme, host, request.path, request.META.get("QUERY_STRING")]
        raw = "\n".join(str(part or "") for part in parts)
        return "page:" + hashlib.sha256(raw.encode()).hexdigest()
