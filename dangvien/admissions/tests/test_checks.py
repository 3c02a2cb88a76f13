"""Statutory checks of the candidate's file, each passing and failing."""

from __future__ import annotations

from datetime import date

import pytest

from dangvien.admissions import services
from dangvien.admissions.checks import candidate_checklist, education_level
from dangvien.admissions.choices import CheckStatus
from dangvien.admissions.tests.support import VOTE_ON, counts, official, prepare, register, vote
from dangvien.core.exceptions import DomainError
from dangvien.members.services import member_remove, member_resign

pytestmark = pytest.mark.django_db


def _item(candidate, key, **kwargs):
    return next(i for i in candidate_checklist(candidate, **kwargs) if i.key == key)


@pytest.fixture
def ready(superuser, org_tree):
    one = official(superuser, org_tree.cell_a, "Lê Văn Một")
    two = official(superuser, org_tree.cell_b, "Phạm Văn Hai")
    candidate = prepare(superuser, register(superuser, org_tree.cell_a), [one, two])
    return candidate, one, two


@pytest.mark.parametrize(
    ("_case", "birth", "approved", "status"),
    [
        ("adult", date(2000, 1, 1), False, CheckStatus.PASSED),
        ("one_month_short_of_18", date(2008, 2, 27), False, CheckStatus.FAILED),
        ("over_60", date(1960, 1, 1), False, CheckStatus.FAILED),
        ("over_60_with_provincial_decision", date(1960, 1, 1), True, CheckStatus.PASSED),
    ],
)
def test_age_on_the_vote_date_in_completed_months(
    superuser, org_tree, _case, birth, approved, status
):
    candidate = register(superuser, org_tree.cell_a, birth_date=birth, over_age_approved=approved)
    item = _item(candidate, "age", vote_on=VOTE_ON)
    assert item.status == status
    assert item.rule_key.startswith("admission.")
    assert item.source


@pytest.mark.parametrize(
    ("_case", "education", "status"),
    [
        ("grade_9", "9/12", CheckStatus.PASSED),
        ("grade_8", "8/12", CheckStatus.FAILED),
        ("university", "Đại học", CheckStatus.PASSED),
        ("primary", "Tiểu học", CheckStatus.FAILED),
        ("blank", "", CheckStatus.MISSING),
    ],
)
def test_education(superuser, org_tree, _case, education, status):
    candidate = register(superuser, org_tree.cell_a, education=education)
    assert _item(candidate, "education").status == status


def test_education_levels():
    assert education_level("lower_secondary") == 2
    assert education_level("THPT") == 3


def test_course_certificate_valid_60_months(superuser, org_tree):
    one = official(superuser, org_tree.cell_a, "Một")
    two = official(superuser, org_tree.cell_a, "Hai")
    fresh = prepare(superuser, register(superuser, org_tree.cell_a), [one, two])
    stale = prepare(
        superuser,
        register(superuser, org_tree.cell_a, full_name="B"),
        [one, two],
        course_on=date(2020, 12, 1),
    )
    assert _item(fresh, "course", vote_on=VOTE_ON).status == CheckStatus.PASSED
    item = _item(stale, "course", vote_on=VOTE_ON)
    assert item.status == CheckStatus.FAILED
    assert item.rule_key == "admission.course_certificate_valid_months"
    missing = register(superuser, org_tree.cell_a, full_name="C")
    assert _item(missing, "course").status == CheckStatus.MISSING


def test_two_official_introducers_with_12_months_together(ready):
    candidate, _one, _two = ready
    assert _item(candidate, "introducers", vote_on=VOTE_ON).status == CheckStatus.PASSED


def test_probationary_introducer_fails(superuser, org_tree):
    one = official(superuser, org_tree.cell_a, "Một")
    from dangvien.admissions.tests.support import Decision, member_admit

    fresh = member_admit(
        actor=superuser,
        organization=org_tree.cell_a,
        admitted_on=date(2025, 6, 1),
        decision=Decision("3", date(2025, 5, 20), "ĐU"),
        profile={"full_name": "Dự Bị", "sex": "M", "birth_date": date(1990, 1, 1)},
    )
    candidate = prepare(superuser, register(superuser, org_tree.cell_a), [one, fresh])
    item = _item(candidate, "introducers", vote_on=VOTE_ON)
    assert item.status == CheckStatus.FAILED
    assert "Dự Bị" in item.message


def test_introducer_from_another_grassroots_or_too_recent_fails(superuser, org_tree):
    one = official(superuser, org_tree.cell_a, "Một")
    elsewhere = official(superuser, org_tree.cell_a, "Xa")
    from dangvien.members.services import member_transfer
    from dangvien.organizations.services import organization_create

    far_cell = organization_create(
        actor=superuser,
        code="CB-X",
        name="Chi bộ ấp Xa",
        kind="cell",
        sector="residential",
        parent=org_tree.sibling_commune,
        established_on=date(2000, 1, 1),
    )
    member_transfer(
        actor=superuser, member=elsewhere, to_organization=far_cell, effective_on=date(2016, 1, 1)
    )
    candidate = prepare(superuser, register(superuser, org_tree.cell_a), [one, elsewhere])
    item = _item(candidate, "introducers", vote_on=VOTE_ON)
    assert item.status == CheckStatus.FAILED
    assert item.rule_key == "admission.introducer_overlap_months"
    recent = prepare(
        superuser,
        register(superuser, org_tree.cell_a, full_name="Mới", joined_unit_on=date(2025, 6, 1)),
        [one, official(superuser, org_tree.cell_a, "Ba")],
    )
    assert _item(recent, "introducers", vote_on=VOTE_ON).status == CheckStatus.FAILED


def test_union_resolution_and_one_member(superuser, org_tree):
    one = official(superuser, org_tree.cell_a, "Một")
    candidate = prepare(
        superuser, register(superuser, org_tree.cell_a), [one], union_body="youth_union"
    )
    assert _item(candidate, "introducers", vote_on=VOTE_ON).status == CheckStatus.PASSED
    lone = prepare(superuser, register(superuser, org_tree.cell_a, full_name="Đơn"), [one])
    assert _item(lone, "introducers", vote_on=VOTE_ON).status == CheckStatus.MISSING


@pytest.mark.parametrize(
    ("_case", "called", "for_", "status"),
    [
        ("exactly_two_thirds", 9, 6, CheckStatus.PASSED),
        ("below_two_thirds_of_all_called", 9, 5, CheckStatus.FAILED),
        ("more_for_than_called", 3, 4, CheckStatus.FAILED),
    ],
)
def test_vote_counts_all_official_members_called(ready, _case, called, for_, status):
    candidate, _one, _two = ready
    assert (
        _item(candidate, "vote", vote_on=VOTE_ON, members_called=called, votes_for=for_).status
        == status
    )


def test_vote_refused_with_the_failing_check_and_nothing_written(superuser, ready):
    candidate, _one, _two = ready
    before = counts()
    with pytest.raises(DomainError) as error:
        vote(superuser, candidate, called=9, for_=5)
    assert error.value.code == "check_vote"
    assert "2/3" in str(error.value)
    assert counts() == before
    candidate.refresh_from_db()
    assert candidate.step == "introduction"


def test_vote_refused_when_a_document_is_missing(superuser, org_tree):
    one = official(superuser, org_tree.cell_a, "Một")
    two = official(superuser, org_tree.cell_a, "Hai")
    candidate = register(superuser, org_tree.cell_a)
    services.candidate_set_introducers(actor=superuser, candidate=candidate, introducers=[one, two])
    with pytest.raises(DomainError) as error:
        services.candidate_advance(
            actor=superuser,
            candidate=candidate,
            step="cell_vote",
            done_on=VOTE_ON,
            members_called=9,
            votes_for=9,
        )
    assert error.value.code == "step_order"


def test_readmission_only_after_waiting_and_once(superuser, org_tree):
    former = official(superuser, org_tree.cell_a, "Cũ")
    member_remove(actor=superuser, member=former, effective_on=date(2024, 1, 1))
    candidate = register(superuser, org_tree.cell_a, readmit_member=former)
    item = _item(candidate, "readmission", vote_on=VOTE_ON)
    assert item.status == CheckStatus.FAILED
    assert item.rule_key == "readmission.wait_months"
    assert _item(candidate, "readmission", vote_on=date(2027, 1, 2)).status == CheckStatus.PASSED


def test_readmission_never_for_a_member_removed_for_abandoning_party_activities(
    superuser, org_tree
):
    """The checklist passed him; the re-admission itself refuses (Quy định 294 mục 3.5): one
    rule for both (``members.rules.readmission_exclusion_verdict``)."""
    former = official(superuser, org_tree.cell_a, "Cũ")
    member_remove(
        actor=superuser, member=former, effective_on=date(2020, 1, 1), reason="abandoned_activity"
    )
    candidate = register(superuser, org_tree.cell_a, readmit_member=former)

    item = _item(candidate, "readmission", vote_on=date(2027, 1, 2))

    assert item.status == CheckStatus.FAILED
    assert "không được kết nạp lại" in item.message


def test_readmission_after_leaving_at_ones_own_request_waits_for_the_circumstances(
    superuser, org_tree
):
    former = official(superuser, org_tree.cell_a, "Cũ")
    member_resign(actor=superuser, member=former, effective_on=date(2020, 1, 1))
    candidate = register(superuser, org_tree.cell_a, readmit_member=former)

    item = _item(candidate, "readmission", vote_on=date(2027, 1, 2))

    assert item.status == CheckStatus.MISSING
