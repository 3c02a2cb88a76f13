"""What the member's portal reads of their own assessment, at the day it is read: the results
in force then, the steps dated by then and the round open then for their self-assessment."""

from __future__ import annotations

from datetime import date

import pytest

from dangvien.assessment.selectors import own_results, own_steps, round_open_for_self
from dangvien.assessment.services import (
    assessment_correct,
    assessment_record,
    assessment_round_close,
    assessment_round_open,
    assessment_self_submit,
)

pytestmark = pytest.mark.django_db

# History as decided, without rounds (as the import of past years loads it).
HISTORY = {"check_round": False}


@pytest.fixture
def member(cell_members):
    return cell_members[0][0]


@pytest.fixture
def round_2024(org_tree, superuser):
    """The province's round of 2024: opened 15/11, self-assessments until 10/12."""
    return assessment_round_open(
        actor=superuser,
        organization=org_tree.province,
        year=2024,
        opened_on=date(2024, 11, 15),
        self_until=date(2024, 12, 10),
        review_until=date(2024, 12, 20),
        decide_until=date(2025, 1, 10),
        reference_date=date(2024, 12, 31),
    )


def test_the_results_of_a_day_are_those_in_force_then(member, superuser):
    """Read at a past day, the portal listed the years decided since, corrected as today."""
    # given: 2021 decided good on 20/12/2021, corrected to completed on 01/02/2022; 2022
    # decided on 20/12/2022
    good = assessment_record(
        actor=superuser, member=member, year=2021, level="good",
        decided_on=date(2021, 12, 20), **HISTORY,
    )  # fmt: skip
    assessment_correct(
        actor=superuser, result=good, level="completed", decided_on=date(2022, 2, 1), **HISTORY
    )
    assessment_record(
        actor=superuser, member=member, year=2022, level="good",
        decided_on=date(2022, 12, 20), **HISTORY,
    )  # fmt: skip

    def levels(on: date | None) -> list[tuple[int, str]]:
        return [(r.year, r.level) for r in own_results(member, on=on)]

    # then
    assert levels(date(2021, 12, 19)) == []
    assert levels(date(2022, 1, 31)) == [(2021, "good")]
    assert levels(date(2022, 12, 19)) == [(2021, "completed")]
    assert levels(date(2022, 12, 20)) == [(2022, "good"), (2021, "completed")]
    assert levels(None) == levels(date(2022, 12, 20))


def test_the_steps_of_a_day_are_those_dated_by_then(member, superuser, round_2024):
    # given
    step = assessment_self_submit(
        actor=superuser, member=member, year=2024, level="good", on=date(2024, 11, 20), form="2B"
    )

    # then
    assert own_steps(member, on=date(2024, 11, 19)) == []
    assert own_steps(member, on=date(2024, 11, 20)) == [step]
    assert own_steps(member) == [step]


def test_the_round_open_for_self_assessment_is_that_of_the_day(member, superuser, round_2024):
    """Read at a past day, the portal announced the round open today."""
    # when: not open yet, open, its self-assessments over
    before, during, after = (
        round_open_for_self(member, day)
        for day in (date(2024, 11, 14), date(2024, 11, 15), date(2024, 12, 11))
    )

    # then
    assert (before, during, after) == (None, round_2024, None)
    assert round_open_for_self(member, date(2023, 11, 20)) is None  # no round of that year


def test_a_round_closed_early_is_open_until_its_closing(member, superuser, round_2024):
    # given
    assessment_round_close(actor=superuser, round=round_2024, closed_on=date(2024, 12, 1))

    # then
    assert round_open_for_self(member, date(2024, 11, 30)) == round_2024
    assert round_open_for_self(member, date(2024, 12, 1)) is None
