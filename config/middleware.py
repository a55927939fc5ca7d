"""Site-wide middleware: security headers Django lacks, a friendly 503 while the
database is unreachable, and a shared cache of anonymous public pages.

Order matters (see MIDDLEWARE in settings): the header middleware sits outside the
page cache so a cached page gets the same headers as a fresh one, and the page cache sits
outside sessions, CSRF and auth so a hit costs one cache round trip and little else.
"""

from __future__ import annotations

import hashlib
import logging
from contextlib import suppress

from django.conf import settings
from django.db import DatabaseError, InterfaceError, OperationalError
from django.http import HttpResponse

from core.cache import (
    GENERATION_KEY,
    LISTING,
    SHARED,
    SITE,
    VERSIONS,
    CacheUnavailable,
    is_current,
    recording,
    role_tag,
    stamp,
)

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
    """Caches anonymous GET responses of public HTML pages (design: core.cache).

    A page is stored with the versions of the tags it was rendered from: "site", the roles
    it loaded (by name), and either "listing" or, on a role's own pages, that role. A hit is
    one cache round trip (the page and the generation hint together) and is served only if
    those versions are still current, so an edit shows on the next request in every process
    sharing the cache, and another role's profile stays cached. Skipped for the admin, the
    health check, signed-in or session-bearing visitors, and any response that sets a
    cookie or used a CSRF token (a form that must not be shared between visitors).
    """

    EXCLUDED_PREFIXES = ("/admin/", "/healthz", "/static/")
    # A role's own pages: they show that role in full and list no others, so they depend on
    # the role's tag instead of "listing".
    ROLE_PAGES = frozenset({"roleprofiles:role-detail", "roleprofiles:advert"})

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        seconds = settings.PAGE_CACHE_SECONDS
        if not seconds or not self._cacheable_request(request):
            return self.get_response(request)
        host = request.get_host()  # a disallowed host is a 400 here, as it would be further in
        key = self._key(request, host)
        try:
            # One round trip for the page and the generation hint.
            found = SHARED.call("get_many", [key, GENERATION_KEY])
            versions = VERSIONS.current(found.get(GENERATION_KEY))
        except CacheUnavailable as error:  # serve uncached rather than fail
            response = self.get_response(request)
            response["X-Page-Cache"] = "skipped" if error.skipped else "unavailable"
            return response
        except DatabaseError:  # the versions cannot be checked: no page can be trusted
            return self.get_response(request)
        hit = found.get(key)
        if hit is not None and is_current(hit[0], versions):
            _, content, headers = hit
            response = HttpResponse(content, headers=headers)
            response["X-Page-Cache"] = "hit"
            return response
        with recording() as read:
            response = self.get_response(request)
        if self._cacheable_response(request, response):
            headers = dict(response.headers.items())
            # Stamped with the versions read before rendering, so a page rendered while an
            # edit was being saved is already stale when the next request reads it.
            entry = (stamp(versions, self._tags(request, read)), response.content, headers)
            with suppress(CacheUnavailable):
                SHARED.call("set", key, entry, seconds)
            response["X-Page-Cache"] = "miss"
        return response

    def _tags(self, request, read) -> set[str]:
        tags = {SITE, *read.tags}
        match = request.resolver_match
        role = read.role_slugs.get(match.kwargs.get("slug")) if match and match.view_name in self.ROLE_PAGES else None
        tags.add(role_tag(role) if role else LISTING)
        return tags

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
