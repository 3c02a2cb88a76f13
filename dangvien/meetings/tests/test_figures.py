"""The ``meetings`` statistics key (§4), on hand-built data with the numbers worked out by hand."""

from datetime import date

from dangvien.meetings.figures import meetings_figures, meetings_tables, meetings_text
from dangvien.statistics.selectors import statistics_for

D = date(2024, 4, 30)


def test_the_year_of_d_in_the_commune_root_merges_and_d_itself_included(org_tree, year):
    # regular: cell_a 4 (01/01 … 30/04) + the commune itself + CB-C (merged) + cell_b = 7;
    # attendance of regular and thematic meetings: 17 rows, 9 present → 52,94 %;
    # unexcused in 3 months: Bình (1, 2, 3; left on D, not counted) and Em (2, 3, 4; at home in
    # cell_b, counted) → 1
    assert meetings_figures(org_tree.commune, D) == {
        "from": "2024-01-01",
        "to": "2024-04-30",
        "regular": 7,
        "thematic": 1,
        "attendance_percent": 52.94,
        "members_with_3_unexcused_months": 1,
    }


def test_the_day_before_d_leaves_out_its_meeting_and_still_counts_the_member_who_left(
    org_tree, year
):
    # 30/04 not yet held: 6 regular; 14 rows, 7 present → 50 %; Bình still a member → 2
    figures = meetings_figures(org_tree.commune, date(2024, 4, 29))
    assert figures["regular"] == 6
    assert figures["attendance_percent"] == 50.0
    assert figures["members_with_3_unexcused_months"] == 2


def test_a_cell_counts_the_meetings_of_the_cell_merged_into_it(org_tree, year):
    figures = meetings_figures(org_tree.cell_a, D)
    # cell_a 4 + CB-C 1; rows of cell_a only: 16, present 9 → 56,25 %
    assert (figures["regular"], figures["thematic"], figures["attendance_percent"]) == (5, 1, 56.25)
    # Em stays a member of cell_b (temporarily attached here): not counted in cell_a
    assert figures["members_with_3_unexcused_months"] == 0


def test_the_first_of_january_starts_the_year_and_the_previous_year_is_left_out(org_tree, year):
    figures = meetings_figures(org_tree.commune, date(2024, 1, 1))
    assert (figures["from"], figures["regular"], figures["thematic"]) == ("2024-01-01", 1, 0)
    assert figures["attendance_percent"] == 66.67  # 2 of 3
    assert meetings_figures(org_tree.commune, date(2023, 12, 31))["regular"] == 1


def test_another_subtree_and_no_attendance_give_null(org_tree, year):
    figures = meetings_figures(org_tree.sibling_commune, D)
    assert (figures["regular"], figures["attendance_percent"]) == (1, None)


def test_the_key_is_in_the_statistics_with_its_sentences_and_table(org_tree, year):
    stats = statistics_for(org_tree.commune, D)
    assert stats["meetings"]["regular"] == 7
    text = meetings_text(stats["meetings"], stats)
    assert "7 cuộc sinh hoạt thường kỳ, 1 cuộc sinh hoạt chuyên đề" in text
    assert "52,94%" in text
    assert "Có 1 đảng viên bỏ sinh hoạt" in text
    title, _header, rows = meetings_tables(stats["meetings"])[0]
    assert title.startswith("Sinh hoạt đảng từ 01/01/2024")
    assert rows[0] == ["Sinh hoạt thường kỳ (cuộc)", 7]


def test_the_report_documents_print_the_meetings_table(org_tree, year):
    from dangvien.reports.documents import report_tables
    from dangvien.reports.selectors import report_figures

    tables = report_tables(report_figures(org_tree.commune, D))
    # (other apps' tables may follow it)
    (rows,) = [
        rows
        for title, _header, rows in tables
        if title == "Sinh hoạt đảng từ 01/01/2024 đến 30/04/2024"
    ]
    assert rows[2] == ["Tỷ lệ đảng viên dự sinh hoạt (%)", 52.94]


def test_month_by_month_adds_up_to_the_key(org_tree, year):
    from dangvien.meetings.figures import monthly_attendance

    months = monthly_attendance(org_tree.commune, D)
    assert [row["month"].month for row in months] == [1, 2, 3, 4]
    assert sum(row["regular"] for row in months) == 7
    assert sum(row["thematic"] for row in months) == 1
    assert (sum(row["present"] for row in months), sum(row["rows"] for row in months)) == (9, 17)
    # January: 01/01 (An, Em present; Bình unexcused) → 66,67 %
    assert months[0]["percent"] == 66.67


def test_the_key_and_the_months_add_up_the_meetings_counts_instead_of_the_rows(
    org_tree, year, people, superuser
):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from dangvien.meetings.figures import monthly_attendance
    from dangvien.meetings.services import AttendanceEntry, attendance_take, meeting_record

    with CaptureQueriesContext(connection) as queries:
        assert meetings_figures(org_tree.commune, D)["attendance_percent"] == 52.94
        monthly_attendance(org_tree.commune, D)  # the dashboard's chart, after the key
    # the meetings' kept counts are added up: the attendance rows are read only for the
    # unexcused months (a query of its own, of the partial index), never grouped by status
    attendance = [q["sql"] for q in queries.captured_queries if "meetings_attendance" in q["sql"]]
    assert len(attendance) == 1
    assert "GROUP BY" not in attendance[0]

    # a meeting recorded afterwards counts at once: 17 rows + 1 present → 10/18 = 55,56 %
    held = meeting_record(
        actor=superuser, organization=org_tree.cell_a, kind="regular", held_on=date(2024, 4, 15)
    )
    attendance_take(
        actor=superuser, meeting=held, entries=[AttendanceEntry(people["an"], "present")]
    )
    assert meetings_figures(org_tree.commune, D)["attendance_percent"] == 55.56
    assert sum(row["rows"] for row in monthly_attendance(org_tree.commune, D)) == 18
