"""What meetings show on the member page, in the member's portal and on the organization page
(registered in ``apps.py``)."""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext_lazy as _

from dangvien.accounts.types import Actor
from dangvien.http.registry import InboxItem, PanelContext, page_url
from dangvien.meetings.choices import AttendanceStatus, MeetingKind
from dangvien.meetings.models import AbsenceNotice, Attendance
from dangvien.meetings.rules import unexcused_months
from dangvien.meetings.selectors import (
    attendance_of_member,
    cell_meetings_of,
    meetings_without_attendance,
    organization_names,
    upcoming_plans,
)
from dangvien.members.models import MemberPeriod


def _year_summary(rows: list[Attendance], year: int) -> dict[str, Any]:
    of_year = [row for row in rows if row.held_on.year == year]
    return {
        "year": year,
        "total": len(of_year),
        "present": sum(1 for row in of_year if row.status == AttendanceStatus.PRESENT),
        "unexcused_months": unexcused_months(
            row.held_on
            for row in of_year
            if row.status == AttendanceStatus.UNEXCUSED and row.kind == MeetingKind.REGULAR
        ),
    }


def member_attendance(page: PanelContext) -> dict[str, Any] | None:
    """The member's attendance the actor may see (the latest twelve and the year's summary);
    hidden when there is none."""
    rows = list(attendance_of_member(actor=page.actor, member=page.subject, until=page.on))
    if not rows:
        return None
    shown = rows[:12]
    names = organization_names(row.meeting.organization_id for row in shown)
    return {
        "rows": [(row, names.get(row.meeting.organization_id, "")) for row in shown],
        **_year_summary(rows, page.on.year),
    }


def portal_meetings(page: PanelContext) -> dict[str, Any] | None:
    """The member's own attendance and their cell's meetings of the last year (nothing of
    anyone else)."""
    member = page.subject
    rows = list(attendance_of_member(actor=None, member=member, until=page.on, own=True))
    period = MemberPeriod.objects.at(page.on).filter(member=member).first()
    by_meeting = {row.meeting_id: row for row in rows}
    meetings = cell_meetings_of(member, page.on) if period is not None else []
    exempted = bool(period and period.is_exempted)
    plans = []
    if period is not None and not exempted:
        own = [pk for pk in (period.organization_id, period.host_organization_id) if pk]
        notices = {
            notice.plan_id: notice
            for notice in AbsenceNotice.objects.filter(member=member, plan__meeting__isnull=True)
        }
        plans = [
            {"plan": plan, "notice": notices.get(plan.pk)} for plan in upcoming_plans(own, page.on)
        ]
    return {
        **_year_summary(rows, page.on.year),
        "exempted": exempted,
        "plans": plans,
        "meetings": [{"meeting": m, "attendance": by_meeting.get(m.pk)} for m in meetings],
    }


def inbox_attendance(actor: Actor) -> list[InboxItem]:
    """Meetings of the last two months whose attendance waits to be taken."""
    from dangvien.core.dates import today

    count = meetings_without_attendance(actor=actor, on=today()).count()
    if not count:
        return []
    return [
        InboxItem(
            _("Meetings whose attendance is not taken"),
            count,
            page_url("web:meetings") + "?pending=1",
        )
    ]
