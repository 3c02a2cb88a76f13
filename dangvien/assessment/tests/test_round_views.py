"""The rounds' pages: open, follow the progress, close; the round's workbook; the forms."""

from __future__ import annotations

from datetime import date
from io import BytesIO

import pytest
from django.urls import reverse

from dangvien.assessment.models import AssessmentRound, RoundClosure
from dangvien.assessment.services import (
    Entry,
    assessment_decide_many,
    assessment_round_open,
    assessment_self_submit,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def round_2026(org_tree, superuser, today_is):
    today_is(date(2026, 12, 1))
    return assessment_round_open(
        actor=superuser, organization=org_tree.commune, year=2026,
        opened_on=date(2026, 11, 16), self_until=date(2026, 12, 10),
        review_until=date(2026, 12, 15), decide_until=date(2026, 12, 31),
        reference_date=date(2026, 11, 16),
    )  # fmt: skip


def test_the_staff_open_a_round_from_the_form(client, superuser, org_tree, today_is):
    today_is(date(2026, 12, 1))
    client.force_login(superuser)
    url = reverse("web:assessment_round_open", args=["X-MA"])
    assert client.get(url).status_code == 200
    data = {
        "year": "2026", "opened_on": "01/12/2026", "reference_date": "01/12/2026",
        "self_until": "10/12/2026", "review_until": "05/12/2026", "decide_until": "31/12/2026",
    }  # fmt: skip
    page = client.post(url, data)
    assert page.status_code == 200 and not AssessmentRound.objects.exists()
    assert "thứ tự" in page.content.decode()  # the schedule's order, in Vietnamese
    response = client.post(url, {**data, "review_until": "15/12/2026"})
    round_ = AssessmentRound.objects.get()
    assert response.url == reverse("web:assessment_round", args=[round_.pk])
    assert "Mỹ An" in client.get(reverse("web:assessment_rounds")).content.decode()


def test_the_round_page_shows_the_progress_and_closing_freezes_it(
    client, superuser, round_2026, cell_members
):
    a, _b = cell_members
    assessment_self_submit(
        actor=superuser, member=a[0], year=2026, level="good", score=85, form="2C",
        on=date(2026, 12, 1),
    )  # fmt: skip
    assessment_decide_many(
        actor=superuser, year=2026, decided_on=date(2026, 12, 1),
        entries=[Entry(a[0], "good", 85), Entry(a[1], "completed", 60)],
    )  # fmt: skip
    client.force_login(superuser)
    url = reverse("web:assessment_round", args=[round_2026.pk])
    page = client.get(url)
    progress = page.context["progress"]
    assert (progress.population, progress.self_assessed, progress.decided) == (8, 1, 2)
    assert [row[1:3] for row in page.context["level_rows"]] == [
        (0, 0.0), (1, 50.0), (1, 50.0), (0, 0.0)
    ]  # fmt: skip
    assert client.post(url, {"closed_on": "01/12/2026"}).status_code == 302
    assert RoundClosure.objects.get().figures["members"]
    page = client.get(url).content.decode()
    assert "01/12/2026" in page and 'name="closed_on"' not in page


def test_the_progress_shows_each_count_apart_from_its_label(
    client, superuser, round_2026, cell_members
):
    """The counts were stuck to their labels ("8Đảng viên được đánh giá"), as on the year page:
    the figures were styled by a stylesheet the page does not load."""
    # given
    client.force_login(superuser)
    # when
    page = client.get(reverse("web:assessment_round", args=[round_2026.pk])).content.decode()
    # then
    progress = page.split('<dl class="facts" id="progress">', 1)[1].split("</dl>", 1)[0]
    assert "<dd>8</dd>" in progress and progress.count("<dt>") == 5
    assert "kpi" not in page


def test_the_rounds_workbook_lists_the_members_with_totals_by_level(
    client, superuser, round_2026, cell_members
):
    from openpyxl import load_workbook

    a, _b = cell_members
    assessment_decide_many(
        actor=superuser, year=2026, decided_on=date(2026, 12, 1),
        entries=[Entry(a[0], "good", 85), Entry(a[1], "good", 75), Entry(a[2], "completed", 55)],
    )  # fmt: skip
    client.force_login(superuser)
    response = client.get(reverse("web:assessment_round", args=[round_2026.pk]) + "?format=xlsx")
    sheet = load_workbook(BytesIO(response.content))["Đảng viên"]
    rows = [list(row) for row in sheet.iter_rows(values_only=True)]
    assert rows[4][:3] == ["STT", "Họ và tên", "Chi bộ"]
    totals = {row[1]: row[2:4] for row in rows if row and row[1] in (
        "Hoàn thành tốt nhiệm vụ", "Hoàn thành nhiệm vụ", "Chưa xếp loại",
    )}  # fmt: skip
    assert totals["Hoàn thành tốt nhiệm vụ"] == [2, 66.67]
    assert totals["Hoàn thành nhiệm vụ"] == [1, 33.33]
    assert totals["Chưa xếp loại"][0] == 5


def _text(content: bytes) -> str:
    from docx import Document

    document = Document(BytesIO(content))
    cells = [cell.text for table in document.tables for row in table.rows for cell in row.cells]
    return "\n".join([*cells, *(p.text for p in document.paragraphs)])


def test_the_members_form_is_prefilled_on_the_form_of_their_self_assessment(
    client, superuser, round_2026, cell_members
):
    member = cell_members[0][0]
    client.force_login(superuser)
    url = reverse("web:assessment_member_form", args=[member.pk]) + "?year=2026"
    text = _text(client.get(url).content)
    assert "Mẫu 2C" in text and "BẢN KIỂM ĐIỂM ĐẢNG VIÊN" in text and member.full_name in text
    assert "ĐẢNG CỘNG SẢN VIỆT NAM" in text and "CHI BỘ ẤP MỸ PHƯỚC" in text
    assessment_self_submit(
        actor=superuser, member=member, year=2026, level="good", score=85, form="2B",
        note="Hoàn thành tốt nhiệm vụ được giao", on=date(2026, 12, 1),
    )  # fmt: skip
    text = _text(client.get(url).content)
    assert "Mẫu 2B" in text and "Hoàn thành tốt nhiệm vụ được giao" in text and "85 điểm" in text


def test_form_01_of_an_organization(client, superuser, round_2026, cell_members):
    client.force_login(superuser)
    url = reverse("web:assessment_organization_form", args=["CB-A"]) + "?year=2026"
    text = _text(client.get(url).content)
    assert "Mẫu 01" in text and "BÁO CÁO KIỂM ĐIỂM TẬP THỂ" in text
    assert "ĐẢNG BỘ XÃ MỸ AN" in text


def test_the_portal_tells_the_member_the_round_is_open(client, superuser, round_2026, cell_members):
    from dangvien.accounts.models import User
    from dangvien.portal.services import member_account_link

    member = cell_members[0][0]
    user = User.objects.create_user("an", password="pass-12345")
    member_account_link(actor=superuser, user=user, member=member, on=date(2026, 1, 1))
    client.force_login(user)
    page = client.get(reverse("web:portal")).content.decode()
    assert "10/12/2026" in page  # the self-assessments' deadline
    response = client.post(
        reverse("web:assessment_self"),
        {"year": "2026", "form": "2C", "level": "good", "score": "80", "note": ""},
    )
    assert response.status_code == 302
    assert member.assessment_steps.get().on == date(2026, 12, 1)
