"""Fixtures of the discipline tests: a cell with official, exempted and probationary members,
users acting for each level above it and their inspection commissions."""

from datetime import date

import pytest

# the same cell as the decisions' tests: three official members (one exempted from 2023), one
# probationary
from dangvien.decisions.tests.conftest import cell  # noqa: F401


@pytest.fixture
def actors(make_actor, org_tree):
    return {
        "secretary": make_actor("cell_secretary", org_tree.cell_a),
        "other_secretary": make_actor("cell_secretary", org_tree.cell_b),
        "commune": make_actor("staff", org_tree.commune),
        "district": make_actor("staff", org_tree.district),
        "viewer": make_actor("viewer", org_tree.district),
        # the inspection commissions: they open cases and plan inspections (the staff do not)
        "commune_inspection": make_actor("inspection_commission", org_tree.commune),
        "district_inspection": make_actor("inspection_commission", org_tree.district),
    }


@pytest.fixture
def case(cell, actors, org_tree):  # noqa: F811 (the fixture imported above)
    """A member case of CB-A (its first official member), opened by the cell's secretary."""
    from dangvien.discipline.choices import Subject
    from dangvien.discipline.services import case_open

    return case_open(
        actor=actors["secretary"],
        subject=Subject.MEMBER,
        member=cell["official"][0],
        opened_on=date(2024, 3, 1),
        violation="Vi phạm quy định về những điều đảng viên không được làm",
        violated_on=date(2024, 1, 15),
        opened_by=org_tree.commune,
        key="KL-2024-0001",
    )
