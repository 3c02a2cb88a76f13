"""Checking the rows of members.csv (with each member's events) as the services check them.

For each member: the profile, with ``members.rules`` (name, sex, a birth date before the
admission, a 12-digit citizen ID and a party card number unique among members, a known
political-theory level, the ceremony not before the decision, the minimum age on the vote date)
and no text longer than its column; the actor's scope on every organization named; every
organization the member joins (admitted, transferred, sent temporarily, passed on a merge,
received by) exists that day and holds members (``rules.joining_verdict``); the entries that
merges imply (``timelines.add_redirects``); then the whole ledger replayed by
``transitions.replay`` with the rulebook, each period lying within the life of its organization.

Two checks of the admission form are left to it on purpose, since a bundle records admissions
made long ago: the decision date may be missing from old dossiers, and an age above
``admission.max_age_months`` was allowed with the provincial committee's decision, which the
bundle has no column for.

A ``RowChecker`` holds no connection and writes nothing: worker processes (forked) use it too.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from typing import Any

from django.utils.translation import gettext as _

from dangvien.core.dates import today
from dangvien.core.exceptions import DomainError
from dangvien.core.text import fold, person_list_key
from dangvien.interchange.bundle import Records
from dangvien.interchange.problems import Problem, parse_day, required
from dangvien.interchange.sections import Deviation
from dangvien.members import rules
from dangvien.members.choices import EXIT_EVENTS, MemberEventType
from dangvien.members.interchange.events import EVENT_TYPES, EventRow
from dangvien.members.interchange.timelines import LEDGER_ORDER, OrganizationTimelines
from dangvien.members.models import Member, MemberEvent
from dangvien.members.rule_keys import MIN_AGE_MONTHS, ORGANIZATION_KINDS
from dangvien.members.services.bulk import MEMBER_COLUMNS, Batch, Extras, Loaded, MemberRows
from dangvien.members.transitions import (
    NEEDS_ORGANIZATION,
    LedgerEntry,
    PeriodRow,
    RuleDeviation,
    replay,
)
from dangvien.organizations.interchange import unknown_code
from dangvien.rules.selectors import RuleBook

E = MemberEventType
MEMBERS = "members.csv"
EVENTS = "member_events.csv"
# Profile columns copied as text (after trimming), in MEMBER_COLUMNS order after list_key.
TEXT_PROFILE = [
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
# (position in MEMBER_COLUMNS, CSV column, longest text the table takes) for the text
# columns read from the file that no other check bounds (sex, citizen ID and theory are), in
# the order of the file's columns (problems are listed in that order, not the model's).
LIMITS = tuple(
    sorted(
        (
            MEMBER_COLUMNS.index(column.name),
            "member_id" if column.name == "member_key" else column.name,
            column.max_length,
        )
        for column in Member._meta.concrete_fields
        if column.max_length
        and column.name in MEMBER_COLUMNS
        and column.name not in {"search_name", "list_key", "sex", "national_id", "political_theory"}
    )
)
SHORTEST_LIMIT = min(limit for _i, _column, limit in LIMITS)
DECISION_NUMBER_LIMIT = MemberEvent._meta.get_field("decision_number").max_length or 0
# The ledger's event types as plain strings (an enum member costs more on the hot path).
EVENT_VALUES = {name: kind.value for name, kind in EVENT_TYPES.items()}
_ADMITTED, _RECOGNISED = E.ADMITTED.value, E.RECOGNISED.value
_ISSUED, _RECEIVED = E.TRANSFER_ISSUED.value, E.TRANSFER_RECEIVED.value
# entries after which no transfer is in transit any more
_TRANSIT_ENDS = frozenset(
    {E.TRANSFER_RECEIVED.value, E.TRANSFER_CANCELLED.value, E.ADMITTED.value}
    | {E.READMITTED.value, E.EXPELLED.value}
    | {str(kind) for kind in EXIT_EVENTS}
)


@dataclass
class Chunk:
    """Rows of members.csv to check, with what the database knows about them."""

    rows: list[tuple[int, list[str], list[EventRow]]]
    read_problems: list[Problem]
    first_id: int  # the member id of the first row when ids come from the counter
    existing: dict[str, int] = field(default_factory=dict)
    taken_ids: dict[str, str] = field(default_factory=dict)
    taken_cards: dict[str, str] = field(default_factory=dict)
    # holders of taken values the importing actor may not see: named as "another party member"
    hidden: set[str] = field(default_factory=set)
    stored: dict[int, list[tuple[str, date, int | None]]] = field(default_factory=dict)


@dataclass
class Checked:
    """The outcome of checking a chunk: problems, and the rows to write when there are none."""

    problems: list[Problem]
    deviations: list[Deviation] = field(default_factory=list)
    unchanged: int = 0
    created: int = 0
    events: int = 0
    loaded: list[tuple[int, Loaded]] = field(default_factory=list)
    batch: Batch | None = None


def format_checked(checked: Checked, writer: MemberRows, ids: list[int]) -> None:
    """Format the checked rows for the database with these ids (in a worker, the batch is what
    goes back: the checked rows are dropped)."""
    checked.batch, checked.events = writer.format(checked.loaded, ids)
    checked.created = len(checked.loaded)
    checked.loaded = [(0, ([], [], {}, [], (None, "")))] * len(checked.loaded)


def organization_at(periods: list[PeriodRow], on: date) -> int | None:
    """The member's organization on ``on`` (or the one they left that day), like the services."""
    found = None
    for period in periods:
        if period.valid_from <= on:
            found = period.organization_id
    return found


class RowChecker:
    """Checks member rows; with ids given (the counter), also formats them for the database."""

    def __init__(
        self,
        records: Records,
        *,
        org_ids: dict[str, int],
        rules_book: RuleBook,
        timelines: OrganizationTimelines,
        scope: set[int] | None,
        writer: MemberRows,
        lenient: bool = False,
    ) -> None:
        self.org_ids = org_ids
        # historic data recorded as given: a deviation from a tolerable rule is a Deviation
        self.lenient = lenient
        self.rules = rules_book
        self.today = today()
        self.timelines = timelines
        self.scope = scope
        self.writer = writer
        self._folded: dict[str, tuple[str, str]] = {}  # name → (search_name, list_key)
        self._min_age: dict[date, int] = {}
        self._holding: dict[date, frozenset[str]] = {}
        index = records.index
        self.i_key, self.i_name, self.i_sex = index("member_id"), index("full_name"), index("sex")
        self.i_birth, self.i_national = index("birth_date"), index("national_id")
        self.i_card, self.i_theory = index("party_card_number"), index("political_theory")
        self.i_org, self.i_decision = index("organization_code"), index("decision_on")
        self.i_admitted, self.i_official = index("admitted_on"), index("official_on")
        self.i_number, self.i_introducers = index("decision_number"), index("introducers")
        self.i_texts = tuple(index(column) for column in TEXT_PROFILE[:-1])

    def check(self, chunk: Chunk, *, format_rows: bool) -> Checked:
        """Check every row of the chunk; with ``format_rows`` (ids from the counter, no
        problem) also format them."""
        problems: list[Problem] = []
        checked = Checked(problems)
        loaded: list[tuple[int, Loaded]] = []
        for position, (line, values, events) in enumerate(chunk.rows):
            before = len(problems)
            member, decision_on, admitted_on = self._profile(
                problems, line, values, chunk.taken_ids, chunk.taken_cards, chunk.hidden
            )
            ledger = self._ledger(problems, line, values, events, admitted_on)
            if ledger is None or len(problems) > before:
                continue
            entries, extras = ledger
            deviations: list[RuleDeviation] | None = [] if self.lenient else None
            periods = self._replay(problems, line, entries, extras, deviations)
            if periods is None:
                continue
            for deviation in deviations or ():
                file, row, column, _note = extras[deviation.entry_key]
                entry = next(e for e in entries if e.key == deviation.entry_key)
                org = organization_at(periods, entry.effective_on)
                checked.deviations.append(
                    Deviation(
                        file or MEMBERS,
                        row or line,
                        column or "member_id",
                        deviation.rule_key,
                        deviation.message,
                        member_key=member[3],
                        organization_code=self.timelines.codes.get(org, "") if org else "",
                    )
                )
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
                            MEMBERS,
                            line,
                            "member_id",
                            _("member %(key)s already exists with a different history")
                            % {"key": member[3]},
                        )
                    )
                else:
                    checked.unchanged += 1
                continue
            admission = (decision_on, values[self.i_number].strip())
            loaded.append((position, (member, entries, extras, periods, admission)))
        if problems or chunk.read_problems:
            return checked
        checked.loaded = loaded
        if format_rows:
            ids = [chunk.first_id + position for position, _i in loaded]
            format_checked(checked, self.writer, ids)
        return checked

    def _day(
        self, problems: list[Problem], line: int, values: list[str], index: int, column: str
    ) -> date | None:
        raw = values[index].strip()
        if not raw:
            return None
        # every date of members.csv is a fact: none in the future, none before 1900
        day = parse_day(raw, latest=self.today)
        if isinstance(day, str):
            problems.append(Problem(MEMBERS, line, column, day))
            return None
        return day

    def _profile(
        self,
        problems: list[Problem],
        line: int,
        values: list[str],
        taken_ids: dict[str, str],
        taken_cards: dict[str, str],
        hidden: set[str] | None = None,
    ) -> tuple[list[Any], date | None, date | None]:
        """The member's row in MEMBER_COLUMNS order (id and timestamps left empty), the dates of
        the admission decision and ceremony, checked with the rules of ``member_admit``."""
        key = values[self.i_key].strip()
        name = " ".join(values[self.i_name].split())
        sex = values[self.i_sex].strip().upper()
        birth = self._day(problems, line, values, self.i_birth, "birth_date")
        national_id = values[self.i_national].strip()
        card = values[self.i_card].strip()
        theory = values[self.i_theory].strip()
        id_holder = taken_ids.get(national_id, key) if national_id and taken_ids else key
        card_holder = taken_cards.get(card, key) if card and taken_cards else key

        def holder(other: str) -> str:
            if other == key:
                return ""
            if hidden and other in hidden:
                return rules.unnamed_holder()
            return rules.member_holder(other)

        for verdict in (
            rules.full_name_verdict(name),
            rules.sex_verdict(sex),
            rules.national_id_verdict(national_id, holder=holder(id_holder)),
            rules.party_card_verdict(card, holder=holder(card_holder)),
            rules.political_theory_verdict(theory),
        ):
            if verdict is not None:
                problems.append(Problem(MEMBERS, line, verdict.field, verdict.message))
        decision_on = self._day(problems, line, values, self.i_decision, "decision_on")
        admitted_on = self._day(problems, line, values, self.i_admitted, "admitted_on")
        if admitted_on is None and not values[self.i_admitted].strip():
            problems.append(Problem(MEMBERS, line, "admitted_on", required()))
        if admitted_on is not None:
            ceremony = rules.ceremony_verdict(decision_on, admitted_on)
            if ceremony is not None:
                problems.append(Problem(MEMBERS, line, ceremony.field, ceremony.message))
            if birth is not None:
                vote_on = decision_on or admitted_on
                minimum = self._min_age.get(vote_on)
                if minimum is None:
                    minimum = self._min_age[vote_on] = MIN_AGE_MONTHS(on=vote_on, rules=self.rules)
                age = rules.admission_age_verdict(birth, vote_on, min_months=minimum)
                if age is not None:
                    problems.append(Problem(MEMBERS, line, age.field, age.message))
        folded_and_key = self._folded.get(name)
        if folded_and_key is None:
            folded_and_key = self._folded[name] = (fold(name), person_list_key(name))
        folded, list_key = folded_and_key
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
            list_key,
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
        if max(len(name), len(key), len(card), *map(len, t)) > SHORTEST_LIMIT:
            for index, column, limit in LIMITS:
                value = row[index]
                if isinstance(value, str) and len(value) > limit:
                    problems.append(Problem(MEMBERS, line, column, _too_long(limit)))
        number = values[self.i_number]
        if len(number) > DECISION_NUMBER_LIMIT and len(number.strip()) > DECISION_NUMBER_LIMIT:
            problems.append(
                Problem(MEMBERS, line, "decision_number", _too_long(DECISION_NUMBER_LIMIT))
            )
        return row, decision_on, admitted_on

    def _in_scope(
        self, problems: list[Problem], line: int, code: str, org_id: int, events: list[EventRow]
    ) -> bool:
        """Whether the actor may change members of every organization named (else a problem)."""
        assert self.scope is not None
        if org_id not in self.scope:
            problems.append(Problem(MEMBERS, line, "organization_code", _no_permission(code)))
            return False
        for event_line, _event, _day, event_code, _note in events:
            if event_code and self.org_ids.get(event_code) not in self.scope:
                problems.append(
                    Problem(EVENTS, event_line, "organization_code", _no_permission(event_code))
                )
                return False
        return True

    def _holding_kinds(self, on: date) -> frozenset[str]:
        kinds = self._holding.get(on)
        if kinds is None:
            kinds = self._holding[on] = frozenset(ORGANIZATION_KINDS(on=on, rules=self.rules))
        return kinds

    def _ledger(
        self,
        problems: list[Problem],
        line: int,
        values: list[str],
        events: list[EventRow],
        admitted_on: date | None,
    ) -> tuple[list[LedgerEntry], Extras] | None:
        """The member's ledger entries (in ledger order), and per entry (file, line, column,
        note) for the messages."""
        code = values[self.i_org].strip()
        org_id = self.org_ids.get(code)
        if org_id is None:
            problems.append(Problem(MEMBERS, line, "organization_code", unknown_code(code)))
            return None
        if self.scope is not None and not self._in_scope(problems, line, code, org_id, events):
            return None
        if admitted_on is None:
            return None
        entries = [LedgerEntry(0, _ADMITTED, admitted_on, org_id)]
        extras: Extras = {0: (MEMBERS, line, "admitted_on", "")}
        official = self._day(problems, line, values, self.i_official, "official_on")
        if official:
            entries.append(LedgerEntry(1, _RECOGNISED, official, None))
            extras[1] = (MEMBERS, line, "official_on", "")
        org_ids = self.org_ids
        for index, (event_line, event, day, event_code, note) in enumerate(events, start=2):
            entries.append(
                LedgerEntry(
                    index, EVENT_VALUES[event], day, org_ids[event_code] if event_code else None
                )
            )
            extras[index] = (EVENTS, event_line, "effective_on", note)
        # in ledger order once: the redirects, the replay and the writes then find them sorted
        entries.sort(key=LEDGER_ORDER)
        timelines = self.timelines
        merged = timelines.merged
        if merged and any(e.organization_id in merged for e in entries):
            entries = timelines.add_redirects(entries, extras)
        transit: int | None = None
        for entry in entries:
            kind = entry.type
            joined = (
                entry.organization_id
                if kind in NEEDS_ORGANIZATION
                else transit
                if kind == _RECEIVED
                else None
            )
            if kind == _ISSUED:
                transit = entry.organization_id
            elif kind in _TRANSIT_ENDS:
                transit = None
            if joined is None or joined in timelines.external:
                continue
            on = entry.effective_on
            refusal = rules.joining_verdict(
                timelines.codes.get(joined, "?"),
                on,
                kind=timelines.kind_on(joined, on),
                holding_kinds=self._holding_kinds(on),
            )
            if refusal is not None:
                file, row, _column, _note = extras[entry.key]
                problems.append(
                    Problem(file or MEMBERS, row or line, "organization_code", refusal.message)
                )
                return None
        return entries, extras

    def _replay(
        self,
        problems: list[Problem],
        line: int,
        entries: list[LedgerEntry],
        extras: Extras,
        deviations: list[RuleDeviation] | None = None,
    ) -> list[PeriodRow] | None:
        try:
            _state, periods = replay(entries, self.rules, deviations=deviations)
        except DomainError as error:
            key = getattr(error, "entry_key", None)
            extra = extras.get(key) if key is not None else None
            if extra is not None and extra[0]:
                file, row, column, _note = extra
            else:
                file, row, column = MEMBERS, line, "member_id"
            problems.append(Problem(file, row, column, str(error)))
            return None
        for period in periods:
            problem = self.timelines.check_period(period)
            if problem:
                problems.append(Problem(MEMBERS, line, "organization_code", problem))
                return None
        return periods


def _too_long(limit: int) -> str:
    return _("longer than %(limit)s characters") % {"limit": limit}


def _no_permission(code: str) -> str:
    return _("permission denied on organization %(code)s") % {"code": code}
