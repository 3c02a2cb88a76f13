"""Self-assessment → the cell's proposal → the decision."""

from __future__ import annotations

from datetime import date

import pytest
from django.core.exceptions import PermissionDenied

from dangvien.accounts.choices import Role
from dangvien.accounts.models import User
from dangvien.assessment.models import AssessmentStep
from dangvien.assessment.selectors import organization_year
from dangvien.assessment.services import (
    Entry,
    assessment_propose_many,
    assessment_self_submit,
)
from dangvien.audit.models import AuditEvent
from dangvien.core.exceptions import ValidationFailed
from dangvien.portal.services import member_account_link

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("rounds")]

ON = date(2021, 12, 10)


@pytest.fixture
def own_account(cell_members, superuser):
    member = cell_members[0][0]
    user = User.objects.create_user("an", password="pass-12345")
    member_account_link(actor=superuser, user=user, member=member, on=date(2021, 1, 1))
    return user, member


def test_the_member_submits_their_own_self_assessment(own_account):
    user, member = own_account
    audit = AuditEvent.objects.count()
    step = assessment_self_submit(
        actor=user, member=member, year=2021, level="good", score=82, form="2C", on=ON
    )
    assert (step.stage, step.form, step.organization.code) == ("self", "2C", "CB-A")
    assert AuditEvent.objects.count() == audit + 1


def test_another_members_account_may_not_self_assess_for_them(own_account, cell_members):
    user, _member = own_account
    other = cell_members[0][1]
    with pytest.raises(PermissionDenied):
        assessment_self_submit(actor=user, member=other, year=2021, level="good", on=ON)
    assert not AssessmentStep.objects.exists()


def test_a_member_form_is_2a_2b_or_2c(own_account):
    user, member = own_account
    with pytest.raises(ValidationFailed) as error:
        assessment_self_submit(actor=user, member=member, year=2021, level="good", form="01", on=ON)
    assert error.value.code == "assessment_form"


def test_an_organizations_collective_self_assessment_is_on_form_01(org_tree, superuser):
    step = assessment_self_submit(
        actor=superuser, organization=org_tree.cell_a, year=2021, level="good", on=ON
    )
    assert (step.subject, step.form) == ("organization", "01")


def test_the_cell_proposes_and_the_year_shows_each_stage(org_tree, own_account, make_actor):
    user, member = own_account
    assessment_self_submit(actor=user, member=member, year=2021, level="excellent", on=ON)
    secretary = make_actor(Role.CELL_SECRETARY, org_tree.cell_a)
    written = assessment_propose_many(
        actor=secretary, year=2021, proposed_on=date(2021, 12, 15), entries=[Entry(member, "good")]
    )
    assert len(written) == 1
    # the same proposal again writes nothing
    assert not assessment_propose_many(
        actor=secretary, year=2021, proposed_on=date(2021, 12, 16), entries=[Entry(member, "good")]
    )
    page = organization_year(actor=secretary, organization=org_tree.cell_a, year=2021)
    line = next(line for line in page.members if line.period.member_id == member.pk)
    assert (line.self_assessment.level, line.proposal.level, line.result) == (
        "excellent",
        "good",
        None,
    )


def test_a_cell_secretary_may_not_propose_for_another_cell(org_tree, cell_members, make_actor):
    secretary = make_actor(Role.CELL_SECRETARY, org_tree.cell_b)
    with pytest.raises(PermissionDenied):
        assessment_propose_many(
            actor=secretary, year=2021, proposed_on=ON, entries=[Entry(cell_members[0][0], "good")]
        )
    assert not AssessmentStep.objects.exists()


def test_proposals_wait_in_the_inbox_of_the_deciding_body_until_decided(
    org_tree, cell_members, make_actor, superuser, today_is
):
    from dangvien.assessment.panels import inbox_assessment
    from dangvien.assessment.services import assessment_decide_many

    today_is(date(2022, 1, 10))
    member = cell_members[0][0]
    assessment_propose_many(
        actor=superuser, year=2021, proposed_on=ON, entries=[Entry(member, "good")]
    )
    staff = make_actor(Role.STAFF, org_tree.commune)
    [item] = inbox_assessment(staff)
    assert item.count == 1 and "X-MA" in str(item.label)
    assessment_decide_many(
        actor=staff, year=2021, decided_on=date(2021, 12, 20), entries=[Entry(member, "good")]
    )
    assert inbox_assessment(staff) == []
