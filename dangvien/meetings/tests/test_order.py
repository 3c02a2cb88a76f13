"""The attendance lists read in the members' list order: the given name, then the family name,
in the Vietnamese alphabet (D before Đ, O before Ô and Ơ)."""

from __future__ import annotations

from datetime import date

import pytest

from dangvien.meetings.selectors import expected_members_on
from dangvien.members.tests.support import admit

pytestmark = pytest.mark.django_db


def test_the_members_expected_at_a_meeting_come_in_the_vietnamese_list_order(org_tree, superuser):
    for name in ("Trần Văn Đức", "Lê Văn Dũng", "Phạm Thị Ơn", "Hồ Văn Oanh", "Hoàng Văn Ân"):
        admit(superuser, org_tree.cell_a, name=name, admitted_on=date(2020, 1, 10))

    rows = expected_members_on(org_tree.cell_a, date(2024, 3, 5))

    # folded to plain letters the order was Ân, Đức, Dũng, Oanh, Ơn
    assert [row.member.full_name for row in rows] == [
        "Hoàng Văn Ân",
        "Lê Văn Dũng",
        "Trần Văn Đức",
        "Hồ Văn Oanh",
        "Phạm Thị Ơn",
    ]
