"""Shared Playwright fixtures for browser tests: Debian's Chromium, never a downloaded
browser, and an axe-core check (bundled by axe-playwright-python, so it works offline).

Use in a test module:

    from tests.browser import *  # noqa: F403  (brings the fixtures in)
    pytestmark = pytest.mark.browser

    def test_x(page, seeded_live_server):
        page.goto(seeded_live_server.url + "/roles/")
        assert_no_axe_violations(page)
"""

from __future__ import annotations

import atexit
import os
import shutil

import pytest

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
# WCAG 2.0, 2.1 and 2.2, levels A and AA.
AXE_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"]

os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")


_shared: dict = {}


def _shared_browser():
    """One Playwright and one Chromium for the whole test process. Test modules import
    these fixtures with ``import *``, which gives each module its own copy of a
    session fixture; a second Playwright in one process fails, so they all share this."""
    if "browser" not in _shared:
        if not shutil.which(CHROMIUM):
            pytest.fail(f"{CHROMIUM} is missing: `make test` installs Debian's chromium package")
        from playwright.sync_api import sync_playwright

        playwright = sync_playwright().start()
        _shared["playwright"] = playwright
        _shared["browser"] = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        atexit.register(_close_shared_browser)
    return _shared["browser"]


def _close_shared_browser() -> None:
    browser, playwright = _shared.pop("browser", None), _shared.pop("playwright", None)
    if browser is not None:
        browser.close()
    if playwright is not None:
        playwright.stop()


@pytest.fixture(scope="session")
def browser():
    return _shared_browser()


@pytest.fixture
def page(browser):
    context = browser.new_context(viewport={"width": 1280, "height": 900}, accept_downloads=True)
    page = context.new_page()
    page.set_default_timeout(10_000)
    yield page
    context.close()


def axe_violations(page) -> list[dict]:
    from axe_playwright_python.sync_playwright import Axe

    results = Axe().run(page, options={"runOnly": {"type": "tag", "values": AXE_TAGS}, "resultTypes": ["violations"]})
    return results.response["violations"]


def assert_no_axe_violations(page) -> None:
    violations = axe_violations(page)
    summary = "\n".join(
        f"{v['id']} ({v['impact']}): {v['help']} — {[n['target'] for n in v['nodes']][:5]}" for v in violations
    )
    assert not violations, f"axe-core found {len(violations)} violation(s) on {page.url}:\n{summary}"


__all__ = ["browser", "page", "assert_no_axe_violations", "axe_violations"]
