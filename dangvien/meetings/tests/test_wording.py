"""The wording of the meetings' sentences and of the portal's summary when a count is zero:
no "0 cuộc", no "trong 0 tháng"."""

from __future__ import annotations

from typing import Any

from django.template.loader import render_to_string
from django.utils import translation

from dangvien.meetings.figures import meetings_text

COMMUNE = {"organization": {"name": "Đảng bộ xã Mỹ Hòa", "kind": "grassroots_committee"}}
CELL = {"organization": {"name": "Chi bộ khóm 1A", "kind": "cell"}}


def _value(**changes: Any) -> dict[str, Any]:
    return {
        "from": "2024-01-01",
        "to": "2024-04-30",
        "regular": 7,
        "thematic": 1,
        "attendance_percent": 52.94,
        "members_with_3_unexcused_months": 0,
        **changes,
    }


def test_the_ordinary_sentence_is_unchanged():
    assert meetings_text(_value(), COMMUNE) == (
        "Từ ngày 01/01/2024 đến ngày 30/04/2024, các tổ chức đảng đã tổ chức 7 cuộc sinh hoạt "
        "thường kỳ, 1 cuộc sinh hoạt chuyên đề, tỷ lệ đảng viên dự sinh hoạt đạt 52,94%."
    )


def test_an_empty_period_says_there_was_none():
    text = meetings_text(_value(regular=0, thematic=0, attendance_percent=None), COMMUNE)
    assert text == (
        "Từ ngày 01/01/2024 đến ngày 30/04/2024, các tổ chức đảng chưa tổ chức cuộc sinh hoạt "
        "thường kỳ, chuyên đề nào."
    )


def test_a_kind_without_meetings_is_left_out():
    text = meetings_text(_value(thematic=0), COMMUNE)
    assert "đã tổ chức 7 cuộc sinh hoạt thường kỳ, tỷ lệ" in text
    assert "0 cuộc" not in text and "chuyên đề" not in text


def test_a_cell_speaks_of_itself():
    text = meetings_text(_value(regular=4, thematic=0, members_with_3_unexcused_months=1), CELL)
    assert text.startswith("Từ ngày 01/01/2024 đến ngày 30/04/2024, chi bộ đã tổ chức 4 cuộc")
    assert text.endswith(
        "Có 1 đảng viên bỏ sinh hoạt không có lý do từ ba tháng trở lên trong năm, cần xem xét xóa tên."
    )


def _portal(**panel: Any) -> str:
    with translation.override("vi"):
        return render_to_string(
            "meetings/portal_section.html",
            {"panel": {"year": 2024, "plans": [], "meetings": [], "exempted": False, **panel}},
        )


def test_the_portal_says_no_month_absent_without_reason():
    page = _portal(present=5, total=6, unexcused_months=0)
    assert "Năm 2024: có mặt 5/6 cuộc họp; không có tháng nào vắng sinh hoạt thường kỳ" in page
    assert "trong 0 tháng" not in page


def test_the_portal_counts_the_months_absent_without_reason():
    page = _portal(present=3, total=6, unexcused_months=2)
    assert "có mặt 3/6 cuộc họp; vắng sinh hoạt thường kỳ không có lý do trong 2 tháng." in page


def test_the_portal_without_attendance_says_so():
    page = _portal(present=0, total=0, unexcused_months=0)
    assert "Năm 2024: đồng chí chưa được điểm danh ở cuộc họp nào." in page
    assert "0/0" not in page


def _member_panel(**panel: Any) -> str:
    with translation.override("vi"):
        return render_to_string(
            "meetings/member_panel.html",
            {"panel": {"year": 2024, "rows": [], "all_count": 0, **panel}},
        )


def test_the_member_page_says_no_month_absent_without_reason():
    page = _member_panel(present=5, total=6, unexcused_months=0)
    assert "Năm 2024: có mặt 5/6 cuộc họp; không có tháng nào vắng sinh hoạt thường kỳ" in page
    assert "trong 0 tháng" not in page


def test_the_member_page_without_attendance_this_year_says_so():
    page = _member_panel(present=0, total=0, unexcused_months=0)
    assert "Năm 2024: chưa có cuộc họp nào điểm danh đảng viên này." in page
    assert "0/0" not in page
