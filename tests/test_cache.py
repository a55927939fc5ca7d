"""The page cache: anonymous public pages are served from the cache until content changes,
in every process sharing it; an edit shows at once, and drops only the pages that show it.

In-process (run on PostgreSQL and SQLite: the version table's upserts are written for both),
except the test with two gunicorn processes, which needs PostgreSQL."""

from __future__ import annotations

import contextlib
import time
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
@pytest.mark.postgres_only  # real app processes against PostgreSQL, the production stack
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
    listings = ["/roles/?q=ethics", f"/skills/{skill.slug}/", "/search/?q=ethics"]
    pages = [PROFILE, OTHER, "/", *listings, "/changes/"]
    before = {url: client.get(url).content.decode() for url in pages}
    assert all(cache_state(client, url) == "hit" for url in pages)
    assert all('href="/roles/data-ethics-lead/"' in before[url] for url in (OTHER, *listings))

    with django_capture_on_commit_callbacks(execute=True):  # the search index follows on commit
        role.status = Role.Status.ARCHIVED
        role.save()

    assert client.get(PROFILE).status_code == 404
    for url in (OTHER, *listings):
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


# --- What one visitor can add to the cache ---------------------------------------------------


@pytest.fixture(scope="module")
def private_redis():
    with ops_support.redis_server() as server:
        yield server


@pytest.fixture
def redis_page_cache(settings, private_redis):
    """The page cache on a private redis-server, as production runs it, emptied for each test."""
    from config.settings.base import redis_cache

    settings.CACHES = {"default": redis_cache(private_redis.url)}
    settings.PAGE_CACHE_SECONDS = 60
    private_redis.client().flushdb()  # the private server only: never the shared one
    return private_redis


def stored_pages(server) -> int:
    return sum(1 for _ in server.client().scan_iter("*:page:*"))


@pytest.mark.django_db
def test_unknown_parameters_add_nothing_to_the_cache(client, redis_page_cache):
    for n in range(30):
        response = client.get(f"/roles/?zz={n}")
        assert response.status_code == 200  # served, as without the parameter
        assert "<title>Roles" in response.content.decode()
    assert stored_pages(redis_page_cache) == 0


@pytest.mark.django_db
def test_parameter_order_and_repeated_values_share_one_cached_page(client, redis_page_cache):
    first = client.get("/roles/?family=data&level=6")
    assert first["X-Page-Cache"] == "miss"
    for same in ("/roles/?level=6&family=data", "/roles/?family=data&family=data&level=6&level=6"):
        assert cache_state(client, same) == "hit", same
    assert stored_pages(redis_page_cache) == 1


@pytest.mark.django_db
def test_a_parameter_read_once_is_keyed_by_the_value_the_page_uses(client, redis_page_cache):
    """A page reads the last of repeated single values, so the key does too."""
    by_level = client.get("/roles/?sort=level")
    assert by_level.status_code == 200
    assert cache_state(client, "/roles/?sort=title&sort=level") == "hit"
    assert client.get("/roles/?sort=title&sort=level").content == by_level.content
    assert cache_state(client, "/roles/?sort=level&sort=title") == "miss"


@pytest.mark.django_db
def test_compare_keeps_the_order_of_its_roles(client, redis_page_cache):
    one_way = "/compare/?roles=data-ethics-lead&roles=head-of-knowledge-and-library-services"
    other_way = "/compare/?roles=head-of-knowledge-and-library-services&roles=data-ethics-lead"
    assert client.get(one_way)["X-Page-Cache"] == "miss"
    response = client.get(other_way)
    assert response["X-Page-Cache"] == "miss"  # its columns come the other way round
    assert client.get(one_way).content != response.content


@pytest.mark.django_db
def test_overlong_values_are_served_but_not_stored(client, redis_page_cache):
    response = client.get("/roles/?q=" + "data " * 30)
    assert response.status_code == 200
    assert stored_pages(redis_page_cache) == 0


@pytest.mark.django_db
def test_one_visitor_can_add_only_so_many_pages_a_minute(client, redis_page_cache, settings):
    settings.PAGE_CACHE_CLIENT_BUDGET = 5
    if (left := 60 - time.time() % 60) < 20:  # the budget is per clock minute: stay inside one
        time.sleep(left)
    for n in range(12):
        client.get(f"/roles/?q=data{n}", REMOTE_ADDR="203.0.113.9")
    assert stored_pages(redis_page_cache) == 5
    # Another visitor is not held back by the first, and pages without parameters are not counted.
    client.get("/roles/?q=library", REMOTE_ADDR="198.51.100.7")
    client.get(PROFILE, REMOTE_ADDR="203.0.113.9")
    assert stored_pages(redis_page_cache) == 7


ODD_QUERIES = ["%ff", "q=%ed%a0%80", "q=%00", "&&==&", "page=1;page=2", "roles=a&roles=", "q=" + "x" * 2000, "%3D=1"]


@pytest.mark.django_db
@pytest.mark.parametrize("query", ODD_QUERIES)
def test_odd_query_strings_never_break_a_cached_page(client, page_cache, query):
    for url in ("/roles/", "/compare/", "/search/", PROFILE):
        for _ in range(2):
            assert client.get(f"{url}?{query}").status_code < 500, f"{url}?{query}"


def test_the_parameter_table_names_pages_that_exist_and_every_filter_they_read():
    """config.page_keys lists each page's parameters by hand: a renamed page, or a filter added
    to a page without its entry, would leave those pages uncached (never wrongly shared)."""
    from browse.filters import SkillFilter
    from config.page_keys import PAGE_PARAMETERS
    from roleprofiles.filters import RoleFilter
    from search.forms import SearchForm

    names = {route.name for route in ops_support.public_routes()}
    assert set(PAGE_PARAMETERS) <= names
    for page, read in (
        ("roleprofiles:role-list", RoleFilter.base_filters),
        ("browse:skill-list", SkillFilter.base_filters),
        ("search:search", SearchForm.base_fields),
    ):
        assert all(PAGE_PARAMETERS[page].kind(name) for name in read), page


# --- A hit does no more work than it must ----------------------------------------------------

PROBED: list[str] = []


class ProbeMiddleware:
    """Records each request that reaches the middleware after the first one."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        PROBED.append(request.path)
        return self.get_response(request)


@pytest.mark.django_db
def test_a_hit_is_answered_before_the_rest_of_the_middleware(client, page_cache, settings):
    # The probe right after the page cache (only the compression of what it did not compress,
    # which passes a hit as it is, stands before it).
    after = settings.MIDDLEWARE.index("config.middleware.PageCacheMiddleware") + 1
    settings.MIDDLEWARE = [*settings.MIDDLEWARE[:after], f"{__name__}.ProbeMiddleware", *settings.MIDDLEWARE[after:]]
    PROBED.clear()
    miss = client.get(PROFILE)
    assert PROBED == [PROFILE]
    hit = client.get(PROFILE)
    assert hit["X-Page-Cache"] == "hit"
    assert PROBED == [PROFILE], "the hit went through the middleware stack"
    # Stored whole, headers included: the hit carries every security header the miss did.
    for header in (
        "Content-Security-Policy",
        "X-Frame-Options",
        "Referrer-Policy",
        "Permissions-Policy",
        "Cross-Origin-Opener-Policy",
        "X-Content-Type-Options",
        "Content-Type",
    ):
        assert hit[header] == miss[header], header


@pytest.mark.django_db
def test_pages_are_stored_compressed_and_sent_as_stored_to_browsers_that_accept_it(client, redis_page_cache):
    import gzip

    miss = client.get(PROFILE, HTTP_ACCEPT_ENCODING="gzip, deflate, br")
    page = miss.content if miss.get("Content-Encoding") != "gzip" else gzip.decompress(miss.content)
    stored = [redis_page_cache.client().memory_usage(key) for key in redis_page_cache.client().scan_iter("*:page:*")]
    assert len(stored) == 1 and stored[0] < len(page) / 3, f"{stored} bytes stored for a {len(page)}-byte page"

    hit = client.get(PROFILE, HTTP_ACCEPT_ENCODING="gzip, deflate, br")
    assert hit["X-Page-Cache"] == "hit"
    assert hit["Content-Encoding"] == "gzip"
    assert "Accept-Encoding" in hit["Vary"]
    assert int(hit["Content-Length"]) == len(hit.content) < len(page) / 3
    assert gzip.decompress(hit.content) == page

    plain = client.get(PROFILE)  # a client that does not accept gzip gets the page as it was
    assert plain["X-Page-Cache"] == "hit"
    assert "Content-Encoding" not in plain
    assert plain.content == page


def test_the_redis_client_is_made_once_per_connection_pool(private_redis, settings):
    """Django's client builds a redis.Redis per command (a sixth of a hit's time, profiled)."""
    from django.core.cache import caches

    from config.settings.base import redis_cache

    settings.CACHES = {"default": redis_cache(private_redis.url)}
    backend = caches["default"]
    backend.set("a", 1)
    assert backend.get("a") == 1
    assert backend._cache.get_client() is backend._cache.get_client()


def version_writes(queries) -> int:
    return sum("site_config_contentversion" in query["sql"] for query in queries)


@pytest.mark.django_db
def test_a_bump_is_made_once_a_transaction_but_again_after_its_savepoint_rolls_back():
    from django.db import connection, transaction
    from django.test.utils import CaptureQueriesContext

    role = Role.objects.get(slug="data-ethics-lead")
    tag = role_tag(role.pk)
    before = versions().get(tag, 0)
    with contextlib.suppress(RuntimeError), transaction.atomic():
        role.summary = "Saved, then rolled back with its savepoint."
        role.save()
        assert versions()[tag] > before
        raise RuntimeError
    assert versions().get(tag, 0) == before
    with CaptureQueriesContext(connection) as queries:
        with transaction.atomic():  # a savepoint released into the transaction: its bump stands
            role.summary = "Saved for good."
            role.save()
        role.save()
        Requirement.objects.filter(role=role).first().save()
    assert versions()[tag] > before
    assert version_writes(queries) == 1, [q["sql"][:80] for q in queries if "contentversion" in q["sql"]]


@pytest.mark.django_db
def test_rendered_public_pages_are_compressed_but_never_the_admin_or_a_page_with_a_token(client, settings):
    """Pages the page cache does not keep (here it is off, as for a signed-in editor) are gzipped
    for browsers that accept it; the admin's pages and any response that used a CSRF token are
    not (BREACH measures compression beside a secret)."""
    import gzip

    settings.PAGE_CACHE_SECONDS = 0
    plain = client.get(PROFILE).content
    zipped = client.get(PROFILE, HTTP_ACCEPT_ENCODING="gzip, deflate, br")
    assert zipped["Content-Encoding"] == "gzip" and gzip.decompress(zipped.content) == plain
    assert "Accept-Encoding" in zipped["Vary"]
    assert len(zipped.content) < len(plain) / 4
    login = client.get("/admin/login/", HTTP_ACCEPT_ENCODING="gzip")
    assert login.status_code == 200 and "Content-Encoding" not in login
    from django.contrib.auth import get_user_model

    client.force_login(get_user_model().objects.create_user("editor-gzip", password="x" * 16, is_staff=True))
    # A signed-in editor's public page carries no token: compressed as well.
    assert client.get(PROFILE, HTTP_ACCEPT_ENCODING="gzip")["Content-Encoding"] == "gzip"
