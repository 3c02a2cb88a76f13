"""The pipeline end to end, deadlines in working days, recognition, targets, digest, permissions."""

from __future__ import annotations

from datetime import date

import pytest
from django.core import mail
from django.core.exceptions import PermissionDenied
from django.core.management import call_command

from dangvien.admissions import services
from dangvien.admissions.selectors import (
    candidate_deadlines,
    deadline_report,
    target_progress,
    white_units,
)
from dangvien.admissions.tests.support import VOTE_ON, counts, official, prepare, register, vote
from dangvien.core.decisions import Decision
from dangvien.core.exceptions import DomainError
from dangvien.members.choices import MemberEventType
from dangvien.members.models import MemberEvent, MemberPeriod
from dangvien.members.tests.support import admit, make_cell
from dangvien.organizations.services import organization_move
from dangvien.targets.services import admission_target_set

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _recorded_in_2028(today_is):
    """The scenarios run into 2027: they are read as recorded in 2028."""
    today_is(date(2028, 1, 1))


@pytest.fixture
def voted(superuser, org_tree):
    one = official(superuser, org_tree.cell_a, "Lê Văn Một")
    two = official(superuser, org_tree.cell_b, "Phạm Văn Hai")
    return vote(superuser, prepare(superuser, register(superuser, org_tree.cell_a), [one, two]))


def _decide(actor, candidate, on=date(2026, 3, 2)):
    candidate = services.candidate_advance(
        actor=actor, candidate=candidate, step="proposal", done_on=on
    )
    return services.candidate_advance(
        actor=actor,
        candidate=candidate,
        step="decision",
        done_on=on,
        document_number="15-QĐ/HU",
        issuer="Ban Thường vụ Huyện ủy",
    )


def test_decision_deadline_across_tet(voted):
    decision = candidate_deadlines(voted)[0]
    # 60 working days from 26/01/2026 skip the Tết holidays (16–20/02) and Hùng Kings' day.
    assert decision.due == date(2026, 4, 28)


def test_organization_day_off_shifts_deadline_in_its_subtree(superuser, org_tree, voted):
    services.day_off_set(
        actor=superuser, organization=org_tree.commune, day=date(2026, 3, 2), reason="Đại hội"
    )
    assert candidate_deadlines(voted)[0].due == date(2026, 4, 29)


def test_extension_is_limited_and_moves_the_deadline(superuser, voted):
    with pytest.raises(DomainError):
        services.candidate_extend_decision(
            actor=superuser, candidate=voted, working_days=31, reason="x"
        )
    services.candidate_extend_decision(
        actor=superuser, candidate=voted, working_days=10, reason="Chờ thẩm tra"
    )
    voted.refresh_from_db()
    assert candidate_deadlines(voted)[0].due > date(2026, 4, 28)


def test_overdue_and_due_soon_lists(superuser, org_tree, voted):
    assert deadline_report(
        actor=superuser, organization=org_tree.district, on=date(2026, 4, 20)
    ).due_soon
    overdue = deadline_report(
        actor=superuser, organization=org_tree.province, on=date(2026, 5, 4)
    ).overdue
    assert [d.kind for d in overdue] == ["decision"]
    assert not deadline_report(
        actor=superuser, organization=org_tree.sibling_district, on=date(2026, 5, 4)
    ).overdue


def test_end_to_end_admission_and_recognition(superuser, org_tree, voted):
    candidate = _decide(superuser, voted)
    candidate = services.candidate_admit(
        actor=superuser, candidate=candidate, ceremony_on=date(2026, 3, 20)
    )
    assert candidate.member is not None
    assert candidate.member.full_name == "Trần Thị Bình"
    event = MemberEvent.objects.get(member=candidate.member, type=MemberEventType.ADMITTED)
    assert (event.effective_on, event.decision_number) == (date(2026, 3, 20), "15-QĐ/HU")
    assert [d.kind for d in candidate_deadlines(candidate)] == [
        "decision",
        "ceremony",
        "recognition",
    ]
    services.recognition_vote_record(
        actor=superuser,
        candidate=candidate,
        voted_on=date(2027, 3, 25),
        members_called=9,
        votes_for=8,
    )
    services.candidate_recognise(
        actor=superuser, candidate=candidate, decision=Decision("40-QĐ/HU", date(2027, 4, 5), "BTV")
    )
    recognised = MemberEvent.objects.get(member=candidate.member, type=MemberEventType.RECOGNISED)
    assert recognised.effective_on == date(2027, 3, 20)
    assert (
        MemberPeriod.objects.at(date(2027, 3, 21)).get(member=candidate.member).status == "official"
    )


def test_recognition_vote_before_the_end_of_probation_is_refused_and_nothing_written(
    superuser, voted
):
    """The rule of the proposal of a recognition (``decisions.rules.
    recognition_resolution_verdict``, domain rules §2.4), not a copy of it: the cell resolves
    from the day probation ends on."""
    # given: the ceremony on 20/03/2026, probation ends on 20/03/2027
    candidate = services.candidate_admit(
        actor=superuser, candidate=_decide(superuser, voted), ceremony_on=date(2026, 3, 20)
    )
    before = counts()
    # when: the cell votes the day before
    with pytest.raises(DomainError) as error:
        services.recognition_vote_record(
            actor=superuser,
            candidate=candidate,
            voted_on=date(2027, 3, 19),
            members_called=9,
            votes_for=9,
        )
    # then: refused next to the vote date, naming the end of probation; nothing written
    assert (error.value.code, error.value.field) == ("probation_not_ended", "voted_on")
    assert "20/03/2027" in str(error.value) and "19/03/2027" in str(error.value)
    assert counts() == before
    # and on the day probation ends the vote is recorded
    vote = services.recognition_vote_record(
        actor=superuser,
        candidate=candidate,
        voted_on=date(2027, 3, 20),
        members_called=9,
        votes_for=9,
    )
    assert vote.passed


def test_third_failed_recognition_vote_escalates_then_removal(superuser, voted):
    candidate = services.candidate_admit(
        actor=superuser, candidate=_decide(superuser, voted), ceremony_on=date(2026, 3, 20)
    )
    for day in (date(2027, 3, 22), date(2027, 4, 5), date(2027, 4, 19)):
        services.recognition_vote_record(
            actor=superuser, candidate=candidate, voted_on=day, members_called=9, votes_for=5
        )
        candidate.refresh_from_db()
    assert candidate.escalated
    with pytest.raises(DomainError):
        services.recognition_vote_record(
            actor=superuser,
            candidate=candidate,
            voted_on=date(2027, 5, 3),
            members_called=9,
            votes_for=9,
        )
    services.candidate_remove(
        actor=superuser,
        candidate=candidate,
        effective_on=date(2027, 5, 10),
        decision=Decision("50", date(2027, 5, 10), "BTV"),
    )
    assert MemberEvent.objects.filter(
        member=candidate.member, type=MemberEventType.REMOVED
    ).exists()


def test_targets_rolled_up_over_the_subtree(superuser, org_tree, voted):
    admission_target_set(
        actor=superuser,
        organization=org_tree.district,
        period_from=date(2025, 1, 1),
        period_to=date(2030, 12, 31),
        admissions=10,
    )
    with pytest.raises(DomainError):
        admission_target_set(
            actor=superuser,
            organization=org_tree.commune,
            period_from=date(2024, 1, 1),
            period_to=date(2026, 12, 31),
            admissions=4,
        )
    admission_target_set(
        actor=superuser,
        organization=org_tree.commune,
        period_from=date(2025, 1, 1),
        period_to=date(2030, 12, 31),
        admissions=4,
    )
    services.candidate_admit(
        actor=superuser, candidate=_decide(superuser, voted), ceremony_on=date(2026, 3, 20)
    )
    progress = target_progress(
        actor=superuser, organization=org_tree.district, on=date(2026, 6, 30)
    )
    assert progress.admitted == 1
    assert progress.in_probation == 1
    assert progress.percent == 10.0
    assert progress.projection is not None
    commune = next(c for c in progress.children if c.organization == org_tree.commune)
    assert commune.admitted == 1
    assert commune.percent == 25.0
    units = white_units(actor=superuser, organization=org_tree.province, on=date(2026, 6, 30))
    assert org_tree.sibling_commune in [u.state.organization for u in units]


def test_rows_without_a_target_count_over_the_parents_period(superuser, org_tree, voted):
    # given: a district's term target from 2025; its communes have none; one admission in
    # 2025, one in 2026
    admission_target_set(
        actor=superuser,
        organization=org_tree.district,
        period_from=date(2025, 1, 1),
        period_to=date(2030, 12, 31),
        admissions=10,
    )
    services.candidate_admit(
        actor=superuser, candidate=_decide(superuser, voted), ceremony_on=date(2026, 3, 20)
    )

    # when
    progress = target_progress(
        actor=superuser, organization=org_tree.district, on=date(2026, 6, 30)
    )

    # then: the rows count the district's period, as the district does (they counted the year)
    assert progress.children_admitted == progress.admitted
    commune = next(c for c in progress.children if c.organization == org_tree.commune)
    assert (commune.counted_from, commune.counted_to) == (date(2025, 1, 1), date(2026, 6, 30))


def test_digest_command_mails_staff(superuser, org_tree, make_actor, voted):
    make_actor("staff", org_tree.district, email="canbo@example.vn")
    make_actor("staff", org_tree.sibling_district, email="khac@example.vn")
    out = __import__("io").StringIO()
    call_command("admissions_digest", "--date", "2026-05-04", stdout=out)
    assert "Trần Thị Bình" in out.getvalue()
    assert len(mail.outbox) == 1
    assert mail.outbox[0].to == ["canbo@example.vn"]


@pytest.mark.parametrize(
    ("_case", "role", "where"),
    [("viewer", "viewer", "commune"), ("sibling_staff", "staff", "sibling_district")],
)
def test_permission_denied_writes_nothing(
    superuser, org_tree, make_actor, voted, _case, role, where
):
    actor = make_actor(role, getattr(org_tree, where))
    before = counts()
    with pytest.raises(PermissionDenied):
        services.candidate_advance(
            actor=actor, candidate=voted, step="proposal", done_on=date(2026, 3, 2)
        )
    with pytest.raises(PermissionDenied):
        register(actor, org_tree.cell_a, full_name="X")
    assert counts() == before


def test_cell_secretary_cannot_decide(superuser, org_tree, make_actor, voted):
    secretary = make_actor("cell_secretary", org_tree.cell_a)
    candidate = services.candidate_advance(
        actor=secretary, candidate=voted, step="proposal", done_on=date(2026, 3, 2)
    )
    with pytest.raises(PermissionDenied):
        services.candidate_advance(
            actor=secretary,
            candidate=candidate,
            step="decision",
            done_on=date(2026, 3, 3),
            document_number="1",
            issuer="x",
        )


def test_vote_date_used_for_checks(voted):
    assert voted.steps.get(step="cell_vote").done_on == VOTE_ON


def test_target_progress_counts_admissions_where_the_cell_stands_on_the_date(superuser, org_tree):
    """Regression (issue 11, 6e): the progress counted the cell where it stood on the day of
    the admission, not where it stands on the date (the statistics' admissions, §3)."""
    # given: an admission into a cell that then moved to the other district
    moving = make_cell(superuser, "MOVING", org_tree.commune)
    admit(superuser, moving, admitted_on=date(2026, 2, 2))
    organization_move(
        actor=superuser,
        organization=moving,
        new_parent=org_tree.sibling_commune,
        effective_on=date(2026, 3, 2),
    )
    for district in (org_tree.district, org_tree.sibling_district):
        admission_target_set(
            actor=superuser,
            organization=district,
            period_from=date(2025, 1, 1),
            period_to=date(2030, 12, 31),
            admissions=10,
        )
    # when
    old = target_progress(actor=superuser, organization=org_tree.district, on=date(2026, 6, 30))
    new = target_progress(
        actor=superuser, organization=org_tree.sibling_district, on=date(2026, 6, 30)
    )
    # then
    assert old.admitted == 0
    assert new.admitted == 1
    assert new.percent == 10.0
