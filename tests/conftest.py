"""Shared test fixtures.

The seed content (both role profiles, the frameworks and reference content) is loaded
once per session into the test database; each test runs in a transaction that is rolled
back, so tests may change it freely. Browser tests (live_server) flush the database, so
they load the seed again themselves (see ``seeded_live_server``).
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from django.conf import settings
from django.core.management import call_command

ROOT = Path(__file__).resolve().parent.parent
SOURCES = ROOT / "fixtures" / "sources"
DATA_ETHICS = "000_422357c84a15084b.txt"
KNOWLEDGE_LIBRARY = "003_1e149a4be67bc537.txt"


def pytest_collection_modifyitems(config, items):
    """On SQLite, a postgres_only test is skipped, not run against the wrong stack (``make test``
    leaves them out of its SQLite run by marker)."""
    if settings.DATABASES["default"]["ENGINE"].endswith("postgresql"):
        return
    skip = pytest.mark.skip(reason="process-level: needs PostgreSQL (the production database)")
    for item in items:
        if item.get_closest_marker("postgres_only"):
            item.add_marker(skip)


@pytest.fixture(scope="session")
def django_db_setup(django_db_setup, django_db_blocker):
    with django_db_blocker.unblock():
        call_command("loaddata", str(settings.FIXTURES_DIR / "seed.json"), verbosity=0)
        from search.services import rebuild_search_index

        rebuild_search_index()


@pytest.fixture
def source_text():
    """The text of a source document in the project's copy of the seeds."""

    def read(name: str) -> str:
        return (SOURCES / name).read_text(encoding="utf-8")

    return read


@pytest.fixture(params=[0, 50], ids=["seed", "seed+50"])
def sized(request):
    """The seed content, then again with 50 more roles: a page's query count must not grow."""
    from tests.factories import make_many_roles

    if request.param:
        make_many_roles(request.param)
    return request.param


@pytest.fixture
def superuser_client(client, db):
    """A test client signed in as a superuser."""
    from tests.admin_support import make_user

    client.force_login(make_user("root", superuser=True))
    return client


@pytest.fixture
def seeded_live_server(live_server, django_db_blocker):
    """A live server with the seed content loaded (live_server tests flush the database)."""
    os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
    call_command("loaddata", str(settings.FIXTURES_DIR / "seed.json"), verbosity=0)
    return live_server
