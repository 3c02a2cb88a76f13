import re
from datetime import date

import pytest
from django.core.exceptions import PermissionDenied

from dangvien.audit.models import AuditEvent
from dangvien.core.decisions import Decision
from dangvien.core.exceptions import ValidationFailed
from dangvien.decisions.models import Proposal, Ruling
from dangvien.discipline.choices import READ, CaseStatus, Form, Subject
from dangvien.discipline.models import DisciplineCase, DisciplineDecision
from dangvien.discipline.rule_keys import FORMS_BY_SUBJECT, LIMITATION_YEARS
from dangvien.discipline.selectors import case_counts, case_list
from dangvien.discipline.services import (
    case_decide,
    case_file_read,
    case_open,
    case_propose,
    discipline_record,
)
from dangvien.members.choices import MemberEventType
from dangvien.members.models import CardAction, MemberEvent, PartyCardEntry
from dangvien.organizations.models import Organization
from dangvien.rules.keys import RuleKey

pytestmark = pytest.mark.django_db

OPENED = date(2024, 3, 1)


def rows() -> dict[str, int]:
    return {
        "cases": DisciplineCase.objects.count(),
        "decisions": DisciplineDecision.objects.count(),
        "proposals": Proposal.objects.count(),
        "rulings": Ruling.objects.count(),
        "events": MemberEvent.objects.count(),
        "audit": AuditEvent.objects.count(),
    }


def open_case(actor, member, **extra):
    return case_open(
        actor=actor,
        subject=Subject.MEMBER,
        member=member,
        opened_on=OPENED,
        violation="Vi phạm quy định về sinh hoạt đảng",
        violated_on=extra.pop("violated_on", date(2024, 1, 15)),
        **extra,
    )


def test_the_cell_reprimands_its_member_with_its_vote(cell, actors, org_tree):
    # given
    member = cell["official"][0]
    case = open_case(actors["secretary"], member, opened_by=org_tree.commune)
    assert case.status == CaseStatus.OPEN
    audit_before = AuditEvent.objects.count()
    # when
    decided = case_decide(
        actor=actors["secretary"],
        case=case,
        form=Form.REPRIMAND,
        decision=Decision("05-QĐ/CB", date(2024, 3, 20)),
        votes_for=2,
        members_convened=2,
    )
    # then
    assert decided is not None
    assert decided.deciding_organization == org_tree.cell_a
    assert decided.ruling is not None and decided.ruling.proposal.kind == "reprimand"
    assert DisciplineCase.objects.get(pk=case.pk).status == CaseStatus.DECIDED
    # the decisions app's row and the case's own
    assert AuditEvent.objects.count() == audit_before + 2
    assert case.key.startswith("KL-2024-")


def test_a_reprimand_short_of_more_than_half_is_refused(cell, actors):
    case = open_case(actors["secretary"], cell["official"][0])
    before = rows()
    with pytest.raises(ValidationFailed, match=_rule_of("reprimand")):
        case_decide(
            actor=actors["secretary"],
            case=case,
            form=Form.REPRIMAND,
            decision=Decision("05-QĐ/CB", date(2024, 3, 20)),
            votes_for=1,
            members_convened=2,
        )
    assert rows() == before


def hold_post(superuser, member, organization, post="deputy_secretary"):
    from dangvien.committees.services import committee_post_assign

    return committee_post_assign(
        actor=superuser,
        organization=organization,
        post=post,
        person_name=member.full_name,
        person_key=member.member_key,
        held_from=date(2022, 1, 1),
    )


def test_the_cell_is_refused_a_dismissal_with_the_rule_cited(cell, actors, superuser, org_tree):
    hold_post(superuser, cell["official"][0], org_tree.cell_a)
    case = open_case(actors["secretary"], cell["official"][0])
    before = rows()
    with pytest.raises(PermissionDenied, match=r"Tháp Mười.*" + _rule_of("dismissal")):
        case_decide(
            actor=actors["secretary"],
            case=case,
            form=Form.DISMISSAL,
            decision=Decision("06-QĐ/CB", date(2024, 3, 20)),
            votes_for=2,
            members_convened=2,
        )
    assert rows() == before


def test_the_cell_proposes_an_expulsion_and_the_district_expels(cell, actors, org_tree):
    # given
    member = cell["official"][0]
    case = open_case(actors["secretary"], member)
    link = case_propose(
        actor=actors["secretary"],
        case=case,
        form=Form.EXPULSION,
        proposed_on=date(2024, 3, 10),
        votes_for=2,
        members_convened=2,
    )
    assert link.proposal.deciding_organization == org_tree.district
    assert DisciplineCase.objects.get(pk=case.pk).status == CaseStatus.PROPOSED
    # the cell itself cannot rule on it
    with pytest.raises(PermissionDenied, match=_rule_of("expulsion")):
        case_decide(
            actor=actors["secretary"],
            case=case,
            form=Form.EXPULSION,
            decision=Decision("07-QĐ/HU", date(2024, 4, 2)),
            confirmed=True,
        )
    # when
    decided = case_decide(
        actor=actors["district"],
        case=case,
        form=Form.EXPULSION,
        decision=Decision("07-QĐ/HU", date(2024, 4, 2)),
        confirmed=True,
    )
    # then: the ledger holds the expulsion, the card is recovered
    assert decided is not None
    event = MemberEvent.objects.get(member=member, type=MemberEventType.EXPELLED)
    assert event.effective_on == date(2024, 4, 2)
    assert decided.member_event == event
    last_card = PartyCardEntry.objects.filter(member=member).order_by("-id").first()
    assert last_card is not None and last_card.action == CardAction.RECALLED


def test_an_expulsion_needs_two_thirds_of_the_cell(cell, actors, superuser, org_tree):
    from dangvien.members.tests.support import admit

    # a third official member who is not exempted makes 3 convened
    extra = admit(superuser, org_tree.cell_a, name="Võ Văn Em", admitted_on=date(2022, 1, 10))
    from dangvien.members.services import member_recognise

    member_recognise(actor=superuser, member=extra, decision=Decision("2", date(2023, 1, 12)))
    case = open_case(actors["secretary"], cell["official"][0])
    before = rows()
    with pytest.raises(ValidationFailed, match=_rule_of("expulsion")):
        case_propose(
            actor=actors["secretary"],
            case=case,
            form=Form.EXPULSION,
            proposed_on=date(2024, 3, 10),
            votes_for=1,
            members_convened=3,
        )
    assert rows() == before


def _rule_of(kind: str) -> str:
    """The pattern of who decides ``kind`` as a refusal cites it: its source, not its key."""
    from dangvien.competence.selectors import competence_source

    return re.escape(f"({competence_source(kind, date.today())})")


def _cited(key: RuleKey) -> str:
    """The pattern of the rule's source as a refusal cites it (today's version)."""
    source = key.version(on=date.today()).source
    assert source and "." not in source.split()[0]  # a source, not a key
    return re.escape(f"({source})")


def test_a_probationary_member_is_not_expelled(cell, actors):
    case = open_case(actors["secretary"], cell["probationary"], violated_on=date(2024, 2, 1))
    # the rule cited by its source in the rulebook, not by its key (walk of issue 19)
    with pytest.raises(ValidationFailed, match=_cited(FORMS_BY_SUBJECT)):
        case_propose(
            actor=actors["secretary"],
            case=case,
            form=Form.EXPULSION,
            proposed_on=date(2024, 3, 10),
            votes_for=2,
            members_convened=2,
        )


def test_a_case_past_its_limitation_period_is_refused_with_the_period(cell, actors):
    case = open_case(actors["secretary"], cell["official"][0], violated_on=date(2018, 5, 2))
    before = rows()
    with pytest.raises(ValidationFailed, match=r"5 .*02/05/2023.*" + _cited(LIMITATION_YEARS)):
        case_decide(
            actor=actors["secretary"],
            case=case,
            form=Form.REPRIMAND,
            decision=Decision("05-QĐ/CB", date(2024, 3, 20)),
            votes_for=2,
            members_convened=2,
        )
    assert rows() == before


def test_an_expulsion_has_no_limitation_period(cell, actors, superuser, org_tree):
    decided = discipline_record(
        actor=superuser,
        key="KL-OLD",
        subject=Subject.MEMBER,
        member=cell["official"][1],
        form=Form.EXPULSION,
        decided_on=date(2024, 5, 2),
        deciding_organization=org_tree.district,
        number="09-QĐ/HU",
        violated_on=date(2001, 1, 1),
        expel=True,
    )
    assert decided.member_event is not None


def test_a_recorded_expulsion_without_the_ledger_event_is_refused(cell, superuser, org_tree):
    before = rows()
    with pytest.raises(ValidationFailed) as refused:
        discipline_record(
            actor=superuser,
            key="KL-1",
            subject=Subject.MEMBER,
            member=cell["official"][1],
            form=Form.EXPULSION,
            decided_on=date(2024, 5, 2),
            deciding_organization=org_tree.district,
            number="09-QĐ/HU",
        )
    assert refused.value.code == "expulsion_without_event"
    assert rows() == before


def test_a_recorded_decision_of_a_body_outside_the_members_chain_is_refused(
    cell, superuser, org_tree
):
    with pytest.raises(ValidationFailed, match="Cao Lãnh"):
        discipline_record(
            actor=superuser,
            key="KL-2",
            subject=Subject.MEMBER,
            member=cell["official"][1],
            form=Form.WARNING,
            decided_on=date(2024, 5, 2),
            deciding_organization=org_tree.sibling_district,
            number="09-QĐ/HU",
        )


def test_the_commune_dissolves_a_cell_by_discipline(org_tree, actors):
    case = case_open(
        actor=actors["commune_inspection"],
        subject=Subject.ORGANIZATION,
        organization=org_tree.cell_b,
        opened_on=OPENED,
        violation="Mất sức chiến đấu kéo dài",
    )
    decided = case_decide(
        actor=actors["commune"],
        case=case,
        form=Form.DISSOLUTION,
        decision=Decision("10-QĐ/ĐU", date(2024, 4, 1)),
        deciding_organization=org_tree.commune,
    )
    assert decided is not None
    assert Organization.objects.get(pk=org_tree.cell_b.pk).dissolved_on == date(2024, 4, 1)


def test_dismissal_is_not_a_form_for_an_organization(org_tree, actors):
    case = case_open(
        actor=actors["commune_inspection"],
        subject=Subject.ORGANIZATION,
        organization=org_tree.cell_b,
        opened_on=OPENED,
        violation="Vi phạm",
    )
    with pytest.raises(ValidationFailed, match=_cited(FORMS_BY_SUBJECT)):
        case_decide(
            actor=actors["commune"],
            case=case,
            form=Form.DISMISSAL,
            decision=Decision("10-QĐ/ĐU", date(2024, 4, 1)),
            deciding_organization=org_tree.commune,
        )


def test_an_organization_cannot_discipline_itself(org_tree, actors, make_actor):
    case = case_open(
        actor=actors["commune_inspection"],
        subject=Subject.ORGANIZATION,
        organization=org_tree.commune,
        opened_on=OPENED,
        violation="Vi phạm",
    )
    with pytest.raises(ValidationFailed) as refused:
        case_decide(
            actor=actors["commune"],
            case=case,
            form=Form.WARNING,
            decision=Decision("10-QĐ/ĐU", date(2024, 4, 1)),
            deciding_organization=org_tree.commune,
        )
    assert refused.value.code == "decider_not_above"


def test_a_secretary_of_another_cell_may_not_open_a_case(cell, actors):
    before = rows()
    with pytest.raises(PermissionDenied):
        open_case(actors["other_secretary"], cell["official"][0])
    assert rows() == before


def test_a_future_case_is_refused(cell, actors, today_is):
    today_is(date(2024, 2, 1))
    with pytest.raises(ValidationFailed):
        open_case(actors["secretary"], cell["official"][0])


def test_cases_are_seen_only_in_scope_and_not_by_viewers(cell, actors, org_tree):
    case = open_case(actors["secretary"], cell["official"][0])
    assert list(case_list(actor=actors["district_inspection"], organization=org_tree.district)) == [
        case
    ]
    assert list(case_list(actor=actors["secretary"], organization=org_tree.cell_a)) == [case]
    assert not case_list(actor=actors["other_secretary"], organization=org_tree.cell_a).exists()
    assert not case_list(actor=actors["viewer"], organization=org_tree.district).exists()


def test_the_staff_read_only_the_cases_addressed_to_their_body(cell, actors, org_tree):
    # given: a case of the cell; the district staff hold no inspection role
    case = open_case(actors["secretary"], cell["official"][0])
    assert not case_list(actor=actors["district"], organization=org_tree.district).exists()
    assert not case_list(actor=actors["commune"], organization=org_tree.district).exists()
    # when: the cell proposes an expulsion, which the district decides (competence.expulsion)
    case_propose(
        actor=actors["secretary"],
        case=case,
        form=Form.EXPULSION,
        proposed_on=date(2024, 3, 10),
        votes_for=2,
        votes_against=0,
        members_convened=2,
    )
    # then: the file reaches the body it is addressed to, and no other staff
    assert list(case_list(actor=actors["district"], organization=org_tree.district)) == [case]
    assert not case_list(actor=actors["commune"], organization=org_tree.district).exists()
    assert case_counts(org_tree.district)[0][1] == 1


def test_every_read_of_a_case_file_is_audited(cell, actors):
    case = open_case(actors["secretary"], cell["official"][0])
    case_file_read(actor=actors["district_inspection"], case=case)
    row = AuditEvent.objects.order_by("-id").first()
    assert row is not None
    assert (row.action, row.object_id, row.actor_id) == (
        READ,
        str(case.pk),
        actors["district_inspection"].pk,
    )


def test_an_open_case_blocks_removal_and_resignation_until_decided(cell, actors, superuser):
    from dangvien.members.services import member_remove, member_resign

    member = cell["official"][0]
    case = open_case(actors["secretary"], member)
    events = MemberEvent.objects.count()
    for service in (member_remove, member_resign):
        with pytest.raises(ValidationFailed) as refused:
            service(actor=superuser, member=member, effective_on=date(2024, 3, 5))
        assert refused.value.code == "discipline_case_open"
    assert MemberEvent.objects.count() == events
    # once decided, the member may leave
    case_decide(
        actor=actors["secretary"],
        case=case,
        form=Form.WARNING,
        decision=Decision("05-QĐ/CB", date(2024, 3, 20)),
        votes_for=2,
        members_convened=2,
    )
    member_resign(actor=superuser, member=member, effective_on=date(2024, 4, 1))
    assert MemberEvent.objects.filter(member=member, type=MemberEventType.RESIGNED).exists()


def test_dismissal_ends_the_committee_post_the_same_day(cell, actors, superuser, org_tree):
    from dangvien.committees.models import CommitteePost

    member = cell["official"][0]
    post = hold_post(superuser, member, org_tree.cell_a)
    case = open_case(actors["secretary"], member)
    case_propose(
        actor=actors["secretary"],
        case=case,
        form=Form.DISMISSAL,
        proposed_on=date(2024, 3, 10),
        votes_for=2,
        members_convened=2,
    )
    case_decide(
        actor=actors["district"],
        case=case,
        form=Form.DISMISSAL,
        decision=Decision("08-QĐ/HU", date(2024, 4, 2)),
    )
    assert CommitteePost.objects.get(pk=post.pk).held_to == date(2024, 4, 2)


def test_dismissal_of_a_member_without_a_post_is_refused(cell, actors):
    case = open_case(actors["secretary"], cell["official"][0])
    before = rows()
    with pytest.raises(ValidationFailed) as refused:
        case_propose(
            actor=actors["secretary"],
            case=case,
            form=Form.DISMISSAL,
            proposed_on=date(2024, 3, 10),
            votes_for=2,
            members_convened=2,
        )
    assert refused.value.code == "no_post"
    assert rows() == before


def test_an_expulsion_ruled_from_the_member_page_is_recorded_as_discipline(
    cell, actors, superuser, org_tree
):
    from dangvien.decisions.services import proposal_submit, ruling_record

    member = cell["official"][0]
    post = hold_post(superuser, member, org_tree.cell_a)
    proposal = proposal_submit(
        actor=actors["secretary"],
        kind="expulsion",
        member=member,
        proposed_on=date(2024, 3, 5),
        votes_for=2,
        members_convened=2,
    )
    ruling_record(
        actor=actors["district"],
        proposal=proposal,
        outcome="approved",
        decision=Decision("45-QĐ/HU", date(2024, 3, 20)),
        confirmed=True,
    )
    decided = DisciplineDecision.objects.get()
    assert (decided.form, decided.number, decided.deciding_organization) == (
        "expulsion",
        "45-QĐ/HU",
        org_tree.district,
    )
    assert decided.member_event is not None
    assert decided.case.organization == org_tree.cell_a
    from dangvien.committees.models import CommitteePost

    assert CommitteePost.objects.get(pk=post.pk).held_to == date(2024, 3, 20)
