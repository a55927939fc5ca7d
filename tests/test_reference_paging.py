"""Skill and framework pages at scale: the roles they list come a page at a time, and a
matrix cell names the first few roles and links to the rest."""

from __future__ import annotations

import pytest
from bs4 import BeautifulSoup

from browse.selectors import FRAMEWORK_ROLES_PAGE_SIZE, MATRIX_CELL_ROLES, SKILL_ROLES_PAGE_SIZE
from frameworks.models import Framework, Skill
from tests.factories import add_requirement, make_role

pytestmark = pytest.mark.django_db


def soup_of(client, url):
    response = client.get(url)
    assert response.status_code == 200, url
    return BeautifulSoup(response.content, "html.parser")


def _klim_skill_with_roles(count: int) -> tuple[Framework, Skill]:
    framework = Framework.objects.get(slug="knowledge-library-and-information-management-framework")
    skill = framework.skills.order_by("position").first()
    level = framework.level_scale.levels.order_by("rank").first()
    for n in range(count):
        add_requirement(make_role(f"Paged role {n:03d}"), skill, level=level)
    return framework, skill


def test_skill_page_lists_its_roles_a_page_at_a_time(client):
    _, skill = _klim_skill_with_roles(SKILL_ROLES_PAGE_SIZE + 5)
    first = soup_of(client, f"/skills/{skill.slug}/")
    assert len(first.select("main table tbody tr")) == SKILL_ROLES_PAGE_SIZE
    assert first.select_one("nav.nhsuk-pagination a[rel=next]")["href"] == "?page=2"
    second = soup_of(client, f"/skills/{skill.slug}/?page=2")
    assert 5 <= len(second.select("main table tbody tr")) < SKILL_ROLES_PAGE_SIZE
    assert client.get(f"/skills/{skill.slug}/?page=9").status_code == 404
    assert client.get(f"/skills/{skill.slug}/?page=x").status_code == 400


def test_framework_page_pages_its_roles_and_caps_matrix_cells(client):
    framework, skill = _klim_skill_with_roles(FRAMEWORK_ROLES_PAGE_SIZE + 1)
    soup = soup_of(client, f"/frameworks/{framework.slug}/")
    roles = soup.find(id="roles").find_next("ul").select("li")
    assert len(roles) == FRAMEWORK_ROLES_PAGE_SIZE
    assert soup.select_one("nav.nhsuk-pagination a[rel=next]")["href"] == "?page=2"
    more = next(a for a in soup.select("table.app-matrix td a") if a.get_text().startswith("and "))
    assert (
        more.get_text(" ", strip=True)
        == f"and {FRAMEWORK_ROLES_PAGE_SIZE + 1 - MATRIX_CELL_ROLES} more roles at this level"
    )
    assert more["href"] == f"/skills/{skill.slug}/"
    assert len(more.find_parent("td").find_all("a")) == MATRIX_CELL_ROLES + 1
    assert soup_of(client, f"/frameworks/{framework.slug}/?page=2").find(id="roles").find_next("ul").li
