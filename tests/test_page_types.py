"""The browser layout checks cover every public page type: each URL pattern has a real
example from the seed data, and every example is a page that answers 200."""

import pytest

from tests.page_types import EXAMPLES, NOT_PAGES, example_urls, public_route_names


def test_every_public_url_pattern_has_an_example_page():
    routes = public_route_names()
    missing = [name for name in routes if name not in EXAMPLES and name not in NOT_PAGES]
    assert not missing, (
        f"public URL patterns with no example in tests/page_types.py: {missing}. Add a real URL for each "
        "(or, for a download or data endpoint, add it to NOT_PAGES) so the browser layout checks visit it."
    )
    stale = sorted((set(EXAMPLES) | NOT_PAGES) - set(routes))
    assert not stale, f"examples for URL names that no longer exist: {stale}"


@pytest.mark.django_db
@pytest.mark.parametrize("name", sorted(EXAMPLES))
def test_each_example_is_a_real_page(client, name):
    for url in example_urls(name):
        response = client.get(url)
        assert response.status_code == 200, url
        assert response["Content-Type"].startswith("text/html"), url
