"""Members of a subtree at several days in one scan (``periods_in_subtree_counts``)."""

from datetime import date

import pytest

from dangvien.members.selectors import periods_in_subtree, periods_in_subtree_counts
from dangvien.members.services import member_transfer
from dangvien.members.tests.support import admit, transferred_then_removed

pytestmark = pytest.mark.django_db

DAYS = [
    date(1900, 12, 31),  # before the tree was founded
    date(2009, 12, 31),
    date(2010, 12, 31),
    date(2021, 5, 31),
    date(2021, 6, 1),
    date(2022, 12, 31),
    date(2023, 1, 1),
    date(2026, 6, 30),
]


def test_the_counts_are_those_of_periods_in_subtree_each_day(org_tree, superuser):
    # given: Võ Văn Mười in cell A from 2010, transferred out of the district in 2021 and
    # removed in 2023; two more members of cell A, one transferred to cell B in 2022
    transferred_then_removed(superuser, org_tree)
    admit(superuser, org_tree.cell_a, name="Lê Văn Tư")
    moved = admit(superuser, org_tree.cell_a, name="Trần Thị Năm")
    member_transfer(
        actor=superuser,
        member=moved,
        to_organization=org_tree.cell_b,
        effective_on=date(2022, 7, 1),
    )
    for root in (org_tree.district, org_tree.commune, org_tree.cell_a, org_tree.sibling_district):
        # when
        counts = periods_in_subtree_counts(root, DAYS)
        # then
        assert counts == {day: periods_in_subtree(root, day).count() for day in DAYS}, root
    # and they are not all nought: Tư and Năm in the district at the end of 2022, Mười in the
    # other district until his removal
    end_2022 = date(2022, 12, 31)
    assert periods_in_subtree_counts(org_tree.district, DAYS)[end_2022] == 2
    assert periods_in_subtree_counts(org_tree.sibling_district, DAYS)[end_2022] == 1


def test_a_path_is_one_query_for_all_its_days(org_tree, superuser, django_assert_max_num_queries):
    admit(superuser, org_tree.cell_a, name="Lê Văn Tư")
    # one query for each day's path, one for the counts
    with django_assert_max_num_queries(len(DAYS) + 1):
        periods_in_subtree_counts(org_tree.commune, DAYS)
