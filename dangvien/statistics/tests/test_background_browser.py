"""Chromium follows a counting in the background on the statistics page: the waiting block's
live region stays the same element and changes only when the part being counted does (a
screen reader announced the whole block at every poll); the figures replace the block once
they are kept."""

from __future__ import annotations

import time

from django.core.cache import cache
from django.urls import reverse

from dangvien.core.formatting import vn_int
from dangvien.core.tests.browser import BROWSER_TESTS, chromium, log_in, new_page
from dangvien.statistics import background
from dangvien.statistics.selectors import statistics_for
from dangvien.statistics.tests.conftest import ON

pytestmark = BROWSER_TESTS

#: Keeps the live region's element and counts the changes made in it.
WATCH = """() => {
  window.region = document.querySelector("[aria-live]");
  window.changes = 0;
  new MutationObserver((records) => { window.changes += records.length; }).observe(
    window.region, {childList: true, subtree: true, characterData: true, attributes: true});
}"""

SAME_REGION = '() => document.querySelector("[aria-live]") === window.region'


def test_the_live_region_changes_only_with_the_part(live_server, thap_muoi, worker):
    from playwright.sync_api import expect

    total = vn_int(statistics_for(thap_muoi["T-DT"], ON)["members"]["total"])
    url = reverse("web:organization_statistics", args=["T-DT"]) + f"?as_of={ON}"
    with chromium() as browser:
        page = log_in(new_page(browser), live_server.url, "root", "root-pass-123")

        def polls(count: int) -> None:
            for _ in range(count):
                with page.expect_response(lambda response: "counting=1" in response.url):
                    pass

        page.goto(live_server.url + url)
        page.evaluate(WATCH)
        # polled while the worker has not begun: the seconds go on, the live region is left
        polls(3)
        assert page.evaluate(SAME_REGION)
        assert page.evaluate("() => window.changes") == 0
        region = page.locator("[aria-live]")
        expect(region).to_have_text("Đang chờ tiến trình nền bắt đầu tính.")
        expect(page.locator("#statistics-counting")).to_contain_text("giây trước")
        # a part begins: its line is put in the same element, once
        key = background._state_key("statistics", thap_muoi["T-DT"], ON, True)
        started = background.Counting(
            queued_at=time.time(), started_at=time.time(), title="Phần thử", step=2, steps=5
        )
        cache.set(key, started, background.STATE_SECONDS)
        expect(region).to_have_text("Phần 2/5: Phần thử.")
        assert page.evaluate("() => window.changes") > 0
        assert page.evaluate(SAME_REGION)
        page.evaluate("() => { window.changes = 0; }")
        polls(3)
        assert page.evaluate("() => window.changes") == 0
        # the worker counts (the live server's thread has a backend of its own: its task
        # is done here): the page is loaded again with the figures
        background.count_in_background("statistics", thap_muoi["T-DT"].pk, ON, True)
        expect(page.locator("body")).to_contain_text(f"{total} đảng viên")
        expect(page.locator("#statistics-counting")).to_have_count(0)
