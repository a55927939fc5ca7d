"""The page cache: anonymous public pages are served from the cache until content changes,
in every process sharing it; an edit shows at once."""

from __future__ import annotations

import uuid

import pytest
import redis
from django.core.cache import cache
from django.http import HttpResponse
from django.template import engines
from django.urls import include, path

from config.cache import content_version
from roleprofiles.models import Requirement, Role
from tests import ops_support
from tests.ops_support import app_env, app_process, database_url, manage

# Process-level: real app processes, Redis or pg_dump against PostgreSQL, the production stack.
pytestmark = pytest.mark.postgres_only

app_database = ops_support.app_database  # a fixture: a copy of the seeded database

PROFILE = "/roles/data-ethics-lead/"
REDIS_URL = "redis://127.0.0.1:6379/0"


@pytest.fixture
def page_cache(settings):
    settings.PAGE_CACHE_SECONDS = 60
    settings.CONTENT_CACHE_SECONDS = 60  # as production runs: both on with Redis
    cache.clear()
    yield
    cache.clear()


@pytest.mark.django_db
def test_second_anonymous_visit_is_served_from_the_cache(client, page_cache, django_assert_num_queries):
    first = client.get(PROFILE)
    assert first["X-Page-Cache"] == "miss"
    with django_assert_num_queries(0):
        second = client.get(PROFILE)
    assert second["X-Page-Cache"] == "hit"
    assert second.content == first.content
    # A cached page carries the same security headers as a fresh one.
    for header in ("Content-Security-Policy", "X-Frame-Options", "Permissions-Policy", "Content-Type"):
        assert second[header] == first[header]


@pytest.mark.django_db
def test_an_edit_shows_at_once(client, page_cache):
    client.get(PROFILE)
    role = Role.objects.get(slug="data-ethics-lead")
    role.summary = "A summary edited in the admin."
    role.save()
    response = client.get(PROFILE)
    assert response["X-Page-Cache"] == "miss"
    assert "A summary edited in the admin." in response.content.decode()


@pytest.mark.django_db
def test_deleting_content_or_changing_links_bumps_the_version(page_cache):
    role = Role.objects.get(slug="data-ethics-lead")
    version = content_version()
    Requirement.objects.filter(role=role).first().delete()
    after_delete = content_version()
    assert after_delete != version
    role.additional_frameworks.clear()
    assert content_version() != after_delete


@pytest.mark.django_db
def test_query_strings_are_cached_separately(client, page_cache):
    data = client.get("/roles/?q=data")
    library = client.get("/roles/?q=library")
    assert library["X-Page-Cache"] == "miss"
    assert client.get("/roles/?q=data").content == data.content
    assert client.get("/roles/?q=library").content == library.content


@pytest.mark.django_db
def test_signed_in_visitors_and_the_admin_are_never_cached(client, admin_client, page_cache):
    client.get(PROFILE)  # cached for anonymous visitors
    response = admin_client.get(PROFILE)
    assert "X-Page-Cache" not in response
    assert "X-Page-Cache" not in admin_client.get("/admin/").headers
    assert "X-Page-Cache" not in client.get("/admin/login/").headers


@pytest.mark.django_db
def test_errors_and_posts_are_not_cached(client, page_cache):
    assert "X-Page-Cache" not in client.get("/roles/no-such-role/").headers
    assert "X-Page-Cache" not in client.get("/roles/no-such-role/").headers
    assert "X-Page-Cache" not in client.post("/roles/").headers


def form_with_csrf_token(request):
    template = engines["django"].from_string("<form method=post>{% csrf_token %}</form>")
    return HttpResponse(template.render({}, request))


urlpatterns = [path("form/", form_with_csrf_token), path("", include("config.urls"))]


@pytest.mark.django_db
def test_a_page_with_a_csrf_token_is_never_shared(client, page_cache, settings):
    settings.ROOT_URLCONF = __name__
    first = client.get("/form/")
    assert "csrfmiddlewaretoken" in first.content.decode()
    assert "X-Page-Cache" not in first
    assert "X-Page-Cache" not in client.get("/form/").headers


@pytest.mark.django_db
def test_pages_still_work_when_the_cache_is_down(client, settings):
    settings.PAGE_CACHE_SECONDS = 60
    settings.CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": f"redis://127.0.0.1:{ops_support.free_port()}/0",
            "OPTIONS": {"socket_connect_timeout": 0.2, "socket_timeout": 0.2},
        }
    }
    response = client.get(PROFILE)
    assert response.status_code == 200
    role = Role.objects.get(slug="data-ethics-lead")
    role.summary = "Saved while the cache is down."
    role.save()  # an edit is never lost to a cache outage
    assert "Saved while the cache is down." in client.get(PROFILE).content.decode()


# The marker makes pytest-django create the test database even when this test runs alone.
@pytest.mark.django_db
def test_two_app_processes_share_the_cache_and_see_an_edit_at_once(app_database):
    """Two gunicorn processes, one PostgreSQL, one Redis: an edit made in a third process (the
    ORM, as the admin does) shows on both at once, though both had the page cached."""
    try:
        redis.Redis.from_url(REDIS_URL, socket_connect_timeout=2).ping()
    except redis.ConnectionError:
        pytest.fail(f"Redis is not running at {REDIS_URL}; start it (apt-get install redis-server) and re-run")
    prefix = f"test-cache-{uuid.uuid4().hex}"
    env = app_env(
        DATABASE_URL=database_url(app_database),
        REDIS_URL=REDIS_URL,
        CACHE_KEY_PREFIX=prefix,
        PAGE_CACHE_SECONDS="300",
        CONTENT_CACHE_SECONDS="3600",
        ALLOWED_HOSTS="roles.example.nhs.uk",
    )
    host = {"Host": "roles.example.nhs.uk"}  # as behind a load balancer: one public host
    try:
        with app_process(env) as a, app_process(env) as b:
            assert ops_support.fetch(a.url(PROFILE), headers=host).headers["X-Page-Cache"] == "miss"
            served_by_b = ops_support.fetch(b.url(PROFILE), headers=host)
            assert served_by_b.headers["X-Page-Cache"] == "hit"  # cached by a, served by b
            assert "Sets direction for ethics in data initiatives" in served_by_b.text

            edit = (
                "from roleprofiles.models import Role; role = Role.objects.get(slug='data-ethics-lead'); "
                "role.summary = 'Edited once, seen everywhere.'; role.save()"
            )
            manage("shell", "-c", edit, env=env)

            after_b = ops_support.fetch(b.url(PROFILE), headers=host)
            assert after_b.headers["X-Page-Cache"] == "miss"
            assert "Edited once, seen everywhere." in after_b.text
            after_a = ops_support.fetch(a.url(PROFILE), headers=host)
            assert after_a.headers["X-Page-Cache"] == "hit"
            assert "Edited once, seen everywhere." in after_a.text
    finally:
        client = redis.Redis.from_url(REDIS_URL)
        keys = list(client.scan_iter(f"{prefix}:*"))
        if keys:
            client.delete(*keys)


@pytest.mark.django_db
def test_cached_for_content_recomputes_only_after_a_change(page_cache):
    from config.cache import cached_for_content

    calls = []

    def count_roles():
        calls.append(1)
        return Role.objects.count()

    first = cached_for_content("role-count", count_roles)
    assert cached_for_content("role-count", count_roles) == first
    assert len(calls) == 1
    Role.objects.filter(slug="data-ethics-lead").first().save()
    assert cached_for_content("role-count", count_roles) == first
    assert len(calls) == 2


@pytest.mark.django_db
def test_cached_for_content_is_off_when_the_content_cache_is(settings):
    from config.cache import cached_for_content

    settings.CONTENT_CACHE_SECONDS = 0
    calls = []
    cached_for_content("x", lambda: calls.append(1))
    cached_for_content("x", lambda: calls.append(1))
    assert len(calls) == 2
