"""Regressions found in review (each test names the defect it reproduces)."""

import inspect
from datetime import date

import pytest
from django.core.exceptions import PermissionDenied

from dangvien.core.decisions import Decision
from dangvien.members.models import MemberEvent
from dangvien.members.selectors import lifecycle_dates, member_last_period
from dangvien.members.services import (
    member_admit,
    member_event_void,
    member_recognise,
    member_remove,
    member_transfer,
)
from dangvien.organizations.services import organization_create

pytestmark = pytest.mark.django_db


@pytest.fixture
def moved(org_tree, superuser):
    """A member of CB-A transferred in 2021 to a cell of the other district, later removed."""
    far = organization_create(
        actor=superuser,
        code="CB-FAR",
        name="Chi bộ ấp Mỹ Hiệp",
        kind="cell",
        parent=org_tree.sibling_commune,
        established_on=date(2000, 1, 1),
    )
    member = member_admit(
        actor=superuser,
        organization=org_tree.cell_a,
        admitted_on=date(2010, 3, 1),
        decision=Decision("1", date(2010, 2, 1), "Huyện ủy"),
        profile={"full_name": "Võ Văn Mười", "sex": "M", "birth_date": date(1980, 1, 1)},
    )
    member_recognise(
        actor=superuser, member=member, decision=Decision("2", date(2011, 3, 5), "Huyện ủy")
    )
    member_transfer(
        actor=superuser, member=member, to_organization=far, effective_on=date(2021, 6, 1)
    )
    member_remove(actor=superuser, member=member, effective_on=date(2023, 1, 1))
    return member, far


def test_destination_staff_cannot_void_a_transfer_alone(moved, make_actor, org_tree):
    """Voiding the transfer rewrote the sending side with only the destination's right."""
    member, _far = moved
    staff = make_actor("staff", org_tree.sibling_district)
    transfer = MemberEvent.objects.get(member=member, type="transferred")
    count = MemberEvent.objects.count()
    with pytest.raises(PermissionDenied):
        member_event_void(actor=staff, event=transfer, note="nhầm")
    assert MemberEvent.objects.count() == count


def test_sending_side_sees_where_the_member_stood_inside_its_scope(moved, make_actor, org_tree):
    """The member page showed the destination and the later removal to the sending side."""
    member, _far = moved
    viewer = make_actor("viewer", org_tree.cell_a)
    period = member_last_period(member, date(2024, 1, 1), actor=viewer)
    assert period is not None and period.organization == org_tree.cell_a
    assert lifecycle_dates(member, actor=viewer).exit_type == ""
    assert lifecycle_dates(member).exit_type == "removed"


def test_admissions_api_refuses_an_out_of_scope_introducer(moved, make_actor, org_tree, api_client):
    """The introducers endpoint accepted any member id."""
    from dangvien.admissions.services import candidate_register

    member, _far = moved
    staff = make_actor("staff", org_tree.district)
    params = inspect.signature(candidate_register).parameters
    kwargs = {
        "actor": staff,
        "organization": org_tree.cell_b,
        "profile": {"full_name": "Lê Thị Hoa", "sex": "F", "birth_date": date(2000, 1, 1)},
    }
    kwargs = {k: v for k, v in kwargs.items() if k in params}
    if "source" in params:
        kwargs["source"] = "youth_union"
    candidate = candidate_register(**kwargs)
    api_client.force_authenticate(staff)
    response = api_client.post(
        f"/api/admission-candidates/{candidate.pk}/introducers/",
        {"introducers": [member.pk], "union_body": ""},
        format="json",
    )
    assert response.status_code == 400
    assert response.json()["code"] == "introducer_not_allowed"
