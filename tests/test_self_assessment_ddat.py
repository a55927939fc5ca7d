"""Self-assessment against a DDaT role level: each skill rated on the framework's four skill
levels (and "Not yet"), with the framework's wording of the skill at each level under its
option; the result ends with the gap to the level and to the next level up its own track
(the ladder's next level, the one the progression page shows), or says it is the top."""

from __future__ import annotations

from io import BytesIO
from urllib.parse import urlencode

import pytest
from bs4 import BeautifulSoup
from django.db import connection
from django.test.utils import CaptureQueriesContext
from docx import Document

from frameworks.models import SkillLevelDescriptor
from pathways.selectors import next_level_up
from roleprofiles.models import Requirement, Role
from tests.factories import add_requirement, make_role, make_skill

pytestmark = pytest.mark.django_db

LEVEL = "data-scientist-ddat"
NEXT = "principal-data-scientist-ddat"
TOP = "head-of-data-science-ddat"
DDAT_LEVELS = ["Not yet", "Awareness", "Working", "Practitioner", "Expert"]


def soup(response) -> BeautifulSoup:
    return BeautifulSoup(response.content, "html.parser")


def requirement(slug: str, skill: str):
    return Role.objects.get(slug=slug).requirements.select_related("level", "skill").get(skill__title=skill)


def rows(page, heading_id: str) -> list[list[str]]:
    section = page.find(id=heading_id).find_parent("section")
    return [[td.get_text(" ", strip=True) for td in tr.select("td")] for tr in section.select("table tbody tr")]


def test_each_skill_is_rated_on_the_four_ddat_levels_with_the_frameworks_wording_of_each(client):
    page = soup(client.get(f"/self-assessment/?role={LEVEL}"))
    assert "against a DDaT role level" in page.get_text(" ", strip=True)
    fieldsets = page.select("form#rating fieldset")
    assert len(fieldsets) == Role.objects.get(slug=LEVEL).requirements.count() == 8
    maths = requirement(LEVEL, "Applied maths, statistics and scientific practices")
    fieldset = page.find("input", attrs={"name": f"r{maths.pk}"}).find_parent("fieldset")
    labels = [label.get_text(strip=True) for label in fieldset.select("label")]
    assert labels == ["Not yet", "Awareness", "Working", "Practitioner (required)", "Expert"]
    # Under each level, the framework's words for this skill at that level, tied to its radio.
    for descriptor in SkillLevelDescriptor.objects.filter(skill=maths.skill).select_related("level"):
        radio = fieldset.find("input", attrs={"value": str(descriptor.level.rank)})
        hint = page.find(id=radio["aria-describedby"])
        assert hint.get_text(" ", strip=True).split()[:12] == descriptor.text.split()[:12]
    assert fieldset.find("input", attrs={"value": "0"}).get("aria-describedby") is None  # "Not yet" needs none
    assert page.select_one("form#rating")["method"] == "get"  # no script needed: a plain form


def test_the_result_ends_with_the_gap_to_the_level_and_to_the_next_level_up(client):
    maths = requirement(LEVEL, "Applied maths, statistics and scientific practices")  # Practitioner, then Expert
    ethics = requirement(LEVEL, "Data ethics and privacy")  # Practitioner at both
    impact = requirement(LEVEL, "Delivering business impact")  # Working, then Practitioner
    assert (maths.level.rank, ethics.level.rank, impact.level.rank) == (3, 3, 2)
    query = urlencode({"role": LEVEL, f"r{maths.pk}": 3, f"r{ethics.pk}": 2, f"r{impact.pk}": 2})
    page = soup(client.get(f"/self-assessment/result/?{query}"))
    text = page.get_text(" ", strip=True)
    assert "You meet 2 of 8 items (25%)" in text

    # The gap to this level: every skill below the level it asks, ethics one step short.
    level_gaps = {row[0].split(" Government")[0]: row[1:4] for row in rows(page, "gaps")}
    assert page.find(id="gaps").get_text() == "Your gap to Data scientist, largest first"
    assert level_gaps["Data ethics and privacy"] == ["You Working", "Required Practitioner", "Gap 1 step"]
    assert "Applied maths, statistics and scientific practices" not in level_gaps
    assert len(level_gaps) == 6

    # The gap to the next level up: the ladder's next level, the one the progression page shows.
    following = next_level_up(Role.objects.get(slug=LEVEL))
    assert following.slug == NEXT
    heading = page.find(id="next-gap")
    assert heading.get_text() == "Your gap to the next level up: Principal data scientist"
    section = heading.find_parent("section")
    assert section.find("a", href=f"/roles/{NEXT}/")
    assert section.find("a", href=f"/pathways/progression/?from={LEVEL}")
    next_gaps = {row[0].split(" Government")[0]: row[1:4] for row in rows(page, "next-gap")}
    assert next_gaps["Applied maths, statistics and scientific practices"] == [
        "You Practitioner",
        "Needed Expert",
        "Gap 1 step",
    ]
    assert next_gaps["Delivering business impact"] == ["You Working", "Needed Practitioner", "Gap 1 step"]
    assert next_gaps["Data ethics and privacy"] == ["You Working", "Needed Practitioner", "Gap 1 step"]
    assert "you meet 0 of its 8 skills at its level (0%): 8 gaps to close" in section.get_text(" ", strip=True)
    # The gap sections come after the items met, in this order.
    ids = [h["id"] for h in page.select("main h2[id]")]
    assert ids.index("readiness") < ids.index("gaps") < ids.index("next-gap")


def test_meeting_the_next_level_says_so(client):
    following = Role.objects.get(slug=NEXT)
    ratings = {}
    for mine in Role.objects.get(slug=LEVEL).requirements.select_related("skill"):
        ratings[f"r{mine.pk}"] = following.requirements.get(skill=mine.skill).level.rank
    page = soup(client.get(f"/self-assessment/result/?{urlencode({'role': LEVEL, **ratings})}"))
    section = page.find(id="next-gap").find_parent("section")
    assert "you meet 8 of its 8 skills at its level (100%): 0 gaps to close" in section.get_text(" ", strip=True)
    assert "No gaps to the next level" in section.get_text(" ", strip=True)
    assert "You meet 8 of 8 items (100%)" in page.get_text(" ", strip=True)


def test_skills_only_the_next_level_lists_are_optional_and_count_only_towards_it(client):
    level = Role.objects.get(slug=LEVEL)
    following = Role.objects.get(slug=NEXT)
    extra = make_skill("Extra skill for the next level")
    at = following.requirements.select_related("level").first().level
    last = following.requirements.order_by("-position").first().position
    added = Requirement.objects.create(
        role=following, skill=extra, section="framework", heading="Skills", position=last + 1, level=at
    )
    SkillLevelDescriptor.objects.create(skill=extra, level=at, text="You can: do the extra thing")

    page = soup(client.get(f"/self-assessment/?role={LEVEL}"))
    headings = [h.get_text() for h in page.select("form#rating h2")]
    assert headings[-1] == "Skills Principal data scientist adds (optional)"
    optional = page.find("input", attrs={"name": f"r{added.pk}"}).find_parent("fieldset")
    assert f"Principal data scientist requires: {at.label}." in optional.get_text(" ", strip=True)
    assert "You can: do the extra thing" in optional.get_text(" ", strip=True)
    labels = [label.get_text(strip=True) for label in optional.select("label")]
    assert f"{at.label} (required at the next level)" in labels and not any(
        label.endswith("(required)") for label in labels
    )

    rated = {"role": LEVEL, f"r{added.pk}": 4}
    result = soup(client.get(f"/self-assessment/result/?{urlencode(rated)}"))
    text = result.get_text(" ", strip=True)
    assert f"You meet 0 of {level.requirements.count()} items (0%)" in text  # not this level's
    section = result.find(id="next-gap").find_parent("section")
    assert "you meet 1 of its 9 skills at its level" in section.get_text(" ", strip=True)
    assert "Extra skill for the next level" not in " ".join(r[0] for r in rows(result, "next-gap"))
    unrated = soup(client.get(f"/self-assessment/result/?role={LEVEL}"))
    assert "Extra skill for the next level" in " ".join(r[0] for r in rows(unrated, "next-gap"))


def test_a_skill_the_next_level_shares_is_answered_by_this_levels_rating_only(client):
    shared = requirement(NEXT, "Data engineering")
    response = client.get(f"/self-assessment/result/?role={LEVEL}&r{shared.pk}=3")
    assert response.status_code == 400
    assert f"“r{shared.pk}” is not one of the items of this assessment" in response.content.decode()
    assert (
        client.get(f"/self-assessment/result/?role={LEVEL}&r{requirement(LEVEL, 'Data engineering').pk}=7").status_code
        == 400
    )


def test_the_top_of_a_track_says_there_is_no_next_level(client):
    assert next_level_up(Role.objects.get(slug=TOP)) is None
    form = soup(client.get(f"/self-assessment/?role={TOP}")).get_text(" ", strip=True)
    assert "Head of data science is the top level of its ladder" in form
    page = soup(client.get(f"/self-assessment/result/?role={TOP}"))
    section = page.find(id="next-gap").find_parent("section")
    assert "Head of data science is the top level of its ladder: there is no next level up" in section.get_text(
        " ", strip=True
    )
    assert not section.select("table")


def test_the_next_level_is_on_the_levels_own_track():
    """A level on a parallel track moves up that track, as the progression page does."""
    for role in Role.objects.ddat_levels().published().exclude(ladder_track="").order_by("slug"):
        following = next_level_up(role)
        if following is not None:
            assert following.ladder_track == role.ladder_track
            assert following.ladder_id == role.ladder_id and following.ladder_position > role.ladder_position
            break
    else:
        pytest.fail("the DDaT release has no level with a next level on a parallel track")


def test_a_parallel_track_level_measures_its_gap_to_that_tracks_next_level(client):
    role = next(
        r
        for r in Role.objects.ddat_levels().published().exclude(ladder_track="").order_by("ladder_position")
        if next_level_up(r)
    )
    following = next_level_up(role)
    page = soup(client.get(f"/self-assessment/result/?role={role.slug}"))
    section = page.find(id="next-gap").find_parent("section")
    assert section.find("a", href=following.get_absolute_url())
    assert f"on the {role.ladder_track} track" in section.get_text(" ", strip=True)


def test_an_nhs_profile_has_no_next_level_section(client):
    page = soup(client.get("/self-assessment/result/?role=data-ethics-lead"))
    assert page.find(id="next-gap") is None


def test_the_word_plan_has_the_gap_to_the_next_level(client):
    maths = requirement(LEVEL, "Applied maths, statistics and scientific practices")
    response = client.get(f"/self-assessment/result/?role={LEVEL}&r{maths.pk}=3&format=docx")
    text = "\n".join(p.text for p in Document(BytesIO(response.content)).paragraphs)
    assert "Gap to the next level up: Principal data scientist" in text
    assert "Applied maths, statistics and scientific practices: you Practitioner, needed Expert, 1 step." in text
    top = client.get(f"/self-assessment/result/?role={TOP}&format=docx")
    assert "is the top level of its ladder" in "\n".join(p.text for p in Document(BytesIO(top.content)).paragraphs)


def _grow_the_ladder(slug: str, levels: int, skills: int) -> None:
    """``skills`` more skills at the next level up from ``slug``, and ``levels`` more levels at
    the top of its ladder and track."""
    role = Role.objects.select_related("ladder").get(slug=slug)
    following = next_level_up(role)
    template = following.requirements.select_related("level").first()
    last = following.requirements.order_by("-position").first().position
    for n in range(1, skills + 1):
        Requirement.objects.create(
            role=following,
            skill=make_skill(),
            section=template.section,
            heading=template.heading,
            position=last + n,
            level=template.level,
        )
    top = Role.objects.filter(ladder=role.ladder, ladder_track=role.ladder_track).order_by("-ladder_position").first()
    for n in range(1, levels + 1):
        level = make_role(
            kind=Role.Kind.DDAT_LEVEL,
            ladder=role.ladder,
            ladder_position=top.ladder_position + n,
            ladder_track=role.ladder_track,
            external_role="Grown role",
            external_level=f"Grown level {n}",
        )
        add_requirement(level, make_skill(), section=template.section, level=template.level)


@pytest.mark.parametrize("path", ["/self-assessment/", "/self-assessment/result/"])
def test_query_count_is_constant_as_roles_and_ladders_grow(client, path, sized, django_assert_num_queries):
    """Eight queries for a DDaT level, whatever the number of roles (``sized``: 50 more), levels
    on its ladder or skills of its next level."""
    url = f"{path}?role={LEVEL}"
    with django_assert_num_queries(8):
        assert client.get(url).status_code == 200
    _grow_the_ladder(LEVEL, levels=3, skills=12)
    with CaptureQueriesContext(connection) as grown:
        assert client.get(url).status_code == 200
    assert len(grown.captured_queries) == 8
