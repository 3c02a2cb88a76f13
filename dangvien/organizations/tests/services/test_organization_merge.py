from datetime import date

import pytest
from django.core.exceptions import PermissionDenied

from dangvien.core.exceptions import ValidationFailed
from dangvien.organizations.models import Organization, OrganizationChange
from dangvien.organizations.selectors import organization_children, organization_state
from dangvien.organizations.services import merge_hooks, organization_merge

pytestmark = pytest.mark.django_db
MERGE_DAY = date(2019, 1, 1)


def test_children_pass_to_survivor_and_absorbed_ends(org_tree, superuser):
    # when
    organization_merge(
        actor=superuser,
        absorbed=[org_tree.district],
        survivor=org_tree.sibling_district,
        effective_on=MERGE_DAY,
    )
    # then
    codes = {
        s.organization.code for s in organization_children(org_tree.sibling_district, on=MERGE_DAY)
    }
    assert codes == {"X-MH", "X-MA"}
    district = Organization.objects.get(code="HU-TM")
    assert district.dissolved_on == MERGE_DAY and district.merged_into == org_tree.sibling_district
    assert organization_state(district, on=MERGE_DAY) is None
    assert organization_state(district, on=date(2018, 12, 31)).name == "Đảng bộ huyện Tháp Mười"
    # the absorbed organization's history is now reachable from the survivor's subtree
    survivor = Organization.objects.get(code="HU-CL")
    assert district.path.startswith(survivor.path)
    kinds = set(
        OrganizationChange.objects.filter(effective_on=MERGE_DAY).values_list(
            "change_type", flat=True
        )
    )
    assert kinds == {"moved", "merged", "absorbed"}


def test_merge_hooks_run_inside_the_transaction(org_tree, superuser):
    # given
    calls = []

    def hook(**kwargs):
        calls.append((kwargs["absorbed"].code, kwargs["survivor"].code, kwargs["effective_on"]))

    merge_hooks.append(hook)
    try:
        # when
        organization_merge(
            actor=superuser,
            absorbed=[org_tree.cell_b],
            survivor=org_tree.cell_a,
            effective_on=MERGE_DAY,
        )
    finally:
        merge_hooks.remove(hook)
    # then
    assert calls == [("CB-B", "CB-A", MERGE_DAY)]


def test_rejects_merge_into_itself_or_own_descendant(org_tree, superuser, row_counts):
    before = row_counts()
    with pytest.raises(ValidationFailed):
        organization_merge(
            actor=superuser,
            absorbed=[org_tree.cell_a],
            survivor=org_tree.cell_a,
            effective_on=MERGE_DAY,
        )
    with pytest.raises(ValidationFailed) as error:
        organization_merge(
            actor=superuser,
            absorbed=[org_tree.district],
            survivor=org_tree.commune,
            effective_on=MERGE_DAY,
        )
    assert error.value.code == "cycle"
    assert row_counts() == before


def test_rejects_merge_when_children_cannot_stand_under_survivor(org_tree, superuser, row_counts):
    # cells cannot stand under a district
    before = row_counts()
    with pytest.raises(ValidationFailed) as error:
        organization_merge(
            actor=superuser,
            absorbed=[org_tree.commune],
            survivor=org_tree.sibling_district,
            effective_on=MERGE_DAY,
        )
    assert error.value.code == "parent_kind_not_allowed"
    assert row_counts() == before


def test_needs_rights_on_every_organization(org_tree, make_actor, row_counts):
    staff = make_actor("staff", org_tree.sibling_district)
    before = row_counts()
    with pytest.raises(PermissionDenied):
        organization_merge(
            actor=staff,
            absorbed=[org_tree.district],
            survivor=org_tree.sibling_district,
            effective_on=MERGE_DAY,
        )
    assert row_counts() == before


def test_same_day_move_reclassify_and_merge_leaves_the_prior_state_as_last(org_tree, superuser):
    """01/07/2025: an old commune is moved, reclassified and merged the same day."""
    from dangvien.organizations.services import (
        organization_create,
        organization_move,
        organization_reclassify,
    )

    day = date(2025, 7, 1)
    new_commune = organization_create(
        actor=superuser,
        code="X-NEW",
        name="Đảng bộ xã Tháp Mười",
        kind="upper_grassroots",
        parent=org_tree.province,
        established_on=day,
    )
    organization_move(
        actor=superuser,
        organization=org_tree.commune,
        new_parent=org_tree.province,
        effective_on=day,
    )
    organization_reclassify(
        actor=superuser,
        organization=org_tree.commune,
        kind="upper_grassroots",
        child_kinds={"cell": "grassroots_cell"},
        effective_on=day,
    )
    # when
    organization_merge(
        actor=superuser, absorbed=[org_tree.commune], survivor=new_commune, effective_on=day
    )
    # then: the commune's last state is the pre-reform one, the cells stand under the new commune
    last = org_tree.commune.versions.order_by("-valid_from").first()
    assert (last.kind, last.parent_id, last.valid_to) == (
        "grassroots_committee",
        org_tree.district.pk,
        day,
    )
    cell = organization_state(org_tree.cell_a, on=day)
    assert (cell.kind, cell.parent_id) == ("grassroots_cell", new_commune.pk)
    assert Organization.objects.get(code="X-MA").path.startswith(new_commune.path)


def test_cannot_end_on_founding_day(org_tree, superuser, row_counts):
    from dangvien.organizations.services import organization_create

    day = date(2025, 7, 1)
    fresh = organization_create(
        actor=superuser,
        code="X-NEW",
        name="Mới",
        kind="grassroots_committee",
        sector="commune",
        parent=org_tree.district,
        established_on=day,
    )
    before = row_counts()
    with pytest.raises(ValidationFailed) as error:
        organization_merge(
            actor=superuser, absorbed=[fresh], survivor=org_tree.commune, effective_on=day
        )
    assert error.value.code == "ends_on_founding_day"
    assert row_counts() == before
