"""Members of the shared tree (Mỹ An: cells A and B) admitted through the services."""

from __future__ import annotations

from datetime import date

import pytest

from dangvien.core.decisions import Decision
from dangvien.members.services import member_admit


@pytest.fixture
def admit(superuser):
    counter = {"n": 0}

    def make(organization, admitted_on=date(2015, 3, 1), name="Nguyễn Văn An", sex="M"):
        counter["n"] += 1
        return member_admit(
            actor=superuser,
            organization=organization,
            admitted_on=admitted_on,
            decision=Decision(f"{counter['n']}-QĐ", admitted_on, "Huyện ủy Tháp Mười"),
            profile={"full_name": name, "sex": sex, "birth_date": date(1980, 1, 1)},
            member_key=f"M{counter['n']}",
        )

    return make


@pytest.fixture
def cell_members(org_tree, admit):
    """Six members in cell A, two in cell B (admitted 01/03/2015)."""
    a = [admit(org_tree.cell_a, name=f"Đảng viên A{i}") for i in range(6)]
    b = [admit(org_tree.cell_b, name=f"Đảng viên B{i}", sex="F") for i in range(2)]
    return a, b


@pytest.fixture
def rounds(org_tree, superuser):
    """Open rounds of 2015–2026 at the province (the whole shared tree), each opened on 1
    January of its year with its stages ending four years later and its population taken on
    31 December; the year → round."""
    from dangvien.assessment.services import assessment_round_open

    return {
        year: assessment_round_open(
            actor=superuser,
            organization=org_tree.province,
            year=year,
            opened_on=date(year, 1, 1),
            self_until=date(year + 4, 12, 31),
            review_until=date(year + 4, 12, 31),
            decide_until=date(year + 4, 12, 31),
            reference_date=date(year, 12, 31),
        )
        for year in range(2015, 2027)
    }
