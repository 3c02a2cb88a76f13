from datetime import date

import pytest
from django.core.exceptions import PermissionDenied

from dangvien.core.exceptions import ValidationFailed
from dangvien.organizations.models import Organization, OrganizationChange
from dangvien.organizations.selectors import organization_state
from dangvien.organizations.services import organization_dissolve

pytestmark = pytest.mark.django_db


def test_dissolved_organization_does_not_exist_at_end_of_that_day(org_tree, superuser):
    # when
    organization_dissolve(
        actor=superuser, organization=org_tree.cell_b, effective_on=date(2021, 1, 1)
    )
    # then
    assert organization_state(org_tree.cell_b, on=date(2020, 12, 31)) is not None
    assert organization_state(org_tree.cell_b, on=date(2021, 1, 1)) is None
    assert Organization.objects.get(code="CB-B").dissolved_on == date(2021, 1, 1)
    assert OrganizationChange.objects.latest("id").change_type == "dissolved"


def test_child_cannot_outlive_parent(org_tree, superuser, row_counts):
    before = row_counts()
    with pytest.raises(ValidationFailed) as error:
        organization_dissolve(
            actor=superuser, organization=org_tree.commune, effective_on=date(2021, 1, 1)
        )
    assert error.value.code == "has_children"
    assert "Chi bộ ấp Mỹ Phước" in str(error.value)
    assert row_counts() == before


def test_dissolving_again_on_same_day_is_a_no_op(org_tree, superuser, row_counts):
    organization_dissolve(
        actor=superuser, organization=org_tree.cell_b, effective_on=date(2021, 1, 1)
    )
    before = row_counts()
    organization_dissolve(
        actor=superuser, organization=org_tree.cell_b, effective_on=date(2021, 1, 1)
    )
    assert row_counts() == before


def test_cell_secretary_cannot_dissolve_own_cell(org_tree, make_actor, row_counts):
    secretary = make_actor("cell_secretary", org_tree.cell_b)
    before = row_counts()
    with pytest.raises(PermissionDenied):
        organization_dissolve(
            actor=secretary, organization=org_tree.cell_b, effective_on=date(2021, 1, 1)
        )
    assert row_counts() == before


def test_sub_organizations_dissolved_earlier_the_same_day_let_the_parent_end_that_day(
    org_tree, superuser
):
    """Issue 11, 6d: the 07/2025 reform dissolved districts on the same day as their last
    cells; organizations ending on the same day as their parent are accepted."""
    # given: the commune's cells end on the day it ends
    day = date(2025, 7, 1)
    for cell in (org_tree.cell_a, org_tree.cell_b):
        organization_dissolve(actor=superuser, organization=cell, effective_on=day)
    # when
    organization_dissolve(actor=superuser, organization=org_tree.commune, effective_on=day)
    # then
    assert organization_state(org_tree.commune, on=date(2025, 6, 30)) is not None
    assert organization_state(org_tree.commune, on=day) is None
    assert {
        o.dissolved_on for o in Organization.objects.filter(path__startswith=org_tree.commune.path)
    } == {day}
