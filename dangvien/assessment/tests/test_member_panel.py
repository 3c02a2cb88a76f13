"""The member page's assessment panel at a past day: the years decided by then."""

from __future__ import annotations

from datetime import date

import pytest

from dangvien.assessment.services import assessment_record

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("rounds")]


def test_the_panel_at_a_past_day_lists_the_results_decided_by_then(client, cell_members, superuser):
    # given: the level of 2021 decided on 15/01/2022
    member = cell_members[0][0]
    assessment_record(
        actor=superuser,
        member=member,
        year=2021,
        level="good",
        score=80,
        decided_on=date(2022, 1, 15),
    )
    client.force_login(superuser)

    # when
    def panel(day: str) -> dict:
        page = client.get(f"/member/{member.pk}/", {"as_of": day})
        return next(p.context for p in page.context["panels"] if "superseded" in p.context)

    # then
    assert [r.year for r in panel("2022-01-14")["results"]] == []
    assert [r.year for r in panel("2022-01-15")["results"]] == [2021]
