"""Votes taken at a meeting: the denominator computed from the record, and the admission,
recognition and proposal flows taking their numbers from such a vote through their own services
(their own thresholds)."""

from datetime import date

import pytest
from django.core.exceptions import PermissionDenied
from django.urls import reverse

from dangvien.admissions import services as admissions
from dangvien.admissions.choices import Step
from dangvien.admissions.tests.support import VOTE_ON, official, prepare, register
from dangvien.competence.choices import DecisionKind
from dangvien.core.exceptions import DomainError
from dangvien.core.votes import vote_choices, vote_get
from dangvien.decisions.models import Proposal
from dangvien.decisions.selectors import official_members_convened
from dangvien.decisions.services import proposal_submit
from dangvien.meetings.services import meeting_record, meeting_vote_record

pytestmark = pytest.mark.django_db

DAY = date(2024, 3, 5)


@pytest.fixture
def meeting(people, org_tree, superuser):
    return meeting_record(
        actor=superuser, organization=org_tree.cell_a, kind="regular", held_on=DAY
    )


def _vote(actor, meeting, *, purpose="proposal", for_=2, against=0, abstain=0):
    return meeting_vote_record(
        actor=actor,
        meeting=meeting,
        subject="Đề nghị xóa tên đảng viên Trần Thị Bình",
        purpose=purpose,
        votes_for=for_,
        votes_against=against,
        abstentions=abstain,
    )


def test_the_denominator_is_computed_from_the_record_not_typed(meeting, org_tree, actors):
    # An and Bình: Cường is exempted, Dung probationary, Em a guest from another cell
    vote = _vote(actors["secretary"], meeting, for_=1, against=1)
    assert vote.members_convened == official_members_convened(org_tree.cell_a, DAY) == 2
    with pytest.raises(DomainError) as refused:
        _vote(actors["secretary"], meeting, for_=2, against=0, abstain=1)
    assert refused.value.code == "vote_over_convened"
    with pytest.raises(DomainError) as refused:
        meeting_vote_record(
            actor=actors["secretary"], meeting=meeting, subject=" ", purpose="other", votes_for=1
        )
    assert refused.value.code == "vote_subject_required"


def test_only_those_who_change_the_meetings_record_a_vote(meeting, actors):
    with pytest.raises(PermissionDenied):
        _vote(actors["other_secretary"], meeting)
    assert vote_choices(actors["other_secretary"], meeting.organization_id, ["proposal"]) == []
    _vote(actors["secretary"], meeting)
    assert len(vote_choices(actors["commune"], meeting.organization_id, ["proposal"])) == 1
    with pytest.raises(DomainError):
        vote_get(actors["other_secretary"], meeting.votes.get().pk)


def test_a_proposal_takes_its_numbers_from_the_vote_and_its_own_threshold(
    meeting, people, superuser
):
    short = vote_get(superuser, _vote(superuser, meeting, for_=1, against=1).pk)
    with pytest.raises(DomainError) as refused:
        proposal_submit(
            actor=superuser,
            kind=DecisionKind.REMOVAL,
            member=people["binh"],
            proposed_on=DAY,
            data={"reason": "abandoned_activity"},
            meeting_vote=short,
        )
    assert refused.value.code == "vote_short"  # 1 of 2: under two thirds (competence.removal)
    enough = vote_get(superuser, _vote(superuser, meeting, for_=2).pk)
    with pytest.raises(DomainError) as refused:
        proposal_submit(
            actor=superuser,
            kind=DecisionKind.REMOVAL,
            member=people["binh"],
            proposed_on=date(2024, 3, 6),
            meeting_vote=enough,
        )
    assert refused.value.code == "vote_other_day"
    with pytest.raises(DomainError) as refused:
        proposal_submit(
            actor=superuser,
            kind=DecisionKind.REMOVAL,
            member=people["binh"],
            proposed_on=DAY,
            votes_for=1,
            meeting_vote=enough,
        )
    assert refused.value.code == "vote_twice"
    proposal = proposal_submit(
        actor=superuser,
        kind=DecisionKind.REMOVAL,
        member=people["binh"],
        proposed_on=DAY,
        data={"reason": "abandoned_activity"},
        meeting_vote=enough,
    )
    assert (proposal.members_convened, proposal.votes_for, proposal.votes_against) == (2, 2, 0)
    assert proposal.data["meeting_vote"] == enough.pk


def test_a_vote_of_another_cell_or_for_another_matter_is_refused(
    meeting, people, org_tree, superuser
):
    other = meeting_record(
        actor=superuser, organization=org_tree.cell_b, kind="regular", held_on=DAY
    )
    with pytest.raises(DomainError) as refused:
        meeting_vote_record(
            actor=superuser, meeting=other, subject="x", purpose="proposal", votes_for=2
        )
    assert refused.value.code == "vote_over_convened"  # cell_b has no official member to convene
    wrong = vote_get(superuser, _vote(superuser, meeting, purpose="other").pk)
    with pytest.raises(DomainError) as refused:
        proposal_submit(
            actor=superuser,
            kind=DecisionKind.REMOVAL,
            member=people["binh"],
            proposed_on=DAY,
            meeting_vote=wrong,
        )
    assert refused.value.code == "vote_other_purpose"


def test_the_cell_vote_of_an_admission_comes_from_the_meeting(superuser, org_tree, today_is):
    today_is(date(2028, 1, 1))
    one = official(superuser, org_tree.cell_a, "Lê Văn Một")
    two = official(superuser, org_tree.cell_b, "Phạm Văn Hai")
    candidate = prepare(superuser, register(superuser, org_tree.cell_a), [one, two])
    held = meeting_record(
        actor=superuser, organization=org_tree.cell_a, kind="regular", held_on=VOTE_ON
    )
    vote = meeting_vote_record(
        actor=superuser,
        meeting=held,
        subject="Kết nạp quần chúng Trần Thị Bình",
        purpose="admission",
        votes_for=1,
    )
    recorded = vote_get(superuser, vote.pk)
    with pytest.raises(DomainError) as refused:
        admissions.candidate_advance(
            actor=superuser,
            candidate=candidate,
            step=Step.CELL_VOTE,
            done_on=date(2026, 1, 27),
            meeting_vote=recorded,
        )
    assert refused.value.code == "vote_other_day"
    candidate = admissions.candidate_advance(
        actor=superuser,
        candidate=candidate,
        step=Step.CELL_VOTE,
        done_on=VOTE_ON,
        document_number="NQ-01",
        meeting_vote=recorded,
    )
    step = candidate.steps.get(step=Step.CELL_VOTE)
    assert (step.members_called, step.votes_for) == (1, 1)


def test_the_recognition_vote_takes_the_date_and_numbers_of_the_meeting(
    superuser, org_tree, today_is
):
    today_is(date(2028, 1, 1))
    one = official(superuser, org_tree.cell_a, "Lê Văn Một")
    two = official(superuser, org_tree.cell_a, "Phạm Văn Hai")
    candidate = prepare(superuser, register(superuser, org_tree.cell_a), [one, two])
    candidate = admissions.candidate_advance(
        actor=superuser,
        candidate=candidate,
        step=Step.CELL_VOTE,
        done_on=VOTE_ON,
        document_number="NQ-01",
        members_called=2,
        votes_for=2,
    )
    for step, day in (("proposal", date(2026, 2, 2)), ("decision", date(2026, 2, 3))):
        candidate = admissions.candidate_advance(
            actor=superuser,
            candidate=candidate,
            step=step,
            done_on=day,
            document_number="15-QĐ/HU",
            issuer="Huyện ủy",
        )
    candidate = admissions.candidate_admit(
        actor=superuser, candidate=candidate, ceremony_on=date(2026, 2, 10)
    )
    held = meeting_record(
        actor=superuser, organization=org_tree.cell_a, kind="regular", held_on=date(2027, 2, 15)
    )
    # two officials convened (the probationary member does not count); one votes in favour
    vote = meeting_vote_record(
        actor=superuser,
        meeting=held,
        subject="Công nhận đảng viên chính thức",
        purpose="recognition",
        votes_for=1,
        votes_against=1,
    )
    result = admissions.recognition_vote_record(
        actor=superuser, candidate=candidate, meeting_vote=vote_get(superuser, vote.pk)
    )
    assert (result.voted_on, result.members_called, result.votes_for) == (held.held_on, 2, 1)
    assert result.passed is False  # 1 of 2 is under two thirds (admission.vote_min_fraction)


def test_the_secretary_records_a_vote_on_the_meeting_page_and_proposes_with_it(
    client, meeting, people, actors
):
    client.force_login(actors["secretary"])
    response = client.post(
        reverse("web:meeting_vote_create", args=[meeting.pk]),
        {
            "subject": "Đề nghị xóa tên Trần Thị Bình",
            "purpose": "proposal",
            "votes_for": "2",
            "votes_against": "0",
            "abstentions": "0",
        },
    )
    assert response.status_code == 302
    vote = meeting.votes.get()
    assert vote.members_convened == 2
    page = client.get(reverse("web:meeting", args=[meeting.pk])).content.decode()
    assert "Đề nghị xóa tên Trần Thị Bình" in page
    propose = reverse("web:member_propose", args=[people["binh"].pk, "removal"])
    form = client.get(f"{propose}?as_of={DAY.isoformat()}").content.decode()
    assert f'<option value="{vote.pk}">' in form
    response = client.post(
        f"{propose}?as_of={DAY.isoformat()}",
        {"proposed_on": "05/03/2024", "meeting_vote": str(vote.pk), "reason": "abandoned_activity"},
    )
    assert response.status_code == 302, response.content.decode()
    proposal = Proposal.objects.get()
    assert (proposal.votes_for, proposal.members_convened) == (2, 2)
    detail = client.get(reverse("web:proposal", args=[proposal.pk])).content.decode()
    assert "Đề nghị xóa tên Trần Thị Bình" in detail  # the vote named, not its number


def test_the_api_records_a_vote_with_the_computed_denominator(api_client, meeting, actors):
    api_client.force_authenticate(actors["secretary"])
    response = api_client.post(
        f"/api/meetings/{meeting.pk}/votes/",
        {
            "subject": "Nghị quyết tháng 3",
            "purpose": "other",
            "votes_for": 2,
            "members_convened": 9,
        },
        format="json",
    )
    assert response.status_code == 201, response.content
    assert response.json()["members_convened"] == 2
    detail = api_client.get(f"/api/meetings/{meeting.pk}/").json()
    assert [v["subject"] for v in detail["votes"]] == ["Nghị quyết tháng 3"]
    api_client.force_authenticate(actors["other_secretary"])
    response = api_client.post(
        f"/api/meetings/{meeting.pk}/votes/",
        {"subject": "x", "purpose": "other", "votes_for": 1},
        format="json",
    )
    assert response.status_code == 404


def test_a_vote_alters_no_figure_of_a_day_before_its_meeting(meeting, actors):
    from dangvien.audit.selectors import data_version_on

    before = [data_version_on(day) for day in (date(2024, 3, 4), DAY)]
    _vote(actors["secretary"], meeting)
    after = [data_version_on(day) for day in (date(2024, 3, 4), DAY)]
    assert after[0] == before[0] and after[1] != before[1]
