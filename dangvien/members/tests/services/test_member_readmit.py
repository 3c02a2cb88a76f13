from datetime import date

import pytest
from django.core.exceptions import PermissionDenied

from dangvien.core.decisions import Decision
from dangvien.core.exceptions import TransitionError, ValidationFailed
from dangvien.members.services import member_readmit, member_recognise, member_remove
from dangvien.members.tests.support import CONSENT, HARDSHIP, admit, counts, periods_of

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _recorded_later(today_is):
    """A scenario reaches 2029: read as recorded in 2030."""
    today_is(date(2030, 1, 1))


LEFT = date(2022, 6, 1)
WAITED = date(2025, 6, 1)


def _removed(actor, org_tree):
    member = admit(actor, org_tree.cell_a)
    member_recognise(actor=actor, member=member, decision=Decision("05"))
    member_remove(actor=actor, member=member, effective_on=LEFT)
    return member


def _readmit(actor, member, organization, on):
    return member_readmit(
        consent=CONSENT,
        hardship_exception=HARDSHIP,
        actor=actor,
        member=member,
        organization=organization,
        effective_on=on,
        decision=Decision("12-QĐ", on),
    )


def test_starts_a_new_probation_after_36_months(org_tree, superuser, make_actor):
    # given
    member = _removed(superuser, org_tree)
    # the standing committee above the grassroots organization decides (competence)
    actor = make_actor("staff", org_tree.district)
    before = counts()
    # when
    event = _readmit(actor, member, org_tree.cell_b, WAITED)
    # then
    assert event.type == "readmitted"
    assert periods_of(member)[-2:] == [
        ("CB-A", date(2021, 1, 10), LEFT, "official", False, None, None),
        ("CB-B", WAITED, None, "probationary", False, None, None),
    ]
    after = counts()
    assert after["events"] == before["events"] + 1
    assert after["audit"] == before["audit"] + 1


def test_new_probation_counts_from_the_readmission(org_tree, superuser):
    # given
    member = _removed(superuser, org_tree)
    _readmit(superuser, member, org_tree.cell_a, WAITED)
    # when
    event = member_recognise(actor=superuser, member=member, decision=Decision("20"))
    # then
    assert event.effective_on == date(2026, 6, 1)


def test_rejects_readmission_before_36_months(org_tree, superuser):
    # given
    member = _removed(superuser, org_tree)
    before = counts()
    # when
    with pytest.raises(TransitionError) as error:
        _readmit(superuser, member, org_tree.cell_a, date(2025, 5, 31))
    # then
    assert error.value.code == "readmission_too_early"
    assert counts() == before


def test_rejects_a_second_readmission(org_tree, superuser):
    # given
    member = _removed(superuser, org_tree)
    _readmit(superuser, member, org_tree.cell_a, WAITED)
    member_remove(actor=superuser, member=member, effective_on=date(2025, 9, 1))
    before = counts()
    # when
    with pytest.raises(TransitionError) as error:
        _readmit(superuser, member, org_tree.cell_a, date(2029, 1, 1))
    # then
    assert error.value.code == "readmission_limit"
    assert counts() == before


def test_rejects_readmitting_a_current_member(org_tree, superuser):
    # given
    member = admit(superuser, org_tree.cell_a)
    before = counts()
    # when
    with pytest.raises(TransitionError):
        _readmit(superuser, member, org_tree.cell_b, WAITED)
    # then
    assert counts() == before


def test_rejects_readmission_into_a_commune_committee(org_tree, superuser):
    # given
    member = _removed(superuser, org_tree)
    before = counts()
    # when
    with pytest.raises(ValidationFailed) as error:
        _readmit(superuser, member, org_tree.commune, WAITED)
    # then
    assert error.value.code == "organization_holds_no_members"
    assert counts() == before


@pytest.mark.parametrize(
    ("_case", "role", "on"),
    [
        ("viewer of the cell", "viewer", "cell_b"),
        ("staff of a sibling district", "staff", "sibling_district"),
        ("secretary of the old cell only", "cell_secretary", "cell_a"),
    ],
)
def test_refuses_actor_without_rights_on_the_readmitting_cell(
    org_tree, superuser, make_actor, _case, role, on
):
    # given
    member = _removed(superuser, org_tree)
    actor = make_actor(role, getattr(org_tree, on))
    before = counts()
    # when
    with pytest.raises(PermissionDenied):
        _readmit(actor, member, org_tree.cell_b, WAITED)
    # then
    assert counts() == before
