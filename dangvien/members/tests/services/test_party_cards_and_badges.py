from datetime import date

import pytest
from django.core.exceptions import PermissionDenied

from dangvien.audit.models import AuditEvent
from dangvien.core.decisions import Decision
from dangvien.core.exceptions import ValidationFailed
from dangvien.members.models import BadgeAward, Member, PartyCardEntry
from dangvien.members.selectors import badge_candidates
from dangvien.members.services import badge_award, member_admit, member_recognise, party_card_record

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _recorded_later(today_is):
    """The badges of these scenarios fall up to 2030: read as recorded in 2031."""
    today_is(date(2031, 1, 1))


@pytest.fixture
def official(org_tree, superuser):
    member = member_admit(
        actor=superuser,
        organization=org_tree.cell_a,
        admitted_on=date(2000, 2, 1),
        decision=Decision("1-QĐ", date(2000, 1, 10), "Huyện ủy"),
        profile={"full_name": "Trần Văn Bảy", "sex": "M", "birth_date": date(1960, 1, 1)},
    )
    member_recognise(
        actor=superuser, member=member, decision=Decision("2-QĐ", date(2001, 3, 1), "Huyện ủy")
    )
    return member


def test_card_issue_reissue_recall_keep_the_register_and_the_number(official, superuser):
    # when
    party_card_record(
        actor=superuser,
        member=official,
        action="issued",
        number="370001002001",
        effective_on=date(2001, 5, 19),
    )
    party_card_record(
        actor=superuser,
        member=official,
        action="reissued",
        number="370001002999",
        effective_on=date(2025, 9, 2),
        note="Đổi thẻ theo Chỉ thị 51-CT/TW",
    )
    # then
    official.refresh_from_db()
    assert official.party_card_number == "370001002999"
    assert list(PartyCardEntry.objects.values_list("action", "number")) == [
        ("issued", "370001002001"),
        ("reissued", "370001002999"),
    ]
    party_card_record(
        actor=superuser, member=official, action="recalled", effective_on=date(2026, 1, 5)
    )
    official.refresh_from_db()
    assert official.party_card_number == ""
    assert AuditEvent.objects.filter(message__startswith="card").count() == 3


@pytest.mark.parametrize(
    ("_case", "setup", "kwargs", "code"),
    [
        ("probationary member", None, {"effective_on": date(2000, 6, 1)}, "not_official"),
        ("second issue", "issue", {}, "card_held"),
        ("recall without card", None, {"action": "recalled"}, "no_card"),
        ("number of another member", "other", {"number": "999"}, "card_taken"),
    ],
)
def test_card_rules(official, superuser, org_tree, _case, setup, kwargs, code):
    if setup == "issue":
        party_card_record(
            actor=superuser,
            member=official,
            action="issued",
            number="1",
            effective_on=date(2002, 1, 1),
        )
    if setup == "other":
        other = member_admit(
            actor=superuser,
            organization=org_tree.cell_a,
            admitted_on=date(2000, 2, 1),
            decision=Decision("1", date(2000, 1, 10), "H"),
            profile={"full_name": "Lê Thị Tám", "sex": "F", "birth_date": date(1960, 1, 1)},
        )
        member_recognise(
            actor=superuser, member=other, decision=Decision("2", date(2001, 3, 1), "H")
        )
        party_card_record(
            actor=superuser,
            member=other,
            action="issued",
            number="999",
            effective_on=date(2002, 1, 1),
        )
    before = (PartyCardEntry.objects.count(), AuditEvent.objects.count())
    params = {"action": "issued", "number": "42", "effective_on": date(2003, 1, 1), **kwargs}
    with pytest.raises(ValidationFailed) as error:
        party_card_record(actor=superuser, member=official, **params)
    assert error.value.code == code
    assert (PartyCardEntry.objects.count(), AuditEvent.objects.count()) == before


def test_badge_needs_the_party_age_and_is_awarded_once(official, superuser):
    # party age counts from the decision of 10/01/2000: 30 years on 10/01/2030
    with pytest.raises(ValidationFailed) as error:
        badge_award(actor=superuser, member=official, milestone=30, awarded_on=date(2029, 11, 7))
    assert error.value.code == "party_age_short"
    # the rule cited by its source in the rulebook, not its key (walk of issue 19)
    from dangvien.members.rule_keys import BADGE_MILESTONE_YEARS

    source = BADGE_MILESTONE_YEARS.version(on=date(2029, 11, 7)).source
    assert source and f"({source})" in str(error.value)
    assert "badge.milestone_years" not in str(error.value)
    badge_award(
        actor=superuser,
        member=official,
        milestone=30,
        awarded_on=date(2030, 2, 3),
        decision_number="5-QĐ",
    )
    with pytest.raises(ValidationFailed):
        badge_award(actor=superuser, member=official, milestone=30, awarded_on=date(2030, 5, 19))
    assert BadgeAward.objects.count() == 1


def test_serious_illness_allows_an_early_award(official, superuser):
    award = badge_award(
        actor=superuser,
        member=official,
        milestone=30,
        awarded_on=date(2029, 11, 7),
        early_reason="serious_illness",
    )
    assert award.early_reason == "serious_illness"


def test_awarded_milestone_leaves_the_candidates_list(official, superuser, org_tree):
    assert [
        c.milestone
        for c in badge_candidates(
            actor=superuser, organization=org_tree.cell_a, award_on=date(2030, 2, 3)
        )
    ] == [30]
    badge_award(actor=superuser, member=official, milestone=30, awarded_on=date(2030, 2, 3))
    assert (
        badge_candidates(actor=superuser, organization=org_tree.cell_a, award_on=date(2030, 2, 3))
        == []
    )


def test_viewer_cannot_record_cards_or_badges(official, make_actor, org_tree):
    viewer = make_actor("viewer", org_tree.cell_a)
    with pytest.raises(PermissionDenied):
        party_card_record(
            actor=viewer,
            member=official,
            action="issued",
            number="7",
            effective_on=date(2002, 1, 1),
        )
    with pytest.raises(PermissionDenied):
        badge_award(actor=viewer, member=official, milestone=30, awarded_on=date(2030, 2, 3))
    assert PartyCardEntry.objects.count() == 0 and BadgeAward.objects.count() == 0
    assert Member.objects.get(pk=official.pk).party_card_number == ""
