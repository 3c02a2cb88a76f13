"""Drives Chromium through the tree: log in, open nodes, open a commune, look at 2022."""

from __future__ import annotations

import re
from datetime import date

from dangvien.accounts.models import User
from dangvien.core.tests.browser import ARTIFACTS, BROWSER_TESTS, chromium, log_in, new_page
from dangvien.organizations.services import (
    organization_create,
    organization_dissolve,
    organization_move,
)

pytestmark = BROWSER_TESTS


def build_tree() -> None:
    """The province with two districts and their communes; the 07/2025 restructure."""
    admin = User.objects.create_superuser(
        "root", "root@example.vn", "root-pass-123", full_name="Quản trị"
    )
    founded, reform = date(2000, 1, 1), date(2025, 7, 1)

    def make(code, name, kind, parent, sector=""):
        return organization_create(
            actor=admin,
            code=code,
            name=name,
            kind=kind,
            sector=sector,
            parent=parent,
            established_on=founded,
        )

    province = make("T-DT", "Đảng bộ tỉnh Đồng Tháp", "provincial", None)
    district = make("HU-TM", "Đảng bộ huyện Tháp Mười", "upper_grassroots", province)
    commune = make("X-MA", "Đảng bộ xã Mỹ An", "grassroots_committee", district, "commune")
    make("CB-A", "Chi bộ ấp Mỹ Phước", "cell", commune, "residential")
    sibling = make("HU-CL", "Đảng bộ huyện Cao Lãnh", "upper_grassroots", province)
    make("X-MH", "Đảng bộ xã Mỹ Hiệp", "grassroots_committee", sibling, "commune")
    organization_move(actor=admin, organization=commune, new_parent=province, effective_on=reform)
    organization_dissolve(actor=admin, organization=district, effective_on=reform)


def test_walk_the_tree_and_look_back_to_2022(live_server):
    from playwright.sync_api import expect

    build_tree()
    with chromium() as browser:
        page = log_in(new_page(browser, 1100, 800), live_server.url, "root", "root-pass-123")
        expect(page.locator("h1")).to_have_text("Cây tổ chức")
        # today: the district is gone, the commune stands under the province
        tree = page.locator("ul.tree")
        expect(tree).not_to_contain_text("Đảng bộ huyện Tháp Mười")
        # open the province: collapse, then expand again (htmx loads its children)
        toggle = page.locator("button.toggle[data-code='T-DT']")
        toggle.click()
        expect(toggle).to_have_attribute("aria-expanded", "false")
        expect(tree).not_to_contain_text("Đảng bộ xã Mỹ An")
        toggle.click()
        expect(toggle).to_have_attribute("aria-expanded", "true")
        expect(tree).to_contain_text("Đảng bộ xã Mỹ An")
        # open the commune (htmx), then its page
        page.locator("button.toggle[data-code='X-MA']").click()
        expect(tree).to_contain_text("Chi bộ ấp Mỹ Phước")
        page.get_by_role("link", name="Đảng bộ xã Mỹ An").click()
        expect(page.locator("h1")).to_have_text("Đảng bộ xã Mỹ An")
        expect(page.locator(".timeline")).to_contain_text("01/07/2025")
        # back to the tree, as of 30/04/2022: the dissolved district is there
        page.get_by_role("link", name="Cây tổ chức").first.click()
        page.fill("#as-of-input", "2022-04-30")
        page.locator("#as-of-input").dispatch_event("change")
        page.wait_for_url(re.compile(r"as_of=2022-04-30"))
        expect(tree).to_contain_text("Đảng bộ huyện Tháp Mười")
        expect(page.locator(".as-of-banner")).to_contain_text("30/04/2022")
        page.locator("button.toggle[data-code='HU-TM']").click()
        expect(tree).to_contain_text("Đảng bộ xã Mỹ An")
        page.screenshot(path=str(ARTIFACTS / "tree-2022.png"), full_page=True)
        page.set_viewport_size({"width": 390, "height": 844})
        page.screenshot(path=str(ARTIFACTS / "tree-2022-phone.png"), full_page=True)
        page.set_viewport_size({"width": 1100, "height": 800})
        page.get_by_role("link", name="Đảng bộ huyện Tháp Mười").click()
        expect(page.locator("h1")).to_have_text("Đảng bộ huyện Tháp Mười")
        page.screenshot(path=str(ARTIFACTS / "district-2022.png"), full_page=True)
