"""Placed in the subtree (§4): organizations through merges, dissolutions and moves; members on
the day of a fact, the day of an exit counting for the organization left."""

from __future__ import annotations

from datetime import date
from functools import partial

import pytest

from dangvien.core.decisions import Decision
from dangvien.core.exceptions import ValidationFailed
from dangvien.members.services import member_admit, member_recognise, member_resign
from dangvien.organizations.models import Organization
from dangvien.organizations.services import (
    organization_create,
    organization_dissolve,
    organization_merge,
    organization_move,
)
from dangvien.statistics.placement import (
    counted_members,
    official_organizations_on,
    placed_q,
    placement,
    year_of,
)


@pytest.fixture
def tree(org_tree, superuser):
    """CB-B merged into CB-A (2021-06-01); CB-C of Mỹ Hiệp dissolved without a merge
    (2021-01-01); Mỹ Hiệp moved under Tháp Mười (2022-01-01)."""
    cell_c = organization_create(
        actor=superuser,
        code="CB-C",
        name="Chi bộ ấp 3",
        kind="cell",
        sector="residential",
        parent=org_tree.sibling_commune,
        established_on=date(2000, 1, 1),
    )
    organization_merge(
        actor=superuser, absorbed=[org_tree.cell_b], survivor=org_tree.cell_a,
        effective_on=date(2021, 6, 1),
    )  # fmt: skip
    organization_dissolve(actor=superuser, organization=cell_c, effective_on=date(2021, 1, 1))
    organization_move(
        actor=superuser,
        organization=org_tree.sibling_commune,
        new_parent=org_tree.district,
        effective_on=date(2022, 1, 1),
    )
    org_tree.cell_c = cell_c
    return org_tree


def test_the_root_itself_and_the_organizations_standing_under_it_are_placed(tree):
    place = placement(tree.commune, date(2021, 12, 31))
    assert place.holds(tree.commune.pk)
    assert place.holds(tree.cell_a.pk)
    assert not place.holds(tree.district.pk)
    assert not place.holds(None)


def test_a_merged_organization_is_placed_where_its_survivor_stands(tree):
    assert placement(tree.commune, date(2021, 12, 31)).holds(tree.cell_b.pk)
    # before the merge it stands there itself
    assert placement(tree.commune, date(2021, 5, 31)).holds(tree.cell_b.pk)
    assert not placement(tree.sibling_commune, date(2021, 12, 31)).holds(tree.cell_b.pk)


def test_a_dissolved_organization_is_placed_where_its_parent_stands_at_the_date(tree):
    # dissolved in 2021 under Mỹ Hiệp, which stood under Cao Lãnh then and Tháp Mười from 2022
    assert placement(tree.sibling_district, date(2021, 12, 31)).holds(tree.cell_c.pk)
    assert not placement(tree.district, date(2021, 12, 31)).holds(tree.cell_c.pk)
    assert placement(tree.district, date(2022, 1, 1)).holds(tree.cell_c.pk)
    assert not placement(tree.sibling_district, date(2022, 1, 1)).holds(tree.cell_c.pk)


def test_an_organization_founded_after_the_date_is_not_placed(tree, superuser):
    later = organization_create(
        actor=superuser,
        code="CB-D",
        name="Chi bộ ấp 4",
        kind="cell",
        sector="residential",
        parent=tree.commune,
        established_on=date(2023, 1, 1),
    )
    assert not placement(tree.commune, date(2022, 12, 31)).holds(later.pk)
    assert placement(tree.commune, date(2023, 1, 1)).holds(later.pk)


@pytest.mark.parametrize("form", [placed_q, partial(placed_q, probe=True)], ids=["set", "probe"])
@pytest.mark.parametrize(
    ("root", "on"),
    [
        ("commune", date(2021, 5, 31)),
        ("commune", date(2021, 12, 31)),
        ("sibling_district", date(2021, 12, 31)),
        ("district", date(2022, 1, 1)),
        ("province", date(2022, 1, 1)),
    ],
)
def test_the_query_forms_select_the_organizations_placed(tree, form, root, on):
    # the rows of the organizations placed (standing under the root, merged into or dissolved
    # under one standing there), as a set or as a probe per row: the same as holds()
    place = placement(getattr(tree, root), on)
    selected = set(Organization.objects.filter(form(place, "id")).values_list("id", flat=True))
    assert selected == {
        pk for pk in Organization.objects.values_list("id", flat=True) if place.holds(pk)
    }
    assert selected


def test_a_root_that_does_not_stand_at_the_date_is_refused(tree):
    with pytest.raises(ValidationFailed):
        placement(tree.cell_b, date(2021, 6, 1))


def test_a_member_is_placed_by_the_official_organization_of_the_day_the_exit_day_included(
    tree, superuser
):
    member = member_admit(
        actor=superuser,
        organization=tree.cell_a,
        admitted_on=date(2015, 3, 1),
        decision=Decision("1-QĐ", date(2015, 2, 1), "Đảng ủy xã Mỹ An"),
        profile={"full_name": "Nguyễn Văn An", "sex": "M", "birth_date": date(1980, 1, 1)},
        member_key="A1",
    )
    member_recognise(
        actor=superuser, member=member, decision=Decision("2-QĐ", date(2016, 3, 1), "Đảng ủy")
    )
    member_resign(actor=superuser, member=member, effective_on=date(2020, 5, 1))
    found = official_organizations_on(
        [
            (member.pk, date(2015, 2, 28)),
            (member.pk, date(2018, 1, 1)),
            (member.pk, date(2020, 5, 1)),
        ]
    )
    assert found[(member.pk, date(2015, 2, 28))] is None  # not yet a member
    assert found[(member.pk, date(2018, 1, 1))] == tree.cell_a.pk
    assert found[(member.pk, date(2020, 5, 1))] == tree.cell_a.pk  # the day they left
    assert member.pk in set(counted_members(placement(tree.commune, date(2020, 4, 30))))
    assert member.pk not in set(counted_members(placement(tree.commune, date(2020, 5, 1))))


def test_the_year_of_a_date_runs_from_the_first_of_january_to_the_date():
    assert year_of(date(2022, 4, 30)) == (date(2022, 1, 1), date(2022, 4, 30))
