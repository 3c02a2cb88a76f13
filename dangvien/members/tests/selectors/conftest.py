"""Fixtures of the member selectors' tests."""

import pytest

from dangvien.members.tests.support import admit


@pytest.fixture
def many_an(org_tree, superuser):
    """Five members named An in cell A and one in cell B, in name order: Bùi, Đỗ, Hồ, Lê, Ngô
    (cell A), Phan (cell B); and Võ Văn Bình in cell A, first of nobody's search."""
    names = ["Ngô Thị An", "Bùi Văn An", "Lê Thị An", "Đỗ Văn An", "Hồ Thị An"]
    made = {name: admit(superuser, org_tree.cell_a, name=name) for name in names}
    made["Phan Văn An"] = admit(superuser, org_tree.cell_b, name="Phan Văn An")
    made["Võ Văn Bình"] = admit(superuser, org_tree.cell_a, name="Võ Văn Bình")
    return made
