"""Writes of party fees: a member's payment for a month, a cell's collection sheet, and the
bulk load of fee_payments.csv — all through the rules of ``fees.rules``."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from dangvien.accounts.scoping import require
from dangvien.accounts.types import Actor
from dangvien.audit.services import AuditAction, record, recorded_by, snapshot
from dangvien.core.dates import refuse_future
from dangvien.core.exceptions import ValidationFailed
from dangvien.core.verdicts import enforce
from dangvien.fees.models import FeePayment, PaymentChannel
from dangvien.fees.permissions import FeePermission
from dangvien.fees.rules import (
    amount_verdict,
    collecting_organization,
    membership_verdict,
    single_payment_verdict,
)
from dangvien.interchange.bulk import allocate_ids, write_rows
from dangvien.members.models import Member, MemberPeriod
from dangvien.organizations.models import Organization

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
