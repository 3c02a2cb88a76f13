"""Writes of party fees: a member's payment for a month, a cell's collection sheet, and the
bulk load of fee_payments.csv — all through the rules of ``fees.rules``."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date

from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from dangvien.accounts.scoping import require
from dangvien.accounts.types import Actor
from dangvien.audit.services import (
    AuditAction,
    audit_fields,
    record,
    record_many,
    recorded_by,
    snapshot,
)
from dangvien.competence.rules import body_at_level
from dangvien.competence.selectors import acts_for, organization_chain, organization_name
from dangvien.core.dates import refuse_future
from dangvien.core.decisions import Decision, require_numbered
from dangvien.core.exceptions import ValidationFailed
from dangvien.core.verdicts import enforce
from dangvien.fees.models import (
    FeeBasis,
    FeePayment,
    FeeRelief,
    FeeRemittance,
    PaymentChannel,
    ReliefKind,
)
from dangvien.fees.permissions import FeePermission
from dangvien.fees.rule_keys import REDUCTION_MAX_MONTHS, REDUCTION_PERCENTS, RELIEF_DECIDER_LEVEL
from dangvien.fees.rules import (
    INCOME_KINDS,
    amount_verdict,
    basis_verdict,
    collecting_organization,
    membership_verdict,
    month_end,
    month_label,
    relief_verdict,
    single_payment_verdict,
)
from dangvien.interchange.bulk import allocate_ids, write_rows
from dangvien.members.models import Member, MemberPeriod
from dangvien.organizations.models import Organization, OrganizationVersion
from dangvien.rules.selectors import RuleMissing

CHANGE = FeePermission.CHANGE


@transaction.atomic
def fee_payment_record(
    *,
    actor: Actor,
    member: Member,
    month: date,
    amount: int,
    paid_on: date,
    channel: str = PaymentChannel.CASH,
    reference: str = "",
) -> FeePayment:
    """Record that ``member`` paid ``amount`` đồng for ``month`` (its first day) on ``paid_on``.

    Rules: the actor may change fees of the member's official organization in that month and
    of the one the member's file stands in today; the amount is a positive whole number; the
    person was a member some day of the month; a month is paid once; ``paid_on`` is not in the
    future; the channel is cash or the national portal.
    Writes: FeePayment, AuditEvent(create).
    """
    member = Member.objects.select_for_update().get(pk=member.pk)
    month = month.replace(day=1)
    periods = list(
        MemberPeriod.objects.filter(member=member).values_list(
            "valid_from", "valid_to", "organization_id"
        )
    )
    if periods:  # where the member's file stands today
        require(actor, CHANGE, Organization.objects.get(pk=max(periods, key=lambda p: p[0])[2]))
    enforce(
        amount_verdict(amount),
        membership_verdict(month, [(start, end) for start, end, _org in periods], member.full_name),
    )
    organization_id = collecting_organization(month, periods)
    assert organization_id is not None  # a member that month had an organization then
    organization = Organization.objects.get(pk=organization_id)
    require(actor, CHANGE, organization)
    refuse_future(paid_on, "paid_on")
    if channel not in PaymentChannel.values:
        raise ValidationFailed(_("Unknown payment channel."), code="fee_channel", field="channel")
    earlier = FeePayment.objects.filter(member=member, month=month).first()
    enforce(single_payment_verdict(month, earlier.paid_on if earlier else None))
    user, name = recorded_by(actor)
    payment = FeePayment.objects.create(
        member=member,
        month=month,
        amount=amount,
        paid_on=paid_on,
        organization=organization,
        channel=channel,
        reference=reference,
        actor=user,
        actor_name=name,
    )
    record(
        actor=actor,
        action=AuditAction.CREATE,
        obj=payment,
        after=snapshot(payment),
        organization_path=organization.path,
        # the figures read the payments of months ended by their day
        affects_from=min(month, paid_on),
    )
    return payment


@dataclass(frozen=True)
class SheetEntry:
    """A line of the collection sheet the secretary marked paid."""

    member: Member
    amount: int
    paid_on: date
    channel: str = PaymentChannel.CASH
    reference: str = ""


@transaction.atomic
def fee_sheet_record(
    *, actor: Actor, organization: Organization, month: date, entries: Sequence[SheetEntry]
) -> list[FeePayment]:
    """Record the payments a cell collected for ``month``, all or none (each through
    ``fee_payment_record``; a member whose month is already paid is skipped, so sending the
    sheet twice records nothing the second time).

    Rules: the actor may change fees of the organization; each entry's rules as
    ``fee_payment_record``. Writes: FeePayment and AuditEvent(create) per entry.
    """
    require(actor, CHANGE, organization)
    month = month.replace(day=1)
    already = set(
        FeePayment.objects.filter(
            member_id__in=[entry.member.pk for entry in entries], month=month
        ).values_list("member_id", flat=True)
    )
    return [
        fee_payment_record(
            actor=actor,
            member=entry.member,
            month=month,
            amount=entry.amount,
            paid_on=entry.paid_on,
            channel=entry.channel,
            reference=entry.reference,
        )
        for entry in entries
        if entry.member.pk not in already
    ]


@dataclass(frozen=True)
class CheckedPayment:
    """A payment the import checked with ``fees.rules`` (ids resolved)."""

    member_id: int
    month: date
    amount: int
    paid_on: date
    organization_id: int
    channel: str = PaymentChannel.CASH
    reference: str = ""


COLUMNS = (
    "id",
    "member_id",
    "month",
    "amount",
    "paid_on",
    "organization_id",
    "channel",
    "reference",
    "recorded_at",
    "actor_id",
    "actor_name",
)


def fee_payments_create_many(*, actor: Actor, payments: Sequence[CheckedPayment]) -> int:
    """Write payments the import checked row by row with the rules of ``fee_payment_record``
    (in the import's transaction, which writes the import's audit row), in bulk: COPY on
    PostgreSQL, ``executemany`` on SQLite.

    Rules: the actor may change fees of every collecting organization named (checked once per
    organization). Writes: FeePayment rows. Returns how many.
    """
    for organization in Organization.objects.filter(
        pk__in={payment.organization_id for payment in payments}
    ):
        require(actor, CHANGE, organization)
    user, name = recorded_by(actor)
    now = timezone.now()
    written = 0
    step = 50_000
    for first in range(0, len(payments), step):
        batch = payments[first : first + step]
        ids = allocate_ids(FeePayment, len(batch))
        write_rows(
            FeePayment,
            COLUMNS,
            [
                (
                    pk,
                    payment.member_id,
                    payment.month,
                    payment.amount,
                    payment.paid_on,
                    payment.organization_id,
                    payment.channel,
                    payment.reference,
                    now,
                    user.pk if user else None,
                    name,
                )
                for pk, payment in zip(ids, batch, strict=True)
            ],
        )
        written += len(batch)
    return written


def _member_periods(member: Member) -> list[tuple[date, date | None, int]]:
    return list(
        MemberPeriod.objects.filter(member=member).values_list(
            "valid_from", "valid_to", "organization_id"
        )
    )


def _member_organization(
    actor: Actor, member: Member, month: date, periods: list[tuple[date, date | None, int]]
) -> Organization:
    """The member's organization for ``month`` (the actor may change its fees), after checking
    they were a member that month."""
    enforce(
        membership_verdict(month, [(start, end) for start, end, _org in periods], member.full_name)
    )
    organization_id = collecting_organization(month, periods)
    assert organization_id is not None  # a member that month had an organization then
    organization = Organization.objects.get(pk=organization_id)
    require(actor, CHANGE, organization)
    return organization


@transaction.atomic
def fee_basis_record(
    *,
    actor: Actor,
    member: Member,
    valid_from: date,
    kind: str,
    amount: int = 0,
    voluntary_amount: int | None = None,
) -> FeeBasis:
    """Record what ``member``'s fee is computed from, from the month of ``valid_from`` (a new
    row; a correction of the same month is a new row too, the latest applies).

    Rules (``fees.rules.basis_verdict``): a known kind; a salary, pension or benefit has a
    positive amount in đồng; a voluntary fee is positive; the person was a member that month;
    the actor may change the fees of the member's organization that month.
    Writes: FeeBasis, AuditEvent(create).
    """
    member = Member.objects.select_for_update().get(pk=member.pk)
    month = valid_from.replace(day=1)
    enforce(basis_verdict(kind, amount, voluntary_amount))
    organization = _member_organization(actor, member, month, _member_periods(member))
    user, name = recorded_by(actor)
    basis = FeeBasis.objects.create(
        member=member,
        valid_from=month,
        kind=kind,
        amount=amount if kind in INCOME_KINDS else 0,
        voluntary_amount=voluntary_amount,
        actor=user,
        actor_name=name,
    )
    record(
        actor=actor,
        action=AuditAction.CREATE,
        obj=basis,
        after=snapshot(basis),
        organization_path=organization.path,
    )
    return basis


def relief_decider(organization: Organization, on: date) -> Organization | None:
    """The body that decides an exemption or a reduction for a member of ``organization`` on
    ``on``: the level of the rulebook's ``fee.relief_decider_level`` (the grassroots party
    organization: the committee above a cell, a grassroots cell itself)."""
    level = RELIEF_DECIDER_LEVEL(on=on)
    found = body_at_level(level, organization_chain(organization, on))
    return Organization.objects.get(pk=found) if found is not None else None


@transaction.atomic
def fee_relief_record(
    *,
    actor: Actor,
    member: Member,
    kind: str,
    percent: int,
    first_month: date,
    last_month: date,
    decision: Decision,
    reason: str = "",
) -> FeeRelief:
    """Record an exemption (hardship: 100 %) or a reduction of ``member``'s fee for
    ``first_month`` to ``last_month``, decided by the competent level.

    Rules: a numbered, dated decision (``core.decisions.require_numbered``) not in the future;
    ``fees.rules.relief_verdict`` with the rulebook of the first month (reductions of 30, 50 or
    70 % for at most 12 months from 02/2026); the person was a member in the first month; the
    actor acts for the body of ``fee.relief_decider_level`` above the member's organization on
    the decision date (``competence.selectors.acts_for``).
    Writes: FeeRelief, AuditEvent(create).
    """
    member = Member.objects.select_for_update().get(pk=member.pk)
    decided_on = require_numbered(decision, field="decision_number")
    refuse_future(decided_on, "decision_date")
    first, last = first_month.replace(day=1), last_month.replace(day=1)
    if kind not in ReliefKind.values:
        raise ValidationFailed(_("Unknown kind of relief."), code="fee_relief_kind", field="kind")
    try:
        percents: list[int] | None = REDUCTION_PERCENTS(on=month_end(first))
        max_months: int | None = REDUCTION_MAX_MONTHS(on=month_end(first))
    except RuleMissing:
        percents, max_months = None, None
    enforce(relief_verdict(kind, percent, first, last, percents=percents, max_months=max_months))
    organization = _member_organization(actor, member, first, _member_periods(member))
    decider = relief_decider(organization, decided_on)
    if decider is None:
        raise ValidationFailed(
            _("No body competent for this is found above the organization."),
            code="fee_relief_no_body",
            field="decision_number",
        )
    if not acts_for(actor, decider, decided_on) and not acts_for(actor, decider):
        raise PermissionDenied(
            _("Only %(body)s decides this.") % {"body": organization_name(decider, decided_on)}
        )
    user, name = recorded_by(actor)
    relief = FeeRelief.objects.create(
        member=member,
        kind=kind,
        percent=percent,
        first_month=first,
        last_month=last,
        reason=reason,
        decision_number=decision.number.strip(),
        decision_date=decided_on,
        decided_by=decider,
        actor=user,
        actor_name=name,
    )
    record(
        actor=actor,
        action=AuditAction.CREATE,
        obj=relief,
        after=snapshot(relief),
        organization_path=organization.path,
    )
    return relief


@transaction.atomic
def fee_remittance_record(
    *,
    actor: Actor,
    organization: Organization,
    month: date,
    amount: int,
    paid_on: date,
    reference: str = "",
) -> FeeRemittance:
    """Record that ``organization`` passed ``amount`` đồng of the fees of ``month`` up to the
    level above (its parent at the end of that month) on ``paid_on``.

    Rules and writes: those of ``fee_remittances_record`` for one remittance.
    """
    [remittance] = fee_remittances_record(
        actor=actor,
        remittances=[Remittance(organization, month, amount, paid_on, reference)],
    )
    return remittance


@dataclass(frozen=True)
class Remittance:
    """Fees of ``month`` an organization sends up (what ``fee_remittances_record`` records)."""

    organization: Organization
    month: date
    amount: int
    paid_on: date
    reference: str = ""


@transaction.atomic
def fee_remittances_record(
    *, actor: Actor, remittances: Sequence[Remittance]
) -> list[FeeRemittance]:
    """Record remittances, all or none, each to the level above its organization (its parent
    at the end of the month); in bulk (a level's month of a province at once).

    Rules, for each: the actor may change fees of the organization; the amount is a positive
    whole number; the organization stood with a parent at the end of the month; ``paid_on``
    is not in the future. Writes: FeeRemittance and AuditEvent(create) per remittance.
    """
    allowed: set[int] = set()
    for entry in remittances:
        if entry.organization.pk not in allowed:
            require(actor, CHANGE, entry.organization)
            allowed.add(entry.organization.pk)
        enforce(amount_verdict(entry.amount))
        refuse_future(entry.paid_on, "paid_on")
    parents = _parents_at_month_end(remittances)
    user, name = recorded_by(actor)
    rows = []
    for entry in remittances:
        month = entry.month.replace(day=1)
        parent = parents.get((entry.organization.pk, month))
        if parent is None:
            raise ValidationFailed(
                _("%(month)s: the organization has no level above to send fees to.")
                % {"month": month_label(month)},
                code="fee_remittance_no_parent",
                field="month",
            )
        rows.append(
            FeeRemittance(
                organization=entry.organization,
                recipient_id=parent,
                month=month,
                amount=entry.amount,
                paid_on=entry.paid_on,
                reference=entry.reference,
                actor=user,
                actor_name=name,
            )
        )
    created = FeeRemittance.objects.bulk_create(rows, batch_size=1000)
    content_type = ContentType.objects.get_for_model(FeeRemittance).pk
    record_many(
        [
            audit_fields(
                actor=actor,
                action=AuditAction.CREATE,
                object_type_id=content_type,
                object_id=str(remittance.pk),
                object_repr=str(remittance),
                after=snapshot(remittance),
                organization_path=remittance.organization.path,
            )
            for remittance in created
        ],
        # no figure of a day reads the remittances: the earliest month or day among them
        affects_from=min((min(r.month, r.paid_on) for r in created), default=None),
    )
    return created


def _parents_at_month_end(remittances: Sequence[Remittance]) -> dict[tuple[int, date], int]:
    """(organization, month) → its parent at the end of the month (absent: none that day)."""
    wanted: dict[date, set[int]] = {}
    for entry in remittances:
        wanted.setdefault(entry.month.replace(day=1), set()).add(entry.organization.pk)
    parents: dict[tuple[int, date], int] = {}
    for month, ids in wanted.items():
        for organization_id, parent_id in (
            OrganizationVersion.objects.at(month_end(month))
            .filter(organization_id__in=sorted(ids), parent_id__isnull=False)
            .values_list("organization_id", "parent_id")
        ):
            parents[(organization_id, month)] = parent_id
    return parents


@dataclass(frozen=True)
class CheckedBasis:
    """A basis the import checked with ``fees.rules`` (ids resolved)."""

    member_id: int
    valid_from: date
    kind: str
    amount: int
    voluntary_amount: int | None
    organization_id: int


BASIS_COLUMNS = (
    "id",
    "member_id",
    "valid_from",
    "kind",
    "amount",
    "voluntary_amount",
    "recorded_at",
    "actor_id",
    "actor_name",
)


def fee_bases_create_many(*, actor: Actor, bases: Sequence[CheckedBasis]) -> int:
    """Write bases the import checked row by row with the rules of ``fee_basis_record`` (in the
    import's transaction, which writes the import's audit row), in bulk.

    Rules: the actor may change fees of every organization named. Writes: FeeBasis rows.
    """
    for organization in Organization.objects.filter(
        pk__in={basis.organization_id for basis in bases}
    ):
        require(actor, CHANGE, organization)
    user, name = recorded_by(actor)
    now = timezone.now()
    ids = allocate_ids(FeeBasis, len(bases))
    write_rows(
        FeeBasis,
        BASIS_COLUMNS,
        [
            (
                pk,
                basis.member_id,
                basis.valid_from,
                basis.kind,
                basis.amount if basis.kind in INCOME_KINDS else 0,
                basis.voluntary_amount,
                now,
                user.pk if user else None,
                name,
            )
            for pk, basis in zip(ids, bases, strict=True)
        ],
    )
    return len(bases)


@dataclass(frozen=True)
class CheckedRelief:
    """A fee_reliefs.csv row the import checked with the rules of ``fee_relief_record`` (the
    decision, the rates and length, the member that month, the importer's scope)."""

    member_id: int
    kind: str
    percent: int
    first_month: date
    last_month: date
    reason: str
    decision_number: str
    decision_date: date
    decided_by_id: int
    organization_id: int


def fee_reliefs_create_many(*, actor: Actor, reliefs: Sequence[CheckedRelief]) -> int:
    """Write reliefs the import checked row by row (in the import's transaction, which writes
    the import's audit row). The deciding body is the one the bundle names: a relief of the
    past is recorded as it was decided (who decides today is checked by ``fee_relief_record``
    for new ones).

    Rules: the actor may change fees of every organization named. Writes: FeeRelief rows.
    """
    for organization in Organization.objects.filter(
        pk__in={relief.organization_id for relief in reliefs}
    ):
        require(actor, CHANGE, organization)
    user, name = recorded_by(actor)
    FeeRelief.objects.bulk_create(
        [
            FeeRelief(
                member_id=relief.member_id,
                kind=relief.kind,
                percent=relief.percent,
                first_month=relief.first_month,
                last_month=relief.last_month,
                reason=relief.reason,
                decision_number=relief.decision_number,
                decision_date=relief.decision_date,
                decided_by_id=relief.decided_by_id,
                actor=user,
                actor_name=name,
            )
            for relief in reliefs
        ],
        batch_size=1000,
    )
    return len(reliefs)
