"""Defect 4 of issue 13 without the race: a member cannot join an organization that has ended
since (its members were passed on when it ended), and ``rebuild_member_periods --verify``
reports periods in organizations that do not exist on their dates."""

from __future__ import annotations

from datetime import date

import pytest
from django.core.management import CommandError, call_command

from dangvien.core.exceptions import ValidationFailed
from dangvien.members.models import MemberPeriod
from dangvien.members.services import member_transfer, rebuild_member_periods
from dangvien.members.tests.support import admit, counts, make_cell
from dangvien.organizations.models import Organization
from dangvien.organizations.services import organization_dissolve, organization_merge

pytestmark = pytest.mark.django_db

MERGED = date(2024, 6, 1)


@pytest.fixture
def merged_cell(org_tree, superuser) -> Organization:
    cell = make_cell(superuser, "CB-M", org_tree.commune)
    organization_merge(
        actor=superuser, absorbed=[cell], survivor=org_tree.cell_b, effective_on=MERGED
    )
    cell.refresh_from_db()
    return cell


def test_an_admission_dated_before_a_merge_recorded_since_is_refused(merged_cell, superuser):
    # given
    before = counts()

    # when / then
    with pytest.raises(ValidationFailed) as refused:
        admit(superuser, merged_cell, admitted_on=date(2024, 5, 20))
    assert refused.value.code == "organization_ended"
    assert "01/06/2024" in str(refused.value.message)
    assert counts() == before
    assert rebuild_member_periods(verify_only=True)["orphaned"] == 0


def test_a_transfer_into_a_cell_dissolved_since_is_refused(org_tree, superuser):
    # given
    member = admit(superuser, org_tree.cell_a)
    gone = make_cell(superuser, "CB-D", org_tree.commune)
    organization_dissolve(actor=superuser, organization=gone, effective_on=MERGED)

    # when / then
    with pytest.raises(ValidationFailed) as refused:
        member_transfer(
            actor=superuser, member=member, to_organization=gone, effective_on=date(2024, 3, 1)
        )
    assert refused.value.code == "organization_ended"


def test_verify_reports_periods_in_an_organization_that_no_longer_exists(
    org_tree, superuser, merged_cell
):
    # given: a period left open in the merged cell (as the race of a merge and an admission
    # used to leave it)
    member = admit(superuser, org_tree.cell_a)
    MemberPeriod.objects.filter(member=member).update(organization=merged_cell)

    # when / then
    assert rebuild_member_periods(verify_only=True)["orphaned"] == 1
    with pytest.raises(CommandError, match="do not exist on their dates"):
        call_command("rebuild_member_periods", "--verify")


def test_verify_passes_members_passed_to_the_survivor(org_tree, superuser):
    # given: a member of a cell merged later is passed to the survivor that day
    cell = make_cell(superuser, "CB-M", org_tree.commune)
    admit(superuser, cell)
    organization_merge(
        actor=superuser, absorbed=[cell], survivor=org_tree.cell_b, effective_on=MERGED
    )

    # when
    result = rebuild_member_periods(verify_only=True)

    # then
    assert (result["differing"], result["orphaned"]) == (0, 0)
    call_command("rebuild_member_periods", "--verify")
