"""Fixtures of the discipline tests: a cell with official, exempted and probationary members,
users acting for each level above it."""

from datetime import date

import pytest

from dangvien.core.decisions import Decision
from dangvien.members.models import CardAction
from dangvien.members.services import member_exempt, member_recognise, party_card_record
from dangvien.members.tests.support import admit


@pytest.fixture
def cell(org_tree, superuser):
    """cell_a with three official members (one exempted from 2023) and one probationary."""
    members = []
    for index, name in enumerate(["Nguyễn Văn An", "Trần Thị Bình", "Lê Văn Cường"]):
        member = admit(superuser, org_tree.cell_a, name=name, national_id=f"08709000000{index}")
        member_recognise(actor=superuser, member=member, decision=Decision("1", date(2021, 1, 10)))
        members.append(member)
    member_exempt(actor=superuser, member=members[2], effective_on=date(2023, 1, 2))
    party_card_record(
        actor=superuser,
        member=members[0],
        action=CardAction.ISSUED,
        effective_on=date(2021, 9, 2),
        number="12345678",
    )
    probationary = admit(
        superuser, org_tree.cell_a, name="Phạm Thị Dung", admitted_on=date(2024, 1, 10)
    )
    return {"official": members, "probationary": probationary}


@pytest.fixture
def actors(make_actor, org_tree):
    return {
        "secretary": make_actor("cell_secretary", org_tree.cell_a),
        "other_secretary": make_actor("cell_secretary", org_tree.cell_b),
        "commune": make_actor("staff", org_tree.commune),
        "district": make_actor("staff", org_tree.district),
        "viewer": make_actor("viewer", org_tree.district),
    }
