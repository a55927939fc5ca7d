"""The coverage page /frameworks/<slug>/mapping/: which NHS roles map to which DDaT role levels,
what has no NHS role yet, and the same as a CSV download."""

from __future__ import annotations

import csv
import io

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from mapping.models import Mapping
from roleprofiles.models import CareerLadder, Role

pytestmark = pytest.mark.django_db

DDAT = "government-digital-and-data-profession-capability-framework"
URL = f"/frameworks/{DDAT}/mapping/"


def confirm(profile: str, level: str, status: str = "confirmed") -> Mapping:
    return Mapping.objects.create(
        role=Role.objects.get(slug=profile), level=Role.objects.get(slug=level), status=status
    )


def test_the_page_lists_confirmed_mappings_and_what_has_no_nhs_role(client):
    confirm("data-ethics-lead", "data-ethics-lead-ddat")
    confirm("head-of-knowledge-and-library-services", "head-of-data-governance-ddat", status="rejected")
    page = client.get(URL).content.decode()
    ladders = CareerLadder.objects.filter(framework__slug=DDAT, status="active").count()
    assert "1 of 2" in page  # NHS role profiles mapped: a rejected mapping does not count
    assert f"1 of {ladders}" in page
    confirmed = page.split('id="mapped"', 1)[1].split("</table>", 1)[0]
    assert "/roles/data-ethics-lead/" in confirmed and "/roles/data-ethics-lead-ddat/" in confirmed
    assert "head-of-data-governance-ddat" not in confirmed
    unmapped = page.split("Roles with no NHS role yet", 1)[1]
    assert "Data engineer" in unmapped and "Data ethics<" not in unmapped


def test_the_csv_download_has_a_row_per_confirmed_mapping(client):
    confirm("data-ethics-lead", "data-ethics-lead-ddat")
    confirm("data-ethics-lead", "head-of-data-ethics-ddat")
    response = client.get(URL + "?format=csv")
    assert response["Content-Type"].startswith("text/csv")
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
    assert rows[0][:4] == ["NHS role", "NHS role address", "DDaT role", "DDaT role level"]
    assert sorted(row[3] for row in rows[1:]) == ["Data ethics lead", "Head of data ethics"]
    assert all(row[0] == "Data ethics lead" for row in rows[1:])


def test_the_query_count_does_not_grow_with_the_mappings(client):
    confirm("data-ethics-lead", "data-ethics-lead-ddat")
    with CaptureQueriesContext(connection) as one:
        assert client.get(URL).status_code == 200
    for level in Role.objects.ddat_levels().exclude(slug="data-ethics-lead-ddat")[:20]:
        confirm("head-of-knowledge-and-library-services", level.slug)
    with CaptureQueriesContext(connection) as many:
        assert client.get(URL).status_code == 200
    assert len(many) == len(one) <= 12


@pytest.mark.parametrize(
    ("url", "status"),
    [
        ("/frameworks/no-such-framework/mapping/", 404),
        ("/frameworks/gkim-skills-framework/mapping/", 404),
        (URL + "?format=pdf", 400),
    ],
)
def test_an_address_the_page_cannot_answer_gets_a_clear_error(client, url, status):
    response = client.get(url)
    assert response.status_code == status
    assert b"Traceback" not in response.content
