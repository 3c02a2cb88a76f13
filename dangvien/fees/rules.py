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
from dangvien.fees.models import BasisKind

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


#: Kinds of basis whose fee is a share of an amount (the others are fixed or exempt: amount 0).
INCOME_KINDS = frozenset({"salary", "pension", "benefit"})


def basis_verdict(kind: str, amount: int | None, voluntary: int | None) -> Verdict:
    """A basis names a known kind; a kind with an income has a positive whole amount of đồng;
    a voluntary monthly fee, when given, is a positive whole number."""
    if kind not in BasisKind.values:
        return Refusal(
            _("unknown kind of basis: “%(value)s”") % {"value": kind}, "fee_basis_kind", "kind"
        )
    if kind in INCOME_KINDS and (amount is None or amount <= 0):
        return Refusal(
            _(
                "The amount of a salary, pension or benefit must be a positive whole number of đồng."
            ),
            "fee_basis_amount",
            "amount",
        )
    if amount is not None and amount < 0:
        return Refusal(
            _("The amount must be a positive whole number of đồng."), "fee_basis_amount", "amount"
        )
    if voluntary is not None and voluntary <= 0:
        return Refusal(
            _("The voluntary fee must be a positive whole number of đồng."),
            "fee_voluntary_amount",
            "voluntary_amount",
        )
    return None


def months_between(first: date, last: date) -> int:
    """How many months ``first`` to ``last`` covers, both included."""
    return (last.year - first.year) * 12 + last.month - first.month + 1


def relief_verdict(
    kind: str,
    percent: int,
    first: date,
    last: date,
    *,
    percents: list[int] | None,
    max_months: int | None,
) -> Verdict:
    """An exemption is 100 %; a reduction is one of the rulebook's percents in force in its
    first month (``fee.reduction_percents``, from 02/2026: ``percents`` ``None`` before) and
    covers at most ``fee.reduction_max_months``; the last month is not before the first."""
    if last < first:
        return Refusal(_("The last month is before the first."), "fee_relief_order", "last_month")
    if kind == "exemption":
        if percent != 100:
            return Refusal(_("An exemption is 100 %."), "fee_relief_percent", "percent")
        return None
    if percents is None:
        return Refusal(
            _("No reduction of the party fee is provided for in %(month)s.")
            % {"month": month_label(first)},
            "fee_reduction_not_provided",
            "first_month",
        )
    if percent not in percents:
        return Refusal(
            _("A reduction is %(allowed)s %%.") % {"allowed": ", ".join(str(p) for p in percents)},
            "fee_relief_percent",
            "percent",
        )
    if max_months is not None and months_between(first, last) > max_months:
        return Refusal(
            _("A reduction covers at most %(months)s months.") % {"months": max_months},
            "fee_relief_too_long",
            "last_month",
        )
    return None
