"""The member's fee pages: the basis and the exemption or reduction recorded from the member
page through their services (the rules stay the services')."""

from __future__ import annotations

from datetime import date

import pytest
from django.urls import reverse

from dangvien.accounts.models import RoleAssignment, User
from dangvien.fees.models import FeeBasis, FeeRelief

pytestmark = pytest.mark.django_db


@pytest.fixture
def member(tree, admit):
    return admit("an", tree.cell_1, date(2020, 3, 1), official_on=date(2021, 3, 1))


@pytest.fixture
def secretary(tree):
    user = User.objects.create_user("bithu", password="pass-123-abc", full_name="Bí thư")
    RoleAssignment.objects.create(
        user=user, organization=tree.cell_1, role="cell_secretary", valid_from=date(2020, 1, 1)
    )
    return user


def test_the_secretary_records_a_basis_and_the_member_page_shows_it(client, member, secretary):
    client.force_login(secretary)
    url = reverse("web:member_fee_basis", args=[member.pk])
    assert client.get(url).status_code == 200
    answer = client.post(url, {"valid_from": "2026-03-15", "kind": "salary", "amount": "6000000"})
    assert answer.status_code == 302
    basis = FeeBasis.objects.get(member=member)
    assert (basis.valid_from, basis.amount) == (date(2026, 3, 1), 6_000_000)
    page = client.get(reverse("web:member", args=[member.pk])).content.decode()
    assert "6.000.000" in page
    assert reverse("web:member_fee_relief", args=[member.pk]) in page


def test_a_basis_breaking_a_rule_is_refused_on_the_form(client, member, secretary):
    client.force_login(secretary)
    answer = client.post(
        reverse("web:member_fee_basis", args=[member.pk]),
        {"valid_from": "2026-03-01", "kind": "salary", "amount": "0"},
    )
    assert answer.status_code == 200
    assert not FeeBasis.objects.exists()


def test_a_relief_by_who_does_not_decide_it_is_refused_naming_the_body(
    client, member, secretary, superuser
):
    data = {
        "kind": "reduction",
        "percent": "50",
        "first_month": "2026-03-01",
        "last_month": "2026-05-01",
        "decision_number": "12-QĐ/ĐU",
        "decision_date": "2026-02-20",
    }
    url = reverse("web:member_fee_relief", args=[member.pk])
    client.force_login(secretary)
    refused = client.post(url, data)
    assert refused.status_code == 200
    assert "Chỉ Đảng bộ xã Yên quyết định" in refused.content.decode()  # the body, by name
    assert not FeeRelief.objects.exists()
    client.force_login(superuser)
    assert client.post(url, data).status_code == 302
    relief = FeeRelief.objects.get(member=member)
    assert (relief.percent, relief.first_month, relief.last_month) == (
        50,
        date(2026, 3, 1),
        date(2026, 5, 1),
    )


def test_a_viewer_cannot_open_the_fee_forms(client, member, tree):
    viewer = User.objects.create_user("xem", password="pass-123-abc", full_name="Người xem")
    RoleAssignment.objects.create(
        user=viewer, organization=tree.cell_1, role="viewer", valid_from=date(2020, 1, 1)
    )
    client.force_login(viewer)
    assert client.get(reverse("web:member_fee_basis", args=[member.pk])).status_code == 403
