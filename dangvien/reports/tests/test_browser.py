"""Chromium opens the Tháp Mười dashboard, changes the dates, and keeps a screenshot."""

from __future__ import annotations

import re

from dangvien.accounts.models import User
from dangvien.core.tests.browser import ARTIFACTS, BROWSER_TESTS, chromium, log_in, new_page

pytestmark = BROWSER_TESTS


def test_dashboard_at_two_dates(live_server, tmp_path):
    from playwright.sync_api import expect

    from dangvien.interchange.importer import import_bundle
    from dangvien.interchange.tests.thap_muoi import write_thap_muoi_bundle

    admin = User.objects.create_superuser(
        "root", "root@example.vn", "root-pass-123", full_name="Quản trị"
    )
    write_thap_muoi_bundle(tmp_path)
    import_bundle(tmp_path, actor=admin)
    with chromium() as browser:
        page = log_in(new_page(browser, 1200, 900), live_server.url, "root", "root-pass-123")
        page.get_by_role("link", name="Báo cáo").first.click()
        expect(page.locator("h1")).to_have_text("Báo cáo")
        page.goto(f"{live_server.url}/org/HU-TM/dashboard/?as_of=2021-12-31")
        expect(page.locator("h1")).to_have_text("Đảng bộ huyện Tháp Mười")
        # change the date to 30/04/2022 and compare with the end of 2021
        page.fill("#dash-as-of", "2022-04-30")
        page.fill("#dash-compare", "2021-12-31")
        page.get_by_role("button", name="Xem").last.click()
        page.wait_for_url(re.compile(r"as_of=2022-04-30.*compare=2021-12-31"))
        expect(page.locator(".kpis")).to_contain_text("4.541")
        expect(page.locator(".report-text")).to_contain_text("3,45%")
        expect(page.locator("table.compare")).to_contain_text("31/12/2021")
        expect(page.locator("svg.chart")).to_have_count(4)
        expect(page.locator("table.drilldown tfoot")).to_contain_text("4.541")
        page.screenshot(path=str(ARTIFACTS / "dashboard.png"), full_page=True)
        page.emulate_media(media="print")
        page.screenshot(path=str(ARTIFACTS / "dashboard-print.png"), full_page=True)
