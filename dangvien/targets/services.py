"""Writes for populations and targets."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from decimal import Decimal

from django.contrib.contenttypes.models import ContentType
from django.db import transaction

from dangvien.accounts.scoping import require
from dangvien.accounts.types import Actor
from dangvien.audit.services import AuditAction, audit_fields, record, record_many, snapshot
from dangvien.core.verdicts import enforce
from dangvien.organizations.models import Organization, path_ids
from dangvien.targets.models import AdmissionTarget, Population, TargetKind
from dangvien.targets.permissions import TargetPermission
from dangvien.targets.rules import (
    figures_verdict,
    overlap_verdict,
    population_verdict,
    same_period,
    within_parent_verdict,
)

CHANGE = TargetPermission.CHANGE


@transaction.atomic
def population_set(
    *, actor: Actor, organization: Organization, year: int, population: int
) -> Population:
    """Record the population an organization leads for ``year`` (replacing that year's figure).

    Rules: actor may change targets of the organization; the population is positive.
    No-op for the same figure. Writes: Population, AuditEvent(create/update).
    """
    require(actor, CHANGE, organization)
    enforce(population_verdict(population))
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


def _upper_targets(organization: Organization, kind: str) -> list[list[AdmissionTarget]]:
    """The targets of ``kind`` of each ancestor of ``organization``, the parent first (what
    ``rules.within_parent_verdict`` reads), in one query."""
    ancestors = path_ids(organization.path)[:-1]
    upper: dict[int, list[AdmissionTarget]] = {pk: [] for pk in ancestors}
    for target in AdmissionTarget.objects.filter(organization_id__in=ancestors, kind=kind):
        upper[target.organization_id].append(target)
    return [upper[pk] for pk in reversed(ancestors)]


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

    Rules: actor may change targets of the organization; ``rules.figures_verdict`` (the period
    ordered, the admissions not negative, the ratio a percentage with two decimals at most, the
    kind a term or a year); ``rules.within_parent_verdict`` (top-down assignment);
    ``rules.overlap_verdict`` (periods of one organization and kind do not overlap unless
    identical: then the figures are replaced). The web form calls this, and the bundle import for a
    target it changes. No-op for the same figures. Writes: AdmissionTarget,
    AuditEvent(create/update).
    """
    require(actor, CHANGE, organization)
    enforce(
        figures_verdict(
            period_from=period_from,
            period_to=period_to,
            admissions=admissions,
            members_per_population_percent=members_per_population_percent,
            kind=kind,
        )
    )
    enforce(
        within_parent_verdict(
            _upper_targets(organization, kind),
            kind=kind,
            period_from=period_from,
            period_to=period_to,
        )
    )
    own = list(AdmissionTarget.objects.filter(organization=organization))
    enforce(overlap_verdict(own, kind=kind, period_from=period_from, period_to=period_to))
    same = same_period(own, period_from=period_from, period_to=period_to)
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


@transaction.atomic
def targets_create_many(
    *,
    actor: Actor,
    populations: Sequence[Population] = (),
    targets: Sequence[AdmissionTarget] = (),
) -> None:
    """Record many new populations and targets in a few statements (the import of a bundle).

    Rules: actor may change targets of each organization; each row was checked by the caller
    with ``targets.rules`` as ``population_set`` and ``admission_target_set`` check it (against
    the targets recorded and those before it in ``targets``), and is new (no population of
    that organization and year, no target of that organization and period). Each row's
    ``organization`` is set. Writes: the Population and AdmissionTarget rows (given their ids)
    and for each an AuditEvent(create) as those services write it.
    """
    rows: list[Population | AdmissionTarget] = [*populations, *targets]
    for row in rows:
        require(actor, CHANGE, row.organization)
    Population.objects.bulk_create(populations, batch_size=1000)
    AdmissionTarget.objects.bulk_create(targets, batch_size=1000)
    types = ContentType.objects.get_for_models(Population, AdmissionTarget)
    record_many(
        [
            audit_fields(
                actor=actor,
                action=AuditAction.CREATE,
                object_type_id=types[type(row)].pk,
                object_id=str(row.pk),
                object_repr=str(row),
                after=snapshot(row),
                organization_path=row.organization.path,
            )
            for row in rows
        ]
    )
