"""The demo's party fees (step ``fees``): two years of monthly payments across the change of
01/02/2026 (Quyết định 342 → Quy định 01-QĐ/TW) for the members of the whole province (every
organization of the tree collects its members' fees): each member's basis (salary, pension,
student, other, a social pension; a raise in 01/2026, a voluntary higher fee), two reductions
and a hardship exemption decided by the committee of Xã Tháp Mười, payments of the month's due
(``monthly_due``) with the exempted members (50 years of party age and the social pension from
02/2026, exempted from activity) owing nothing, and a few realistic arrears: an occasional month
forgotten, some payments made early the next month (last month's not all in yet), and a few
members who stopped paying in 2026 (four of them in Xã Tháp Mười, in arrears since 03/2026);
and the remittances up the levels, month by month, from the cells to the top of the tree (the
last month not yet sent, one cell short one month).

Everything is written through the fees app's bulk services (``fee_bases_create_many`` and
``fee_payments_create_many``, which the import of fee_payments.csv uses, and
``fee_remittances_record``), so a province takes seconds.
"""

from __future__ import annotations

from datetime import date

from dangvien.accounts.types import Actor
from dangvien.core.dates import add_months, today
from dangvien.core.decisions import Decision
from dangvien.core.demo import DemoContext
from dangvien.fees.models import FeeBasis, PaymentChannel
from dangvien.fees.rules import collecting_organization, month_end
from dangvien.fees.selectors import MonthStatus, fee_facts, fee_ledger, month_statuses
from dangvien.fees.services import (
    CheckedBasis,
    CheckedPayment,
    Remittance,
    fee_bases_create_many,
    fee_payments_create_many,
    fee_relief_record,
    fee_remittances_record,
)
from dangvien.members.keys import member_key_for
from dangvien.members.models import Member, MemberPeriod
from dangvien.organizations.models import Organization, OrganizationVersion

FIRST_MONTH = date(2025, 1, 1)
RAISE_MONTH = date(2026, 1, 1)
# The kinds of basis drawn for the members, with their weights.
KINDS = (("salary", 35), ("pension", 20), ("other", 38), ("student", 4), ("social_pension", 3))
# Arrears: a month now and then never paid; a month paid early the next month (so last month's
# fee is not all in yet); one member in STOPPED_PER stopped paying in 2026 (from a month of
# STOPPED_FROM), besides the four of Xã Tháp Mười (from 03/2026) that its walk meets.
FORGOTTEN = 0.002
PAID_LATE = 0.03
STOPPED_PER = 700
STOPPED_FROM = (date(2026, 2, 1), date(2026, 9, 1))
COMMUNE_STOPPED = 4


def build_fees(context: DemoContext[Actor]) -> None:
    commune = context.made["new_communes"]["Xã Tháp Mười"]
    _veteran(context)
    last_month = add_months(today().replace(day=1), -1)
    months = []
    month = FIRST_MONTH
    while month <= last_month:
        months.append(month)
        month = add_months(month, 1)
    # everyone who was a member some day of the two years, wherever in the province (the tree
    # holds the province and, before 07/2025, the two provinces merged into it); each pays at
    # their organization of the month (``collecting_organization``), those who left until then
    periods: dict[int, list[tuple[date, date | None, int]]] = {}
    for member_id, start, end, org in (
        MemberPeriod.objects.filter(valid_from__lte=month_end(months[-1]))
        .exclude(valid_to__lte=FIRST_MONTH)
        .values_list("member_id", "valid_from", "valid_to", "organization_id")
    ):
        periods.setdefault(member_id, []).append((start, end, org))
    member_ids = sorted(periods)
    _bases(context, member_ids, periods)
    # the members of Xã Tháp Mười at the end of last month (its walk meets their reliefs and
    # arrears)
    in_commune = sorted(
        set(
            MemberPeriod.objects.at(month_end(months[-1]))
            .filter(
                organization_id__in=OrganizationVersion.objects.at(month_end(months[-1]))
                .filter(path__startswith=commune.path)
                .values("organization_id")
            )
            .values_list("member_id", flat=True)
        )
    )
    relieved = _reliefs(context, in_commune)
    context.summary["fee_reliefs"] = len(relieved)
    statuses = month_statuses(member_ids, months)
    facts = fee_facts(member_ids, months)
    stopped = _stopped(context, statuses, in_commune, relieved)
    draw, now = context.random.random, today()
    payments = []
    for member_id in member_ids:
        stops = stopped.get(member_id)
        for status in statuses[member_id]:
            if not status.member or status.exempt:
                continue
            if stops is not None and status.month >= stops:
                continue
            if draw() < FORGOTTEN:
                continue  # an occasional month forgotten
            organization_id = collecting_organization(status.month, periods[member_id])
            amount = facts.due(member_id, status.month).amount
            if organization_id is None or not amount:
                continue
            paid_on = month_end(status.month).replace(day=context.random.randint(5, 25))
            if draw() < PAID_LATE:  # paid at the next month's meeting
                paid_on = add_months(paid_on, 1)
            if paid_on > now:
                continue  # not paid yet
            payments.append(
                CheckedPayment(
                    member_id,
                    status.month,
                    amount,
                    paid_on,
                    organization_id,
                    PaymentChannel.PORTAL if draw() < 0.3 else PaymentChannel.CASH,
                )
            )
    context.summary["fee_payments"] = fee_payments_create_many(
        actor=context.actor, payments=payments
    )
    context.summary["fee_remittances"] = _remittances(context, months)


def _stopped(
    context: DemoContext[Actor],
    statuses: dict[int, list[MonthStatus]],
    in_commune: list[int],
    relieved: list[int],
) -> dict[int, date]:
    """The members who stopped paying in 2026, with the first month they did not pay: four of
    Xã Tháp Mười from 03/2026, and one in ``STOPPED_PER`` elsewhere from a month of 2026; of
    those who owed a fee every month since (members that day, not exempt), without a relief."""
    first, last = STOPPED_FROM

    def owing_from(month: date, excluded: set[int]) -> list[int]:
        return [
            member_id
            for member_id, rows in statuses.items()
            if member_id not in excluded
            and all(s.member and not s.exempt for s in rows if s.month >= month)
        ]

    commune = set(in_commune)
    candidates = [m for m in owing_from(date(2026, 3, 1), set(relieved)) if m in commune]
    stopped = {
        member_id: date(2026, 3, 1)
        for member_id in context.random.sample(candidates, min(COMMUNE_STOPPED, len(candidates)))
    }
    others = owing_from(first, commune | set(relieved))
    span = (last.year - first.year) * 12 + last.month - first.month
    for member_id in context.random.sample(others, min(len(others), len(statuses) // STOPPED_PER)):
        stopped[member_id] = add_months(first, context.random.randint(0, span))
    return stopped


# a key of the form the system makes (members.keys), far beyond the demo's numbering
VETERAN_KEY = member_key_for(19_760_001)


def _veteran(context: DemoContext[Actor]) -> None:
    """A member of the cell secretary's cell with 50 years of party age in 2026: admitted by a
    decision of 20/01/1976 in the cell of the district committee's office (founded 01/03/1976,
    dissolved in 2021), transferred to the secretary's cell on 01/07/2021. Exempt from 02/2026
    (01-QĐ/TW), owing January 2026 (342-QĐ/TW)."""
    from dangvien.accounts.models import RoleAssignment
    from dangvien.members.services import member_admit, member_recognise, member_transfer
    from dangvien.organizations.services import organization_create, organization_dissolve

    grant = RoleAssignment.objects.filter(user__username="chibo").select_related("organization")
    district = Organization.objects.filter(code="HU-TM").first()
    if not grant.exists() or district is None or Member.objects.filter(member_key=VETERAN_KEY):
        return
    cell = grant.first().organization  # type: ignore[union-attr]
    office = organization_create(
        actor=context.actor,
        code="HU-TM-CQ-1976",
        name="Chi bộ Cơ quan Huyện ủy Tháp Mười",
        kind="grassroots_cell",
        sector="agency",
        parent=district,
        established_on=date(1976, 3, 1),
    )
    veteran = member_admit(
        actor=context.actor,
        organization=office,
        admitted_on=date(1976, 3, 10),
        decision=Decision("05-QĐ/TU", date(1976, 1, 20), "Tỉnh ủy"),
        profile={"full_name": "Nguyễn Văn Lão", "sex": "M", "birth_date": date(1952, 5, 19)},
        member_key=VETERAN_KEY,
        decided_by_competent_body=True,
    )
    member_recognise(
        actor=context.actor,
        member=veteran,
        decision=Decision("12-QĐ/HU", date(1977, 3, 10), "Huyện ủy"),
    )
    member_transfer(
        actor=context.actor, member=veteran, to_organization=cell, effective_on=date(2021, 7, 1)
    )
    organization_dissolve(actor=context.actor, organization=office, effective_on=date(2021, 7, 2))
    context.summary["fee_veterans"] = 1
    if "organizations" in context.summary:  # the summary counts the office's cell too
        context.summary["organizations"] = Organization.objects.count()


def _first_month(periods: list[tuple[date, date | None, int]]) -> date:
    start = min(valid_from for valid_from, _end, _org in periods)
    return max(FIRST_MONTH, start.replace(day=1))


def _bases(
    context: DemoContext[Actor],
    member_ids: list[int],
    periods: dict[int, list[tuple[date, date | None, int]]],
) -> None:
    """A basis per member from their first month (a salary raised in 01/2026), one member
    paying a voluntary higher fee."""
    kinds = [kind for kind, _weight in KINDS]
    weights = [weight for _kind, weight in KINDS]
    bases = []
    for index, member_id in enumerate(member_ids):
        kind = context.random.choices(kinds, weights)[0]
        amount = 0
        if kind == "salary":
            amount = context.random.randrange(4_200_000, 15_000_000, 10_000)
        elif kind == "pension":
            amount = context.random.randrange(3_000_000, 12_000_000, 10_000)
        first = _first_month(periods[member_id])
        organization_id = collecting_organization(first, periods[member_id])
        if organization_id is None:
            continue
        voluntary = 200_000 if index == 0 else None
        bases.append(CheckedBasis(member_id, first, kind, amount, voluntary, organization_id))
        raised = collecting_organization(RAISE_MONTH, periods[member_id])
        if kind == "salary" and first < RAISE_MONTH and raised is not None:
            bases.append(
                CheckedBasis(member_id, RAISE_MONTH, kind, amount * 108 // 100, None, raised)
            )
    context.summary["fee_bases"] = fee_bases_create_many(actor=context.actor, bases=bases)


def _reliefs(context: DemoContext[Actor], candidates: list[int]) -> list[int]:
    """Two reductions (50 % and 30 %) from 03/2026 and a hardship exemption from 04/2026,
    decided by the grassroots committee, for members with a salary or pension then; returns
    the members."""
    eligible = list(
        FeeBasis.objects.filter(
            member_id__in=candidates, kind__in=["salary", "pension"], valid_from__lte=RAISE_MONTH
        )
        .order_by("member_id")
        .values_list("member_id", flat=True)
        .distinct()
    )
    at = date(2026, 4, 30)
    standing = set(
        MemberPeriod.objects.at(at)
        .filter(member_id__in=eligible, is_exempted=False)
        .values_list("member_id", flat=True)
    )
    # the members of the cell secretary's cell first, so that the walk meets a reduction
    from dangvien.accounts.models import RoleAssignment

    cells = RoleAssignment.objects.filter(user__username="chibo").values("organization_id")
    preferred = set(
        MemberPeriod.objects.at(at)
        .filter(organization_id__in=cells, member_id__in=eligible)
        .values_list("member_id", flat=True)
    )
    chosen = sorted((m for m in eligible if m in standing), key=lambda m: m not in preferred)[:3]
    plans = [
        ("reduction", 50, date(2026, 3, 1), date(2027, 2, 1), "21-QĐ/ĐU", date(2026, 2, 26)),
        ("reduction", 30, date(2026, 3, 1), date(2026, 8, 1), "22-QĐ/ĐU", date(2026, 2, 26)),
        ("exemption", 100, date(2026, 4, 1), date(2026, 12, 1), "35-QĐ/ĐU", date(2026, 3, 27)),
    ]
    for member_id, (kind, percent, first, last, number, day) in zip(chosen, plans, strict=False):
        fee_relief_record(
            actor=context.actor,
            member=Member.objects.get(pk=member_id),
            kind=kind,
            percent=percent,
            first_month=first,
            last_month=last,
            decision=Decision(number, day, "Đảng ủy"),
            reason="Hộ nghèo" if kind == "exemption" else "Hoàn cảnh khó khăn",
        )
    return chosen[: len(plans)]


def _remittances(context: DemoContext[Actor], months: list[date]) -> int:
    """Each month but the last, every organization of the tree sends up what the split rules
    make it send: one level of the tree at a time, deepest first, all months at once (a level
    in one bulk write: the ledger of the level above reads what it received); one cell forgets
    one month."""
    sent = months[:-1]
    depth_of: dict[tuple[int, date], int] = {}
    organizations: dict[int, Organization] = {}
    for month in sent:
        for state in OrganizationVersion.objects.at(month_end(month)).select_related(
            "organization"
        ):
            depth_of[(state.organization_id, month)] = state.depth
            organizations[state.organization_id] = state.organization
    depths = sorted(set(depth_of.values()), reverse=True)
    forgetful: int | None = None
    recorded = 0
    for depth in depths:
        level = sorted(
            {organizations[pk] for (pk, _month), d in depth_of.items() if d == depth},
            key=lambda organization: organization.pk,
        )
        sending = []
        for line in fee_ledger(level, sent):
            pk = line.organization.pk
            if line.to_send <= 0 or depth_of.get((pk, line.month)) != depth:
                continue
            if forgetful is None:
                forgetful = pk  # a cell of the deepest level
            if pk == forgetful and line.month == months[-3]:
                continue
            sending.append(
                Remittance(
                    line.organization,
                    line.month,
                    line.to_send,
                    min(add_months(line.month, 1).replace(day=10 + depth), today()),
                    f"UNC-{line.month:%Y%m}-{line.organization.code}",
                )
            )
        recorded += len(fee_remittances_record(actor=context.actor, remittances=sending))
    return recorded
