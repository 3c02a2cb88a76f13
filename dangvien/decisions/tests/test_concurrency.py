"""Concurrency suite of the decisions (issue 13), PostgreSQL only: two members of the deciding
body record a ruling on the same proposal at the same moment; two proposals of one kind for
one member are submitted at once. Exactly one of each may stand."""

from __future__ import annotations

from datetime import date
from functools import partial

import pytest

from dangvien.competence.choices import DecisionKind
from dangvien.core.decisions import Decision
from dangvien.core.exceptions import DomainError
from dangvien.core.tests.concurrency import POSTGRES_RACES, race
from dangvien.decisions.choices import Outcome
from dangvien.decisions.models import Proposal, Ruling
from dangvien.decisions.services import proposal_submit, ruling_record
from dangvien.members.choices import MemberEventType
from dangvien.members.models import CardAction, MemberEvent, PartyCardEntry
from dangvien.members.services import rebuild_member_periods

pytestmark = POSTGRES_RACES

ROUNDS = 5
VOTE_DAY = date(2024, 3, 5)


def _propose(actor, member) -> Proposal:
    return proposal_submit(
        actor=actor,
        kind=DecisionKind.EXPULSION,
        member=member,
        proposed_on=VOTE_DAY,
        votes_for=2,
        votes_against=0,
    )


def _rule(actor, proposal, outcome, number) -> Ruling:
    return ruling_record(
        actor=actor,
        proposal=proposal,
        outcome=outcome,
        decision=Decision(number, date(2024, 3, 20), ""),
        confirmed=True,
    )


@pytest.fixture
def deciders(make_actor, org_tree):
    return [make_actor("staff", org_tree.district), make_actor("staff", org_tree.district)]


def test_two_rulings_on_one_proposal_one_stands(cell, actors, deciders):
    # given
    member = cell["official"][0]
    for round_ in range(ROUNDS):
        last = round_ == ROUNDS - 1
        outcome = Outcome.APPROVED if last else Outcome.REJECTED
        proposal = _propose(actors["secretary"], member)

        # when
        results = race(
            partial(_rule, deciders[0], proposal, outcome, f"{round_}-A/QĐ"),
            partial(_rule, deciders[1], proposal, outcome, f"{round_}-B/QĐ"),
        )

        # then
        assert sorted(r.ok for r in results) == [False, True], [r.error for r in results]
        refused = next(r for r in results if not r.ok)
        assert isinstance(refused.error, DomainError)
        assert refused.error.code == "already_decided"
        assert Ruling.objects.filter(proposal=proposal).count() == 1
    # the approval's effects were written once
    assert MemberEvent.objects.filter(member=member, type=MemberEventType.EXPELLED).count() == 1
    assert PartyCardEntry.objects.filter(member=member, action=CardAction.RECALLED).count() == 1
    result = rebuild_member_periods(verify_only=True)
    assert (result["differing"], result["orphaned"]) == (0, 0)


def test_two_proposals_of_one_kind_for_one_member_one_stands(cell, actors, make_actor, org_tree):
    # given
    secretaries = [actors["secretary"], make_actor("cell_secretary", org_tree.cell_a)]
    for round_ in range(ROUNDS):
        member = cell["official"][round_ % 2]

        # when
        results = race(*(partial(_propose, s, member) for s in secretaries))

        # then
        assert sorted(r.ok for r in results) == [False, True], [r.error for r in results]
        assert isinstance(next(r for r in results if not r.ok).error, DomainError)
        pending = Proposal.objects.filter(member=member, ruling__isnull=True)
        assert pending.count() == 1
        _rule(actors["district"], pending.get(), Outcome.REJECTED, f"{round_}/QĐ")
