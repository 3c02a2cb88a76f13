"""The ``meetings`` key of the statistics (§4 of the contract), its sentences and its table.

* ``regular``, ``thematic``: meetings of that kind held in the year of D (1 January to D) by
  organizations placed in the subtree (``statistics.placement``: followed through merges,
  the root itself included);
* ``attendance_percent``: ``100 * present / (present + excused + unexcused)`` over the
  attendance rows of those regular and thematic meetings, two decimals, half up; ``null``
  without rows;
* ``members_with_3_unexcused_months``: members §3's ``members.total`` counts at D who were
  absent without reason from a regular meeting (of any organization) in at least three distinct
  calendar months of the year of D.
"""

from __future__ import annotations

from datetime import date
from functools import partial
from typing import Any

from django.db.models import Count, Sum

from dangvien.audit.selectors import cached_until_write
from dangvien.core.formatting import vn_date, vn_decimal, vn_int
from dangvien.meetings.choices import PARTY_LIFE_KINDS, AttendanceStatus, MeetingKind
from dangvien.meetings.models import Attendance, Meeting
from dangvien.meetings.rules import meets_unexcused_threshold
from dangvien.organizations.choices import CELL_KINDS
from dangvien.organizations.models import Organization
from dangvien.statistics.placement import counted_members, placed_q, placement, year_of
from dangvien.statistics.sections import Table
from dangvien.statistics.selectors import percent

#: The number of months the contract's key names ("at least three distinct calendar months");
#: the removal due-list reads the rulebook (``removal.unexcused_months_per_year``) instead.
CONTRACT_MONTHS = 3


def meetings_figures(root: Organization, on: date) -> dict[str, Any]:
    place = placement(root, on)
    start, end = year_of(on)
    # added up from the months (kept for the dashboard's chart, which asks for them next; they
    # add up the meetings' kept counts of their attendance rows)
    months = monthly_attendance(root, on)
    present = sum(row["present"] for row in months)
    total = sum(row["rows"] for row in months)
    unexcused: dict[int, list[date]] = {}
    for member_id, day in Attendance.objects.filter(
        status=AttendanceStatus.UNEXCUSED,
        kind=MeetingKind.REGULAR,
        held_on__gte=start,
        held_on__lte=end,
        member_id__in=counted_members(place),
    ).values_list("member_id", "held_on"):
        unexcused.setdefault(member_id, []).append(day)
    return {
        "from": start.isoformat(),
        "to": end.isoformat(),
        "regular": sum(row[MeetingKind.REGULAR] for row in months),
        "thematic": sum(row[MeetingKind.THEMATIC] for row in months),
        "attendance_percent": percent(present, total) if total else None,
        "members_with_3_unexcused_months": sum(
            1 for days in unexcused.values() if meets_unexcused_threshold(days, CONTRACT_MONTHS)
        ),
    }


def meetings_text(value: dict[str, Any], stats: dict[str, Any]) -> str:
    """The sentences of the report ("Từ ngày … đến ngày …, các tổ chức đảng đã tổ chức 904 cuộc
    sinh hoạt thường kỳ, 226 cuộc sinh hoạt chuyên đề, tỷ lệ đảng viên dự sinh hoạt đạt 93,17%
    …"); a kind without meetings is left out, a chi bộ speaks of itself."""
    since = vn_date(date.fromisoformat(value["from"]))
    until = vn_date(date.fromisoformat(value["to"]))
    kind = stats.get("organization", {}).get("kind")
    who = "chi bộ" if kind in CELL_KINDS else "các tổ chức đảng"
    held = [
        f"{vn_int(value[key])} cuộc sinh hoạt {words}"
        for key, words in (("regular", "thường kỳ"), ("thematic", "chuyên đề"))
        if value[key]
    ]
    if held:
        text = f"Từ ngày {since} đến ngày {until}, {who} đã tổ chức {', '.join(held)}"
        if value["attendance_percent"] is not None:
            text += (
                f", tỷ lệ đảng viên dự sinh hoạt đạt {vn_decimal(value['attendance_percent'], 2)}%"
            )
    else:
        text = (
            f"Từ ngày {since} đến ngày {until}, {who} chưa tổ chức cuộc sinh hoạt thường kỳ, "
            "chuyên đề nào"
        )
    text += "."
    if value["members_with_3_unexcused_months"]:
        text += (
            f" Có {vn_int(value['members_with_3_unexcused_months'])} đảng viên bỏ sinh hoạt "
            "không có lý do từ ba tháng trở lên trong năm, cần xem xét xóa tên."
        )
    return text


def meetings_tables(value: dict[str, Any]) -> list[Table]:
    since = vn_date(date.fromisoformat(value["from"]))
    until = vn_date(date.fromisoformat(value["to"]))
    return [
        (
            f"Sinh hoạt đảng từ {since} đến {until}",
            ["Chỉ tiêu", "Số liệu"],
            [
                ["Sinh hoạt thường kỳ (cuộc)", value["regular"]],
                ["Sinh hoạt chuyên đề (cuộc)", value["thematic"]],
                ["Tỷ lệ đảng viên dự sinh hoạt (%)", value["attendance_percent"]],
                [
                    "Đảng viên vắng không lý do từ 3 tháng trong năm",
                    value["members_with_3_unexcused_months"],
                ],
            ],
        )
    ]


def monthly_attendance(root: Organization, on: date) -> list[dict[str, Any]]:
    """Month by month of the year of D (to D), with the placement of the ``meetings`` key:
    regular and thematic meetings held, attendance rows and the share present (``None``
    without rows), from the meetings' kept counts of their attendance rows. What the
    organization's meetings page and the dashboard chart, and what the ``meetings`` key adds
    up. Kept until the next change of that day's data
    (``cached_until_write``): the statistics' first counting keeps it for the dashboard."""
    return cached_until_write(
        f"monthly-attendance:{root.pk}:{on.isoformat()}",
        partial(_monthly_attendance, root, on),
        on=on,
    )


def _monthly_attendance(root: Organization, on: date) -> list[dict[str, Any]]:
    place = placement(root, on)
    start, end = year_of(on)
    months: dict[int, dict[str, Any]] = {
        month: {
            "month": date(on.year, month, 1),
            "regular": 0,
            "thematic": 0,
            "present": 0,
            "rows": 0,
        }
        for month in range(1, on.month + 1)
    }
    # the meetings' kept counts (``Meeting.attendance_count``, ``present_count``): the
    # attendance rows themselves are tens of millions a year at national size
    for day, kind, n, rows, present in (
        Meeting.objects.filter(held_on__gte=start, held_on__lte=end, kind__in=PARTY_LIFE_KINDS)
        .filter(placed_q(place))
        .values("held_on", "kind")
        .annotate(n=Count("id"), rows=Sum("attendance_count"), present=Sum("present_count"))
        .values_list("held_on", "kind", "n", "rows", "present")
        .order_by()
    ):
        months[day.month][kind] += n
        months[day.month]["rows"] += rows
        months[day.month]["present"] += present
    for row in months.values():
        row["percent"] = percent(row["present"], row["rows"]) if row["rows"] else None
    return list(months.values())
