"""Next level on every ladder: the compare engine's next-level changes (pure) and the
progression page for a DDaT role level."""

from __future__ import annotations

import pytest

from frameworks.models import Level
from roleprofiles.compare import next_level_changes
from roleprofiles.models import Requirement, Role

SCALE = 1


def req(skill: int, rank: int | None, position: int = 0, descriptor: str = "") -> Requirement:
    level = Level(scale_id=SCALE, rank=rank) if rank is not None else None
    return Requirement(
        skill_id=skill, section="framework", position=position or skill, level=level, descriptor=descriptor
    )


@pytest.mark.parametrize(
    ("current", "following", "expected"),
    [
        # Awareness (1) to practitioner (3): raised; a new skill: added; one gone: dropped.
        ([req(1, 1), req(2, 2)], [req(1, 3), req(3, 2)], {"raised": [1], "added": [3], "dropped": [2], "same": []}),
        ([req(1, 3)], [req(1, 3)], {"raised": [], "added": [], "dropped": [], "same": [1]}),
        # A level that falls is not "raised".
        ([req(1, 4)], [req(1, 2)], {"raised": [], "added": [], "dropped": [], "same": [1]}),
        ([], [req(5, 1)], {"raised": [], "added": [5], "dropped": [], "same": []}),
    ],
)
def test_next_level_changes_sorts_every_skill_into_one_kind(current, following, expected):
    changes = next_level_changes(current, following)
    assert {kind: [(c.following or c.current).skill_id for c in rows] for kind, rows in changes.items()} == expected


def test_both_wordings_are_kept_side_by_side():
    changes = next_level_changes([req(1, 1, descriptor="You can describe.")], [req(1, 3, descriptor="You can lead.")])
    (change,) = changes["raised"]
    assert (change.current.descriptor, change.following.descriptor) == ("You can describe.", "You can lead.")


@pytest.mark.django_db
def test_the_progression_page_of_a_ddat_level_shows_the_next_level_on_its_track(client, django_assert_max_num_queries):
    level = Role.objects.get(slug="data-ethics-lead-ddat")
    following = Role.objects.get(slug="head-of-data-ethics-ddat")
    assert following.ladder_id == level.ladder_id and following.ladder_position > level.ladder_position
    with django_assert_max_num_queries(20):
        page = client.get(f"/pathways/progression/?from={level.slug}").content.decode()
    section = page.split('id="next-level"', 1)[1]
    assert "Head of data ethics" in section
    raised = section.split('id="next-raised"', 1)[1].split('id="next-added"', 1)[0]
    # Both wordings of a raised skill are on the page: the level's and the next level's.
    mine = level.requirements.get(skill__title="Data ethics and privacy")
    theirs = following.requirements.get(skill__title="Data ethics and privacy")
    assert mine.level.rank < theirs.level.rank
    assert "Data ethics and privacy" in raised
    first_line = lambda text: text.splitlines()[0].strip()  # noqa: E731
    assert first_line(mine.descriptor) in raised and first_line(theirs.descriptor) in raised


@pytest.mark.django_db
def test_the_top_of_a_ladder_and_an_nhs_profile_have_no_next_level(client):
    top = client.get("/pathways/progression/?from=head-of-data-ethics-ddat").content.decode()
    assert 'id="next-level"' not in top and "is the top level of its ladder" in top
    nhs = client.get("/pathways/progression/?from=data-ethics-lead").content.decode()
    assert 'id="next-level"' not in nhs and "top level" not in nhs


@pytest.mark.django_db
def test_the_progression_pages_queries_do_not_grow_with_the_catalogue(client):
    """The same queries with 50 more roles in the catalogue: the page reads the two levels and
    their ladder, never the roles around them one by one."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from tests.factories import make_many_roles

    url = "/pathways/progression/?from=data-ethics-lead-ddat"
    with CaptureQueriesContext(connection) as before:
        assert client.get(url).status_code == 200
    make_many_roles(50)
    with CaptureQueriesContext(connection) as after:
        assert client.get(url).status_code == 200
    assert len(after) == len(before)
