"""Corrections and cancellations of ledger entries: new rows that cite the old, periods follow."""

from datetime import date

import pytest
from django.core.exceptions import PermissionDenied

from dangvien.core.decisions import Decision
from dangvien.core.exceptions import TransitionError, ValidationFailed
from dangvien.members.models import MemberEvent
from dangvien.members.selectors import lifecycle_dates
from dangvien.members.services import (
    member_event_correct,
    member_event_void,
    member_exempt,
    member_recognise,
    member_transfer,
    rebuild_member_periods,
)
from dangvien.members.tests.support import (
    ADMITTED,
    admit,
    counts,
    periods_of,
    transferred_then_removed,
)

pytestmark = pytest.mark.django_db


def test_correcting_a_date_moves_the_periods_and_keeps_the_corrected_row(org_tree, superuser):
    # given
    member = admit(superuser, org_tree.cell_a)
    exempted = member_exempt(actor=superuser, member=member, effective_on=date(2020, 5, 1))
    before = counts()
    # when
    correction = member_event_correct(
        actor=superuser, event=exempted, effective_on=date(2020, 7, 1)
    )
    # then
    assert (correction.type, correction.corrects) == ("exempted", exempted)
    assert MemberEvent.objects.filter(pk=exempted.pk, effective_on=date(2020, 5, 1)).exists()
    assert periods_of(member) == [
        ("CB-A", ADMITTED, date(2020, 7, 1), "probationary", False, None, None),
        ("CB-A", date(2020, 7, 1), None, "probationary", True, None, None),
    ]
    after = counts()
    assert after["events"] == before["events"] + 1
    assert after["audit"] == before["audit"] + 1
    assert rebuild_member_periods(verify_only=True)["differing"] == 0


def test_correcting_the_admission_moves_the_start_and_the_probation(org_tree, superuser):
    # given
    member = admit(superuser, org_tree.cell_a)
    admitted = MemberEvent.objects.get(member=member, type="admitted")
    # when
    member_event_correct(actor=superuser, event=admitted, effective_on=date(2020, 2, 1))
    recognised = member_recognise(actor=superuser, member=member, decision=Decision("05"))
    # then
    assert periods_of(member)[0][1] == date(2020, 2, 1)
    assert recognised.effective_on == date(2021, 2, 1)
    assert lifecycle_dates(member).admitted_on == date(2020, 2, 1)


def test_correcting_the_destination_of_a_transfer(org_tree, superuser):
    # given
    from dangvien.members.tests.support import make_cell

    cell_d = make_cell(superuser, "CB-D", org_tree.commune)
    member = admit(superuser, org_tree.cell_a)
    moved = member_transfer(
        actor=superuser,
        member=member,
        to_organization=org_tree.cell_b,
        effective_on=date(2020, 6, 1),
    )
    # when
    member_event_correct(
        actor=superuser, event=moved, effective_on=date(2020, 6, 1), organization=cell_d
    )
    # then
    assert periods_of(member)[-1][:2] == ("CB-D", date(2020, 6, 1))


def test_void_cancels_an_entry_and_the_periods_follow(org_tree, superuser):
    # given
    member = admit(superuser, org_tree.cell_a)
    exempted = member_exempt(actor=superuser, member=member, effective_on=date(2020, 5, 1))
    before = counts()
    # when
    void = member_event_void(actor=superuser, event=exempted, note="nhập nhầm")
    # then
    assert (void.type, void.corrects, void.effective_on) == ("voided", exempted, date(2020, 5, 1))
    assert MemberEvent.objects.filter(pk=exempted.pk).exists()
    assert periods_of(member) == [("CB-A", ADMITTED, None, "probationary", False, None, None)]
    after = counts()
    assert after["events"] == before["events"] + 1
    assert after["audit"] == before["audit"] + 1


@pytest.mark.parametrize(("_case", "second"), [("corrected again", "correct"), ("voided", "void")])
def test_rejects_touching_an_entry_already_corrected(org_tree, superuser, _case, second):
    # given
    member = admit(superuser, org_tree.cell_a)
    exempted = member_exempt(actor=superuser, member=member, effective_on=date(2020, 5, 1))
    member_event_correct(actor=superuser, event=exempted, effective_on=date(2020, 6, 1))
    before = counts()

    # when
    def again():
        if second == "correct":
            member_event_correct(actor=superuser, event=exempted, effective_on=date(2020, 7, 1))
        else:
            member_event_void(actor=superuser, event=exempted, note="x")

    with pytest.raises(ValidationFailed) as error:
        again()
    # then
    assert error.value.code == "already_corrected"
    assert counts() == before


def test_rejects_void_without_a_reason(org_tree, superuser):
    # given
    member = admit(superuser, org_tree.cell_a)
    exempted = member_exempt(actor=superuser, member=member, effective_on=date(2020, 5, 1))
    before = counts()
    # when
    with pytest.raises(ValidationFailed) as error:
        member_event_void(actor=superuser, event=exempted, note="  ")
    # then
    assert error.value.code == "note_required"
    assert counts() == before


def test_rejects_a_correction_the_ledger_cannot_replay(org_tree, superuser):
    # given: the recognition cannot move before the end of probation
    member = admit(superuser, org_tree.cell_a)
    recognised = member_recognise(actor=superuser, member=member, decision=Decision("05"))
    before = counts()
    # when
    with pytest.raises(TransitionError) as error:
        member_event_correct(actor=superuser, event=recognised, effective_on=date(2020, 12, 1))
    # then
    assert error.value.code == "probation_not_ended"
    assert counts() == before


def test_rejects_voiding_the_admission_under_later_events(org_tree, superuser):
    # given
    member = admit(superuser, org_tree.cell_a)
    member_exempt(actor=superuser, member=member, effective_on=date(2020, 5, 1))
    admitted = MemberEvent.objects.get(member=member, type="admitted")
    before = counts()
    # when
    with pytest.raises(TransitionError):
        member_event_void(actor=superuser, event=admitted, note="nhầm")
    # then
    assert counts() == before


@pytest.mark.parametrize(
    ("_case", "role", "on"),
    [
        ("viewer of the cell", "viewer", "cell_a"),
        ("staff of a sibling district", "staff", "sibling_district"),
    ],
)
def test_refuses_actor_without_rights(org_tree, superuser, make_actor, _case, role, on):
    # given
    member = admit(superuser, org_tree.cell_a)
    exempted = member_exempt(actor=superuser, member=member, effective_on=date(2020, 5, 1))
    actor = make_actor(role, getattr(org_tree, on))
    before = counts()
    # when
    with pytest.raises(PermissionDenied):
        member_event_correct(actor=actor, event=exempted, effective_on=date(2020, 6, 1))
    with pytest.raises(PermissionDenied):
        member_event_void(actor=actor, event=exempted, note="nhầm")
    # then
    assert counts() == before


@pytest.fixture
def moved(org_tree, superuser):
    """A member of CB-A transferred in 2021 to a cell of the other district, later removed."""
    return transferred_then_removed(superuser, org_tree)


def test_destination_staff_cannot_void_a_transfer_alone(moved, make_actor, org_tree):
    """Voiding the transfer rewrote the sending side with only the destination's right."""
    member, _far = moved
    staff = make_actor("staff", org_tree.sibling_district)
    transfer = MemberEvent.objects.get(member=member, type="transferred")
    count = MemberEvent.objects.count()
    with pytest.raises(PermissionDenied):
        member_event_void(actor=staff, event=transfer, note="nhầm")
    assert MemberEvent.objects.count() == count
