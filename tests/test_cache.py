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

from config.models import ContentVersion
from core.cache import LISTING, role_tag
from frameworks.models import Framework
from roleprofiles.models import Requirement, Role
from tests import ops_support
from tests.factories import add_requirement, make_role
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


def versions() -> dict[str, int]:
    return dict(ContentVersion.objects.values_list("tag", "version"))


EDITS = {
    "a requirement deleted": lambda role: Requirement.objects.filter(role=role).first().delete(),
    "its frameworks cleared": lambda role: role.additional_frameworks.clear(),
    "a framework mapped from the framework's side": lambda role: Framework.objects.first().roles_mapped.add(role),
}


@pytest.mark.django_db
@pytest.mark.parametrize("edit", EDITS.values(), ids=EDITS.keys())
def test_deleting_content_or_changing_links_raises_the_role_in_the_database(page_cache, edit):
    role = Role.objects.get(slug="data-ethics-lead")
    before = versions()
    edit(role)
    after = versions()
    assert after[role_tag(role.pk)] > before.get(role_tag(role.pk), 0)
    assert after[LISTING] > before.get(LISTING, 0)


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
    from core.cache import cached_for_content

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
    from core.cache import cached_for_content

    settings.CONTENT_CACHE_SECONDS = 0
    calls = []
    cached_for_content("x", lambda: calls.append(1))
    cached_for_content("x", lambda: calls.append(1))
    assert len(calls) == 2


# --- Fine-grained invalidation: an edit drops the pages that show what it changed, no more --

OTHER = "/roles/head-of-knowledge-and-library-services/"  # lists the data ethics lead as a related role


def cache_state(client, url: str) -> str:
    return client.get(url).headers.get("X-Page-Cache", "not cached")


@pytest.mark.django_db
def test_an_edit_to_one_role_leaves_the_other_roles_pages_cached(client, page_cache):
    """A summary is shown on its own profile (and in listings), so only those are rendered afresh."""
    for url in (PROFILE, OTHER, "/roles/"):
        client.get(url)
    role = Role.objects.get(slug="data-ethics-lead")
    role.summary = "A summary edited in the admin."
    role.save()
    assert cache_state(client, OTHER) == "hit"  # it lists the role by title only: unchanged
    edited = client.get(PROFILE)
    assert edited["X-Page-Cache"] == "miss"
    assert "A summary edited in the admin." in edited.content.decode()
    assert cache_state(client, "/roles/") == "miss"  # the catalogue shows summaries


@pytest.mark.django_db
def test_a_requirement_edit_leaves_the_other_roles_pages_cached(client, page_cache):
    client.get(PROFILE)
    client.get(OTHER)
    requirement = Requirement.objects.filter(role__slug="data-ethics-lead").order_by("position").first()
    requirement.descriptor = "A descriptor edited in the admin."
    requirement.save()
    assert cache_state(client, OTHER) == "hit"
    assert "A descriptor edited in the admin." in client.get(PROFILE).content.decode()


@pytest.mark.django_db
def test_a_role_whose_related_roles_list_the_edited_role_is_refreshed(client, page_cache):
    assert "Data ethics lead" in client.get(OTHER).content.decode()
    role = Role.objects.get(slug="data-ethics-lead")
    role.title = "Data ethics and governance lead"
    role.save()
    response = client.get(OTHER)
    assert response["X-Page-Cache"] == "miss"
    assert "Data ethics and governance lead" in response.content.decode()


@pytest.mark.django_db
def test_nothing_stale_after_an_archive(client, page_cache, django_capture_on_commit_callbacks):
    role = Role.objects.get(slug="data-ethics-lead")
    skill = Requirement.objects.filter(role=role).order_by("position").first().skill
    pages = [PROFILE, OTHER, "/", "/roles/", f"/skills/{skill.slug}/", "/search/?q=ethics", "/changes/"]
    before = {url: client.get(url).content.decode() for url in pages}
    assert all(cache_state(client, url) == "hit" for url in pages)
    assert all("Data ethics lead" in before[url] for url in (OTHER, "/roles/", f"/skills/{skill.slug}/"))

    with django_capture_on_commit_callbacks(execute=True):  # the search index follows on commit
        role.status = Role.Status.ARCHIVED
        role.save()

    assert client.get(PROFILE).status_code == 404
    for url in (OTHER, "/roles/", f"/skills/{skill.slug}/", "/search/?q=ethics"):
        response = client.get(url)
        assert response["X-Page-Cache"] != "hit", url
        assert 'href="/roles/data-ethics-lead/"' not in response.content.decode(), url
    assert client.get("/").content != before["/"].encode()  # the counts changed


@pytest.mark.django_db
def test_a_new_role_sharing_more_skills_enters_the_related_roles_of_cached_profiles(
    client, page_cache, django_capture_on_commit_callbacks
):
    first = client.get(PROFILE).content.decode()
    assert "Closer role" not in first
    role = Role.objects.get(slug="data-ethics-lead")
    with django_capture_on_commit_callbacks(execute=True):
        closer = make_role("Closer role")
        for requirement in Requirement.objects.filter(role=role).order_by("position")[:8]:
            add_requirement(closer, requirement.skill, section=requirement.section)
    response = client.get(PROFILE)
    assert response["X-Page-Cache"] == "miss"
    assert "Closer role" in response.content.decode()


@pytest.mark.django_db
def test_an_edit_to_reference_data_refreshes_every_page_showing_it(client, page_cache):
    requirement = Requirement.objects.filter(role__slug="data-ethics-lead").order_by("position").first()
    client.get(PROFILE)
    skill = requirement.skill
    skill.title = "A skill renamed in the admin"
    skill.save()
    response = client.get(PROFILE)
    assert response["X-Page-Cache"] == "miss"
    assert "A skill renamed in the admin" in response.content.decode()


# --- The health check reports the cache ------------------------------------------------------


def unreachable_redis() -> dict:
    return {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": f"redis://127.0.0.1:{ops_support.free_port()}/0",
        }
    }


@pytest.mark.django_db
def test_health_check_reports_the_cache(client):
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.json() == {"status": "ok", "database": "ok", "cache": "ok"}


@pytest.mark.django_db
def test_health_check_is_degraded_not_down_when_only_the_cache_is_away(client, settings):
    settings.CACHES = unreachable_redis()
    response = client.get("/healthz")
    assert response.status_code == 200  # the load balancer keeps the process: pages still work
    assert response.json() == {"status": "degraded", "database": "ok", "cache": "unavailable"}
    assert response["Cache-Control"] == "no-store"


def test_the_redis_client_gives_up_quickly():
    """Production's Redis settings: a hung Redis costs a request at most a quarter of a second."""
    from config.settings import base

    options = base.redis_cache("redis://cache:6379/0")["OPTIONS"]
    assert options["socket_connect_timeout"] <= 0.25
    assert options["socket_timeout"] <= 0.25
