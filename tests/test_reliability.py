"""Reliability: a real app process loses its PostgreSQL connection, shows a friendly 503
(the health check too), and recovers by itself when the database returns; and its Redis
freezes or is cut off while an admin edits, and no edit stays hidden for long."""

from __future__ import annotations

import json
import time

import pytest
from django.conf import settings
from django.db import OperationalError
from django.test import Client
from django.urls import include, path

from tests import ops_support
from tests.browser import *  # noqa: F403 - the Playwright fixtures (Debian's Chromium)
from tests.browser import assert_no_axe_violations
from tests.ops_support import TcpProxy, app_env, app_process, database_url, manage, public_routes, redis_server

# Process-level: real app processes, Redis or pg_dump against PostgreSQL, the production stack.
pytestmark = pytest.mark.postgres_only

app_database = ops_support.app_database  # a fixture: a copy of the seeded database

FRIENDLY = "Sorry, the service is unavailable"
# Pages that always read the database, so must show the 503 page while it is gone.
DATABASE_PAGES = ["/", "/roles/", "/roles/data-ethics-lead/", "/roles/head-of-knowledge-and-library-services/"]


# The marker makes pytest-django create the test database even when this test runs alone.
@pytest.mark.django_db
def test_database_outage_gives_a_friendly_503_and_recovers_without_a_restart(app_database):
    proxy = TcpProxy(target_port=int(settings.DATABASES["default"]["PORT"] or 5432))
    proxy.restore()
    routed = {route.fill({}) for route in public_routes() if not route.has_parameters} - {"/healthz"}
    pages = sorted({*DATABASE_PAGES, *routed})
    env = app_env(DATABASE_URL=database_url(app_database, port=proxy.port), CONN_MAX_AGE="60")
    try:
        with app_process(env) as app:
            assert json.loads(app.get("/healthz").text) == {"status": "ok", "database": "ok", "cache": "ok"}
            for page in DATABASE_PAGES:
                assert app.get(page).status == 200, page

            proxy.cut()
            health = app.get("/healthz")
            assert health.status == 503
            assert json.loads(health.text) == {"status": "error", "database": "unavailable", "cache": "ok"}
            for page in pages:
                response = app.get(page)
                # 503 where the page needs the database; a page that needs none (or rejects
                # missing parameters with a 4xx) answers as usual. Never a 500.
                assert response.status < 500 or response.status == 503, f"{page} gave {response.status}"
                assert "Traceback" not in response.text
                if page in DATABASE_PAGES:
                    assert response.status == 503, page
                if response.status == 503:
                    assert FRIENDLY in response.text
                    assert response.headers["Retry-After"] == "30"
                    assert "Content-Security-Policy" in response.headers

            proxy.restore()
            assert json.loads(app.get("/healthz").text) == {"status": "ok", "database": "ok", "cache": "ok"}
            for page in DATABASE_PAGES:
                response = app.get(page)
                assert response.status == 200, page
                assert FRIENDLY not in response.text
            # The same process served throughout: it was never restarted.
            assert app.process.poll() is None
            assert app.output().count("Booting worker") == 1
    finally:
        proxy.cut()


def _lost_database(request):
    raise OperationalError("server closed the connection unexpectedly")


class LostDatabaseMiddleware:
    """Fails outside any view, where only the 500 handler can catch it."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        raise OperationalError("could not connect to server")


urlpatterns = [path("lost/", _lost_database), path("", include("config.urls"))]  # the admin too: middleware reverses it


@pytest.mark.django_db
def test_a_lost_connection_inside_a_view_shows_the_503_page(settings):
    settings.ROOT_URLCONF = __name__
    response = Client(raise_request_exception=False).get("/lost/")
    assert response.status_code == 503
    assert FRIENDLY in response.content.decode()
    assert response["Retry-After"] == "30"


@pytest.mark.django_db
def test_a_lost_connection_outside_a_view_shows_the_503_page(settings):
    settings.MIDDLEWARE = [*settings.MIDDLEWARE, f"{__name__}.LostDatabaseMiddleware"]
    response = Client(raise_request_exception=False).get("/roles/")
    assert response.status_code == 503
    assert FRIENDLY in response.content.decode()


@pytest.mark.django_db
def test_other_errors_still_give_the_500_page(settings):
    settings.ROOT_URLCONF = __name__
    settings.MIDDLEWARE = [*settings.MIDDLEWARE, "tests.test_reliability.ValueErrorMiddleware"]
    response = Client(raise_request_exception=False).get("/lost/")
    assert response.status_code == 500
    assert FRIENDLY not in response.content.decode()


class ValueErrorMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        raise ValueError("not a database problem")


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_the_503_page_is_accessible(page, live_server, settings):
    settings.ROOT_URLCONF = __name__
    response = page.goto(live_server.url + "/lost/")
    assert response.status == 503
    assert page.locator("h1").inner_text() == FRIENDLY
    page.screenshot(path="/tmp/ops-503.png", full_page=True)
    assert_no_axe_violations(page)


# --- Redis outages: the page cache never hides an edit for longer than its stated bound ------

PROFILE = "/roles/data-ethics-lead/"
# CONTENT_VERSION_CHECK_SECONDS given to the app processes below: the README's staleness bound.
STALENESS_BOUND = 2


def edit(summary: str) -> str:
    """What an admin's save does, run in a process of its own (``manage.py shell -c``)."""
    return (
        "from roleprofiles.models import Role; role = Role.objects.get(slug='data-ethics-lead'); "
        f"role.summary = {summary!r}; role.save()"
    )


def cache_env(database: str, redis_url: str, **extra: str) -> dict[str, str]:
    return app_env(
        DATABASE_URL=database_url(database),
        REDIS_URL=redis_url,
        PAGE_CACHE_SECONDS="300",
        CONTENT_CACHE_SECONDS="3600",
        CONTENT_VERSION_CHECK_SECONDS=str(STALENESS_BOUND),
        **extra,
    )


def assert_edit_shows_within_the_bound(app, summary: str, edited_at: float) -> None:
    """Polls the profile: the edit must show within the bound (plus a second for the request
    itself), and once shown it never goes back."""
    deadline = edited_at + STALENESS_BOUND + 1
    while summary not in (response := app.get(PROFILE)).text:
        assert time.monotonic() < deadline, f"the old page was still served {STALENESS_BOUND + 1}s after the edit"
        time.sleep(0.1)
    for _ in range(5):
        assert summary in app.get(PROFILE).text
    assert response.status == 200


@pytest.mark.django_db
def test_an_edit_made_while_redis_is_frozen_shows_within_the_bound(app_database):
    with redis_server() as redis_:
        env = cache_env(app_database, redis_.url)
        with app_process(env) as app:
            assert app.get(PROFILE).headers["X-Page-Cache"] == "miss"
            assert app.get(PROFILE).headers["X-Page-Cache"] == "hit"
            redis_.freeze()  # the admin's process cannot raise the version in Redis
            try:
                manage("shell", "-c", edit("Edited while Redis was frozen."), env=env)
            finally:
                redis_.thaw()  # Redis comes back with the old page and the old version in it
            assert_edit_shows_within_the_bound(app, "Edited while Redis was frozen.", time.monotonic())


@pytest.mark.django_db
def test_an_edit_made_by_a_process_that_cannot_reach_redis_shows_within_the_bound(app_database):
    """A partition: the app processes see Redis, the editing one does not."""
    with redis_server() as redis_:
        with app_process(cache_env(app_database, redis_.url)) as app:
            assert app.get(PROFILE).headers["X-Page-Cache"] == "miss"
            assert app.get(PROFILE).headers["X-Page-Cache"] == "hit"
            unreachable = f"redis://127.0.0.1:{ops_support.free_port()}/0"
            manage("shell", "-c", edit("Edited out of Redis's reach."), env=cache_env(app_database, unreachable))
            assert_edit_shows_within_the_bound(app, "Edited out of Redis's reach.", time.monotonic())


@pytest.mark.django_db
def test_a_frozen_redis_is_reported_degraded_slows_no_request_and_logs_one_warning(app_database):
    """A hung Redis (SIGSTOP: it accepts connections and never answers). Each request used to
    wait for Redis's timeouts, and each logged a traceback."""
    pages = ["/", "/roles/"] * 15
    with redis_server() as redis_, app_process(cache_env(app_database, redis_.url)) as app:
        assert json.loads(app.get("/healthz").text) == {"status": "ok", "database": "ok", "cache": "ok"}
        for page in set(pages):
            app.get(page)
        redis_.freeze()
        try:
            started = time.monotonic()
            states = []
            for page in pages:
                response = app.get(page)
                assert response.status == 200, page
                states.append(response.headers.get("X-Page-Cache"))
            elapsed = time.monotonic() - started
            health = app.get("/healthz")
        finally:
            redis_.thaw()
        # After one timeout the process stops asking Redis for a few seconds: at most one
        # request per retry window waits for it, the rest skip it.
        assert states.count("unavailable") <= 2, states
        assert states.count("skipped") >= len(pages) - 2, states
        # A generous bound, as a check of the above: 30 requests waiting for a 0.25 s timeout
        # each would take 7.5 s on their own (with the old 0.5 s timeouts, at least 15 s).
        assert elapsed < len(pages) * 0.25, f"{len(pages)} requests took {elapsed:.1f}s with Redis frozen"
        # Degraded, not down: the load balancer keeps sending traffic; pages are served uncached.
        assert health.status == 200
        assert json.loads(health.text) == {"status": "degraded", "database": "ok", "cache": "unavailable"}
        log = app.output()
        assert "Traceback" not in log
        warnings = [line for line in log.splitlines() if "Cache unavailable" in line]
        assert len(warnings) == 1, log[-3000:]

        # Back by itself: the next check after the retry window finds it.
        deadline = time.monotonic() + 10
        while json.loads(app.get("/healthz").text)["cache"] != "ok":
            assert time.monotonic() < deadline, "the cache was not reported back"
            time.sleep(0.5)
        app.get("/roles/")
        assert app.get("/roles/").headers["X-Page-Cache"] == "hit"
