from datetime import date

import pytest
from django.core.exceptions import PermissionDenied

from dangvien.core.exceptions import TransitionError
from dangvien.members.selectors import member_list_at
from dangvien.members.services import member_exempt, member_exemption_end
from dangvien.members.tests.support import ADMITTED, admit, counts, periods_of

pytestmark = pytest.mark.django_db
FROM, UNTIL = date(2020, 5, 1), date(2020, 9, 1)


def test_flags_the_member_exempted_while_still_counted(org_tree, superuser, make_actor):
    # given
    member = admit(superuser, org_tree.cell_a)
    actor = make_actor("cell_secretary", org_tree.cell_a)
    before = counts()
    # when
    member_exempt(actor=actor, member=member, effective_on=FROM)
    # then
    assert periods_of(member) == [
        ("CB-A", ADMITTED, FROM, "probationary", False, None, None),
        ("CB-A", FROM, None, "probationary", True, None, None),
    ]
    listed = member_list_at(actor=superuser, organization=org_tree.cell_a, on=FROM, exempted=True)
    assert [p.member_id for p in listed] == [member.pk]
    after = counts()
    assert after["events"] == before["events"] + 1
    assert after["audit"] == before["audit"] + 1


def test_ending_the_exemption_clears_the_flag(org_tree, superuser):
    # given
    member = admit(superuser, org_tree.cell_a)
    member_exempt(actor=superuser, member=member, effective_on=FROM)
    # when
    member_exemption_end(actor=superuser, member=member, effective_on=UNTIL)
    # then
    assert [p[1:5] for p in periods_of(member)] == [
        (ADMITTED, FROM, "probationary", False),
        (FROM, UNTIL, "probationary", True),
        (UNTIL, None, "probationary", False),
    ]
    assert not member_list_at(
        actor=superuser, organization=org_tree.cell_a, on=UNTIL, exempted=True
    ).exists()


@pytest.mark.parametrize(
    ("_case", "exempted_first", "service"),
    [
        ("exempting twice", True, member_exempt),
        ("ending without exemption", False, member_exemption_end),
    ],
)
def test_rejects_flag_already_in_that_state(org_tree, superuser, _case, exempted_first, service):
    # given
    member = admit(superuser, org_tree.cell_a)
    if exempted_first:
        member_exempt(actor=superuser, member=member, effective_on=FROM)
    before = counts()
    # when
    with pytest.raises(TransitionError):
        service(actor=superuser, member=member, effective_on=UNTIL)
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
    actor = make_actor(role, getattr(org_tree, on))
    before = counts()
    # when
    with pytest.raises(PermissionDenied):
        member_exempt(actor=actor, member=member, effective_on=FROM)
    # then
    assert counts() == before
