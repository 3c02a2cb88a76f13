"""The three months rule on the removal due-lists."""

from datetime import date

from dangvien.decisions.due import removal_due
from dangvien.meetings.due import UNEXCUSED_TRIGGER
from dangvien.meetings.services import AttendanceEntry, attendance_take, meeting_record


def _regular(actor, org, day, member, status):
    meeting = meeting_record(actor=actor, organization=org, kind="regular", held_on=day)
    attendance_take(actor=actor, meeting=meeting, entries=[AttendanceEntry(member, status)])


def test_three_distinct_months_unexcused_put_the_member_on_the_due_list(
    people, actors, org_tree, superuser
):
    an, binh = people["an"], people["binh"]
    # An: twice in January and once in February (two months); Bình: January, March, May
    for day, member in [
        (date(2024, 1, 5), an),
        (date(2024, 1, 25), an),
        (date(2024, 2, 5), an),
        (date(2024, 1, 6), binh),
        (date(2024, 3, 6), binh),
        (date(2024, 5, 6), binh),
    ]:
        _regular(superuser, org_tree.cell_a, day, member, "unexcused")

    def due(on, actor=actors["commune"]):
        return [
            (row.due.member.full_name, row.due.kind)
            for row in removal_due(actor=actor, organization=org_tree.commune, on=on)
            if row.trigger is UNEXCUSED_TRIGGER
        ]

    assert due(date(2024, 5, 5)) == []
    assert due(date(2024, 5, 6)) == [("Trần Thị Bình", "removal")]
    assert due(date(2025, 1, 10)) == []  # a new year starts the count again
    # the secretary of another cell does not see them
    assert due(date(2024, 5, 6), actors["other_secretary"]) == []
