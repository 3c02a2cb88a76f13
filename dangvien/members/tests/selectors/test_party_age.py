from datetime import date

import pytest

from dangvien.core.decisions import Decision
from dangvien.members.selectors import party_age
from dangvien.members.services import (
    member_readmit,
    member_recognise,
    member_remove,
    member_transfer_issue,
    member_transfer_receive,
)
from dangvien.members.tests.support import CONSENT, HARDSHIP, admit

pytestmark = pytest.mark.django_db
DECIDED = date(2001, 1, 1)
CEREMONY = date(2001, 1, 10)


@pytest.fixture
def official(org_tree, superuser):
    member = admit(
        superuser, org_tree.cell_a, admitted_on=CEREMONY, decided_on=DECIDED, born=date(1975, 1, 1)
    )
    member_recognise(actor=superuser, member=member, decision=Decision("05"))
    return member


def test_counts_from_the_first_admission_decision(official):
    # when
    age = party_age(official, date(2011, 1, 1))
    # then
    assert age.start == DECIDED
    assert age.days == (date(2011, 1, 1) - DECIDED).days
    assert age.gaps == []


def test_reaches_ten_years_on_the_tenth_anniversary_of_the_decision(official):
    # when
    age = party_age(official, date(2011, 1, 1))
    # then
    assert age.years == 10


def test_is_none_for_a_member_never_recognised(org_tree, superuser):
    # given
    member = admit(superuser, org_tree.cell_a)
    # when / then
    assert party_age(member, date(2020, 6, 1)) is None


def test_excludes_the_time_between_removal_and_readmission(official, org_tree, superuser):
    # given
    removed, readmitted = date(2005, 1, 1), date(2008, 1, 1)
    member_remove(actor=superuser, member=official, effective_on=removed)
    member_readmit(
        consent=CONSENT,
        hardship_exception=HARDSHIP,
        actor=superuser,
        member=official,
        organization=org_tree.cell_b,
        effective_on=readmitted,
        decision=Decision("12", readmitted),
    )
    member_recognise(actor=superuser, member=official, decision=Decision("13"))
    # when
    age = party_age(official, date(2010, 1, 1))
    during_gap = party_age(official, date(2006, 1, 1))
    # then
    assert age.start == DECIDED
    assert age.gaps == [(removed, readmitted, "out_of_party")]
    assert age.days == (date(2010, 1, 1) - DECIDED).days - (readmitted - removed).days
    assert during_gap.days == (removed - DECIDED).days


def test_stops_counting_after_the_exit(official, superuser):
    # given
    member_remove(actor=superuser, member=official, effective_on=date(2005, 1, 1))
    # when
    age = party_age(official, date(2010, 1, 1))
    # then
    assert age.days == (date(2005, 1, 1) - DECIDED).days


def test_excludes_transit_beyond_the_presentation_deadline(official, org_tree, superuser):
    # given: issued Monday 01/03/2021, 30 working days end on 12/04/2021
    member_transfer_issue(
        actor=superuser,
        member=official,
        to_organization=org_tree.cell_b,
        effective_on=date(2021, 3, 1),
    )
    member_transfer_receive(actor=superuser, member=official, effective_on=date(2021, 5, 3))
    # when
    age = party_age(official, date(2022, 1, 1))
    # then
    assert age.gaps == [(date(2021, 4, 12), date(2021, 5, 3), "transfer")]
    assert age.days == (date(2022, 1, 1) - DECIDED).days - 21
