"""The badge-candidates list is set-based (issue 13, defect 10: 46 s for a province of 13
thousand members, seven queries per member) and gives what ``party_age`` gives member by member."""

from datetime import date

import pytest

from dangvien.core.dates import add_months
from dangvien.core.decisions import Decision
from dangvien.members.rule_keys import BADGE_MILESTONE_YEARS
from dangvien.members.selectors import badge_candidates, party_age, previous_badge_occasion
from dangvien.members.services import member_admit, member_recognise

pytestmark = pytest.mark.django_db

AWARD_ON = date(2030, 2, 3)


@pytest.fixture(autouse=True)
def _recorded_later(today_is):
    today_is(date(2031, 1, 1))


def _official(actor, cell, n, decided):
    member = member_admit(
        actor=actor,
        organization=cell,
        admitted_on=date.fromordinal(decided.toordinal() + 20),
        decision=Decision(f"{n}-QĐ", decided, "Huyện ủy"),
        profile={"full_name": f"Đảng viên {n}", "sex": "M", "birth_date": date(1960, 1, 1)},
    )
    member_recognise(
        actor=actor,
        member=member,
        decision=Decision(f"{n}-CN", date(decided.year + 1, decided.month, 28), "Huyện ủy"),
    )
    return member


def _members(superuser, cell, count):
    # decisions in January 2000 (30 years by the occasion of 3/2/2030) and in March (not yet)
    return [
        _official(superuser, cell, n, date(2000, 1 + 2 * (n % 2), 2 + n % 27)) for n in range(count)
    ]


def _expected(members):
    """Member by member, as the list was computed before."""
    previous = previous_badge_occasion(AWARD_ON)
    out = set()
    for member in members:
        now, before = party_age(member, AWARD_ON), party_age(member, previous)
        for milestone in BADGE_MILESTONE_YEARS(on=AWARD_ON):
            needed = (add_months(now.start, 12 * milestone) - now.start).days
            if now.days >= needed and not (before is not None and before.days >= needed):
                out.add((member.pk, milestone))
    return out


def test_gives_what_the_party_age_of_each_member_gives(org_tree, superuser):
    # given
    members = _members(superuser, org_tree.cell_a, 6) + _members(superuser, org_tree.cell_b, 2)
    # when
    rows = badge_candidates(actor=superuser, organization=org_tree.commune, award_on=AWARD_ON)
    # then
    assert {(c.member.pk, c.milestone) for c in rows} == _expected(members)
    assert rows  # the scenario has candidates


def test_the_number_of_queries_does_not_grow_with_the_members(
    org_tree, superuser, django_assert_max_num_queries
):
    _members(superuser, org_tree.cell_a, 3)
    with django_assert_max_num_queries(12):
        few = badge_candidates(actor=superuser, organization=org_tree.commune, award_on=AWARD_ON)
    _members(superuser, org_tree.cell_b, 12)
    with django_assert_max_num_queries(12):
        many = badge_candidates(actor=superuser, organization=org_tree.commune, award_on=AWARD_ON)
    assert len(many) > len(few) > 0
