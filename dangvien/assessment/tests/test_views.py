"""Pages: the year of an organization with the whole cell's form, the forms of one result, the
member panel, the portal section, the organization link and the navigation entry."""

from __future__ import annotations

from datetime import date

import pytest
from django.urls import reverse

from dangvien.accounts.choices import Role
from dangvien.accounts.models import User
from dangvien.assessment.models import AssessmentResult
from dangvien.assessment.services import assessment_record
from dangvien.core.dates import today
from dangvien.portal.services import member_account_link

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("rounds")]

DECIDED = date(2021, 12, 20)


def test_the_year_page_lists_the_members_with_their_results(
    client, superuser, org_tree, cell_members
):
    a, _b = cell_members
    assessment_record(actor=superuser, member=a[0], year=2021, level="good", decided_on=DECIDED)
    client.force_login(superuser)
    page = client.get(
        reverse("web:assessment_year", args=["X-MA"]), {"year": 2021}
    ).content.decode()
    assert "Đảng viên A0" in page and "Đảng viên B1" in page
    assert "Đánh giá, xếp loại chất lượng năm 2021" in page
    assert 'value="good" selected' in page


def test_the_cell_form_records_the_levels_of_the_whole_cell(
    client, org_tree, cell_members, make_actor
):
    a, b = cell_members
    staff = make_actor(Role.STAFF, org_tree.commune)
    client.force_login(staff)
    data = {"decided_on": "20/12/2021"}
    for member in [*a[1:], *b]:
        data[f"level_{member.pk}"] = "good"
    data[f"level_{a[0].pk}"] = "excellent"
    data[f"score_{a[0].pk}"] = "95"
    response = client.post(reverse("web:assessment_year", args=["X-MA"]) + "?year=2021", data)
    assert response.status_code == 302
    assert AssessmentResult.objects.filter(year=2021).count() == 8
    assert AssessmentResult.objects.get(member=a[0]).score == 95


def test_the_cap_stops_the_cell_form_with_its_source(client, superuser, org_tree, cell_members):
    a, _b = cell_members
    client.force_login(superuser)
    data = {"decided_on": "20/12/2021", f"level_{a[0].pk}": "excellent", f"level_{a[1].pk}": "good"}
    response = client.post(reverse("web:assessment_year", args=["X-MA"]) + "?year=2021", data)
    assert response.status_code == 200
    page = response.content.decode()
    assert "21-HD/BTCTW" in page
    assert not AssessmentResult.objects.exists()


def test_a_viewer_sees_the_year_but_cannot_record(client, org_tree, cell_members, make_actor):
    viewer = make_actor(Role.VIEWER, org_tree.commune)
    client.force_login(viewer)
    url = reverse("web:assessment_year", args=["X-MA"]) + "?year=2021"
    assert "<select" not in client.get(url).content.decode()
    member = cell_members[0][0]
    assert (
        client.post(url, {"decided_on": "20/12/2021", f"level_{member.pk}": "good"}).status_code
        == 403
    )
    assert not AssessmentResult.objects.exists()


def test_the_organization_form_records_then_corrects(client, superuser, org_tree):
    client.force_login(superuser)
    url = reverse("web:assessment_organization_result", args=["CB-A"]) + "?year=2021"
    data = {"year": "2021", "level": "good", "decided_on": "25/12/2021"}
    assert client.post(url, data).status_code == 302
    data.update(level="excellent", decided_on="10/01/2022")
    assert client.post(url, data).status_code == 302
    current = AssessmentResult.objects.current().get(organization=org_tree.cell_a)
    assert (current.level, current.decided_by) == ("excellent", org_tree.commune)
    assert AssessmentResult.objects.filter(organization=org_tree.cell_a).count() == 2


def test_the_member_page_has_the_panel_and_its_form(client, superuser, org_tree, cell_members):
    member = cell_members[0][0]
    client.force_login(superuser)
    response = client.post(
        reverse("web:assessment_member_result", args=[member.pk]),
        {"year": "2021", "level": "completed", "score": "60", "decided_on": "20/12/2021"},
    )
    assert response.status_code == 302
    page = client.get(reverse("web:member", args=[member.pk])).content.decode()
    assert "Đánh giá, xếp loại chất lượng" in page
    assert "Hoàn thành nhiệm vụ" in page


def test_the_portal_shows_the_members_own_results(client, superuser, cell_members):
    member = cell_members[0][0]
    assessment_record(actor=superuser, member=member, year=2021, level="good", decided_on=DECIDED)
    user = User.objects.create_user("an", password="pass-12345")
    member_account_link(actor=superuser, user=user, member=member, on=date(2024, 1, 1))
    client.force_login(user)
    page = client.get(reverse("web:portal")).content.decode()
    assert "2021" in page and "Hoàn thành tốt nhiệm vụ" in page


def test_the_organization_page_links_to_the_year_and_the_menu_has_the_entry(
    client, superuser, org_tree
):
    client.force_login(superuser)
    page = client.get(reverse("web:organization", args=["X-MA"])).content.decode()
    assert reverse("web:assessment_year", args=["X-MA"]) in page
    index = client.get(reverse("web:assessment")).content.decode()
    assert reverse("web:assessment_year", args=["T-DT"]) in index


def test_the_member_self_assesses_in_the_portal(client, superuser, cell_members):
    member = cell_members[0][0]
    user = User.objects.create_user("an", password="pass-12345")
    member_account_link(actor=superuser, user=user, member=member, on=date(2021, 1, 1))
    client.force_login(user)
    assert reverse("web:assessment_self") in client.get(reverse("web:portal")).content.decode()
    response = client.post(
        reverse("web:assessment_self"),
        {"year": "2026", "form": "2B", "level": "good", "score": "85", "note": "Hoàn thành tốt"},
    )
    assert response.status_code == 302
    step = member.assessment_steps.get()
    assert (step.form, step.level, step.on) == ("2B", "good", today())


def test_the_cell_proposes_then_the_decision_form_starts_from_the_proposals(
    client, superuser, org_tree, cell_members
):
    a, _b = cell_members
    client.force_login(superuser)
    url = reverse("web:assessment_year", args=["CB-A"]) + "?year=2021"
    data = {"stage": "proposal", "decided_on": "15/12/2021", f"level_{a[0].pk}": "completed"}
    assert client.post(url, data).status_code == 302
    assert not AssessmentResult.objects.exists()
    page = client.get(url).content.decode()
    assert 'value="completed" selected' in page  # the decision form starts from the proposal


def test_the_year_downloads_as_a_workbook(client, superuser, org_tree, cell_members):
    from io import BytesIO

    from openpyxl import load_workbook

    a, _b = cell_members
    assessment_record(actor=superuser, member=a[0], year=2021, level="good", decided_on=DECIDED)
    client.force_login(superuser)
    response = client.get(
        reverse("web:assessment_year", args=["X-MA"]), {"year": 2021, "format": "xlsx"}
    )
    assert response.status_code == 200
    workbook = load_workbook(BytesIO(response.content))
    summary = [list(r) for r in workbook.worksheets[0].iter_rows(values_only=True)]
    assert ["Hoàn thành tốt nhiệm vụ", 1, 100.0] in summary
    members = list(workbook.worksheets[1].iter_rows(values_only=True))
    assert len(members) == 1 + 8
    assert any("Đảng viên A0" in row and "20/12/2021" in row for row in members)


def test_the_member_panel_names_the_deciding_body_not_its_code(
    client, superuser, org_tree, cell_members
):
    """The walk of the demo: the "Cấp quyết định" column showed codes (DT25-XA-THAP-MUOI)."""
    # given: a level decided by the commune
    member = cell_members[0][0]
    assessment_record(
        actor=superuser,
        member=member,
        year=2021,
        level="good",
        decided_on=DECIDED,
        decided_by=org_tree.commune,
    )
    client.force_login(superuser)

    # when
    page = client.get(reverse("web:member", args=[member.pk])).content.decode()

    # then: the row reads the commune's name
    panel = page.split('id="assessment"', 1)[1].split("</section>", 1)[0]
    assert "Đảng bộ xã Mỹ An" in panel
    assert "X-MA" not in panel


def test_the_portal_read_at_a_past_day_shows_that_days_results_and_round(
    client, superuser, cell_members
):
    """Read at a past day, the portal announced today's round and listed the years decided
    since."""
    # given: 2021 decided on 20/12/2021, 2022 on 20/12/2022 (the rounds of each year opened on
    # 1 January, self-assessments until four years later)
    member = cell_members[0][0]
    assessment_record(actor=superuser, member=member, year=2021, level="good", decided_on=DECIDED)
    assessment_record(
        actor=superuser, member=member, year=2022, level="completed", decided_on=date(2022, 12, 20)
    )
    user = User.objects.create_user("an", password="pass-12345")
    member_account_link(actor=superuser, user=user, member=member, on=date(2024, 1, 1))
    client.force_login(user)

    # when
    page = client.get(reverse("web:portal"), {"as_of": "2022-06-01"}).content.decode()

    # then: the round of 2022, open then; the result of 2021, not yet that of 2022
    section = page.split("Kết quả xếp loại chất lượng của tôi")[1].split("</section>")[0]
    assert "Đợt đánh giá, xếp loại năm 2022 đang mở" in section  # not the round of today
    assert "Hoàn thành tốt nhiệm vụ" in section and "20/12/2021" in section
    assert "20/12/2022" not in section


def _members_table(page: str) -> str:
    return page.split("<tbody>", 1)[1].split("</tbody>", 1)[0]


def test_the_summary_shows_each_count_apart_from_its_level(
    client, superuser, org_tree, cell_members
):
    """The walk: the summary read "38Hoàn thành xuất sắc nhiệm vụ" (a count stuck to its
    label, styled by a stylesheet the page does not load)."""
    # given
    a, _b = cell_members
    assessment_record(actor=superuser, member=a[0], year=2021, level="good", decided_on=DECIDED)
    client.force_login(superuser)
    # when
    page = client.get(
        reverse("web:assessment_year", args=["X-MA"]), {"year": 2021}
    ).content.decode()
    # then: a list of facts, as on the other pages, each level beside its count
    summary = page.split('<dl class="facts" id="members-by-level">', 1)[1].split("</dl>", 1)[0]
    assert "<dt>Hoàn thành tốt nhiệm vụ</dt><dd>1</dd>" in summary
    assert "<dt>Hoàn thành xuất sắc nhiệm vụ</dt><dd>0</dd>" in summary
    assert "kpi" not in page


def test_the_members_are_listed_a_page_at_a_time_and_the_workbook_lists_them_all(
    client, superuser, org_tree, cell_members, monkeypatch
):
    """The walk: a commune's 976 members in one table, 50 000 px tall."""
    # given: eight members in Mỹ An, three a page
    monkeypatch.setattr("dangvien.assessment.views.PAGE_SIZE", 3)
    client.force_login(superuser)
    url = reverse("web:assessment_year", args=["X-MA"])
    # when
    first = client.get(url, {"year": 2021}).content.decode()
    last = client.get(url, {"year": 2021, "page": 3}).content.decode()
    workbook = client.get(url, {"year": 2021, "format": "xlsx"})
    # then: the first three, the count of all and a pager keeping the year; the last two
    assert [f"Đảng viên A{i}" in _members_table(first) for i in range(4)] == [1, 1, 1, 0]
    assert 'Đảng viên <span class="count">8</span>' in first
    pager = first.split('<nav class="pager">', 1)[1].split("</nav>", 1)[0]
    assert 'href="?year=2021&amp;page=2"' in pager and "Trang 1/3" in pager
    assert "Đảng viên B1" in _members_table(last) and "Đảng viên A0" not in last
    assert 'href="?year=2021&amp;page=2"' in last.split('<nav class="pager">', 1)[1]
    from io import BytesIO

    from openpyxl import load_workbook

    rows = list(load_workbook(BytesIO(workbook.content)).worksheets[1].iter_rows())
    assert len(rows) == 1 + 8


def test_a_page_of_the_cell_form_records_its_members_and_comes_back_to_it(
    client, superuser, org_tree, cell_members, monkeypatch
):
    # given: the second page of three (A3, A4, A5)
    monkeypatch.setattr("dangvien.assessment.views.PAGE_SIZE", 3)
    a, _b = cell_members
    client.force_login(superuser)
    url = reverse("web:assessment_year", args=["X-MA"]) + "?year=2021&page=2"
    page = client.get(url).content.decode()
    assert f'name="level_{a[3].pk}"' in page and f'name="level_{a[0].pk}"' not in page
    # when
    data = {"decided_on": "20/12/2021"} | {f"level_{m.pk}": "good" for m in a[3:]}
    response = client.post(url, data)
    # then
    assert response.status_code == 302
    assert response.url == url
    assert {r.member_id for r in AssessmentResult.objects.filter(year=2021)} == {
        m.pk for m in a[3:]
    }


def test_the_cell_column_names_the_cells_in_one_query(
    client, superuser, org_tree, cell_members, monkeypatch
):
    """The walk: the "Chi bộ" column showed codes (HU-TM-X-01-C-09) where names are read."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client.force_login(superuser)
    url = reverse("web:assessment_year", args=["X-MA"])
    client.get(url, {"year": 2021})  # what a first reading of the rulebook caches
    # when: a page of one cell's members, then a page of both cells'
    monkeypatch.setattr("dangvien.assessment.views.PAGE_SIZE", 2)
    with CaptureQueriesContext(connection) as one_cell:
        client.get(url, {"year": 2021})
    monkeypatch.setattr("dangvien.assessment.views.PAGE_SIZE", 8)
    with CaptureQueriesContext(connection) as two_cells:
        page = client.get(url, {"year": 2021}).content.decode()
    # then: each row names its cell, its code beside it; no query a cell
    table = _members_table(page)
    assert 'Chi bộ ấp Mỹ Phước <span class="code">CB-A</span>' in table
    assert 'Chi bộ Trường Tiểu học Mỹ An <span class="code">CB-B</span>' in table
    assert len(two_cells.captured_queries) == len(one_cell.captured_queries)


def test_the_self_assessment_starts_without_a_level_and_asks_for_one(
    client, superuser, cell_members
):
    """The walk: the portal's form opened on "Hoàn thành xuất sắc nhiệm vụ", the best level."""
    # given
    member = cell_members[0][0]
    user = User.objects.create_user("an", password="pass-12345")
    member_account_link(actor=superuser, user=user, member=member, on=date(2021, 1, 1))
    client.force_login(user)
    # when
    form = client.get(reverse("web:assessment_self")).content.decode()
    response = client.post(
        reverse("web:assessment_self"), {"year": "2026", "form": "2B", "level": "", "note": "…"}
    )
    # then: an empty first choice, chosen; the form sent without a level is refused
    select = form.split('name="level"', 1)[1].split("</select>", 1)[0]
    assert '<option value="" selected>— chọn mức —</option>' in select
    assert select.count("selected") == 1
    assert response.status_code == 200
    assert "Đồng chí chưa chọn mức tự xếp loại" in response.content.decode()
    assert not member.assessment_steps.exists()


@pytest.mark.parametrize("_case", ["member", "organization"])
def test_the_result_form_starts_without_a_level_and_asks_for_one(
    _case, client, superuser, org_tree, cell_members
):
    """The walk: the staff's form of a level opened on "Hoàn thành xuất sắc nhiệm vụ", and an
    officer who did not choose recorded the best level."""
    # given
    member = cell_members[0][0]
    url = (
        reverse("web:assessment_member_result", args=[member.pk])
        if _case == "member"
        else reverse("web:assessment_organization_result", args=["CB-A"])
    ) + "?year=2021"
    client.force_login(superuser)
    # when
    form = client.get(url, HTTP_ACCEPT_LANGUAGE="vi").content.decode()
    response = client.post(
        url, {"year": "2021", "level": "", "decided_on": "20/12/2021"}, HTTP_ACCEPT_LANGUAGE="vi"
    )
    # then: an empty first choice, the one chosen; the form sent without a level is refused
    select = form.split('name="level"', 1)[1].split("</select>", 1)[0]
    assert '<option value="" selected>— chọn mức —</option>' in select
    assert select.count("selected") == 1
    assert response.status_code == 200
    assert response.context["form"].errors["level"] == ["Chưa chọn mức xếp loại: hãy chọn một mức."]
    assert not AssessmentResult.objects.exists()
