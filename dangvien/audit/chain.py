"""The hash chain of the audit log: what a row's hash covers, and how a chain is checked.

Each row carries ``previous_hash`` (the ``row_hash`` of the row written just before it, or
``GENESIS`` for the first) and ``row_hash = sha256(previous_hash + canonical content)``. Editing,
removing or reordering a row breaks the chain at that row or the next one; removing the last
rows is caught by the chain head (``AuditChainHead``: how many rows and the last hash).

Pure functions of plain values: the writer (``models.append_events``), the checker
(``audit_verify``) and the migration that chained the rows written before all use these.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

#: ``previous_hash`` of the first row.
GENESIS = "0" * 64

#: The columns a row's hash covers, in this order (every column but the id and the hashes).
HASHED_COLUMNS = (
    "recorded_at",
    "actor_id",
    "actor_name",
    "request_id",
    "action",
    "object_type_id",
    "object_id",
    "object_repr",
    "organization_path",
    "organization_id",
    "before",
    "after",
    "message",
)


def _normalise(value: Any) -> Any:
    """JSON values as both databases give them back: an integral float is an integer
    (PostgreSQL's jsonb keeps ``1e20`` as a number that reads back as an int)."""
    if isinstance(value, float) and value.is_integer():
        return int(value)
    if isinstance(value, dict):
        return {str(k): _normalise(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [_normalise(v) for v in value]
    return value


def _moment(value: datetime | str) -> str:
    if isinstance(value, str):  # a raw SQLite value
        value = datetime.fromisoformat(value)
    if value.tzinfo is None:
        value = value.replace(tzinfo=UTC)
    return value.astimezone(UTC).isoformat(timespec="microseconds")


def canonical(row: Mapping[str, Any]) -> str:
    """The text a row's hash covers: its hashed columns as sorted, compact JSON."""
    content = {
        column: _moment(row[column])
        if column == "recorded_at"
        else _normalise(row[column])
        if column in ("before", "after")
        else row[column]
        for column in HASHED_COLUMNS
    }
    return json.dumps(content, sort_keys=True, ensure_ascii=False, separators=(",", ":"))


def row_hash(previous_hash: str, row: Mapping[str, Any]) -> str:
    """The hash of a row that follows ``previous_hash``."""
    return hashlib.sha256((previous_hash + canonical(row)).encode()).hexdigest()


@dataclass(frozen=True)
class Break:
    """Where a chain stops being what was written: the row (``None``: after the last row)."""

    row_id: int | None
    reason: str


@dataclass(frozen=True)
class Verdict:
    rows: int
    last_hash: str
    broken: Break | None

    @property
    def ok(self) -> bool:
        return self.broken is None


def verify(
    rows: Iterable[Mapping[str, Any]], *, head_count: int | None, head_hash: str | None
) -> Verdict:
    """Walk ``rows`` (in id order, with ``id``, ``previous_hash``, ``row_hash`` and the hashed
    columns) and name the first row that does not follow from the one before it; then
    compare the end with the chain head (rows removed at the end)."""
    previous, count = GENESIS, 0
    for row in rows:
        count += 1
        if row["previous_hash"] != previous:
            reason = (
                "a row before it was removed, changed or reordered"
                if row["previous_hash"]
                else "it carries no hash (written around the log)"
            )
            return Verdict(count, previous, Break(row["id"], reason))
        expected = row_hash(previous, row)
        if row["row_hash"] != expected:
            return Verdict(count, previous, Break(row["id"], "its content was changed"))
        previous = expected
    if head_count is None:
        if count:
            return Verdict(count, previous, Break(None, "the chain head is missing"))
    elif head_count != count or head_hash != previous:
        return Verdict(
            count,
            previous,
            Break(
                None,
                f"the chain head records {head_count} rows ending in {head_hash}: "
                "rows were removed at the end, or written around the log",
            ),
        )
    return Verdict(count, previous, None)
