"""The member keys the system makes: one form and one length, never a key already taken."""

from __future__ import annotations

from datetime import date

import pytest

from dangvien.members.keys import member_key_for, next_member_key
from dangvien.members.tests.support import admit

pytestmark = pytest.mark.django_db


def test_keys_have_one_length_whatever_the_number():
    keys = [member_key_for(n) for n in (1, 42, 123_456, 99_999_999)]
    assert keys[0] == "DV00000001"
    assert {len(key) for key in keys} == {10}


def test_admitted_members_get_keys_of_one_length(superuser, org_tree):
    first = admit(superuser, org_tree.cell_a, name="Nguyễn Văn An")
    second = admit(superuser, org_tree.cell_a, name="Trần Thị Bình", sex="F")
    assert len(first.member_key) == len(second.member_key) == 10
    assert first.member_key == member_key_for(first.pk)


def test_a_key_taken_by_an_import_is_not_made_twice(superuser, org_tree):
    # an imported member holds the key the next admission would get from its id
    taken = admit(superuser, org_tree.cell_a, name="Lê Văn Cũ")
    taken.member_key = member_key_for(taken.pk + 1)
    taken.save(update_fields=["member_key"])
    later = admit(superuser, org_tree.cell_a, name="Phạm Văn Mới", admitted_on=date(2021, 1, 10))
    assert later.pk == taken.pk + 1
    assert later.member_key == member_key_for(taken.pk + 2)
    assert next_member_key(later.pk) != later.member_key
