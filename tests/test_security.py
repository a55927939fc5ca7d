"""Security: headers on every response, no inline script, admin lock-out, production checks."""

from __future__ import annotations

import json
import os
import subprocess
import sys

import pytest
from axes.models import AccessAttempt
from axes.utils import reset
from bs4 import BeautifulSoup
from django.contrib.auth import get_user_model
from django.http import HttpResponse
from django.test import Client
from django.urls import include, path, reverse

from tests.browser import *  # noqa: F403 - the Playwright fixtures (Debian's Chromium)
from tests.browser import assert_no_axe_violations, resize
from tests.conftest import ROOT
from tests.ops_support import public_routes, resolve_urls

PAGES = {
    "a page": "/roles/",
    "a profile": "/roles/data-ethics-lead/",
    "a 404": "/roles/no-such-role/",
    "the admin login": "/admin/login/",
}

pytestmark = pytest.mark.django_db


def csp_directives(response) -> dict[str, list[str]]:
    policy = response["Content-Security-Policy"]
    return {part.split()[0]: part.split()[1:] for part in policy.split(";") if part.strip()}


@pytest.mark.parametrize("url", PAGES.values(), ids=PAGES.keys())
def test_security_headers_on_every_kind_of_response(client, url):
    response = client.get(url)
    directives = csp_directives(response)
    assert directives["script-src"] == ["'self'"]
    assert "'unsafe-inline'" not in response["Content-Security-Policy"]
    assert directives["frame-ancestors"] == ["'none'"]
    assert directives["object-src"] == ["'none'"]
    assert response["X-Frame-Options"] == "DENY"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Referrer-Policy"] == "strict-origin-when-cross-origin"
    assert "camera=()" in response["Permissions-Policy"]
    assert "geolocation=()" in response["Permissions-Policy"]


def test_hsts_on_https_responses(client, settings):
    settings.SECURE_HSTS_SECONDS = 31536000
    settings.SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    response = client.get("/roles/", secure=True)
    assert response["Strict-Transport-Security"] == "max-age=31536000; includeSubDomains"


@pytest.mark.parametrize(
    "url",
    ["/", "/roles/", "/roles/data-ethics-lead/", "/roles/head-of-knowledge-and-library-services/", "/no-such-page/"],
)
def test_pages_have_no_inline_script_or_event_handlers(client, url):
    """The CSP forbids inline script, so any that crept into a template would silently not run."""
    soup = BeautifulSoup(client.get(url).content, "html.parser")
    for script in soup.find_all("script"):
        is_data_block = script.get("type", "").strip().lower() in {"application/ld+json", "application/json"}
        assert script.get("src") or is_data_block, f"inline script on {url}: {str(script)[:120]}"
        if is_data_block:  # a data block must not be able to end itself early and start a real script
            assert "</script" not in script.decode_contents().lower()
    for tag in soup.find_all(True):
        handlers = [name for name in tag.attrs if name.lower().startswith("on")]
        assert not handlers, f"inline event handler {handlers} on {url}"


@pytest.fixture
def admin_user(db):
    return get_user_model().objects.create_superuser("editor", "editor@example.nhs.uk", "correct-horse-battery")


def attempt_login(client, password: str):
    return client.post(reverse("admin:login"), {"username": "editor", "password": password, "next": "/admin/"})


def test_admin_login_locks_out_after_repeated_failures(client, admin_user, settings):
    for _ in range(settings.AXES_FAILURE_LIMIT - 1):
        response = attempt_login(client, "guess")
        assert response.status_code == 200
        assert "Please enter the correct username and password" in response.content.decode()

    locked = attempt_login(client, "guess")
    assert locked.status_code == 429
    assert "Too many sign-in attempts" in locked.content.decode()

    # Even the right password is refused while locked out.
    still_locked = attempt_login(client, "correct-horse-battery")
    assert still_locked.status_code == 429
    assert "_auth_user_id" not in client.session

    assert AccessAttempt.objects.filter(username="editor").exists()
    reset(username="editor")
    unlocked = attempt_login(client, "correct-horse-battery")
    assert unlocked.status_code == 302
    assert unlocked["Location"] == "/admin/"


def test_lockout_is_per_username_and_address(client, admin_user, settings):
    for _ in range(settings.AXES_FAILURE_LIMIT):
        client.post(reverse("admin:login"), {"username": "someone-else", "password": "guess"})
    # Guessing at another username does not lock the real editor out.
    assert attempt_login(client, "correct-horse-battery").status_code == 302


def test_successful_login_resets_the_failure_count(client, admin_user, settings):
    for _ in range(settings.AXES_FAILURE_LIMIT - 1):
        attempt_login(client, "guess")
    assert attempt_login(client, "correct-horse-battery").status_code == 302
    client.logout()
    for _ in range(settings.AXES_FAILURE_LIMIT - 1):
        assert attempt_login(client, "guess").status_code == 200


def test_programmatic_login_still_works(client, admin_user):
    """Code that logs in without a request (the test client, a shell) is not blocked by axes."""
    assert client.login(username="editor", password="correct-horse-battery")
    assert client.get("/admin/").status_code == 200


def test_session_cookie_is_httponly_and_samesite(client, admin_user):
    response = attempt_login(client, "correct-horse-battery")
    cookie = response.cookies["sessionid"]
    assert cookie["httponly"]
    assert cookie["samesite"] == "Lax"


def production_env(**extra: str) -> dict[str, str]:
    # DJANGO_ALLOW_ASYNC_UNSAFE comes from the browser harness in this process; never in production.
    skip = {"SECRET_KEY", "ALLOWED_HOSTS", "DJANGO_SETTINGS_MODULE", "DJANGO_ALLOW_ASYNC_UNSAFE"}
    env = {k: v for k, v in os.environ.items() if k not in skip}
    env.update(
        DJANGO_SETTINGS_MODULE="config.settings.production",
        SECRET_KEY="s" * 20 + "0Aa!" * 15,
        ALLOWED_HOSTS="roles.example.nhs.uk",
        **extra,
    )
    return env


def test_production_settings_pass_the_deployment_checklist():
    result = subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        cwd=ROOT,
        env=production_env(),
        capture_output=True,
        text=True,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout


@pytest.mark.parametrize(
    ("setting", "check_id"), [("PAGE_CACHE_SECONDS", "site_config.W001"), ("CONTENT_CACHE_SECONDS", "site_config.W002")]
)
def test_deployment_check_refuses_a_cache_no_other_process_can_see(setting, check_id):
    result = subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        cwd=ROOT,
        env={**production_env(**{setting: "300"}), "REDIS_URL": ""},
        capture_output=True,
        text=True,
    )
    assert result.returncode != 0
    assert check_id in result.stderr + result.stdout


PRODUCTION_PROBE = """
import json, django
from django.conf import settings
django.setup()
# No collectstatic here: the plain storage stands in for the manifest one; nothing else changes.
plain = {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"}
settings.STORAGES = {**settings.STORAGES, "staticfiles": plain}
from django.test import Client
client = Client(HTTP_HOST="roles.example.nhs.uk")
out = {}
for url in ("/admin/login/", "/no-such-page/"):
    r = client.get(url, secure=True)
    out[url] = {"status": r.status_code, "headers": dict(r.headers),
                "cookies": {k: {"secure": bool(v["secure"]), "httponly": bool(v["httponly"]), "samesite": v["samesite"]}
                            for k, v in r.cookies.items()}}
r = client.get("/admin/login/")  # plain http is redirected to https
out["http"] = {"status": r.status_code, "location": r.get("Location")}
print(json.dumps(out))
"""


def test_production_headers_and_cookies():
    result = subprocess.run(
        [sys.executable, "-c", PRODUCTION_PROBE], cwd=ROOT, env=production_env(), capture_output=True, text=True
    )
    assert result.returncode == 0, result.stderr
    out = json.loads(result.stdout.strip().splitlines()[-1])
    login = out["/admin/login/"]
    assert login["status"] == 200
    for probe in (login, out["/no-such-page/"]):
        headers = probe["headers"]
        assert headers["Strict-Transport-Security"] == "max-age=31536000; includeSubDomains; preload"
        assert "script-src 'self'" in headers["Content-Security-Policy"]
        assert headers["X-Frame-Options"] == "DENY"
        assert headers["X-Content-Type-Options"] == "nosniff"
        assert "Permissions-Policy" in headers
    assert out["/no-such-page/"]["status"] == 404
    assert login["cookies"]["csrftoken"] == {"secure": True, "httponly": True, "samesite": "Lax"}
    assert out["http"] == {"status": 301, "location": "https://roles.example.nhs.uk/admin/login/"}


# --- In a real browser: the policy blocks nothing the pages need -----------------------

RECORD_VIOLATIONS = """
window.__cspViolations = [];
document.addEventListener("securitypolicyviolation", (event) => {
  const where = `${event.sourceFile}:${event.lineNumber}`;
  window.__cspViolations.push(`${event.violatedDirective} blocked ${event.blockedURI || "inline"} (${where})`);
});
"""


@pytest.fixture
def csp_page(page):
    page.add_init_script(RECORD_VIOLATIONS)
    messages = []
    page.on("console", lambda message: messages.append(message.text))
    page.console_messages = messages
    return page


def assert_no_csp_violations(page) -> None:
    violations = page.evaluate("window.__cspViolations")
    console = [text for text in page.console_messages if "Content Security Policy" in text]
    assert not violations and not console, f"CSP blocked something on {page.url}: {violations or console}"


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_pages_run_their_scripts_under_the_policy_with_no_violation(csp_page, seeded_live_server):
    page = csp_page
    client = Client()
    html = [url for url in resolve_urls(client).values() if client.get(url)["Content-Type"].startswith("text/html")]
    urls = sorted(html) + ["/admin/login/"]
    for url in urls:
        page.goto(seeded_live_server.url + url)
        page.wait_for_load_state("networkidle")
        assert_no_csp_violations(page)
        if url != "/admin/login/":
            # The external scripts ran: init.js marks the body, the module initialises the header.
            assert page.evaluate("document.body.classList.contains('js-enabled')"), url


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_inline_script_is_blocked_but_json_ld_is_not_a_violation(csp_page, seeded_live_server, settings):
    settings.ROOT_URLCONF = "tests.test_security"
    page = csp_page
    page.goto(seeded_live_server.url + "/inline-script/")
    page.wait_for_load_state("networkidle")
    assert page.evaluate("window.__inlineRan === undefined")  # the injected inline script never ran
    violations = page.evaluate("window.__cspViolations")
    assert len(violations) == 1 and violations[0].startswith("script-src")  # only that one: not the JSON-LD
    assert page.evaluate("JSON.parse(document.getElementById('ld').textContent)['@type']") == "Occupation"


def inline_script_page(request):
    return HttpResponse(
        "<!DOCTYPE html><html lang=en><title>t</title>"
        '<script type="application/ld+json" id="ld">{"@context": "https://schema.org", "@type": "Occupation"}</script>'
        "<script>window.__inlineRan = true;</script><h1>t</h1></html>"
    )


urlpatterns = [path("inline-script/", inline_script_page), path("", include("config.urls"))]


# --- Markup typed by an admin is text everywhere ---------------------------------------

PAYLOAD = '<script>alert("x")</script><img src=x onerror=alert(1)>'


def assert_markup_inert(url: str, response) -> None:
    content_type = response.get("Content-Type", "")
    body = response.content.decode("utf-8", "replace")
    if content_type.startswith("text/html"):
        soup = BeautifulSoup(body, "html.parser")
        for script in soup.find_all("script"):
            assert script.get("src") or "json" in script.get("type", ""), f"a typed <script> ran on {url}"
            assert "<script" not in script.decode_contents().lower(), f"markup inside a data block on {url}"
        assert not soup.find_all("img", src="x"), f"a typed <img> became an element on {url}"
        assert not [tag for tag in soup.find_all(True) if "onerror" in tag.attrs], f"onerror attribute on {url}"
    elif "json" in content_type:
        json.loads(body)  # still valid JSON: the markup is a string value, not a break-out


@pytest.mark.django_db
def test_markup_typed_into_content_is_shown_as_text_on_every_page(client):
    from frameworks.models import Skill
    from roleprofiles.models import Requirement, Role

    role = Role.objects.get(slug="data-ethics-lead")
    role.title = f"Data ethics lead {PAYLOAD}"
    role.summary = f"Sets direction {PAYLOAD}"
    role.save()
    requirement = Requirement.objects.filter(role=role).order_by("position").first()
    requirement.descriptor = PAYLOAD
    requirement.save()
    skill = requirement.skill
    skill.title = f"{skill.title} {PAYLOAD}"
    skill.save()
    assert Skill.objects.filter(title__contains="onerror").exists()

    urls = {url for url in resolve_urls(client).values()}
    slugged = [route for route in public_routes() if "<slug:slug>" in route.route and route.route.startswith("roles/")]
    urls |= {route.fill({"slug": role.slug}) for route in slugged}
    urls |= {f"/skills/{skill.slug}/", "/compare/?roles=data-ethics-lead&roles=head-of-knowledge-and-library-services"}
    shown = 0
    for url in sorted(urls):
        response = client.get(url)
        if response.status_code != 200 or getattr(response, "streaming", False):
            continue
        assert_markup_inert(url, response)
        shown += "onerror" in response.content.decode("utf-8", "replace")
    assert shown >= 3  # the payload did appear (as text) on the profile, the skill and compare pages


def test_behind_a_load_balancer_lockout_follows_the_visitor_not_the_balancer(client, admin_user, settings):
    settings.TRUSTED_PROXY_COUNT = 1
    attacker = {"HTTP_X_FORWARDED_FOR": "203.0.113.9", "REMOTE_ADDR": "10.0.0.2"}
    for _ in range(settings.AXES_FAILURE_LIMIT):
        client.post(reverse("admin:login"), {"username": "editor", "password": "guess"}, **attacker)
    locked = client.post(reverse("admin:login"), {"username": "editor", "password": "guess"}, **attacker)
    assert locked.status_code == 429
    # A forged leading entry does not get the attacker a fresh address.
    forged = {"HTTP_X_FORWARDED_FOR": "198.51.100.1, 203.0.113.9", "REMOTE_ADDR": "10.0.0.2"}
    assert client.post(reverse("admin:login"), {"username": "editor", "password": "x"}, **forged).status_code == 429
    # The real editor, elsewhere but through the same balancer, can still sign in.
    editor = {"HTTP_X_FORWARDED_FOR": "192.0.2.44", "REMOTE_ADDR": "10.0.0.2"}
    response = client.post(
        reverse("admin:login"), {"username": "editor", "password": "correct-horse-battery", "next": "/admin/"}, **editor
    )
    assert response.status_code == 302


# --- HTTP methods: public pages are read-only ------------------------------------------------

REFUSED_METHODS = ["POST", "PUT", "PATCH", "DELETE", "OPTIONS", "TRACE"]
_public_urls: list[str] = []


def public_urls() -> list[str]:
    """One address for every public URL pattern (from the URL configuration)."""
    if not _public_urls:
        _public_urls.extend(sorted(set(resolve_urls(Client()).values())))
    return _public_urls


@pytest.mark.parametrize("method", REFUSED_METHODS)
def test_public_pages_refuse_every_method_but_get_and_head(method):
    client = Client()
    for url in public_urls():
        response = client.generic(method, url)
        assert response.status_code == 405, f"{method} {url} gave {response.status_code}"
        assert response["Allow"] == "GET, HEAD", url
        assert "Content-Security-Policy" in response, url  # still carries the security headers
        assert b"Data ethics lead" not in response.content, url  # not the page's body


def test_a_csrf_token_does_not_open_public_pages_to_writes():
    client = Client(enforce_csrf_checks=True)
    client.get("/admin/login/")  # sets the CSRF cookie, as a real visitor's browser would have it
    token = client.cookies["csrftoken"].value
    for url in ("/roles/", "/roles/data-ethics-lead/", "/compare/", "/self-assessment/"):
        for method in ("POST", "PUT", "DELETE"):
            response = client.generic(method, url, "a=1", HTTP_X_CSRFTOKEN=token)
            assert response.status_code == 405, f"{method} {url} gave {response.status_code}"


def test_public_pages_still_answer_get_and_head():
    client = Client()
    for url in public_urls():
        get = client.get(url)
        head = client.head(url)
        assert head.status_code == get.status_code, url
        assert head.content == b"", url


def test_forms_that_post_keep_working(admin_user):
    client = Client(enforce_csrf_checks=True)
    page = client.get("/admin/login/")
    token = BeautifulSoup(page.content, "html.parser").find("input", {"name": "csrfmiddlewaretoken"})["value"]
    response = client.post(
        "/admin/login/",
        {"username": "editor", "password": "correct-horse-battery", "csrfmiddlewaretoken": token, "next": "/admin/"},
    )
    assert response.status_code == 302 and response["Location"] == "/admin/"
    # No public page holds a form that posts: each form reads its answers from the address.
    for url in public_urls():
        response = client.get(url)
        if response["Content-Type"].startswith("text/html"):
            forms = BeautifulSoup(response.content, "html.parser").find_all("form")
            assert all((form.get("method") or "get").lower() == "get" for form in forms), url


def test_the_csrf_failure_page_is_branded_and_safe():
    client = Client(enforce_csrf_checks=True)
    response = client.post("/admin/login/", {"username": "editor", "password": "x"})
    assert response.status_code == 403
    page = BeautifulSoup(response.content, "html.parser")
    assert page.find(class_="nhsuk-header"), "not the service's layout"
    assert "Digital workforce role profiles" in page.get_text()
    assert page.h1.get_text(strip=True) == "Your form could not be sent"
    assert page.find("a", href="/admin/login/")  # a way back to try again
    # Nothing the policy would block: no inline style or script, no style attributes.
    assert not page.find("style")
    assert not [s for s in page.find_all("script") if not s.get("src")]
    assert not page.find_all(style=True)
    assert "style-src 'self'" in response["Content-Security-Policy"]


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_the_csrf_failure_page_breaks_no_policy_in_a_browser(csp_page, seeded_live_server):
    page = csp_page
    page.goto(seeded_live_server.url + "/admin/login/")
    page.context.clear_cookies()  # the token in the form no longer matches any cookie
    page.fill("#id_username", "editor")
    page.fill("#id_password", "whatever")
    page.click("input[type=submit]")
    page.wait_for_load_state("networkidle")
    assert page.locator("h1").inner_text() == "Your form could not be sent"
    assert_no_csp_violations(page)
    assert_no_axe_violations(page)
    for width in (1280, 375):
        resize(page, width)  # laid out again at the new width, the header's menu included
        wide = page.evaluate(
            f"[...document.querySelectorAll('body *')].filter(e => e.getBoundingClientRect().right > {width})"
            ".map(e => e.tagName + '.' + e.className).slice(0, 8)"
        )
        assert page.evaluate("document.documentElement.scrollWidth") <= width, wide  # no sideways scroll
        page.screenshot(path=f"/tmp/ops-403-csrf-{width}.png", full_page=True)


@pytest.mark.django_db
@pytest.mark.parametrize("host", ["evil.example", "127.0.0.1:8000@evil.example", "a" * 300])
def test_a_host_the_service_does_not_answer_to_gets_the_400_page(host):
    """The 400 page must not fail on the very host it refuses (its printed header names the page's
    address): a 400 with the service's own page, never a 500."""
    from django.test import Client

    response = Client(raise_request_exception=False).get("/roles/", HTTP_HOST=host)
    assert response.status_code == 400
    assert "nhsuk-header" in response.content.decode()
    assert host not in response.content.decode()  # the refused host is not echoed back
