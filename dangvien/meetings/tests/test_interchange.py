"""meetings.csv and attendance.csv: export → import gives the same statistics, a second import
changes nothing, and bad rows are reported as ``file:row: column: message`` with nothing written."""

import csv
from datetime import date

import pytest
from django.apps import apps
from django.core.management import call_command

from dangvien.accounts.models import User
from dangvien.interchange.exporter import export_bundle
from dangvien.interchange.importer import ImportFailed, import_bundle
from dangvien.meetings.figures import meetings_figures
from dangvien.meetings.models import Attendance, Meeting
from dangvien.organizations.models import Organization
from dangvien.rules.seed import reseed_rulebook
from dangvien.statistics.selectors import statistics_for

DATES = [date(2024, 1, 1), date(2024, 3, 1), date(2024, 4, 29), date(2024, 4, 30)]


def _figures():
    return {
        (code, on): meetings_figures(Organization.objects.get(code=code), on)
        for code in ("X-MA", "CB-A", "HU-TM", "T-DT")
        for on in DATES
    }


def _append(path, rows):
    with path.open("a", encoding="utf-8", newline="") as handle:
        csv.writer(handle).writerows(rows)


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_export_then_import_into_an_empty_database_gives_the_same_meetings(year, tmp_path):
    before = _figures()
    assert before[("X-MA", date(2024, 4, 30))]["regular"] == 7
    export_bundle(tmp_path / "out")
    call_command("flush", interactive=False, verbosity=0)
    reseed_rulebook(apps)
    admin = User.objects.create_superuser("again", "a@x.vn", "x")
    try:
        result = import_bundle(tmp_path / "out", actor=admin)
    except ImportFailed as error:
        raise AssertionError([str(p) for p in error.problems][:10]) from error
    assert result.counts["meetings_created"] == 11
    assert result.counts["attendance_created"] == 19
    assert _figures() == before
    assert Attendance.objects.get(member__full_name="Võ Văn Em", held_on=date(2024, 1, 1)).as_guest


def test_a_second_import_changes_nothing(year, tmp_path, superuser):
    export_bundle(tmp_path / "out")
    counts = (Meeting.objects.count(), Attendance.objects.count())
    result = import_bundle(tmp_path / "out", actor=superuser)
    assert result.counts["meetings_created"] == 0
    assert result.counts["meetings_unchanged"] == 11
    assert result.counts["attendance_unchanged"] == 19
    assert (Meeting.objects.count(), Attendance.objects.count()) == counts


def test_bad_rows_are_reported_by_file_row_and_column_and_nothing_is_written(
    year, tmp_path, superuser, today_is
):
    today_is(date(2026, 12, 1))
    folder = tmp_path / "out"
    export_bundle(folder)
    _append(
        folder / "meetings.csv",
        [
            ["N1", "CB-A", "regular", "2024-05-07", "Tháng 5"],
            ["N2", "CB-A", "picnic", "2024-05-08", ""],
            ["N3", "KHONG-CO", "regular", "2024-05-08", ""],
            ["N4", "CB-A", "regular", "1999-05-08", ""],
            ["N5", "CB-A", "regular", "2027-01-08", ""],
            ["N1", "CB-A", "regular", "2024-05-07", ""],
        ],
    )
    lines = len((folder / "meetings.csv").read_text(encoding="utf-8").splitlines())
    with pytest.raises(ImportFailed) as error:
        import_bundle(folder, actor=superuser)
    problems = [str(p) for p in error.value.problems]
    assert len(problems) == 5
    assert problems[0].startswith(f"meetings.csv:{lines - 4}: kind: ")
    assert problems[1].startswith(f"meetings.csv:{lines - 3}: organization_code: ")
    assert problems[1].endswith("KHONG-CO")
    assert problems[2].startswith(f"meetings.csv:{lines - 2}: held_on: CB-A")
    assert problems[3].startswith(f"meetings.csv:{lines - 1}: held_on: ")
    assert "08/01/2027" in problems[3]
    assert problems[4].startswith(f"meetings.csv:{lines}: meeting_id: N1 ")
    assert not Meeting.objects.filter(key="N1").exists()


def test_attendance_of_a_stranger_an_exempted_member_or_an_unknown_meeting_is_refused(
    year, tmp_path, superuser, people, org_tree
):
    folder = tmp_path / "out"
    export_bundle(folder)
    cell_a_meeting = Meeting.objects.get(organization=org_tree.cell_a, held_on=date(2024, 3, 5))
    sibling = Meeting.objects.get(organization=org_tree.sibling_commune)
    before = Attendance.objects.count()
    _append(
        folder / "attendance.csv",
        [
            [cell_a_meeting.key, people["cuong"].member_key, "present", ""],
            [sibling.key, people["an"].member_key, "present", ""],
            ["NOPE", people["an"].member_key, "present", ""],
            [sibling.key, "NOBODY", "present", ""],
            [cell_a_meeting.key, people["an"].member_key, "late", ""],
        ],
    )
    with pytest.raises(ImportFailed) as error:
        import_bundle(folder, actor=superuser)
    messages = [(p.file, p.column, p.message) for p in error.value.problems]
    assert [column for _f, column, _m in messages] == [
        "member_id",
        "member_id",
        "meeting_id",
        "member_id",
        "member_id",  # given twice: the first line of An at this meeting is in the export
    ]
    assert "Lê Văn Cường" in messages[0][2]
    assert "X-MH" in messages[1][2]
    assert Attendance.objects.count() == before


def test_the_statistics_of_an_imported_bundle_have_the_meetings_key(year, org_tree):
    assert statistics_for(org_tree.commune, date(2024, 4, 30))["meetings"]["thematic"] == 1


def test_a_changed_attendance_line_is_recorded_with_its_reason(year, tmp_path, superuser, people):
    folder = tmp_path / "out"
    export_bundle(folder)
    path = folder / "attendance.csv"
    rows = list(csv.reader(path.open(encoding="utf-8")))
    key = Meeting.objects.get(organization__code="CB-A", held_on=date(2024, 3, 5)).key
    for row in rows:
        if row[0] == key and row[1] == people["binh"].member_key:
            row[2:] = ["excused", "ốm  nặng"]
    with path.open("w", encoding="utf-8", newline="") as handle:
        csv.writer(handle).writerows(rows)
    result = import_bundle(folder, actor=superuser)
    assert (result.counts["attendance_changed"], result.counts["attendance_unchanged"]) == (1, 18)
    changed = Attendance.objects.get(meeting__key=key, member=people["binh"])
    assert (changed.status, changed.reason) == ("excused", "ốm nặng")
    # Bình now has two unexcused months (January, February): no longer counted on 29/04
    figures = meetings_figures(Organization.objects.get(code="X-MA"), date(2024, 4, 29))
    assert figures["members_with_3_unexcused_months"] == 1


def test_a_subtree_export_leaves_out_the_attendance_of_guests_from_outside(
    year, tmp_path, superuser, org_tree
):
    from dangvien.meetings.services import AttendanceEntry, attendance_take, meeting_record
    from dangvien.members.services import member_temporary_out
    from dangvien.members.tests.support import admit, make_cell

    outside = make_cell(superuser, "MH-01", org_tree.sibling_commune)
    guest = admit(superuser, outside, name="Đỗ Văn Khách", national_id="087090000077")
    member_temporary_out(
        actor=superuser, member=guest, host=org_tree.cell_a, effective_on=date(2024, 5, 1)
    )
    meeting = meeting_record(
        actor=superuser, organization=org_tree.cell_a, kind="regular", held_on=date(2024, 5, 7)
    )
    attendance_take(actor=superuser, meeting=meeting, entries=[AttendanceEntry(guest, "present")])
    export_bundle(tmp_path / "sub", scope="X-MA")
    members = {
        row["member_id"] for row in csv.DictReader((tmp_path / "sub" / "members.csv").open())
    }
    rows = list(csv.DictReader((tmp_path / "sub" / "attendance.csv").open()))
    assert rows and {row["member_id"] for row in rows} <= members
    assert guest.member_key not in {row["member_id"] for row in rows}
    meetings = {
        row["meeting_id"] for row in csv.DictReader((tmp_path / "sub" / "meetings.csv").open())
    }
    assert meeting.key in meetings
