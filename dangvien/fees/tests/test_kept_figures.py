"""The statistics of a past day are kept while the payments recorded concern later months only:
a payment changes the figures of its month and after, so a payment for a month up to that
day counts it again."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest

from dangvien.fees.services import fee_payment_record
from dangvien.statistics import views as statistics_views

pytestmark = pytest.mark.django_db

D = date(2026, 2, 28)


@pytest.fixture
def counted(monkeypatch) -> list[dict[str, Any]]:
    """The statistics the page computed (not read from the cache), in order."""
    computed: list[dict[str, Any]] = []
    compute = statistics_views.subtree_statistics_at

    def counting(**kwargs: Any) -> dict[str, Any]:
        computed.append(compute(**kwargs))
        return computed[-1]

    monkeypatch.setattr(statistics_views, "subtree_statistics_at", counting)
    return computed


def test_a_past_days_statistics_are_kept_across_later_payments_not_earlier_ones(
    client, superuser, tree, admit, pay, counted
):
    an = admit("an", tree.cell_1, date(2020, 3, 1), official_on=date(2021, 3, 1))
    binh = admit("binh", tree.cell_1, date(2020, 3, 1), official_on=date(2021, 3, 1))
    pay(an, "2026-01", "2026-02")
    client.force_login(superuser)
    page = f"/org/{tree.commune.code}/statistics/?as_of={D.isoformat()}"

    assert client.get(page).status_code == 200
    assert len(counted) == 1
    # March's payment (recorded in March) cannot change the figures at 28/02
    pay(an, "2026-03")
    assert client.get(page).status_code == 200
    assert len(counted) == 1
    # a late payment for January does: counted again, with it
    fee_payment_record(
        actor=superuser, member=binh, month=date(2026, 1, 1), amount=20_000,
        paid_on=date(2026, 11, 30),
    )  # fmt: skip
    assert client.get(page).status_code == 200
    assert len(counted) == 2
