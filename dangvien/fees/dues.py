"""The monthly due of a member: ONE function (``monthly_due``) of the member's basis, their
exemptions and reductions and the rules in force that month (Quyết định 342-QĐ/TW before
02/2026, Quy định 01-QĐ/TW from then: the rulebook's versions say which). The collection sheet,
the unpaid months (a month the rules exempt is not owed), the fee report and the benchmark all
call it; it reads plain values and a ``RuleLookup`` so that bulk work loads the rulebook once.
"""

from __future__ import annotations

import weakref
from dataclasses import dataclass
from datetime import date

from django.db import models
from django.utils.translation import gettext_lazy as _

from dangvien.fees.models import BasisKind
from dangvien.fees.rule_keys import (
    EXEMPT_BASIS_KINDS,
    EXEMPT_PARTY_AGE_YEARS,
    OTHER_AMOUNT,
    RATE_BASIS_POINTS,
    STUDENT_AMOUNT,
)
from dangvien.fees.rules import month_end
from dangvien.rules.keys import RuleLookup
from dangvien.rules.selectors import RuleBook, RuleMissing


class DueReason(models.TextChoices):
    """Why a month's due is what it is (shown next to the amount on the collection sheet)."""

    RATE = "rate", _("share of the basis")
    FIXED = "fixed", _("fixed amount")
    REDUCED = "reduced", _("reduced")
    VOLUNTARY = "voluntary", _("voluntary higher payment")
    NO_BASIS = "no_basis", _("no basis recorded")
    ACTIVITY_EXEMPT = "activity_exempt", _("exempted from party activity")
    PARTY_AGE = "party_age", _("exempt: 50 years of party age")
    SOCIAL_PENSION = "social_pension", _("exempt: social pension")
    HARDSHIP = "hardship", _("exempt: hardship (decision)")
    NO_RULE = "no_rule", _("no fee rule in force")


EXEMPT_REASONS = frozenset(
    {
        DueReason.ACTIVITY_EXEMPT,
        DueReason.PARTY_AGE,
        DueReason.SOCIAL_PENSION,
        DueReason.HARDSHIP,
    }
)


@dataclass(frozen=True)
class Basis:
    """The basis in force for a month (``FeeBasis`` as plain values)."""

    kind: str
    amount: int = 0
    voluntary: int | None = None


@dataclass(frozen=True)
class Relief:
    """An exemption (``percent`` 100) or a reduction in force for a month, with its decision."""

    percent: int
    decision: str = ""


@dataclass(frozen=True)
class Due:
    """The month's due: ``amount`` in đồng (0 when exempt, ``None`` when no basis is recorded),
    ``reason``, ``percent_off`` of a reduction and what was computed before it."""

    amount: int | None
    reason: str
    percent_off: int = 0
    before_reduction: int | None = None

    @property
    def exempt(self) -> bool:
        return self.reason in EXEMPT_REASONS

    @property
    def label(self) -> str:
        """The reason as the pages show it."""
        return str(DueReason(self.reason).label)


def _share(amount: int, basis_points: int) -> int:
    """``amount × basis_points / 10 000`` rounded half up to the đồng (integers only)."""
    return (amount * basis_points + 5_000) // 10_000


@dataclass(frozen=True)
class MonthRules:
    """The fee rules in force on a month's last day, read once: the party age that exempts
    (``None`` before 02/2026), the exempt kinds of basis (``None``: no fee rule in force), the
    rates and the fixed amounts."""

    party_age_years: int | None
    exempt_kinds: frozenset[str] | None
    rates: dict[str, int]
    student: int
    other: int


def _read_month_rules(on: date, rules: RuleLookup) -> MonthRules:
    try:
        threshold: int | None = EXEMPT_PARTY_AGE_YEARS(on=on, rules=rules)
    except RuleMissing:  # no exemption by party age before 02/2026
        threshold = None
    try:
        kinds = frozenset(EXEMPT_BASIS_KINDS(on=on, rules=rules))
    except RuleMissing:  # before 342-QĐ/TW: the fee rules are not modelled
        return MonthRules(threshold, None, {}, 0, 0)
    return MonthRules(
        threshold,
        kinds,
        RATE_BASIS_POINTS(on=on, rules=rules),
        STUDENT_AMOUNT(on=on, rules=rules),
        OTHER_AMOUNT(on=on, rules=rules),
    )


#: Per rulebook loaded in memory (``RuleBook``), the rules of each month already read: bulk work
#: (the sheet of a province, the report, the benchmark) reads them once per month.
_MONTHS: weakref.WeakKeyDictionary[RuleBook, dict[date, MonthRules]] = weakref.WeakKeyDictionary()


def month_rules(month: date, rules: RuleLookup) -> MonthRules:
    """The rules of ``month`` (on its last day); remembered per ``RuleBook`` (a lookup in the
    database is read each time, so that a rule just changed applies)."""
    on = month_end(month)
    if not isinstance(rules, RuleBook):
        return _read_month_rules(on, rules)
    known = _MONTHS.setdefault(rules, {})
    found = known.get(on)
    if found is None:
        found = known[on] = _read_month_rules(on, rules)
    return found


def monthly_due(
    month: date,
    basis: Basis | None,
    *,
    rules: RuleLookup,
    party_age_years: int | None = None,
    relief: Relief | None = None,
    activity_exempt: bool = False,
) -> Due:
    """The fee a member owes for ``month`` (its first day; the rules in force on its last day
    ``on`` decide, as for the unpaid months).

    In order: exempted from activity → nothing; the party age reaching the rulebook's
    ``fee.exempt_party_age_years`` (from 02/2026) → exempt; a basis kind the rules exempt (the
    social pension from 02/2026) → exempt; an exemption decided (hardship) → exempt; no basis →
    unknown; else the rate of the basis (``fee.rate_basis_points``) or the fixed amount of the
    kind (``fee.student_amount``, ``fee.other_amount``), less a reduction decided, and at least
    the voluntary amount the member chose.
    """
    if activity_exempt:
        return Due(0, DueReason.ACTIVITY_EXEMPT)
    ruled = month_rules(month, rules)
    threshold = ruled.party_age_years
    if threshold is not None and party_age_years is not None and party_age_years >= threshold:
        return Due(0, DueReason.PARTY_AGE)
    if ruled.exempt_kinds is None:
        return Due(None, DueReason.NO_RULE)
    if basis is not None and basis.kind in ruled.exempt_kinds:
        return Due(0, DueReason.SOCIAL_PENSION)
    if relief is not None and relief.percent >= 100:
        return Due(0, DueReason.HARDSHIP)
    if basis is None:
        return Due(None, DueReason.NO_BASIS)
    if basis.kind in ruled.rates:
        full, reason = _share(basis.amount, ruled.rates[basis.kind]), DueReason.RATE
    elif basis.kind == BasisKind.STUDENT:
        full, reason = ruled.student, DueReason.FIXED
    else:
        full, reason = ruled.other, DueReason.FIXED
    amount, percent_off = full, 0
    if relief is not None and relief.percent > 0:
        percent_off = relief.percent
        amount = full - _share(full, relief.percent * 100)
        reason = DueReason.REDUCED
    if basis.voluntary is not None and basis.voluntary > amount:
        return Due(basis.voluntary, DueReason.VOLUNTARY, percent_off, full)
    return Due(amount, reason, percent_off, full)
