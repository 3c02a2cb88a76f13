"""Loading ``members.csv`` and ``member_events.csv``: the same rules as the services, in bulk.

For each member the rows are checked as ``member_admit`` and the lifecycle services check them:
the profile (name, sex, dates, a 12-digit citizen ID and a party card number unique among
members, a known political-theory level, the minimum age on the vote date from the rulebook,
no text longer than its column); the actor's scope on every organization named; the
organizations the member is admitted, transferred, temporarily sent or released to exist that
day and hold members (rule ``member.organization_kinds``); then the whole ledger is replayed
by ``transitions.replay`` with the rulebook, and each resulting period must lie within the
life of its organization. The replay's periods are what is written, as the services write them.
Two checks of the admission form are left to it on purpose, since a bundle records admissions
made long ago: the decision date may be missing from old dossiers, and an age above
``admission.max_age_months`` was allowed with the provincial committee's decision, which the
bundle has no column for.

Streaming: when ``member_events.csv`` lists each member's events together and in the order of
``members.csv`` (as ``dangvien export`` and most spreadsheets do), both files are read side by
side and only a chunk of members is in memory. Otherwise the events are read into memory first
(compactly) and the load starts again; the result is the same, only slower.

Writes go out per chunk: COPY text on PostgreSQL, ``executemany`` on SQLite, with member ids
reserved up front. Each problem is reported as ``file:row: column: message`` and the import
writes nothing when there is any (the caller rolls the transaction back).
"""

from __future__ import annotations

import gc
import multiprocessing
import os
import sys
import time
from collections import defaultdict, deque
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from datetime import date
from operator import itemgetter
from typing import Any

from django.conf import settings
from django.db import connection, transaction
from django.utils import timezone

from dangvien.accounts.scoping import granted_paths, scope_q
from dangvien.accounts.types import Actor
from dangvien.audit.services import recorded_by
from dangvien.core.dates import months_between
from dangvien.core.exceptions import DomainError
from dangvien.core.text import fold
from dangvien.interchange.bulk import (
    COPY_ESCAPES,
    NULL,
    BackgroundWriter,
    DeferredIndexes,
    allocate_ids,
    copy_lines,
    driver_connection,
    execute_many,
    max_id,
)
from dangvien.interchange.bundle import Bundle, Records
from dangvien.interchange.problems import (
    EVENT_TYPES,
    EVENTS_WITH_ORGANIZATION,
    REQUIRED,
    Problem,
    bad_date,
)
from dangvien.members.choices import EXIT_EVENTS, MemberEventType, PoliticalTheory
from dangvien.members.models import Member, MemberEvent, MemberPeriod
from dangvien.members.rule_keys import MIN_AGE_MONTHS, ORGANIZATION_KINDS
from dangvien.members.services import CHANGE, NATIONAL_ID
from dangvien.members.transitions import NEEDS_ORGANIZATION, LedgerEntry, PeriodRow, replay
from dangvien.organizations.models import Organization, OrganizationVersion
from dangvien.rules.selectors import RuleBook

E = MemberEventType
_THEORY_LEVELS = frozenset(PoliticalTheory.values)
CHUNK = 10_000
# A bundle with at least this many member rows (and more than the database holds) is loaded
# with its tables' secondary indexes dropped and rebuilt (see ``bulk.DeferredIndexes``).
DEFER_INDEXES_FROM = 50_000

MEMBER_COLUMNS = [
    "id",
    "created_at",
    "updated_at",
    "member_key",
    "full_name",
    "search_name",
    "other_names",
    "sex",
    "birth_date",
    "birth_place",
    "home_town",
    "ethnicity",
    "religion",
    "national_id",
    "education",
    "professional_qualification",
    "political_theory",
    "occupation",
    "phone",
    "address",
    "party_card_number",
    "introducers",
]
_MEMBER_TABS = len(MEMBER_COLUMNS) - 1
# Profile columns copied as text (after trimming), in MEMBER_COLUMNS order after search_name.
_TEXT_PROFILE = [
    "other_names",
    "birth_place",
    "home_town",
    "ethnicity",
    "religion",
    "education",
    "professional_qualification",
    "occupation",
    "phone",
    "address",
    "introducers",
]
_COLUMN_ORDER = {name: index for index, name in enumerate(MEMBER_COLUMNS)}
# (position in MEMBER_COLUMNS, CSV column, longest text the table takes) for the text
# columns read from the file that no other check bounds (sex, citizen ID and theory are).
_LIMITS = tuple(
    (
        MEMBER_COLUMNS.index(field.name),
        "member_id" if field.name == "member_key" else field.name,
        field.max_length,
    )
    for field in sorted(Member._meta.concrete_fields, key=lambda f: _COLUMN_ORDER.get(f.name, 0))
    if field.max_length
    and field.name in MEMBER_COLUMNS
    and field.name not in {"search_name", "sex", "national_id", "political_theory"}
)
_SHORTEST_LIMIT = min(limit for _i, _column, limit in _LIMITS)
_DECISION_NUMBER_LIMIT = MemberEvent._meta.get_field("decision_number").max_length or 0
EVENT_COLUMNS = [
    "member_id",
    "type",
    "effective_on",
    "organization_id",
    "decision_number",
    "decision_date",
    "decision_issuer",
    "note",
    "data",
    "recorded_at",
    "actor_id",
    "actor_name",
]
PERIOD_COLUMNS = [
    "member_id",
    "organization_id",
    "valid_from",
    "valid_to",
    "status",
    "is_exempted",
    "host_organization_id",
    "transit_to_id",
    "sex",
]
# The ledger's event types as plain strings (an enum member costs more on the hot path).
_EVENT_VALUES = {name: kind.value for name, kind in EVENT_TYPES.items()}
_ADMITTED, _RECOGNISED = E.ADMITTED.value, E.RECOGNISED.value
# Events that name an organization other than the period's own: the temporary host
# and the destination of a transfer in transit (the periods check their own organization).
_ELSEWHERE = frozenset({E.TRANSFER_ISSUED, E.TEMPORARY_OUT})
_ORGANIZATION_EVENTS = frozenset(
    {E.ADMITTED, E.READMITTED, E.TRANSFERRED, E.REASSIGNED, E.TRANSFER_RECEIVED}
)

_LEDGER_ORDER = itemgetter(2, 0)  # (effective_on, key) of a LedgerEntry
# One event row of member_events.csv: (line, event name, day, organization code, note).
EventRow = tuple[int, str, date, str, str]
# Per entry key of a ledger: (file, line, column, note) of the row it came from.
Extras = dict[int, tuple[str, int, str, str]]
# A member ready to write: its row, ledger, extras, periods, (decision date, decision number).
Loaded = tuple[list[Any], list[LedgerEntry], Extras, list[PeriodRow], tuple[date | None, str]]


@dataclass
class Chunk:
    """Rows of members.csv to check, with what the database knows about them."""

    rows: list[tuple[int, list[str], list[EventRow]]]
    read_problems: list[Problem]
    first_id: int  # the member id of the first row when ids come from the counter
    existing: dict[str, int] = field(default_factory=dict)
    taken_ids: dict[str, str] = field(default_factory=dict)
    taken_cards: dict[str, str] = field(default_factory=dict)
    stored: dict[int, list[tuple[str, date, int | None]]] = field(default_factory=dict)


@dataclass
class Checked:
    """The outcome of checking a chunk: problems, and the rows to write when there are none."""

    problems: list[Problem]
    unchanged: int = 0
    created: int = 0
    events: int = 0
    loaded: list[tuple[int, Loaded]] = field(default_factory=list)
    batch: tuple[list[Any], list[Any], list[Any]] | None = None


class Misaligned(Exception):
    """member_events.csv is not in the order of members.csv: load again from memory."""


@dataclass
class MemberCounts:
    created: int = 0
    unchanged: int = 0
    events: int = 0
    timings: dict[str, float] = field(default_factory=dict)


class OrganizationTimelines:
    """Existence, kind and merges of every organization, in memory, for checking members."""

    def __init__(self) -> None:
        self.versions: dict[int, list[tuple[date, date | None, str]]] = defaultdict(list)
        for org_id, start, end, kind in OrganizationVersion.objects.order_by(
            "organization_id", "valid_from"
        ).values_list("organization_id", "valid_from", "valid_to", "kind"):
            self.versions[org_id].append((start, end, kind))
        self.ends: dict[int, tuple[date | None, int | None]] = {}
        self.codes: dict[int, str] = {}
        for pk, code, dissolved, merged in Organization.objects.values_list(
            "pk", "code", "dissolved_on", "merged_into_id"
        ):
            self.ends[pk] = (dissolved, merged)
            self.codes[pk] = code
        self.merged = {pk for pk, (_day, survivor) in self.ends.items() if survivor is not None}
        # versions follow each other without gaps from the founding to the end
        self.life = {
            pk: (versions[0][0], self.ends.get(pk, (None, None))[0])
            for pk, versions in self.versions.items()
        }
        # the kind of organizations that never changed kind (nearly all)
        self.single_kind = {
            pk: versions[0][2]
            for pk, versions in self.versions.items()
            if all(kind == versions[0][2] for _s, _e, kind in versions)
        }

    def exists_on(self, org_id: int, on: date) -> bool:
        founded, dissolved = self.life.get(org_id, (None, None))
        return founded is not None and founded <= on and (dissolved is None or dissolved > on)

    def kind_at(self, org_id: int, on: date) -> str | None:
        for start, end, kind in self.versions.get(org_id, ()):
            if start <= on and (end is None or end > on):
                return kind
        return None

    def add_reassignments(self, entries: list[LedgerEntry], extras: Extras) -> list[LedgerEntry]:
        """Insert REASSIGNED entries where the member's organization was merged into another."""
        ordered = sorted(entries, key=lambda e: (e.effective_on, e.key))
        result: list[LedgerEntry] = []
        current: int | None = None
        member = False
        next_key = 10_000

        def merges_before(day: date | None) -> None:
            nonlocal current, next_key
            while member and current is not None:
                dissolved, survivor = self.ends.get(current, (None, None))
                if survivor is None or dissolved is None or (day is not None and dissolved > day):
                    return
                next_key += 1
                result.append(LedgerEntry(next_key, E.REASSIGNED, dissolved, survivor))
                extras[next_key] = ("", 0, "", f"merged into {self.codes.get(survivor, '')}")
                current = survivor

        transit: int | None = None
        for entry in ordered:
            merges_before(entry.effective_on)
            result.append(entry)
            if entry.type in (E.ADMITTED, E.READMITTED):
                member, current = True, entry.organization_id
            elif entry.type in _ORGANIZATION_EVENTS and entry.organization_id is not None:
                current = entry.organization_id
            elif entry.type == E.TRANSFER_ISSUED:
                transit = entry.organization_id
            elif entry.type == E.TRANSFER_RECEIVED:
                current, transit = transit, None
            elif entry.type in EXIT_EVENTS:
                member = False
        merges_before(None)
        return result

    def check_period(self, period: PeriodRow) -> str | None:
        """Why the period cannot be (its organization does not exist when it starts, or ends
        while the member is there), or None."""
        org_id = period.organization_id
        start = period.valid_from
        founded, dissolved = self.life.get(org_id, (None, None))
        if founded is None or founded > start or (dissolved is not None and dissolved <= start):
            code = self.codes.get(org_id, "?")
            return f"tổ chức {code} không tồn tại vào ngày {start:%d/%m/%Y}"
        if dissolved is not None and (period.valid_to is None or period.valid_to > dissolved):
            code = self.codes.get(org_id, "?")
            return f"tổ chức {code} đã giải thể ngày {dissolved:%d/%m/%Y} khi đảng viên còn sinh hoạt ở đó"
        return None


# The loader as the worker processes see it (a copy made by fork, with everything loaded).
_WORKER: MemberLoader | None = None


def _start_workers(loader: MemberLoader) -> tuple[Any, int]:
    """Worker processes that check chunks, forked now that the loader holds all it needs.

    ``IMPORT_WORKERS`` of them; by default one per processor beyond two (the importing
    process and the database take one each: on two processors, measured with 1 million
    members, two workers made the import slower, 222 s against 190 s). None where ``fork``
    is not available.
    """
    global _WORKER
    count = getattr(settings, "IMPORT_WORKERS", None)
    if count is None:
        count = max((os.cpu_count() or 1) - 2, 0)
    if count < 1 or "fork" not in multiprocessing.get_all_start_methods():
        return None, 0
    _WORKER = loader
    # fork, before the writer thread starts: the children copy the loader and use no
    # connection (they never touch the database)
    return multiprocessing.get_context("fork").Pool(count), count


def _stop_workers(pool: Any) -> None:
    global _WORKER
    pool.terminate()
    pool.join()
    _WORKER = None


def _check_in_worker(chunk: Chunk) -> Checked:
    assert _WORKER is not None
    return _WORKER._check(chunk)


def _advance_sequence(model: Any) -> None:
    """PostgreSQL: move the id sequence past the ids given out by the counter."""
    table = model._meta.db_table
    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT setval(pg_get_serial_sequence(%s, 'id'), "  # noqa: S608
            f'GREATEST((SELECT MAX("id") FROM "{table}"), 1))',
            [table],
        )


def organization_at(periods: list[PeriodRow], on: date) -> int | None:
    """The member's organization on ``on`` (or the one they left that day), like the services."""
    found = None
    for period in periods:
        if period.valid_from <= on:
            found = period.organization_id
    return found


def parse_event_row(
    line: int, values: list[str], at: tuple[int, int, int, int, int], org_ids: dict[str, int]
) -> tuple[str, EventRow | Problem]:
    """(member key, the event) or (member key, the problem with the row)."""
    i_member, i_event, i_day, i_org, i_note = at
    file = "member_events.csv"
    key = values[i_member].strip()
    event = values[i_event].strip()
    if event not in EVENT_TYPES:
        return key, Problem(file, line, "event", f"sự kiện không hợp lệ '{event}'")
    raw = values[i_day].strip()
    if not raw:
        return key, Problem(file, line, "effective_on", REQUIRED)
    try:
        day = date.fromisoformat(raw)
    except ValueError:
        return key, Problem(file, line, "effective_on", bad_date(raw))
    code = values[i_org].strip() if i_org >= 0 else ""
    if EVENT_TYPES[event] in EVENTS_WITH_ORGANIZATION and not code:
        return key, Problem(file, line, "organization_code", "bắt buộc với sự kiện này")
    if code and code not in org_ids:
        return key, Problem(file, line, "organization_code", f"không có tổ chức mã {code}")
    note = values[i_note].strip() if i_note >= 0 else ""
    return key, (line, sys.intern(event), day, sys.intern(code), note)


class AlignedEvents:
    """The events of each member read alongside members.csv (no whole-file load).

    ``take(key)`` returns the events that follow in the file for that member; an event of a
    member already passed means the file is in another order (``Misaligned``), and so do events
    left over at the end.
    """

    def __init__(self, records: Records, org_ids: dict[str, int], problems: list[Problem]):
        self.rows = records.rows
        self.at = _event_columns(records)
        self.org_ids = org_ids
        self.problems = problems
        self.done: set[str] = set()
        self.pending: tuple[str, EventRow | Problem] | None = self._next()

    def _next(self) -> tuple[str, EventRow | Problem] | None:
        for line, values in self.rows:
            return parse_event_row(line, values, self.at, self.org_ids)
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
        at = _event_columns(records)
        self.by_member: dict[str, list[EventRow]] = defaultdict(list)
        for line, values in records.rows:
            key, item = parse_event_row(line, values, at, org_ids)
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


def _event_columns(records: Records) -> tuple[int, int, int, int, int]:
    return (
        records.index("member_id"),
        records.index("event"),
        records.index("effective_on"),
        records.index("organization_code"),
        records.index("note"),
    )


class MemberLoader:
    """Loads the members of a bundle for ``importer`` (see the module docstring)."""

    def __init__(
        self,
        bundle: Bundle,
        *,
        actor: Actor,
        org_ids: dict[str, int],
        rules: RuleBook,
        problems: list[Problem],
        progress: Callable[..., None],
        dry_run: bool = False,
    ) -> None:
        self.bundle = bundle
        self.actor = actor
        self.dry_run = dry_run
        self.org_ids = org_ids
        self.rules = rules
        self.problems = problems
        self.progress = progress
        self.counts = MemberCounts()
        self.postgresql = connection.vendor == "postgresql"
        user, self.actor_name = recorded_by(actor)
        self.actor_id = user.pk if user is not None else None
        self.now = timezone.now()
        self._postgresql_now = self.now.isoformat()
        actor_id = str(self.actor_id) if self.actor_id is not None else NULL
        self._postgresql_recorded = (
            f"{self._postgresql_now}\t{actor_id}\t{self.actor_name.translate(COPY_ESCAPES)}\n"
        )
        self._sqlite_now = (
            connection.ops.adapt_datetimefield_value(self.now) if not self.postgresql else None
        )
        self._iso: dict[date, str] = {}
        self._folded: dict[str, str] = {}
        self._min_age: dict[date, int] = {}
        self._holding: dict[date, frozenset[str]] = {}
        self.scope: set[int] | None = (
            None
            if granted_paths(actor, CHANGE) is None
            else set(
                Organization.objects.filter(scope_q(actor, CHANGE, field="")).values_list(
                    "pk", flat=True
                )
            )
        )

    # -- the whole load ----------------------------------------------------------------------

    def run(self) -> MemberCounts:
        self.timelines = OrganizationTimelines()
        self.had_members = Member.objects.exists()
        expected = self.bundle.size_hint("members.csv")
        # member ids grow with the file: indexes that lead with them are kept up to date
        deferred = DeferredIndexes([Member, MemberEvent, MemberPeriod], keep_leading=["member_id"])
        # Not for a check (dry run): dropping an index locks the table for others until the
        # rollback, and the rebuild would be rolled back too.
        if (
            not self.dry_run
            and expected >= DEFER_INDEXES_FROM
            and expected > Member.objects.count()
        ):
            deferred.drop()
        # With the tables to ourselves (a large load: no other session may insert members
        # until we commit; on SQLite the write lock is ours anyway), member ids come from a
        # counter and a second thread writes while the next chunk is checked.
        self.background = deferred.active or not self.postgresql
        with self.bundle.records("members.csv") as records:
            self._resolve_columns(records)
        self.pool: Any = None
        self.workers = 0
        if self.background:
            self.pool, self.workers = _start_workers(self)
        problems_before = len(self.problems)
        # The load makes millions of short-lived objects and no reference cycles: the cycle
        # collector would only rescan them (measured: 12 % of the time at 100 000 members).
        collecting = gc.isenabled()
        gc.disable()
        try:
            with transaction.atomic():
                self._load(aligned=True)
        except Misaligned:
            # the savepoint is rolled back: start again with the events read into memory
            del self.problems[problems_before:]
            self.counts = MemberCounts()
            self._load(aligned=False)
        finally:
            if self.pool is not None:
                _stop_workers(self.pool)
            if collecting:
                gc.enable()
        if not self.problems:
            if self.background and self.postgresql:
                _advance_sequence(Member)
            started = time.monotonic()
            deferred.restore()
            if deferred.indexes:
                self.counts.timings["indexes"] = round(time.monotonic() - started, 2)
        return self.counts

    def _load(self, *, aligned: bool) -> None:
        self.raw = driver_connection()
        self.writer = BackgroundWriter(self._send) if self.background else None
        self.next_id = max_id(Member) + 1 if self.background else 0
        self.in_flight: deque[tuple[Chunk, Any]] = deque()
        self.done = 0
        try:
            self._read(aligned=aligned)  # collects every chunk it dispatched
        finally:
            # on Misaligned or a failure: let the workers finish what they hold, discard it
            for _chunk, pending in self.in_flight:
                pending.wait()
            self.in_flight.clear()
            if self.writer is not None:
                self.writer.close()

    def _read(self, *, aligned: bool) -> None:
        with (
            self.bundle.records("member_events.csv") as event_records,
            self.bundle.records("members.csv") as records,
        ):
            # problems found while reading belong to the chunk of their row, so that they are
            # reported in the same order whether the chunks are checked here or in workers
            read_problems: list[Problem] = []
            events: AlignedEvents | IndexedEvents = (
                AlignedEvents(event_records, self.org_ids, read_problems)
                if aligned
                else IndexedEvents(event_records, self.org_ids, self.problems)
            )
            seen_keys: set[str] = set()
            seen_ids: dict[str, int] = {}
            seen_cards: dict[str, int] = {}
            rows: list[tuple[int, list[str], list[EventRow]]] = []
            # the columns were resolved by run(), before any worker was forked
            i_key, i_national, i_card = self.i_key, self.i_national, self.i_card
            self.fraction = records.fraction
            for line, values in records.rows:
                # one empty cell at the end: a column the file lacks reads from index -1
                values.append("")
                key = values[i_key].strip()
                if not key:
                    read_problems.append(Problem("members.csv", line, "member_id", REQUIRED))
                    continue
                if key in seen_keys:
                    read_problems.append(
                        Problem("members.csv", line, "member_id", f"mã {key} lặp lại (duplicate)")
                    )
                    continue
                seen_keys.add(key)
                member_events = events.take(key)
                for index, seen, column, what in (
                    (i_national, seen_ids, "national_id", "số CCCD"),
                    (i_card, seen_cards, "party_card_number", "số thẻ đảng"),
                ):
                    value = values[index].strip()
                    if value:
                        if value in seen:
                            read_problems.append(
                                Problem(
                                    "members.csv",
                                    line,
                                    column,
                                    f"trùng {what} với dòng {seen[value]}",
                                )
                            )
                        else:
                            seen[value] = line
                rows.append((line, values, member_events))
                if len(rows) >= CHUNK:
                    self._dispatch(rows, read_problems[:])
                    rows = []
                    read_problems.clear()
            events.finish()
            if rows or read_problems:
                self._dispatch(rows, read_problems[:])
            while self.in_flight:
                self._collect()
            if isinstance(events, IndexedEvents):
                self._unclaimed(events.unclaimed(), seen_keys)

    def _dispatch(
        self, rows: list[tuple[int, list[str], list[EventRow]]], read_problems: list[Problem]
    ) -> None:
        """Check a chunk here, or hand it to a worker process (at most two per worker queued)."""
        chunk = self._prepare(rows, read_problems)
        if self.pool is None:
            self._apply(chunk, self._check(chunk))
            return
        self.in_flight.append((chunk, self.pool.apply_async(_check_in_worker, (chunk,))))
        if len(self.in_flight) > 2 * self.workers:
            self._collect()

    def _collect(self) -> None:
        chunk, pending = self.in_flight.popleft()
        self._apply(chunk, pending.get())

    def _unclaimed(self, unclaimed: dict[str, list[EventRow]], seen_keys: set[str]) -> None:
        unknown = set(unclaimed) - seen_keys
        existing = set(
            Member.objects.filter(member_key__in=list(unknown)).values_list("member_key", flat=True)
        )
        for key in sorted(unknown):
            line = unclaimed[key][0][0]
            message = (
                f"đảng viên {key} đã có: sự kiện của đảng viên đã có phải đi kèm dòng của họ trong "
                "members.csv (existing member without a members.csv row)"
                if key in existing
                else f"không có đảng viên mã {key}"
            )
            self.problems.append(Problem("member_events.csv", line, "member_id", message))

    # -- one chunk -----------------------------------------------------------------------------

    def _prepare(
        self, rows: list[tuple[int, list[str], list[EventRow]]], read_problems: list[Problem]
    ) -> Chunk:
        """What checking the rows needs from the database (members already there, their citizen
        IDs and card numbers, their ledgers) and, with the counter, the rows' member ids."""
        chunk = Chunk(rows, read_problems, self.next_id)
        if self.background:
            self.next_id += len(rows)
        if not self.had_members or not rows:
            return chunk
        i_key = self.i_key
        keys = [values[i_key].strip() for _line, values, _events in rows]
        chunk.existing = dict(
            Member.objects.filter(member_key__in=keys).values_list("member_key", "pk")
        )
        for column, taken, index in (
            ("national_id", chunk.taken_ids, self.i_national),
            ("party_card_number", chunk.taken_cards, self.i_card),
        ):
            asked = [v[index].strip() for _l, v, _e in rows if v[index].strip()]
            if asked:
                taken.update(
                    Member.objects.filter(**{f"{column}__in": asked}).values_list(
                        column, "member_key"
                    )
                )
        if chunk.existing:
            for member_id, type_, day, org in MemberEvent.objects.filter(
                member_id__in=list(chunk.existing.values())
            ).values_list("member_id", "type", "effective_on", "organization_id"):
                chunk.stored.setdefault(member_id, []).append((type_, day, org))
        return chunk

    def _check(self, chunk: Chunk) -> Checked:
        """Check every row of the chunk; with the counter (and no problem) also format them."""
        problems: list[Problem] = []
        self.problems, outer = problems, self.problems
        checked = Checked(problems)
        loaded: list[tuple[int, Loaded]] = []
        try:
            for position, (line, values, events) in enumerate(chunk.rows):
                before = len(problems)
                member, decision_on, admitted_on = self._profile(
                    line, values, chunk.taken_ids, chunk.taken_cards
                )
                ledger = self._ledger(line, values, events, admitted_on)
                if ledger is None or len(problems) > before:
                    continue
                entries, extras = ledger
                periods = self._replay(line, entries, extras)
                if periods is None:
                    continue
                current = chunk.existing.get(member[3])
                if current is not None:
                    wanted: list[tuple[str, date, int | None]] = [
                        (
                            e.type,
                            e.effective_on,
                            e.organization_id or organization_at(periods, e.effective_on),
                        )
                        for e in entries
                    ]
                    if sorted(chunk.stored.get(current, []), key=str) != sorted(wanted, key=str):
                        problems.append(
                            Problem(
                                "members.csv",
                                line,
                                "member_id",
                                "đảng viên đã có với lịch sử khác (exists with a different history)",
                            )
                        )
                    else:
                        checked.unchanged += 1
                    continue
                admission = (decision_on, values[self.i_number].strip())
                loaded.append((position, (member, entries, extras, periods, admission)))
        finally:
            self.problems = outer
        if problems or chunk.read_problems:
            return checked
        checked.loaded = loaded
        if self.background:
            self._format(checked, [chunk.first_id + position for position, _item in loaded])
        return checked

    def _apply(self, chunk: Chunk, checked: Checked) -> None:
        """Take a checked chunk's problems and counts; write its rows if nothing is wrong."""
        self.problems.extend(chunk.read_problems)
        self.problems.extend(checked.problems)
        self.counts.unchanged += checked.unchanged
        if not self.problems and checked.loaded:
            if checked.batch is None:
                self._format(checked, allocate_ids(Member, len(checked.loaded)))
            assert checked.batch is not None
            self.counts.created += checked.created
            self.counts.events += checked.events
            if self.writer is not None:
                self.writer.put(checked.batch)
            else:
                self._send(checked.batch)
        self.done += len(chunk.rows)
        self.progress("members", self.done, self.fraction())

    # -- checks --------------------------------------------------------------------------------

    def _resolve_columns(self, records: Records) -> None:
        index = records.index
        self.i_key, self.i_name, self.i_sex = index("member_id"), index("full_name"), index("sex")
        self.i_birth, self.i_national = index("birth_date"), index("national_id")
        self.i_card, self.i_theory = index("party_card_number"), index("political_theory")
        self.i_org, self.i_decision = index("organization_code"), index("decision_on")
        self.i_admitted, self.i_official = index("admitted_on"), index("official_on")
        self.i_number, self.i_introducers = index("decision_number"), index("introducers")
        self.i_texts = tuple(index(column) for column in _TEXT_PROFILE[:-1])

    def _day(self, line: int, values: list[str], index: int, column: str) -> date | None:
        raw = values[index].strip()
        if not raw:
            return None
        try:
            return date.fromisoformat(raw)
        except ValueError:
            self.problems.append(Problem("members.csv", line, column, bad_date(raw)))
            return None

    def _profile(
        self,
        line: int,
        values: list[str],
        taken_ids: dict[str, str],
        taken_cards: dict[str, str],
    ) -> tuple[list[Any], date | None, date | None]:
        """The member's row in MEMBER_COLUMNS order (id and timestamps left empty), the dates of
        the admission decision and ceremony, checked as ``validate_profile`` and
        ``member_admit`` check them."""
        problems = self.problems
        file = "members.csv"
        key = values[self.i_key].strip()
        name = " ".join(values[self.i_name].split())
        if not name:
            problems.append(Problem(file, line, "full_name", REQUIRED))
        raw_sex = values[self.i_sex].strip()
        sex = raw_sex.upper()
        if sex != "M" and sex != "F":
            problems.append(Problem(file, line, "sex", f"phải là M hoặc F, không phải '{raw_sex}'"))
        birth = self._day(line, values, self.i_birth, "birth_date")
        national_id = values[self.i_national].strip()
        if national_id:
            if not NATIONAL_ID.match(national_id):
                problems.append(
                    Problem(file, line, "national_id", "số CCCD phải có đúng 12 chữ số")
                )
            elif taken_ids and taken_ids.get(national_id, key) != key:
                problems.append(
                    Problem(
                        file,
                        line,
                        "national_id",
                        f"số CCCD đã thuộc đảng viên {taken_ids[national_id]}",
                    )
                )
        card = values[self.i_card].strip()
        if card and taken_cards and taken_cards.get(card, key) != key:
            problems.append(
                Problem(
                    file,
                    line,
                    "party_card_number",
                    f"số thẻ đảng đã thuộc đảng viên {taken_cards[card]}",
                )
            )
        theory = values[self.i_theory].strip()
        if theory and theory not in _THEORY_LEVELS:
            problems.append(
                Problem(file, line, "political_theory", f"trình độ không hợp lệ '{theory}'")
            )
        decision_on = self._day(line, values, self.i_decision, "decision_on")
        admitted_on = self._day(line, values, self.i_admitted, "admitted_on")
        if admitted_on is None and not values[self.i_admitted].strip():
            problems.append(Problem(file, line, "admitted_on", REQUIRED))
        if decision_on and admitted_on and decision_on > admitted_on:
            problems.append(
                Problem(file, line, "admitted_on", "lễ kết nạp trước ngày quyết định kết nạp")
            )
        if birth and admitted_on:
            vote_on = decision_on or admitted_on
            minimum = self._min_age.get(vote_on)
            if minimum is None:
                minimum = self._min_age[vote_on] = int(MIN_AGE_MONTHS(on=vote_on, rules=self.rules))
            if birth >= vote_on or months_between(birth, vote_on) < minimum:
                problems.append(
                    Problem(
                        file,
                        line,
                        "birth_date",
                        f"chưa đủ {minimum // 12} tuổi vào ngày {vote_on:%d/%m/%Y}",
                    )
                )
        folded = self._folded.get(name)
        if folded is None:
            folded = self._folded[name] = fold(name)
        # other_names, birth_place, home_town, ethnicity, religion, education,
        # professional_qualification, occupation, phone, address: whitespace runs collapse
        t = [" ".join(values[i].split()) if values[i] else "" for i in self.i_texts]
        row = [
            None,  # id
            None,  # created_at
            None,  # updated_at
            key,
            name,
            folded,
            t[0],
            sex,
            birth,
            t[1],
            t[2],
            t[3],
            t[4],
            national_id,
            t[5],
            t[6],
            theory,
            t[7],
            t[8],
            t[9],
            card,
            values[self.i_introducers].strip(),
        ]
        # the longest text of the row first: nearly every row stops there
        if max(len(name), len(key), len(card), *map(len, t)) > _SHORTEST_LIMIT:
            for index, column, limit in _LIMITS:
                value = row[index]
                if isinstance(value, str) and len(value) > limit:
                    problems.append(Problem(file, line, column, f"dài quá {limit} ký tự"))
        number = values[self.i_number]
        if len(number) > _DECISION_NUMBER_LIMIT and len(number.strip()) > _DECISION_NUMBER_LIMIT:
            problems.append(
                Problem(file, line, "decision_number", f"dài quá {_DECISION_NUMBER_LIMIT} ký tự")
            )
        return row, decision_on, admitted_on

    def _scope_problem(self, line: int, code: str, org_id: int, events: list[EventRow]) -> bool:
        """Whether the actor may change members of every organization named (else a problem)."""
        assert self.scope is not None
        if org_id not in self.scope:
            self.problems.append(
                Problem(
                    "members.csv",
                    line,
                    "organization_code",
                    f"không có quyền với tổ chức {code} (permission denied)",
                )
            )
            return False
        for event_line, _event, _day, event_code, _note in events:
            if event_code and self.org_ids.get(event_code) not in self.scope:
                self.problems.append(
                    Problem(
                        "member_events.csv",
                        event_line,
                        "organization_code",
                        f"không có quyền với tổ chức {event_code} (permission denied)",
                    )
                )
                return False
        return True

    def _holding_kinds(self, on: date) -> frozenset[str]:
        kinds = self._holding.get(on)
        if kinds is None:
            kinds = self._holding[on] = frozenset(ORGANIZATION_KINDS(on=on, rules=self.rules))
        return kinds

    def _ledger(
        self, line: int, values: list[str], events: list[EventRow], admitted_on: date | None
    ) -> tuple[list[LedgerEntry], Extras] | None:
        """The member's ledger entries, and per entry (file, line, column, note) for messages."""
        code = values[self.i_org].strip()
        org_id = self.org_ids.get(code)
        if org_id is None:
            self.problems.append(
                Problem("members.csv", line, "organization_code", f"không có tổ chức mã {code}")
            )
            return None
        if self.scope is not None and not self._scope_problem(line, code, org_id, events):
            return None
        if admitted_on is None:
            return None
        entries = [LedgerEntry(0, _ADMITTED, admitted_on, org_id)]
        extras: Extras = {0: ("members.csv", line, "admitted_on", "")}
        official = self._day(line, values, self.i_official, "official_on")
        if official:
            entries.append(LedgerEntry(1, _RECOGNISED, official, None))
            extras[1] = ("members.csv", line, "official_on", "")
        org_ids = self.org_ids
        for index, (event_line, event, day, event_code, note) in enumerate(events, start=2):
            entries.append(
                LedgerEntry(
                    index, _EVENT_VALUES[event], day, org_ids[event_code] if event_code else None
                )
            )
            extras[index] = ("member_events.csv", event_line, "effective_on", note)
        merged = self.timelines.merged
        if merged and any(e.organization_id in merged for e in entries):
            entries = self.timelines.add_reassignments(entries, extras)
        # in ledger order once: the replay and the writes then find them sorted
        entries.sort(key=_LEDGER_ORDER)
        for entry in entries:
            if entry.type in NEEDS_ORGANIZATION and entry.organization_id is not None:
                problem = self._joining_problem(
                    entry.organization_id, entry.type, entry.effective_on
                )
                if problem:
                    file, row, _column, _note = extras[entry.key]
                    self.problems.append(
                        Problem(file or "members.csv", row or line, "organization_code", problem)
                    )
                    return None
        return entries, extras

    def _joining_problem(self, org_id: int, event: str, on: date) -> str | None:
        """Why the member cannot go to ``org_id`` on ``on`` with ``event``, or None."""
        timelines = self.timelines
        if event in _ELSEWHERE and not timelines.exists_on(org_id, on):
            return f"{timelines.codes.get(org_id, '?')} không tồn tại vào ngày {on:%d/%m/%Y}"
        kind = timelines.single_kind.get(org_id) or timelines.kind_at(org_id, on)
        # an organization that does not exist that day is reported with its period
        if kind is not None and kind not in self._holding_kinds(on):
            return (
                "đảng viên sinh hoạt ở chi bộ hoặc chi bộ cơ sở; "
                f"{timelines.codes.get(org_id, '?')} không phải vào ngày {on:%d/%m/%Y}"
            )
        return None

    def _replay(
        self, line: int, entries: list[LedgerEntry], extras: Extras
    ) -> list[PeriodRow] | None:
        try:
            _state, periods = replay(entries, self.rules)
        except DomainError as error:
            key = getattr(error, "entry_key", None)
            extra = extras.get(key) if key is not None else None
            if extra is not None and extra[0]:
                file, row, column, _note = extra
            else:
                file, row, column = "members.csv", line, "member_id"
            self.problems.append(Problem(file, row, column, str(error)))
            return None
        for period in periods:
            problem = self.timelines.check_period(period)
            if problem:
                self.problems.append(Problem("members.csv", line, "organization_code", problem))
                return None
        return periods

    # -- writes --------------------------------------------------------------------------------

    def iso(self, day: date) -> str:
        text = self._iso.get(day)
        if text is None:
            text = self._iso[day] = day.isoformat()
        return text

    def _format(self, checked: Checked, ids: list[int]) -> None:
        """The rows of the checked members as the database takes them, with these ids."""
        member_rows: list[Any] = []
        event_rows: list[Any] = []
        period_rows: list[Any] = []
        sink = self._postgresql_rows if self.postgresql else self._sqlite_rows
        for pk, (_position, item) in zip(ids, checked.loaded, strict=True):
            item[0][0] = pk
            sink(item, member_rows, event_rows, period_rows)
        checked.created, checked.events = len(checked.loaded), len(event_rows)
        checked.batch = (member_rows, event_rows, period_rows)
        # the batch is what leaves a worker; the checked rows are not needed any more
        checked.loaded = [(0, ([], [], {}, [], (None, "")))] * len(checked.loaded)

    def _send(self, batch: tuple[list[Any], list[Any], list[Any]]) -> None:
        member_rows, event_rows, period_rows = batch
        write = copy_lines if self.postgresql else execute_many
        write(self.raw, Member, MEMBER_COLUMNS, member_rows)
        write(self.raw, MemberEvent, EVENT_COLUMNS, event_rows)
        write(self.raw, MemberPeriod, PERIOD_COLUMNS, period_rows)

    @staticmethod
    def _events_in_order(
        entries: list[LedgerEntry], extras: Extras, periods: list[PeriodRow]
    ) -> Iterator[tuple[LedgerEntry, int | None, str, str]]:
        """(entry, organization, note, details JSON) in ledger order, as the services record them:
        an event without an organization concerns the member's organization of that day (or the
        one they left that day)."""
        index, last = 0, len(periods)
        current: int | None = None
        for entry in entries:  # in ledger order (see _ledger)
            file, line, _column, note = extras[entry.key]
            organization = entry.organization_id
            if organization is None:
                day = entry.effective_on
                while index < last and periods[index].valid_from <= day:
                    current = periods[index].organization_id
                    index += 1
                organization = current
            # file names and line numbers need no JSON escaping
            data = f'{{"import": "{file}:{line}"}}' if file else '{"import": ""}'
            yield entry, organization, note, data

    def _postgresql_rows(
        self, item: Loaded, member_rows: list[str], event_rows: list[str], period_rows: list[str]
    ) -> None:
        member, entries, extras, periods, (decision_on, decision_number) = item
        cache = self._iso
        iso = self.iso
        now = self._postgresql_now
        recorded = self._postgresql_recorded
        pk = member[0]
        birth = member[8]
        member[0], member[1], member[2] = str(pk), now, now
        # the null marker goes in after any escaping: escaped, it would be the text "\N"
        member[8] = (cache.get(birth) or iso(birth)) if birth is not None else ""
        line = "\t".join(member)
        # text needs escaping only if it holds a backslash, tab or line break of its own
        if line.count("\t") != _MEMBER_TABS or "\\" in line or "\n" in line or "\r" in line:
            member[3:] = [v.translate(COPY_ESCAPES) for v in member[3:]]
            line = ""
        if birth is None:
            member[8] = NULL
            line = ""
        member_rows.append((line or "\t".join(member)) + "\n")
        sex = member[7]
        admission_decision = (
            f"{decision_number.translate(COPY_ESCAPES)}\t"
            f"{(cache.get(decision_on) or iso(decision_on)) if decision_on else NULL}"
        )
        other_decision = "\t" + NULL
        for entry, organization, note, data in self._events_in_order(entries, extras, periods):
            day = entry.effective_on
            event_rows.append(
                f"{pk}\t{entry.type}\t{cache.get(day) or iso(day)}\t"
                f"{organization if organization is not None else NULL}\t"
                f"{admission_decision if entry.key == 0 else other_decision}\t\t"
                f"{note.translate(COPY_ESCAPES) if note else ''}\t{data}\t{recorded}"
            )
        for p in periods:
            start, end = p.valid_from, p.valid_to
            host, transit = p.host_organization_id, p.transit_to_id
            period_rows.append(
                f"{pk}\t{p.organization_id}\t{cache.get(start) or iso(start)}\t"
                f"{(cache.get(end) or iso(end)) if end is not None else NULL}\t{p.status}\t"
                f"{'t' if p.is_exempted else 'f'}\t"
                f"{host if host is not None else NULL}\t"
                f"{transit if transit is not None else NULL}\t{sex}\n"
            )

    def _sqlite_rows(
        self,
        item: Loaded,
        member_rows: list[tuple[Any, ...]],
        event_rows: list[tuple[Any, ...]],
        period_rows: list[tuple[Any, ...]],
    ) -> None:
        member, entries, extras, periods, (decision_on, decision_number) = item
        iso = self.iso
        now = self._sqlite_now
        pk = member[0]
        member[1] = member[2] = now
        if member[8] is not None:
            member[8] = iso(member[8])
        member_rows.append(tuple(member))
        for entry, organization, note, data in self._events_in_order(entries, extras, periods):
            admitted = entry.key == 0
            event_rows.append(
                (
                    pk,
                    entry.type,
                    iso(entry.effective_on),
                    organization,
                    decision_number if admitted else "",
                    iso(decision_on) if admitted and decision_on else None,
                    "",
                    note,
                    data,
                    now,
                    self.actor_id,
                    self.actor_name,
                )
            )
        sex = member[7]
        for p in periods:
            period_rows.append(
                (
                    pk,
                    p.organization_id,
                    iso(p.valid_from),
                    iso(p.valid_to) if p.valid_to is not None else None,
                    p.status,
                    p.is_exempted,
                    p.host_organization_id,
                    p.transit_to_id,
                    sex,
                )
            )
