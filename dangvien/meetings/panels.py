"""What meetings show on the member page, in the member's portal and on the organization page
(registered in ``apps.py``)."""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext_lazy as _

from dangvien.accounts.types import Actor
from dangvien.audit.selectors import cached_for_reader
from dangvien.core.dates import today
from dangvien.http.registry import InboxItem, PanelContext, page_url
from dangvien.meetings.choices import AttendanceStatus, MeetingKind
from dangvien.meetings.models import AbsenceNotice, Attendance, MeetingDocument
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
    shown = rows[:ATTENDANCE_SHOWN]
    names = organization_names(row.meeting.organization_id for row in shown)
    return {
        "rows": [(row, names.get(row.meeting.organization_id, "")) for row in shown],
        "all_count": len(rows),  # the table says it shows the latest only
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
    documents: dict[int, list[MeetingDocument]] = {}
    for document in MeetingDocument.objects.filter(meeting__in=meetings).order_by("id"):
        documents.setdefault(document.meeting_id or 0, []).append(document)
    plans = []
    if period is not None and not exempted:
        own = [pk for pk in (period.organization_id, period.host_organization_id) if pk]
        # the notices given by the day read, as the plans are those entered by then (a plan
        # held since, read at a day before, is still coming then)
        notices = {
            notice.plan_id: notice
            for notice in AbsenceNotice.objects.filter(member=member, created_at__date__lte=page.on)
        }
        plans = [
            {"plan": plan, "notice": notices.get(plan.pk)} for plan in upcoming_plans(own, page.on)
        ]
    return {
        **_year_summary(rows, page.on.year),
        "exempted": exempted,
        "plans": plans,
        # an absence is announced today (the form refuses a plan no longer coming today): the
        # handbook read at another day shows the plans of that day without the link
        "may_announce": page.on == today(),
        "meetings": [
            {
                "meeting": m,
                "attendance": by_meeting.get(m.pk),
                "documents": documents.get(m.pk, []),
            }
            for m in meetings
        ],
    }


def inbox_attendance(actor: Actor) -> list[InboxItem]:
    """Meetings of the last two months whose attendance waits to be taken."""
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


def dashboard_meetings(page: PanelContext) -> dict[str, Any] | None:
    """The dashboard's party life for the subtree: the share present month by month of the
    year (regular and thematic meetings, as ``attendance_percent`` counts it) and the cells that
    held no regular meeting in the last full period of the rulebook's frequency (last month);
    hidden from those who may not see meetings there."""
    from dangvien.accounts.scoping import can
    from dangvien.meetings.figures import monthly_attendance
    from dangvien.meetings.permissions import MeetingPermission
    from dangvien.meetings.selectors import (
        MissingMeetings,
        missed_period,
        organizations_without_first,
    )

    organization, on = page.subject, page.on
    if not can(page.actor, MeetingPermission.VIEW, organization):
        return None
    # the period the organization's meetings page warns about too (one rule for both)
    period = missed_period(MeetingKind.REGULAR, on)
    start, end = period.start, period.end

    def read() -> tuple[list[dict[str, Any]], list[MissingMeetings], int]:
        missing, count = organizations_without_first(
            actor=page.actor,
            root=organization,
            kind=MeetingKind.REGULAR,
            period_from=start,
            period_to=end,
            first=MISSING_SHOWN,
        )
        return monthly_attendance(organization, on), missing, count

    # a whole tree's cells without a meeting are tens of thousands (~0.1 s to find): kept until
    # the next change, per reader (the list holds the cells they may see)
    months, missing, missing_count = cached_for_reader(
        f"dashboard-meetings:{organization.pk}:{on}", page.actor, read
    )
    return {
        "months": months,
        "any_rows": any(row["rows"] for row in months),
        "missing": missing,
        "missing_count": missing_count,
        "code": organization.code,  # the whole list: the organization's meetings page
        "from": start,
        "to": end,
        "rule": period.rule,
    }


#: How many of the member's attendance rows the member page lists (the latest).
ATTENDANCE_SHOWN = 12

#: How many cells without a meeting the dashboard names (the count is of all of them).
MISSING_SHOWN = 20
