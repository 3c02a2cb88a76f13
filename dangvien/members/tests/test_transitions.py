"""The transition table and the pure replay of a ledger."""

from datetime import date

import pytest

from dangvien.core.exceptions import TransitionError
from dangvien.members.choices import MemberEventType
from dangvien.members.tests.ledger_strategies import fake_rules
from dangvien.members.transitions import (
    ALLOWED,
    DECEASED,
    EXITED,
    NONE,
    OFFICIAL,
    PROBATIONARY,
    LedgerEntry,
    MemberState,
    effective_entries,
    ensure_transition,
    replay,
)

E = MemberEventType
A, B, C = 1, 2, 3


def _ledger(*rows):
    return [LedgerEntry(i + 1, *row) for i, row in enumerate(rows)]


def _periods(entries):
    return [
        (
            p.organization_id,
            p.valid_from,
            p.valid_to,
            p.status,
            p.is_exempted,
            p.host_organization_id,
            p.transit_to_id,
        )
        for p in replay(entries, fake_rules)[1]
    ]


@pytest.mark.parametrize(
    ("_case", "status", "kind", "allowed"),
    [
        ("admission of a newcomer", NONE, E.ADMITTED, True),
        ("anything else before admission", NONE, E.EXEMPTED, False),
        ("recognition of a probationary member", PROBATIONARY, E.RECOGNISED, True),
        ("expulsion of a probationary member", PROBATIONARY, E.EXPELLED, False),
        ("removal of a probationary member", PROBATIONARY, E.REMOVED, True),
        ("expulsion of an official member", OFFICIAL, E.EXPELLED, True),
        ("recognising an official member again", OFFICIAL, E.RECOGNISED, False),
        ("readmission after leaving", EXITED, E.READMITTED, True),
        ("transfer after leaving", EXITED, E.TRANSFER_ISSUED, False),
        ("readmission after death", DECEASED, E.READMITTED, False),
    ],
)
def test_table_allows_only_listed_events(_case, status, kind, allowed):
    assert (kind in ALLOWED[status]) is allowed


def test_nothing_is_allowed_after_death():
    assert ALLOWED[DECEASED] == frozenset()


@pytest.mark.parametrize(
    ("_case", "state", "entry", "code"),
    [
        (
            "receive without transfer",
            MemberState(OFFICIAL, A),
            (E.TRANSFER_RECEIVED, None),
            "transition_not_allowed",
        ),
        ("transfer to own cell", MemberState(OFFICIAL, A), (E.TRANSFERRED, A), "same_organization"),
        ("admission without cell", MemberState(), (E.ADMITTED, None), "organization_required"),
        (
            "issue while in transit",
            MemberState(OFFICIAL, A, transit_to_id=B),
            (E.TRANSFER_ISSUED, C),
            "transition_not_allowed",
        ),
        (
            "receive at another cell",
            MemberState(OFFICIAL, A, transit_to_id=B),
            (E.TRANSFER_RECEIVED, C),
            "transition_not_allowed",
        ),
        (
            "exempting twice",
            MemberState(OFFICIAL, A, is_exempted=True),
            (E.EXEMPTED, None),
            "transition_not_allowed",
        ),
    ],
)
def test_ensure_transition_refuses(_case, state, entry, code):
    with pytest.raises(TransitionError) as error:
        ensure_transition(state, LedgerEntry(1, entry[0], date(2020, 1, 1), entry[1]))
    assert error.value.code == code


def test_same_day_events_give_one_period_with_the_final_state():
    # given
    entries = _ledger(
        (E.ADMITTED, date(2020, 1, 10), A),
        (E.EXEMPTED, date(2020, 3, 1)),
        (E.TEMPORARY_OUT, date(2020, 3, 1), B),
    )
    # when / then
    assert _periods(entries) == [
        (A, date(2020, 1, 10), date(2020, 3, 1), "probationary", False, None, None),
        (A, date(2020, 3, 1), None, "probationary", True, B, None),
    ]


def test_admission_and_exit_the_same_day_leave_no_period():
    entries = _ledger((E.ADMITTED, date(2020, 1, 10), A), (E.REMOVED, date(2020, 1, 10)))
    assert _periods(entries) == []


def test_exempting_then_ending_the_same_day_coalesces():
    entries = _ledger(
        (E.ADMITTED, date(2020, 1, 10), A),
        (E.EXEMPTED, date(2020, 3, 1)),
        (E.EXEMPTION_ENDED, date(2020, 3, 1)),
    )
    assert _periods(entries) == [(A, date(2020, 1, 10), None, "probationary", False, None, None)]


def test_corrections_and_voids_drop_the_entries_they_replace():
    # given
    entries = [
        LedgerEntry(1, E.ADMITTED, date(2020, 1, 10), A),
        LedgerEntry(2, E.EXEMPTED, date(2020, 3, 1), A),
        LedgerEntry(3, E.EXEMPTED, date(2020, 4, 1), A, corrects=2),
        LedgerEntry(4, E.TEMPORARY_OUT, date(2020, 5, 1), B),
        LedgerEntry(5, E.VOIDED, date(2020, 5, 1), B, corrects=4),
    ]
    # when
    kept = effective_entries(entries)
    # then
    assert [e.key for e in kept] == [1, 3]
    assert _periods(entries) == [
        (A, date(2020, 1, 10), date(2020, 4, 1), "probationary", False, None, None),
        (A, date(2020, 4, 1), None, "probationary", True, None, None),
    ]


def test_recognition_exactly_twelve_months_after_the_ceremony():
    # given
    admitted = (E.ADMITTED, date(2020, 1, 31), A)
    # when / then
    with pytest.raises(TransitionError) as error:
        replay(_ledger(admitted, (E.RECOGNISED, date(2021, 1, 30))), fake_rules)
    assert error.value.code == "probation_not_ended"
    state, _ = replay(_ledger(admitted, (E.RECOGNISED, date(2021, 1, 31))), fake_rules)
    assert state.status == OFFICIAL


@pytest.mark.parametrize(
    ("_case", "readmitted_on", "code"),
    [
        ("one day short of 36 months", date(2025, 5, 31), "readmission_too_early"),
        ("36 months after leaving", date(2025, 6, 1), None),
    ],
)
def test_readmission_waits_36_months(_case, readmitted_on, code):
    entries = _ledger(
        (E.ADMITTED, date(2020, 1, 10), A),
        (E.REMOVED, date(2022, 6, 1)),
        (E.READMITTED, readmitted_on, B),
    )
    if code is None:
        assert replay(entries, fake_rules)[0].status == PROBATIONARY
    else:
        with pytest.raises(TransitionError) as error:
            replay(entries, fake_rules)
        assert error.value.code == code


def test_second_readmission_is_refused():
    entries = _ledger(
        (E.ADMITTED, date(2000, 1, 10), A),
        (E.REMOVED, date(2001, 1, 1)),
        (E.READMITTED, date(2004, 1, 1), A),
        (E.RESIGNED, date(2005, 1, 1)),
        (E.READMITTED, date(2010, 1, 1), A),
    )
    with pytest.raises(TransitionError) as error:
        replay(entries, fake_rules)
    assert error.value.code == "readmission_limit"


def test_an_exit_and_a_readmission_on_the_same_day_leave_one_period():
    def no_wait(key, on):
        return 0 if key == "readmission.wait_months" else fake_rules(key, on)

    entries = _ledger(
        (E.ADMITTED, date(2020, 1, 1), A),
        (E.REMOVED, date(2020, 6, 1)),
        (E.READMITTED, date(2020, 6, 1), A),
    )
    periods = replay(entries, no_wait)[1]
    assert [(p.organization_id, p.valid_from, p.valid_to, p.status) for p in periods] == [
        (A, date(2020, 1, 1), None, PROBATIONARY)
    ]
