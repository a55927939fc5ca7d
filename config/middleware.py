"""Site-wide middleware: a shared cache of anonymous public pages, security headers Django
lacks, read-only public pages, and a friendly 503 while the database is unreachable.

Order matters (see MIDDLEWARE in settings): the page cache comes first, so a hit costs one
cache round trip and nothing else; it stores each page with the headers everything after it
set, so a cached page carries the same security headers as a fresh one.
"""

from __future__ import annotations

import gzip
import logging
import re
import time
from contextlib import suppress

from django.conf import settings
from django.db import DatabaseError, InterfaceError, OperationalError
from django.http import HttpResponse, HttpResponseNotAllowed
from django.middleware.gzip import GZipMiddleware
from django.urls import Resolver404, resolve
from django.utils.cache import add_never_cache_headers, patch_vary_headers

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

from .auth import client_ip
from .page_keys import page_key
from .privacy import is_private
from .views import database_unavailable

logger = logging.getLogger(__name__)
ACCEPTS_GZIP = re.compile(r"\bgzip\b")
DATABASE_ERRORS = (OperationalError, InterfaceError)


class SecurityHeadersMiddleware:
    """Permissions-Policy (and Cross-Origin-Resource-Policy): SecurityMiddleware sets the others.

    On private pages (config.privacy: self-assessment answers in the address), whatever the
    response: ``Cache-Control: no-store`` so no browser or proxy keeps it, and
    ``Referrer-Policy: no-referrer`` so no link from it carries the answers anywhere (set
    before SecurityMiddleware's site-wide default, which only fills a missing header).
    """

    def __init__(self, get_response):
        self.get_response = get_response
        self.permissions_policy = settings.PERMISSIONS_POLICY

    def __call__(self, request):
        response = self.get_response(request)
        response.headers.setdefault("Permissions-Policy", self.permissions_policy)
        response.headers.setdefault("Cross-Origin-Resource-Policy", "same-origin")
        if is_private(request.path_info):
            add_never_cache_headers(response)
            response["Referrer-Policy"] = "no-referrer"
        return response


class ReadOnlyPublicPagesMiddleware:
    """Public pages are read-only: GET and HEAD, and 405 with Allow for any other method
    (TRACE and OPTIONS too), before CSRF or a view sees the request. Only the admin takes
    writes (its log-in and forms post); an address that routes nowhere is left to be a 404."""

    WRITABLE_PREFIXES = ("/admin/",)
    ALLOWED = ("GET", "HEAD")

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if request.method in self.ALLOWED or request.path_info.startswith(self.WRITABLE_PREFIXES):
            return self.get_response(request)
        if not self._routes(request.path_info):
            return self.get_response(request)
        response = HttpResponseNotAllowed(self.ALLOWED, content=b"This page can only be read (GET or HEAD).\n")
        response["Content-Type"] = "text/plain; charset=utf-8"
        response["Cache-Control"] = "no-store"
        return response

    @staticmethod
    def _routes(path: str) -> bool:
        for candidate in (path, path + "/"):  # as CommonMiddleware would redirect it
            try:
                resolve(candidate)
            except Resolver404:
                continue
            return True
        return False


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


class CompressPublicPagesMiddleware(GZipMiddleware):
    """Gzips a public page that the page cache did not (a signed-in editor's, or any with the
    page cache off), for browsers that accept it. Never the admin's pages, nor a response that
    used a CSRF token: compression beside a secret is what BREACH measures. First in the
    middleware, so a page-cache hit, already compressed, passes straight through."""

    def process_response(self, request, response):
        # A page that used a token has the CSRF cookie set on it (CsrfViewMiddleware).
        if request.path.startswith("/admin/") or settings.CSRF_COOKIE_NAME in response.cookies:
            return response
        if not response.get("Content-Type", "").startswith("text/html"):
            return response  # files (Word, CSV) and static files are left as their views send them
        return super().process_response(request, response)


class PageCacheMiddleware:
    """Caches anonymous GET responses of public HTML pages (design: core.cache).

    First in the middleware: a hit is one cache round trip (the page and the generation hint
    together) and nothing else runs. So a page is stored whole: its headers as the rest of the
    middleware set them (the security headers included) and its body gzipped once, sent as
    stored to browsers that accept gzip (public pages hold no secret, so compression gives
    BREACH nothing to find) and unzipped for the rest.

    A page is stamped with the versions of the tags it was rendered from: "site", the roles
    it loaded (by name), and either "listing" or, on a role's own pages, that role; it is
    served only while those versions are current, so an edit shows on the next request in
    every process sharing the cache, and another role's profile stays cached. Skipped for the
    admin, the health check, private pages, signed-in or session-bearing visitors, and any
    response that sets a cookie or used a CSRF token (a form that must not be shared).
    """

    EXCLUDED_PREFIXES = ("/admin/", "/healthz", "/static/")
    # A role's own pages: they show that role in full and list no others, so they depend on
    # the role's tag instead of "listing".
    ROLE_PAGES = frozenset({"roleprofiles:role-detail", "roleprofiles:advert"})
    NOT_STORED = frozenset({"content-length", "x-page-cache"})

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        seconds = settings.PAGE_CACHE_SECONDS
        if not seconds or not self._cacheable_request(request):
            return self.get_response(request)
        host = request.get_host()  # a disallowed host is a 400 here, as it would be further in
        page = page_key(request, host)
        if page is None:  # a parameter the page does not read, or an overlong value
            return self.get_response(request)
        key = page.key
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
            _, headers, compressed = hit
            return self._send(request, HttpResponse(headers=headers), compressed, "hit")
        if request.method == "HEAD":  # its response may have no body to store
            return self.get_response(request)
        with recording() as read:
            response = self.get_response(request)
        if not self._cacheable_response(request, response):
            return response
        patch_vary_headers(response, ("Accept-Encoding",))
        compressed = gzip.compress(response.content, compresslevel=6, mtime=0)
        headers = {name: value for name, value in response.headers.items() if name.lower() not in self.NOT_STORED}
        # Stamped with the versions read before rendering, so a page rendered while an edit was
        # being saved is already stale when the next request reads it.
        entry = (stamp(versions, self._tags(request, read)), headers, compressed)
        with suppress(CacheUnavailable):
            if not page.has_parameters or self._within_budget(request):
                SHARED.call("set", key, entry, seconds)
        return self._send(request, response, compressed, "miss")

    @staticmethod
    def _send(request, response, compressed: bytes, state: str):
        if ACCEPTS_GZIP.search(request.META.get("HTTP_ACCEPT_ENCODING", "")):
            response.content = compressed
            response["Content-Encoding"] = "gzip"
        elif state == "hit":
            response.content = gzip.decompress(compressed)
        response["Content-Length"] = str(len(response.content))
        response["X-Page-Cache"] = state
        return response

    @staticmethod
    def _within_budget(request) -> bool:
        """Each visitor may add PAGE_CACHE_CLIENT_BUDGET pages with parameters a minute (the
        pages without are bounded by the content); beyond it their pages are served uncached."""
        key = f"page-budget:{client_ip(request)}:{int(time.time() // 60)}"
        try:
            stored = SHARED.call("incr", key)
        except ValueError:  # the first this minute
            stored = 1 if SHARED.call("add", key, 1, 120) else SHARED.call("incr", key)
        return stored <= settings.PAGE_CACHE_CLIENT_BUDGET

    def _tags(self, request, read) -> set[str]:
        tags = {SITE, *read.tags}
        match = request.resolver_match
        role = read.role_slugs.get(match.kwargs.get("slug")) if match and match.view_name in self.ROLE_PAGES else None
        tags.add(role_tag(role) if role else LISTING)
        return tags

    def _cacheable_request(self, request) -> bool:
        if request.method not in ("GET", "HEAD"):
            return False
        if settings.SECURE_SSL_REDIRECT and not request.is_secure():
            return False  # redirected to https further in: nothing to look up
        if request.path.startswith(self.EXCLUDED_PREFIXES) or is_private(request.path_info):
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
            and not {"private", "no-store"} & _cache_directives(response)
        )


def _cache_directives(response) -> set[str]:
    return {part.split("=", 1)[0].strip().lower() for part in response.get("Cache-Control", "").split(",")}
