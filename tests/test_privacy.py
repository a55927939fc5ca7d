"""Self-assessment answers live only in the address, so nothing may keep them: no cache (the
page cache or the browser's), no access log, and no link that carries them to another site."""

from __future__ import annotations

import re

import pytest
from django.core.cache import cache

from tests import ops_support
from tests.ops_support import app_env, app_process, database_url
from tests.test_self_assessment import DHLP, dhlp_query

app_database = ops_support.app_database  # a fixture: a copy of the seeded database


PAGES = {  # each page, given the answers as a query string
    "the start page": lambda answers: "/self-assessment/",
    "rating, with answers": lambda answers: f"/self-assessment/?{answers}",
    "a result": lambda answers: f"/self-assessment/result/?{answers}",
    "a result with answers it cannot use": lambda answers: f"/self-assessment/result/?framework={DHLP}&s1=99",
    "an unknown framework, with answers": lambda answers: "/self-assessment/result/?framework=no-such-one&s1=3",
    "the plan as a Word document": lambda answers: f"/self-assessment/result/?{answers}&format=docx",
}


@pytest.fixture
def page_cache(settings):
    settings.PAGE_CACHE_SECONDS = 60
    cache.clear()
    yield
    cache.clear()


@pytest.mark.django_db
@pytest.mark.parametrize("page", PAGES.values(), ids=PAGES.keys())
def test_self_assessment_pages_are_never_cached(client, page_cache, page):
    url = page(dhlp_query([3] * 10))
    for _ in range(2):
        response = client.get(url)
        assert "X-Page-Cache" not in response, "in the shared page cache"
        assert "no-store" in response["Cache-Control"], "a browser or proxy may keep it"


@pytest.mark.django_db
@pytest.mark.parametrize("page", PAGES.values(), ids=PAGES.keys())
def test_links_from_self_assessment_pages_send_no_referrer(client, page):
    assert client.get(page(dhlp_query([3] * 10)))["Referrer-Policy"] == "no-referrer"


@pytest.mark.django_db
def test_other_pages_keep_the_site_wide_referrer_policy(client):
    assert client.get("/roles/")["Referrer-Policy"] == "strict-origin-when-cross-origin"


# The marker makes pytest-django create the test database even when this test runs alone.
@pytest.mark.django_db
def test_gunicorn_access_log_keeps_no_answers(app_database):
    answers = dhlp_query([2, 3, 1, 1, 2, 3, 3, 1, 2, 3])
    env = app_env(DATABASE_URL=database_url(app_database))
    with app_process(env, extra_args=["--access-logfile", "-"]) as app:
        assert app.get(f"/self-assessment/result/?{answers}").status == 200
        assert app.get(f"/self-assessment/?{answers}").status == 200
        # A visit from a result page (an older browser that ignores the referrer policy).
        result = app.url(f"/self-assessment/result/?{answers}")
        ops_support.fetch(app.url("/roles/?q=data"), headers={"Referer": result})
        log = app.output()
    lines = [line for line in log.splitlines() if '"GET /' in line]
    assert len(lines) >= 3, log[-2000:]
    for area_id in re.findall(r"s(\d+)=", answers):
        assert f"s{area_id}=" not in log, "an answer reached the access log"
    assert any('"GET /self-assessment/result/ HTTP/1.1" 200' in line for line in lines), lines
    # Other pages' query strings are still logged: the log stays useful.
    assert any('"GET /roles/?q=data HTTP/1.1" 200' in line for line in lines), lines
