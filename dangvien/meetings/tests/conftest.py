"""A cell with official, exempted, probationary and visiting members, and who may act."""

from datetime import date

import pytest

from dangvien.core.decisions import Decision
from dangvien.meetings.services import AttendanceEntry, attendance_take, meeting_record
from dangvien.members.services import (
    member_exempt,
    member_recognise,
    member_resign,
    member_temporary_out,
)
from dangvien.members.tests.support import admit, make_cell
from dangvien.organizations.services import organization_merge

D = date(2024, 4, 30)


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


@pytest.fixture
def year(people, org_tree, superuser):
    """Meetings of 2024 (and one of 2023) in Mỹ An and its neighbour, with attendance.

    cell_a regular 01/01, 06/02, 05/03, 30/04 (D), thematic 20/03, committee 20/02; the commune
    itself regular 01/02; CB-C regular 10/02, merged into cell_a on 01/03; cell_b regular 10/04;
    cell_a regular 31/12/2023; Mỹ Hiệp (another commune) regular 05/03. Bình resigns on D.
    """
    cell_c = make_cell(superuser, "CB-C", org_tree.commune)
    p = people

    def meeting(org, kind, day, *lines):
        held = meeting_record(actor=superuser, organization=org, kind=kind, held_on=day)
        attendance_take(
            actor=superuser,
            meeting=held,
            entries=[AttendanceEntry(p[who], status) for who, status in lines],
        )
        return held

    meeting(org_tree.cell_a, "regular", date(2023, 12, 31), ("binh", "unexcused"))
    meeting(
        org_tree.cell_a,
        "regular",
        date(2024, 1, 1),
        ("an", "present"),
        ("binh", "unexcused"),
        ("em", "present"),
    )
    meeting(org_tree.commune, "regular", date(2024, 2, 1))
    meeting(
        org_tree.cell_a,
        "regular",
        date(2024, 2, 6),
        ("an", "present"),
        ("binh", "unexcused"),
        ("em", "unexcused"),
        ("dung", "present"),
    )
    meeting(cell_c, "regular", date(2024, 2, 10))
    meeting(org_tree.cell_a, "committee", date(2024, 2, 20), ("an", "unexcused"))
    organization_merge(
        actor=superuser, absorbed=[cell_c], survivor=org_tree.cell_a, effective_on=date(2024, 3, 1)
    )
    meeting(
        org_tree.cell_a,
        "regular",
        date(2024, 3, 5),
        ("an", "excused"),
        ("binh", "unexcused"),
        ("dung", "present"),
        ("em", "unexcused"),
    )
    meeting(org_tree.cell_a, "thematic", date(2024, 3, 20), ("an", "present"), ("binh", "present"))
    meeting(org_tree.sibling_commune, "regular", date(2024, 3, 5))
    meeting(org_tree.cell_b, "regular", date(2024, 4, 10), ("em", "unexcused"))
    member_resign(actor=superuser, member=p["binh"], effective_on=D)
    meeting(
        org_tree.cell_a,
        "regular",
        D,
        ("an", "present"),
        ("binh", "present"),  # the day she left: still hers
        ("dung", "unexcused"),
    )
    return cell_c
