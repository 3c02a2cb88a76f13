"""Loading members.csv and member_events.csv in bulk: reading, dispatching the checks, writing.

Streaming: when ``member_events.csv`` lists each member's events together and in the order of
``members.csv`` (as ``dangvien export`` and most spreadsheets do), both files are read side by
side and only a chunk of members is in memory. Otherwise the events are read into memory first
(compactly) and the load starts again; the result is the same, only slower.

Repeats: a member key, citizen ID or card number that members.csv holds twice is reported on
the later row. A small load reads the file once for them before its rows; a large load (the
indexes dropped, the rows copied) assumes there are none and lets the database's unique keys
find one (the member key's as the rows are written, the citizen IDs' and card numbers' when
their indexes are built again); then, or when the load left members unchanged or found a
problem (rows no unique key saw), the file is read for its repeats and, when it holds any, the
load starts again with them. The problems reported are the same either way.

Each chunk is checked (``checking.RowChecker``: the services' rules) here or, for a large load
on a machine with processors to spare, in forked worker processes; its rows are written
(``members.services.bulk``) by a second thread while the next chunk is checked. Each problem is
reported as ``file:row: column: message`` and the import writes nothing when there is any (the
engine rolls the transaction back).
"""

from __future__ import annotations

import gc
import multiprocessing
import os
import time
from array import array
from collections import deque
from collections.abc import Collection, Iterable, Sequence
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.db import transaction
from django.utils.translation import gettext as _

from dangvien.accounts.scoping import granted_paths, scope_q
from dangvien.core.text import compact
from dangvien.interchange.bulk import (
    BackgroundWriter,
    DeferredIndexes,
    driver_connection,
    is_unique_violation,
)
from dangvien.interchange.problems import Problem, duplicate, required
from dangvien.interchange.sections import ImportContext
from dangvien.members import rules
from dangvien.members.interchange.checking import Checked, Chunk, RowChecker, format_checked
from dangvien.members.interchange.events import (
    AlignedEvents,
    EventRow,
    IndexedEvents,
    Misaligned,
)
from dangvien.members.interchange.timelines import OrganizationTimelines
from dangvien.members.models import Member, MemberEvent
from dangvien.members.permissions import MemberPermission
from dangvien.members.selectors import member_queryset
from dangvien.members.services.bulk import (
    MemberRows,
    member_ids_advance,
    member_next_id,
    member_reserve_ids,
    member_tables_deferred_indexes,
)
from dangvien.organizations.interchange import organization_ids
from dangvien.organizations.models import Organization

CHANGE = MemberPermission.CHANGE
MEMBERS = "members.csv"
CHUNK = 10_000
# A bundle with at least this many member rows (and more than the database already holds) is
# loaded with its tables' secondary indexes dropped and rebuilt (see ``bulk.DeferredIndexes``).
DEFER_INDEXES_FROM = 50_000

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
    return _WORKER.checker.check(chunk, format_rows=True)


class _Repeated(Exception):
    """members.csv repeats a key, citizen ID or card number that a load assumed it did not."""


@dataclass(frozen=True)
class Repeats:
    """The lines of members.csv whose member key, citizen ID or card number an earlier line
    holds, each with that earlier line (a row with a repeated or missing key is left out of
    the citizen IDs and card numbers: the load skips it)."""

    keys: dict[int, int]
    national_ids: dict[int, int]
    cards: dict[int, int]


class _Column:
    """One column's values by line, as ``compact`` values: the integers and the texts apart
    (they do not sort together)."""

    def __init__(self) -> None:
        self.numbers: list[int] = []
        self.number_lines = array("l")
        self.texts: list[str] = []
        self.text_lines = array("l")

    def add(self, line: int, value: str) -> None:
        held = compact(value)
        if isinstance(held, int):
            self.numbers.append(held)
            self.number_lines.append(line)
        else:
            self.texts.append(held)
            self.text_lines.append(line)

    def repeats(self, skipped: Collection[int] = ()) -> dict[int, int]:
        found: dict[int, int] = {}
        for values, lines in ((self.numbers, self.number_lines), (self.texts, self.text_lines)):
            found.update(_repeated(values, lines, skipped))
        return found


def _repeated(values: Sequence[Any], lines: array[int], skipped: Collection[int]) -> dict[int, int]:
    """{line: earlier line with the same value} (a stable sort of the positions by value: the
    first of a run of equal values is its earliest line)."""
    order = sorted(range(len(values)), key=values.__getitem__)
    found: dict[int, int] = {}
    first: int | None = None
    previous: Any = None
    for position in order:
        line = lines[position]
        if line in skipped:
            continue
        value = values[position]
        if first is not None and value == previous:
            found[line] = first
        else:
            first, previous = line, value
    return found


def find_repeats(
    rows: Iterable[tuple[int, list[str]]], i_key: int, i_national: int, i_card: int
) -> Repeats:
    """The repeats of the member keys, citizen IDs and card numbers of ``rows`` (members.csv).

    Found by sorting each column's values once, not by a dict of every row's values while the
    rows are loaded: at national size (5.6 million rows) the two dicts of keys and citizen IDs
    held 1.4 GiB for the whole load; the lists here are freed before the first row is
    checked (or, after a large load, before it starts again)."""
    keys, national_ids, cards = _Column(), _Column(), _Column()
    keyless: set[int] = set()
    for line, values in rows:
        values.append("")  # a column the file lacks reads from index -1
        key = values[i_key].strip()
        if not key:
            keyless.add(line)
            continue
        keys.add(line, key)
        if national_id := values[i_national].strip():
            national_ids.add(line, national_id)
        if card := values[i_card].strip():
            cards.add(line, card)
    repeated_keys = keys.repeats()
    del keys
    skipped = keyless | set(repeated_keys)
    return Repeats(repeated_keys, national_ids.repeats(skipped), cards.repeats(skipped))


class MemberLoader:
    """Loads the members of a bundle for the members' section (see the module docstring)."""

    def __init__(self, context: ImportContext) -> None:
        self.context = context
        self.bundle = context.bundle
        self.dry_run = context.dry_run
        self.problems = context.problems
        self.org_ids = organization_ids(context)
        actor = context.actor
        self.rows = MemberRows(actor)
        self.postgresql = self.rows.postgresql
        self.scope: set[int] | None = (
            None
            if granted_paths(actor, CHANGE) is None
            else set(
                Organization.objects.filter(scope_q(actor, CHANGE, field="")).values_list(
                    "pk", flat=True
                )
            )
        )
        self.created = self.unchanged = self.events = 0
        self.repeats: Repeats | None = None
        self.aligned = True  # until member_events.csv is found in another order
        self.writer: BackgroundWriter | None = None

    def run(self) -> None:
        context = self.context
        self.had_members = Member.objects.exists()
        expected = self.bundle.size_hint(MEMBERS)
        deferred = member_tables_deferred_indexes()
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
        with self.bundle.records(MEMBERS) as records:
            # the columns are resolved before any worker is forked
            self.checker = RowChecker(
                records,
                org_ids=self.org_ids,
                rules_book=context.rules,
                timelines=OrganizationTimelines(),
                scope=self.scope,
                writer=self.rows,
                lenient=context.record_deviations,
            )
        self.pool: Any = None
        self.workers = 0
        if self.background:
            self.pool, self.workers = _start_workers(self)
        # A large load assumes that members.csv repeats no key, citizen ID or card number
        # rather than reading the file once more to find out (1 million members: 4 s; 5.6
        # million: 21 s): the database's unique keys find a repeat (when a row is written, or
        # when the unique indexes are built again), and the load then starts again with them.
        optimistic = deferred.active and self.repeats is None
        if optimistic:
            self.repeats = Repeats({}, {}, {})
        marks = (len(self.problems), len(context.deviations))
        # The load makes millions of short-lived objects and no reference cycles: the cycle
        # collector would only rescan them (measured: 12 % of the time at 100 000 members).
        collecting = gc.isenabled()
        gc.disable()
        try:
            if not optimistic or not self._load_assuming_no_repeats(marks, deferred):
                self._load_file(marks)
        finally:
            if self.pool is not None:
                _stop_workers(self.pool)
            if collecting:
                gc.enable()
        self._restore(deferred)
        context.count("members_created", self.created)
        context.count("members_unchanged", self.unchanged)
        context.count("events_created", self.events)

    def _load_assuming_no_repeats(self, marks: tuple[int, int], deferred: DeferredIndexes) -> bool:
        """Load (and build the indexes again) in a savepoint; False when it was rolled back
        because members.csv repeats a key, citizen ID or card number (``self.repeats`` then
        holds them, or is to be read)."""
        try:
            with transaction.atomic():
                self._load_file(marks)
                if self._may_hide_repeats(marks) and self._has_repeats():
                    raise _Repeated
                self._restore(deferred)
            return True
        except _Repeated:
            pass
        except Exception as error:
            # the writer's errors come from the driver, not through Django
            if not is_unique_violation(error):
                raise
            self.repeats = None  # read from the file when loading again
        # rolled back to before the first row (the indexes still dropped); what the attempt
        # held is freed before the next one (the writer's error refers to its frames)
        self._reset(marks)
        self.writer = None
        gc.collect()
        return False

    def _load_file(self, marks: tuple[int, int]) -> None:
        """Load the rows, the events read side by side, or read into memory first when they
        are not in the members' order (known from an earlier attempt, or found out now)."""
        if not self.aligned:
            self._load(aligned=False)
            return
        try:
            with transaction.atomic():
                self._load(aligned=True)
        except Misaligned:
            # the savepoint is rolled back: start again with the events read into memory
            self.aligned = False
            self._reset(marks)
            self._load(aligned=False)

    def _reset(self, marks: tuple[int, int]) -> None:
        """Forget what a load rolled back had found and counted."""
        problems, deviations = marks
        del self.problems[problems:]
        del self.context.deviations[deviations:]
        self.created = self.unchanged = self.events = 0

    def _may_hide_repeats(self, marks: tuple[int, int]) -> bool:
        """Whether a load that assumed no repeats may have let one pass unseen: a row not
        written (a member already there) is checked by no unique key, and a row with a problem
        stops the writing."""
        return self.unchanged > 0 or len(self.problems) > marks[0]

    def _has_repeats(self) -> bool:
        self.repeats = None
        repeats = self._repeats()
        return bool(repeats.keys or repeats.national_ids or repeats.cards)

    def _restore(self, deferred: DeferredIndexes) -> None:
        """Build the dropped indexes again, once, when the load found no problem."""
        if self.problems or not deferred.active:
            return
        if self.background and self.postgresql:
            member_ids_advance()
        started = time.monotonic()
        deferred.restore()
        if deferred.indexes:
            self.context.timings["indexes"] = round(time.monotonic() - started, 2)

    def _load(self, *, aligned: bool) -> None:
        self.raw = driver_connection()
        self.writer = BackgroundWriter(self._send) if self.background else None
        self.next_id = member_next_id() if self.background else 0
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

    def _send(self, batch: tuple[list[Any], list[Any], list[Any]]) -> None:
        self.rows.send(self.raw, batch)

    def _read(self, *, aligned: bool) -> None:
        checker = self.checker
        with (
            self.bundle.records("member_events.csv") as event_records,
            self.bundle.records(MEMBERS) as records,
        ):
            # problems found while reading belong to the chunk of their row, so that they are
            # reported in the same order whether the chunks are checked here or in workers
            read_problems: list[Problem] = []
            events: AlignedEvents | IndexedEvents = (
                AlignedEvents(event_records, self.org_ids, read_problems)
                if aligned
                else IndexedEvents(event_records, self.org_ids, self.problems)
            )
            repeats = self._repeats()
            rows: list[tuple[int, list[str], list[EventRow]]] = []
            i_key, i_national, i_card = checker.i_key, checker.i_national, checker.i_card
            self.fraction = records.fraction
            for line, values in records.rows:
                # one empty cell at the end: a column the file lacks reads from index -1
                values.append("")
                key = values[i_key].strip()
                if not key:
                    read_problems.append(Problem(MEMBERS, line, "member_id", required()))
                    continue
                first = repeats.keys.get(line)
                if first is not None:
                    read_problems.append(Problem(MEMBERS, line, "member_id", duplicate(key, first)))
                    continue
                member_events = events.take(key)
                national_id, card = values[i_national].strip(), values[i_card].strip()
                first = repeats.national_ids.get(line)
                if first is not None:
                    taken = rules.national_id_verdict(national_id, holder=rules.row_holder(first))
                    # a malformed one is reported once, with the row's other checks
                    if taken is not None and taken.code == "national_id_taken":
                        read_problems.append(Problem(MEMBERS, line, taken.field, taken.message))
                first = repeats.cards.get(line)
                if first is not None:
                    taken = rules.party_card_verdict(card, holder=rules.row_holder(first))
                    assert taken is not None
                    read_problems.append(Problem(MEMBERS, line, taken.field, taken.message))
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
                self._unclaimed(events.unclaimed())

    def _dispatch(
        self, rows: list[tuple[int, list[str], list[EventRow]]], read_problems: list[Problem]
    ) -> None:
        """Check a chunk here, or hand it to a worker process (at most two per worker queued)."""
        chunk = self._prepare(rows, read_problems)
        if self.pool is None:
            self._apply(chunk, self.checker.check(chunk, format_rows=self.background))
            return
        self.in_flight.append((chunk, self.pool.apply_async(_check_in_worker, (chunk,))))
        if len(self.in_flight) > 2 * self.workers:
            self._collect()

    def _collect(self) -> None:
        chunk, pending = self.in_flight.popleft()
        self._apply(chunk, pending.get())

    def _repeats(self) -> Repeats:
        """The repeated member keys, citizen IDs and card numbers of members.csv (read once,
        before the rows of a load, or after a large load that assumed there were none)."""
        if self.repeats is None:
            checker = self.checker
            with self.bundle.records(MEMBERS) as records:
                self.repeats = find_repeats(
                    records.rows, checker.i_key, checker.i_national, checker.i_card
                )
        return self.repeats

    def _file_keys(self, wanted: set[str]) -> set[str]:
        """Which of ``wanted`` are member keys of members.csv (a pass over the file)."""
        i_key = self.checker.i_key
        found: set[str] = set()
        with self.bundle.records(MEMBERS) as records:
            for _line, values in records.rows:
                values.append("")  # a column the file lacks reads from index -1
                # a blank key is no member's (events without a key are reported as such)
                if (key := values[i_key].strip()) and key in wanted:
                    found.add(key)
        return found

    def _unclaimed(self, unclaimed: dict[str, list[EventRow]]) -> None:
        unknown = set(unclaimed) - self._file_keys(set(unclaimed)) if unclaimed else set()
        existing = set(
            Member.objects.filter(member_key__in=list(unknown)).values_list("member_key", flat=True)
        )
        for key in sorted(unknown):
            line = unclaimed[key][0][0]
            message = (
                _(
                    "member %(key)s exists: the events of an existing member come with their "
                    "row in members.csv"
                )
                if key in existing
                else _("no member has the key %(key)s")
            ) % {"key": key}
            self.problems.append(Problem("member_events.csv", line, "member_id", message))

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
        checker = self.checker
        keys = [values[checker.i_key].strip() for _line, values, _events in rows]
        chunk.existing = dict(
            Member.objects.filter(member_key__in=keys).values_list("member_key", "pk")
        )
        for column, taken, index in (
            ("national_id", chunk.taken_ids, checker.i_national),
            ("party_card_number", chunk.taken_cards, checker.i_card),
        ):
            asked = [v[index].strip() for _l, v, _e in rows if v[index].strip()]
            if asked:
                taken.update(
                    Member.objects.filter(**{f"{column}__in": asked}).values_list(
                        column, "member_key"
                    )
                )
        holders = set(chunk.taken_ids.values()) | set(chunk.taken_cards.values())
        if holders and self.scope is not None:
            # Who holds a citizen ID or card number is said only of members the importing
            # actor may see (docs/security.md); the others are "another party member".
            chunk.hidden = holders - set(
                member_queryset(self.context.actor)
                .filter(member_key__in=holders)
                .values_list("member_key", flat=True)
            )
        if chunk.existing:
            for member_id, type_, day, org in MemberEvent.objects.filter(
                member_id__in=list(chunk.existing.values())
            ).values_list("member_id", "type", "effective_on", "organization_id"):
                chunk.stored.setdefault(member_id, []).append((type_, day, org))
        return chunk

    def _apply(self, chunk: Chunk, checked: Checked) -> None:
        """Take a checked chunk's problems and counts; write its rows if nothing is wrong."""
        self.problems.extend(chunk.read_problems)
        self.problems.extend(checked.problems)
        self.context.deviations.extend(checked.deviations)
        self.unchanged += checked.unchanged
        if not self.problems and checked.loaded:
            if checked.batch is None:
                format_checked(checked, self.rows, member_reserve_ids(len(checked.loaded)))
            assert checked.batch is not None
            self.created += checked.created
            self.events += checked.events
            if self.writer is not None:
                self.writer.put(checked.batch)
            else:
                self._send(checked.batch)
        self.done += len(chunk.rows)
        self.context.progress("members", self.done, self.fraction())
