"""Random valid ledgers for one member, drawn step by step with the ALLOWED table."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date, timedelta
from typing import Any

from hypothesis import strategies as st

from dangvien.core.dates import add_months
from dangvien.core.exceptions import TransitionError
from dangvien.members.choices import EXIT_EVENTS, MemberEventType
from dangvien.members.transitions import ALLOWED, LedgerEntry, ensure_transition, replay

E = MemberEventType
RULES = {"probation.months": 12, "readmission.wait_months": 36, "readmission.max_times": 1}
TO_ANOTHER = {E.TRANSFERRED, E.TRANSFER_ISSUED, E.TEMPORARY_OUT}
TO_ANY = {E.ADMITTED, E.READMITTED, E.REASSIGNED}


def fake_rules(key: str, on: date) -> Any:
    """The rulebook's values, without the database."""
    return RULES[key]


def draw_ledger(
    data: st.DataObject,
    organizations: Sequence[int],
    *,
    max_steps: int = 14,
    max_gap_days: int = 120,
    exclude: frozenset[str] = frozenset(),
) -> list[LedgerEntry]:
    """An admission followed by allowed events on non-decreasing dates."""
    on = date(2000, 1, 10) + timedelta(days=data.draw(st.integers(0, 1500), label="start"))
    entries = [LedgerEntry(1, E.ADMITTED, on, data.draw(st.sampled_from(organizations)))]
    state, _periods = replay(entries, fake_rules)
    for step in range(data.draw(st.integers(0, max_steps), label="steps")):
        allowed = [k for k in sorted(ALLOWED[state.status] - exclude) if _passes(state, k)]
        if not allowed:
            break
        exits = [k for k in allowed if k in EXIT_EVENTS or k == E.EXPELLED]
        others = [k for k in allowed if k not in exits]
        # exits end the story, so draw them about once in eight steps
        pool = exits if exits and (not others or data.draw(st.integers(0, 7)) == 0) else others
        kind = data.draw(st.sampled_from(pool))
        on = on + timedelta(days=data.draw(st.integers(0, max_gap_days)))
        if kind == E.RECOGNISED and state.admitted_on is not None:
            # official exactly at the end of probation (never another day)
            on = add_months(state.admitted_on, RULES["probation.months"])
            if entries and on < entries[-1].effective_on:
                break
        if kind == E.READMITTED and state.exited_on is not None:
            on = max(on, add_months(state.exited_on, RULES["readmission.wait_months"]))
        organization = None
        if kind in TO_ANY:
            organization = data.draw(st.sampled_from(organizations))
        elif kind in TO_ANOTHER:
            others = [o for o in organizations if o != state.organization_id]
            organization = data.draw(st.sampled_from(others))
        entry = LedgerEntry(step + 2, kind, on, organization)
        try:
            state, _periods = replay([*entries, entry], fake_rules)
        except TransitionError:
            continue  # a flag refuses it (no transfer in progress, not exempted …): draw again
        entries.append(entry)
    return entries


def _passes(state: Any, kind: str) -> bool:
    """Whether the flags allow ``kind`` now (the table and the flags, not the dates)."""
    probe = LedgerEntry(0, kind, date(2000, 1, 1), -1 if kind != E.TRANSFER_RECEIVED else None)
    try:
        ensure_transition(state, probe)
    except TransitionError:
        return False
    return True


def expected_by_day(entries: Sequence[LedgerEntry]) -> dict[date, tuple[Any, ...] | None]:
    """Independent day-by-day recomputation: the state at the end of every day of the ledger.

    ``None`` when not a member, else (organization, status, exempted, host, transit_to).
    """
    ordered = sorted(entries, key=lambda e: (e.effective_on, e.key))
    first, last = ordered[0].effective_on, ordered[-1].effective_on
    member = False
    status = organization = host = transit = None
    exempted = False
    days: dict[date, tuple[Any, ...] | None] = {}
    index = 0
    day = first - timedelta(days=2)
    while day <= last + timedelta(days=2):
        while index < len(ordered) and ordered[index].effective_on <= day:
            entry = ordered[index]
            index += 1
            kind = entry.type
            if kind in (E.ADMITTED, E.READMITTED):
                member, status, organization = True, "probationary", entry.organization_id
                exempted, host, transit = False, None, None
            elif kind == E.RECOGNISED:
                status = "official"
            elif kind in (E.TRANSFERRED, E.REASSIGNED):
                organization = entry.organization_id
            elif kind == E.TRANSFER_ISSUED:
                transit = entry.organization_id
            elif kind == E.TRANSFER_RECEIVED:
                organization, transit = transit, None
            elif kind == E.TRANSFER_CANCELLED:
                transit = None
            elif kind == E.TEMPORARY_OUT:
                host = entry.organization_id
            elif kind == E.TEMPORARY_RETURN:
                host = None
            elif kind == E.EXEMPTED:
                exempted = True
            elif kind == E.EXEMPTION_ENDED:
                exempted = False
            elif kind in EXIT_EVENTS or kind == E.EXPELLED:
                member, exempted, host, transit = False, False, None, None
        days[day] = (organization, status, exempted, host, transit) if member else None
        day += timedelta(days=1)
    return days
