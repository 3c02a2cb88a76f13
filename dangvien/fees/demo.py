"""The demo's party fees (step ``fees``): two years of monthly payments across the change of
01/02/2026 (Quyết định 342 → Quy định 01-QĐ/TW) for the members of Xã Tháp Mười, with the
exempted members (50 years of party age from 02/2026, exempted from activity) owing nothing and
a few members in arrears.
"""

from __future__ import annotations

from datetime import date

from dangvien.accounts.types import Actor
from dangvien.core.dates import add_months, today
from dangvien.core.demo import DemoContext
from dangvien.fees.models import PaymentChannel
from dangvien.fees.rules import collecting_organization, month_end
from dangvien.fees.selectors import month_statuses
from dangvien.fees.services import CheckedPayment, fee_payments_create_many
from dangvien.members.models import MemberPeriod
from dangvien.organizations.models import OrganizationVersion

FIRST_MONTH = date(2025, 1, 1)
# The monthly fee drawn for each member: 1 % of a salary used for social insurance, 0,5 % of a
# pension, or the fixed amount of the other groups (domain rules §4).
AMOUNTS = (5_000, 20_000, 35_000, 48_000, 62_000, 90_000)


def build_fees(context: DemoContext[Actor]) -> None:
    commune = context.made["new_communes"]["Xã Tháp Mười"]
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
    member_ids = sorted(
        set(
            MemberPeriod.objects.at(month_end(months[-1]))
            .filter(organization_id__in=organizations)
            .values_list("member_id", flat=True)
        )
    )
    periods: dict[int, list[tuple[date, date | None, int]]] = {}
    for member_id, start, end, org in MemberPeriod.objects.filter(
        member_id__in=member_ids
    ).values_list("member_id", "valid_from", "valid_to", "organization_id"):
        periods.setdefault(member_id, []).append((start, end, org))
    statuses = month_statuses(member_ids, months)
    in_arrears = set(context.random.sample(member_ids, min(4, len(member_ids))))
    payments = []
    for member_id in member_ids:
        amount = context.random.choice(AMOUNTS)
        for status in statuses[member_id]:
            if not status.member or status.exempt:
                continue
            # the members in arrears stopped paying in the spring of 2026
            if member_id in in_arrears and status.month >= date(2026, 3, 1):
                continue
            if context.random.random() < 0.01:
                continue  # an occasional month forgotten
            organization_id = collecting_organization(status.month, periods[member_id])
            if organization_id is None:
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
