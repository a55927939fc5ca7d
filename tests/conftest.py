"""Shared test fixtures.

The seed content (both role profiles, the frameworks and reference content, and the
vendored release of the DDaT framework: 205 role levels) is loaded once per session into the
test database; each test runs in a transaction that is rolled
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


def load_seed_content() -> None:
    """What ``load_seed_data`` loads: the seed fixture and the vendored DDaT release."""
    from ddat.seeding import load_vendored_release

    call_command("loaddata", str(settings.FIXTURES_DIR / "seed.json"), verbosity=0)
    load_vendored_release()


@pytest.fixture(scope="session")
def django_db_setup(django_db_setup, django_db_blocker):
    with django_db_blocker.unblock():
        load_seed_content()
        from search.services import rebuild_search_index

        rebuild_search_index()


@pytest.fixture
def nhs_profiles_only(db):
    """The catalogue and search as the seed profiles alone make them: the DDaT role levels
    unpublished inside the test's transaction, and they and the skills only they need out of
    the search index. For tests written around the two seed profiles (their counts and
    rankings); DDaT levels in the catalogue and search have their own tests (tests/test_ddat_*.py)."""
    from ddat.services import FRAMEWORK_NAME
    from frameworks.models import Skill
    from roleprofiles.models import Role
    from search.backends import backend
    from search.models import SearchDocument
    from search.services import reindex

    ids = list(Role.objects.ddat_levels().published().values_list("pk", flat=True))
    Role.objects.filter(pk__in=ids).update(status=Role.Status.DRAFT)
    reindex(kind=SearchDocument.Kind.ROLE, ids=ids)
    ddat_only = Skill.objects.filter(framework__name=FRAMEWORK_NAME).exclude(
        requirements__role__kind=Role.Kind.NHS_PROFILE
    )
    documents = SearchDocument.objects.filter(kind=SearchDocument.Kind.SKILL, object_id__in=ddat_only.values("pk"))
    backend().remove(list(documents.values_list("pk", flat=True)))
    documents.delete()


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
    """A live server with the seed fixture loaded (live_server tests flush the database). The
    DDaT release is left out: importing it costs several seconds a test, and these pages
    are about the seed profiles."""
    os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
    call_command("loaddata", str(settings.FIXTURES_DIR / "seed.json"), verbosity=0)
    return live_server


@pytest.fixture
def ddat_live_server(seeded_live_server):
    """A live server with the seed and the vendored DDaT release, for journeys through its pages."""
    from ddat.seeding import load_vendored_release

    load_vendored_release()  # live_server flushed the database: the DDaT release too
    return seeded_live_server
