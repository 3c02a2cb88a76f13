"""The dashboard compares the years' percentages by level (§4 counts of each year)."""

from __future__ import annotations

from datetime import date

import pytest
from django.urls import reverse

from dangvien.assessment.services import assessment_record

pytestmark = pytest.mark.django_db


def test_the_dashboard_compares_the_years_percentages_by_level(
    client, superuser, org_tree, cell_members
):
    a, _b = cell_members
    history = {"actor": superuser, "check_round": False, "check_cap": False}
    # 2024: 1 excellent, 3 good (25 % / 75 %); 2025: 4 good, 1 completed (80 % / 20 %)
    for member, level in zip(a[:4], ["excellent", "good", "good", "good"], strict=True):
        assessment_record(
            member=member, year=2024, level=level, decided_on=date(2024, 12, 20), **history
        )
    for member, level in zip(a[:5], ["good", "good", "good", "good", "completed"], strict=True):
        assessment_record(
            member=member, year=2025, level=level, decided_on=date(2025, 12, 20), **history
        )
    assessment_record(
        organization=org_tree.cell_a, year=2025, level="good", decided_on=date(2025, 12, 28),
        **history,
    )  # fmt: skip
    client.force_login(superuser)
    page = client.get(reverse("web:dashboard", args=["X-MA"]) + "?as_of=2026-01-15")
    panel = next(p for p in page.context["panels"] if p.key == "assessment").context
    (members_title, members), (organizations_title, organizations) = panel["groups"]
    assert (members_title, organizations_title) == ("Đảng viên", "Tổ chức đảng")
    assert [(year, total) for year, total, _cells in members] == [(2024, 4), (2025, 5)]
    assert members[0][2][:2] == [(1, 25.0, None), (3, 75.0, None)]
    # 2025: excellent 0 % (−25 points), good 80 % (+5), completed 20 % (+20)
    assert members[1][2][:3] == [(0, 0.0, -25.0), (4, 80.0, 5.0), (1, 20.0, 20.0)]
    assert [(year, total) for year, total, _cells in organizations] == [(2025, 1)]
    assert "80%" in page.content.decode() or "80,0%" in page.content.decode()


def test_no_panel_without_results(client, superuser, org_tree):
    client.force_login(superuser)
    page = client.get(reverse("web:dashboard", args=["X-MA"]) + "?as_of=2026-01-15")
    assert not [p for p in page.context["panels"] if p.key == "assessment"]


def test_the_change_is_computed_from_the_exact_shares(client, superuser, org_tree, cell_members):
    a, _b = cell_members
    history = {"actor": superuser, "check_round": False, "check_cap": False}
    # excellent: 1 of 3 (33.3 % shown) in 2024, 2 of 3 (66.7 % shown) in 2025: +33.3 points
    for year, levels in (
        (2024, ["excellent", "good", "good"]),
        (2025, ["excellent"] * 2 + ["good"]),
    ):
        for member, level in zip(a[:3], levels, strict=True):
            assessment_record(
                member=member, year=year, level=level, decided_on=date(year, 12, 20), **history
            )
    client.force_login(superuser)
    page = client.get(reverse("web:dashboard", args=["X-MA"]) + "?as_of=2026-01-15")
    panel = next(p for p in page.context["panels"] if p.key == "assessment").context
    (_title, members), *_ = panel["groups"]
    assert members[1][2][:2] == [(2, 66.7, 33.3), (1, 33.3, -33.3)]
