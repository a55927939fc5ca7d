"""/about/: the DDaT occupational framework project (seed 001) in its own words."""

from __future__ import annotations

import pytest
from bs4 import BeautifulSoup

pytestmark = pytest.mark.django_db


def test_about_page_has_purpose_five_vision_points_and_background(client, django_assert_num_queries, source_text):
    with django_assert_num_queries(1):
        response = client.get("/about/")
    assert response.status_code == 200
    page = BeautifulSoup(response.content, "html.parser")
    source = source_text("001_e6aa0e7095476ff7.txt").replace("\xa0", " ")
    assert page.h1.get_text() == "Digital, Data and Technology (DDaT) occupational framework development"
    headings = [h.get_text() for h in page.select("h2")]
    assert headings[:3] == ["Purpose", "Vision of Success", "Background to the project"]
    points = [li.get_text() for li in page.find(id="vision").find_next("ol").select("li")]
    assert len(points) == 5
    assert points[0] == "Agreed (by stakeholders – they have been engaged in its development)"
    assert points[4].startswith("Able to serve as a blueprint")
    paragraphs = [p.get_text() for p in page.select("main p")]
    assert any(p.startswith("The overall purpose of this project is to define") for p in paragraphs)
    assert any(p.startswith("Health Informatics does not describe an occupation.") for p in paragraphs)
    for text in points + [
        p for p in paragraphs if p.startswith(("The overall", "Health Informatics", "Without", "Our current"))
    ]:
        assert text in source
    # Web-page chrome from the source is not content.
    assert "quote HEE facebook" not in page.get_text() and "You are here" not in page.get_text()


def test_about_is_in_the_footer_and_pathways_in_the_navigation(client):
    page = BeautifulSoup(client.get("/").content, "html.parser")
    assert page.select_one("footer a[href='/about/']").get_text() == "About this service"
    nav = [a["href"] for a in page.select(".nhsuk-header__navigation-link[href]")]
    assert "/pathways/" in nav and "/self-assessment/" in nav
