"""Drives Chromium at phone width: the secretary records a meeting and takes the attendance with
the keyboard in one screen."""

from __future__ import annotations

from dangvien.core.tests.browser import ARTIFACTS, BROWSER_TESTS, chromium, log_in, new_page

pytestmark = BROWSER_TESTS


def test_the_secretary_takes_the_attendance_on_a_phone_with_the_keyboard(
    live_server, people, actors
):
    from playwright.sync_api import expect

    from dangvien.meetings.models import Attendance

    secretary = actors["secretary"]
    with chromium() as browser:
        page = log_in(
            new_page(browser, 390, 844), live_server.url, secretary.username, "pass-12345"
        )
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
    statuses = sorted(Attendance.objects.values_list("status", flat=True))
    assert statuses == ["excused", "present", "present", "present"]
