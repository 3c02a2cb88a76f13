"""Properties of the ledger replay, pure and through the services."""

import itertools
from datetime import date, timedelta

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from dangvien.core.decisions import Decision
from dangvien.core.exceptions import TransitionError
from dangvien.members.choices import MemberEventType
from dangvien.members.models import Member, MemberEvent, MemberPeriod
from dangvien.members.services import (
    member_exempt,
    member_exemption_end,
    member_expel,
    member_readmit,
    member_recognise,
    member_record_death,
    member_remove,
    member_resign,
    member_temporary_out,
    member_temporary_return,
    member_transfer,
    member_transfer_cancel,
    member_transfer_issue,
    member_transfer_receive,
    rebuild_member_periods,
)
from dangvien.members.tests.ledger_strategies import draw_ledger, expected_by_day, fake_rules
from dangvien.members.tests.support import CONSENT, HARDSHIP, admit, counts, make_cell
from dangvien.members.transitions import ALLOWED, LedgerEntry, replay
from dangvien.organizations.models import Organization
from dangvien.rules.selectors import RuleBook

E = MemberEventType
ORGANIZATIONS = [11, 12, 13, 14]


def _row(period):
    return (
        period.organization_id,
        period.status,
        period.is_exempted,
        period.host_organization_id,
        period.transit_to_id,
    )


@settings(max_examples=150, deadline=None)
@given(st.data())
def test_replayed_periods_are_ordered_disjoint_and_match_a_day_by_day_recomputation(data):
    # given
    entries = draw_ledger(data, ORGANIZATIONS)
    # when
    state, periods = replay(entries, fake_rules)
    # then: ordered, non-empty, disjoint, coalesced
    for period in periods:
        assert period.valid_to is None or period.valid_to > period.valid_from
    for earlier, later in itertools.pairwise(periods):
        assert earlier.valid_to is not None and earlier.valid_to <= later.valid_from
        if earlier.valid_to == later.valid_from:
            assert _row(earlier) != _row(later)
    # then: nothing before the admission, nothing open after an exit
    if periods:
        assert periods[0].valid_from >= entries[0].effective_on
        assert (periods[-1].valid_to is None) == (state.status in ("probationary", "official"))
    # then: each day the period in force equals the independent recomputation
    for day, expected in expected_by_day(entries).items():
        in_force = [
            p for p in periods if p.valid_from <= day and (p.valid_to is None or day < p.valid_to)
        ]
        assert len(in_force) <= 1
        assert (_row(in_force[0]) if in_force else None) == expected, day


@settings(max_examples=100, deadline=None)
@given(st.data())
def test_a_disallowed_event_is_refused_by_the_replay(data):
    # given
    entries = draw_ledger(data, ORGANIZATIONS)
    state, _periods = replay(entries, fake_rules)
    refused = sorted(set(E.values) - {E.VOIDED} - set(ALLOWED[state.status]))
    if not refused:
        return
    kind = data.draw(st.sampled_from(refused))
    last = entries[-1].effective_on + timedelta(days=1)
    # when / then
    with pytest.raises(TransitionError):
        replay([*entries, LedgerEntry(99, kind, last, ORGANIZATIONS[0])], fake_rules)


#
# Through the services and the database
#


def _apply(actor, member, entry, by_pk):
    on = entry.effective_on
    organization = by_pk.get(entry.organization_id)
    kind = entry.type
    if kind == E.RECOGNISED:
        return member_recognise(actor=actor, member=member, decision=Decision("5"), effective_on=on)
    if kind == E.READMITTED:
        return member_readmit(
            consent=CONSENT,
            hardship_exception=HARDSHIP,
            actor=actor,
            member=member,
            organization=organization,
            effective_on=on,
            decision=Decision("12", on),
        )
    if kind == E.TRANSFERRED:
        return member_transfer(
            actor=actor, member=member, to_organization=organization, effective_on=on
        )
    if kind == E.TRANSFER_ISSUED:
        return member_transfer_issue(
            actor=actor, member=member, to_organization=organization, effective_on=on
        )
    if kind == E.TEMPORARY_OUT:
        return member_temporary_out(actor=actor, member=member, host=organization, effective_on=on)
    simple = {
        E.TRANSFER_RECEIVED: member_transfer_receive,
        E.TRANSFER_CANCELLED: member_transfer_cancel,
        E.TEMPORARY_RETURN: member_temporary_return,
        E.EXEMPTED: member_exempt,
        E.EXEMPTION_ENDED: member_exemption_end,
        E.REMOVED: member_remove,
        E.RESIGNED: member_resign,
        E.EXPELLED: member_expel,
        E.DIED: member_record_death,
    }
    return simple[kind](actor=actor, member=member, effective_on=on)


def _ledger(member):
    return [
        LedgerEntry(e.pk, e.type, e.effective_on, e.organization_id, e.corrects_id)
        for e in MemberEvent.objects.filter(member=member).order_by("effective_on", "id")
    ]


def _stored(member):
    return [
        (p.organization_id, p.valid_from, p.valid_to, *_row(p)[1:])
        for p in MemberPeriod.objects.filter(member=member).order_by("valid_from")
    ]


@pytest.fixture
def cells(org_tree, superuser):
    return [
        org_tree.cell_a,
        org_tree.cell_b,
        make_cell(superuser, "CB-C", org_tree.commune),
        make_cell(superuser, "CB-D", org_tree.sibling_commune),
    ]


REFUSABLE = {
    E.EXEMPTED: member_exempt,
    E.EXEMPTION_ENDED: member_exemption_end,
    E.TEMPORARY_RETURN: member_temporary_return,
    E.REMOVED: member_remove,
    E.RESIGNED: member_resign,
    E.EXPELLED: member_expel,
    E.DIED: member_record_death,
}


@pytest.mark.django_db
@settings(
    max_examples=25,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(data=st.data())
def test_services_store_the_periods_the_ledger_implies_and_refuse_disallowed_events(
    cells, superuser, data
):
    # given
    by_pk: dict[int, Organization] = {c.pk: c for c in cells}
    entries = draw_ledger(data, list(by_pk), max_steps=10, exclude=frozenset({E.REASSIGNED}))
    first = entries[0]
    member = admit(
        superuser,
        by_pk[first.organization_id],
        admitted_on=first.effective_on,
        born=date(1970, 1, 1),
    )
    # when
    for entry in entries[1:]:
        _apply(superuser, member, entry, by_pk)
    # then
    expected = [
        (
            r.organization_id,
            r.valid_from,
            r.valid_to,
            r.status,
            r.is_exempted,
            r.host_organization_id,
            r.transit_to_id,
        )
        for r in replay(_ledger(member), RuleBook())[1]
    ]
    assert _stored(member) == expected
    assert [e.type for e in MemberEvent.objects.filter(member=member).order_by("id")] == [
        e.type for e in entries
    ]
    assert rebuild_member_periods(verify_only=True)["differing"] == 0
    # and: an event the ledger does not allow is refused and writes nothing
    day = entries[-1].effective_on + timedelta(days=1)
    refused = []
    for kind in sorted(REFUSABLE):
        try:
            replay([*_ledger(member), LedgerEntry(10**9, kind, day)], RuleBook())
        except TransitionError:
            refused.append(kind)
    if refused:
        kind = data.draw(st.sampled_from(refused), label="refused")
        before = counts()
        with pytest.raises(TransitionError):
            REFUSABLE[kind](
                actor=superuser, member=Member.objects.get(pk=member.pk), effective_on=day
            )
        assert counts() == before
        assert _stored(member) == expected
