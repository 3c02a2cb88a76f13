"""Reading member_events.csv: the bundle's event names, one row parsed, and the two ways of
reading the file beside members.csv (streamed in the same order, or indexed in memory)."""

from __future__ import annotations

import sys
from collections import defaultdict
from datetime import date

from django.utils.translation import gettext as _

from dangvien.core.dates import today
from dangvien.interchange.bundle import Records
from dangvien.interchange.problems import Problem, parse_day, required
from dangvien.members import rules
from dangvien.members.choices import MemberEventType
from dangvien.organizations.interchange import unknown_code

E = MemberEventType
# Event names of member_events.csv and the ledger's event types.
EVENT_TYPES: dict[str, MemberEventType] = {
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
#: The ledger's event types as the export names them (merges' reassignments are derived).
EVENT_NAMES: dict[str, str] = {kind.value: name for name, kind in EVENT_TYPES.items()}
# One event row of member_events.csv: (line, event name, day, organization code, note).
EventRow = tuple[int, str, date, str, str]
FILE = "member_events.csv"


class Misaligned(Exception):
    """member_events.csv is not in the order of members.csv: load again from memory."""


def parse_event_row(
    line: int,
    values: list[str],
    at: tuple[int, int, int, int, int],
    org_ids: dict[str, int],
    latest: date,
) -> tuple[str, EventRow | Problem]:
    """(member key, the event) or (member key, the problem with the row); an event after
    ``latest`` (today) is refused: it is a fact, not a plan."""
    i_member, i_event, i_day, i_org, i_note = at
    key = values[i_member].strip()
    event = values[i_event].strip()
    kind = EVENT_TYPES.get(event)
    if kind is None:
        return key, Problem(FILE, line, "event", _("unknown event “%(value)s”") % {"value": event})
    raw = values[i_day].strip()
    if not raw:
        return key, Problem(FILE, line, "effective_on", required())
    day = parse_day(raw, latest=latest)
    if isinstance(day, str):
        return key, Problem(FILE, line, "effective_on", day)
    code = values[i_org].strip() if i_org >= 0 else ""
    missing = rules.organization_required_verdict(kind, given=bool(code))
    if missing is not None:
        return key, Problem(FILE, line, "organization_code", missing.message)
    if code and code not in org_ids:
        return key, Problem(FILE, line, "organization_code", unknown_code(code))
    note = values[i_note].strip() if i_note >= 0 else ""
    return key, (line, sys.intern(event), day, sys.intern(code), note)


def _columns(records: Records) -> tuple[int, int, int, int, int]:
    return (
        records.index("member_id"),
        records.index("event"),
        records.index("effective_on"),
        records.index("organization_code"),
        records.index("note"),
    )


class AlignedEvents:
    """The events of each member read alongside members.csv (no whole-file load).

    ``take(key)`` returns the events that follow in the file for that member; an event of a
    member already passed means the file is in another order (``Misaligned``), and so do events
    left over at the end.
    """

    def __init__(self, records: Records, org_ids: dict[str, int], problems: list[Problem]):
        self.rows = records.rows
        self.at = _columns(records)
        self.org_ids = org_ids
        self.latest = today()
        self.problems = problems
        self.done: set[str] = set()
        self.pending: tuple[str, EventRow | Problem] | None = self._next()

    def _next(self) -> tuple[str, EventRow | Problem] | None:
        for line, values in self.rows:
            return parse_event_row(line, values, self.at, self.org_ids, self.latest)
        return None

    def take(self, key: str) -> list[EventRow]:
        events: list[EventRow] = []
        while self.pending is not None and self.pending[0] == key:
            item = self.pending[1]
            if isinstance(item, Problem):
                self.problems.append(item)
            else:
                events.append(item)
            self.pending = self._next()
        self.done.add(key)
        if self.pending is not None and self.pending[0] in self.done:
            raise Misaligned
        return events

    def finish(self) -> None:
        if self.pending is not None:
            raise Misaligned


class IndexedEvents:
    """All events read into memory first, by member (any order of member_events.csv)."""

    def __init__(self, records: Records, org_ids: dict[str, int], problems: list[Problem]):
        at = _columns(records)
        latest = today()
        self.by_member: dict[str, list[EventRow]] = defaultdict(list)
        for line, values in records.rows:
            key, item = parse_event_row(line, values, at, org_ids, latest)
            if isinstance(item, Problem):
                problems.append(item)
            else:
                self.by_member[key].append(item)

    def take(self, key: str) -> list[EventRow]:
        # popped: a member's events are needed once, and memory falls as members are loaded
        return self.by_member.pop(key, [])

    def finish(self) -> None:
        pass

    def unclaimed(self) -> dict[str, list[EventRow]]:
        return self.by_member
