from datetime import date

import pytest

from dangvien.core.decisions import Decision
from dangvien.members.selectors import member_list_at
from dangvien.members.services import (
    member_exempt,
    member_recognise,
    member_remove,
    member_temporary_out,
)
from dangvien.members.tests.support import ADMITTED, admit
from dangvien.organizations.services import organization_move

pytestmark = pytest.mark.django_db
MOVED = date(2021, 3, 1)


def _ids(periods):
    return sorted(p.member_id for p in periods)


def test_counts_members_under_the_new_parent_from_the_move_date(org_tree, superuser):
    # given
    member = admit(superuser, org_tree.cell_a)
    organization_move(
        actor=superuser,
        organization=org_tree.cell_a,
        new_parent=org_tree.sibling_commune,
        effective_on=MOVED,
    )
    day_before = date(2021, 2, 28)
    # when
    under_old = {
        on: _ids(member_list_at(actor=superuser, organization=org_tree.commune, on=on))
        for on in (day_before, MOVED)
    }
    under_new = {
        on: _ids(member_list_at(actor=superuser, organization=org_tree.sibling_commune, on=on))
        for on in (day_before, MOVED)
    }
    # then
    assert under_old == {day_before: [member.pk], MOVED: []}
    assert under_new == {day_before: [], MOVED: [member.pk]}
    assert _ids(member_list_at(actor=superuser, organization=org_tree.district, on=MOVED)) == []
    assert _ids(
        member_list_at(actor=superuser, organization=org_tree.sibling_district, on=MOVED)
    ) == [member.pk]


def test_member_who_leaves_on_the_date_is_not_counted_that_day(org_tree, superuser):
    # given
    member = admit(superuser, org_tree.cell_a)
    member_remove(actor=superuser, member=member, effective_on=date(2020, 9, 1))
    # when
    on_the_day = member_list_at(actor=superuser, organization=org_tree.cell_a, on=date(2020, 9, 1))
    the_day_before = member_list_at(
        actor=superuser, organization=org_tree.cell_a, on=date(2020, 8, 31)
    )
    # then
    assert _ids(on_the_day) == []
    assert _ids(the_day_before) == [member.pk]


def test_member_admitted_on_the_date_is_counted_that_day(org_tree, superuser):
    # given
    member = admit(superuser, org_tree.cell_a)
    # when
    on_the_day = member_list_at(actor=superuser, organization=org_tree.cell_a, on=ADMITTED)
    the_day_before = member_list_at(
        actor=superuser, organization=org_tree.cell_a, on=date(2020, 1, 9)
    )
    # then
    assert _ids(on_the_day) == [member.pk]
    assert _ids(the_day_before) == []


@pytest.mark.parametrize(
    ("_case", "filters", "expected"),
    [
        ("probationary", {"status": "probationary"}, ["probationary", "exempted", "away"]),
        ("official", {"status": "official"}, ["official"]),
        ("exempted", {"exempted": True}, ["exempted"]),
        ("away", {"away": True}, ["away"]),
        ("women", {"sex": "F"}, ["official"]),
        ("by name", {"search": "tran"}, ["away"]),
    ],
)
def test_filters_the_members_of_the_day(org_tree, superuser, _case, filters, expected):
    # given
    on = date(2021, 6, 1)
    people = {
        "probationary": admit(
            superuser, org_tree.cell_a, name="Lê Văn Cường", admitted_on=date(2021, 1, 10)
        ),
        "official": admit(superuser, org_tree.cell_a, name="Phạm Thị Dung", sex="F"),
        "exempted": admit(
            superuser, org_tree.cell_b, name="Hồ Văn Em", admitted_on=date(2021, 1, 10)
        ),
        "away": admit(
            superuser, org_tree.cell_b, name="Trần Văn Phú", admitted_on=date(2021, 1, 10)
        ),
    }
    member_recognise(actor=superuser, member=people["official"], decision=Decision("5"))
    member_exempt(actor=superuser, member=people["exempted"], effective_on=date(2021, 2, 1))
    member_temporary_out(
        actor=superuser, member=people["away"], host=org_tree.cell_a, effective_on=date(2021, 2, 1)
    )
    # when
    listed = member_list_at(actor=superuser, organization=org_tree.commune, on=on, **filters)
    # then
    assert _ids(listed) == sorted(people[key].pk for key in expected)


@pytest.mark.parametrize(
    ("_case", "role", "on", "visible"),
    [
        ("viewer of the cell", "viewer", "cell_a", True),
        ("viewer of the other cell", "viewer", "cell_b", False),
        ("viewer of a sibling district", "viewer", "sibling_district", False),
        ("viewer of the province", "viewer", "province", True),
    ],
)
def test_leaves_out_members_outside_the_actors_scope(
    org_tree, superuser, make_actor, _case, role, on, visible
):
    # given
    member = admit(superuser, org_tree.cell_a)
    actor = make_actor(role, getattr(org_tree, on))
    # when
    listed = member_list_at(actor=actor, organization=org_tree.commune, on=ADMITTED)
    # then
    assert _ids(listed) == ([member.pk] if visible else [])
