"""Admin sessions and passwords (ASVS 2.1.1, 3.3.2): signed out after 30 minutes idle and 12
hours after signing in; passwords of at least 12 characters; and an edit sent after the
session ended is kept for the editor to save after signing in again, never saved silently
and never over someone else's edit.

The clock is ``config.sessions._now``, moved forward by the tests. The browser's side is
played by a test client that enforces CSRF, as a browser meets it."""

from __future__ import annotations

import pytest
from bs4 import BeautifulSoup
from django.conf import settings
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.test import Client
from django.urls import reverse

from roleprofiles.models import Role
from tests.admin_support import editor, form_data, make_user

pytestmark = pytest.mark.django_db

PASSWORD = "correct horse battery staple"
MINUTE, HOUR = 60, 3600
LOGIN = reverse("admin:login")


class Clock:
    def __init__(self):
        self.now = 1_900_000_000.0

    def __call__(self) -> float:
        return self.now

    def advance(self, seconds: float) -> None:
        self.now += seconds


@pytest.fixture
def clock(monkeypatch):
    clock = Clock()
    monkeypatch.setattr("config.sessions._now", clock)
    return clock


@pytest.fixture
def browser():
    return Client(enforce_csrf_checks=True)


def sign_in(client: Client, username: str, next_url: str = "/admin/"):
    page = client.get(LOGIN, {"next": next_url})
    data = form_data(page.content, form_id="login-form")
    data.update({"username": username, "password": PASSWORD, "next": next_url})
    response = client.post(LOGIN, data)
    assert response.status_code == 302, page_text(response)
    return response


def page_text(response) -> str:
    return " ".join(BeautifulSoup(response.content, "html.parser").get_text().split())


def change_url(role: Role) -> str:
    return reverse("admin:roleprofiles_role_change", args=[role.pk])


def signed_out(response) -> bool:
    return response.status_code == 302 and response["Location"].startswith(LOGIN)


# Session limits -----------------------------------------------------------------------


def test_settings_state_the_limits():
    assert settings.SESSION_IDLE_SECONDS == 30 * MINUTE
    assert settings.SESSION_MAX_AGE_SECONDS == 12 * HOUR
    assert settings.SESSION_COOKIE_AGE <= 12 * HOUR


def test_signed_out_after_30_minutes_without_activity(browser, clock):
    editor()
    sign_in(browser, "editor")
    clock.advance(29 * MINUTE)
    assert browser.get("/admin/").status_code == 200
    clock.advance(29 * MINUTE)  # 58 minutes in, but never 30 idle
    assert browser.get("/admin/").status_code == 200
    clock.advance(30 * MINUTE + 1)
    response = browser.get("/admin/")
    assert signed_out(response)
    login_page = browser.get(response["Location"])
    assert "You were signed out after 30 minutes without activity" in page_text(login_page)
    # and the old session is gone for good, not only for that one request
    assert signed_out(browser.get("/admin/"))


def test_signed_out_12_hours_after_signing_in_however_active(browser, clock):
    editor()
    sign_in(browser, "editor")
    for _ in range(int(12 * HOUR / (20 * MINUTE))):
        clock.advance(20 * MINUTE)
        assert browser.get("/admin/").status_code == 200
    clock.advance(20 * MINUTE)
    response = browser.get("/admin/")
    assert signed_out(response)
    assert "You were signed out 12 hours after you signed in" in page_text(browser.get(response["Location"]))


def test_the_session_cookie_lasts_no_longer_than_the_session(browser, clock):
    editor()
    sign_in(browser, "editor")
    assert 0 < int(browser.cookies[settings.SESSION_COOKIE_NAME]["max-age"]) <= 12 * HOUR


def test_public_pages_without_a_session_cookie_start_no_session(client):
    response = client.get("/roles/")
    assert response.status_code == 200
    assert settings.SESSION_COOKIE_NAME not in response.cookies
    assert "Cookie" not in response.get("Vary", "")


# Passwords ----------------------------------------------------------------------------


def test_passwords_need_at_least_12_characters():
    with pytest.raises(ValidationError, match="at least 12 characters"):
        validate_password("Kq8#vz!Lm2p")  # 11, otherwise strong
    validate_password("Kq8#vz!Lm2pX")


def test_the_admin_refuses_a_short_password_for_a_new_user(client):
    client.force_login(make_user("root", superuser=True))
    url = reverse("admin:auth_user_add")
    data = form_data(client.get(url).content)
    data.update({"username": "newcomer", "password1": "Kq8#vz!Lm2p", "password2": "Kq8#vz!Lm2p"})
    response = client.post(url, data)
    assert response.status_code == 200
    assert "This password is too short. It must contain at least 12 characters." in page_text(response)
    data.update({"password1": "Kq8#vz!Lm2pX", "password2": "Kq8#vz!Lm2pX"})
    assert client.post(url, data).status_code == 302


# An edit sent after the session ended ------------------------------------------------


def open_form_then_time_out(browser, clock, role, summary="Written while the session ran out."):
    editor()
    sign_in(browser, "editor")
    data = form_data(browser.get(change_url(role)).content)
    data["summary"] = summary
    clock.advance(45 * MINUTE)
    return data


def test_an_edit_sent_after_the_session_ended_is_kept_and_saved_after_signing_in(browser, clock):
    role = Role.objects.get(slug="data-ethics-lead")
    data = open_form_then_time_out(browser, clock, role)

    sent = browser.post(change_url(role), data)
    assert signed_out(sent)
    assert f"next={change_url(role)}" in sent["Location"].replace("%2F", "/")
    login_page = browser.get(sent["Location"])
    assert "Your session ended before your changes were saved" in page_text(login_page)
    role.refresh_from_db()
    assert role.version == 1 and role.summary != data["summary"]

    after_login = sign_in(browser, "editor", next_url=change_url(role))
    assert after_login["Location"] == change_url(role)
    page = browser.get(change_url(role))
    assert page.status_code == 200
    soup = BeautifulSoup(page.content, "html.parser")
    assert "Your session ended before your changes were saved" in soup.h1.get_text()
    assert "signed out after 30 minutes without activity" in page_text(page)
    resubmit = form_data(page.content, form_id="resubmit-form")
    assert resubmit["summary"] == data["summary"]
    assert resubmit["expected_version"] == "1"
    assert resubmit["csrfmiddlewaretoken"] != data["csrfmiddlewaretoken"]
    # Signing in rotated the CSRF token: the form as it was first sent would now be refused.
    assert browser.post(change_url(role), data).status_code == 403
    role.refresh_from_db()
    assert role.version == 1, "nothing is saved until the editor presses the button"

    saved = browser.post(soup.select_one("#resubmit-form")["action"], resubmit)
    assert saved.status_code == 302, page_text(saved)[:2000]
    role.refresh_from_db()
    assert (role.summary, role.version) == (data["summary"], 2)
    assert role.history.latest().history_user.username == "editor"
    # Used once: the form is the ordinary form again.
    assert "Your session ended" not in page_text(browser.get(change_url(role)))


def test_a_kept_edit_never_overwrites_a_save_made_meanwhile(browser, clock, client):
    role = Role.objects.get(slug="data-ethics-lead")
    data = open_form_then_time_out(browser, clock, role, summary="The timed-out editor's summary.")
    assert signed_out(browser.post(change_url(role), data))

    client.force_login(make_user("colleague", superuser=True))
    theirs = form_data(client.get(change_url(role)).content)
    theirs["summary"] = "A colleague's summary, saved meanwhile."
    assert client.post(change_url(role), theirs).status_code == 302

    sign_in(browser, "editor", next_url=change_url(role))
    page = browser.get(change_url(role))
    response = browser.post(change_url(role), form_data(page.content, form_id="resubmit-form"))
    assert response.status_code == 200
    assert "Someone else saved this role while you were editing it" in page_text(response)
    assert form_data(response.content)["summary"] == "The timed-out editor's summary."  # on screen to copy
    role.refresh_from_db()
    assert (role.summary, role.version) == ("A colleague's summary, saved meanwhile.", 2)


def test_kept_changes_can_be_discarded(browser, clock):
    role = Role.objects.get(slug="data-ethics-lead")
    data = open_form_then_time_out(browser, clock, role)
    browser.post(change_url(role), data)
    sign_in(browser, "editor", next_url=change_url(role))
    page = browser.get(change_url(role))
    response = browser.post(change_url(role), form_data(page.content, form_id="discard-form"))
    assert response.status_code == 302 and response["Location"] == change_url(role)
    latest = browser.get(change_url(role))
    assert "Your unsaved changes were discarded" in page_text(latest)
    assert form_data(latest.content)["summary"] != data["summary"]
    role.refresh_from_db()
    assert role.version == 1


def test_an_edit_sent_after_the_cookie_itself_expired_is_kept_too(browser, clock):
    role = Role.objects.get(slug="data-ethics-lead")
    data = open_form_then_time_out(browser, clock, role)
    del browser.cookies[settings.SESSION_COOKIE_NAME]  # the browser dropped the expired cookie
    assert signed_out(browser.post(change_url(role), data))
    sign_in(browser, "editor", next_url=change_url(role))
    page = browser.get(change_url(role))
    assert form_data(page.content, form_id="resubmit-form")["summary"] == data["summary"]


def test_someone_else_signing_in_on_that_browser_does_not_see_them(browser, clock):
    role = Role.objects.get(slug="data-ethics-lead")
    data = open_form_then_time_out(browser, clock, role, summary="Private draft wording.")
    browser.post(change_url(role), data)
    editor("someone-else")
    sign_in(browser, "someone-else", next_url=change_url(role))
    page = browser.get(change_url(role))
    assert "Your session ended" not in page_text(page)
    assert "Private draft wording." not in page.content.decode()


def test_a_forged_post_is_never_kept(browser, clock):
    role = Role.objects.get(slug="data-ethics-lead")
    data = open_form_then_time_out(browser, clock, role, summary="Planted by another site.")
    data.pop("csrfmiddlewaretoken")
    assert browser.post(change_url(role), data).status_code == 403
    sign_in(browser, "editor", next_url=change_url(role))
    page = browser.get(change_url(role))
    assert "Planted by another site." not in page.content.decode()


def test_signing_in_is_not_kept_as_an_unsaved_edit(browser):
    editor()
    sign_in(browser, "editor")
    assert "Your session ended" not in page_text(browser.get("/admin/"))
    assert not browser.session.get("_unsaved_changes")
