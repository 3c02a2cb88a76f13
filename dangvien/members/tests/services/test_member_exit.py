"""Removal, resignation, expulsion and death: the member leaves the count that day."""

from datetime import date

import pytest
from django.core.exceptions import PermissionDenied

from dangvien.core.decisions import Decision
from dangvien.core.exceptions import TransitionError
from dangvien.members.services import (
    member_exempt,
    member_expel,
    member_readmit,
    member_recognise,
    member_record_death,
    member_remove,
    member_resign,
    member_transfer_issue,
)
from dangvien.members.tests.support import ADMITTED, CONSENT, HARDSHIP, admit, counts, periods_of

pytestmark = pytest.mark.django_db
LEFT = date(2022, 6, 1)
EXITS = [
    ("removed", member_remove),
    ("resigned", member_resign),
    ("expelled", member_expel),
    ("died", member_record_death),
]


def _official(actor, org_tree):
    member = admit(actor, org_tree.cell_a)
    member_recognise(actor=actor, member=member, decision=Decision("05"))
    return member


@pytest.mark.parametrize(("_case", "service"), EXITS)
def test_closes_the_membership_on_the_day(org_tree, superuser, make_actor, _case, service):
    # given
    member = _official(superuser, org_tree)
    # the standing committee above the grassroots organization decides (competence)
    actor = make_actor("staff", org_tree.district)
    before = counts()
    # when
    event = service(actor=actor, member=member, effective_on=LEFT, decision=Decision("09"))
    # then
    assert event.type == _case
    assert periods_of(member)[-1] == (
        "CB-A",
        date(2021, 1, 10),
        LEFT,
        "official",
        False,
        None,
        None,
    )
    after = counts()
    assert after["events"] == before["events"] + 1
    assert after["audit"] == before["audit"] + 1


@pytest.mark.parametrize(
    ("_case", "service"), [("removed", member_remove), ("resigned", member_resign)]
)
def test_probationary_member_may_be_removed_or_resign(org_tree, superuser, _case, service):
    # given
    member = admit(superuser, org_tree.cell_a)
    # when
    service(actor=superuser, member=member, effective_on=date(2020, 6, 1))
    # then
    assert periods_of(member) == [
        ("CB-A", ADMITTED, date(2020, 6, 1), "probationary", False, None, None)
    ]


def test_rejects_expelling_a_probationary_member(org_tree, superuser):
    # given
    member = admit(superuser, org_tree.cell_a)
    before = counts()
    # when
    with pytest.raises(TransitionError) as error:
        member_expel(actor=superuser, member=member, effective_on=date(2020, 6, 1))
    # then
    assert error.value.code == "transition_not_allowed"
    assert counts() == before


def test_exit_clears_exemption_and_pending_transfer(org_tree, superuser):
    # given
    member = _official(superuser, org_tree)
    member_exempt(actor=superuser, member=member, effective_on=date(2021, 5, 1))
    member_transfer_issue(
        actor=superuser,
        member=member,
        to_organization=org_tree.cell_b,
        effective_on=date(2022, 1, 3),
    )
    # when
    member_record_death(actor=superuser, member=member, effective_on=LEFT)
    # then
    assert periods_of(member)[-1] == (
        "CB-A",
        date(2022, 1, 3),
        LEFT,
        "official",
        True,
        None,
        "CB-B",
    )


@pytest.mark.parametrize(
    ("_case", "follow"),
    [
        (
            "exemption",
            lambda a, m, o: member_exempt(actor=a, member=m, effective_on=date(2023, 1, 1)),
        ),
        (
            "removal",
            lambda a, m, o: member_remove(actor=a, member=m, effective_on=date(2023, 1, 1)),
        ),
        (
            "readmission",
            lambda a, m, o: member_readmit(
                consent=CONSENT,
                hardship_exception=HARDSHIP,
                actor=a,
                member=m,
                organization=o.cell_a,
                effective_on=date(2026, 1, 1),
                decision=Decision("1", date(2025, 12, 1)),
            ),
        ),
        (
            "transfer",
            lambda a, m, o: member_transfer_issue(
                actor=a, member=m, to_organization=o.cell_b, effective_on=date(2023, 1, 1)
            ),
        ),
    ],
)
def test_nothing_follows_death(org_tree, superuser, _case, follow):
    # given
    member = _official(superuser, org_tree)
    member_record_death(actor=superuser, member=member, effective_on=LEFT)
    before = counts()
    # when
    with pytest.raises(TransitionError):
        follow(superuser, member, org_tree)
    # then
    assert counts() == before


@pytest.mark.parametrize(("_case", "service"), [*EXITS, ("exempted", member_exempt)])
def test_a_death_on_the_day_of_admission_is_what_refuses_what_follows(
    org_tree, superuser, _case, service
):
    # given: no membership period at all, the ledger still names the cell
    member = admit(superuser, org_tree.cell_a)
    member_record_death(actor=superuser, member=member, effective_on=ADMITTED)
    assert periods_of(member) == []
    before = counts()
    # when
    with pytest.raises(TransitionError):
        service(actor=superuser, member=member, effective_on=date(2022, 7, 1))
    # then
    assert counts() == before


@pytest.mark.parametrize(("_case", "service"), EXITS)
def test_rejects_a_second_exit(org_tree, superuser, _case, service):
    # given
    member = _official(superuser, org_tree)
    member_remove(actor=superuser, member=member, effective_on=LEFT)
    before = counts()
    # when
    with pytest.raises(TransitionError):
        service(actor=superuser, member=member, effective_on=date(2022, 7, 1))
    # then
    assert counts() == before


@pytest.mark.parametrize(
    ("_case", "role", "on"),
    [
        ("viewer of the cell", "viewer", "cell_a"),
        ("staff of a sibling district", "staff", "sibling_district"),
    ],
)
@pytest.mark.parametrize(("_exit", "service"), EXITS)
def test_refuses_actor_without_rights(
    org_tree, superuser, make_actor, _case, role, on, _exit, service
):
    # given
    member = _official(superuser, org_tree)
    actor = make_actor(role, getattr(org_tree, on))
    before = counts()
    # when
    with pytest.raises(PermissionDenied):
        service(actor=actor, member=member, effective_on=LEFT)
    # then
    assert counts() == before
