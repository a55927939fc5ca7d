"""Reliability: a real app process loses its PostgreSQL connection, shows a friendly 503
(the health check too), and recovers by itself when the database returns."""

from __future__ import annotations

import json

import pytest
from django.conf import settings
from django.db import OperationalError
from django.test import Client
from django.urls import path

from tests import ops_support
from tests.browser import *  # noqa: F403 - the Playwright fixtures (Debian's Chromium)
from tests.browser import assert_no_axe_violations
from tests.ops_support import TcpProxy, app_env, app_process, database_url, public_routes

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
            assert json.loads(app.get("/healthz").text) == {"status": "ok", "database": "ok"}
            for page in DATABASE_PAGES:
                assert app.get(page).status == 200, page

            proxy.cut()
            health = app.get("/healthz")
            assert health.status == 503
            assert json.loads(health.text) == {"status": "error", "database": "unavailable"}
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
            assert json.loads(app.get("/healthz").text) == {"status": "ok", "database": "ok"}
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


urlpatterns = [path("lost/", _lost_database)]


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
