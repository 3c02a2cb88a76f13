"""Recording meetings and taking attendance through the services."""

from datetime import date

import pytest
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import PermissionDenied

from dangvien.audit.models import AuditEvent
from dangvien.audit.readable import readable_events
from dangvien.core.exceptions import ValidationFailed
from dangvien.meetings.models import Attendance, Meeting
from dangvien.meetings.selectors import expected_members
from dangvien.meetings.services import (
    AttendanceEntry,
    AttendanceRow,
    attendance_create_many,
    attendance_take,
    meeting_record,
    meeting_update,
)

DAY = date(2024, 3, 5)


def test_a_meeting_freezes_the_official_members_convened_without_the_exempted(
    people, actors, org_tree
):
    meeting = meeting_record(
        actor=actors["secretary"],
        organization=org_tree.cell_a,
        kind="regular",
        held_on=DAY,
        topic="Nghị quyết 21-NQ/TW",
        chaired_by="Nguyễn Văn  An",
    )
    # An and Bình: Cường is exempted, Dung probationary, Em a guest
    assert meeting.members_convened == 2
    assert meeting.chaired_by == "Nguyễn Văn An"
    assert meeting.key.startswith("M-")
    assert (
        AuditEvent.objects.filter(
            object_type=ContentType.objects.get_for_model(Meeting),
            object_id=str(meeting.pk),
            action="create",
        ).count()
        == 1
    )


def test_a_meeting_is_refused_in_the_future_before_the_founding_and_of_an_unknown_kind(
    people, actors, org_tree, today_is
):
    today_is(date(2024, 3, 1))
    for kind, day, code in [
        ("regular", date(2024, 3, 2), "future_date"),
        ("regular", date(1999, 12, 31), "organization_not_existing"),
        ("party", date(2024, 2, 2), "meeting_kind_unknown"),
    ]:
        with pytest.raises(ValidationFailed) as error:
            meeting_record(
                actor=actors["secretary"], organization=org_tree.cell_a, kind=kind, held_on=day
            )
        assert error.value.code == code
    assert not Meeting.objects.exists()


def test_only_the_scope_of_the_actor_may_record(people, actors, org_tree):
    with pytest.raises(PermissionDenied):
        meeting_record(
            actor=actors["other_secretary"],
            organization=org_tree.cell_a,
            kind="regular",
            held_on=DAY,
        )
    assert meeting_record(
        actor=actors["commune"], organization=org_tree.cell_a, kind="thematic", held_on=DAY
    )


def test_a_key_recorded_again_changes_nothing_and_another_meeting_may_not_take_it(
    people, actors, org_tree
):
    first = meeting_record(
        actor=actors["secretary"],
        organization=org_tree.cell_a,
        kind="regular",
        held_on=DAY,
        key="K1",
    )
    again = meeting_record(
        actor=actors["secretary"],
        organization=org_tree.cell_a,
        kind="regular",
        held_on=DAY,
        key="K1",
    )
    assert again.pk == first.pk
    with pytest.raises(ValidationFailed) as error:
        meeting_record(
            actor=actors["secretary"],
            organization=org_tree.cell_a,
            kind="thematic",
            held_on=DAY,
            key="K1",
        )
    assert error.value.code == "meeting_key_taken"


def test_expected_members_leave_out_the_exempted_and_add_the_guests(people, actors, org_tree):
    meeting = meeting_record(
        actor=actors["secretary"], organization=org_tree.cell_a, kind="regular", held_on=DAY
    )
    expected = [(row.member.full_name, row.as_guest) for row in expected_members(meeting)]
    assert expected == [  # the members' list order: by the given name
        ("Nguyễn Văn An", False),
        ("Trần Thị Bình", False),
        ("Phạm Thị Dung", False),
        ("Võ Văn Em", True),
    ]


def test_attendance_is_taken_in_one_go_and_a_changed_line_is_audited(people, actors, org_tree):
    meeting = meeting_record(
        actor=actors["secretary"], organization=org_tree.cell_a, kind="regular", held_on=DAY
    )
    rows = attendance_take(
        actor=actors["secretary"],
        meeting=meeting,
        entries=[
            AttendanceEntry(people["an"], "present"),
            AttendanceEntry(people["binh"], "excused", "  ốm  "),
            AttendanceEntry(people["em"], "unexcused"),
        ],
    )
    assert [(r.status, r.reason, r.as_guest) for r in rows] == [
        ("present", "", False),
        ("excused", "ốm", False),
        ("unexcused", "", True),
    ]
    audits = AuditEvent.objects.count()
    attendance_take(
        actor=actors["secretary"],
        meeting=meeting,
        entries=[
            AttendanceEntry(people["an"], "present"),
            AttendanceEntry(people["em"], "excused", "đi công tác"),
        ],
    )
    assert AuditEvent.objects.count() == audits + 1  # one row: the changed line
    change = AuditEvent.objects.latest("id")
    assert change.before == {"attendance": {str(people["em"].pk): ["unexcused", ""]}}
    assert change.after == {"attendance": {str(people["em"].pk): ["excused", "đi công tác"]}}
    em = Attendance.objects.get(meeting=meeting, member=people["em"])
    assert (em.status, em.reason, em.held_on, em.kind) == ("excused", "đi công tác", DAY, "regular")


def _counts(meeting):
    meeting.refresh_from_db()
    rows = Attendance.objects.filter(meeting=meeting)
    kept = (meeting.attendance_count, meeting.present_count)
    assert kept == (rows.count(), rows.filter(status="present").count())
    return kept


def test_the_meeting_keeps_the_count_of_its_rows_and_of_those_present(people, actors, org_tree):
    meeting = meeting_record(
        actor=actors["secretary"], organization=org_tree.cell_a, kind="regular", held_on=DAY
    )
    assert _counts(meeting) == (0, 0)
    line = [AttendanceEntry(people["an"], "present"), AttendanceEntry(people["em"], "unexcused")]
    attendance_take(actor=actors["secretary"], meeting=meeting, entries=line)
    assert _counts(meeting) == (2, 1)
    # a line changed from absent to present is followed, as a new line is
    attendance_take(
        actor=actors["secretary"],
        meeting=meeting,
        entries=[
            AttendanceEntry(people["em"], "present"),
            AttendanceEntry(people["binh"], "excused"),
        ],
    )
    assert _counts(meeting) == (3, 2)
    attendance_take(
        actor=actors["secretary"],
        meeting=meeting,
        entries=[AttendanceEntry(people["an"], "excused", "ốm")],
    )
    assert _counts(meeting) == (3, 1)


def test_the_log_of_a_recorded_meeting_does_not_show_its_counts(actors, org_tree):
    meeting = meeting_record(
        actor=actors["secretary"], organization=org_tree.cell_a, kind="regular", held_on=DAY
    )
    created = AuditEvent.objects.filter(object_id=str(meeting.pk)).latest("id")
    assert "attendance_count" in created.after  # in the snapshot, as every field is
    (shown,) = readable_events([created])
    assert shown.changes
    assert not [c for c in shown.changes if "count" in str(c.label).lower()]


def test_the_bulk_load_counts_the_rows_of_every_meeting_it_wrote(people, actors, org_tree):
    first, second = (
        meeting_record(
            actor=actors["secretary"], organization=org_tree.cell_a, kind=kind, held_on=DAY
        )
        for kind in ("regular", "thematic")
    )
    written = attendance_create_many(
        actor=actors["secretary"],
        organizations=[org_tree.cell_a],
        rows=[
            AttendanceRow(meeting.pk, people[who].pk, status, "", False, DAY, meeting.kind)
            for meeting, who, status in (
                (first, "an", "present"),
                (first, "binh", "unexcused"),
                (second, "an", "present"),
                (second, "binh", "present"),
                (second, "em", "excused"),
            )
        ],
    )
    assert written == 5
    assert (_counts(first), _counts(second)) == ((2, 1), (3, 2))


@pytest.mark.parametrize(
    ("who", "code"), [("cuong", "attendance_exempted"), ("outsider", "attendance_not_member")]
)
def test_attendance_of_an_exempted_member_or_of_a_stranger_is_refused_and_nothing_is_written(
    people, actors, org_tree, superuser, who, code
):
    from dangvien.members.tests.support import admit

    people["outsider"] = admit(
        superuser, org_tree.cell_b, name="Hồ Thị Gấm", national_id="087090000010"
    )
    meeting = meeting_record(
        actor=actors["secretary"], organization=org_tree.cell_a, kind="regular", held_on=DAY
    )
    with pytest.raises(ValidationFailed) as error:
        attendance_take(
            actor=actors["secretary"],
            meeting=meeting,
            entries=[
                AttendanceEntry(people["an"], "present"),
                AttendanceEntry(people[who], "present"),
            ],
        )
    assert error.value.code == code
    assert not Attendance.objects.exists()


def test_a_member_exempted_later_still_attended_before(people, actors, org_tree):
    meeting = meeting_record(
        actor=actors["secretary"],
        organization=org_tree.cell_a,
        kind="regular",
        held_on=date(2022, 12, 6),
    )
    attendance_take(
        actor=actors["secretary"],
        meeting=meeting,
        entries=[AttendanceEntry(people["cuong"], "present")],
    )
    assert Attendance.objects.filter(member=people["cuong"]).count() == 1


def test_the_texts_of_a_meeting_may_be_completed_but_not_its_day(people, actors, org_tree):
    meeting = meeting_record(
        actor=actors["secretary"], organization=org_tree.cell_a, kind="regular", held_on=DAY
    )
    meeting_update(actor=actors["secretary"], meeting=meeting, minutes="Biên bản", resolution="NQ")
    meeting.refresh_from_db()
    assert (meeting.minutes, meeting.resolution) == ("Biên bản", "NQ")
    with pytest.raises(ValidationFailed):
        meeting_update(actor=actors["secretary"], meeting=meeting, held_on="2024-03-06")


def test_a_meeting_its_attendance_and_its_texts_alter_the_figures_of_its_day_and_after_only(
    people, actors, org_tree
):
    from dangvien.audit.selectors import data_version_on

    days = (date(2024, 3, 4), DAY, date(2024, 12, 31))

    def versions() -> list[str]:
        return [data_version_on(day) for day in days]

    before = versions()
    meeting = meeting_record(
        actor=actors["secretary"], organization=org_tree.cell_a, kind="regular", held_on=DAY
    )
    after_meeting = versions()
    attendance_take(
        actor=actors["secretary"],
        meeting=meeting,
        entries=[AttendanceEntry(people["an"], "present")],
    )
    after_attendance = versions()
    meeting_update(actor=actors["secretary"], meeting=meeting, minutes="Biên bản")
    after_texts = versions()
    for earlier, later in ((before, after_meeting), (after_meeting, after_attendance),
                           (after_attendance, after_texts)):  # fmt: skip
        assert later[0] == earlier[0]
        assert later[1] != earlier[1] and later[2] != earlier[2]
