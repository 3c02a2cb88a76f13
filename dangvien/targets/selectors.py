"""Reads of populations and targets in force at a date."""

from __future__ import annotations

from datetime import date

from dangvien.organizations.models import Organization
from dangvien.targets.models import AdmissionTarget, Population, TargetKind


def population_at(organization: Organization, on: date) -> Population | None:
    """The figure with the latest year not after the year of ``on``."""
    return (
        Population.objects.filter(organization=organization, year__lte=on.year)
        .order_by("-year")
        .first()
    )


def statistics_target(organization: Organization, on: date) -> AdmissionTarget | None:
    """The target the statistics of ``on`` measure against: the term in force, else a year.

    The same choice as ``target_at(kind="term") or target_at()``, in one query.
    """
    targets = list(
        AdmissionTarget.objects.filter(
            organization=organization, period_from__lte=on, period_to__gte=on
        )
    )
    terms = [t for t in targets if t.kind == TargetKind.TERM]
    return min(terms or targets, key=lambda t: (t.period_to - t.period_from, t.pk), default=None)


def target_at(organization: Organization, on: date, kind: str = "") -> AdmissionTarget | None:
    """The organization's target whose period contains ``on`` (the shortest if several).

    ``kind`` limits to terms or years.
    """
    targets = AdmissionTarget.objects.filter(
        organization=organization, period_from__lte=on, period_to__gte=on
    )
    if kind:
        targets = targets.filter(kind=kind)
    return min(targets, key=lambda t: (t.period_to - t.period_from, t.pk), default=None)
