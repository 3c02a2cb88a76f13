"""Which event may follow which status, and the replay of a ledger into membership periods.

``replay`` is a pure function: the services call it after appending an event (and refuse the
event if the replay fails), the import calls it in bulk, and ``rebuild_member_periods`` uses it
to verify the stored periods. So every path writes the periods the ledger implies, nothing else.
"""

from __future__ import annotations

from collections.abc import Callable, Collection, Iterable
from dataclasses import dataclass, field
from datetime import date
from operator import itemgetter
from typing import Any, NamedTuple

from django.utils.translation import gettext as _

from dangvien.core.dates import add_months
from dangvien.core.exceptions import TransitionError
from dangvien.core.formatting import vn_date
from dangvien.members.choices import (
    ADMISSION_EVENTS,
    EXIT_EVENTS,
    MOVE_EVENTS,
    NEEDS_ORGANIZATION_EVENTS,
    TRANSFER_CLOSING_EVENTS,
    TRANSFER_EVENTS,
    MemberEventType,
    MemberStatus,
    event_values,
)
from dangvien.members.rule_keys import (
    PROBATION_MONTHS,
    READMISSION_MAX_TIMES,
    READMISSION_WAIT_MONTHS,
)

E = MemberEventType

# Status keys of the state machine. "none": never admitted; "exited": removed, resigned or
# expelled (only re-admission may follow); "deceased": nothing may follow.
NONE, PROBATIONARY, OFFICIAL, EXITED, DECEASED = (
    "none",
    "probationary",
    "official",
    "exited",
    "deceased",
)

_MEMBER_EVENTS = {
    E.TRANSFERRED,
    E.TRANSFER_ISSUED,
    E.TRANSFER_RECEIVED,
    E.TRANSFER_CANCELLED,
    E.TEMPORARY_OUT,
    E.TEMPORARY_RETURN,
    E.EXEMPTED,
    E.EXEMPTION_ENDED,
    E.REASSIGNED,
    E.REMOVED,
    E.RESIGNED,
    E.DIED,
}
ALLOWED: dict[str, frozenset[str]] = {
    NONE: frozenset({E.ADMITTED}),
    # A probationary member who no longer qualifies is removed, not expelled (HD 01, QĐ 69 Điều 7).
    PROBATIONARY: frozenset(_MEMBER_EVENTS | {E.RECOGNISED}),
    OFFICIAL: frozenset(_MEMBER_EVENTS | {E.EXPELLED}),
    EXITED: frozenset({E.READMITTED}),
    DECEASED: frozenset(),
}

STATUS_LABELS = {
    NONE: _("not a member"),
    PROBATIONARY: str(MemberStatus.PROBATIONARY.label),
    OFFICIAL: str(MemberStatus.OFFICIAL.label),
    EXITED: _("no longer a member"),
    DECEASED: _("deceased"),
}


class LedgerEntry(NamedTuple):
    """The part of a ``MemberEvent`` the replay needs. ``key`` orders same-day events."""

    key: int
    type: str
    effective_on: date
    organization_id: int | None = None
    corrects: int | None = None


@dataclass(slots=True)
class PeriodRow:
    organization_id: int
    valid_from: date
    status: str
    is_exempted: bool = False
    host_organization_id: int | None = None
    transit_to_id: int | None = None
    valid_to: date | None = None

    def attributes(self) -> tuple[Any, ...]:
        return (
            self.organization_id,
            self.status,
            self.is_exempted,
            self.host_organization_id,
            self.transit_to_id,
        )


@dataclass(slots=True)
class MemberState:
    status: str = NONE
    organization_id: int | None = None
    is_exempted: bool = False
    host_organization_id: int | None = None
    transit_to_id: int | None = None
    admitted_on: date | None = None
    first_admitted_on: date | None = None
    admissions: int = 0
    exited_on: date | None = None
    exit_type: str = ""
    history: list[str] = field(default_factory=list)


RuleLookup = Callable[[str, date], Any]


def _refuse(
    entry: LedgerEntry, message: str, code: str = "transition_not_allowed"
) -> TransitionError:
    return TransitionError(
        _("%(event)s on %(date)s: %(message)s")
        % {
            "event": MemberEventType(entry.type).label,
            "date": vn_date(entry.effective_on),
            "message": message,
        },
        code=code,
        field="effective_on",
    )


# Plain strings of the event types for the hot path (an enum member costs an attribute lookup;
# a set literal of them is rebuilt on every call). Same values as ``MemberEventType``; the sets
# come from the table in ``choices``.
_READMITTED, _RECOGNISED = E.READMITTED.value, E.RECOGNISED.value
_ISSUED, _RECEIVED = E.TRANSFER_ISSUED.value, E.TRANSFER_RECEIVED.value
_CANCELLED = E.TRANSFER_CANCELLED.value
_TEMPORARY_OUT, _TEMPORARY_RETURN = E.TEMPORARY_OUT.value, E.TEMPORARY_RETURN.value
_EXEMPTED, _EXEMPTION_ENDED = E.EXEMPTED.value, E.EXEMPTION_ENDED.value
_DIED, _VOIDED = E.DIED.value, E.VOIDED.value
_ADMISSIONS = event_values(ADMISSION_EVENTS)
_PENDING_TRANSFER_NEEDED = event_values(TRANSFER_CLOSING_EVENTS)
_TRANSFERS = event_values(TRANSFER_EVENTS)
# Events that name the organization the member goes to (it must exist and hold members).
NEEDS_ORGANIZATION = event_values(NEEDS_ORGANIZATION_EVENTS)
_MOVES = event_values(MOVE_EVENTS)
_EXITS = event_values(EXIT_EVENTS)
_FLAG_CHECKS = (
    _PENDING_TRANSFER_NEEDED
    | _TRANSFERS
    | {
        _TEMPORARY_OUT,
        _TEMPORARY_RETURN,
        _EXEMPTED,
        _EXEMPTION_ENDED,
    }
)


def ensure_transition(state: MemberState, entry: LedgerEntry) -> None:
    """Raise ``TransitionError`` unless ``entry`` may follow ``state`` (table plus flags)."""
    kind = entry.type
    if kind not in ALLOWED[state.status]:
        raise _refuse(
            entry,
            _("not allowed for a member who is %(status)s.")
            % {"status": STATUS_LABELS[state.status]},
        )
    if kind in NEEDS_ORGANIZATION and entry.organization_id is None:
        # checked before the flags so that the message names what is missing
        _check_flags(state, entry)
        raise _refuse(entry, _("an organization is required."), "organization_required")
    if kind in _FLAG_CHECKS:
        _check_flags(state, entry)


def _check_flags(state: MemberState, entry: LedgerEntry) -> None:
    kind = entry.type
    if kind in _PENDING_TRANSFER_NEEDED and state.transit_to_id is None:
        raise _refuse(entry, _("there is no transfer in progress."))
    if kind in _TRANSFERS:
        if state.transit_to_id is not None:
            raise _refuse(entry, _("a transfer is already in progress."))
        if state.host_organization_id is not None:
            raise _refuse(entry, _("end the temporary transfer first."))
        if entry.organization_id == state.organization_id:
            raise _refuse(
                entry, _("the member already belongs to that organization."), "same_organization"
            )
    if kind == _RECEIVED and entry.organization_id not in (None, state.transit_to_id):
        raise _refuse(entry, _("the transfer was issued to another organization."))
    if kind == _TEMPORARY_OUT:
        if state.host_organization_id is not None:
            raise _refuse(entry, _("the member is already on a temporary transfer."))
        if entry.organization_id == state.organization_id:
            raise _refuse(
                entry, _("a temporary transfer goes to another organization."), "same_organization"
            )
    if kind == _TEMPORARY_RETURN and state.host_organization_id is None:
        raise _refuse(entry, _("the member is not on a temporary transfer."))
    if kind == _EXEMPTED and state.is_exempted:
        raise _refuse(entry, _("the member is already exempted."))
    if kind == _EXEMPTION_ENDED and not state.is_exempted:
        raise _refuse(entry, _("the member is not exempted."))


#: What a historic record may deviate from and still be recorded as given (``replay`` with
#: ``deviations``, the lenient import of legacy data): the rule key each refusal cites.
TOLERABLE = {
    "probation_not_ended": PROBATION_MONTHS.key,
    "official_date_not_end_of_probation": PROBATION_MONTHS.key,
}


@dataclass(frozen=True)
class RuleDeviation:
    """An entry recorded although a rule refuses it: the entry, the refusal and its rule key."""

    entry_key: int
    code: str
    rule_key: str
    message: str


def _apply(
    state: MemberState,
    entry: LedgerEntry,
    rules: RuleLookup,
    deviations: list[RuleDeviation] | None = None,
    strict: Collection[int] = (),
) -> None:
    kind, on = entry.type, entry.effective_on
    if kind in _ADMISSIONS:
        if kind == _READMITTED:
            max_times = READMISSION_MAX_TIMES(on=on, rules=rules)
            if state.admissions - 1 >= max_times:
                raise _refuse(
                    entry,
                    _("a member may be re-admitted only %(n)s time(s).") % {"n": max_times},
                    "readmission_limit",
                )
            wait = READMISSION_WAIT_MONTHS(on=on, rules=rules)
            assert state.exited_on is not None
            if on < add_months(state.exited_on, wait):
                raise _refuse(
                    entry,
                    _("re-admission needs at least %(n)s months after leaving (from %(date)s).")
                    % {"n": wait, "date": vn_date(add_months(state.exited_on, wait))},
                    "readmission_too_early",
                )
        state.status = PROBATIONARY
        state.organization_id = entry.organization_id
        state.is_exempted = False
        state.host_organization_id = state.transit_to_id = None
        state.admitted_on = on
        state.first_admitted_on = state.first_admitted_on or on
        state.admissions += 1
    elif kind == _RECOGNISED:
        assert state.admitted_on is not None
        end = add_months(state.admitted_on, PROBATION_MONTHS(on=on, rules=rules))
        if on != end:
            # Official exactly when probation ends, however late the cell met or the committee
            # approved (§2.4): another date is a mistake of the record, not a later recognition.
            refusal = _refuse(
                entry,
                _("probation ends on %(date)s; recognition takes effect exactly then.")
                % {"date": vn_date(end)},
                "probation_not_ended" if on < end else "official_date_not_end_of_probation",
            )
            if deviations is None or entry.key in strict:
                raise refusal
            deviations.append(
                RuleDeviation(
                    entry.key, refusal.code, TOLERABLE[refusal.code], str(refusal.message)
                )
            )
        state.status = OFFICIAL
    elif kind in _MOVES:
        state.organization_id = entry.organization_id
    elif kind == _ISSUED:
        state.transit_to_id = entry.organization_id
    elif kind == _RECEIVED:
        state.organization_id, state.transit_to_id = state.transit_to_id, None
    elif kind == _CANCELLED:
        state.transit_to_id = None
    elif kind == _TEMPORARY_OUT:
        state.host_organization_id = entry.organization_id
    elif kind == _TEMPORARY_RETURN:
        state.host_organization_id = None
    elif kind == _EXEMPTED:
        state.is_exempted = True
    elif kind == _EXEMPTION_ENDED:
        state.is_exempted = False
    elif kind in _EXITS:
        state.status = DECEASED if kind == _DIED else EXITED
        state.exited_on, state.exit_type = on, kind
        state.is_exempted = False
        state.host_organization_id = state.transit_to_id = None
    state.history.append(kind)


_entry_order = itemgetter(2, 0)  # (effective_on, key) of a LedgerEntry


def effective_entries(entries: Iterable[LedgerEntry]) -> list[LedgerEntry]:
    """Entries in force: corrected and cancelled entries and the cancellations themselves drop out."""
    entries = list(entries)
    corrected = {e.corrects for e in entries if e.corrects is not None}
    if corrected:
        kept = [e for e in entries if e.key not in corrected and e.type != _VOIDED]
    else:
        kept = [e for e in entries if e.type != _VOIDED]
    kept.sort(key=_entry_order)
    return kept


def replay(
    entries: Iterable[LedgerEntry],
    rules: RuleLookup,
    *,
    deviations: list[RuleDeviation] | None = None,
    strict: Collection[int] = (),
) -> tuple[MemberState, list[PeriodRow]]:
    """Replay a member's ledger; returns the final state and the membership periods.

    Raises ``TransitionError`` at the first entry that the state machine or the rulebook refuses;
    with a ``deviations`` list (historic data recorded as given), an entry that deviates from a
    ``TOLERABLE`` rule is kept as it is and the deviation added to the list instead, except for
    the entries whose keys are in ``strict`` (what a service is about to record). A ledger
    already stored is replayed with a list: what a lenient import recorded as given stands.
    Several events on one day give one period starting that day with the state after the last.
    """
    state = MemberState()
    periods: list[PeriodRow] = []
    # the attributes of the open period (None when there is none), kept beside it
    current: PeriodRow | None = None
    attributes: tuple[Any, ...] | None = None
    rewritten = False  # a period replaced or dropped on its first day: neighbours may now match
    for entry in effective_entries(entries):
        try:
            ensure_transition(state, entry)
            _apply(state, entry, rules, deviations, strict)
        except TransitionError as error:
            error.entry_key = entry.key  # type: ignore[attr-defined]  # lets an import name the row
            raise
        on = entry.effective_on
        status = state.status
        if status in (PROBATIONARY, OFFICIAL):
            assert state.organization_id is not None
            now = (
                state.organization_id,
                status,
                state.is_exempted,
                state.host_organization_id,
                state.transit_to_id,
            )
            if current is not None:
                if attributes == now:
                    continue
                row = PeriodRow(now[0], on, status, now[2], now[3], now[4])
                if current.valid_from == on:
                    periods[-1] = row
                    rewritten = True
                else:
                    current.valid_to = on
                    periods.append(row)
            else:
                row = PeriodRow(now[0], on, status, now[2], now[3], now[4])
                if periods and periods[-1].valid_to == on:
                    rewritten = True  # closed this very day (an exit, then re-admitted): one period
                periods.append(row)
            current, attributes = row, now
        elif current is not None:
            if current.valid_from == on:
                periods.pop()
                rewritten = True
            else:
                current.valid_to = on
            current = attributes = None
    return state, _coalesce(periods) if rewritten else periods


def _coalesce(periods: list[PeriodRow]) -> list[PeriodRow]:
    merged: list[PeriodRow] = []
    for row in periods:
        if (
            merged
            and merged[-1].valid_to == row.valid_from
            and merged[-1].attributes() == row.attributes()
        ):
            merged[-1].valid_to = row.valid_to
        else:
            merged.append(row)
    return merged
