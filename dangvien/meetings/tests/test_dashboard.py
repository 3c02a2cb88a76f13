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
    page = response.content.decode()
    assert 'id="dashboard-meetings"' in page and "Chi bộ Trường Tiểu học Mỹ An" in page
