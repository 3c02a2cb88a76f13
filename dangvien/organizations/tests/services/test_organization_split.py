from datetime import date

import pytest

from dangvien.core.exceptions import ValidationFailed
from dangvien.organizations.models import Organization
from dangvien.organizations.selectors import organization_children, organization_state
from dangvien.organizations.services import SplitPart, organization_create, organization_split

pytestmark = pytest.mark.django_db
SPLIT_DAY = date(2018, 1, 1)


def test_splits_into_parts_with_explicit_assignment(org_tree, superuser):
    # when
    parts = organization_split(
        actor=superuser,
        organization=org_tree.commune,
        effective_on=SPLIT_DAY,
        parts=[
            SplitPart(
                "X-MA1", "Đảng bộ xã Mỹ An 1", "grassroots_committee", "commune", [org_tree.cell_a]
            ),
            SplitPart(
                "X-MA2", "Đảng bộ xã Mỹ An 2", "grassroots_committee", "commune", [org_tree.cell_b]
            ),
        ],
    )
    # then
    assert [p.code for p in parts] == ["X-MA1", "X-MA2"]
    assert {s.organization.code for s in organization_children(parts[0], on=SPLIT_DAY)} == {"CB-A"}
    assert {s.organization.code for s in organization_children(parts[1], on=SPLIT_DAY)} == {"CB-B"}
    assert organization_state(parts[0], on=SPLIT_DAY).parent == org_tree.district
    assert Organization.objects.get(code="X-MA").dissolved_on == SPLIT_DAY
    # before the split the tree is unchanged
    assert organization_state(org_tree.cell_a, on=date(2017, 12, 31)).parent == org_tree.commune


def test_every_child_must_be_assigned_once(org_tree, superuser, row_counts):
    before = row_counts()
    with pytest.raises(ValidationFailed) as error:
        organization_split(
            actor=superuser,
            organization=org_tree.commune,
            effective_on=SPLIT_DAY,
            parts=[
                SplitPart("X-MA1", "Một", "grassroots_committee", "commune", [org_tree.cell_a]),
                SplitPart("X-MA2", "Hai", "grassroots_committee", "commune", []),
            ],
        )
    assert error.value.code == "split_assignment"
    assert "CB-B" in str(error.value)
    assert row_counts() == before


def test_rejects_child_assigned_twice_or_foreign(org_tree, superuser, row_counts):
    other = organization_create(
        actor=superuser,
        code="CB-X",
        name="Chi bộ X",
        kind="cell",
        parent=org_tree.sibling_commune,
        established_on=date(2001, 1, 1),
    )
    before = row_counts()
    for children in ([org_tree.cell_a, org_tree.cell_b], [other, org_tree.cell_b]):
        with pytest.raises(ValidationFailed):
            organization_split(
                actor=superuser,
                organization=org_tree.commune,
                effective_on=SPLIT_DAY,
                parts=[
                    SplitPart("P1", "Một", "grassroots_committee", "commune", [org_tree.cell_a]),
                    SplitPart("P2", "Hai", "grassroots_committee", "commune", children),
                ],
            )
    assert row_counts() == before


def test_needs_two_parts(org_tree, superuser, row_counts):
    before = row_counts()
    with pytest.raises(ValidationFailed):
        organization_split(
            actor=superuser,
            organization=org_tree.cell_a,
            effective_on=SPLIT_DAY,
            parts=[SplitPart("P1", "Một", "cell", "", [])],
        )
    assert row_counts() == before
