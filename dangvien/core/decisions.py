"""The document behind a change: shared by organizations, members and every later area."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from django.utils.translation import gettext as _

from dangvien.core.exceptions import ValidationFailed


@dataclass(frozen=True)
class Decision:
    """The document behind a change: number (e.g. "326-QĐ/TW"), date and issuing body."""

    number: str = ""
    date: date | None = None
    issuer: str = ""


NO_DECISION = Decision()


def require_numbered(decision: Decision, *, field: str = "number") -> date:
    """The decision's date; refused when it has no number or no date (a body's decision
    records both)."""
    if not decision.number.strip() or decision.date is None:
        raise ValidationFailed(
            _("The decision number and date are required."),
            code="decision_required",
            field=field,
        )
    return decision.date
