"""The document behind a change: shared by organizations, members and every later area."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date


@dataclass(frozen=True)
class Decision:
    """The document behind a change: number (e.g. "326-QĐ/TW"), date and issuing body."""

    number: str = ""
    date: date | None = None
    issuer: str = ""


NO_DECISION = Decision()
