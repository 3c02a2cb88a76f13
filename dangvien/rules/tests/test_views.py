"""The rulebook page: every rule listed, only a superuser sets one."""

from __future__ import annotations

import pytest
from django.urls import reverse

from dangvien.users.tests.support import login

pytestmark = pytest.mark.django_db


def test_rulebook_lists_rules_and_only_superuser_sets(client, superuser, make_actor, org_tree):
    viewer = make_actor("viewer", org_tree.province)
    login(client, viewer)
    page = client.get(reverse("web:rules"))
    assert "term.cell_months" in page.content.decode()
    assert page.context["form"] is None
    assert client.post(reverse("web:rules"), {"key": "x"}).status_code == 403
    client.logout()
    login(client, superuser, "root-pass-123")
    response = client.post(
        reverse("web:rules"),
        {
            "key": "cell.committee_max_members",
            "value": "9",
            "unit": "members",
            "effective_from": "2030-01-01",
            "title": "Cấp ủy chi bộ tối đa",
            "source": "Quy định X",
            "confidence": "confirmed",
        },
    )
    assert response.status_code == 302
    page = client.get(reverse("web:rules"), {"as_of": "2030-02-01"}).content.decode()
    assert "Quy định X" in page


def test_rulebook_reads_the_seeded_coded_values_in_vietnamese(client, make_actor, org_tree):
    # regression: the page read "cell in grassroots: 30", "social pension" and an empty
    # "Cấp Trung ương: ;" (codes nobody worded, and a level with no superior)
    login(client, make_actor("viewer", org_tree.province))
    page = client.get(
        reverse("web:rules"), {"as_of": "2026-03-01"}, HTTP_ACCEPT_LANGUAGE="vi"
    ).content.decode()
    for shown in [
        "Chi bộ, đảng bộ bộ phận trong đảng bộ cơ sở: 30%",
        "Mỗi cấp trên cơ sở: 50%",
        "Trợ cấp hưu trí xã hội",
        "Cấp Trung ương: không có;",
        "Tốt nghiệp trung học cơ sở",
        "Đảng viên chính thức: Khiển trách, Cảnh cáo, Cách chức, Khai trừ",
        "Hoàn thành xuất sắc nhiệm vụ: từ 90 điểm",
        "phải vượt tỷ lệ biểu quyết: có",
        "5.000 đồng",
        "30 năm tuổi đảng: 12 tháng",
        "5 ngày",  # discipline.state_notice_days: calendar days, a bare "5" before
    ]:
        assert shown in page, shown
    for english in [
        "cell in grassroots",
        "grassroots commune",
        "grassroots other",
        "social pension",
        "vote strict",
        "decider outside",
        "lower secondary",
        "probationary: ",
        ": ;",
        "<td></td>",
        "30: 12",
    ]:
        assert english not in page, english
