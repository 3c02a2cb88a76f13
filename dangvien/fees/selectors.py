"""Reads of party fees: payments in scope, the unpaid months of members, the collection sheet.

``unpaid_months`` is the one implementation of "an unpaid month" (contract §4, ``fees``): a
month of the year that ended on or before D, on whose last day the person was a member, not
exempted from activity, not exempt by the fee rules in force that day (50 years of party age
from 01/02/2026), and with no payment recorded for it. The statistics key, the removal
due-list, the member panel and the portal all read it.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from datetime import date
from typing import Any

from django.db import connection
from django.db.models import QuerySet

from dangvien.accounts.scoping import scope_q
from dangvien.accounts.types import Actor
from dangvien.fees.models import FeePayment
from dangvien.fees.permissions import FeePermission
from dangvien.fees.rule_keys import EXEMPT_PARTY_AGE_YEARS
from dangvien.fees.rules import month_end
from dangvien.members.choices import MemberEventType
from dangvien.members.models import Member, MemberEvent, MemberPeriod
from dangvien.members.selectors import party_age
from dangvien.organizations.models import Organization
from dangvien.rules.selectors import RuleMissing
from dangvien.statistics.placement import counted_members, placement

VIEW = FeePermission.VIEW
_CHUNK = 500


def ended_months(on: date) -> list[date]:
    """The first days of the months of D's year that ended on or before D."""
    return [
        date(on.year, month, 1)
        for month in range(1, 13)
        if month_end(date(on.year, month, 1)) <= on
    ]


def exempt_party_age_years(on: date) -> int | None:
    """The party age that exempts from the fee on ``on``; ``None`` before the rule (02/2026)."""
    try:
        return EXEMPT_PARTY_AGE_YEARS(on=on)
    except RuleMissing:
        return None


#: Members asked about: ids, or a query of ids (the statistics' counted members), which is then
#: used as a subquery so that a province is read in one statement per table.
Members = Sequence[int] | QuerySet[Any, int]


def _batches(members: Members) -> Iterator[Sequence[int] | QuerySet[Any, int]]:
    if isinstance(members, QuerySet):
        yield members
        return
    for first in range(0, len(members), _CHUNK):
        yield members[first : first + _CHUNK]


def _raw_rows(rows: QuerySet[Any, Any]) -> Iterator[tuple[Any, ...]]:
    """The rows of a query as the driver returns them (dates as ``date``: both drivers convert
    date columns), without Django's per-value converters, which cost more than the query for a
    province."""
    sql, params = rows.query.sql_with_params()
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        while batch := cursor.fetchmany(20_000):
            yield from batch


@dataclass
class _Masks:
    """Per member, one bit per month asked (bit i: ``months[i]``): a member on the month's last
    day, exempted from activity that day, paid, exempt by party age."""

    member: dict[int, int]
    exempt: dict[int, int]
    paid: dict[int, int]
    aged: dict[int, int]

    def unpaid(self, member_id: int) -> int:
        return (
            self.member.get(member_id, 0)
            & ~self.exempt.get(member_id, 0)
            & ~self.paid.get(member_id, 0)
            & ~self.aged.get(member_id, 0)
        )


def _masks(members: Members, months: Sequence[date]) -> _Masks:
    start, end = months[0], month_end(months[-1])
    lasts = [month_end(month) for month in months]
    bit_of_month = {month: 1 << index for index, month in enumerate(months)}
    masks = _Masks({}, {}, {}, {})
    for batch in _batches(members):
        periods = (
            MemberPeriod.objects.filter(member_id__in=batch, valid_from__lte=end)
            .exclude(valid_to__lte=start)
            .values_list("member_id", "valid_from", "valid_to", "is_exempted")
        )
        for member_id, valid_from, valid_to, exempted in _raw_rows(periods):
            for index, last in enumerate(lasts):
                if valid_from <= last and (valid_to is None or valid_to > last):
                    masks.member[member_id] = masks.member.get(member_id, 0) | 1 << index
                    if exempted:
                        masks.exempt[member_id] = masks.exempt.get(member_id, 0) | 1 << index
        paid = FeePayment.objects.filter(
            member_id__in=batch, month__gte=start, month__lte=months[-1]
        ).values_list("member_id", "month")
        for member_id, month in _raw_rows(paid):
            masks.paid[member_id] = masks.paid.get(member_id, 0) | bit_of_month.get(month, 0)
    for member_id, month in _age_exempt(members, months):
        masks.aged[member_id] = masks.aged.get(member_id, 0) | 1 << months.index(month)
    return masks


def _age_exempt(members: Members, months: Sequence[date]) -> set[tuple[int, date]]:
    """(member, month) pairs exempt by party age on the month's last day. Only members whose
    first admission decision is old enough can be: their party age is computed exactly
    (``members.selectors.party_age``, gaps excluded) and the others are never read."""
    thresholds = {month: exempt_party_age_years(month_end(month)) for month in months}
    ruled = [month for month in months if thresholds[month] is not None]
    if not ruled:
        return set()
    latest = month_end(ruled[-1])
    oldest_allowed = min(date(latest.year - (thresholds[month] or 0), 12, 31) for month in ruled)
    candidates: set[int] = set()
    for batch in _batches(members):
        candidates.update(
            MemberEvent.objects.filter(
                member_id__in=batch,
                type=MemberEventType.ADMITTED,
                decision_date__lte=oldest_allowed,
            ).values_list("member_id", flat=True)
        )
    exempt: set[tuple[int, date]] = set()
    for member in Member.objects.filter(pk__in=candidates):
        for month in ruled:
            age = party_age(member, month_end(month))
            if age is not None and age.years >= (thresholds[month] or 0):
                exempt.add((member.pk, month))
    return exempt


@dataclass(frozen=True)
class MonthStatus:
    """A month of a member's fee: ``due`` (a member that day, not exempted), ``exempt`` (by
    activity exemption or by party age), ``paid`` (a payment recorded)."""

    month: date
    member: bool
    exempt: bool
    paid: bool

    @property
    def unpaid(self) -> bool:
        return self.member and not self.exempt and not self.paid


def month_statuses(members: Members, months: Sequence[date]) -> dict[int, list[MonthStatus]]:
    """The status of each member in each month (month by month, as the contract defines);
    given a query, the members it names who were members some day of those months."""
    if not months:
        return {member_id: [] for member_id in members}
    masks = _masks(members, months)
    ids = sorted(masks.member) if isinstance(members, QuerySet) else sorted(set(members))
    return {
        member_id: [
            MonthStatus(
                month,
                member=bool(masks.member.get(member_id, 0) & 1 << index),
                exempt=bool(
                    (masks.exempt.get(member_id, 0) | masks.aged.get(member_id, 0)) & 1 << index
                ),
                paid=bool(masks.paid.get(member_id, 0) & 1 << index),
            )
            for index, month in enumerate(months)
        ]
        for member_id in ids
    }


def unpaid_months(members: Members, on: date) -> dict[int, list[date]]:
    """The unpaid months of the year of ``on`` (ended on or before it), per member who has any."""
    months = ended_months(on)
    if not months:
        return {}
    masks = _masks(members, months)
    found = {}
    for member_id in masks.member:
        unpaid = masks.unpaid(member_id)
        if unpaid:
            found[member_id] = [m for i, m in enumerate(months) if unpaid & 1 << i]
    return found


def unpaid_count(members: Members, on: date, at_least: int) -> int:
    """How many of ``members`` have ``at_least`` unpaid months in the year of ``on``."""
    months = ended_months(on)
    if not months:
        return 0
    masks = _masks(members, months)
    return sum(1 for member_id in masks.member if masks.unpaid(member_id).bit_count() >= at_least)


def any_payment_of_year(member_ids: QuerySet[MemberPeriod, int], on: date) -> bool:
    """Whether a payment for a month of the year of ``on`` (its first day from 1 January to
    ``on``) is recorded for any of ``member_ids``."""
    return FeePayment.objects.filter(
        member_id__in=member_ids, month__gte=date(on.year, 1, 1), month__lte=on
    ).exists()


def payments(*, actor: Actor) -> QuerySet[FeePayment]:
    """The payments the actor may read (those collected by organizations in their scope)."""
    return FeePayment.objects.filter(scope_q(actor, VIEW)).select_related("member", "organization")


def member_payments(*, actor: Actor, member: Member) -> QuerySet[FeePayment]:
    return payments(actor=actor).filter(member=member).order_by("-month")


def organization_payments(
    *, actor: Actor, organization: Organization, month: date | None = None
) -> QuerySet[FeePayment]:
    """Payments collected by the organization's subtree (as it stands today)."""
    rows = payments(actor=actor).filter(organization__path__startswith=organization.path)
    if month is not None:
        rows = rows.filter(month=month)
    return rows.order_by("member__search_name", "month")


@dataclass(frozen=True)
class SheetLine:
    """A line of a cell's collection sheet: the member expected, their status that month, the
    payment if recorded, and the amount to suggest (their last payment)."""

    member: Member
    status: MonthStatus
    payment: FeePayment | None
    suggested_amount: int | None


def collection_sheet(*, organization: Organization, month: date, on: date) -> list[SheetLine]:
    """The members of the organization (its own members, not the subtree's) expected to pay
    for ``month``: members there on the month's last day (or on ``on`` for a month not yet
    ended), with their status and what they paid."""
    day = min(month_end(month), on)
    member_ids = list(
        MemberPeriod.objects.at(day)
        .filter(organization=organization)
        .values_list("member_id", flat=True)
    )
    statuses = month_statuses(member_ids, [month])
    recorded = {
        p.member_id: p for p in FeePayment.objects.filter(member_id__in=member_ids, month=month)
    }
    last_amounts: dict[int, int] = {}
    for member_id, amount in (
        FeePayment.objects.filter(member_id__in=member_ids, month__lt=month)
        .order_by("member_id", "month")
        .values_list("member_id", "amount")
    ):
        last_amounts[member_id] = amount
    members = Member.objects.filter(pk__in=member_ids).order_by("search_name", "pk")
    return [
        SheetLine(
            member,
            statuses[member.pk][0],
            recorded.get(member.pk),
            last_amounts.get(member.pk),
        )
        for member in members
    ]


#: The contract's key counts members with at least this many unpaid months (its name says 3;
#: the removal due-list reads the rulebook instead).
CONTRACT_UNPAID_MONTHS = 3


def fees_statistics(root: Organization, on: date) -> dict[str, int] | None:
    """The ``fees`` key of §4: members counted in ``members.total`` at D with at least three
    unpaid months in the year of D; ``None`` when no payment of a month of the year of D is
    recorded for any of them."""
    counted = counted_members(placement(root, on))
    if not any_payment_of_year(counted, on):
        return None
    return {"members_with_3_unpaid_months": unpaid_count(counted, on, CONTRACT_UNPAID_MONTHS)}
