"""Issue 6 walkthrough in Chromium on the real demo: the cell secretary registers a candidate,
records the steps; the commune's staff records the decision; the cell holds the ceremony; the
commune's targets page moves from 125 to 126 admissions; the new member is due for
recognition twelve months later."""

from __future__ import annotations

from datetime import date, timedelta

from dangvien.accounts.models import User
from dangvien.admissions.tests.support import DOCUMENT_STEPS
from dangvien.core.dates import today
from dangvien.core.tests.browser import ARTIFACTS, BROWSER_TESTS, chromium, log_in, new_page
from dangvien.members.choices import MemberStatus
from dangvien.members.models import MemberPeriod
from dangvien.organizations.models import Organization

COMMUNE = "DT25-XA-THAP-MUOI"
PASSWORD = "dangvien-demo"

pytestmark = BROWSER_TESTS


def _secretary_cell() -> tuple[Organization, list[str]]:
    """The demo cell secretary's own cell, and two of its official members (the introducers)."""
    chibo = User.objects.get(username="chibo")
    cell = chibo.role_assignments.get(role="cell_secretary").organization
    names = list(
        MemberPeriod.objects.at(today())
        .filter(organization=cell, status=MemberStatus.OFFICIAL)
        .order_by("member__search_name")
        .values_list("member__full_name", flat=True)[:2]
    )
    assert len(names) == 2, "the demo cell secretary's cell has official members"
    assert cell.path.startswith(Organization.objects.get(code=COMMUNE).path)
    return cell, names


def test_admission_walkthrough_on_the_demo(demo, live_server):
    from playwright.sync_api import expect

    cell, introducers = _secretary_cell()
    on = today()
    vote_on = on - timedelta(days=100)
    course_on = vote_on - timedelta(days=120)
    proposal_on, decision_on = vote_on + timedelta(days=7), vote_on + timedelta(days=21)
    ceremony_on = decision_on + timedelta(days=14)
    with chromium() as browser:

        def login(username: str):
            return log_in(new_page(browser, 1100, 800), live_server.url, username, PASSWORD)

        def step(page, day: date, **fields: str) -> None:
            page.fill("#next-step input[name=done_on]", day.isoformat())
            for name, value in fields.items():
                page.fill(f"#next-step [name={name}]", value)
            page.locator("#next-step button[type=submit]").click()
            expect(page.locator(".messages")).to_contain_text("Đã")

        # the commune's targets page before: 125 of 400
        xa = login("xa")
        xa.goto(f"{live_server.url}/org/{COMMUNE}/admissions/targets/")
        expect(xa.locator(".progress-summary")).to_contain_text("125")
        before = xa.locator(".percent").inner_text()

        # the cell secretary opens the pipeline board of the cell from the index
        secretary = login("chibo")
        secretary.goto(f"{live_server.url}/admissions/")
        expect(secretary.locator("table")).to_contain_text("Của bạn")
        secretary.goto(f"{live_server.url}/org/{cell.code}/admissions/")
        secretary.get_by_role("link", name="Đăng ký quần chúng ưu tú").click()
        secretary.fill("input[name=full_name]", "Nguyễn Thị Walkthrough")
        secretary.select_option("select[name=sex]", "F")
        secretary.fill("input[name=birth_date]", "2000-05-01")
        secretary.fill("input[name=education]", "12/12")
        secretary.fill("input[name=occupation]", "Giáo viên")
        secretary.select_option("select[name=source]", "residence")
        secretary.fill("input[name=joined_unit_on]", "2020-01-01")
        secretary.locator("form[method=post] button.primary").click()
        expect(secretary.locator("h1")).to_have_text("Nguyễn Thị Walkthrough")
        # the checklist says what is missing
        expect(secretary.locator("#checklist")).to_contain_text("còn thiếu hoặc chưa đạt")
        expect(secretary.locator("#checklist")).to_contain_text("Người giới thiệu")
        candidate_url = secretary.url

        # introducers picked by name search among the cell's official members
        secretary.get_by_role("link", name="Người giới thiệu").click()
        for name in introducers:
            secretary.fill("#introducer-q", name)
            secretary.locator("form.search button").click()
            secretary.get_by_label(name, exact=False).first.check()
            secretary.locator("form[method=post] button.primary").click()
            expect(secretary.locator("dl.facts")).to_contain_text(name)
            if name != introducers[-1]:
                secretary.get_by_role("link", name="Người giới thiệu").click()

        # the documents, then the cell vote and the proposal
        day = course_on
        for _ in DOCUMENT_STEPS:
            step(secretary, day, document_number="VB-01")
            day += timedelta(days=7)
        step(
            secretary,
            vote_on,
            document_number="NQ-01",
            members_called="9",
            votes_for="9",
        )
        step(secretary, proposal_on, document_number="TT-01")
        expect(secretary.locator("body")).to_contain_text("cán bộ của cấp ủy có thẩm quyền")

        # the commune's staff records the decision
        xa.goto(candidate_url)
        step(
            xa,
            decision_on,
            document_number="99-QĐ/ĐU",
            issuer="Đảng ủy xã Tháp Mười",
        )
        # the cell holds the ceremony
        secretary.goto(candidate_url)
        step(secretary, ceremony_on)
        expect(secretary.locator("dl.facts")).to_contain_text("Đảng viên dự bị")

        # the commune's targets page: 126 of 400, percentage recomputed
        xa.goto(f"{live_server.url}/org/{COMMUNE}/admissions/targets/")
        expect(xa.locator(".progress-summary")).to_contain_text("126")
        after = xa.locator(".percent").inner_text()
        assert before != after, (before, after)
        xa.screenshot(path=str(ARTIFACTS / "admissions-targets.png"), full_page=True)

        # twelve months later she is due for recognition
        later = (ceremony_on + timedelta(days=366)).isoformat()
        xa.goto(f"{live_server.url}/org/{cell.code}/members/recognition/?as_of={later}")
        expect(xa.locator("main")).to_contain_text("Nguyễn Thị Walkthrough")
