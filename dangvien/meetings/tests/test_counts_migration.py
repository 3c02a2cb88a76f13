"""The migration that added the meetings' kept counts sets them from the rows already stored."""

from datetime import date
from importlib import import_module

from django.db import connection

from dangvien.meetings.models import Meeting
from dangvien.meetings.services import AttendanceEntry, attendance_take, meeting_record

FILL = import_module("dangvien.meetings.migrations.0006_attendance_counts").FILL


def test_the_fill_counts_the_rows_of_the_meetings_stored_before_it(people, actors, org_tree):
    held = [
        meeting_record(
            actor=actors["secretary"], organization=org_tree.cell_a, kind=kind, held_on=day
        )
        for kind, day in (("regular", date(2024, 3, 5)), ("thematic", date(2025, 3, 5)))
    ]
    attendance_take(
        actor=actors["secretary"],
        meeting=held[0],
        entries=[
            AttendanceEntry(people["an"], "present"),
            AttendanceEntry(people["binh"], "unexcused"),
        ],
    )
    # as a database migrated before the counts were kept: every meeting at 0
    Meeting.objects.update(attendance_count=0, present_count=0)
    with connection.cursor() as cursor:
        cursor.execute(FILL)
    assert sorted(Meeting.objects.values_list("held_on", "attendance_count", "present_count")) == [
        (date(2024, 3, 5), 2, 1),
        (date(2025, 3, 5), 0, 0),
    ]
