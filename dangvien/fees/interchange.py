"""The fees' section of a bundle: fee_payments.csv (contract §4), one row per member and month
paid.

A province sends hundreds of thousands of rows a year, so the rows are checked in memory with
the rules of ``fees.rules`` (the ones ``fee_payment_record`` enforces) against the members'
periods read once, and written in bulk by ``fee_payments_create_many``. A row already recorded
identically is skipped, so importing a bundle twice changes nothing the second time.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date

from django.db.models import QuerySet
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from dangvien.accounts.scoping import path_in_scope
from dangvien.core.dates import refuse_future, today
from dangvien.core.exceptions import ValidationFailed
from dangvien.fees.models import FeeBasis, FeePayment, FeeRelief, PaymentChannel, ReliefKind
from dangvien.fees.permissions import FeePermission
from dangvien.fees.rule_keys import REDUCTION_MAX_MONTHS, REDUCTION_PERCENTS
from dangvien.fees.rules import (
    INCOME_KINDS,
    amount_verdict,
    bad_month,
    basis_verdict,
    collecting_organization,
    membership_verdict,
    month_end,
    parse_month,
    relief_verdict,
    single_payment_verdict,
)
from dangvien.fees.services import (
    CheckedBasis,
    CheckedPayment,
    CheckedRelief,
    fee_bases_create_many,
    fee_payments_create_many,
    fee_reliefs_create_many,
)
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
from dangvien.rules.selectors import RuleBook, RuleMissing

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
BASES = BundleFile(
    "fee_bases.csv",
    gettext_lazy(
        "What each member's party fee is computed from, from a month on (dangvien's extension)."
    ),
    (
        Column("member_id", gettext_lazy("Key of the member."), mandatory=True),
        Column(
            "month", gettext_lazy("First month the basis applies to (YYYY-MM)."), mandatory=True
        ),
        Column(
            "kind",
            gettext_lazy(
                "salary (for social insurance), pension, benefit (sick or maternity leave), "
                "social_pension, student or other."
            ),
            mandatory=True,
        ),
        Column(
            "amount",
            gettext_lazy("Amount of the salary, pension or benefit in đồng (a whole number)."),
        ),
        Column(
            "voluntary_amount",
            gettext_lazy("A higher monthly fee the member chose to pay, in đồng."),
        ),
    ),
    extension=True,
)
RELIEFS = BundleFile(
    "fee_reliefs.csv",
    gettext_lazy(
        "Exemptions (hardship) and reductions of members' party fees with their decisions "
        "(dangvien's extension)."
    ),
    (
        Column("member_id", gettext_lazy("Key of the member."), mandatory=True),
        Column("kind", gettext_lazy("exemption or reduction."), mandatory=True),
        Column(
            "percent",
            gettext_lazy("Percent off: 100 for an exemption, 30, 50 or 70."),
            mandatory=True,
        ),
        Column("first_month", gettext_lazy("First month (YYYY-MM)."), mandatory=True),
        Column("last_month", gettext_lazy("Last month (YYYY-MM)."), mandatory=True),
        Column("decision_number", gettext_lazy("Number of the decision."), mandatory=True),
        Column("decision_date", gettext_lazy("Date of the decision (YYYY-MM-DD)."), mandatory=True),
        Column(
            "decided_by", gettext_lazy("Code of the organization that decided."), mandatory=True
        ),
        Column("reason", gettext_lazy("Reason.")),
    ),
    extension=True,
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


def _members_by_key(keys: Sequence[str]) -> tuple[dict[str, int], dict[int, str]]:
    ids: dict[str, int] = {}
    names: dict[int, str] = {}
    for first in range(0, len(keys), _CHUNK):
        for key, pk, name in Member.objects.filter(
            member_key__in=keys[first : first + _CHUNK]
        ).values_list("member_key", "pk", "full_name"):
            ids[key] = pk
            names[pk] = name
    return ids, names


def _may_collect(
    context: ImportContext,
    allowed: dict[int, bool],
    organization_id: int,
    paths: dict[int, str],
    codes: dict[int, str],
    row: Row,
    problems: list[Problem],
) -> bool:
    """Whether the importer may record fees of ``organization_id`` (memoised in ``allowed``);
    if not, the row's problem names the organization."""
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
                _("permission denied on organization %(code)s") % {"code": codes[organization_id]},
            )
        )
    return allowed[organization_id]


def _check_bases(context: ImportContext) -> tuple[list[CheckedBasis], int]:
    """fee_bases.csv checked with the rules of ``fee_basis_record`` (``fees.rules``): a member
    key known, a month, a known kind, a positive amount for a salary, pension or benefit, the
    person a member that month, the importer allowed on their organization that month; one row
    per member and month; a row equal to the basis recorded last for that member and month is
    skipped."""
    if not context.bundle.has(BASES.name):
        return [], 0
    problems = context.problems
    rows: list[tuple[Row, str, date, str, int, int | None]] = []
    first_line: dict[tuple[str, date], int] = {}
    for row in context.bundle.rows(BASES.name):
        key = row.get("member_id")
        if not key:
            problems.append(Problem(row.file, row.line, "member_id", required()))
        raw_month = row.get("month")
        month = parse_month(raw_month) if raw_month else None
        if not raw_month:
            problems.append(Problem(row.file, row.line, "month", required()))
        elif month is None:
            problems.append(refusal_problem(row, bad_month(raw_month)))
        kind = row.get("kind")
        if not kind:
            problems.append(Problem(row.file, row.line, "kind", required()))
        try:
            amount = read_integer(row, "amount", problems)
            voluntary = read_integer(row, "voluntary_amount", problems)
        except Unreadable:
            continue
        if not kind:
            continue
        verdict = basis_verdict(kind, amount, voluntary)
        if verdict is not None:
            problems.append(refusal_problem(row, verdict))
            continue
        if not key or month is None:
            continue
        seen = first_line.setdefault((key, month), row.line)
        if seen != row.line:
            problems.append(
                Problem(row.file, row.line, "month", duplicate(f"{key} {month:%Y-%m}", seen))
            )
            continue
        rows.append((row, key, month, kind, amount or 0, voluntary))
    ids, names = _members_by_key(sorted({key for _r, key, *_rest in rows}))
    member_ids = sorted(ids.values())
    periods: dict[int, list[tuple[date, date | None, int]]] = defaultdict(list)
    latest: dict[tuple[int, date], tuple[str, int, int | None]] = {}
    for first in range(0, len(member_ids), _CHUNK):
        chunk = member_ids[first : first + _CHUNK]
        for member_id, start, end, org in MemberPeriod.objects.filter(
            member_id__in=chunk
        ).values_list("member_id", "valid_from", "valid_to", "organization_id"):
            periods[member_id].append((start, end, org))
        for member_id, valid_from, kind, amount, voluntary in (
            FeeBasis.objects.filter(member_id__in=chunk)
            .order_by("id")
            .values_list("member_id", "valid_from", "kind", "amount", "voluntary_amount")
        ):
            latest[(member_id, valid_from)] = (kind, amount, voluntary)
    paths = dict(Organization.objects.values_list("pk", "path"))
    codes = dict(Organization.objects.values_list("pk", "code"))
    allowed: dict[int, bool] = {}
    checked: list[CheckedBasis] = []
    unchanged = 0
    for row, key, month, kind, amount, voluntary in rows:
        found = ids.get(key)
        if found is None:
            problems.append(
                Problem(
                    row.file,
                    row.line,
                    "member_id",
                    _("no member has the key %(key)s") % {"key": key},
                )
            )
            continue
        member_id = found
        stored = amount if kind in INCOME_KINDS else 0
        if latest.get((member_id, month)) == (kind, stored, voluntary):
            unchanged += 1
            continue
        member_periods = periods.get(member_id, [])
        verdict = membership_verdict(
            month, [(start, end) for start, end, _org in member_periods], names[member_id]
        )
        if verdict is not None:
            problems.append(refusal_problem(row, verdict))
            continue
        organization_id = collecting_organization(month, member_periods)
        assert organization_id is not None  # a member that month had an organization
        if not _may_collect(context, allowed, organization_id, paths, codes, row, problems):
            continue
        checked.append(CheckedBasis(member_id, month, kind, stored, voluntary, organization_id))
    return checked, unchanged


def _month_cell(row: Row, column: str, problems: list[Problem]) -> date | None:
    raw = row.get(column)
    if not raw:
        problems.append(Problem(row.file, row.line, column, required()))
        return None
    month = parse_month(raw)
    if month is None:
        problems.append(refusal_problem(row, bad_month(raw), column))
    return month


def _check_reliefs(context: ImportContext) -> tuple[list[CheckedRelief], int]:
    """fee_reliefs.csv checked with the rules of ``fee_relief_record`` (``fees.rules``): a known
    member and kind, the months in order, an exemption 100 %, a reduction at a rate and for a
    length of the rulebook in force in its first month, a numbered dated decision of a known
    organization, the person a member in the first month, the importer allowed on their
    organization then; a row equal to a relief recorded is skipped."""
    if not context.bundle.has(RELIEFS.name):
        return [], 0
    problems = context.problems
    book = RuleBook()
    rows: list[tuple[Row, str, str, int, date, date, str, date, str]] = []
    for row in context.bundle.rows(RELIEFS.name):
        key, kind, body = row.get("member_id"), row.get("kind"), row.get("decided_by")
        for column, value in (("member_id", key), ("kind", kind), ("decided_by", body)):
            if not value:
                problems.append(Problem(row.file, row.line, column, required()))
        if kind and kind not in ReliefKind.values:
            problems.append(Problem(row.file, row.line, "kind", unknown_value(kind)))
            continue
        first = _month_cell(row, "first_month", problems)
        last = _month_cell(row, "last_month", problems)
        decided_on = read_date(row, "decision_date", problems, mandatory=True, fact=True)
        number = row.get("decision_number")
        if not number:
            problems.append(Problem(row.file, row.line, "decision_number", required()))
        try:
            percent = read_integer(row, "percent", problems, low=1, high=100)
        except Unreadable:
            continue
        if percent is None:
            problems.append(Problem(row.file, row.line, "percent", required()))
            continue
        if not (key and kind and body and number) or first is None or last is None:
            continue
        if decided_on is None:
            continue
        try:
            percents: list[int] | None = REDUCTION_PERCENTS(on=month_end(first), rules=book)
            max_months: int | None = REDUCTION_MAX_MONTHS(on=month_end(first), rules=book)
        except RuleMissing:
            percents, max_months = None, None
        verdict = relief_verdict(
            kind, percent, first, last, percents=percents, max_months=max_months
        )
        if verdict is not None:
            problems.append(refusal_problem(row, verdict))
            continue
        rows.append((row, key, kind, percent, first, last, number, decided_on, body))
    ids, names = _members_by_key(sorted({r[1] for r in rows}))
    bodies = dict(
        Organization.objects.filter(code__in={r[8] for r in rows}).values_list("code", "pk")
    )
    recorded = set(
        FeeRelief.objects.filter(member_id__in=ids.values()).values_list(
            "member_id", "kind", "percent", "first_month", "last_month", "decision_number"
        )
    )
    periods: dict[int, list[tuple[date, date | None, int]]] = defaultdict(list)
    for member_id, start, end, org in MemberPeriod.objects.filter(
        member_id__in=list(ids.values())
    ).values_list("member_id", "valid_from", "valid_to", "organization_id"):
        periods[member_id].append((start, end, org))
    paths = dict(Organization.objects.values_list("pk", "path"))
    codes = dict(Organization.objects.values_list("pk", "code"))
    allowed: dict[int, bool] = {}
    checked: list[CheckedRelief] = []
    unchanged = 0
    for row, key, kind, percent, first, last, number, decided_on, body in rows:
        found = ids.get(key)
        if found is None:
            problems.append(
                Problem(
                    row.file, row.line, "member_id",
                    _("no member has the key %(key)s") % {"key": key},
                )
            )  # fmt: skip
            continue
        member_id = found
        if body not in bodies:
            problems.append(
                Problem(
                    row.file, row.line, "decided_by",
                    _("no organization has the code %(code)s") % {"code": body},
                )
            )  # fmt: skip
            continue
        if (member_id, kind, percent, first, last, number) in recorded:
            unchanged += 1
            continue
        member_periods = periods.get(member_id, [])
        verdict = membership_verdict(
            first, [(start, end) for start, end, _org in member_periods], names[member_id]
        )
        if verdict is not None:
            problems.append(refusal_problem(row, verdict, "first_month"))
            continue
        organization_id = collecting_organization(first, member_periods)
        assert organization_id is not None  # a member that month had an organization
        if not _may_collect(context, allowed, organization_id, paths, codes, row, problems):
            continue
        checked.append(
            CheckedRelief(
                member_id, kind, percent, first, last, row.get("reason"), number, decided_on,
                bodies[body], organization_id,
            )
        )  # fmt: skip
    return checked, unchanged


@dataclass(frozen=True)
class FeesSection:
    # no fields: equal instances, so that a second ready() (tests) registers the same value
    label = gettext_lazy("Party fees")
    files = (BASES, RELIEFS, PAYMENTS)
    counts = {
        "fee_bases": gettext_lazy("Fee bases"),
        "fee_bases_unchanged": gettext_lazy("Fee bases already recorded"),
        "fee_reliefs": gettext_lazy("Fee exemptions and reductions"),
        "fee_reliefs_unchanged": gettext_lazy("Fee exemptions and reductions already recorded"),
        "fee_payments": gettext_lazy("Fee payments"),
        "fee_payments_unchanged": gettext_lazy("Fee payments already recorded"),
    }

    def load(self, context: ImportContext) -> None:
        bases, bases_unchanged = _check_bases(context)
        reliefs, reliefs_unchanged = _check_reliefs(context)
        payments, unchanged = self._check_payments(context)
        if context.problems:
            return
        if bases:
            context.count("fee_bases", fee_bases_create_many(actor=context.actor, bases=bases))
        if bases_unchanged:
            context.count("fee_bases_unchanged", bases_unchanged)
        if reliefs:
            context.count(
                "fee_reliefs", fee_reliefs_create_many(actor=context.actor, reliefs=reliefs)
            )
        if reliefs_unchanged:
            context.count("fee_reliefs_unchanged", reliefs_unchanged)
        if payments:
            context.count(
                "fee_payments", fee_payments_create_many(actor=context.actor, payments=payments)
            )
        if unchanged:
            context.count("fee_payments_unchanged", unchanged)

    def _check_payments(self, context: ImportContext) -> tuple[list[CheckedPayment], int]:
        if not context.bundle.has(PAYMENTS.name):
            return [], 0
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
        ids, names = _members_by_key(sorted({item.key for item in read}))
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
            if not _may_collect(context, allowed, organization_id, paths, codes, row, problems):
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
        return checked, unchanged

    def export(self, context: ExportContext) -> None:
        scope = exported_organizations(context)
        rows = FeePayment.objects.all()
        bases = FeeBasis.objects.all()
        reliefs = FeeRelief.objects.all()
        if scope is not None:
            members = MemberPeriod.objects.filter(organization_id__in=scope).values("member_id")
            rows = rows.filter(member_id__in=members)
            bases = bases.filter(member_id__in=members)
            reliefs = reliefs.filter(member_id__in=members)
        _export_bases(context, bases)
        _export_reliefs(context, reliefs)
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


def _export_bases(context: ExportContext, bases: QuerySet[FeeBasis]) -> None:
    """The basis recorded last for each member and month (what the dues read), by member."""
    latest: dict[tuple[int, date], tuple[str, int, int | None]] = {}
    for member_id, valid_from, kind, amount, voluntary in bases.order_by("id").values_list(
        "member_id", "valid_from", "kind", "amount", "voluntary_amount"
    ):
        latest[(member_id, valid_from)] = (kind, amount, voluntary)
    keys = dict(
        Member.objects.filter(pk__in={member for member, _m in latest}).values_list(
            "pk", "member_key"
        )
    )
    with context.open(BASES.name) as out:
        for (member_id, month), (kind, amount, voluntary) in sorted(latest.items()):
            out.write(
                {
                    "member_id": keys[member_id],
                    "month": f"{month:%Y-%m}",
                    "kind": kind,
                    "amount": amount if kind in INCOME_KINDS else "",
                    "voluntary_amount": "" if voluntary is None else voluntary,
                }
            )


def _export_reliefs(context: ExportContext, reliefs: QuerySet[FeeRelief]) -> None:
    """Every relief recorded, by member and first month."""
    with context.open(RELIEFS.name) as out:
        for relief in reliefs.select_related("member", "decided_by").order_by(
            "member_id", "first_month", "pk"
        ):
            out.write(
                {
                    "member_id": relief.member.member_key,
                    "kind": relief.kind,
                    "percent": relief.percent,
                    "first_month": f"{relief.first_month:%Y-%m}",
                    "last_month": f"{relief.last_month:%Y-%m}",
                    "decision_number": relief.decision_number,
                    "decision_date": relief.decision_date.isoformat(),
                    "decided_by": relief.decided_by.code,
                    "reason": relief.reason,
                }
            )
