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
