"""Typed accessors of the rulebook: a rule key declared once with the type of its value.

``rule(key, on=)`` returns the raw JSON value (``Any``); domain code reads rules through these
accessors instead, so that the value has a type mypy can follow and every key read is declared
once (a test checks each declared key against the seeded rulebook)::

    MIN_AGE = IntRule("admission.min_age_months")
    months = MIN_AGE(on=vote_day)               # from the database
    months = MIN_AGE(on=vote_day, rules=book)   # from a RuleBook loaded once (bulk work)

Each app declares the keys it reads in its ``rule_keys.py``.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from fractions import Fraction
from typing import TYPE_CHECKING, Any, Generic, TypeVar

from dangvien.core.registry import Registry

if TYPE_CHECKING:
    from dangvien.rules.models import RuleParameter

T = TypeVar("T")
RuleLookup = Callable[[str, date], Any]


def _database_lookup(key: str, on: date) -> Any:
    from dangvien.rules.selectors import rule

    return rule(key, on=on)


@dataclass(frozen=True)
class RuleKey(Generic[T]):
    """One rule of the rulebook and how its JSON value becomes a typed value."""

    key: str
    parse: Callable[[Any], T]

    def __call__(self, *, on: date, rules: RuleLookup | None = None) -> T:
        return self.parse((rules or _database_lookup)(self.key, on))

    def version(self, *, on: date) -> RuleParameter:
        """The version in force (its source and confidence are cited in messages)."""
        from dangvien.rules.selectors import rule_version

        return rule_version(self.key, on=on)

    def cited(self, *, on: date) -> str:
        """The rule as a message cites it to a person: the source of the version in force
        (Điều lệ, Quy định …), its key only where the rulebook gives none."""
        return self.version(on=on).source or self.key


def IntRule(key: str) -> RuleKey[int]:
    return declared.register(key, RuleKey(key, int))


def FractionRule(key: str) -> RuleKey[Fraction]:
    """A share stored as ``{"num": 2, "den": 3}``."""
    return declared.register(key, RuleKey(key, lambda v: Fraction(int(v["num"]), int(v["den"]))))


def StrRule(key: str) -> RuleKey[str]:
    return declared.register(key, RuleKey(key, str))


def IntListRule(key: str) -> RuleKey[list[int]]:
    return declared.register(key, RuleKey(key, lambda v: [int(x) for x in v]))


def StrListRule(key: str) -> RuleKey[list[str]]:
    return declared.register(key, RuleKey(key, lambda v: [str(x) for x in v]))


def IntMapRule(key: str) -> RuleKey[dict[str, int]]:
    return declared.register(key, RuleKey(key, lambda v: {str(k): int(x) for k, x in v.items()}))


def StrListMapRule(key: str) -> RuleKey[dict[str, list[str]]]:
    return declared.register(
        key, RuleKey(key, lambda v: {str(k): [str(x) for x in xs] for k, xs in v.items()})
    )


#: Every key some code reads. A declaration is a module-level constant of the app that reads
#: it, so the registry is complete once the apps' modules are imported.
declared: Registry[RuleKey[Any]] = Registry("rule keys")
