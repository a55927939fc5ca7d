"""Pages of the DDaT framework's content: role level pages (summary, ladder, skills with their
wording), DDaT skill pages, the framework page, and the licence notice each must carry."""

from __future__ import annotations

import re

import pytest
from bs4 import BeautifulSoup
from django.db import connection
from django.test.utils import CaptureQueriesContext

from ddat.models import Release
from frameworks.models import Skill, SkillLevelDescriptor
from roleprofiles.exports import OGL_STATEMENT, OGL_URL
from roleprofiles.models import Requirement, Role

pytestmark = pytest.mark.django_db

DDAT_NAME = "Government Digital and Data Profession Capability Framework"


def visible_text(html: str) -> str:
    return " ".join(BeautifulSoup(html, "html.parser").get_text(" ", strip=True).split())


def level(role: str, level: str) -> Role:
    return Role.objects.ddat_levels().get(external_role=role, external_level=level)


def page(client, url: str) -> str:
    response = client.get(url)
    assert response.status_code == 200, url
    return response.content.decode()


def assert_attribution(html: str) -> None:
    release = Release.objects.latest()
    assert f"Source: {DDAT_NAME}, release of {release.release_date.day} {release.release_date:%B %Y}." in html
    assert OGL_STATEMENT in html
    assert f'<a href="{OGL_URL}">' in html


def test_a_role_levels_summary_shows_its_bullets_as_a_list_and_carries_the_licence_notice(client):
    role = level("Development operations (DevOps) engineer", "Senior DevOps engineer")
    html = page(client, role.get_absolute_url())
    bullets = [line[2:].strip() for line in role.summary.replace("\u2028", "\n").splitlines() if line.startswith("- ")]
    assert bullets, "the release's summary has '- ' bullets"
    summary = html[html.index('id="summary"') : html.index('id="ladder"')].replace("&#x27;", "'")
    for bullet in bullets:
        assert f"<li>{bullet}</li>" in summary
    assert "- " + bullets[0] not in summary
    assert_attribution(html)


def test_a_role_levels_ladder_is_in_career_order_with_tracks_and_links_on_its_own_track(client):
    role = level("Development operations (DevOps) engineer", "Senior DevOps engineer - management")
    html = page(client, role.get_absolute_url())
    ladder = html[html.index('id="ladder"') : html.index('id="ddat-skills"')]
    titles = re.findall(r"<li>(?:<a [^>]*>|<strong[^>]*>)([^<]+)", ladder)
    expected = list(Role.objects.published().filter(ladder=role.ladder, in_use=True).in_career_order())
    assert titles == [r.title if r.pk != role.pk else f"{r.title} (this level)" for r in expected]
    assert 'aria-current="page">Senior DevOps engineer - management (this level)' in ladder
    assert "management track" in ladder
    # below and above on the management track, not the technical one beside it
    assert "Level above on the management track: <a" in ladder
    above = level("Development operations (DevOps) engineer", "Lead DevOps engineer - management")
    assert f'on the management track: <a href="{above.get_absolute_url()}">' in ladder
    if role.ladder_order_inferred:
        assert "The order is inferred" in ladder


def test_every_skill_is_shown_at_its_level_in_the_roles_words_and_the_generic_words_only_where_they_differ(client):
    role = level("Data engineer", "Senior data engineer")
    requirements = list(Requirement.objects.filter(role=role).select_related("skill", "level"))
    changed = requirements[0]
    generic = SkillLevelDescriptor.objects.get(skill=changed.skill, level=changed.level).text
    Requirement.objects.filter(pk=changed.pk).update(descriptor="The role's own words for this skill.")
    html = page(client, role.get_absolute_url())
    skills = html[html.index('id="ddat-skills"') :]
    text = visible_text(skills)
    for requirement in requirements:
        assert requirement.skill.title in text
        assert requirement.level.label in text
    assert "The role's own words for this skill." in text
    assert skills.count("generic wording at this level") == 1  # only the one that differs
    first_generic_line = [line for line in generic.replace("\u2028", "\n").splitlines() if line.strip()][0]
    assert first_generic_line.strip().removeprefix("- ") in text


def test_an_empty_description_says_so_and_never_shows_missing(client):
    role = level("Data engineer", "Senior data engineer")
    requirement = Requirement.objects.filter(role=role).first()
    Requirement.objects.filter(pk=requirement.pk).update(descriptor="")
    html = page(client, role.get_absolute_url())
    assert "No description in the framework." in html
    assert "MISSING" not in html


def role_page_queries(client, role: Role) -> int:
    with CaptureQueriesContext(connection) as queries:
        page(client, role.get_absolute_url())
    return len(queries)


def test_a_role_level_pages_queries_stay_constant_as_its_ladder_and_skills_grow(client):
    role = level("Data engineer", "Senior data engineer")
    before = role_page_queries(client, role)
    top = Role.objects.filter(ladder=role.ladder).order_by("-ladder_position").first().ladder_position
    ddat_skills = Skill.objects.filter(framework=role.requirements.first().skill.framework)
    skills = list(ddat_skills.exclude(requirements__role=role)[:8])
    for n in range(1, 6):
        extra = Role.objects.create(
            kind=Role.Kind.DDAT_LEVEL,
            title=f"Extra data engineer {n}",
            slug=f"extra-data-engineer-{n}",
            status=Role.Status.PUBLISHED,
            family=role.family,
            ladder=role.ladder,
            ladder_position=top + n,
            external_role=role.external_role,
            external_level=f"Extra data engineer {n}",
        )
        assert extra.pk
    template = Requirement.objects.filter(role=role).order_by("-position").first()
    for n, skill in enumerate(skills, start=1):
        Requirement.objects.create(
            role=role,
            skill=skill,
            section=template.section,
            heading=template.heading,
            position=template.position + n,
            level=template.level,
            descriptor="More words.",
        )
    assert role_page_queries(client, role) == before
    assert before <= 10
