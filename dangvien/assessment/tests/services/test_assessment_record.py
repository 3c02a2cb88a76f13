"""Recording, correcting and deciding levels: the rules, the cap, the audit, the history."""

from __future__ import annotations

from datetime import date

import pytest
from django.core.exceptions import PermissionDenied

from dangvien.accounts.choices import Role
from dangvien.assessment.models import AssessmentResult
from dangvien.assessment.services import (
    Entry,
    assessment_correct,
    assessment_decide_many,
    assessment_record,
)
from dangvien.audit.models import AuditEvent
from dangvien.core.exceptions import ValidationFailed
from dangvien.members.services import member_resign
from dangvien.organizations.services import organization_dissolve

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("rounds")]

DECIDED = date(2021, 12, 20)


def test_records_a_members_level_decided_by_the_competent_grassroots_committee(
    org_tree, cell_members, superuser
):
    # given
    member = cell_members[0][0]
    audit_before = AuditEvent.objects.count()
    # when
    result = assessment_record(
        actor=superuser, member=member, year=2021, level="good", score=80, decided_on=DECIDED
    )
    # then
    assert result.decided_by == org_tree.commune  # competence.assessment_member: grassroots
    assert result.organization == org_tree.cell_a  # filed where the member stood that day
    assert (result.subject, result.year, result.level, result.score) == ("member", 2021, "good", 80)
    assert AuditEvent.objects.count() == audit_before + 1


def test_an_organizations_level_is_decided_by_the_level_directly_above(org_tree, superuser):
    result = assessment_record(
        actor=superuser, organization=org_tree.commune, year=2021, level="excellent",
        decided_on=DECIDED,
    )  # fmt: skip
    assert result.decided_by == org_tree.district
    assert result.subject == "organization"


def test_a_second_result_for_the_same_subject_and_year_is_refused(cell_members, superuser):
    member = cell_members[0][0]
    assessment_record(actor=superuser, member=member, year=2021, level="good", decided_on=DECIDED)
    count = AssessmentResult.objects.count()
    with pytest.raises(ValidationFailed) as refused:
        assessment_record(
            actor=superuser, member=member, year=2021, level="completed", decided_on=DECIDED
        )
    assert refused.value.code == "assessment_duplicate"
    assert AssessmentResult.objects.count() == count


def test_a_correction_supersedes_the_result_and_keeps_the_history(cell_members, superuser):
    member = cell_members[0][0]
    first = assessment_record(
        actor=superuser, member=member, year=2021, level="good", decided_on=DECIDED
    )
    corrected = assessment_correct(
        actor=superuser, result=first, level="completed", decided_on=date(2022, 2, 1)
    )
    assert corrected.supersedes == first
    assert list(AssessmentResult.objects.current().filter(member=member)) == [corrected]
    assert AssessmentResult.objects.filter(member=member).count() == 2
    # the superseded one cannot be corrected again
    with pytest.raises(ValidationFailed):
        assessment_correct(actor=superuser, result=first, level="good", decided_on=date(2022, 3, 1))


def test_a_correction_dated_before_the_result_is_refused(cell_members, superuser):
    first = assessment_record(
        actor=superuser, member=cell_members[0][0], year=2021, level="good", decided_on=DECIDED
    )
    with pytest.raises(ValidationFailed):
        assessment_correct(
            actor=superuser, result=first, level="completed", decided_on=date(2021, 12, 1)
        )


@pytest.mark.parametrize(
    ("_case", "level", "score", "decided_on", "refused"),
    [
        ("85 points is not excellent under 366", "excellent", 85, date(2025, 12, 20), True),
        ("90 points is excellent", "excellent", 90, date(2025, 12, 20), False),
        ("a lower level than the points is allowed", "completed", 95, date(2025, 12, 20), False),
        ("49 points is not completed", "completed", 49, date(2025, 12, 20), True),
        ("no bands before 366", "excellent", 60, date(2024, 12, 20), False),
    ],
)
def test_the_level_stays_within_the_band_of_the_score(
    cell_members, superuser, today_is, _case, level, score, decided_on, refused
):
    today_is(date(2026, 1, 15))
    a, _b = cell_members
    # goods so that the cap does not interfere
    for member in a[1:]:
        assessment_record(
            actor=superuser, member=member, year=decided_on.year, level="good",
            decided_on=decided_on,
        )  # fmt: skip
    call = lambda: assessment_record(  # noqa: E731
        actor=superuser, member=a[0], year=decided_on.year, level=level, score=score,
        decided_on=decided_on,
    )  # fmt: skip
    if refused:
        with pytest.raises(ValidationFailed) as error:
            call()
        assert error.value.code == "assessment_band"
    else:
        assert call().level == level


def test_the_score_is_on_the_hundred_point_scale(cell_members, superuser):
    with pytest.raises(ValidationFailed) as error:
        assessment_record(
            actor=superuser, member=cell_members[0][0], year=2021, level="good", score=101,
            decided_on=DECIDED,
        )  # fmt: skip
    assert error.value.code == "assessment_score"


def test_the_cap_on_excellent_stops_the_decision_with_its_source(cell_members, superuser):
    # given one member rated good in the grassroots organization (cells A and B of Mỹ An)
    a, b = cell_members
    assessment_record(actor=superuser, member=b[0], year=2021, level="good", decided_on=DECIDED)
    # when a second is rated excellent: 1 > 20% of 1
    with pytest.raises(ValidationFailed) as error:
        assessment_record(
            actor=superuser, member=a[0], year=2021, level="excellent", decided_on=DECIDED
        )
    # then
    assert error.value.code == "assessment_excellent_cap"
    assert "21-HD/BTCTW" in str(error.value)
    assert not AssessmentResult.objects.filter(member=a[0]).exists()


def test_a_batch_is_judged_against_the_cap_on_its_totals(cell_members, superuser):
    a, b = cell_members
    entries = [Entry(m, "good") for m in [*a[1:], b[0]]] + [Entry(a[0], "excellent")]
    written = assessment_decide_many(
        actor=superuser, year=2021, decided_on=DECIDED, entries=entries
    )
    assert len(written) == 7  # 1 excellent within 20% of 6 good
    # a second excellent breaks the cap: the whole batch is refused
    count = AssessmentResult.objects.count()
    with pytest.raises(ValidationFailed):
        assessment_decide_many(
            actor=superuser, year=2021, decided_on=DECIDED, entries=[Entry(b[1], "excellent")]
        )
    assert AssessmentResult.objects.count() == count


def test_a_batch_corrects_what_changed_and_leaves_the_rest(cell_members, superuser):
    a, _b = cell_members
    assessment_decide_many(
        actor=superuser, year=2021, decided_on=DECIDED, entries=[Entry(a[0], "good", 75)]
    )
    written = assessment_decide_many(
        actor=superuser, year=2021, decided_on=date(2022, 1, 5),
        entries=[Entry(a[0], "good", 75), Entry(a[1], "completed")],
    )  # fmt: skip
    assert [r.member for r in written] == [a[1]]


def test_a_committee_outside_the_subjects_subtree_is_refused(org_tree, cell_members, superuser):
    with pytest.raises(ValidationFailed) as error:
        assessment_record(
            actor=superuser, member=cell_members[0][0], year=2021, level="good",
            decided_on=DECIDED, decided_by=org_tree.sibling_commune,
        )  # fmt: skip
    assert error.value.code == "assessment_decider_outside"


def test_a_person_not_yet_a_member_on_the_decision_date_is_refused(org_tree, admit, superuser):
    member = admit(org_tree.cell_a, admitted_on=date(2022, 3, 1))
    with pytest.raises(ValidationFailed) as error:
        assessment_record(
            actor=superuser, member=member, year=2021, level="good", decided_on=DECIDED
        )
    assert error.value.code == "assessment_not_member"


def test_a_result_decided_after_the_member_left_is_filed_where_they_last_were(
    cell_members, superuser
):
    member = cell_members[0][0]
    member_resign(actor=superuser, member=member, effective_on=date(2021, 6, 1))
    # the day of the exit still counts for the organization left; a later day files it there
    on_the_day = assessment_record(
        actor=superuser,
        member=member,
        year=2020,
        level="good",
        decided_on=date(2021, 6, 1),
        check_round=False,  # history: the member left before the rounds' reference dates
    )
    later = assessment_record(
        actor=superuser, member=member, year=2021, level="good", decided_on=DECIDED,
        check_round=False,
    )  # fmt: skip
    assert on_the_day.organization.code == later.organization.code == "CB-A"


def test_a_dissolved_organizations_result_is_decided_by_the_committee_it_stood_under(
    org_tree, superuser
):
    organization_dissolve(
        actor=superuser, organization=org_tree.cell_b, effective_on=date(2021, 12, 1)
    )
    result = assessment_record(
        actor=superuser, organization=org_tree.cell_b, year=2021, level="good",
        decided_on=DECIDED, decided_by=org_tree.commune, check_round=False,
    )  # fmt: skip
    assert result.decided_by == org_tree.commune


def test_a_future_decision_date_is_refused(cell_members, superuser, today_is):
    today_is(date(2021, 12, 1))
    with pytest.raises(ValidationFailed) as error:
        assessment_record(
            actor=superuser, member=cell_members[0][0], year=2021, level="good", decided_on=DECIDED
        )
    assert error.value.code == "future_date"


def test_staff_of_another_commune_may_not_record(org_tree, cell_members, make_actor):
    outsider = make_actor(Role.STAFF, org_tree.sibling_commune)
    with pytest.raises(PermissionDenied):
        assessment_record(
            actor=outsider, member=cell_members[0][0], year=2021, level="good", decided_on=DECIDED
        )
    assert not AssessmentResult.objects.exists()


def test_staff_of_the_commune_records_its_members_levels(org_tree, cell_members, make_actor):
    staff = make_actor(Role.STAFF, org_tree.commune)
    result = assessment_record(
        actor=staff, member=cell_members[0][0], year=2021, level="good", decided_on=DECIDED
    )
    assert result.actor_name
