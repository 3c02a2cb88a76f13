"""Pages of meetings: the organization's list and the cells without meetings, recording a
meeting, the one-screen attendance, the member panel and the portal section."""

from datetime import date, timedelta

import pytest
from django.urls import reverse

from dangvien.accounts.models import User
from dangvien.core.dates import today
from dangvien.meetings.models import Attendance, Meeting
from dangvien.meetings.services import AttendanceEntry, attendance_take, meeting_record
from dangvien.members.tests.support import make_cell
from dangvien.portal.services import member_account_link

pytestmark = pytest.mark.django_db


def test_the_secretary_records_a_meeting_then_takes_the_attendance_in_one_screen(
    client, people, actors, org_tree
):
    client.force_login(actors["secretary"])
    response = client.post(
        reverse("web:meeting_create", args=["CB-A"]),
        {"kind": "regular", "held_on": "05/03/2024", "topic": "Nghị quyết tháng 3"},
    )
    meeting = Meeting.objects.get()
    assert response.status_code == 302
    assert response.url == reverse("web:meeting_attendance", args=[meeting.pk])
    page = client.get(response.url).content.decode()
    # preloaded: An, Dung, Bình and the guest Em; not Cường (exempted)
    for name in ("Nguyễn Văn An", "Phạm Thị Dung", "Trần Thị Bình", "Võ Văn Em"):
        assert name in page
    assert "Lê Văn Cường" not in page
    assert "Chi bộ Trường Tiểu học Mỹ An" in page  # the guest's own cell, by name
    posted = {f"status-{p.pk}": "present" for p in (people["an"], people["dung"], people["em"])}
    posted |= {f"status-{people['binh'].pk}": "excused", f"reason-{people['binh'].pk}": "ốm"}
    response = client.post(reverse("web:meeting_attendance", args=[meeting.pk]), posted)
    assert response.status_code == 302
    assert Attendance.objects.filter(meeting=meeting).count() == 4
    assert Attendance.objects.get(member=people["binh"]).reason == "ốm"
    page = client.get(reverse("web:meeting", args=[meeting.pk])).content.decode()
    assert "ốm" in page and "05/03/2024" in page
    # the counts are of the list, the guest Em apart: they read as a full room beside the
    # official members convened (the base of the votes)
    facts = page.split('<dl class="facts">')[1].split("</dl>")[0]
    assert "<dt>Đảng viên trong danh sách điểm danh</dt><dd>3</dd>" in facts
    assert "<dt>Có mặt</dt><dd>2</dd>" in facts
    assert "<dt>Vắng có lý do</dt><dd>1</dd>" in facts
    assert "<dt>Khách mời</dt><dd>1</dd>" in facts
    assert "căn cứ tính tỷ lệ biểu quyết" in facts


def test_another_cells_secretary_cannot_take_the_attendance(client, people, actors, org_tree):
    meeting = meeting_record(
        actor=actors["secretary"],
        organization=org_tree.cell_a,
        kind="regular",
        held_on=date(2024, 3, 5),
    )
    client.force_login(actors["other_secretary"])
    assert client.get(reverse("web:meeting_attendance", args=[meeting.pk])).status_code == 404
    assert client.get(reverse("web:meeting_create", args=["CB-A"])).status_code == 404


def test_the_commune_page_lists_the_year_and_the_cells_without_meetings(
    client, people, actors, org_tree, superuser, today_is
):
    today_is(date(2024, 5, 20))
    make_cell(superuser, "CB-C", org_tree.commune)
    meeting_record(
        actor=superuser, organization=org_tree.cell_a, kind="regular", held_on=date(2024, 4, 6)
    )
    meeting_record(
        actor=superuser, organization=org_tree.cell_b, kind="thematic", held_on=date(2024, 3, 9)
    )
    client.force_login(actors["commune"])
    url = reverse("web:organization_meetings", args=["X-MA"]) + "?as_of=2024-05-20"
    page = client.get(url).content.decode()
    # the tab names the organization, not its code
    assert "<title>Sinh hoạt đảng · Đảng bộ xã Mỹ An" in page
    regular = page.split('id="missing-regular"')[1].split("</section>")[0]
    thematic = page.split('id="missing-thematic"')[1].split("</section>")[0]
    # no regular meeting in April 2024: CB-B and CB-C; no thematic in Q1: CB-A and CB-C
    assert "Chi bộ CB-C" in regular and "Chi bộ Trường Tiểu học Mỹ An" in regular
    assert "Chi bộ ấp Mỹ Phước" not in regular
    assert "Chi bộ ấp Mỹ Phước" in thematic and "Chi bộ Trường Tiểu học Mỹ An" not in thematic
    assert "Điều lệ Đảng 2011, Điều 24.2" in page


def _missing_lists(page: str) -> dict[str, str]:
    return {
        key: page.split(f'id="missing-{key}"')[1].split("</section>")[0]
        for key in ("regular", "thematic")
    }


@pytest.mark.parametrize(
    ("_case", "today_", "query"),
    [
        ("a past day read", date(2024, 8, 14), "?as_of=2024-05-20"),
        ("today", date(2024, 5, 20), ""),
    ],
)
def test_the_page_warns_about_the_last_month_and_quarter_ended_not_the_running_ones(
    client, people, actors, org_tree, superuser, today_is, _case, today_, query
):
    """Walk: on 06/12/2026 a cell's meetings page warned about 12/2026 and Q4 2026 (both still
    running) but not about 11/2026, which had no regular meeting (the dashboard did)."""
    # given: on 20/05/2024, CB-A met in May (running) but not in April; CB-B met in April; CB-A
    # held its thematic meeting in Q1, CB-B only in Q2 (running)
    today_is(today_)
    for organization, kind, day in (
        (org_tree.cell_a, "regular", date(2024, 5, 6)),
        (org_tree.cell_b, "regular", date(2024, 4, 10)),
        (org_tree.cell_a, "thematic", date(2024, 3, 20)),
        (org_tree.cell_b, "thematic", date(2024, 5, 9)),
    ):
        meeting_record(actor=superuser, organization=organization, kind=kind, held_on=day)
    client.force_login(actors["commune"])
    # when
    commune = client.get(reverse("web:organization_meetings", args=["X-MA"]) + query)
    cell = client.get(reverse("web:organization_meetings", args=["CB-A"]) + query)
    # then: April 2024 and Q1 2024, the last periods ended before 20/05/2024
    lists = _missing_lists(commune.content.decode())
    assert "từ ngày 01/04/2024 đến ngày 30/04/2024" in lists["regular"]
    assert "Chi bộ ấp Mỹ Phước" in lists["regular"]
    assert "Chi bộ Trường Tiểu học Mỹ An" not in lists["regular"]
    assert "từ ngày 01/01/2024 đến ngày 31/03/2024" in lists["thematic"]
    assert "Chi bộ Trường Tiểu học Mỹ An" in lists["thematic"]
    assert "Chi bộ ấp Mỹ Phước" not in lists["thematic"]
    assert "01/05/2024" not in lists["regular"] and "30/06/2024" not in lists["thematic"]
    assert "trước ngày 20/05/2024; kỳ hiện tại chưa kết thúc" in lists["regular"]
    # the cell's own page warns about the cell itself, the month it missed
    own = _missing_lists(cell.content.decode())
    assert "từ ngày 01/04/2024 đến ngày 30/04/2024" in own["regular"]
    assert "Chi bộ ấp Mỹ Phước" in own["regular"]


@pytest.mark.parametrize(
    ("_case", "today_", "query"),
    [
        ("a past day read", date(2024, 8, 14), "?as_of=2024-05-20"),
        ("today", date(2024, 5, 20), ""),
    ],
)
def test_the_page_and_the_dashboard_warn_about_the_same_month_and_cells(
    client, people, actors, org_tree, superuser, today_is, _case, today_, query
):
    """The meetings page and the commune dashboard read ``missed_period``: one rule."""
    # given
    today_is(today_)
    make_cell(superuser, "CB-C", org_tree.commune)
    meeting_record(
        actor=superuser, organization=org_tree.cell_a, kind="regular", held_on=date(2024, 5, 6)
    )
    meeting_record(
        actor=superuser, organization=org_tree.cell_b, kind="regular", held_on=date(2024, 4, 10)
    )
    client.force_login(actors["commune"])
    # when
    page = client.get(reverse("web:organization_meetings", args=["X-MA"]) + query)
    dashboard = client.get(f"/org/X-MA/dashboard/{query}")
    # then
    panel = next(p.context for p in dashboard.context["panels"] if p.key == "meetings")
    regular = next(row for row in page.context["missing"] if row["key"] == "regular")
    assert (panel["from"], panel["to"]) == (regular["from"], regular["to"])
    assert (panel["from"], panel["to"]) == (date(2024, 4, 1), date(2024, 4, 30))
    assert [row.code for row in panel["missing"]] == [row.code for row in regular["rows"]]
    assert [row.code for row in regular["rows"]] == ["CB-A", "CB-C"]


def test_the_member_page_shows_the_attendance(client, year, people, superuser):
    client.force_login(superuser)
    page = client.get(reverse("web:member", args=[people["binh"].pk]) + "?as_of=2024-04-29")
    last = Meeting.objects.get(organization__code="CB-A", held_on=date(2024, 4, 30))
    assert reverse("web:meeting", args=[last.pk]) not in page.content.decode()
    assert "06/02/2024" in page.content.decode()


def test_the_member_page_says_when_it_lists_the_latest_attendance_only(
    client, year, people, superuser, monkeypatch
):
    """Walk of issue 19: "present at 10 of 13 meetings" above a table of 12 rows, unexplained."""
    from dangvien.meetings import panels

    monkeypatch.setattr(panels, "ATTENDANCE_SHOWN", 2)
    client.force_login(superuser)
    page = client.get(reverse("web:member", args=[people["an"].pk]) + "?as_of=2024-04-29")
    total = Attendance.objects.filter(
        member=people["an"], meeting__held_on__lte=date(2024, 4, 29)
    ).count()
    assert total > 2
    assert f"2 cuộc họp gần nhất trong số {total}." in page.content.decode()


def test_the_portal_shows_the_members_own_meetings_and_attendance_only(
    client, year, people, superuser, org_tree
):
    recent = today() - timedelta(days=10)
    meeting = meeting_record(
        actor=superuser,
        organization=org_tree.cell_a,
        kind="thematic",
        held_on=recent,
        topic="Chuyên đề Bác Hồ",
    )
    attendance_take(
        actor=superuser,
        meeting=meeting,
        entries=[AttendanceEntry(people["an"], "excused", "đi công tác")],
    )
    user = User.objects.create_user("an", password="pass-12345")
    member_account_link(actor=superuser, user=user, member=people["an"], on=today())
    client.force_login(user)
    page = client.get(reverse("web:portal")).content.decode()
    assert "Chuyên đề Bác Hồ" in page and "đi công tác" in page
    assert "Trần Thị Bình" not in page
    assert Meeting.objects.filter(organization__code="X-MH").exists()
    assert "X-MH" not in page


def test_a_recent_meeting_without_attendance_waits_in_the_secretarys_inbox(
    client, people, actors, org_tree
):
    from dangvien.http.registry import inbox_items

    held = today() - timedelta(days=3)
    meeting = meeting_record(
        actor=actors["secretary"], organization=org_tree.cell_a, kind="regular", held_on=held
    )
    lines = [item for item in inbox_items(actors["secretary"]) if item.url.endswith("?pending=1")]
    assert [line.count for line in lines] == [1]
    assert inbox_items(actors["other_secretary"]) == [] or all(
        not item.url.endswith("?pending=1") for item in inbox_items(actors["other_secretary"])
    )
    client.force_login(actors["secretary"])
    page = client.get(lines[0].url).content.decode()
    assert reverse("web:meeting_attendance", args=[meeting.pk]) in page
    attendance_take(
        actor=actors["secretary"],
        meeting=meeting,
        entries=[AttendanceEntry(people["an"], "present")],
    )
    assert not [
        item for item in inbox_items(actors["secretary"]) if item.url.endswith("?pending=1")
    ]
