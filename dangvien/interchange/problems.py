"""What an import reports: one ``Problem`` per bad cell, as ``file:row: column: message``."""

from __future__ import annotations

from dataclasses import dataclass

from dangvien.members.choices import MemberEventType

E = MemberEventType
# Event names of member_events.csv and the ledger's event types.
EVENT_TYPES = {
    "transfer": E.TRANSFERRED,
    "temporary_out": E.TEMPORARY_OUT,
    "temporary_return": E.TEMPORARY_RETURN,
    "exempt": E.EXEMPTED,
    "exempt_end": E.EXEMPTION_ENDED,
    "removed": E.REMOVED,
    "resigned": E.RESIGNED,
    "expelled": E.EXPELLED,
    "died": E.DIED,
    # Extensions of the contract (written by `dangvien export`, accepted on import).
    "transfer_issued": E.TRANSFER_ISSUED,
    "transfer_received": E.TRANSFER_RECEIVED,
    "transfer_cancelled": E.TRANSFER_CANCELLED,
    "readmitted": E.READMITTED,
    "recognised": E.RECOGNISED,
}
EVENTS_WITH_ORGANIZATION = {E.TRANSFERRED, E.TEMPORARY_OUT, E.TRANSFER_ISSUED, E.READMITTED}


# The messages several readers of a bundle give.
REQUIRED = "bắt buộc (required)"


def bad_date(raw: str) -> str:
    return f"ngày không hợp lệ '{raw}' (YYYY-MM-DD)"


@dataclass(frozen=True)
class Problem:
    file: str
    line: int
    column: str
    message: str

    def __str__(self) -> str:
        return f"{self.file}:{self.line}: {self.column}: {self.message}"
