"""Expensive reads cached until the content changes (core.cache.cached_for_content):
related roles and the catalogue's facet counts. Repeats make no query; an edit shows at once."""

from __future__ import annotations

import pytest
from django.core.cache import cache
from django.http import QueryDict

from roleprofiles import selectors
from roleprofiles.filters import RoleFilter
from roleprofiles.models import Requirement, Role
from tests.factories import add_requirement, make_role

pytestmark = pytest.mark.django_db


@pytest.fixture
def content_cache(settings):
    settings.CONTENT_CACHE_SECONDS = 60
    cache.clear()
    yield
    cache.clear()


def _family_counts(params: str) -> dict[str, int]:
    query = QueryDict(params)
    filterset = RoleFilter(query, queryset=Role.objects.published().for_list())
    assert filterset.is_valid()
    facets = selectors.catalogue(filterset, page=1).facets
    family = next(facet for facet in facets if facet.name == "family")
    return {option.value: option.count for option in family.options}


def test_facet_counts_are_cached_per_filter_and_refreshed_by_an_edit(content_cache, django_assert_max_num_queries):
    before = _family_counts("")
    with django_assert_max_num_queries(3):  # the count and page of roles; the facets come from the cache
        assert _family_counts("page=1") == before
    family = Role.objects.filter(status=Role.Status.PUBLISHED, family__isnull=False).first().family
    make_role(family=family)
    assert _family_counts("")[family.slug] == before[family.slug] + 1


def test_related_roles_are_cached_and_refreshed_by_an_edit(content_cache, django_assert_num_queries):
    role = Role.objects.get(slug="data-ethics-lead")
    first = [(r.slug, r.shared_skills) for r in selectors.related_roles(role)]
    with django_assert_num_queries(0):
        assert [(r.slug, r.shared_skills) for r in selectors.related_roles(role)] == first
    closer = make_role("Closer role")
    for requirement in Requirement.objects.filter(role=role)[: first[0][1] + 1]:
        add_requirement(closer, requirement.skill, section=requirement.section)
    assert selectors.related_roles(role)[0].slug == closer.slug


def test_a_profile_body_is_rendered_once_per_version_of_its_role(content_cache, client, django_assert_max_num_queries):
    """A rendered profile (a signed-in editor's, or the page cache off) reuses the body rendered
    for this version of the role: an edit to another role leaves it cached, one to this role
    shows at once."""
    url = "/roles/data-ethics-lead/"
    first = client.get(url).content.decode()
    with django_assert_max_num_queries(2):  # the role's heading (and a content version check)
        assert client.get(url).content.decode() == first
    other = Role.objects.get(slug="head-of-knowledge-and-library-services")
    other.summary = "Another role's summary, edited."
    other.save()
    with django_assert_max_num_queries(2):
        assert client.get(url).content.decode() == first
    role = Role.objects.get(slug="data-ethics-lead")
    role.summary = "This role's summary, edited."
    role.save()
    assert "This role&#x27;s summary, edited." in client.get(url).content.decode()
