"""The dashboard's party life: attendance month by month and the cells without a regular
meeting last month, for the subtree and for those who may see meetings."""

import pytest

pytestmark = pytest.mark.django_db


def _panel(response):
    return next(p.context for p in response.context["panels"] if p.key == "meetings")


def test_the_commune_dashboard_shows_attendance_by_month_and_cells_without_meetings(
    client, year, actors
):
    client.force_login(actors["commune"])
    response = client.get("/org/X-MA/dashboard/?as_of=2024-04-30", HTTP_ACCEPT_LANGUAGE="vi")
    assert response.status_code == 200
    panel = _panel(response)
    percents = [row["percent"] for row in panel["months"]]
    # January: An and Em present, Bình absent; February: An and Dung of four; March: Dung, An
    # and Bình at the thematic meeting of five rows; April: An, Bình of three (CB-B: Em absent)
    assert percents[:2] == [pytest.approx(66.67, abs=0.01), 50.0]
    assert len(percents) == 4
    # March 2024: CB-A met on 05/03; CB-B (its regular meeting was on 10/04) did not
    assert [row.code for row in panel["missing"]] == ["CB-B"]
    assert panel["missing_count"] == 1 and panel["code"] == "X-MA"
    page = response.content.decode()
    assert 'id="dashboard-meetings"' in page and "Chi bộ Trường Tiểu học Mỹ An" in page


@pytest.mark.parametrize("first", [0, 1, 2, 50])
def test_the_dashboard_names_the_first_cells_of_the_list_and_counts_them_all(
    org_tree, actors, year, first
):
    """``organizations_without_first`` is the full list's head, in its order, and its length:
    the organizations of Mỹ An without a thematic meeting in January and February 2024 (the
    first one was held on 20/03)."""
    from datetime import date

    from dangvien.meetings.choices import MeetingKind
    from dangvien.meetings.selectors import organizations_without, organizations_without_first

    asked = {
        "actor": actors["commune"],
        "root": org_tree.commune,
        "kind": MeetingKind.THEMATIC,
        "period_from": date(2024, 1, 1),
        "period_to": date(2024, 2, 29),
    }
    every = organizations_without(**asked)
    shown, total = organizations_without_first(**asked, first=first)
    assert len(every) >= 2  # no thematic meeting before 20/03: the cells (and the commune's)
    assert shown == every[:first]
    assert total == len(every)


def test_a_list_longer_than_shown_links_to_the_whole_list(client, year, actors, monkeypatch):
    monkeypatch.setattr("dangvien.meetings.panels.MISSING_SHOWN", 0)
    client.force_login(actors["commune"])
    response = client.get("/org/X-MA/dashboard/?as_of=2024-04-30", HTTP_ACCEPT_LANGUAGE="vi")
    page = response.content.decode()
    assert "0 tổ chức đầu tiên trong số 1." in page
    assert '/org/X-MA/meetings/?as_of=2024-04-30#missing-regular">Xem cả danh sách</a>' in page
