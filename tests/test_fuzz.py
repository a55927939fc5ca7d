"""Property-based: generated query strings thrown at every public URL never give a 5xx or
a stack trace. The URLs come from walking the resolver, so new pages are fuzzed too."""

from __future__ import annotations

from urllib.parse import quote, urlencode

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.ops_support import public_routes, resolve_urls

ROUTES = public_routes()
# The parameters the pages read (catalogue, search, compare and its picker, adverts,
# self-assessment, progression, the A-Z), and a few made-up ones.
KNOWN_KEYS = [
    "q",
    "family",
    "level",
    "body",
    "framework",
    "skill",
    "sort",
    "page",
    "roles",
    "only",
    "format",
    "target",
    "role",
    "with",
    "find",
    "step",
    "from",
    "to",
    "kind",
    "letter",
    "employer",
    "band",
    "location",
    "closing_date",
    "title",
    "about",
    "bulk",
    "show",
    "d0",
]
TRACEBACK_MARKERS = ("Traceback (most recent call last)", "Exception Value", 'File "/')

_urls: dict = {}

values = st.one_of(
    st.text(max_size=40),
    st.text(alphabet=st.characters(codec="utf-8"), max_size=300),
    st.integers(min_value=-(10**20), max_value=10**20).map(str),
    st.sampled_from(
        [
            "",
            "0",
            "-1",
            "1e309",
            "NaN",
            "data-ethics-lead",
            "head-of-knowledge-and-library-services",
            "apha",
            "cilip",
            "data",
            "big-data",
            "digital-health-leadership-programme-skills-framework",
            "differences",
            "csv",
            "docx",
            "txt",
            "md",
            "json",
            "title",
            "-title",
            "' OR 1=1 --",
            "<script>alert(1)</script>",
            "%00",
            "\x00",
            "a" * 5000,
            "../../etc/passwd",
        ]
    ),
)
keys = st.one_of(st.sampled_from(KNOWN_KEYS), st.text(min_size=1, max_size=12))
query_strings = st.one_of(
    st.lists(st.tuples(keys, values), max_size=8).map(lambda pairs: urlencode(pairs)),
    # Raw, possibly malformed, query strings: stray %, &&, = without a key, bare keys.
    st.text(alphabet=st.characters(codec="ascii", exclude_categories=["Cc"]), max_size=80).map(
        lambda raw: quote(raw, safe="=&%+;?/")
    ),
)


@pytest.mark.django_db
@pytest.mark.parametrize("route", ROUTES, ids=[route.route or "/" for route in ROUTES])
def test_generated_query_strings_never_break_a_page(route, client):
    if route not in _urls:
        _urls.update(resolve_urls(client, [route]))
    url = _urls[route]

    @settings(
        max_examples=40,
        deadline=None,
        derandomize=True,
        database=None,
        suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
    )
    @given(query=query_strings)
    def check(query):
        response = client.get(f"{url}?{query}")
        assert response.status_code < 500, f"{url}?{query} gave {response.status_code}"
        if not getattr(response, "streaming", False):
            body = response.content.decode("utf-8", "replace")
            for marker in TRACEBACK_MARKERS:
                assert marker not in body, f"{url}?{query} shows a stack trace"

    check()


# Values that databases, not Python, refuse (PostgreSQL rejects a NUL in text), or that are
# far longer than any field: each one in each parameter a page reads, on every page.
HOSTILE_VALUES = ["\x00", "a\x00b", "x" * 5000]


@pytest.mark.django_db
@pytest.mark.parametrize("route", ROUTES, ids=[route.route or "/" for route in ROUTES])
def test_hostile_values_in_every_known_parameter_never_break_a_page(route, client):
    if route not in _urls:
        _urls.update(resolve_urls(client, [route]))
    url = _urls[route]
    for key in KNOWN_KEYS:
        for value in HOSTILE_VALUES:
            query = urlencode({key: value})
            response = client.get(f"{url}?{query}")
            assert response.status_code < 500, f"{url}?{query[:80]} gave {response.status_code}"
