"""Issue 18, "Done when": Chromium walks the main journeys of the demo as ``tinh``, ``xa`` and
``chibo``; every page at 1280 and 390 px is kept under ``test-artifacts/journeys/`` (to be
looked at), and none scrolls sideways on a phone, shows an English word of the interface or a
raw key; the members' Excel export has real dates and names."""

from __future__ import annotations

import io
from datetime import date, datetime

from dangvien.core.tests.browser import ARTIFACTS, BROWSER_TESTS, chromium, log_in, new_page
from dangvien.web.tests.journeys import demo_journeys, walk

SHOTS = ARTIFACTS / "journeys"

pytestmark = BROWSER_TESTS


def _official_member_of(cell_code: str) -> int:
    from dangvien.core.dates import today
    from dangvien.members.models import MemberPeriod

    period = (
        MemberPeriod.objects.at(today())
        .filter(organization__code=cell_code, status="official")
        .order_by("member_id")
        .first()
    )
    assert period is not None
    return period.member_id


def test_the_officers_journeys_read_as_a_vietnamese_officer_expects(demo, live_server):
    member = _official_member_of("HU-TM-X-01-C-01A")
    SHOTS.mkdir(parents=True, exist_ok=True)
    findings = []
    picked: list[str] = []

    def pick_an_organization(page, name: str, width: int) -> None:
        """On the transfer form: type a name without diacritics, pick the line it offers."""
        if name != "member-transfer" or width != 1280:
            return
        page.fill("input[data-org-lookup]", "khom 1b")
        option = page.locator("ul.org-results li").first
        option.wait_for()
        picked.append(option.inner_text())
        option.click()
        picked.append(page.input_value("input[data-org-lookup]"))
        picked.append(page.locator(".org-chosen").inner_text())

    with chromium() as browser:
        for journey in demo_journeys(member):
            findings += walk(browser, live_server.url, journey, SHOTS, on_page=pick_an_organization)
        # the members' export of the commune, opened as Excel would
        page = log_in(new_page(browser), live_server.url, "xa", "dangvien-demo")
        page.wait_for_load_state()
        response = page.request.get(f"{live_server.url}/org/DT25-XA-THAP-MUOI/members/?export=xlsx")
        assert response.status == 200
        workbook = _workbook(response.body())
    assert [f"{f.user} {f.page} {f.width}: {f.what}" for f in findings] == []
    # the organization picker: a name typed without diacritics, the code kept in the field
    assert picked and "Chi bộ khóm 1B" in picked[0]
    assert picked[1:] == ["HU-TM-X-01-C-01B", "Chi bộ khóm 1B"]
    sheet = workbook.active
    rows = list(sheet.iter_rows(values_only=True))
    header = next(i for i, row in enumerate(rows) if row and "Họ và tên" in row)
    columns = {name: i for i, name in enumerate(rows[header]) if name}
    body = [row for row in rows[header + 1 :] if row and row[0]]
    births = [row[columns["Ngày sinh"]] for row in body]
    organizations = {row[columns["Tổ chức đảng"]] for row in body}
    assert births and all(isinstance(b, date | datetime) for b in births if b)
    assert all(o and not o.startswith(("DT25-", "HU-")) for o in organizations)  # names


def _workbook(data: bytes):
    from openpyxl import load_workbook

    return load_workbook(io.BytesIO(data))
