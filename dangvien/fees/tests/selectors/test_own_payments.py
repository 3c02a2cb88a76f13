"""The member's own payments as the portal lists them at a day: those made by then."""

from __future__ import annotations

from datetime import date

import pytest

from dangvien.fees.selectors import own_payments
from dangvien.fees.services import fee_payment_record

pytestmark = pytest.mark.django_db


def test_the_payments_of_a_day_are_those_made_by_then(tree, admit, superuser):
    """Read at a past day, the portal listed every month paid since (months after the day)."""
    # given: November paid in time, December paid late (5 January), February paid ahead
    an = admit("an", tree.cell_1, date(2010, 3, 1), official_on=date(2011, 3, 1))
    for month, paid_on in (
        (date(2024, 11, 1), date(2024, 11, 10)),
        (date(2024, 12, 1), date(2025, 1, 5)),
        (date(2025, 2, 1), date(2025, 1, 20)),
    ):
        fee_payment_record(actor=superuser, member=an, month=month, amount=20_000, paid_on=paid_on)

    def months(on: date) -> list[date]:
        return [payment.month for payment in own_payments(an, on)]

    # then
    assert months(date(2024, 10, 31)) == []
    assert months(date(2024, 12, 31)) == [date(2024, 11, 1)]
    assert months(date(2025, 1, 10)) == [date(2024, 12, 1), date(2024, 11, 1)]
    assert months(date(2025, 1, 31)) == [date(2025, 2, 1), date(2024, 12, 1), date(2024, 11, 1)]
