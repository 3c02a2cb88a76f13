"""A cell with official, exempted, probationary and visiting members, and who may act."""

from datetime import date

import pytest

from dangvien.core.decisions import Decision
from dangvien.members.services import member_exempt, member_recognise, member_temporary_out
from dangvien.members.tests.support import admit


@pytest.fixture
def people(org_tree, superuser):
    """cell_a (CB-A): An and Bình official, Cường official and exempted from 2023-01-02, Dung
    probationary from 2024-01-10; Em, of cell_b (CB-B), temporarily attached to cell_a from
    2023-06-01."""
    made = {}
    for index, (key, name) in enumerate(
        [("an", "Nguyễn Văn An"), ("binh", "Trần Thị Bình"), ("cuong", "Lê Văn Cường")]
    ):
        member = admit(superuser, org_tree.cell_a, name=name, national_id=f"08709000000{index}")
        member_recognise(actor=superuser, member=member, decision=Decision("1", date(2021, 1, 10)))
        made[key] = member
    member_exempt(actor=superuser, member=made["cuong"], effective_on=date(2023, 1, 2))
    made["dung"] = admit(
        superuser, org_tree.cell_a, name="Phạm Thị Dung", admitted_on=date(2024, 1, 10)
    )
    made["em"] = admit(superuser, org_tree.cell_b, name="Võ Văn Em", national_id="087090000009")
    member_temporary_out(
        actor=superuser, member=made["em"], host=org_tree.cell_a, effective_on=date(2023, 6, 1)
    )
    return made


@pytest.fixture
def actors(make_actor, org_tree):
    return {
        "secretary": make_actor("cell_secretary", org_tree.cell_a),
        "other_secretary": make_actor("cell_secretary", org_tree.cell_b),
        "commune": make_actor("staff", org_tree.commune),
    }
