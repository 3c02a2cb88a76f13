"""An appeal that changes the outcome changes the effects, in the settlement's transaction: an
annulled expulsion restores membership (a dated ``voided`` entry citing the settlement), a form
changed lighter no longer counts as the heavier one, an annulled dismissal does not give the
post back."""

from datetime import date

import pytest

from dangvien.committees.models import CommitteePost
from dangvien.core.decisions import Decision
from dangvien.discipline.choices import Form
from dangvien.discipline.models import AppealOutcome, DisciplineDecision
from dangvien.discipline.selectors import form_in_force, forms_in_year
from dangvien.discipline.services import appeal_decide, appeal_lodge, case_decide, case_propose
from dangvien.discipline.tests.services.test_cases import hold_post, open_case
from dangvien.members.choices import MemberEventType
from dangvien.members.models import CardAction, MemberEvent, PartyCardEntry
from dangvien.members.selectors import member_state

pytestmark = pytest.mark.django_db


def decided_by_the_district(actors, member, form):
    """The cell proposes ``form``, the district decides it on 02/04/2024."""
    case = open_case(actors["secretary"], member)
    case_propose(
        actor=actors["secretary"],
        case=case,
        form=form,
        proposed_on=date(2024, 3, 10),
        votes_for=2,
        members_convened=2,
    )
    decision = case_decide(
        actor=actors["district"],
        case=case,
        form=form,
        decision=Decision("07-QĐ/HU", date(2024, 4, 2)),
        confirmed=True,
    )
    assert decision is not None
    return decision


def appealed_to_the_province(actors, decision, org_tree):
    return appeal_lodge(
        actor=actors["secretary"],
        decision=decision,
        received_on=date(2024, 4, 5),
        lodged_on=date(2024, 4, 20),
        appealed_to=org_tree.province,
    )


@pytest.fixture
def province(make_actor, org_tree):
    return make_actor("staff", org_tree.province)


def test_an_annulled_expulsion_restores_membership_with_a_dated_entry(
    cell, actors, org_tree, province
):
    # given: an expelled member (the card recovered) who appeals to the province
    member = cell["official"][0]
    decision = decided_by_the_district(actors, member, Form.EXPULSION)
    assert member_state(member).exit_type == MemberEventType.EXPELLED
    appeal = appealed_to_the_province(actors, decision, org_tree)
    # when: the province annuls the expulsion
    appeal_decide(
        actor=province,
        appeal=appeal,
        outcome=AppealOutcome.ANNULLED,
        decision=Decision("55-QĐ/TU", date(2024, 6, 3)),
    )
    # then: the expulsion entry is cancelled by a voided entry citing the settlement; the
    # member is a member again; the decision holds no form any more
    expelled = MemberEvent.objects.get(member=member, type=MemberEventType.EXPELLED)
    voided = MemberEvent.objects.get(member=member, type=MemberEventType.VOIDED)
    assert voided.corrects_id == expelled.pk
    assert "55-QĐ/TU" in voided.note and "03/06/2024" in voided.note
    assert member_state(member).exit_type == ""
    assert form_in_force(DisciplineDecision.objects.get(pk=decision.pk)) == ""
    assert forms_in_year(member, 2024) == []
    # the card stays recovered until the card register records its return
    last_card = PartyCardEntry.objects.filter(member=member).order_by("-id").first()
    assert last_card is not None and last_card.action == CardAction.RECALLED


def test_an_expulsion_changed_to_a_warning_keeps_the_member_and_counts_as_a_warning(
    cell, actors, org_tree, province
):
    member = cell["official"][0]
    decision = decided_by_the_district(actors, member, Form.EXPULSION)
    appeal = appealed_to_the_province(actors, decision, org_tree)
    appeal_decide(
        actor=province,
        appeal=appeal,
        outcome=AppealOutcome.CHANGED,
        new_form=Form.WARNING,
        decision=Decision("56-QĐ/TU", date(2024, 6, 3)),
    )
    assert member_state(member).exit_type == ""
    assert forms_in_year(member, 2024) == [Form.WARNING]


def test_an_annulled_dismissal_does_not_give_the_post_back(
    cell, actors, org_tree, province, superuser
):
    # given: a cell deputy secretary dismissed by the district (the post ended that day)
    member = cell["official"][0]
    post = hold_post(superuser, member, org_tree.cell_a)
    decision = decided_by_the_district(actors, member, Form.DISMISSAL)
    assert CommitteePost.objects.get(pk=post.pk).held_to == date(2024, 4, 2)
    appeal = appealed_to_the_province(actors, decision, org_tree)
    # when
    appeal_decide(
        actor=province,
        appeal=appeal,
        outcome=AppealOutcome.ANNULLED,
        decision=Decision("57-QĐ/TU", date(2024, 6, 3)),
    )
    # then: the discipline no longer holds, the post stays ended (the electing body decides)
    assert forms_in_year(member, 2024) == []
    assert CommitteePost.objects.get(pk=post.pk).held_to == date(2024, 4, 2)
    assert not CommitteePost.objects.filter(member=member, held_to__isnull=True).exists()
