"""The fees API: list scoped to the caller, record through the service (400 on a rule, 403/404
out of scope)."""

from __future__ import annotations

from datetime import date

import pytest

from dangvien.fees.models import FeePayment

pytestmark = pytest.mark.django_db

URL = "/api/organizations/{}/fee-payments/"


@pytest.fixture
def member(tree, admit, pay):
    member = admit("an", tree.cell_1, date(2010, 3, 1), official_on=date(2011, 3, 1))
    pay(member, "2026-01", "2026-02")
    return member


def test_lists_the_payments_of_the_subtree_by_month(api_client, tree, member, superuser):
    api_client.force_authenticate(superuser)
    rows = api_client.get(URL.format("X-Y"), {"month": "2026-02"}).json()["results"]
    assert [(r["member_id"], r["month"], r["amount"], r["organization"]) for r in rows] == [
        ("an", "2026-02", 20_000, "CB-1")
    ]
    assert api_client.get(URL.format("X-Z")).json()["results"] == []


def test_the_secretary_records_a_payment(api_client, tree, member, make_actor):
    api_client.force_authenticate(make_actor("cell_secretary", tree.cell_1))
    response = api_client.post(
        URL.format("CB-1"),
        {"member_id": "an", "month": "2026-03", "amount": 20000, "paid_on": "2026-03-09"},
        format="json",
    )
    assert response.status_code == 201, response.json()
    assert FeePayment.objects.filter(month=date(2026, 3, 1)).count() == 1


def test_a_rule_gives_400_and_writes_nothing(api_client, tree, member, superuser):
    api_client.force_authenticate(superuser)
    response = api_client.post(
        URL.format("CB-1"),
        {"member_id": "an", "month": "2026-02", "amount": 20000, "paid_on": "2026-03-09"},
        format="json",
    )
    assert response.status_code == 400
    assert response.json()["code"] == "fee_already_paid"
    assert FeePayment.objects.count() == 2


def test_another_cells_secretary_cannot_record(api_client, tree, member, make_actor):
    api_client.force_authenticate(make_actor("cell_secretary", tree.cell_3))
    response = api_client.post(
        URL.format("CB-3"),
        {"member_id": "an", "month": "2026-03", "amount": 20000, "paid_on": "2026-03-09"},
        format="json",
    )
    assert response.status_code in (403, 404)
    assert FeePayment.objects.count() == 2
