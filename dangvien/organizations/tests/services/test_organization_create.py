from datetime import date

import pytest
from django.core.exceptions import PermissionDenied

from dangvien.audit.models import AuditEvent
from dangvien.core.decisions import Decision
from dangvien.core.exceptions import ValidationFailed
from dangvien.organizations.models import OrganizationChange
from dangvien.organizations.selectors import organization_state
from dangvien.organizations.services import organization_create

pytestmark = pytest.mark.django_db


def test_founds_organization_with_version_change_and_audit(org_tree, superuser):
    # given
    changes, audits = OrganizationChange.objects.count(), AuditEvent.objects.count()
    # when
    cell = organization_create(
        actor=superuser,
        code="CB-C",
        name="Chi bộ ấp Mỹ Thạnh",
        kind="cell",
        sector="residential",
        parent=org_tree.commune,
        established_on=date(2010, 3, 1),
        decision=Decision("12-QĐ/ĐU", date(2010, 2, 20), "Đảng ủy xã Mỹ An"),
    )
    # then
    state = organization_state(cell, on=date(2010, 3, 1))
    assert state is not None and state.parent == org_tree.commune
    assert cell.path == f"{org_tree.commune.path}{cell.pk}/"
    assert organization_state(cell, on=date(2010, 2, 28)) is None
    change = OrganizationChange.objects.get(organization=cell)
    assert (change.change_type, change.decision_number, change.decision_issuer) == (
        "created",
        "12-QĐ/ĐU",
        "Đảng ủy xã Mỹ An",
    )
    assert OrganizationChange.objects.count() == changes + 1
    assert AuditEvent.objects.count() == audits + 1
    assert AuditEvent.objects.latest("id").after["name"] == "Chi bộ ấp Mỹ Thạnh"


@pytest.mark.parametrize(
    ("_case", "kwargs", "code"),
    [
        ("duplicate code", {"code": "CB-A"}, "code_taken"),
        ("cell under district", {"parent": "district"}, "parent_kind_not_allowed"),
        (
            "before parent existed",
            {"established_on": date(1999, 12, 31)},
            "organization_not_existing",
        ),
        ("sector of another kind", {"sector": "commune"}, "sector_not_allowed"),
        ("empty name", {"name": "  "}, "name_required"),
    ],
)
def test_rejects_invalid_organization(org_tree, superuser, row_counts, _case, kwargs, code):
    # given
    before = row_counts()
    params = {
        "code": "CB-NEW",
        "name": "Chi bộ mới",
        "kind": "cell",
        "sector": "residential",
        "parent": org_tree.commune,
        "established_on": date(2010, 1, 1),
    }
    if kwargs.get("parent") == "district":
        kwargs = {"parent": org_tree.district}
    params.update(kwargs)
    # when
    with pytest.raises(ValidationFailed) as error:
        organization_create(actor=superuser, **params)
    # then
    assert error.value.code == code
    assert row_counts() == before


def test_sub_committee_allowed_only_under_grassroots_committee(org_tree, superuser):
    # when
    sub = organization_create(
        actor=superuser,
        code="DBBP",
        name="Đảng bộ bộ phận Khối trường học",
        kind="sub_committee",
        parent=org_tree.commune,
        established_on=date(2012, 1, 1),
    )
    # then: a cell may stand under it, a sub-committee may not stand under a district
    organization_create(
        actor=superuser,
        code="CB-S",
        name="Chi bộ Trường THCS",
        kind="cell",
        parent=sub,
        established_on=date(2012, 1, 1),
    )
    with pytest.raises(ValidationFailed):
        organization_create(
            actor=superuser,
            code="DBBP2",
            name="X",
            kind="sub_committee",
            parent=org_tree.district,
            established_on=date(2012, 1, 1),
        )


def test_staff_creates_inside_own_subtree_only(org_tree, make_actor, row_counts):
    # given
    staff = make_actor("staff", org_tree.district)
    # when
    organization_create(
        actor=staff,
        code="CB-OK",
        name="Chi bộ ấp 3",
        kind="cell",
        parent=org_tree.commune,
        established_on=date(2011, 1, 1),
    )
    before = row_counts()
    # then
    with pytest.raises(PermissionDenied):
        organization_create(
            actor=staff,
            code="CB-NO",
            name="Chi bộ ấp 4",
            kind="cell",
            parent=org_tree.sibling_commune,
            established_on=date(2011, 1, 1),
        )
    assert row_counts() == before


def test_root_needs_system_administrator(org_tree, make_actor, row_counts):
    # given
    staff = make_actor("staff", org_tree.province)
    before = row_counts()
    # when / then
    with pytest.raises(PermissionDenied):
        organization_create(
            actor=staff,
            code="T-NEW",
            name="Đảng bộ tỉnh mới",
            kind="provincial",
            established_on=date(2025, 7, 1),
        )
    assert row_counts() == before


def test_viewer_cannot_create(org_tree, make_actor, row_counts):
    viewer = make_actor("viewer", org_tree.province)
    before = row_counts()
    with pytest.raises(PermissionDenied):
        organization_create(
            actor=viewer,
            code="CB-V",
            name="Chi bộ",
            kind="cell",
            parent=org_tree.commune,
            established_on=date(2011, 1, 1),
        )
    assert row_counts() == before
