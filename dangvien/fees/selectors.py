"""Reads of party fees: payments in scope, the unpaid months of members, the collection sheet.

``unpaid_months`` is the one implementation of "an unpaid month" (contract §4, ``fees``): a
month of the year that ended on or before D, on whose last day the person was a member, not
exempted from activity, not exempt by the fee rules in force that day (``dues.monthly_due``:
50 years of party age and the social pension from 01/02/2026, an exemption decided), and with
no payment recorded for it. The statistics key, the removal
due-list, the member panel and the portal all read it.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from typing import Any

from django.db import connection
from django.db.models import IntegerField, QuerySet, Sum
from django.db.models.expressions import RawSQL

from dangvien.accounts.scoping import scope_q
from dangvien.accounts.types import Actor
from dangvien.fees.dues import Basis, Due, DueReason, Relief, monthly_due
from dangvien.fees.models import FeeBasis, FeePayment, FeeRelief, FeeRemittance
from dangvien.fees.permissions import FeePermission
from dangvien.fees.rule_keys import EXEMPT_BASIS_KINDS, EXEMPT_PARTY_AGE_YEARS, KEEP_PERCENT
from dangvien.fees.rules import collecting_organization, month_end
from dangvien.members.choices import MemberEventType
from dangvien.members.models import Member, MemberEvent, MemberPeriod, OpenEnd
from dangvien.members.selectors import members_last_periods, party_age
from dangvien.organizations.choices import GRASSROOTS_KINDS
from dangvien.organizations.models import Organization, OrganizationVersion, path_ids
from dangvien.organizations.selectors import LATEST_NAME
from dangvien.rules.selectors import RuleBook, RuleMissing, rulebook
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
    day, exempted from activity that day, paid, exempt by the fee rules (``monthly_due``)."""

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


def _on_last_days(months: Sequence[date]) -> tuple[str, list[Any]]:
    """SQL for the sum of the bits of ``months`` (bit i: ``months[i]``) on whose last day a
    member's period holds, as ``MemberPeriod.objects.at`` asks it (``valid_from <= D <
    OpenEnd``). Written as text: built by the ORM, the conditional expressions of ``_masks``
    took 9-10 ms to compile, as long as the rest of a member's fees panel (which asks for one
    member)."""
    table = MemberPeriod._meta.db_table
    valid_from = f'"{table}"."valid_from"'
    until = OpenEnd.template % {"expressions": f'"{table}"."valid_to"'}
    parts, params = [], []
    for index, month in enumerate(months):
        last = connection.ops.adapt_datefield_value(month_end(month))
        parts.append(f"CASE WHEN {valid_from} <= %s AND {until} > %s THEN {1 << index} ELSE 0 END")
        params += [last, last]
    return " + ".join(parts), params


def _months_paid(months: Sequence[date]) -> tuple[str, list[Any]]:
    """SQL for the bit of the month of a payment (0 for a month not asked)."""
    branches = " ".join(f"WHEN %s THEN {1 << index}" for index in range(len(months)))
    params = [connection.ops.adapt_datefield_value(month) for month in months]
    return f'CASE "{FeePayment._meta.db_table}"."month" {branches} ELSE 0 END', params


def _summed(sql: str, params: list[Any]) -> Sum:
    # the text holds only the models' table and column names and integers; the days and
    # months go as parameters
    return Sum(RawSQL(sql, params, output_field=IntegerField()))  # noqa: S611


def _masks(members: Members, months: Sequence[date]) -> _Masks:
    """Grouped by member in the database: a member's periods do not overlap (``replay`` writes
    them so, and every count of members by their periods relies on it), so at most one holds a
    given day and the sum of their months' bits is their union; a member pays a month once
    (``fee_payment_member_month``)."""
    start, end = months[0], month_end(months[-1])
    on_last_days, day_params = _on_last_days(months)
    exempted = f'"{MemberPeriod._meta.db_table}"."is_exempted"'
    paid_month, month_params = _months_paid(months)
    masks = _Masks({}, {}, {}, {})
    for batch in _batches(members):
        periods = (
            MemberPeriod.objects.filter(member_id__in=batch, valid_from__lte=end)
            .exclude(valid_to__lte=start)
            .order_by()
            .values("member_id")
            .annotate(
                member=_summed(on_last_days, day_params),
                exempt=_summed(f"CASE WHEN {exempted} THEN {on_last_days} ELSE 0 END", day_params),
            )
            .values_list("member_id", "member", "exempt")
        )
        for member_id, member, exempt in _raw_rows(periods):
            if member:
                masks.member[member_id] = member
            if exempt:
                masks.exempt[member_id] = exempt
        paid = (
            FeePayment.objects.filter(member_id__in=batch, month__gte=start, month__lte=months[-1])
            .order_by()
            .values("member_id")
            .annotate(paid=_summed(paid_month, month_params))
            .values_list("member_id", "paid")
        )
        for member_id, bits in _raw_rows(paid):
            if bits:
                masks.paid[member_id] = bits
    for member_id, month in _fee_exempt(members, months):
        masks.aged[member_id] = masks.aged.get(member_id, 0) | 1 << months.index(month)
    return masks


def _age_candidates(members: Members, months: Sequence[date]) -> set[int]:
    """Members whose first admission decision is old enough for the party-age exemption in one
    of ``months`` (only they can be exempt by party age; the others are never read)."""
    thresholds = [exempt_party_age_years(month_end(month)) for month in months]
    ruled = [years for years in thresholds if years is not None]
    if not ruled:
        return set()
    oldest_allowed = date(month_end(months[-1]).year - min(ruled), 12, 31)
    candidates: set[int] = set()
    for batch in _batches(members):
        candidates.update(
            MemberEvent.objects.filter(
                member_id__in=batch,
                type=MemberEventType.ADMITTED,
                decision_date__lte=oldest_allowed,
            ).values_list("member_id", flat=True)
        )
    return candidates


def _party_ages(member_ids: Iterable[int], months: Sequence[date]) -> dict[tuple[int, date], int]:
    """The party age in whole years on each month's last day (``members.selectors.party_age``,
    gaps excluded) of the members named."""
    ages: dict[tuple[int, date], int] = {}
    for member in Member.objects.filter(pk__in=list(member_ids)):
        for month in months:
            age = party_age(member, month_end(month))
            if age is not None:
                ages[(member.pk, month)] = age.years
    return ages


@dataclass
class FeeFacts:
    """What ``monthly_due`` reads for some members, loaded once: their bases and reliefs (in
    record order) and the party ages of those old enough for the exemption."""

    bases: dict[int, list[tuple[date, Basis]]]
    reliefs: dict[int, list[tuple[date, date, Relief]]]
    ages: dict[tuple[int, date], int]
    rules: RuleBook

    def basis(self, member_id: int, month: date) -> Basis | None:
        found = None
        for valid_from, basis in self.bases.get(member_id, ()):
            if valid_from > month:
                break
            found = basis
        return found

    def relief(self, member_id: int, month: date) -> Relief | None:
        found = None
        for first, last, relief in self.reliefs.get(member_id, ()):
            if first <= month <= last:
                found = relief
        return found

    def due(self, member_id: int, month: date, *, activity_exempt: bool = False) -> Due:
        return monthly_due(
            month,
            self.basis(member_id, month),
            rules=self.rules,
            party_age_years=self.ages.get((member_id, month)),
            relief=self.relief(member_id, month),
            activity_exempt=activity_exempt,
        )


def fee_facts(
    member_ids: Iterable[int], months: Sequence[date], *, ages_of: Iterable[int] | None = None
) -> FeeFacts:
    """Load what the dues of ``member_ids`` in ``months`` depend on (party ages of ``ages_of``,
    by default the members old enough for the exemption)."""
    ids = sorted(set(member_ids))
    facts = FeeFacts({}, {}, {}, rulebook())
    if not months:
        return facts
    for first in range(0, len(ids), _CHUNK):
        chunk = ids[first : first + _CHUNK]
        for member_id, valid_from, kind, amount, voluntary in (
            FeeBasis.objects.filter(member_id__in=chunk, valid_from__lte=months[-1])
            .order_by("member_id", "valid_from", "id")
            .values_list("member_id", "valid_from", "kind", "amount", "voluntary_amount")
        ):
            facts.bases.setdefault(member_id, []).append(
                (valid_from, Basis(kind, amount, voluntary))
            )
        for member_id, first_month, last_month, percent, number in (
            FeeRelief.objects.filter(
                member_id__in=chunk, first_month__lte=months[-1], last_month__gte=months[0]
            )
            .order_by("member_id", "id")
            .values_list("member_id", "first_month", "last_month", "percent", "decision_number")
        ):
            facts.reliefs.setdefault(member_id, []).append(
                (first_month, last_month, Relief(percent, number))
            )
    candidates = _age_candidates(ids, months) if ages_of is None else set(ages_of)
    facts.ages = _party_ages(candidates, months)
    return facts


def _fee_exempt(members: Members, months: Sequence[date]) -> set[tuple[int, date]]:
    """(member, month) pairs the fee rules exempt (``monthly_due``: party age, an exempt kind of
    basis, an exemption decided). Only members who may be are read: those old enough for the
    party-age exemption, with a basis of a kind exempt in one of the months, or with a relief."""
    book = rulebook()
    kinds: set[str] = set()
    for month in months:
        try:
            kinds.update(EXEMPT_BASIS_KINDS(on=month_end(month), rules=book))
        except RuleMissing:
            continue
    aged = _age_candidates(members, months)
    candidates = set(aged)
    for batch in _batches(members):
        if kinds:
            candidates.update(
                FeeBasis.objects.filter(
                    member_id__in=batch, kind__in=sorted(kinds), valid_from__lte=months[-1]
                ).values_list("member_id", flat=True)
            )
        candidates.update(
            FeeRelief.objects.filter(
                member_id__in=batch,
                percent__gte=100,
                first_month__lte=months[-1],
                last_month__gte=months[0],
            ).values_list("member_id", flat=True)
        )
    if not candidates:
        return set()
    facts = fee_facts(candidates, months, ages_of=aged)
    return {
        (member_id, month)
        for member_id in candidates
        for month in months
        if facts.due(member_id, month).exempt
    }


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


def payments_of_year(on: date) -> QuerySet[FeePayment]:
    """The payments for a month of the year of ``on`` (its first day from 1 January to ``on``):
    where there are any, the fee is collected here that year, and a month unpaid is owed."""
    return FeePayment.objects.filter(month__gte=date(on.year, 1, 1), month__lte=on)


def owed_here(unpaid: Mapping[int, Sequence[date]], on: date) -> dict[int, list[date]]:
    """Of each member's unpaid months, those owed here (``months_kept_here``), by member;
    a member owing none here is left out. What the due-list and the fees page list."""
    owing = [member_id for member_id, months in unpaid.items() if months]
    kept = months_kept_here(owing, sorted({m for pk in owing for m in unpaid[pk]}), on)
    return {
        member_id: owed
        for member_id in owing
        if (owed := [month for month in unpaid[member_id] if month in kept[member_id]])
    }


def months_kept_here(
    member_ids: Iterable[int], months: Sequence[date], on: date
) -> dict[int, set[date]]:
    """For each member, the months among ``months`` whose fee their organization
    (``collecting_organization``) keeps here: a payment for a month of that year up to ``on``
    is recorded there (as ``payments_of_year``). An unpaid month is owed here only then: a
    member who came from an organization that does not keep its fees here owes nothing here
    for the months before (the demo's commune listed members who joined in the autumn as
    owing since January)."""
    wanted = sorted(set(member_ids))
    if not wanted or not months:
        return {member_id: set() for member_id in wanted}
    periods: dict[int, list[tuple[date, date | None, int]]] = {m: [] for m in wanted}
    for batch in _batches(wanted):
        for member_id, valid_from, valid_to, organization_id in MemberPeriod.objects.filter(
            member_id__in=batch
        ).values_list("member_id", "valid_from", "valid_to", "organization_id"):
            periods[member_id].append((valid_from, valid_to, organization_id))
    collecting = {
        (member_id, month): collecting_organization(month, periods[member_id])
        for member_id in wanted
        for month in months
    }
    # the payments of those organizations only (a member's page asks for one member)
    organizations = sorted({o for o in collecting.values() if o is not None})
    years = sorted({month.year for month in months})
    keeping: set[tuple[int, int]] = set()
    for batch in _batches(organizations):
        for year in years:
            keeping.update(
                (organization_id, year)
                for organization_id in FeePayment.objects.filter(
                    organization_id__in=batch,
                    month__gte=date(year, 1, 1),
                    month__lte=min(date(year, 12, 31), on),
                )
                .order_by()
                .values_list("organization_id", flat=True)
                .distinct()
            )
    return {
        member_id: {
            month for month in months if (collecting[member_id, month], month.year) in keeping
        }
        for member_id in wanted
    }


def any_payment_of_year(member_ids: QuerySet[MemberPeriod, int], on: date) -> bool:
    """Whether a payment of the year of ``on`` is recorded for any of ``member_ids``."""
    return payments_of_year(on).filter(member_id__in=member_ids).exists()


@dataclass(frozen=True)
class MemberCell:
    """A member's official organization (their cell) and its name on the day read."""

    organization: Organization
    name: str


def member_cells(members: Iterable[Member], on: date, *, actor: Actor) -> dict[int, MemberCell]:
    """Each member's official organization on ``on``, by member id: that of their period in
    force that day in the actor's scope, else of their last one begun by then
    (``members_last_periods``, as the removal due-list places its members), named as it was
    called that day (else the latest name ``members_last_periods`` gives them). A page of
    members in three queries, whatever its length: the periods, the organizations' latest
    names, their names that day."""
    periods = members_last_periods(members, on, actor=actor)
    named_then = dict(
        OrganizationVersion.objects.at(on)
        .filter(organization_id__in={period.organization_id for period in periods.values()})
        .values_list("organization_id", "name")
    )
    return {
        member_id: MemberCell(
            period.organization,
            named_then.get(period.organization_id) or getattr(period.organization, LATEST_NAME),
        )
        for member_id, period in periods.items()
    }


@dataclass(frozen=True)
class ArrearsLine:
    """A line of the fees page's list of arrears: the member, their unpaid months as the page
    writes them, and their cell on the page's day (``None``: no period in the actor's scope)."""

    member: Member
    months: list[str]
    cell: MemberCell | None


def arrears_lines(
    *, actor: Actor, owed: Sequence[tuple[int, list[str]]], on: date
) -> list[ArrearsLine]:
    """The lines of ``owed`` (member id, months), in its order: the members read for these
    lines only (a page of the list, not the whole subtree's arrears) with their cells
    (``member_cells``), in a fixed number of queries."""
    members = Member.objects.in_bulk([member_id for member_id, _months in owed])
    cells = member_cells(members.values(), on, actor=actor)
    return [
        ArrearsLine(members[member_id], months, cells.get(member_id))
        for member_id, months in owed
        if member_id in members
    ]


def payments(*, actor: Actor) -> QuerySet[FeePayment]:
    """The payments the actor may read (those collected by organizations in their scope)."""
    return FeePayment.objects.filter(scope_q(actor, VIEW)).select_related("member", "organization")


def member_payments(
    *, actor: Actor, member: Member, on: date | None = None
) -> QuerySet[FeePayment]:
    """The member's payments ``actor`` sees, latest month first; with ``on``, those paid on or
    before it (the member's page read at a past day listed the payments made since)."""
    rows = payments(actor=actor).filter(member=member)
    if on is not None:
        rows = rows.filter(paid_on__lte=on)
    return rows.order_by("-month")


def own_payments(member: Member, on: date) -> QuerySet[FeePayment]:
    """The member's own payments made on or before ``on`` (the portal's "my fees": no scope,
    their record), latest month first: read at a past day, the portal listed the months paid
    since. A month paid later is not among them, a month paid ahead by then is."""
    return FeePayment.objects.filter(member=member, paid_on__lte=on).order_by("-month")


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
    payment if recorded, the month's due with its reason (``dues.monthly_due``) and the amount
    to suggest (the due, else their last payment)."""

    member: Member
    status: MonthStatus
    payment: FeePayment | None
    suggested_amount: int | None
    due: Due | None = None


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
    facts = fee_facts(member_ids, [month])
    members = Member.objects.filter(pk__in=member_ids).order_by("search_name", "pk")
    lines = []
    for member in members:
        status = statuses[member.pk][0]
        due = facts.due(member.pk, month)
        if status.exempt and not due.exempt:  # exempted from activity that day
            due = Due(0, DueReason.ACTIVITY_EXEMPT)
        suggested = due.amount if due.amount else last_amounts.get(member.pk)
        lines.append(SheetLine(member, status, recorded.get(member.pk), suggested, due))
    return lines


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


# --- what each level keeps and sends up (fee.keep_percent), reconciled level by level ---

COMMUNE_SECTORS = frozenset({"commune", "ward", "township", "special_zone"})


def keep_role(kind: str, sector: str, ancestor_kinds: Iterable[str]) -> str:
    """The place of an organization in the split rules (the keys of ``fee.keep_percent``):
    a cell or sub-committee inside a grassroots organization, a grassroots organization of a
    commune or ward or another one, a level above the grassroots, the central level."""
    if kind == "central":
        return "central"
    if kind in GRASSROOTS_KINDS:
        return "grassroots_commune" if sector in COMMUNE_SECTORS else "grassroots_other"
    if kind in {"cell", "sub_committee"}:
        inside = any(k in GRASSROOTS_KINDS for k in ancestor_kinds)
        return "cell_in_grassroots" if inside else "grassroots_other"
    return "above_grassroots"


def split(available: int, keep_percent: int) -> tuple[int, int]:
    """(kept, to send up) of ``available`` đồng: the share kept rounded half up to the đồng,
    the rest sent up (so the two add up to what the level holds)."""
    kept = (available * keep_percent + 50) // 100
    return kept, available - kept


@dataclass(frozen=True)
class LedgerLine:
    """One organization's fees of one month: collected from its own members, received from the
    levels below (remittances recorded), what the split rules let it keep and make it send up,
    what it sent (remittances recorded) and the difference still to send; ``expected`` is what
    the levels directly below should have sent it (the sum of their ``to_send``)."""

    organization: Organization
    name: str
    month: date
    keep_percent: int
    collected: int
    received: int
    expected: int
    kept: int
    to_send: int
    sent: int

    @property
    def difference(self) -> int:
        return self.to_send - self.sent

    @property
    def received_difference(self) -> int:
        return self.expected - self.received


def _sums(rows: QuerySet[Any, Any]) -> dict[tuple[int, date], int]:
    return {(org, month): total or 0 for org, month, total in rows}


def fee_ledger(organizations: Sequence[Organization], months: Sequence[date]) -> list[LedgerLine]:
    """The ledger lines of ``organizations`` for each of ``months`` (month by month, in the
    order given): the split of each month is the rulebook's ``fee.keep_percent`` in force on
    its last day for the organization's place in the tree that day."""
    if not organizations or not months:
        return []
    ids = [o.pk for o in organizations]
    collected = _sums(
        FeePayment.objects.filter(organization_id__in=ids, month__in=months)
        .values_list("organization_id", "month")
        .annotate(total=Sum("amount"))
        .values_list("organization_id", "month", "total")
    )
    remittances = FeeRemittance.objects.filter(month__in=months)
    sent = _sums(
        remittances.filter(organization_id__in=ids)
        .values_list("organization_id", "month")
        .annotate(total=Sum("amount"))
        .values_list("organization_id", "month", "total")
    )
    received = _sums(
        remittances.filter(recipient_id__in=ids)
        .values_list("recipient_id", "month")
        .annotate(total=Sum("amount"))
        .values_list("recipient_id", "month", "total")
    )
    book = rulebook()
    lines = []
    for month in months:
        last = month_end(month)
        keep = KEEP_PERCENT(on=last, rules=book)
        states = {
            s.organization_id: s
            for s in OrganizationVersion.objects.at(last).filter(organization_id__in=ids)
        }
        children = list(
            OrganizationVersion.objects.at(last)
            .filter(parent_id__in=ids)
            .values_list("organization_id", "parent_id")
        )
        child_ids = [child for child, _parent in children]
        child_collected = _sums(
            FeePayment.objects.filter(organization_id__in=child_ids, month=month)
            .values_list("organization_id", "month")
            .annotate(total=Sum("amount"))
            .values_list("organization_id", "month", "total")
        )
        child_received = _sums(
            FeeRemittance.objects.filter(recipient_id__in=child_ids, month=month)
            .values_list("recipient_id", "month")
            .annotate(total=Sum("amount"))
            .values_list("recipient_id", "month", "total")
        )
        child_roles = _roles(child_ids, last)
        expected: dict[int, int] = {}
        for child, parent in children:
            available = child_collected.get((child, month), 0) + child_received.get(
                (child, month), 0
            )
            _kept, to_send = split(available, keep.get(child_roles[child], 100))
            expected[parent] = expected.get(parent, 0) + to_send
        roles = _roles(ids, last)
        for organization in organizations:
            state = states.get(organization.pk)
            percent = keep.get(roles.get(organization.pk, ""), 100) if state else 100
            if state is not None and state.parent_id is None:
                percent = 100  # the top of the tree sends nothing up
            available = collected.get((organization.pk, month), 0) + received.get(
                (organization.pk, month), 0
            )
            kept, to_send = split(available, percent)
            lines.append(
                LedgerLine(
                    organization,
                    state.name if state else organization.code,
                    month,
                    percent,
                    collected.get((organization.pk, month), 0),
                    received.get((organization.pk, month), 0),
                    expected.get(organization.pk, 0),
                    kept,
                    to_send,
                    sent.get((organization.pk, month), 0),
                )
            )
    return lines


def _roles(ids: Sequence[int], on: date) -> dict[int, str]:
    """``keep_role`` of each organization on ``on`` (its kind, sector and ancestors' kinds)."""
    states = list(OrganizationVersion.objects.at(on).filter(organization_id__in=list(ids)))
    ancestor_ids = {pk for s in states for pk in path_ids(s.path)}
    kinds = dict(
        OrganizationVersion.objects.at(on)
        .filter(organization_id__in=ancestor_ids)
        .values_list("organization_id", "kind")
    )
    roles = {}
    for state in states:
        ancestors = [kinds.get(pk, "") for pk in path_ids(state.path)[:-1]]
        roles[state.organization_id] = keep_role(state.kind, state.sector, ancestors)
    return roles


# --- the fee report sent upward ---


@dataclass(frozen=True)
class ReportRow:
    """One organization directly below in the fee report of the months reported."""

    organization: Organization
    name: str
    members: int
    due: int
    collected: int
    kept: int
    remitted: int
    in_arrears: int
    exempted: int
    reduced: int


@dataclass(frozen=True)
class FeeReport:
    """The fee report of an organization for the months of the year of D that ended: one row
    per organization directly below, the totals, and the organization's own ledger."""

    organization: Organization
    name: str
    on: date
    months: list[date]
    rows: list[ReportRow]
    own: list[LedgerLine]

    def total(self, field: str) -> int:
        return sum(int(getattr(row, field)) for row in self.rows)


def _subtree_figures(
    organization: Organization, on: date, months: Sequence[date]
) -> tuple[int, int, int, int, int]:
    """(members, due, in arrears, exempted, reduced) of the members counted in the subtree at
    ``on``: the due summed over the months they owed (``monthly_due``, no basis counting 0), the
    members with an unpaid month, with an exempt month, with a reduced month."""
    member_ids = list(counted_members(placement(organization, on)))
    statuses = month_statuses(member_ids, months)
    facts = fee_facts(member_ids, months)
    due = in_arrears = exempted = reduced = 0
    for member_id, rows in statuses.items():
        was_exempt = was_reduced = unpaid = False
        for status in rows:
            if not status.member:
                continue
            if status.exempt:
                was_exempt = True
                continue
            owed = facts.due(member_id, status.month)
            due += owed.amount or 0
            was_reduced = was_reduced or owed.percent_off > 0
            unpaid = unpaid or status.unpaid
        exempted += was_exempt
        reduced += was_reduced
        in_arrears += unpaid
    return len(set(member_ids)), due, in_arrears, exempted, reduced


def fee_report(*, organization: Organization, on: date) -> FeeReport:
    """The report of the months of the year of ``on`` that ended (or of ``on``'s month when
    none has): per organization directly below, its members at ``on``, the dues, what was
    collected in its subtree, kept by its subtree (the split of each month), sent up to this
    organization, and its members in arrears, exempted and reduced."""
    months = ended_months(on) or [on.replace(day=1)]
    state = OrganizationVersion.objects.at(on).filter(organization=organization).first()
    children = list(
        OrganizationVersion.objects.at(on)
        .filter(parent=organization)
        .select_related("organization")
        .order_by("name")
    )
    # One ledger for every organization below, each line then summed under the child whose
    # subtree holds it: the ledger reads month by month, whatever the organizations (a
    # ledger per child made a province's report read its months once per child).
    ledgers: dict[int, list[LedgerLine]] = {child.organization_id: [] for child in children}
    if children and state is not None:
        depth = len(path_ids(state.path))  # where a path below names the child
        under: dict[int, int] = {}
        for org_id, path in (
            OrganizationVersion.objects.at(on)
            .filter(path__startswith=state.path)
            .values_list("organization_id", "path")
        ):
            ids = path_ids(path)
            if len(ids) > depth and ids[depth] in ledgers:
                under[org_id] = ids[depth]
        below = list(Organization.objects.filter(pk__in=list(under)))
        for line in fee_ledger(below, months):
            ledgers[under[line.organization.pk]].append(line)
    rows = []
    for child in children:
        ledger = ledgers[child.organization_id]
        members, due, in_arrears, exempted, reduced = _subtree_figures(
            child.organization, on, months
        )
        rows.append(
            ReportRow(
                child.organization,
                child.name,
                members,
                due,
                sum(line.collected for line in ledger),
                sum(line.kept for line in ledger),
                sum(line.sent for line in ledger if line.organization.pk == child.organization_id),
                in_arrears,
                exempted,
                reduced,
            )
        )
    return FeeReport(
        organization,
        state.name if state else organization.code,
        on,
        months,
        rows,
        fee_ledger([organization], months),
    )


def member_bases(member: Member) -> QuerySet[FeeBasis]:
    """The member's recorded bases, latest month (and latest recorded) first."""
    return FeeBasis.objects.filter(member=member).order_by("-valid_from", "-pk")


def member_reliefs(member: Member) -> QuerySet[FeeRelief]:
    """The member's exemptions and reductions, latest first."""
    return FeeRelief.objects.filter(member=member).order_by("-first_month", "-pk")
