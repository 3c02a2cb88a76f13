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
