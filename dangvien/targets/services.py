"""Writes for populations and targets."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from django.db import transaction
from django.utils.translation import gettext as _

from dangvien.accounts.scoping import require
from dangvien.accounts.types import Actor
from dangvien.audit.services import AuditAction, record, snapshot
from dangvien.core.exceptions import ValidationFailed
from dangvien.organizations.models import Organization
from dangvien.targets.models import AdmissionTarget, Population, TargetKind
from dangvien.targets.permissions import TargetPermission

CHANGE = TargetPermission.CHANGE
PERCENT = Decimal("0.01")  # the ratios are stored with two decimals


@transaction.atomic
def population_set(
    *, actor: Actor, organization: Organization, year: int, population: int
) -> Population:
    """Record the population an organization leads for ``year`` (replacing that year's figure).

    Rules: actor may change targets of the organization; the population is positive.
    No-op for the same figure. Writes: Population, AuditEvent(create/update).
    """
    require(actor, CHANGE, organization)
    if population <= 0:
        raise ValidationFailed(
            _("The population must be a positive number."),
            code="population_invalid",
            field="population",
        )
    existing = Population.objects.filter(organization=organization, year=year).first()
    if existing is not None:
        if existing.population == population:
            return existing
        before = snapshot(existing)
        existing.population = population
        existing.save(update_fields=["population", "updated_at"])
        record(
            actor=actor,
            action=AuditAction.UPDATE,
            obj=existing,
            before=before,
            after=snapshot(existing),
            organization_path=organization.path,
        )
        return existing
    row = Population.objects.create(organization=organization, year=year, population=population)
    record(
        actor=actor,
        action=AuditAction.CREATE,
        obj=row,
        after=snapshot(row),
        organization_path=organization.path,
    )
    return row


def _check_within_parent(
    organization: Organization, kind: str, period_from: date, period_to: date
) -> None:
    ancestors = [int(part) for part in organization.path.strip("/").split("/")[:-1]]
    for ancestor_id in reversed(ancestors):
        targets = AdmissionTarget.objects.filter(organization_id=ancestor_id, kind=kind)
        if not targets.exists():
            continue
        if not targets.filter(period_from__lte=period_from, period_to__gte=period_to).exists():
            raise ValidationFailed(
                _(
                    "The period must lie within a target period of the upper organization "
                    "(targets are assigned top-down)."
                ),
                code="target_outside_parent",
                field="period_from",
            )
        return


@transaction.atomic
def admission_target_set(
    *,
    actor: Actor,
    organization: Organization,
    period_from: date,
    period_to: date,
    admissions: int | None,
    members_per_population_percent: Decimal | None = None,
    note: str = "",
    kind: str = TargetKind.TERM,
) -> AdmissionTarget:
    """Set the target of an organization for a period.

    Rules: actor may change targets of the organization; the period is ordered; the admissions
    are not negative; the ratio to the population is a percentage (0 to 100, two decimals at
    most); the kind is a term or a year; periods of one organization and kind do not overlap
    unless identical (then the figures are replaced); the period lies within a target of the
    same kind of the nearest ancestor having such targets (top-down assignment). The web form
    and the bundle import both call this. No-op for the same figures. Writes: AdmissionTarget,
    AuditEvent(create/update).
    """
    require(actor, CHANGE, organization)
    if period_to < period_from:
        raise ValidationFailed(
            _("The end date is before the start date."), code="period_order", field="period_to"
        )
    if admissions is not None and admissions < 0:
        raise ValidationFailed(
            _("The number of admissions cannot be negative."),
            code="target_invalid",
            field="admissions",
        )
    if members_per_population_percent is not None and (
        not members_per_population_percent.is_finite()
        or not 0 <= members_per_population_percent <= 100
        or members_per_population_percent != members_per_population_percent.quantize(PERCENT)
    ):
        raise ValidationFailed(
            _(
                "The ratio of members to the population is a percentage from 0 to 100, with at "
                "most two decimals."
            ),
            code="target_invalid",
            field="members_per_population_percent",
        )
    if kind not in TargetKind.values:
        raise ValidationFailed(_("Unknown kind of period."), code="target_kind", field="kind")
    _check_within_parent(organization, kind, period_from, period_to)
    same = AdmissionTarget.objects.filter(
        organization=organization, period_from=period_from, period_to=period_to
    ).first()
    if same is not None and same.kind != kind:
        raise ValidationFailed(
            _("Another target of this organization covers part of that period."),
            code="target_overlap",
            field="period_from",
        )
    overlapping = AdmissionTarget.objects.filter(
        organization=organization,
        kind=kind,
        period_from__lte=period_to,
        period_to__gte=period_from,
    )
    if same is None and overlapping.exists():
        raise ValidationFailed(
            _("Another target of this organization covers part of that period."),
            code="target_overlap",
            field="period_from",
        )
    if same is not None:
        if (same.admissions, same.members_per_population_percent) == (
            admissions,
            members_per_population_percent,
        ):
            return same
        before = snapshot(same)
        same.admissions, same.members_per_population_percent = (
            admissions,
            members_per_population_percent,
        )
        same.note = note or same.note
        same.save()
        record(
            actor=actor,
            action=AuditAction.UPDATE,
            obj=same,
            before=before,
            after=snapshot(same),
            organization_path=organization.path,
        )
        return same
    row = AdmissionTarget.objects.create(
        organization=organization,
        kind=kind,
        period_from=period_from,
        period_to=period_to,
        admissions=admissions,
        members_per_population_percent=members_per_population_percent,
        note=note,
    )
    record(
        actor=actor,
        action=AuditAction.CREATE,
        obj=row,
        after=snapshot(row),
        organization_path=organization.path,
    )
    return row
