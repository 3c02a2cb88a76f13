"""Official transfers (one step, or issued then received or cancelled) and temporary transfers."""

from datetime import date

import pytest
from django.core.exceptions import PermissionDenied

from dangvien.core.exceptions import TransitionError, ValidationFailed
from dangvien.members.models import MemberEvent
from dangvien.members.selectors import guests_at, member_list_at
from dangvien.members.services import (
    member_temporary_out,
    member_temporary_return,
    member_transfer,
    member_transfer_cancel,
    member_transfer_issue,
    member_transfer_receive,
)
from dangvien.members.tests.support import ADMITTED, admit, counts, make_cell, periods_of

pytestmark = pytest.mark.django_db
ISSUED = date(2020, 6, 1)
RECEIVED = date(2020, 6, 15)


@pytest.fixture
def cell_c(org_tree, superuser):
    """A cell in the sibling district."""
    return make_cell(superuser, "CB-C", org_tree.sibling_commune)


def _ids(periods):
    return [p.member_id for p in periods]


def _issue(actor, member, to, on=ISSUED):
    return member_transfer_issue(actor=actor, member=member, to_organization=to, effective_on=on)


#
# Issue, receive, cancel
#


def test_issued_member_counts_at_the_sender_until_received(org_tree, superuser, make_actor, cell_c):
    # given
    member = admit(superuser, org_tree.cell_a)
    sender = make_actor("staff", org_tree.district)
    before = counts()
    # when
    event = _issue(sender, member, cell_c)
    # then
    assert (event.type, event.organization, event.from_organization) == (
        "transfer_issued",
        cell_c,
        org_tree.cell_a,
    )
    assert periods_of(member)[-1] == ("CB-A", ISSUED, None, "probationary", False, None, "CB-C")
    assert _ids(member_list_at(actor=superuser, organization=org_tree.cell_a, on=RECEIVED)) == [
        member.pk
    ]
    assert not member_list_at(actor=superuser, organization=cell_c, on=RECEIVED).exists()
    after = counts()
    assert after["events"] == before["events"] + 1
    assert after["audit"] == before["audit"] + 1


def test_received_member_counts_at_the_receiver_from_the_receive_date(
    org_tree, superuser, make_actor, cell_c
):
    # given
    member = admit(superuser, org_tree.cell_a)
    _issue(make_actor("staff", org_tree.district), member, cell_c)
    receiver = make_actor("staff", org_tree.sibling_district)
    before = counts()
    # when
    event = member_transfer_receive(actor=receiver, member=member, effective_on=RECEIVED)
    # then
    assert (event.type, event.organization, event.from_organization) == (
        "transfer_received",
        cell_c,
        org_tree.cell_a,
    )
    assert periods_of(member) == [
        ("CB-A", ADMITTED, ISSUED, "probationary", False, None, None),
        ("CB-A", ISSUED, RECEIVED, "probationary", False, None, "CB-C"),
        ("CB-C", RECEIVED, None, "probationary", False, None, None),
    ]
    day_before = date(2020, 6, 14)
    assert _ids(member_list_at(actor=superuser, organization=org_tree.cell_a, on=day_before)) == [
        member.pk
    ]
    assert not member_list_at(actor=superuser, organization=cell_c, on=day_before).exists()
    assert not member_list_at(actor=superuser, organization=org_tree.cell_a, on=RECEIVED).exists()
    assert _ids(member_list_at(actor=superuser, organization=cell_c, on=RECEIVED)) == [member.pk]
    after = counts()
    assert after["events"] == before["events"] + 1
    assert after["audit"] == before["audit"] + 1


def test_cancel_keeps_the_member_at_the_sender(org_tree, superuser, make_actor, cell_c):
    # given
    member = admit(superuser, org_tree.cell_a)
    sender = make_actor("staff", org_tree.district)
    _issue(sender, member, cell_c)
    before = counts()
    # when
    event = member_transfer_cancel(actor=sender, member=member, effective_on=RECEIVED)
    # then
    assert event.type == "transfer_cancelled"
    assert periods_of(member)[-1] == ("CB-A", RECEIVED, None, "probationary", False, None, None)
    after = counts()
    assert after["events"] == before["events"] + 1
    assert after["audit"] == before["audit"] + 1


def test_cancelled_transfer_cannot_be_received(org_tree, superuser, cell_c):
    # given
    member = admit(superuser, org_tree.cell_a)
    _issue(superuser, member, cell_c)
    member_transfer_cancel(actor=superuser, member=member, effective_on=RECEIVED)
    before = counts()
    # when
    with pytest.raises(ValidationFailed) as error:
        member_transfer_receive(actor=superuser, member=member, effective_on=date(2020, 7, 1))
    # then
    assert error.value.code == "no_transfer"
    assert counts() == before


@pytest.mark.parametrize(
    ("_case", "role", "on"),
    [
        ("staff of the receiving district", "staff", "sibling_district"),
        ("viewer of the sending cell", "viewer", "cell_a"),
        ("secretary of the sending cell", "cell_secretary", "cell_a"),
    ],
)
def test_issue_needs_transfer_rights_on_the_sending_side(
    org_tree, superuser, make_actor, cell_c, _case, role, on
):
    # given
    member = admit(superuser, org_tree.cell_a)
    actor = make_actor(role, getattr(org_tree, on))
    before = counts()
    # when
    with pytest.raises(PermissionDenied):
        _issue(actor, member, cell_c)
    # then
    assert counts() == before


@pytest.mark.parametrize(
    ("_case", "role", "on"),
    [
        ("staff of the sending district", "staff", "district"),
        ("viewer of the receiving district", "viewer", "sibling_district"),
    ],
)
def test_receive_needs_transfer_rights_on_the_receiving_side(
    org_tree, superuser, make_actor, cell_c, _case, role, on
):
    # given
    member = admit(superuser, org_tree.cell_a)
    _issue(superuser, member, cell_c)
    actor = make_actor(role, getattr(org_tree, on))
    before = counts()
    # when
    with pytest.raises(PermissionDenied):
        member_transfer_receive(actor=actor, member=member, effective_on=RECEIVED)
    # then
    assert counts() == before


def test_cancel_needs_rights_on_the_sending_side(org_tree, superuser, make_actor, cell_c):
    # given
    member = admit(superuser, org_tree.cell_a)
    _issue(superuser, member, cell_c)
    receiver = make_actor("staff", org_tree.sibling_district)
    before = counts()
    # when
    with pytest.raises(PermissionDenied):
        member_transfer_cancel(actor=receiver, member=member, effective_on=RECEIVED)
    # then
    assert counts() == before


def test_rejects_receiving_before_the_issue(org_tree, superuser, cell_c):
    # given
    member = admit(superuser, org_tree.cell_a)
    _issue(superuser, member, cell_c)
    before = counts()
    # when
    with pytest.raises(ValidationFailed) as error:
        member_transfer_receive(actor=superuser, member=member, effective_on=date(2020, 5, 31))
    # then
    assert error.value.code == "receive_before_issue"
    assert counts() == before


@pytest.mark.parametrize(
    ("_case", "target", "error_type", "code"),
    [
        ("to the own cell", "cell_a", TransitionError, "same_organization"),
        ("to a commune committee", "commune", ValidationFailed, "organization_holds_no_members"),
    ],
)
def test_rejects_issue_to_an_invalid_target(org_tree, superuser, _case, target, error_type, code):
    # given
    member = admit(superuser, org_tree.cell_a)
    before = counts()
    # when
    with pytest.raises(error_type) as error:
        _issue(superuser, member, getattr(org_tree, target))
    # then
    assert error.value.code == code
    assert counts() == before


def test_rejects_a_second_issue_while_in_transit(org_tree, superuser, cell_c):
    # given
    member = admit(superuser, org_tree.cell_a)
    _issue(superuser, member, cell_c)
    before = counts()
    # when
    with pytest.raises(TransitionError):
        _issue(superuser, member, org_tree.cell_b, on=date(2020, 6, 2))
    # then
    assert counts() == before


def test_rejects_receive_without_a_transfer(org_tree, superuser):
    # given
    member = admit(superuser, org_tree.cell_a)
    before = counts()
    # when
    with pytest.raises(ValidationFailed) as error:
        member_transfer_receive(actor=superuser, member=member, effective_on=RECEIVED)
    # then
    assert error.value.code == "no_transfer"
    assert counts() == before


#
# One-step transfer
#


def test_one_step_transfer_moves_the_member_that_day(org_tree, superuser, make_actor):
    # given
    member = admit(superuser, org_tree.cell_a)
    actor = make_actor("staff", org_tree.district)
    before = counts()
    # when
    event = member_transfer(
        actor=actor, member=member, to_organization=org_tree.cell_b, effective_on=ISSUED
    )
    # then
    assert (event.type, event.from_organization) == ("transferred", org_tree.cell_a)
    assert periods_of(member) == [
        ("CB-A", ADMITTED, ISSUED, "probationary", False, None, None),
        ("CB-B", ISSUED, None, "probationary", False, None, None),
    ]
    after = counts()
    assert after["events"] == before["events"] + 1
    assert after["audit"] == before["audit"] + 1


@pytest.mark.parametrize(
    ("_case", "role", "on"),
    [
        ("staff of the sending district only", "staff", "district"),
        ("staff of the receiving district only", "staff", "sibling_district"),
        ("viewer of the province", "viewer", "province"),
    ],
)
def test_one_step_transfer_needs_rights_on_both_sides(
    org_tree, superuser, make_actor, cell_c, _case, role, on
):
    # given
    member = admit(superuser, org_tree.cell_a)
    actor = make_actor(role, getattr(org_tree, on))
    before = counts()
    # when
    with pytest.raises(PermissionDenied):
        member_transfer(actor=actor, member=member, to_organization=cell_c, effective_on=ISSUED)
    # then
    assert counts() == before


def test_one_step_transfer_by_staff_of_the_common_ancestor(org_tree, superuser, make_actor, cell_c):
    # given
    member = admit(superuser, org_tree.cell_a)
    actor = make_actor("staff", org_tree.province)
    # when
    member_transfer(actor=actor, member=member, to_organization=cell_c, effective_on=ISSUED)
    # then
    assert periods_of(member)[-1][0] == "CB-C"


#
# Temporary transfer
#


def test_temporary_transfer_keeps_the_member_counted_at_home_and_a_guest_at_the_host(
    org_tree, superuser, make_actor, cell_c
):
    # given
    member = admit(superuser, org_tree.cell_a)
    actor = make_actor("staff", org_tree.district)
    before = counts()
    # when
    event = member_temporary_out(actor=actor, member=member, host=cell_c, effective_on=ISSUED)
    # then
    assert (event.type, event.organization) == ("temporary_out", cell_c)
    assert periods_of(member)[-1] == ("CB-A", ISSUED, None, "probationary", False, "CB-C", None)
    assert _ids(member_list_at(actor=superuser, organization=org_tree.cell_a, on=ISSUED)) == [
        member.pk
    ]
    assert not member_list_at(actor=superuser, organization=cell_c, on=ISSUED).exists()
    assert _ids(guests_at(actor=superuser, organization=cell_c, on=ISSUED)) == [member.pk]
    assert _ids(guests_at(actor=superuser, organization=org_tree.sibling_district, on=ISSUED)) == [
        member.pk
    ]
    assert not guests_at(actor=superuser, organization=cell_c, on=date(2020, 5, 31)).exists()
    after = counts()
    assert after["events"] == before["events"] + 1
    assert after["audit"] == before["audit"] + 1


def test_host_staff_see_their_guest(org_tree, superuser, make_actor, cell_c):
    # given
    member = admit(superuser, org_tree.cell_a)
    member_temporary_out(actor=superuser, member=member, host=cell_c, effective_on=ISSUED)
    host_viewer = make_actor("viewer", org_tree.sibling_district)
    # when
    guests = guests_at(actor=host_viewer, organization=cell_c, on=ISSUED)
    # then
    assert _ids(guests) == [member.pk]


def test_return_ends_the_guest_listing(org_tree, superuser, cell_c):
    # given
    member = admit(superuser, org_tree.cell_a)
    member_temporary_out(actor=superuser, member=member, host=cell_c, effective_on=ISSUED)
    before = counts()
    # when
    event = member_temporary_return(actor=superuser, member=member, effective_on=RECEIVED)
    # then
    assert event.type == "temporary_return"
    assert periods_of(member)[-1] == ("CB-A", RECEIVED, None, "probationary", False, None, None)
    assert not guests_at(actor=superuser, organization=cell_c, on=RECEIVED).exists()
    after = counts()
    assert after["events"] == before["events"] + 1
    assert after["audit"] == before["audit"] + 1


@pytest.mark.parametrize(
    ("_case", "step"),
    [
        (
            "a second temporary transfer",
            lambda a, m, o, c: member_temporary_out(
                actor=a, member=m, host=o.cell_b, effective_on=RECEIVED
            ),
        ),
        (
            "an official transfer while away",
            lambda a, m, o, c: member_transfer_issue(
                actor=a, member=m, to_organization=o.cell_b, effective_on=RECEIVED
            ),
        ),
    ],
)
def test_rejects_while_on_temporary_transfer(org_tree, superuser, cell_c, _case, step):
    # given
    member = admit(superuser, org_tree.cell_a)
    member_temporary_out(actor=superuser, member=member, host=cell_c, effective_on=ISSUED)
    before = counts()
    # when
    with pytest.raises(TransitionError):
        step(superuser, member, org_tree, cell_c)
    # then
    assert counts() == before


def test_rejects_return_when_not_away(org_tree, superuser):
    # given
    member = admit(superuser, org_tree.cell_a)
    before = counts()
    # when
    with pytest.raises(TransitionError):
        member_temporary_return(actor=superuser, member=member, effective_on=RECEIVED)
    # then
    assert counts() == before
    assert not MemberEvent.objects.filter(type="temporary_return").exists()


def test_rejects_temporary_transfer_to_the_own_cell(org_tree, superuser):
    # given
    member = admit(superuser, org_tree.cell_a)
    before = counts()
    # when
    with pytest.raises(TransitionError) as error:
        member_temporary_out(
            actor=superuser, member=member, host=org_tree.cell_a, effective_on=ISSUED
        )
    # then
    assert error.value.code == "same_organization"
    assert counts() == before


@pytest.mark.parametrize(
    ("_case", "role", "on"),
    [
        ("staff of the host district", "staff", "sibling_district"),
        ("viewer of the home cell", "viewer", "cell_a"),
    ],
)
def test_temporary_transfer_needs_rights_at_home(
    org_tree, superuser, make_actor, cell_c, _case, role, on
):
    # given
    member = admit(superuser, org_tree.cell_a)
    actor = make_actor(role, getattr(org_tree, on))
    before = counts()
    # when
    with pytest.raises(PermissionDenied):
        member_temporary_out(actor=actor, member=member, host=cell_c, effective_on=ISSUED)
    # then
    assert counts() == before


@pytest.mark.parametrize(
    ("purpose", "last_day_in_time", "months"),
    [("work", date(2021, 6, 1), 12), ("study", date(2022, 6, 1), 24)],
)
def test_a_temporary_transfer_past_its_maximum_length_is_listed_overdue(
    org_tree, superuser, cell_c, purpose, last_day_in_time, months
):
    from dangvien.members.selectors import temporary_away

    # given: away since 01/06/2020, for work (12 months) or study (24 months, §6.3.2)
    member = admit(superuser, org_tree.cell_a)
    member_temporary_out(
        actor=superuser, member=member, host=cell_c, effective_on=ISSUED, purpose=purpose
    )

    def row(on):
        (found,) = temporary_away(actor=superuser, organization=org_tree.commune, on=on)
        return found

    # then
    assert (row(last_day_in_time).max_months, row(last_day_in_time).ends_on) == (
        months,
        last_day_in_time,
    )
    assert not row(last_day_in_time).overdue
    assert row(date.fromordinal(last_day_in_time.toordinal() + 1)).overdue
    assert temporary_away(actor=superuser, organization=cell_c, on=last_day_in_time) == []


def test_an_unknown_purpose_of_a_temporary_transfer_is_refused(org_tree, superuser, cell_c):
    member = admit(superuser, org_tree.cell_a)
    with pytest.raises(ValidationFailed) as error:
        member_temporary_out(
            actor=superuser, member=member, host=cell_c, effective_on=ISSUED, purpose="holiday"
        )
    assert error.value.code == "purpose_unknown"
