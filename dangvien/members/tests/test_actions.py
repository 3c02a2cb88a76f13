"""The member actions (``members.actions``): one table from which the pages and the API are
built; each action records the event it declares, through both entry points."""

from __future__ import annotations

from datetime import date

import pytest
from django.test import Client
from rest_framework.test import APIClient

from dangvien.core.decisions import Decision
from dangvien.members.actions import (
    ACTIONS,
    TARGET_INPUTS,
    ActionInput,
    ActionRequest,
    MemberAction,
    available_actions,
)
from dangvien.members.api.serializers import ACTION_SERIALIZERS
from dangvien.members.choices import TARGETED_EVENTS
from dangvien.members.forms import ACTION_FORMS
from dangvien.members.models import Member, MemberEvent
from dangvien.members.services import member_admit, member_exempt

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _recorded_later(today_is):
    """A re-admission of these scenarios is dated 2030: read as recorded in 2031."""
    today_is(date(2031, 1, 1))


ADMITTED = date(2020, 1, 10)
BEFORE = date(2021, 3, 1)  # the day of the steps an action needs first
ON = date(2021, 6, 1)
# What must have happened before each action may follow (recorded through the registry too).
NEEDS = {
    "transfer-receive": ["transfer-issue"],
    "transfer-cancel": ["transfer-issue"],
    "temporary-return": ["temporary-out"],
}
# Decisions of the competent bodies are no member actions (they go through ``decisions``):
# what an action needs of them is recorded through the services.
NEEDS_DECIDED = {"exemption-end": member_exempt}
LATER: dict[str, date] = {}


def _member(actor, org_tree) -> Member:
    return member_admit(
        actor=actor,
        organization=org_tree.cell_a,
        admitted_on=ADMITTED,
        decision=Decision("01-QĐ/ĐU", date(2020, 1, 5), "Đảng ủy xã Mỹ An"),
        profile={"full_name": "Nguyễn Văn An", "sex": "M", "birth_date": date(1990, 5, 1)},
    )


def _request(action: MemberAction, on: date, org_tree) -> ActionRequest:
    return ActionRequest(
        effective_on=on,
        decision=Decision("5-QĐ/ĐU", on, "Đảng ủy xã Mỹ An"),
        organization=org_tree.cell_b if action.input in TARGET_INPUTS else None,
    )


def _prepare(slug: str, member: Member, actor, org_tree) -> None:
    if slug in NEEDS_DECIDED:
        NEEDS_DECIDED[slug](actor=actor, member=member, effective_on=BEFORE)
    for before in NEEDS.get(slug, []):
        action = ACTIONS[before]
        action.perform(actor, member, _request(action, BEFORE, org_tree))


def test_every_input_shape_has_a_form_and_a_serializer():
    # then
    assert set(ACTION_FORMS) == set(ActionInput) == set(ACTION_SERIALIZERS)


def test_an_action_names_another_organization_exactly_when_its_input_asks_for_one():
    # then: the transition check of a targeted event and its form agree
    for action in ACTIONS:
        assert action.targeted == (action.input in TARGET_INPUTS), action.slug
        assert action.targeted == (action.event in TARGETED_EVENTS), action.slug


@pytest.mark.parametrize("slug", ACTIONS.keys())
def test_performing_an_action_records_the_event_it_declares(slug, org_tree, superuser):
    # given
    member = _member(superuser, org_tree)
    _prepare(slug, member, superuser, org_tree)
    action = ACTIONS[slug]
    before = MemberEvent.objects.count()

    # when
    event = action.perform(superuser, member, _request(action, LATER.get(slug, ON), org_tree))

    # then
    assert event.type == action.event
    assert MemberEvent.objects.count() == before + 1


@pytest.mark.parametrize("slug", ACTIONS.keys())
def test_every_action_is_an_api_operation_that_records_its_event(slug, org_tree, superuser):
    # given
    member = _member(superuser, org_tree)
    _prepare(slug, member, superuser, org_tree)
    action = ACTIONS[slug]
    client = APIClient()
    client.force_authenticate(superuser)
    on = LATER.get(slug, ON)
    body: dict[str, object] = {"note": "api", "effective_on": on.isoformat()}
    if action.input == ActionInput.CONFIRMED_EVENT:
        body["confirmed"] = True
    if action.input in TARGET_INPUTS:
        body["organization"] = org_tree.cell_b.code

    # when
    response = client.post(f"/api/members/{member.pk}/{slug}/", body, format="json")

    # then
    assert response.status_code == 200, response.json()
    assert MemberEvent.objects.filter(member=member).latest("id").type == action.event


@pytest.mark.parametrize("slug", ACTIONS.keys())
def test_every_action_is_a_web_form_that_records_its_event(slug, org_tree, superuser):
    # given
    member = _member(superuser, org_tree)
    _prepare(slug, member, superuser, org_tree)
    action = ACTIONS[slug]
    client = Client()
    client.force_login(superuser)
    on = LATER.get(slug, ON)
    data = {"note": "web", "effective_on": on.isoformat()}
    if action.input == ActionInput.CONFIRMED_EVENT:
        data["confirmed"] = "on"
    if action.input in TARGET_INPUTS:
        data["organization"] = org_tree.cell_b.code

    # when
    response = client.post(f"/member/{member.pk}/{slug}/?as_of={on.isoformat()}", data)

    # then
    assert response.status_code == 302
    assert MemberEvent.objects.filter(member=member).latest("id").type == action.event


def test_the_openapi_document_has_one_post_operation_per_action(api_client):
    # when
    paths = api_client.get("/api/schema/", {"format": "json"}).json()["paths"]

    # then
    for action in ACTIONS:
        operation = paths[f"/api/members/{{id}}/{action.slug}/"]["post"]
        assert operation["summary"] == action.summary


def test_a_probationary_member_is_offered_the_actions_the_table_allows(org_tree, superuser):
    # given
    member = _member(superuser, org_tree)

    # when
    slugs = [a.slug for a in available_actions(superuser, member, ON)]

    # then: in the table's order; nothing that needs a transfer, a host, an exemption or an exit
    assert slugs == ["transfer", "transfer-issue", "temporary-out", "death"]


def test_the_receiving_side_is_offered_only_the_receipt(org_tree, superuser, make_actor):
    # given: a transfer issued from cell A to the sibling district's commune
    member = _member(superuser, org_tree)
    receiver = make_actor("staff", org_tree.sibling_district)
    ACTIONS["transfer-issue"].perform(
        superuser,
        member,
        ActionRequest(effective_on=BEFORE, organization=org_tree.cell_b),
    )

    # when
    offered = [a.slug for a in available_actions(receiver, member, ON)]
    staff_b = make_actor("staff", org_tree.commune)
    offered_to_commune = [a.slug for a in available_actions(staff_b, member, ON)]

    # then: the sibling district neither sends nor receives; the commune does both
    assert offered == []
    assert "transfer-receive" in offered_to_commune
    assert "transfer-cancel" in offered_to_commune


def test_a_decision_is_offered_only_to_the_body_that_decides_it(org_tree, superuser, make_actor):
    """Regression (issue 12): the member page offered decisions to whoever could change the
    member; now a decision (the introduction of a transfer, the end of an exemption) only to a
    user acting for the competent body."""
    # given: a member of cell A (a cell under the grassroots committee X-MA)
    member = _member(superuser, org_tree)
    member_exempt(actor=superuser, member=member, effective_on=BEFORE)
    secretary = make_actor("cell_secretary", org_tree.cell_a)
    commune = make_actor("staff", org_tree.commune)

    # when
    to_secretary = [a.slug for a in available_actions(secretary, member, ON)]
    to_commune = [a.slug for a in available_actions(commune, member, ON)]

    # then: the cell ends the exemption; the grassroots committee introduces transfers
    assert "exemption-end" in to_secretary
    assert "exemption-end" not in to_commune
    assert "transfer-issue" in to_commune
    assert "transfer-issue" not in to_secretary
