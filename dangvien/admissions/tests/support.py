"""Helpers of the admission tests: members and candidates built through the services."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

from dangvien.admissions import services
from dangvien.admissions.choices import Step
from dangvien.admissions.models import Candidate, CandidateStep, DayOff, RecognitionVote
from dangvien.audit.models import AuditEvent
from dangvien.core.decisions import Decision
from dangvien.members.models import Member, MemberEvent
from dangvien.members.services import member_admit, member_recognise
from dangvien.organizations.models import Organization

VOTE_ON = date(2026, 1, 26)
DOCUMENT_STEPS = [
    Step.COURSE,
    Step.APPLICATION,
    Step.PERSONAL_HISTORY,
    Step.VERIFICATION,
    Step.MASS_COMMENTS,
    Step.RESIDENCE_COMMENTS,
    Step.INTRODUCTION,
]


def counts() -> dict[str, int]:
    return {
        "candidates": Candidate.objects.count(),
        "steps": CandidateStep.objects.count(),
        "votes": RecognitionVote.objects.count(),
        "days_off": DayOff.objects.count(),
        "members": Member.objects.count(),
        "events": MemberEvent.objects.count(),
        "audit": AuditEvent.objects.count(),
    }


def official(
    actor: Any, organization: Organization, name: str, admitted_on: date = date(2015, 1, 10)
) -> Member:
    member = member_admit(
        actor=actor,
        organization=organization,
        admitted_on=admitted_on,
        decision=Decision("1-QĐ/ĐU", admitted_on - timedelta(days=5), "Đảng ủy xã"),
        profile={"full_name": name, "sex": "M", "birth_date": date(1980, 1, 1)},
    )
    member_recognise(
        actor=actor, member=member, decision=Decision("2-QĐ/ĐU", admitted_on, "Đảng ủy")
    )
    return member


def register(actor: Any, organization: Organization, **over: Any) -> Candidate:
    profile = {
        "full_name": over.pop("full_name", "Trần Thị Bình"),
        "sex": "F",
        "birth_date": over.pop("birth_date", date(2000, 1, 1)),
        "education": over.pop("education", "12/12"),
    }
    return services.candidate_register(
        actor=actor,
        organization=organization,
        profile=profile,
        source=over.pop("source", "residence"),
        joined_unit_on=over.pop("joined_unit_on", date(2020, 1, 1)),
        **over,
    )


def prepare(
    actor: Any,
    candidate: Candidate,
    introducers: list[Member],
    *,
    course_on: date = date(2025, 10, 1),
    union_body: str = "",
) -> Candidate:
    """Record the documents and introducers up to (not including) the cell vote."""
    services.candidate_set_introducers(
        actor=actor, candidate=candidate, introducers=introducers, union_body=union_body
    )
    day = course_on
    for step in DOCUMENT_STEPS:
        candidate = services.candidate_advance(
            actor=actor, candidate=candidate, step=step, done_on=day, document_number=f"{step}-1"
        )
        day += timedelta(days=7)
    return candidate


def vote(
    actor: Any, candidate: Candidate, *, on: date = VOTE_ON, called: int = 9, for_: int = 6
) -> Candidate:
    return services.candidate_advance(
        actor=actor,
        candidate=candidate,
        step=Step.CELL_VOTE,
        done_on=on,
        document_number="NQ-01",
        members_called=called,
        votes_for=for_,
    )
