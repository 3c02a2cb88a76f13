"""Inside a read-only request (``core.memo.read_memo``) a page, its panels and the chains of who
decides ask the same questions about organizations: each is read once."""

from datetime import date

import pytest

from dangvien.core.memo import read_memo
from dangvien.organizations.selectors import organization_names, organization_state

pytestmark = pytest.mark.django_db


def test_each_organization_is_named_once_per_read_request(org_tree, django_assert_num_queries):
    a, b, c = org_tree.cell_a.pk, org_tree.cell_b.pk, org_tree.commune.pk
    with read_memo():
        with django_assert_num_queries(1):
            first = organization_names([a, b])
        # when: the same and one more
        with django_assert_num_queries(1):
            second = organization_names([b, c, None])
        with django_assert_num_queries(0):
            third = organization_names([a, c])
    # then: the names the latest versions hold, as read afresh
    assert first == organization_names([a, b])
    assert second == {b: "Chi bộ Trường Tiểu học Mỹ An", c: "Đảng bộ xã Mỹ An"}
    assert third == {a: "Chi bộ ấp Mỹ Phước", c: "Đảng bộ xã Mỹ An"}


def test_an_organizations_state_is_read_once_per_day_in_a_read_request(
    org_tree, django_assert_num_queries
):
    with read_memo():
        with django_assert_num_queries(1):
            state = organization_state(org_tree.commune, on=date(2024, 1, 1))
            organization_state(org_tree.commune, on=date(2024, 1, 1))
        with django_assert_num_queries(1):  # another day
            assert organization_state(org_tree.commune, on=date(1999, 1, 1)) is None
    assert state is not None and state.name == "Đảng bộ xã Mỹ An"
