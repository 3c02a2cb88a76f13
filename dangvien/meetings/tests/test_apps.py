"""What the meetings app registers (``apps.py``): how the audit log reads an attendance."""

from __future__ import annotations

from datetime import date

import pytest
from django.urls import reverse

from dangvien.meetings.services import AttendanceEntry, attendance_take, meeting_record

pytestmark = pytest.mark.django_db


def test_the_audit_log_reads_an_attendance_member_by_member_in_vietnamese(
    client, people, actors, org_tree, superuser
):
    """The log showed "Attendance" (the snapshot key) and the lines as raw JSON."""
    meeting = meeting_record(
        actor=actors["secretary"], organization=org_tree.cell_a, kind="regular",
        held_on=date(2024, 3, 5),
    )  # fmt: skip
    attendance_take(
        actor=actors["secretary"],
        meeting=meeting,
        entries=[
            AttendanceEntry(people["an"], "present"),
            AttendanceEntry(people["binh"], "excused", "ốm"),
        ],
    )
    attendance_take(
        actor=actors["secretary"],
        meeting=meeting,
        entries=[AttendanceEntry(people["an"], "unexcused")],
    )
    client.force_login(superuser)

    response = client.get(reverse("web:audit"), {"action": "update"})

    taken, changed = response.context["rows"][1], response.context["rows"][0]
    assert taken.what == changed.what == "ghi điểm danh"
    assert [(c.label, [str(d) for d in c.details]) for c in taken.changes] == [
        ("điểm danh", ["Nguyễn Văn An: Có mặt", "Trần Thị Bình: Vắng có lý do (ốm)"])
    ]
    assert [str(d) for d in changed.changes[0].details] == [
        "Nguyễn Văn An: Có mặt → Vắng không có lý do"
    ]
    # the table as read, up to the raw data (one click away for administrators)
    shown = response.content.decode().split('class="table audit"')[1].split("Dữ liệu gốc")[0]
    assert "Attendance" not in shown and "attendance" not in shown
    assert '{"' not in shown and "&quot;present&quot;" not in shown
