"""The members side of organization merges and dissolutions."""

from datetime import date

import pytest

from dangvien.core.exceptions import ValidationFailed
from dangvien.members.models import MemberEvent
from dangvien.members.selectors import member_list_at
from dangvien.members.services import member_remove, member_transfer_issue
from dangvien.members.tests.support import ADMITTED, admit, counts, periods_of
from dangvien.organizations.models import OrganizationChange
from dangvien.organizations.services import organization_dissolve, organization_merge

pytestmark = pytest.mark.django_db
MERGED = date(2021, 7, 1)


def _ids(periods):
    return sorted(p.member_id for p in periods)


def test_merge_passes_the_absorbed_cells_members_to_the_survivor(org_tree, superuser):
    # given
    staying = admit(superuser, org_tree.cell_a, name="Nguyễn Văn An")
    moving = admit(superuser, org_tree.cell_b, name="Trần Thị Bình")
    day_before = date(2021, 6, 30)
    counted_before = _ids(
        member_list_at(actor=superuser, organization=org_tree.cell_a, on=day_before)
    )
    # when
    organization_merge(
        actor=superuser, absorbed=[org_tree.cell_b], survivor=org_tree.cell_a, effective_on=MERGED
    )
    # then
    event = MemberEvent.objects.get(member=moving, type="reassigned")
    assert (event.effective_on, event.organization, event.from_organization) == (
        MERGED,
        org_tree.cell_a,
        org_tree.cell_b,
    )
    assert periods_of(moving) == [
        ("CB-B", ADMITTED, MERGED, "probationary", False, None, None),
        ("CB-A", MERGED, None, "probationary", False, None, None),
    ]
    assert not MemberEvent.objects.filter(member=staying, type="reassigned").exists()
    assert counted_before == [staying.pk]
    assert _ids(member_list_at(actor=superuser, organization=org_tree.cell_a, on=day_before)) == [
        staying.pk
    ]
    assert _ids(member_list_at(actor=superuser, organization=org_tree.cell_a, on=MERGED)) == sorted(
        [staying.pk, moving.pk]
    )
    assert _ids(
        member_list_at(actor=superuser, organization=org_tree.commune, on=MERGED)
    ) == sorted([staying.pk, moving.pk])


def test_merge_leaves_former_members_of_the_absorbed_cell_alone(org_tree, superuser):
    # given
    left = admit(superuser, org_tree.cell_b)
    member_remove(actor=superuser, member=left, effective_on=date(2021, 1, 1))
    # when
    organization_merge(
        actor=superuser, absorbed=[org_tree.cell_b], survivor=org_tree.cell_a, effective_on=MERGED
    )
    # then
    assert not MemberEvent.objects.filter(member=left, type="reassigned").exists()
    assert periods_of(left)[-1][2] == date(2021, 1, 1)


def test_dissolving_a_cell_with_members_is_refused(org_tree, superuser):
    # given
    admit(superuser, org_tree.cell_b)
    before = counts()
    changes = OrganizationChange.objects.count()
    # when
    with pytest.raises(ValidationFailed) as error:
        organization_dissolve(actor=superuser, organization=org_tree.cell_b, effective_on=MERGED)
    # then
    assert error.value.code == "has_members"
    assert counts() == before
    assert OrganizationChange.objects.count() == changes
    org_tree.cell_b.refresh_from_db()
    assert org_tree.cell_b.dissolved_on is None


def test_dissolving_a_cell_awaiting_an_incoming_transfer_is_refused(org_tree, superuser):
    # given
    member = admit(superuser, org_tree.cell_a)
    member_transfer_issue(
        actor=superuser,
        member=member,
        to_organization=org_tree.cell_b,
        effective_on=date(2021, 6, 1),
    )
    before = counts()
    # when
    with pytest.raises(ValidationFailed) as error:
        organization_dissolve(actor=superuser, organization=org_tree.cell_b, effective_on=MERGED)
    # then
    assert error.value.code == "has_members"
    assert counts() == before


def test_dissolving_a_cell_whose_members_all_left_is_allowed(org_tree, superuser):
    # given
    member = admit(superuser, org_tree.cell_b)
    member_remove(actor=superuser, member=member, effective_on=date(2021, 1, 1))
    # when
    organization_dissolve(actor=superuser, organization=org_tree.cell_b, effective_on=MERGED)
    # then
    org_tree.cell_b.refresh_from_db()
    assert org_tree.cell_b.dissolved_on == MERGED


def test_dissolving_a_cell_with_a_later_incoming_member_is_refused(org_tree, superuser):
    # given: a transfer into CB-B recorded for 01/01/2022
    from dangvien.members.services import member_transfer

    member = admit(superuser, org_tree.cell_a)
    member_transfer(
        actor=superuser,
        member=member,
        to_organization=org_tree.cell_b,
        effective_on=date(2022, 1, 1),
    )
    before = counts()
    # when
    with pytest.raises(ValidationFailed) as error:
        organization_dissolve(actor=superuser, organization=org_tree.cell_b, effective_on=MERGED)
    # then
    assert error.value.code == "has_members"
    assert counts() == before


def test_a_transfer_in_transit_to_the_absorbed_cell_can_still_be_received(org_tree, superuser):
    # given
    from dangvien.members.services import member_transfer_issue, member_transfer_receive
    from dangvien.members.tests.support import make_cell

    survivor = make_cell(superuser, "CB-C", org_tree.commune)
    member = admit(superuser, org_tree.cell_a)
    member_transfer_issue(
        actor=superuser,
        member=member,
        to_organization=org_tree.cell_b,
        effective_on=date(2021, 6, 1),
    )
    organization_merge(
        actor=superuser, absorbed=[org_tree.cell_b], survivor=survivor, effective_on=MERGED
    )
    # when
    member_transfer_receive(actor=superuser, member=member, effective_on=date(2021, 7, 5))
    # then
    assert periods_of(member)[-1][:3] == ("CB-C", date(2021, 7, 5), None)
