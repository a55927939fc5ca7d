"""The basics an NHS service has: a phase banner with a feedback link, an accessibility
statement, a privacy and cookies page and the operator's contact details (from settings, and
said to be "not configured" when they are not), all linked from every page's footer."""

from __future__ import annotations

import pytest
from bs4 import BeautifulSoup
from django.core.management import call_command
from django.core.management.base import SystemCheckError
from django.test import Client

from tests.admin_support import make_user
from tests.page_types import example_urls, page_examples

pytestmark = pytest.mark.django_db

SERVICE_PAGES = {
    "/accessibility/": "Accessibility statement",
    "/privacy/": "Privacy and cookies",
    "/contact/": "Contact us",
}


def soup_of(client, url: str) -> BeautifulSoup:
    response = client.get(url)
    assert response.status_code == 200, url
    return BeautifulSoup(response.content, "html.parser")


@pytest.fixture
def operator(settings):
    settings.SERVICE_OPERATOR_NAME = "Leeds Teaching Hospitals NHS Trust"
    settings.SERVICE_CONTACT_EMAIL = "digital.workforce@example.nhs.uk"
    settings.SERVICE_CONTACT_PHONE = "0113 243 3144"
    return settings


@pytest.fixture
def no_operator(settings):
    for name in ("SERVICE_OPERATOR_NAME", "SERVICE_CONTACT_EMAIL", "SERVICE_CONTACT_PHONE", "SERVICE_FEEDBACK_URL"):
        setattr(settings, name, "")
    return settings


@pytest.mark.parametrize("url", ["/", "/roles/data-ethics-lead/", "/no-such-page/"])
def test_every_page_has_the_phase_banner_and_links_the_service_pages_in_its_footer(client, no_operator, url):
    page = BeautifulSoup(client.get(url).content, "html.parser")
    footer = {a.get_text(strip=True): a["href"] for a in page.select("footer.nhsuk-footer a")}
    for href, text in SERVICE_PAGES.items():
        assert footer[text] == href
    banner = page.select_one(".app-phase-banner")
    assert banner.select_one(".nhsuk-tag").get_text(strip=True) == "Beta"
    assert banner.find("a", string="give your feedback")["href"] == "/contact/#feedback"


@pytest.mark.parametrize("url, heading", [(u, h) for u, h in SERVICE_PAGES.items()])
def test_the_service_pages_exist(client, url, heading):
    assert soup_of(client, url).h1.get_text(strip=True).startswith(heading)


def test_an_operator_that_is_not_configured_is_said_to_be_so_never_invented(client, no_operator):
    for url in SERVICE_PAGES:
        details = soup_of(client, url).select_one(".app-contact-details")
        values = [" ".join(dd.get_text().split()) for dd in details.select("dd")]
        assert len(values) == 3 and all(value.startswith("Not configured") for value in values), url
        assert not details.select("a")
    contact = soup_of(client, "/contact/").get_text(" ", strip=True)
    assert "No feedback route is configured for this copy of the service." in contact


def test_the_operator_details_come_from_settings(client, operator):
    page = soup_of(client, "/contact/")
    details = page.select_one(".app-contact-details")
    assert "Not configured" not in details.get_text()
    assert "Leeds Teaching Hospitals NHS Trust" in details.get_text()
    assert (
        details.find("a", string="digital.workforce@example.nhs.uk")["href"]
        == "mailto:digital.workforce@example.nhs.uk"
    )
    assert details.find("a", string="0113 243 3144")["href"] == "tel:01132433144"
    feedback = page.find(id="feedback").find_next("p").a
    assert feedback["href"].startswith("mailto:digital.workforce@example.nhs.uk?subject=")
    statement = soup_of(client, "/accessibility/").select_one(".nhsuk-lede-text").get_text()
    assert "run by Leeds Teaching Hospitals NHS Trust" in statement


def test_the_feedback_link_goes_to_the_operators_form_and_the_banner_goes_when_live(client, settings):
    settings.SERVICE_FEEDBACK_URL = "https://forms.example.nhs.uk/role-profiles"
    page = soup_of(client, "/")
    assert page.select_one(".app-phase-banner a")["href"] == "https://forms.example.nhs.uk/role-profiles"
    settings.SERVICE_PHASE = "alpha"
    assert soup_of(client, "/").select_one(".app-phase-banner .nhsuk-tag").get_text(strip=True) == "Alpha"
    settings.SERVICE_PHASE = "live"
    assert not soup_of(client, "/").select(".app-phase-banner")


@pytest.mark.parametrize(
    "name, value, check_id",
    [
        ("SERVICE_CONTACT_EMAIL", "not an address", "service.E001"),
        ("SERVICE_FEEDBACK_URL", "javascript:alert(1)", "service.E002"),
        ("SERVICE_FEEDBACK_URL", "mailto:nobody", "service.E002"),
        ("SERVICE_PHASE", "gamma", "service.E003"),
    ],
)
def test_a_setting_that_would_break_every_page_stops_the_checks(settings, name, value, check_id):
    setattr(settings, name, value)
    with pytest.raises(SystemCheckError, match=check_id):
        call_command("check")


def test_good_operator_settings_pass_the_checks(operator):
    operator.SERVICE_FEEDBACK_URL = "mailto:feedback@example.nhs.uk"
    call_command("check")


# What the privacy page says about cookies and storage is what the service does. ---------------


def test_no_public_page_sets_a_cookie(client):
    for _name, url in page_examples():
        response = client.get(url)
        assert response.status_code == 200, url
        assert not response.cookies, f"{url} set {list(response.cookies)}"


def test_signing_in_to_the_admin_sets_only_the_two_cookies_the_privacy_page_names(settings):
    make_user("editor")
    client = Client(enforce_csrf_checks=True)
    named = {code.get_text() for code in soup_of(client, "/privacy/").select("#cookies ~ table code")}
    assert named == {settings.SESSION_COOKIE_NAME, settings.CSRF_COOKIE_NAME}
    set_cookies = set(client.get("/admin/login/").cookies)
    token = client.cookies[settings.CSRF_COOKIE_NAME].value
    response = client.post(
        "/admin/login/?next=/admin/",
        {"username": "editor", "password": "correct horse battery staple", "csrfmiddlewaretoken": token},
        REMOTE_ADDR="127.0.0.1",
    )
    assert response.status_code == 302
    set_cookies |= set(response.cookies)
    assert set_cookies == named


def test_self_assessment_answers_are_kept_by_no_cache(client):
    for url in example_urls("pathways:self-assessment-result"):
        cache_control = client.get(url)["Cache-Control"]
        assert "no-store" in cache_control and "private" in cache_control
