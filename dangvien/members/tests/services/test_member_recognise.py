from datetime import date

import pytest
from django.core.exceptions import PermissionDenied

from dangvien.core.decisions import Decision
from dangvien.core.exceptions import TransitionError
from dangvien.members.models import MemberEvent
from dangvien.members.services import member_recognise
from dangvien.members.tests.support import ADMITTED, admit, audits_of, counts, periods_of

pytestmark = pytest.mark.django_db
PROBATION_END = date(2021, 1, 10)


@pytest.mark.parametrize(
    ("_case", "approved_on"),
    [
        ("approved before the end", date(2020, 12, 20)),
        ("approved on the end", PROBATION_END),
        ("approved months later", date(2021, 4, 2)),
    ],
)
def test_takes_effect_twelve_months_after_the_ceremony_whatever_the_approval_date(
    org_tree, superuser, make_actor, _case, approved_on
):
    # given
    member = admit(superuser, org_tree.cell_a)
    # the standing committee above the grassroots organization decides (competence)
    actor = make_actor("staff", org_tree.district)
    before = counts()
    # when
    event = member_recognise(actor=actor, member=member, decision=Decision("05", approved_on))
    # then
    assert (event.type, event.effective_on) == ("recognised", PROBATION_END)
    assert periods_of(member) == [
        ("CB-A", ADMITTED, PROBATION_END, "probationary", False, None, None),
        ("CB-A", PROBATION_END, None, "official", False, None, None),
    ]
    after = counts()
    assert after["events"] == before["events"] + 1
    assert after["audit"] == before["audit"] + 1
    assert audits_of(member)[-1].action == "update"


def test_ends_probation_on_the_last_day_of_a_shorter_month(org_tree, superuser):
    # given: ceremony on 29/02/2020
    member = admit(superuser, org_tree.cell_a, admitted_on=date(2020, 2, 29))
    # when
    event = member_recognise(actor=superuser, member=member, decision=Decision("05"))
    # then
    assert event.effective_on == date(2021, 2, 28)


def test_refuses_a_later_official_date_instead_of_storing_it(org_tree, superuser):
    """Regression (issue 12): the official date is exactly the end of probation (ceremony +
    12 months) whatever date is typed; a later one was stored and shown as the official date."""
    # given
    member = admit(superuser, org_tree.cell_a)
    before = counts()
    # when
    with pytest.raises(TransitionError) as error:
        member_recognise(
            actor=superuser, member=member, decision=Decision("05"), effective_on=date(2021, 3, 1)
        )
    # then
    assert error.value.code == "official_date_not_end_of_probation"
    assert "10/01/2021" in str(error.value)
    assert counts() == before


def test_rejects_recognition_before_the_end_of_probation(org_tree, superuser):
    # given
    member = admit(superuser, org_tree.cell_a)
    before = counts()
    # when
    with pytest.raises(TransitionError) as error:
        member_recognise(
            actor=superuser, member=member, decision=Decision("05"), effective_on=date(2021, 1, 9)
        )
    # then
    assert error.value.code == "probation_not_ended"
    assert counts() == before


def test_rejects_recognising_an_official_member_again(org_tree, superuser):
    # given
    member = admit(superuser, org_tree.cell_a)
    member_recognise(actor=superuser, member=member, decision=Decision("05"))
    before = counts()
    # when
    with pytest.raises(TransitionError):
        member_recognise(actor=superuser, member=member, decision=Decision("06"))
    # then
    assert counts() == before
    assert MemberEvent.objects.filter(member=member, type="recognised").count() == 1


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
    actor = make_actor(role, getattr(org_tree, on))
    before = counts()
    # when
    with pytest.raises(PermissionDenied):
        member_recognise(actor=actor, member=member, decision=Decision("05"))
    # then
    assert counts() == before
