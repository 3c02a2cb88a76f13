"""A proposal the competent body could never approve is refused when it is made, by the rule the
decision applies, and writes nothing (walk of the demo: a 30-year badge proposed for a member
with 10 years of party age, a recognition resolved three weeks before probation ended)."""

from collections.abc import Callable
from datetime import date

import pytest
from django.utils import translation

from dangvien.audit.models import AuditEvent
from dangvien.core.decisions import Decision
from dangvien.core.exceptions import ValidationFailed
from dangvien.decisions.choices import DecisionKind, Outcome
from dangvien.decisions.models import Proposal, Ruling
from dangvien.decisions.services import proposal_submit, ruling_record
from dangvien.members.models import BadgeAward, MemberEvent
from dangvien.members.selectors import member_state
from dangvien.members.services import badge_award, member_recognise
from dangvien.members.tests.support import admit

pytestmark = pytest.mark.django_db


def _written() -> tuple[int, int, int, int, int]:
    return (
        Proposal.objects.count(),
        Ruling.objects.count(),
        AuditEvent.objects.count(),
        MemberEvent.objects.count(),
        BadgeAward.objects.count(),
    )


def _refusal(call: Callable[[], object]) -> str | None:
    """The code of the refusal ``call`` raises, ``None`` when it goes through."""
    try:
        call()
    except ValidationFailed as error:
        return error.code
    return None


def _official(superuser, org_tree, *, decided_on: date, name: str = "Võ Văn Mười"):
    """An official member of cell_a whose party age counts from ``decided_on``."""
    member = admit(
        superuser,
        org_tree.cell_a,
        name=name,
        born=date(1970, 5, 1),
        decided_on=decided_on,
        admitted_on=date.fromordinal(decided_on.toordinal() + 5),
    )
    member_recognise(
        actor=superuser,
        member=member,
        decision=Decision("2-QĐ", date(decided_on.year + 1, decided_on.month, 28)),
    )
    return member


def _propose_badge(actors, member, on: date, milestone: int = 30, **details):
    # a badge is proposed by the grassroots organization (the commune) to the province
    return proposal_submit(
        actor=actors["commune"],
        kind=DecisionKind.BADGE_AWARD,
        member=member,
        proposed_on=on,
        data={"milestone": milestone, **details},
    )


#
# The party badge: the milestone against the party age on the occasion proposed for (§2.7)
#


def test_a_badge_the_member_cannot_reach_by_the_occasion_is_refused_and_nothing_written(
    superuser, org_tree, actors, today_is
):
    # given: party age from 10/03/2016, 10 years at the occasion of 07/11/2026
    today_is(date(2026, 12, 6))
    member = _official(superuser, org_tree, decided_on=date(2016, 3, 10))
    before = _written()
    # when
    with translation.override("vi"), pytest.raises(ValidationFailed) as error:
        _propose_badge(actors, member, date(2026, 10, 20))
    # then: the award's own words, next to the milestone, before anything is sent
    assert error.value.code == "party_age_short"
    assert error.value.field == "milestone"
    assert str(error.value.message).startswith(
        "Ngày 07/11/2026 tuổi đảng là 10 năm; Huy hiệu 30 năm tuổi đảng cần đủ 30 năm"
    )
    assert _written() == before


def test_a_badge_the_member_reaches_by_the_next_occasion_is_proposed_and_awarded(
    superuser, org_tree, actors, today_is
):
    # given: party age from 10/01/2000, 30 years on 10/01/2030; the resolution of 01/12/2029
    # proposes for the occasion of 03/02/2030
    today_is(date(2031, 1, 1))
    member = _official(superuser, org_tree, decided_on=date(2000, 1, 10))
    # when
    proposal = _propose_badge(actors, member, date(2029, 12, 1))
    ruling_record(
        actor=actors["province"],
        proposal=proposal,
        outcome=Outcome.APPROVED,
        decision=Decision("90-QĐ/TU", date(2030, 2, 3)),
    )
    # then
    assert proposal.deciding_organization == org_tree.province
    assert list(BadgeAward.objects.values_list("member_id", "milestone")) == [(member.pk, 30)]


def test_a_milestone_the_rulebook_does_not_list_is_refused(superuser, org_tree, actors, today_is):
    today_is(date(2031, 1, 1))
    member = _official(superuser, org_tree, decided_on=date(2000, 1, 10))
    before = _written()
    with pytest.raises(ValidationFailed) as error:
        _propose_badge(actors, member, date(2030, 6, 1), milestone=35)
    assert (error.value.code, error.value.field) == ("milestone", "milestone")
    assert _written() == before


def test_a_badge_proposal_names_its_milestone(superuser, org_tree, actors, today_is):
    today_is(date(2031, 1, 1))
    member = _official(superuser, org_tree, decided_on=date(2000, 1, 10))
    with pytest.raises(ValidationFailed) as error:
        proposal_submit(
            actor=actors["commune"],
            kind=DecisionKind.BADGE_AWARD,
            member=member,
            proposed_on=date(2030, 6, 1),
            data={},
        )
    assert (error.value.code, error.value.field) == ("milestone_required", "milestone")
    assert not Proposal.objects.exists()


def test_serious_illness_lets_the_proposal_come_early_as_the_award_does(
    superuser, org_tree, actors, today_is
):
    # given: 30 years on 10/01/2030; the occasion of 07/11/2029 is two months short
    today_is(date(2031, 1, 1))
    member = _official(superuser, org_tree, decided_on=date(2000, 1, 10))
    # when / then: refused without a reason, accepted within the 12 months for serious illness
    with pytest.raises(ValidationFailed):
        _propose_badge(actors, member, date(2029, 10, 1))
    proposal = _propose_badge(actors, member, date(2029, 10, 1), early_reason="serious_illness")
    assert proposal.data["early_reason"] == "serious_illness"


@pytest.mark.parametrize(
    ("_case", "decided_on"),
    [
        ("reaches the milestone the day before the occasion", date(2000, 11, 6)),
        ("reaches it on the occasion", date(2000, 11, 7)),
        ("reaches it the day after", date(2000, 11, 8)),
        ("a year short", date(2001, 11, 7)),
    ],
)
def test_the_proposal_refuses_exactly_what_the_award_on_the_occasion_refuses(
    _case, decided_on, superuser, org_tree, actors, today_is
):
    """The proposal and the award ask one rule (``members.rules.badge_milestone_verdict``); this
    pins that they agree at the boundary, for the occasion of 07/11/2030."""
    # given
    today_is(date(2031, 1, 1))
    member = _official(superuser, org_tree, decided_on=decided_on)
    occasion = date(2030, 11, 7)
    # when
    proposed = _refusal(lambda: _propose_badge(actors, member, date(2030, 10, 1)))
    awarded = _refusal(
        lambda: badge_award(actor=superuser, member=member, milestone=30, awarded_on=occasion)
    )
    # then
    assert proposed == awarded
    assert proposed in (None, "party_age_short")


#
# Recognition: the cell resolves once probation has ended (§2.4)
#


def test_a_recognition_resolved_before_probation_ends_is_refused_and_nothing_written(cell, actors):
    # given: admitted 10/01/2024, probation ends 10/01/2025
    member = cell["probationary"]
    before = _written()
    # when
    with translation.override("vi"), pytest.raises(ValidationFailed) as error:
        proposal_submit(
            actor=actors["secretary"],
            kind=DecisionKind.RECOGNITION,
            member=member,
            proposed_on=date(2024, 12, 16),
            votes_for=2,
        )
    # then: next to the date of the resolution, naming both dates
    assert error.value.code == "probation_not_ended"
    assert error.value.field == "proposed_on"
    message = str(error.value.message)
    assert message.startswith("Đảng viên hết thời gian dự bị ngày 10/01/2025;")
    assert "16/12/2024" in message
    assert _written() == before


def test_a_recognition_resolved_on_the_day_probation_ends_is_proposed(cell, actors):
    proposal = proposal_submit(
        actor=actors["secretary"],
        kind=DecisionKind.RECOGNITION,
        member=cell["probationary"],
        proposed_on=date(2025, 1, 10),
        votes_for=2,
    )
    assert proposal.deciding_organization is not None


def test_deciding_an_earlier_recognition_before_probation_ends_names_the_end_of_probation(
    cell, actors, org_tree, today_is
):
    """A proposal resolved before probation ended (accepted before this rule) and decided while
    the end is still to come: the refusal names the end of probation, not a bare "31/12 chưa
    đến" the user never typed."""
    # given: probation ends 10/01/2025; the resolution of 16/12/2024 is on record
    today_is(date(2024, 12, 20))
    member = cell["probationary"]
    proposal = Proposal.objects.create(
        kind=DecisionKind.RECOGNITION,
        member=member,
        proposing_organization=org_tree.cell_a,
        deciding_organization=org_tree.district,
        proposed_on=date(2024, 12, 16),
        members_convened=2,
        votes_for=2,
    )
    before = _written()
    # when
    with translation.override("vi"), pytest.raises(ValidationFailed) as error:
        ruling_record(
            actor=actors["district"],
            proposal=proposal,
            outcome=Outcome.APPROVED,
            decision=Decision("7-QĐ/HU", date(2024, 12, 20)),
        )
    # then
    assert error.value.code == "probation_not_ended"
    assert error.value.field == "date"
    assert str(error.value.message) == (
        "Đảng viên hết thời gian dự bị ngày 10/01/2025; quyết định công nhận đảng viên chính "
        "thức chỉ ghi nhận từ ngày đó."
    )
    assert _written() == before
    assert member_state(member).status == "probationary"
