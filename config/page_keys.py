"""The page cache's key: the page's address and only the query parameters the page reads,
normalised, so that nobody can fill the cache by inventing query strings.

Each page's parameters are listed below with how the page reads them:
- ONE: a single value (``request.GET.get`` and Django forms take the last one given),
- SET: several values whose order does not matter (facets: sorted, repeats dropped),
- LIST: several values in the order given (compare's columns: repeats dropped).
A request with a parameter its page does not read, or an overlong value, is served but not
cached at all: a page missing from this table is never wrongly shared, only not cached. A
page without parameters is cached by its address alone.
"""

from __future__ import annotations

import hashlib
import os
import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from urllib.parse import urlencode

from django.conf import settings
from django.urls import Resolver404, resolve

ONE, SET, LIST = "one", "set", "list"
PAGE = {"page": ONE}


@dataclass(frozen=True)
class Parameters:
    names: dict[str, str] = field(default_factory=dict)
    patterns: tuple[tuple[re.Pattern, str], ...] = ()  # names made from ids: the advert's r<id>

    def kind(self, name: str) -> str | None:
        if name in self.names:
            return self.names[name]
        return next((kind for pattern, kind in self.patterns if pattern.fullmatch(name)), None)


PAGE_PARAMETERS: dict[str, Parameters] = {
    "roleprofiles:role-list": Parameters(
        {
            **dict.fromkeys(("kind", "family", "level", "ladder", "body", "framework", "skill"), SET),
            **{"q": ONE, "sort": ONE, **PAGE},
        }
    ),
    "roleprofiles:advert": Parameters(
        {
            name: ONE
            for name in ("format", "title", "employer", "band", "location", "closing_date", "about", "bulk", "show")
        },
        patterns=((re.compile(r"[rd]\d{1,9}"), ONE),),
    ),
    "roleprofiles:compare": Parameters(
        {"roles": LIST, "only": ONE, "format": ONE, "find": ONE, "step": ONE, "with": ONE}
    ),
    "roleprofiles:changes": Parameters(PAGE),
    "browse:skill-list": Parameters({"kind": ONE, "framework": ONE, "letter": ONE, **PAGE}),
    "browse:skill-detail": Parameters(PAGE),
    "browse:framework-detail": Parameters(PAGE),
    "pathways:progression": Parameters({"from": ONE, "to": ONE}),
    "mapping:coverage": Parameters({"format": ONE}),
    "search:search": Parameters({"q": ONE, "kind": ONE, **PAGE}),
}

# Beyond these a query is served but not cached: no real page needs more.
MAX_VALUE_LENGTH = 100
MAX_VALUES = 12
MAX_QUERY_LENGTH = 1000


@dataclass(frozen=True)
class PageKey:
    key: str
    has_parameters: bool  # counted against the visitor's budget when stored


def page_key(request, host: str) -> PageKey | None:
    """The cache key for this request, or None when it must not be cached."""
    raw = request.META.get("QUERY_STRING", "")
    query = ""
    if raw:
        if len(raw) > MAX_QUERY_LENGTH:
            return None
        try:
            view_name = resolve(request.path_info).view_name
        except Resolver404:
            return None
        normalised = normalise(request.GET.lists(), PAGE_PARAMETERS.get(view_name, Parameters()))
        if normalised is None:
            return None
        query = urlencode(normalised)
    text = "\n".join((release(), request.scheme, host, request.path, query))
    return PageKey("page:" + hashlib.sha256(text.encode()).hexdigest(), bool(query))


@cache
def release() -> str:
    """What a stored page was made with besides content: the templates, the static files'
    hashed names and the header settings (pages are stored with their headers). A release that
    changes them starts from fresh keys, so no page linking to a static file that is gone, or
    carrying an old policy, outlives the deploy. RELEASE (e.g. the commit) covers code."""
    digest = hashlib.sha256(os.environ.get("RELEASE", "").encode())
    for name in ("CONTENT_SECURITY_POLICY", "PERMISSIONS_POLICY", "SECURE_REFERRER_POLICY", "X_FRAME_OPTIONS"):
        digest.update(repr(getattr(settings, name, None)).encode())
    manifest = Path(settings.STATIC_ROOT or "") / "staticfiles.json"
    roots = [Path(directory) for engine in settings.TEMPLATES for directory in engine.get("DIRS", [])]
    for path in [manifest, *sorted(p for root in roots for p in root.rglob("*.html"))]:
        if path.is_file():
            digest.update(path.read_bytes())
    return digest.hexdigest()[:16]


def normalise(lists: Iterable[tuple[str, list[str]]], parameters: Parameters) -> list[tuple[str, str]] | None:
    pairs = []
    for name, values in sorted(lists):
        kind = parameters.kind(name)
        if kind is None or len(values) > MAX_VALUES or any(len(value) > MAX_VALUE_LENGTH for value in values):
            return None
        if kind == ONE:
            values = values[-1:]
        elif kind == SET:
            values = sorted(set(values))
        else:
            values = list(dict.fromkeys(values))
        pairs.extend((name, value) for value in values)
    return pairs
