"""The statistics of a past day are kept while the payments recorded concern later months only:
a payment changes the figures of its month and after, so a payment for a month up to that
day counts it again."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest

from dangvien.fees.services import fee_payment_record
from dangvien.statistics import history

pytestmark = pytest.mark.django_db

D = date(2026, 2, 28)


@pytest.fixture
def counted(monkeypatch) -> list[dict[str, Any]]:
    """The statistics computed (not read from the cache), in order: by the page, the download
    and the API alike (they share ``kept_statistics``; the combined figures of a standing
    organization are its own, counted by the same ``statistics_for``)."""
    computed: list[dict[str, Any]] = []
    compute = history.statistics_for

    def counting(*args: Any, **kwargs: Any) -> dict[str, Any]:
        computed.append(compute(*args, **kwargs))
        return computed[-1]

    monkeypatch.setattr(history, "statistics_for", counting)
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


def test_the_apis_statistics_of_a_past_day_are_kept_as_the_pages(
    client, superuser, tree, admit, pay, counted
):
    an = admit("an", tree.cell_1, date(2020, 3, 1), official_on=date(2021, 3, 1))
    pay(an, "2026-01", "2026-02")
    client.force_login(superuser)
    api = f"/api/statistics/{tree.commune.code}/?as_of={D.isoformat()}"

    first = client.get(api)
    assert first.status_code == 200 and len(counted) == 1
    # the JSON download of the same day reads the figures the API counted
    download = client.get(
        f"/org/{tree.commune.code}/statistics/download/json/?as_of={D.isoformat()}"
    )
    assert download.status_code == 200 and len(counted) == 1
    pay(an, "2026-03")
    again = client.get(api)
    assert again.json() == first.json() and len(counted) == 1
    # a change that counts for every day (a new member) is counted again, and seen
    admit("binh", tree.cell_1, date(2020, 3, 1), official_on=date(2021, 3, 1))
    after = client.get(api)
    assert len(counted) == 2
    assert after.json()["members"]["total"] == first.json()["members"]["total"] + 1
    # the page asks for the combined figures: those of a standing organization are its own,
    # read from the same key
    assert (
        client.get(f"/org/{tree.commune.code}/statistics/?as_of={D.isoformat()}").status_code == 200
    )
    assert len(counted) == 2
