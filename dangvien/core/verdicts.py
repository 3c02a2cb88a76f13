"""Verdicts of the rules that the services, the checklists and the bulk import share.

A rule that more than one path needs lives once, in ``<app>/rules.py``, as a pure function of
plain values (the callers look up what the rule needs: a rulebook value, whether a code is
taken, an organization's kind that day) returning a verdict: ``None`` when the rule is met,
else a ``Refusal`` with its translated message, a stable code, the field it concerns and the
rulebook key it cites. Services raise on the first refusal (``enforce``); checklists show every
verdict; the import reports each refusal as a problem of its row.
"""

from __future__ import annotations

from dataclasses import dataclass

from dangvien.core.exceptions import ValidationFailed


@dataclass(frozen=True, slots=True)
class Refusal:
    """Why a rule refuses: translated ``message``, stable ``code``, the ``field`` concerned and
    the ``rule_key`` of the rulebook it cites ("" for a rule that is not a rulebook value)."""

    message: str
    code: str
    field: str = ""
    rule_key: str = ""

    def error(self) -> ValidationFailed:
        return ValidationFailed(self.message, code=self.code, field=self.field or None)


#: ``None`` when the rule is met.
Verdict = Refusal | None


def enforce(*verdicts: Verdict) -> None:
    """Raise ``ValidationFailed`` for the first refusal among ``verdicts``."""
    for verdict in verdicts:
        if verdict is not None:
            raise verdict.error()


def refusals(*verdicts: Verdict) -> list[Refusal]:
    """Every refusal among ``verdicts``, in order (for checklists and the import)."""
    return [verdict for verdict in verdicts if verdict is not None]
