"""Fixtures of the discipline tests: a cell with official, exempted and probationary members,
users acting for each level above it and their inspection commissions."""

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
