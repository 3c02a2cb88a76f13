"""Defect 1 of issue 13: a write back-dated to a day when the member was still in the actor's
scope must be refused once the member has left that scope, on every path (API and services)."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest
from django.core.exceptions import PermissionDenied

from dangvien.members import services
from dangvien.members.models import Member
from dangvien.members.tests.support import counts
from dangvien.members.tests.test_api import _far_cell, _official

pytestmark = pytest.mark.django_db

BEFORE_LEAVING = "2024-03-01"
LEFT = date(2024, 6, 1)


@pytest.fixture
def moved(org_tree, superuser, today_is) -> Member:
    """An official member of CB-A (commune X-MA) transferred on 01/06/2024 to a cell of the
    sibling commune X-MH."""
    today_is(date(2025, 1, 15))
    member = _official(org_tree, superuser)
    far = _far_cell(org_tree, superuser)
    services.member_transfer(actor=superuser, member=member, to_organization=far, effective_on=LEFT)
    return member


@pytest.fixture
def former(org_tree, make_actor) -> dict[str, Any]:
    return {
        "commune": make_actor("staff", org_tree.commune),
        "cell": make_actor("cell_secretary", org_tree.cell_a),
    }


SLUGS = {
    "exempt": {"effective_on": BEFORE_LEAVING},
    "temporary-out": {"organization": "CB-B", "effective_on": BEFORE_LEAVING},
    "transfer-issue": {"organization": "CB-B", "effective_on": BEFORE_LEAVING},
    "transfer": {"organization": "CB-B", "effective_on": BEFORE_LEAVING},
    "death": {"effective_on": BEFORE_LEAVING, "confirmed": True},
}


@pytest.mark.parametrize("who", ["commune", "cell"])
@pytest.mark.parametrize("slug", list(SLUGS))
def test_api_refuses_a_back_dated_write_about_a_member_who_left(
    api_client, moved, former, who, slug
):
    # given
    api_client.force_authenticate(former[who])
    before = counts()

    # when
    response = api_client.post(f"/api/members/{moved.pk}/{slug}/", SLUGS[slug], format="json")

    # then
    assert response.status_code in (403, 404), response.content
    assert counts() == before


@pytest.fixture
def exempted_before_leaving(org_tree, superuser, today_is) -> tuple[Member, Any]:
    """As ``moved``, with an exemption recorded on 01/02/2024 while still in CB-A."""
    today_is(date(2025, 1, 15))
    member = _official(org_tree, superuser)
    event = services.member_exempt(actor=superuser, member=member, effective_on=date(2024, 2, 1))
    services.member_transfer(
        actor=superuser,
        member=member,
        to_organization=_far_cell(org_tree, superuser),
        effective_on=LEFT,
    )
    return member, event


@pytest.mark.parametrize(
    ("operation", "body"),
    [("void", {"note": "nhập nhầm"}), ("correct", {"effective_on": "2024-02-15"})],
)
def test_api_refuses_to_correct_an_old_entry_of_a_member_who_left(
    api_client, exempted_before_leaving, former, operation, body
):
    # given: the entry concerns CB-A (X-MA), but the member stands in X-MH today
    member, event = exempted_before_leaving
    api_client.force_authenticate(former["commune"])
    before = counts()

    # when
    response = api_client.post(
        f"/api/members/{member.pk}/events/{event.pk}/{operation}/", body, format="json"
    )

    # then
    assert response.status_code in (403, 404), response.content
    assert counts() == before


SERVICE_WRITES: dict[str, Any] = {
    "exempt": lambda actor, m, tree: services.member_exempt(
        actor=actor, member=m, effective_on=date(2024, 3, 1)
    ),
    "temporary_out": lambda actor, m, tree: services.member_temporary_out(
        actor=actor, member=m, host=tree.cell_b, effective_on=date(2024, 3, 1)
    ),
    "transfer_issue": lambda actor, m, tree: services.member_transfer_issue(
        actor=actor, member=m, to_organization=tree.cell_b, effective_on=date(2024, 3, 1)
    ),
    "transfer": lambda actor, m, tree: services.member_transfer(
        actor=actor, member=m, to_organization=tree.cell_b, effective_on=date(2024, 3, 1)
    ),
    "badge": lambda actor, m, tree: services.badge_award(
        actor=actor, member=m, milestone=30, awarded_on=date(2024, 3, 1)
    ),
    "card_recall": lambda actor, m, tree: services.party_card_record(
        actor=actor, member=m, action="recalled", effective_on=date(2024, 3, 1)
    ),
}


@pytest.mark.parametrize("who", ["commune", "cell"])
@pytest.mark.parametrize("write", list(SERVICE_WRITES))
def test_services_refuse_a_back_dated_write_about_a_member_who_left(
    org_tree, superuser, former, today_is, who, write
):
    # given: a card held since 2022, then the move to the sibling commune
    today_is(date(2025, 1, 15))
    member = _official(org_tree, superuser)
    services.party_card_record(
        actor=superuser,
        member=member,
        action="issued",
        number="012345678901",
        effective_on=date(2022, 1, 1),
    )
    services.member_transfer(
        actor=superuser,
        member=member,
        to_organization=_far_cell(org_tree, superuser),
        effective_on=LEFT,
    )
    before = counts()

    # when / then
    with pytest.raises(PermissionDenied):
        SERVICE_WRITES[write](former[who], member, org_tree)
    assert counts() == before
