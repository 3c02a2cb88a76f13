"""Writing members in bulk (the import of a bundle): the rows ``member_admit`` and the lifecycle
services write, for thousands of members at once.

The rows come checked (``members.interchange.checking``: the same rules as the services, the
ledger replayed into its periods); here they are formatted as the database takes them (COPY
text on PostgreSQL, tuples for ``executemany`` on SQLite) and sent, inside the import's
transaction. Like the services, every event records who recorded it and when; the import as
a whole writes one audit row with its counts (``interchange.importer``), not one per member.
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date
from typing import Any

from django.db import connection
from django.utils import timezone

from dangvien.accounts.types import Actor
from dangvien.audit.services import recorded_by
from dangvien.interchange.bulk import (
    COPY_ESCAPES,
    NULL,
    DeferredIndexes,
    allocate_ids,
    copy_lines,
    execute_many,
    max_id,
)
from dangvien.members.models import Member, MemberEvent, MemberPeriod
from dangvien.members.transitions import LedgerEntry, PeriodRow

# Per entry key of a ledger: (file, line, column, note) of the row it came from ("" and 0 for
# an entry the import derives).
Extras = dict[int, tuple[str, int, str, str]]
# A member ready to write: its row, ledger, extras, periods, (decision date, decision number).
Loaded = tuple[list[Any], list[LedgerEntry], Extras, list[PeriodRow], tuple[date | None, str]]
# The rows of a chunk as the database takes them: members, events, periods.
Batch = tuple[list[Any], list[Any], list[Any]]

MEMBER_COLUMNS = [
    "id",
    "created_at",
    "updated_at",
    "member_key",
    "full_name",
    "search_name",
    "list_key",
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
_SEX, _BIRTH = MEMBER_COLUMNS.index("sex"), MEMBER_COLUMNS.index("birth_date")
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


def member_tables_deferred_indexes() -> DeferredIndexes:
    """The secondary indexes of the member tables, to drop for a large load and build again.

    Member ids grow with the file: the indexes that lead with them are kept up to date. The
    words of the names (PostgreSQL, members migration 0009: its triggers write them) come in
    the order of the members, not of their key (word, name, member): that key is built again
    (1 million members: 100 000 more copied in 5.6 s with it, 3.1 s without). The partial
    indexes of the columns a load leaves empty or nearly so (the entry an event corrects, the
    organization a transfer came from, the host of a temporary stay, the organization a
    transfer goes to) are kept: a row outside them costs a test of the condition, while
    building each again reads the whole table (1 million members: 1.3 s for the four)."""
    return DeferredIndexes(
        [Member, MemberEvent, MemberPeriod],
        keep_leading=["member_id"],
        derived=["members_name_word"],
        keep=[
            "member_event_corrects_idx",
            "member_event_from_org_idx",
            "member_period_host_idx",
            "member_period_transit_idx",
        ],
    )


def member_next_id() -> int:
    """The first member id after those in use (ids from a counter, the tables held by us)."""
    return max_id(Member) + 1


def member_reserve_ids(count: int) -> list[int]:
    return allocate_ids(Member, count)


def member_ids_advance() -> None:
    """PostgreSQL: move the member id sequence past the ids given out by the counter."""
    table = Member._meta.db_table
    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT setval(pg_get_serial_sequence(%s, 'id'), "  # noqa: S608
            f'GREATEST((SELECT MAX("id") FROM "{table}"), 1))',
            [table],
        )


class MemberRows:
    """Formats checked members as rows of the member, event and period tables, and sends them.

    Rules: none of its own; the rows were checked with the services' rules, including the
    actor's scope on every organization named (``members.interchange.checking``). Writes:
    Member, MemberEvent (each recording who recorded it and when) and MemberPeriod rows, as
    the services write them."""

    def __init__(self, actor: Actor) -> None:
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

    def iso(self, day: date) -> str:
        text = self._iso.get(day)
        if text is None:
            text = self._iso[day] = day.isoformat()
        return text

    def format(self, loaded: list[tuple[int, Loaded]], ids: list[int]) -> tuple[Batch, int]:
        """The rows of the checked members as the database takes them, with these ids, and the
        number of events."""
        member_rows: list[Any] = []
        event_rows: list[Any] = []
        period_rows: list[Any] = []
        sink = self._postgresql_rows if self.postgresql else self._sqlite_rows
        for pk, (_position, item) in zip(ids, loaded, strict=True):
            item[0][0] = pk
            sink(item, member_rows, event_rows, period_rows)
        return (member_rows, event_rows, period_rows), len(event_rows)

    def send(self, raw: Any, batch: Batch) -> None:
        """Write a formatted batch on the driver's connection ``raw`` (see ``interchange.bulk``)."""
        member_rows, event_rows, period_rows = batch
        write = copy_lines if self.postgresql else execute_many
        write(raw, Member, MEMBER_COLUMNS, member_rows)
        write(raw, MemberEvent, EVENT_COLUMNS, event_rows)
        write(raw, MemberPeriod, PERIOD_COLUMNS, period_rows)

    @staticmethod
    def _events_in_order(
        entries: list[LedgerEntry], extras: Extras, periods: list[PeriodRow]
    ) -> Iterator[tuple[LedgerEntry, int | None, str, str]]:
        """(entry, organization, note, details JSON) in ledger order, as the services record them:
        an event without an organization concerns the member's organization of that day (or the
        one they left that day)."""
        index, last = 0, len(periods)
        current: int | None = None
        for entry in entries:  # in ledger order
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
        birth = member[_BIRTH]
        member[0], member[1], member[2] = str(pk), now, now
        # the null marker goes in after any escaping: escaped, it would be the text "\N"
        member[_BIRTH] = (cache.get(birth) or iso(birth)) if birth is not None else ""
        line = "\t".join(member)
        # text needs escaping only if it holds a backslash, tab or line break of its own
        if line.count("\t") != _MEMBER_TABS or "\\" in line or "\n" in line or "\r" in line:
            member[3:] = [v.translate(COPY_ESCAPES) for v in member[3:]]
            line = ""
        if birth is None:
            member[_BIRTH] = NULL
            line = ""
        member_rows.append((line or "\t".join(member)) + "\n")
        sex = member[_SEX]
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
        if member[_BIRTH] is not None:
            member[_BIRTH] = iso(member[_BIRTH])
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
        sex = member[_SEX]
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


__all__ = [
    "EVENT_COLUMNS",
    "MEMBER_COLUMNS",
    "PERIOD_COLUMNS",
    "Batch",
    "Extras",
    "Loaded",
    "MemberRows",
    "member_ids_advance",
    "member_next_id",
    "member_reserve_ids",
    "member_tables_deferred_indexes",
]
