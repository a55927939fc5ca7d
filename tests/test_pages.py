"""The plain pages: the role list, every entry on a profile page, and the health check."""

from __future__ import annotations

import html

import pytest
from django.db import DatabaseError

from frameworks.models import ProfessionalBody
from roleprofiles.models import Requirement, Role

pytestmark = pytest.mark.django_db


@pytest.mark.usefixtures("nhs_profiles_only")
def test_role_list_shows_published_roles(client):
    response = client.get("/roles/")
    assert response.status_code == 200
    assert b"Data ethics lead" in response.content
    assert b"Head of knowledge and library services" in response.content


@pytest.mark.parametrize("slug", ["data-ethics-lead", "head-of-knowledge-and-library-services"])
def test_profile_page_shows_every_entry_in_full(client, slug):
    role = Role.objects.get(slug=slug)
    page = html.unescape(client.get(f"/roles/{slug}/").content.decode())
    assert role.professional_body.name in page
    for paragraph in role.summary.split("\n"):
        assert paragraph in page
    for requirement in role.requirements.select_related("skill", "depth"):
        skill = requirement.skill
        for text in (skill.title, requirement.code, requirement.level_label, requirement.descriptor):
            assert text in page, text
        if requirement.depth:
            assert requirement.depth.label in page
        for text in (skill.group, skill.awarding_body):
            assert text in page
    for heading in set(role.requirements.values_list("heading", flat=True)):
        assert heading in page


def test_profile_page_links_to_professional_body(client):
    page = client.get("/roles/data-ethics-lead/").content.decode()
    assert 'href="/bodies/apha/"' in page
    assert "National Competency Framework for Data Professionals in Health and Care" in page


def test_unknown_role_is_a_404_page(client):
    response = client.get("/roles/no-such-role/")
    assert response.status_code == 404
    assert b"Page not found" in response.content


def test_draft_role_is_not_public(client):
    Role.objects.filter(slug="data-ethics-lead").update(status=Role.Status.DRAFT)
    assert client.get("/roles/data-ethics-lead/").status_code == 404
    assert b"Data ethics lead" not in client.get("/roles/").content


def test_body_page_lists_its_roles_and_qualifications(client):
    page = client.get("/bodies/cilip/").content.decode()
    assert "Head of knowledge and library services" in page
    assert "CILIP Chartered Member (MCLIP) or Fellow (FCLIP)" in page


def test_skill_page_lists_every_role_that_needs_it(client):
    response = client.get("/skills/mentoring/")
    page = html.unescape(response.content.decode())
    assert "Data ethics lead" in page and "Head of knowledge and library services" in page


def test_healthz_reports_ok(client):
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.json() == {"status": "ok", "database": "ok", "cache": "ok"}


def test_healthz_reports_503_when_the_database_is_unreachable(client, monkeypatch):
    from django.db.backends.utils import CursorWrapper

    def broken(self, sql, params=None):
        raise DatabaseError("connection refused")

    monkeypatch.setattr(CursorWrapper, "execute", broken)
    response = client.get("/healthz")
    assert response.status_code == 503
    assert response.json()["database"] == "unavailable"


def test_every_body_slug_is_its_lowercase_abbreviation():
    assert all(b.slug == b.abbreviation.lower() for b in ProfessionalBody.objects.all())


@pytest.mark.parametrize("slug", ["data-ethics-lead", "head-of-knowledge-and-library-services"])
def test_requirements_of_both_roles_are_in_source_order(slug):
    """Positions number the entries in the order their lines stand in the source document, and
    each entry is the very line it names (a shuffled import, or one numbered by section, fails)."""
    role = Role.objects.select_related("source_document").get(slug=slug)
    source_lines = role.source_document.text.split("\n")
    requirements = list(Requirement.objects.filter(role=role).order_by("position"))
    assert [r.position for r in requirements] == list(range(1, len(requirements) + 1))
    lines = [r.source_line for r in requirements]
    assert lines == sorted(set(lines)), "positions out of source order"
    for requirement in requirements:  # an entry may run over several lines, from its first
        entry_lines = requirement.source_text.split("\n")
        start = requirement.source_line - 1
        assert source_lines[start : start + len(entry_lines)] == entry_lines


def test_an_unexpected_error_shows_a_friendly_500_page_without_a_stack_trace(client, monkeypatch):
    import browse.selectors

    def broken():
        raise RuntimeError("secret internal detail")

    monkeypatch.setattr(browse.selectors, "home_summary", broken)
    client.raise_request_exception = False
    response = client.get("/")
    assert response.status_code == 500
    page = response.content.decode()
    assert "Sorry, there is a problem with the service" in page
    assert "secret internal detail" not in page and "Traceback" not in page
    assert 'style="' not in page  # the CSP blocks inline styles; the page uses the NHS stylesheet
    assert "nhsuk-frontend.min.css" in page
