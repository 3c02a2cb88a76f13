"""Drives Chromium at phone width: the secretary records a meeting and takes the attendance with
the keyboard in one screen."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from django.conf import settings

os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"  # the Playwright sync API runs an event loop

CHROMIUM = Path("/usr/bin/chromium")
ARTIFACTS = Path(settings.BASE_DIR) / "test-artifacts"

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
    pytest.mark.skipif(
        not CHROMIUM.exists(), reason="Chromium is not installed at /usr/bin/chromium"
    ),
]


def test_the_secretary_takes_the_attendance_on_a_phone_with_the_keyboard(
    live_server, people, actors
):
    from playwright.sync_api import expect, sync_playwright

    from dangvien.meetings.models import Attendance

    secretary = actors["secretary"]
    ARTIFACTS.mkdir(exist_ok=True)
    with sync_playwright() as p:
        browser = p.chromium.launch(
            executable_path=str(CHROMIUM),
            args=["--no-sandbox", "--disable-gpu", "--no-first-run"],
        )
        try:
            page = browser.new_page(viewport={"width": 390, "height": 844}, locale="vi-VN")
            page.goto(f"{live_server.url}/login/")
            page.fill("input[name=username]", secretary.username)
            page.fill("input[name=password]", "pass-12345")
            page.click("button.primary")
            page.goto(f"{live_server.url}/org/CB-A/meetings/new/")
            page.fill("input[name=held_on]", "2024-03-05")
            page.fill("input[name=topic]", "Nghị quyết tháng 3")
            page.click("button.primary")
            expect(page.locator("h1")).to_contain_text("Điểm danh")
            items = page.locator(".attendance-list li")
            expect(items).to_have_count(4)
            # nothing wider than the phone
            assert page.evaluate("document.documentElement.scrollWidth") <= 390
            # keyboard: the first member's group has focus on "present"; the right arrow moves
            # to "absent with reason", Tab reaches the reason
            first = items.nth(0)
            first.locator("input[type=radio]").first.focus()
            page.keyboard.press("ArrowRight")
            page.keyboard.press("Tab")
            page.keyboard.type("Ốm")
            page.screenshot(path=str(ARTIFACTS / "attendance-phone.png"), full_page=True)
            page.get_by_role("button", name="Lưu điểm danh").click()
            expect(page.locator("h1")).to_contain_text("05/03/2024")
            expect(page.locator("body")).to_contain_text("Ốm")
        finally:
            browser.close()
    statuses = sorted(Attendance.objects.values_list("status", flat=True))
    assert statuses == ["excused", "present", "present", "present"]
