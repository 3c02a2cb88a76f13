"""Chromium for the browser suites (Playwright's sync API driving Debian's Chromium): where it is,
where the screenshots go, the marks of a browser test module, the launch, a page at a viewport
and the log-in through the log-in page.

    pytestmark = BROWSER_TESTS

    def test_…(live_server):
        with chromium() as browser:
            page = log_in(new_page(browser, width=390, height=844), live_server.url, "root", "…")
            page.screenshot(path=str(ARTIFACTS / "….png"), full_page=True)
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING

import pytest
from django.conf import settings

if TYPE_CHECKING:
    from playwright.sync_api import Browser, Page

os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"  # the Playwright sync API runs an event loop

CHROMIUM = Path("/usr/bin/chromium")
#: The screenshots, kept to be looked at (``make test-sqlite`` creates the folder).
ARTIFACTS = Path(settings.BASE_DIR) / "test-artifacts"

# The marks of a browser test module: the ``browser`` marker, committed transactions (the live
# server's thread sees what the test writes) with the rulebook of the data migrations restored
# after the flush, skipped where Chromium is not installed.
BROWSER_TESTS = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
    pytest.mark.skipif(
        not CHROMIUM.exists(), reason="Chromium is not installed at /usr/bin/chromium"
    ),
]

#: Headless in a container, nothing fetched in the background.
LAUNCH_ARGS = (
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
)


@contextmanager
def chromium() -> Iterator[Browser]:
    """Chromium launched for the block (closed after it, even on a failure); the folder of the
    screenshots, ``ARTIFACTS``, exists."""
    from playwright.sync_api import sync_playwright

    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=str(CHROMIUM), args=list(LAUNCH_ARGS))
        try:
            yield browser
        finally:
            browser.close()


def new_page(browser: Browser, width: int | None = None, height: int | None = None) -> Page:
    """A page in a context of its own (its own cookies), in Vietnamese, at ``width`` × ``height``
    (Playwright's default viewport, 1280 × 720, without them)."""
    if width is None or height is None:
        return browser.new_page(locale="vi-VN")
    return browser.new_page(viewport={"width": width, "height": height}, locale="vi-VN")


def log_in(page: Page, base_url: str, username: str, password: str) -> Page:
    """Submit the log-in form of the server at ``base_url`` (``live_server.url``) on ``page``;
    returns ``page``."""
    page.goto(f"{base_url}/login/")
    page.fill("input[name=username]", username)
    page.fill("input[name=password]", password)
    page.click("button.primary")
    return page
