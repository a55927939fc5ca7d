"""A printed profile or comparison says what it is, the address it came from and the date it
was printed: a header that only paper shows, rendered by the server."""

from __future__ import annotations

import pytest
from bs4 import BeautifulSoup
from django.utils import timezone
from django.utils.dateformat import format as format_date

pytestmark = pytest.mark.django_db

COMPARE = "/compare/?roles=data-ethics-lead&roles=head-of-knowledge-and-library-services"


def print_header(client, url: str) -> tuple[str, str]:
    page = BeautifulSoup(client.get(url).content, "html.parser")
    header = page.select_one(".app-print-header")
    title, source = header.select("p")
    return " ".join(title.get_text().split()), " ".join(source.get_text().split())


def today() -> str:
    return format_date(timezone.localdate(), "j F Y")


@pytest.mark.parametrize(
    "url, title",
    [
        ("/roles/data-ethics-lead/", "Job role profile: Data ethics lead – Digital workforce role profiles"),
        (
            COMPARE,
            "Comparison of 2 roles: Data ethics lead; Head of knowledge and library services – "
            "Digital workforce role profiles",
        ),
        ("/skills/", "Digital workforce role profiles"),
    ],
)
def test_a_printout_names_itself_its_address_and_the_date(client, url, title):
    printed_title, source = print_header(client, url)
    assert printed_title == title
    assert source == f"Printed from http://testserver{url} on {today()}"
