from datetime import date

import pytest
from django.core.exceptions import PermissionDenied

from dangvien.audit.models import AuditEvent
from dangvien.core.exceptions import ValidationFailed
from dangvien.organizations.models import Organization, OrganizationChange
from dangvien.organizations.selectors import organization_descendants, organization_state
from dangvien.organizations.services import organization_move

pytestmark = pytest.mark.django_db
MOVE_DAY = date(2021, 6, 1)


def test_moves_whole_subtree_from_effective_date(org_tree, superuser):
    # given
    audits = AuditEvent.objects.count()
    # when
    organization_move(
        actor=superuser,
        organization=org_tree.commune,
        new_parent=org_tree.sibling_district,
        effective_on=MOVE_DAY,
    )
    # then: the cells follow the commune from that day, and earlier dates are unchanged
    before_codes = {
        s.organization.code
        for s in organization_descendants(org_tree.district, on=date(2021, 5, 31))
    }
    after_codes = {
        s.organization.code
        for s in organization_descendants(org_tree.sibling_district, on=MOVE_DAY)
    }
    assert before_codes == {"X-MA", "CB-A", "CB-B"}
    assert after_codes == {"X-MH", "X-MA", "CB-A", "CB-B"}
    assert not organization_descendants(org_tree.district, on=MOVE_DAY).exists()
    cell_state = organization_state(org_tree.cell_a, on=MOVE_DAY)
    assert cell_state.path.startswith(
        organization_state(org_tree.sibling_district, on=MOVE_DAY).path
    )
    assert Organization.objects.get(code="CB-A").path.startswith(org_tree.sibling_district.path)
    change = OrganizationChange.objects.latest("id")
    assert (change.change_type, change.data) == ("moved", {"old": "HU-TM", "new": "HU-CL"})
    assert AuditEvent.objects.count() == audits + 1


def test_rejects_cycle(org_tree, superuser, row_counts):
    before = row_counts()
    with pytest.raises(ValidationFailed) as error:
        organization_move(
            actor=superuser,
            organization=org_tree.district,
            new_parent=org_tree.commune,
            effective_on=MOVE_DAY,
        )
    assert error.value.code in {"cycle", "parent_kind_not_allowed"}
    assert row_counts() == before


def test_rejects_cycle_even_when_kinds_would_allow_it(superuser, row_counts):
    from dangvien.organizations.services import organization_create

    a = organization_create(
        actor=superuser,
        code="A",
        name="Đảng bộ A",
        kind="upper_grassroots",
        established_on=date(2000, 1, 1),
    )
    b = organization_create(
        actor=superuser,
        code="B",
        name="Đảng bộ B",
        kind="grassroots_committee",
        parent=a,
        established_on=date(2000, 1, 1),
    )
    cell = organization_create(
        actor=superuser,
        code="C",
        name="Chi bộ C",
        kind="cell",
        parent=b,
        established_on=date(2000, 1, 1),
    )
    before = row_counts()
    with pytest.raises(ValidationFailed) as error:
        organization_move(actor=superuser, organization=b, new_parent=b, effective_on=MOVE_DAY)
    assert error.value.code == "cycle"
    assert row_counts() == before
    assert cell.pk


def test_rejects_parent_not_existing_that_day(org_tree, superuser, row_counts):
    from dangvien.organizations.services import organization_create

    late = organization_create(
        actor=superuser,
        code="HU-NEW",
        name="Huyện mới",
        kind="upper_grassroots",
        parent=org_tree.province,
        established_on=date(2022, 1, 1),
    )
    before = row_counts()
    with pytest.raises(ValidationFailed) as error:
        organization_move(
            actor=superuser, organization=org_tree.commune, new_parent=late, effective_on=MOVE_DAY
        )
    assert error.value.code == "organization_not_existing"
    assert row_counts() == before


def test_same_parent_is_a_no_op(org_tree, superuser, row_counts):
    before = row_counts()
    organization_move(
        actor=superuser,
        organization=org_tree.commune,
        new_parent=org_tree.district,
        effective_on=MOVE_DAY,
    )
    assert row_counts() == before


def test_needs_change_right_on_both_sides(org_tree, make_actor, row_counts):
    # given: staff of the sending district only
    staff = make_actor("staff", org_tree.district)
    before = row_counts()
    # when / then
    with pytest.raises(PermissionDenied):
        organization_move(
            actor=staff,
            organization=org_tree.commune,
            new_parent=org_tree.sibling_district,
            effective_on=MOVE_DAY,
        )
    assert row_counts() == before


def test_grant_follows_the_moved_organization(org_tree, superuser, make_actor):
    # given: a cell secretary of CB-A
    from dangvien.accounts.scoping import can

    secretary = make_actor("cell_secretary", org_tree.cell_a)
    # when
    organization_move(
        actor=superuser,
        organization=org_tree.commune,
        new_parent=org_tree.sibling_district,
        effective_on=MOVE_DAY,
    )
    # then
    fresh = type(secretary).objects.get(pk=secretary.pk)
    assert can(fresh, "committees.change", Organization.objects.get(code="CB-A"))
