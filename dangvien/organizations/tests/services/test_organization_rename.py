from datetime import date

import pytest
from django.core.exceptions import PermissionDenied

from dangvien.audit.models import AuditEvent
from dangvien.core.exceptions import ValidationFailed
from dangvien.organizations.models import OrganizationChange
from dangvien.organizations.selectors import organization_state
from dangvien.organizations.services import organization_rename

pytestmark = pytest.mark.django_db


def test_renames_from_effective_date_keeping_old_name_before(org_tree, superuser, row_counts):
    # given
    before = row_counts()
    # when
    organization_rename(
        actor=superuser,
        organization=org_tree.cell_a,
        name="Chi bộ khóm Mỹ Phước",
        effective_on=date(2020, 5, 1),
    )
    # then
    assert organization_state(org_tree.cell_a, on=date(2020, 4, 30)).name == "Chi bộ ấp Mỹ Phước"
    assert organization_state(org_tree.cell_a, on=date(2020, 5, 1)).name == "Chi bộ khóm Mỹ Phước"
    change = OrganizationChange.objects.latest("id")
    assert change.change_type == "renamed"
    assert change.data == {"old": "Chi bộ ấp Mỹ Phước", "new": "Chi bộ khóm Mỹ Phước"}
    after = row_counts()
    assert (after["changes"], after["audit"], after["versions"]) == (
        before["changes"] + 1,
        before["audit"] + 1,
        before["versions"] + 1,
    )
    audit = AuditEvent.objects.latest("id")
    assert (
        audit.before["name"] == "Chi bộ ấp Mỹ Phước"
        and audit.after["name"] == "Chi bộ khóm Mỹ Phước"
    )


def test_same_name_is_a_no_op(org_tree, superuser, row_counts):
    before = row_counts()
    organization_rename(
        actor=superuser,
        organization=org_tree.cell_a,
        name="Chi bộ ấp  Mỹ Phước",
        effective_on=date(2020, 5, 1),
    )
    assert row_counts() == before


def test_rejects_rename_dated_before_a_later_change(org_tree, superuser, row_counts):
    # given
    organization_rename(
        actor=superuser,
        organization=org_tree.cell_a,
        name="Tên 2020",
        effective_on=date(2020, 1, 1),
    )
    before = row_counts()
    # when / then
    with pytest.raises(ValidationFailed) as error:
        organization_rename(
            actor=superuser,
            organization=org_tree.cell_a,
            name="Tên 2015",
            effective_on=date(2015, 1, 1),
        )
    assert error.value.code == "history_order"
    assert row_counts() == before


def test_rejects_rename_of_dissolved_organization(org_tree, superuser, row_counts):
    from dangvien.organizations.services import organization_dissolve

    organization_dissolve(
        actor=superuser, organization=org_tree.cell_b, effective_on=date(2021, 1, 1)
    )
    before = row_counts()
    with pytest.raises(ValidationFailed) as error:
        organization_rename(
            actor=superuser, organization=org_tree.cell_b, name="X", effective_on=date(2022, 1, 1)
        )
    assert error.value.code == "organization_not_existing"
    assert row_counts() == before


def test_sibling_staff_cannot_rename(org_tree, make_actor, row_counts):
    staff = make_actor("staff", org_tree.sibling_district)
    before = row_counts()
    with pytest.raises(PermissionDenied):
        organization_rename(
            actor=staff, organization=org_tree.cell_a, name="X", effective_on=date(2022, 1, 1)
        )
    assert row_counts() == before


def test_change_ledger_rows_cannot_be_changed_or_deleted(org_tree, superuser):
    """Regression (review): OrganizationChange had no append-only guard."""
    from dangvien.core.models import AppendOnlyError

    change = OrganizationChange.objects.latest("id")
    change.note = "sửa"
    with pytest.raises(AppendOnlyError):
        change.save()
    with pytest.raises(AppendOnlyError):
        change.delete()
    with pytest.raises(AppendOnlyError):
        OrganizationChange.objects.filter(pk=change.pk).update(note="x")
