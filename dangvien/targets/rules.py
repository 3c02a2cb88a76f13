"""Rules of populations and admission targets that the services and the bulk import share.

Pure functions of plain values returning a verdict (``None``, or a ``Refusal``; see
``dangvien.core.verdicts``). The callers look up what a rule needs (the organization's own
targets, the targets of its ancestors) and pass it in: ``admission_target_set`` reads them with
two queries for one row, the import of a bundle reads them once for thousands of rows and keeps
them as it goes, and both apply the very same rules.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from datetime import date
from decimal import Decimal
from typing import Protocol, TypeVar

from django.utils.translation import gettext as _

from dangvien.core.verdicts import Refusal, Verdict
from dangvien.targets.models import TargetKind

PERCENT = Decimal("0.01")  # the ratios are stored with two decimals


class Period(Protocol):
    """A target's period as the rules see it (an ``AdmissionTarget`` is one)."""

    kind: str
    period_from: date
    period_to: date


P = TypeVar("P", bound=Period)


def population_verdict(population: int) -> Verdict:
    """A population is a positive number."""
    if population <= 0:
        return Refusal(
            _("The population must be a positive number."), "population_invalid", "population"
        )
    return None


def figures_verdict(
    *,
    period_from: date,
    period_to: date,
    admissions: int | None,
    members_per_population_percent: Decimal | None,
    kind: str,
) -> Verdict:
    """The period is ordered; the admissions are not negative; the ratio to the population is
    a percentage (0 to 100, two decimals at most); the kind is a term or a year."""
    if period_to < period_from:
        return Refusal(_("The end date is before the start date."), "period_order", "period_to")
    if admissions is not None and admissions < 0:
        return Refusal(
            _("The number of admissions cannot be negative."), "target_invalid", "admissions"
        )
    ratio = members_per_population_percent
    if ratio is not None and (
        not ratio.is_finite() or not 0 <= ratio <= 100 or ratio != ratio.quantize(PERCENT)
    ):
        return Refusal(
            _(
                "The ratio of members to the population is a percentage from 0 to 100, with at "
                "most two decimals."
            ),
            "target_invalid",
            "members_per_population_percent",
        )
    if kind not in TargetKind.values:
        return Refusal(_("Unknown kind of period."), "target_kind", "kind")
    return None


def within_parent_verdict(
    upper: Iterable[Sequence[Period]], *, kind: str, period_from: date, period_to: date
) -> Verdict:
    """Targets are assigned top-down: the period lies within a target of the same kind of the
    nearest ancestor having such targets. ``upper``: each ancestor's targets, the parent
    first (of any kind: the others are passed over)."""
    for targets in upper:
        same_kind = [target for target in targets if target.kind == kind]
        if not same_kind:
            continue
        if not any(t.period_from <= period_from and t.period_to >= period_to for t in same_kind):
            return Refusal(
                _(
                    "The period must lie within a target period of the upper organization "
                    "(targets are assigned top-down)."
                ),
                "target_outside_parent",
                "period_from",
            )
        return None
    return None


def same_period(own: Iterable[P], *, period_from: date, period_to: date) -> P | None:
    """The organization's target of exactly this period (its figures are replaced), if any."""
    return next((t for t in own if t.period_from == period_from and t.period_to == period_to), None)


def overlap_verdict(
    own: Iterable[Period], *, kind: str, period_from: date, period_to: date
) -> Verdict:
    """Periods of one organization and kind do not overlap unless identical (the target of that
    period then takes the new figures; a year may lie inside a term), and an identical period
    keeps its kind. ``own``: the organization's targets, of every kind."""
    own = list(own)
    same = same_period(own, period_from=period_from, period_to=period_to)
    overlapping = (same is not None and same.kind != kind) or (
        same is None
        and any(
            t.kind == kind and t.period_from <= period_to and t.period_to >= period_from
            for t in own
        )
    )
    if overlapping:
        return Refusal(
            _("Another target of this organization covers part of that period."),
            "target_overlap",
            "period_from",
        )
    return None
