"""The demo's party fees (step ``fees``): two years of monthly payments across the change of
01/02/2026 (Quyết định 342 → Quy định 01-QĐ/TW) for the members of Xã Tháp Mười: each member's
basis (salary, pension, student, other, a social pension; a raise in 01/2026, a voluntary higher
fee), two reductions and a hardship exemption decided by the grassroots committee, payments of
the month's due (``monthly_due``) with the exempted members (50 years of party age and the
social pension from 02/2026, exempted from activity) owing nothing and a few members in arrears,
and the remittances up the levels, month by month, from the cells to the commune and the commune
to the province (the last month not yet sent, one cell short one month).
"""

from __future__ import annotations

from datetime import date

from dangvien.accounts.types import Actor
from dangvien.core.dates import add_months, today
from dangvien.core.decisions import Decision
from dangvien.core.demo import DemoContext
from dangvien.fees.models import FeeBasis, PaymentChannel
from dangvien.fees.rules import collecting_organization, month_end
from dangvien.fees.selectors import fee_facts, fee_ledger, month_statuses
from dangvien.fees.services import (
    CheckedBasis,
    CheckedPayment,
    fee_bases_create_many,
    fee_payments_create_many,
    fee_relief_record,
    fee_remittance_record,
)
from dangvien.members.keys import member_key_for
from dangvien.members.models import Member, MemberPeriod
from dangvien.organizations.models import Organization, OrganizationVersion

FIRST_MONTH = date(2025, 1, 1)
RAISE_MONTH = date(2026, 1, 1)
# The kinds of basis drawn for the members, with their weights.
KINDS = (("salary", 35), ("pension", 20), ("other", 38), ("student", 4), ("social_pension", 3))


def build_fees(context: DemoContext[Actor]) -> None:
    commune = context.made["new_communes"]["Xã Tháp Mười"]
    _veteran(context)
    last_month = add_months(today().replace(day=1), -1)
    months = []
    month = FIRST_MONTH
    while month <= last_month:
        months.append(month)
        month = add_months(month, 1)
    organizations = (
        OrganizationVersion.objects.at(month_end(months[-1]))
        .filter(path__startswith=commune.path)
        .values("organization_id")
    )
    # the organizations whose fees the demo keeps (the commune's, whenever they stood there):
    # a member who left pays here until then, never at the cell they moved to, which does not
    # keep its fees in the demo (one payment there made the whole cell owe)
    collecting = set(
        OrganizationVersion.objects.filter(path__startswith=commune.path).values_list(
            "organization_id", flat=True
        )
    )
    # everyone who was a member there some day of the two years (those who left pay until then)
    member_ids = sorted(
        set(
            MemberPeriod.objects.filter(
                organization_id__in=organizations, valid_from__lte=month_end(months[-1])
            )
            .exclude(valid_to__lte=FIRST_MONTH)
            .values_list("member_id", flat=True)
        )
    )
    periods: dict[int, list[tuple[date, date | None, int]]] = {}
    for member_id, start, end, org in MemberPeriod.objects.filter(
        member_id__in=member_ids
    ).values_list("member_id", "valid_from", "valid_to", "organization_id"):
        periods.setdefault(member_id, []).append((start, end, org))
    _bases(context, member_ids, periods)
    in_arrears = set(context.random.sample(member_ids, min(4, len(member_ids))))
    context.summary["fee_reliefs"] = _reliefs(
        context, [m for m in member_ids if m not in in_arrears]
    )
    statuses = month_statuses(member_ids, months)
    facts = fee_facts(member_ids, months)
    payments = []
    for member_id in member_ids:
        for status in statuses[member_id]:
            if not status.member or status.exempt:
                continue
            # the members in arrears stopped paying in the spring of 2026
            if member_id in in_arrears and status.month >= date(2026, 3, 1):
                continue
            if context.random.random() < 0.01:
                continue  # an occasional month forgotten
            organization_id = collecting_organization(status.month, periods[member_id])
            amount = facts.due(member_id, status.month).amount
            if organization_id not in collecting or not amount:
                continue
            paid_on = min(
                month_end(status.month).replace(day=context.random.randint(5, 25)), today()
            )
            payments.append(
                CheckedPayment(
                    member_id,
                    status.month,
                    amount,
                    paid_on,
                    organization_id,
                    PaymentChannel.PORTAL if context.random.random() < 0.3 else PaymentChannel.CASH,
                )
            )
    context.summary["fee_payments"] = fee_payments_create_many(
        actor=context.actor, payments=payments
    )
    context.summary["fee_remittances"] = _remittances(context, commune, months)


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


def _reliefs(context: DemoContext[Actor], candidates: list[int]) -> int:
    """Two reductions (50 % and 30 %) from 03/2026 and a hardship exemption from 04/2026,
    decided by the grassroots committee, for members with a salary or pension then."""
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
    return min(len(chosen), len(plans))


def _remittances(context: DemoContext[Actor], commune: Organization, months: list[date]) -> int:
    """Each month but the last, every organization of the commune's subtree (deepest first)
    sends up what the split rules make it send; one cell forgets one month."""
    recorded = 0
    forgetful: int | None = None
    for month in months[:-1]:
        last = month_end(month)
        states = list(
            OrganizationVersion.objects.at(last)
            .filter(path__startswith=commune.path)
            .select_related("organization")
            .order_by("-depth", "organization_id")
        )
        for depth in sorted({state.depth for state in states}, reverse=True):
            level = [state.organization for state in states if state.depth == depth]
            for line in fee_ledger(level, [month]):
                if line.to_send <= 0:
                    continue
                if forgetful is None and depth > states[-1].depth:
                    forgetful = line.organization.pk
                if line.organization.pk == forgetful and month == months[-3]:
                    continue
                fee_remittance_record(
                    actor=context.actor,
                    organization=line.organization,
                    month=month,
                    amount=line.to_send,
                    paid_on=min(add_months(month, 1).replace(day=10 + depth), today()),
                    reference=f"UNC-{month:%Y%m}-{line.organization.code}",
                )
                recorded += 1
    return recorded
