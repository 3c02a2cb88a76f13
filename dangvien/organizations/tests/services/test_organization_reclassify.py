from datetime import date

import pytest

from dangvien.core.exceptions import ValidationFailed
from dangvien.organizations.models import OrganizationChange
from dangvien.organizations.selectors import organization_state
from dangvien.organizations.services import organization_move, organization_reclassify

pytestmark = pytest.mark.django_db
DAY = date(2025, 7, 1)


def _commune_under_the_province(superuser, org_tree):
    """The reform's first step: the commune moves under the province, where an
    upper-grassroots organization may stand."""
    organization_move(
        actor=superuser,
        organization=org_tree.commune,
        new_parent=org_tree.province,
        effective_on=DAY,
    )


def test_commune_becomes_upper_grassroots_with_its_cells_as_grassroots_cells(org_tree, superuser):
    # given: the commune already stands directly under the province
    _commune_under_the_province(superuser, org_tree)
    # when
    organization_reclassify(
        actor=superuser,
        organization=org_tree.commune,
        kind="upper_grassroots",
        child_kinds={"cell": "grassroots_cell"},
        effective_on=DAY,
    )
    # then
    state = organization_state(org_tree.commune, on=DAY)
    assert (state.kind, state.sector) == ("upper_grassroots", "")
    cell = organization_state(org_tree.cell_a, on=DAY)
    assert (cell.kind, cell.sector) == ("grassroots_cell", "")
    assert organization_state(org_tree.cell_a, on=date(2025, 6, 30)).kind == "cell"
    assert OrganizationChange.objects.filter(change_type="reclassified").count() == 3


def test_reclassified_cells_take_the_mapped_grassroots_sector(org_tree, superuser, row_counts):
    # given: the commune directly under the province; a residential and a school cell
    _commune_under_the_province(superuser, org_tree)

    # when: the residential cells become "other", the schools public service units
    organization_reclassify(
        actor=superuser,
        organization=org_tree.commune,
        kind="upper_grassroots",
        child_kinds={"cell": "grassroots_cell"},
        child_sectors={"residential": "other", "school": "public_service"},
        effective_on=DAY,
    )

    # then
    assert organization_state(org_tree.cell_a, on=DAY).sector == "other"
    assert organization_state(org_tree.cell_b, on=DAY).sector == "public_service"
    assert organization_state(org_tree.cell_a, on=date(2025, 6, 30)).sector == "residential"


def test_a_mapped_sector_that_does_not_fit_the_new_kind_is_refused(org_tree, superuser, row_counts):
    _commune_under_the_province(superuser, org_tree)
    before = row_counts()
    with pytest.raises(ValidationFailed):
        organization_reclassify(
            actor=superuser,
            organization=org_tree.commune,
            kind="upper_grassroots",
            child_kinds={"cell": "grassroots_cell"},
            child_sectors={"residential": "school"},
            effective_on=DAY,
        )
    assert row_counts() == before


def test_rejects_kind_the_parent_cannot_hold(org_tree, superuser, row_counts):
    before = row_counts()
    with pytest.raises(ValidationFailed) as error:
        organization_reclassify(
            actor=superuser,
            organization=org_tree.commune,
            kind="upper_grassroots",
            child_kinds={"cell": "grassroots_cell"},
            effective_on=DAY,
        )
    assert error.value.code == "parent_kind_not_allowed"
    assert row_counts() == before


def test_rejects_kind_its_children_cannot_stand_under(org_tree, superuser, row_counts):
    _commune_under_the_province(superuser, org_tree)
    before = row_counts()
    with pytest.raises(ValidationFailed):
        organization_reclassify(
            actor=superuser,
            organization=org_tree.commune,
            kind="upper_grassroots",
            effective_on=DAY,
        )
    assert row_counts() == before


def test_same_kind_and_sector_is_a_no_op(org_tree, superuser, row_counts):
    before = row_counts()
    organization_reclassify(
        actor=superuser,
        organization=org_tree.commune,
        kind="grassroots_committee",
        sector="commune",
        effective_on=DAY,
    )
    assert row_counts() == before
