"""The fees' section of a bundle: fee_payments.csv (contract §4), one row per member and month
paid.

A province sends hundreds of thousands of rows a year, so the rows are checked in memory with
the rules of ``fees.rules`` (the ones ``fee_payment_record`` enforces) against the members'
periods read once, and written in bulk by ``fee_payments_create_many``. A row already recorded
identically is skipped, so importing a bundle twice changes nothing the second time.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from datetime import date

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from dangvien.accounts.scoping import path_in_scope
from dangvien.core.dates import refuse_future, today
from dangvien.core.exceptions import ValidationFailed
from dangvien.fees.models import FeePayment, PaymentChannel
from dangvien.fees.permissions import FeePermission
from dangvien.fees.rules import (
    amount_verdict,
    bad_month,
    collecting_organization,
    membership_verdict,
    parse_month,
    single_payment_verdict,
)
from dangvien.fees.services import CheckedPayment, fee_payments_create_many
from dangvien.interchange.bundle import Row
from dangvien.interchange.problems import (
    Problem,
    Unreadable,
    duplicate,
    read_date,
    read_integer,
    refusal_problem,
    required,
    unknown_value,
)
from dangvien.interchange.sections import BundleFile, Column, ExportContext, ImportContext
from dangvien.members.models import Member, MemberPeriod
from dangvien.organizations.interchange import exported_organizations
from dangvien.organizations.models import Organization

PAYMENTS = BundleFile(
    "fee_payments.csv",
    gettext_lazy("Party fees paid: one row per member and month paid."),
    (
        Column("member_id", gettext_lazy("Key of the member who paid."), mandatory=True),
        Column("month", gettext_lazy("Month paid for (YYYY-MM)."), mandatory=True),
        Column("amount", gettext_lazy("Amount in đồng (a whole number)."), mandatory=True),
        Column("paid_on", gettext_lazy("Date paid (YYYY-MM-DD)."), mandatory=True),
        Column(
            "channel",
            gettext_lazy("cash (to the cell, the default) or portal (national portal)."),
            extension=True,
        ),
        Column("reference", gettext_lazy("Receipt or portal reference."), extension=True),
    ),
)
_CHUNK = 5000


@dataclass(frozen=True)
class _Read:
    row: Row
    key: str
    month: date
    amount: int
    paid_on: date
    channel: str
    reference: str


CHANNELS = frozenset(PaymentChannel.values)


def _read(row: Row, problems: list[Problem], today: date) -> _Read | None:
    key = row.get("member_id")
    if not key:
        problems.append(Problem(row.file, row.line, "member_id", required()))
    raw_month = row.get("month")
    month = parse_month(raw_month) if raw_month else None
    if not raw_month:
        problems.append(Problem(row.file, row.line, "month", required()))
    elif month is None:
        problems.append(refusal_problem(row, bad_month(raw_month)))
    try:
        amount = read_integer(row, "amount", problems)
    except Unreadable:
        amount = None
    else:
        verdict = amount_verdict(amount)
        if verdict is not None:
            problems.append(refusal_problem(row, verdict))
    paid_on = read_date(row, "paid_on", problems, mandatory=True)
    if paid_on is not None and paid_on > today:  # the policy's message, for the few it refuses
        try:
            refuse_future(paid_on, "paid_on")
        except ValidationFailed as error:
            problems.append(Problem(row.file, row.line, "paid_on", str(error)))
            paid_on = None
    channel = row.get("channel") or PaymentChannel.CASH
    if channel not in CHANNELS:
        problems.append(Problem(row.file, row.line, "channel", unknown_value(channel)))
        return None
    if not key or month is None or amount is None or amount <= 0 or paid_on is None:
        return None
    return _Read(row, key, month, amount, paid_on, channel, row.get("reference"))


@dataclass(frozen=True)
class FeesSection:
    # no fields: equal instances, so that a second ready() (tests) registers the same value
    label = gettext_lazy("Party fees")
    files = (PAYMENTS,)
    counts = {
        "fee_payments": gettext_lazy("Fee payments"),
        "fee_payments_unchanged": gettext_lazy("Fee payments already recorded"),
    }

    def load(self, context: ImportContext) -> None:
        if not context.bundle.has(PAYMENTS.name):
            return
        problems = context.problems
        read: list[_Read] = []
        first_line: dict[tuple[str, date], int] = {}
        day = today()
        for row in context.bundle.rows(PAYMENTS.name):
            item = _read(row, problems, day)
            if item is None:
                continue
            seen = first_line.setdefault((item.key, item.month), row.line)
            if seen != row.line:
                problems.append(
                    Problem(
                        row.file,
                        row.line,
                        "month",
                        duplicate(f"{item.key} {item.month:%Y-%m}", seen),
                    )
                )
                continue
            read.append(item)
        keys = sorted({item.key for item in read})
        ids: dict[str, int] = {}
        names: dict[int, str] = {}
        for first in range(0, len(keys), _CHUNK):
            for key, pk, name in Member.objects.filter(
                member_key__in=keys[first : first + _CHUNK]
            ).values_list("member_key", "pk", "full_name"):
                ids[key] = pk
                names[pk] = name
        member_ids = sorted(ids.values())
        periods: dict[int, list[tuple[date, date | None, int]]] = defaultdict(list)
        recorded: dict[tuple[int, date], tuple[int, date]] = {}
        for first in range(0, len(member_ids), _CHUNK):
            chunk = member_ids[first : first + _CHUNK]
            for member_id, start, end, org in MemberPeriod.objects.filter(
                member_id__in=chunk
            ).values_list("member_id", "valid_from", "valid_to", "organization_id"):
                periods[member_id].append((start, end, org))
            for member_id, month, amount, paid_on in FeePayment.objects.filter(
                member_id__in=chunk
            ).values_list("member_id", "month", "amount", "paid_on"):
                recorded[(member_id, month)] = (amount, paid_on)
        paths = dict(Organization.objects.values_list("pk", "path"))
        codes = dict(Organization.objects.values_list("pk", "code"))
        allowed: dict[int, bool] = {}
        spans: dict[int, list[tuple[date, date | None]]] = {}
        checked: list[CheckedPayment] = []
        unchanged = 0
        for item in read:
            row = item.row
            found = ids.get(item.key)
            if found is None:
                problems.append(
                    Problem(
                        row.file,
                        row.line,
                        "member_id",
                        _("no member has the key %(key)s") % {"key": item.key},
                    )
                )
                continue
            member_id = found
            earlier = recorded.get((member_id, item.month))
            if earlier == (item.amount, item.paid_on):
                unchanged += 1
                continue
            member_periods = periods.get(member_id, [])
            if member_id not in spans:
                spans[member_id] = [(start, end) for start, end, _org in member_periods]
            verdict = membership_verdict(
                item.month, spans[member_id], names[member_id]
            ) or single_payment_verdict(item.month, earlier[1] if earlier else None)
            if verdict is not None:
                problems.append(refusal_problem(row, verdict))
                continue
            organization_id = collecting_organization(item.month, member_periods)
            assert organization_id is not None  # a member that month had an organization
            if organization_id not in allowed:
                allowed[organization_id] = path_in_scope(
                    context.actor, FeePermission.CHANGE, paths[organization_id]
                )
            if not allowed[organization_id]:
                problems.append(
                    Problem(
                        row.file,
                        row.line,
                        "member_id",
                        _("permission denied on organization %(code)s")
                        % {"code": codes[organization_id]},
                    )
                )
                continue
            checked.append(
                CheckedPayment(
                    member_id,
                    item.month,
                    item.amount,
                    item.paid_on,
                    organization_id,
                    item.channel,
                    item.reference,
                )
            )
        if problems:
            return
        context.count(
            "fee_payments", fee_payments_create_many(actor=context.actor, payments=checked)
        )
        if unchanged:
            context.count("fee_payments_unchanged", unchanged)

    def export(self, context: ExportContext) -> None:
        scope = exported_organizations(context)
        rows = FeePayment.objects.all()
        if scope is not None:
            members = MemberPeriod.objects.filter(organization_id__in=scope).values("member_id")
            rows = rows.filter(member_id__in=members)
        keys = dict(
            Member.objects.filter(pk__in=rows.values("member_id")).values_list("pk", "member_key")
        )
        with context.open(PAYMENTS.name) as out:
            for member_id, month, amount, paid_on, channel, reference in (
                rows.order_by("member_id", "month")
                .values_list("member_id", "month", "amount", "paid_on", "channel", "reference")
                .iterator(chunk_size=10_000)
            ):
                out.write(
                    {
                        "member_id": keys[member_id],
                        "month": f"{month:%Y-%m}",
                        "amount": amount,
                        "paid_on": paid_on.isoformat(),
                        "channel": channel,
                        "reference": reference,
                    }
                )
