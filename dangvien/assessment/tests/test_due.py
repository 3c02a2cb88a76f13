"""Two consecutive years "not completed" put the member on the removal due-list (§2.11)."""

from __future__ import annotations

from datetime import date

import pytest

from dangvien.assessment.rule_keys import REMOVAL_YEARS
from dangvien.assessment.services import assessment_correct, assessment_record
from dangvien.decisions.due import removal_due

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("rounds")]


def _due(organization, actor, on):
    """The members the assessment's trigger names, with the reason."""
    return {
        row.due.member: row.due.reason
        for row in removal_due(actor=actor, organization=organization, on=on)
        if row.trigger.rule is REMOVAL_YEARS
    }


def test_two_consecutive_years_not_completed_put_the_member_on_the_due_list(
    org_tree, cell_members, superuser
):
    a, _b = cell_members
    for member, levels in (
        (a[0], ("not_completed", "not_completed")),
        (a[1], ("not_completed", "completed")),
    ):
        for year, level in zip((2020, 2021), levels, strict=True):
            assessment_record(
                actor=superuser, member=member, year=year, level=level,
                decided_on=date(year, 12, 20),
            )  # fmt: skip
    due = _due(org_tree.commune, superuser, date(2022, 1, 10))
    assert list(due) == [a[0]]
    assert "2020, 2021" in due[a[0]]
    # before the second year is decided, nobody is due
    assert _due(org_tree.commune, superuser, date(2021, 12, 19)) == {}


def test_a_correction_takes_the_member_off_the_list(org_tree, cell_members, superuser):
    member = cell_members[0][0]
    assessment_record(
        actor=superuser,
        member=member,
        year=2020,
        level="not_completed",
        decided_on=date(2020, 12, 20),
    )
    second = assessment_record(
        actor=superuser,
        member=member,
        year=2021,
        level="not_completed",
        decided_on=date(2021, 12, 20),
    )
    assessment_correct(
        actor=superuser, result=second, level="completed", decided_on=date(2022, 1, 5)
    )
    assert member not in _due(org_tree.commune, superuser, date(2022, 2, 1))
    assert member in _due(org_tree.commune, superuser, date(2022, 1, 4))
