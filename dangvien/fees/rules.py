"""The rules of a fee payment, once, as pure functions of plain values returning a verdict.

The service (one payment, the collection sheet) and the bulk import (fee_payments.csv) call
the same functions: the month reads as ``YYYY-MM``, the amount is a positive whole number of
đồng, the person was a member some day of that month, and a member pays a month once. The day paid is not in the future
(``core.dates.refuse_future``).
"""

from __future__ import annotations

import calendar
import functools
import re
from collections.abc import Iterable
from datetime import date

from django.utils.translation import gettext as _

from dangvien.core.formatting import vn_date
from dangvien.core.verdicts import Refusal, Verdict

_MONTH = re.compile(r"^(\d{4})-(\d{2})$")


def parse_month(raw: str) -> date | None:
    """``YYYY-MM`` → the first day of that month; ``None`` when it is not one."""
    found = _MONTH.match(raw.strip())
    if found is None:
        return None
    year, month = int(found.group(1)), int(found.group(2))
    if not 1 <= month <= 12 or year < 1930:
        return None
    return date(year, month, 1)


@functools.lru_cache(maxsize=4096)
def month_end(month: date) -> date:
    """The last day of the month that starts on ``month``."""
    return date(month.year, month.month, calendar.monthrange(month.year, month.month)[1])


def month_label(month: date) -> str:
    """``03/2026``: how the pages name a month."""
    return f"{month.month:02d}/{month.year}"


def bad_month(raw: str) -> Refusal:
    return Refusal(
        _("not a month: “%(value)s” (YYYY-MM)") % {"value": raw}, "fee_month_invalid", "month"
    )


def amount_verdict(amount: int | None) -> Verdict:
    """The amount is a positive whole number of đồng."""
    if amount is None or amount <= 0:
        return Refusal(
            _("The amount must be a positive whole number of đồng."),
            "fee_amount_invalid",
            "amount",
        )
    return None


def membership_verdict(
    month: date, periods: Iterable[tuple[date, date | None]], member_name: str = ""
) -> Verdict:
    """The person was a member some day of the month (``periods``: their membership periods,
    ``valid_to`` exclusive; from the day of an exit they are no longer a member)."""
    last = month_end(month)
    for valid_from, valid_to in periods:
        if valid_from <= last and (valid_to is None or valid_to > month):
            return None
    return Refusal(
        _("%(name)s was not a party member in %(month)s.")
        % {"name": member_name or _("The person"), "month": month_label(month)},
        "fee_not_member",
        "month",
    )


def single_payment_verdict(month: date, paid_before: date | None) -> Verdict:
    """A member pays a month once (``paid_before``: the day an earlier payment of that month
    was made, if any)."""
    if paid_before is None:
        return None
    return Refusal(
        _("The fee of %(month)s was already paid on %(date)s.")
        % {"month": month_label(month), "date": vn_date(paid_before)},
        "fee_already_paid",
        "month",
    )


def collecting_organization(
    month: date, periods: Iterable[tuple[date, date | None, int]]
) -> int | None:
    """The member's official organization for the month's fee: the one of the month's last
    day, else (the member left during the month) the last one they had in it."""
    last = month_end(month)
    found: tuple[date, int] | None = None
    for valid_from, valid_to, organization_id in periods:
        if valid_from <= last and (valid_to is None or valid_to > last):
            return organization_id
        ends_in_month = valid_from <= last and valid_to is not None and valid_to > month
        if ends_in_month and (found is None or valid_from > found[0]):
            found = (valid_from, organization_id)
    return found[1] if found else None
