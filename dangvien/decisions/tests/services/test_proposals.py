"""Proposal → decision: the cell proposes with its vote, the competent body decides."""

from datetime import date

import pytest
from django.core.exceptions import PermissionDenied

from dangvien.audit.models import AuditEvent
from dangvien.competence.services import authorisation_grant
from dangvien.core.decisions import Decision
from dangvien.core.exceptions import DomainError, TransitionError, ValidationFailed
from dangvien.decisions.choices import DecisionKind, Outcome
from dangvien.decisions.models import Proposal, Ruling
from dangvien.decisions.services import (
    decision_record,
    proposal_submit,
    proposal_withdraw,
    ruling_record,
)
from dangvien.members.models import CardAction, MemberEvent, MemberPeriod, PartyCardEntry
from dangvien.members.selectors import member_state

pytestmark = pytest.mark.django_db

VOTE_DAY = date(2024, 3, 5)
DECISION = Decision("45-QĐ/HU", date(2024, 3, 20), "")


def _propose_expulsion(actor, member, **kwargs):
    return proposal_submit(
        actor=actor,
        kind=DecisionKind.EXPULSION,
        member=member,
        proposed_on=VOTE_DAY,
        votes_for=kwargs.pop("votes_for", 2),
        votes_against=0,
        **kwargs,
    )


def test_cell_proposes_and_the_district_decides_an_expulsion(cell, actors, org_tree):
    # given
    member = cell["official"][0]
    proposal = _propose_expulsion(actors["secretary"], member)
    # when
    ruling = ruling_record(
        actor=actors["district"],
        proposal=proposal,
        outcome=Outcome.APPROVED,
        decision=DECISION,
        confirmed=True,
    )
    # then
    assert proposal.proposing_organization == org_tree.cell_a
    assert proposal.deciding_organization == org_tree.district
    assert proposal.members_convened == 2  # the exempted member is not convened
    assert ruling.member_event.type == "expelled"
    assert ruling.member_event.effective_on == DECISION.date
    assert ruling.issuer == "Đảng bộ huyện Tháp Mười"
    assert member_state(member).status == "exited"
    assert not MemberPeriod.objects.at(DECISION.date).filter(member=member).exists()
    assert MemberPeriod.objects.at(date(2024, 3, 19)).filter(member=member).exists()
    card = PartyCardEntry.objects.filter(member=member).order_by("-id").first()
    assert card.action == CardAction.RECALLED
    assert card.effective_on == DECISION.date
    assert Proposal.objects.get(pk=proposal.pk).status == Outcome.APPROVED


@pytest.mark.parametrize("_case", ["secretary", "commune", "province"])
def test_only_the_competent_body_decides(_case, cell, actors):
    # given
    proposal = _propose_expulsion(actors["secretary"], cell["official"][0])
    events, audits = MemberEvent.objects.count(), AuditEvent.objects.count()
    # when / then
    with pytest.raises(PermissionDenied, match="Tháp Mười"):
        ruling_record(
            actor=actors[_case],
            proposal=proposal,
            outcome=Outcome.APPROVED,
            decision=DECISION,
            confirmed=True,
        )
    assert not Ruling.objects.exists()
    assert (MemberEvent.objects.count(), AuditEvent.objects.count()) == (events, audits)


def test_a_grassroots_committee_authorised_to_admit_also_expels(cell, actors, org_tree, superuser):
    # given (Điều lệ Điều 36 khoản 2)
    authorisation_grant(
        actor=actors["district"],
        organization=org_tree.commune,
        kind=DecisionKind.ADMISSION,
        valid_from=date(2020, 1, 1),
        decision=Decision("12-QĐ/HU", date(2019, 12, 20), "Ban Thường vụ Huyện ủy"),
    )
    # when
    proposal = _propose_expulsion(actors["secretary"], cell["official"][0])
    ruling_record(
        actor=actors["commune"],
        proposal=proposal,
        outcome=Outcome.APPROVED,
        decision=DECISION,
        confirmed=True,
    )
    # then
    assert proposal.deciding_organization == org_tree.commune


def test_the_person_who_submitted_cannot_decide(cell, actors, org_tree):
    # given
    proposal = _propose_expulsion(actors["district"], cell["official"][0])
    # when / then
    with pytest.raises(ValidationFailed) as error:
        ruling_record(
            actor=actors["district"],
            proposal=proposal,
            outcome=Outcome.APPROVED,
            decision=DECISION,
            confirmed=True,
        )
    assert error.value.code == "four_eyes"
    assert not Ruling.objects.exists()


def test_the_denominator_is_the_cells_official_members_on_the_vote_day(cell, actors):
    # given: three official members, one exempted → two convened
    member = cell["official"][0]
    # when / then
    with pytest.raises(ValidationFailed) as error:
        _propose_expulsion(actors["secretary"], member, members_convened=3, votes_for=2)
    assert error.value.code == "convened_mismatch"
    assert "2" in str(error.value)
    assert not Proposal.objects.exists()


def test_an_expulsion_needs_two_thirds_of_the_members_convened(cell, actors):
    with pytest.raises(ValidationFailed) as error:
        _propose_expulsion(actors["secretary"], cell["official"][0], votes_for=1)
    assert error.value.code == "vote_short"
    assert not Proposal.objects.exists()


def test_a_probationary_member_is_not_expelled(cell, actors):
    with pytest.raises(ValidationFailed) as error:
        _propose_expulsion(actors["secretary"], cell["probationary"])
    assert error.value.code == "probationary_not_expelled"


def test_a_proposal_dated_in_the_future_is_refused(cell, actors):
    with pytest.raises(ValidationFailed) as error:
        proposal_submit(
            actor=actors["secretary"],
            kind=DecisionKind.EXPULSION,
            member=cell["official"][0],
            proposed_on=date(2099, 1, 1),
            votes_for=2,
        )
    assert error.value.code == "future_date"


def test_an_irreversible_decision_asks_for_confirmation(cell, actors):
    proposal = _propose_expulsion(actors["secretary"], cell["official"][0])
    with pytest.raises(ValidationFailed) as error:
        ruling_record(
            actor=actors["district"], proposal=proposal, outcome=Outcome.APPROVED, decision=DECISION
        )
    assert error.value.code == "confirmation_required"
    assert member_state(cell["official"][0]).status == "official"


def test_a_rejection_changes_nothing_of_the_member(cell, actors):
    proposal = _propose_expulsion(actors["secretary"], cell["official"][0])
    events = MemberEvent.objects.count()
    ruling = ruling_record(
        actor=actors["district"], proposal=proposal, outcome=Outcome.REJECTED, decision=DECISION
    )
    assert ruling.member_event is None
    assert MemberEvent.objects.count() == events
    assert Proposal.objects.get(pk=proposal.pk).status == Outcome.REJECTED


def test_a_second_waiting_proposal_of_the_same_kind_is_refused(cell, actors):
    _propose_expulsion(actors["secretary"], cell["official"][0])
    with pytest.raises(ValidationFailed) as error:
        _propose_expulsion(actors["secretary"], cell["official"][0])
    assert error.value.code == "already_proposed"


def test_the_proposer_withdraws_a_waiting_proposal(cell, actors):
    proposal = _propose_expulsion(actors["secretary"], cell["official"][0])
    proposal_withdraw(actor=actors["secretary"], proposal=proposal, on=VOTE_DAY, note="Sai sót")
    assert Proposal.objects.get(pk=proposal.pk).status == "withdrawn"
    with pytest.raises(ValidationFailed):
        ruling_record(
            actor=actors["district"],
            proposal=proposal,
            outcome=Outcome.APPROVED,
            decision=DECISION,
            confirmed=True,
        )


def test_recognition_takes_effect_at_the_end_of_probation_whatever_the_decision_date(
    cell, actors, org_tree
):
    # given: admitted 10/01/2024, probation ends 10/01/2025
    member = cell["probationary"]
    proposal = proposal_submit(
        actor=actors["secretary"],
        kind=DecisionKind.RECOGNITION,
        member=member,
        proposed_on=date(2025, 1, 15),
        votes_for=2,
    )
    # when
    ruling = ruling_record(
        actor=actors["district"],
        proposal=proposal,
        outcome=Outcome.APPROVED,
        decision=Decision("7-QĐ/HU", date(2025, 3, 1)),
    )
    # then
    assert ruling.member_event.effective_on == date(2025, 1, 10)
    assert proposal.due_on is not None and proposal.due_on > date(2025, 1, 15)


def test_the_cell_decides_an_exemption_itself(cell, actors, org_tree):
    member = cell["official"][1]
    ruling = decision_record(
        actor=actors["secretary"],
        kind=DecisionKind.EXEMPTION,
        member=member,
        decision=Decision("NQ-03", date(2024, 5, 2)),
    )
    assert ruling.member_event.type == "exempted"
    assert ruling.organization == org_tree.cell_a


def test_a_commune_cannot_record_a_cells_own_decision(cell, actors):
    with pytest.raises(PermissionDenied):
        decision_record(
            actor=actors["commune"],
            kind=DecisionKind.EXEMPTION,
            member=cell["official"][1],
            decision=Decision("NQ-03", date(2024, 5, 2)),
        )
    assert not Ruling.objects.exists()


def test_an_expulsion_is_never_decided_without_a_proposal(cell, actors):
    with pytest.raises(ValidationFailed) as error:
        decision_record(
            actor=actors["district"],
            kind=DecisionKind.EXPULSION,
            member=cell["official"][0],
            decision=DECISION,
        )
    assert error.value.code == "proposal_required"


def test_a_member_who_already_left_cannot_be_proposed_for_removal(cell, actors, superuser):
    from dangvien.members.services import member_resign

    member = cell["official"][1]
    member_resign(actor=superuser, member=member, effective_on=date(2024, 2, 1))
    with pytest.raises((TransitionError, DomainError)):
        proposal_submit(
            actor=actors["secretary"],
            kind=DecisionKind.REMOVAL,
            member=member,
            proposed_on=VOTE_DAY,
            votes_for=1,
        )
