"""Badges go to members in good standing; the posthumous allowance only to the dead (§2.7)."""

from datetime import date

import pytest

from dangvien.core.decisions import Decision
from dangvien.core.exceptions import ValidationFailed
from dangvien.members.models import BadgeAward
from dangvien.members.services import (
    badge_award,
    member_expel,
    member_recognise,
    member_record_death,
)
from dangvien.members.tests.support import admit

pytestmark = pytest.mark.django_db


@pytest.fixture
def veteran(superuser):
    """Admission decision 05/01/1995: 30 years of party age on 05/01/2025."""
    from dangvien.organizations.services import organization_create

    cell = organization_create(
        actor=superuser,
        code="CB-CU",
        name="Chi bộ cựu chiến binh",
        kind="grassroots_cell",
        sector="other",
        parent=None,
        established_on=date(1990, 1, 1),
    )
    member = admit(superuser, cell, admitted_on=date(1995, 1, 10), born=date(1960, 5, 1))
    member_recognise(actor=superuser, member=member, decision=Decision("1"))
    return member


def test_an_expelled_person_gets_no_badge(veteran, superuser):
    """Regression (issue 12): badges were awarded whatever the standing on the award date."""
    member_expel(actor=superuser, member=veteran, effective_on=date(2024, 6, 1))
    with pytest.raises(ValidationFailed) as error:
        badge_award(actor=superuser, member=veteran, milestone=30, awarded_on=date(2025, 2, 3))
    assert error.value.code == "not_in_good_standing"
    assert not BadgeAward.objects.exists()


def test_the_posthumous_allowance_is_for_the_dead_only(veteran, superuser):
    with pytest.raises(ValidationFailed) as error:
        badge_award(
            actor=superuser,
            member=veteran,
            milestone=30,
            awarded_on=date(2024, 9, 2),
            early_reason="posthumous",
        )
    assert error.value.code == "not_deceased"
    assert not BadgeAward.objects.exists()


def test_a_member_who_died_short_of_the_milestone_is_awarded_posthumously(veteran, superuser):
    member_record_death(actor=superuser, member=veteran, effective_on=date(2024, 6, 1))
    award = badge_award(
        actor=superuser,
        member=veteran,
        milestone=30,
        awarded_on=date(2024, 9, 2),
        early_reason="posthumous",
    )
    assert award.milestone == 30
