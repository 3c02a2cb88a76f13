"""The meetings of the demonstration data set (the demo step ``meetings``): three years of
monthly regular meetings and quarterly thematic meetings, with attendance, in the two busiest
grassroots cells of Xã Tháp Mười (the demo secretary's cell first), written through the
services after the decisions step (the member it expels has no attendance after the expulsion);
two members of the secretary's cell, one of them the member whose removal the cell proposed, are
absent without reason in three months of the last year (they appear on the removal due-list)."""

from __future__ import annotations

from datetime import date

from dangvien.accounts.types import Actor
from dangvien.core.dates import add_months, today
from dangvien.core.demo import DemoContext
from dangvien.meetings.choices import AttendanceStatus, MeetingKind
from dangvien.meetings.selectors import expected_members
from dangvien.meetings.services import (
    AttendanceEntry,
    attendance_take,
    meeting_plan_create,
    meeting_record,
)
from dangvien.members.models import MemberPeriod
from dangvien.organizations.models import Organization, OrganizationVersion

#: The last month of the data set (the demo's "now", as the accounts step), and how many.
LAST_MONTH = date(2026, 10, 1)
MONTHS = 36
CELLS = 2
#: The months of the last year in which the two truants miss the regular meeting.
ABSENT_MONTHS = (2, 5, 8)
THEMES = [
    "Học tập và làm theo tư tưởng, đạo đức, phong cách Hồ Chí Minh",
    "Nghị quyết 21-NQ/TW về tăng cường củng cố, xây dựng tổ chức cơ sở đảng",
    "Công tác phát triển đảng viên ở khu dân cư",
    "Chuyển đổi số và Sổ tay đảng viên điện tử",
    "Nâng cao chất lượng sinh hoạt chi bộ (Hướng dẫn 12-HD/BTCTW)",
    "Bảo vệ nền tảng tư tưởng của Đảng",
]
PLACES = ["Hội trường ấp", "Nhà văn hóa ấp", "Trụ sở Đảng ủy xã"]


def demo_cells(commune: Organization, on: date, count: int = CELLS) -> list[Organization]:
    """The busiest grassroots cells of ``commune`` at ``on`` (as the accounts step picks the
    secretary's cell)."""
    cells = (
        OrganizationVersion.objects.at(on)
        .filter(path__startswith=commune.path, kind="grassroots_cell")
        .values("organization_id")
    )
    counts: dict[int, int] = {}
    for organization_id in (
        MemberPeriod.objects.at(on)
        .filter(organization_id__in=cells)
        .values_list("organization_id", flat=True)
    ):
        counts[organization_id] = counts.get(organization_id, 0) + 1
    busiest = sorted(counts, key=lambda pk: (-counts[pk], pk))[:count]
    return [Organization.objects.get(pk=pk) for pk in busiest]


def build_meetings(context: DemoContext[Actor]) -> None:
    commune = context.made["new_communes"]["Xã Tháp Mười"]
    cells = demo_cells(commune, date(2026, 11, 1))
    draw = context.random
    first_month = add_months(LAST_MONTH, -(MONTHS - 1))
    truants: list[int] = []
    made = 0
    for index, cell in enumerate(cells):
        chair = context.person()
        for step in range(MONTHS):
            month = add_months(first_month, step)
            day = month.replace(day=draw.randint(3, 10))
            if (
                day > today()
                or not OrganizationVersion.objects.at(day).filter(organization=cell).exists()
            ):
                continue
            kinds = [(MeetingKind.REGULAR, day)]
            if month.month % 3 == 0:
                kinds.append((MeetingKind.THEMATIC, day.replace(day=draw.randint(15, 25))))
            for kind, held_on in kinds:
                if held_on > today():
                    continue
                theme = draw.choice(THEMES)
                meeting = meeting_record(
                    actor=context.actor,
                    organization=cell,
                    kind=kind,
                    held_on=held_on,
                    place=draw.choice(PLACES),
                    topic=theme
                    if kind == MeetingKind.THEMATIC
                    else f"Sinh hoạt thường kỳ tháng {held_on:%m/%Y}",
                    chaired_by=chair,
                    agenda="1. Đánh giá tình hình tháng qua\n2. Phương hướng tháng tới\n"
                    "3. Sinh hoạt chuyên đề hoặc thảo luận",
                    resolution="Chi bộ thống nhất phương hướng, nhiệm vụ tháng tới.",
                )
                expected = expected_members(meeting)
                if index == 0 and not truants and held_on.year == LAST_MONTH.year:
                    own = [row.member.pk for row in expected if not row.as_guest]
                    # the member whose removal waits for the commune (decisions step), and one
                    waiting = context.made.get("removal_waiting")
                    truants = [waiting.pk] if waiting is not None and waiting.pk in own else []
                    truants += [pk for pk in own[len(own) // 3 :] if pk not in truants][
                        : 2 - len(truants)
                    ]
                entries = []
                for row in expected:
                    roll = draw.random()
                    status, reason = AttendanceStatus.PRESENT, ""
                    if roll > 0.97:
                        status = AttendanceStatus.UNEXCUSED
                    elif roll > 0.91:
                        status = AttendanceStatus.EXCUSED
                        reason = draw.choice(["Ốm", "Đi công tác", "Việc gia đình"])
                    if (
                        row.member.pk in truants
                        and kind == MeetingKind.REGULAR
                        and held_on.year == LAST_MONTH.year
                        and held_on.month in ABSENT_MONTHS
                    ):
                        status, reason = AttendanceStatus.UNEXCUSED, ""
                    entries.append(AttendanceEntry(row.member, status, reason))
                attendance_take(actor=context.actor, meeting=meeting, entries=entries)
                made += 1
    context.summary["meetings"] = made
    if cells:
        _plan_next_month(context, cells[0])


def _plan_next_month(context: DemoContext[Actor], cell: Organization) -> None:
    """Next month's regular meeting of the secretary's cell, planned (a plan is dated after
    today, so it follows the day the demo is loaded)."""
    day = add_months(today().replace(day=1), 1).replace(day=5)
    meeting_plan_create(
        actor=context.actor,
        organization=cell,
        kind=MeetingKind.REGULAR,
        planned_on=day,
        place=PLACES[0],
        topic=f"Sinh hoạt thường kỳ tháng {day:%m/%Y}",
        agenda="1. Đánh giá tình hình tháng qua\n2. Phương hướng tháng tới",
    )
