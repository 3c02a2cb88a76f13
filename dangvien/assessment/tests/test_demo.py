"""The demo step writes five years of results within the cap, with a member two years running
"not completed"; the statistics of the province show the year."""

from __future__ import annotations

from collections import Counter
from datetime import date

import pytest

from dangvien.assessment.models import AssessmentResult
from dangvien.assessment.selectors import grassroots_of
from dangvien.decisions.due import removal_due
from dangvien.organizations.demo import NEW_PROVINCE_CODE
from dangvien.organizations.models import Organization
from dangvien.statistics.selectors import statistics_for

pytestmark = pytest.mark.django_db


def test_the_demo_has_five_years_within_the_cap_and_a_member_due_for_removal(demo, superuser):
    results = AssessmentResult.objects.filter(subject="member")
    assert set(results.values_list("year", flat=True)) == {2021, 2022, 2023, 2024, 2025}
    # the cap holds in every grassroots organization and year
    by_unit: dict[tuple[int, int], Counter[str]] = {}
    for result in results.select_related("organization"):
        unit = grassroots_of(result.organization, result.decided_on).pk
        by_unit.setdefault((unit, result.year), Counter())[result.level] += 1
    assert all(c["excellent"] <= c["good"] / 5 for c in by_unit.values())
    assert sum(c["excellent"] for c in by_unit.values()) > 0
    province = Organization.objects.get(code=NEW_PROVINCE_CODE)
    value = statistics_for(province, date(2026, 11, 15))["assessment"]
    assert value["year"] == 2025 and value["members"]["not_completed"] >= 1
    due = removal_due(actor=superuser, organization=province, on=date(2025, 12, 31))
    assert any("2024, 2025" in row.due.reason for row in due)
    # the commune's round of 2026 is open: the demo's member self-assesses in it, the cell
    # proposes, a decision beyond the cap is stopped with its source, the round closes frozen
    from dangvien.accounts.models import User
    from dangvien.assessment.models import AssessmentRound
    from dangvien.assessment.selectors import round_covering, round_figures, round_progress
    from dangvien.assessment.services import (
        Entry,
        assessment_decide_many,
        assessment_propose_many,
        assessment_round_close,
        assessment_self_submit,
    )
    from dangvien.core.exceptions import ValidationFailed
    from dangvien.organizations.selectors import organization_state
    from dangvien.portal.selectors import member_of

    round_ = AssessmentRound.objects.get(year=2026)
    state = organization_state(round_.organization, on=round_.reference_date)
    assert state is not None and "Tháp Mười" in state.name
    assert not hasattr(round_, "closure")  # left open for the walk
    account = User.objects.get(username="dangvien")
    member = member_of(account)
    assert member is not None
    assert round_covering(year=2026, member=member).round == round_
    on = max(round_.opened_on, date.today()) if date.today() <= round_.self_until else None
    if on is not None:  # the walk, when the demo is loaded before the self-assessments end
        assessment_self_submit(actor=account, member=member, year=2026, level="good", score=85,
                               form="2C", on=on)  # fmt: skip
        assessment_propose_many(actor=superuser, year=2026, proposed_on=on,
                                entries=[Entry(member, "excellent", 95)])  # fmt: skip
        with pytest.raises(ValidationFailed) as stopped:
            assessment_decide_many(actor=superuser, year=2026, decided_on=on,
                                   entries=[Entry(member, "excellent", 95)])  # fmt: skip
        assert "Hướng dẫn 21-HD/BTCTW" in str(stopped.value.message)
        assessment_decide_many(actor=superuser, year=2026, decided_on=on,
                               entries=[Entry(member, "good", 85)])  # fmt: skip
        closure = assessment_round_close(actor=superuser, round=round_, closed_on=on)
        progress = round_progress(closure.figures)
        assert (progress.self_assessed, progress.proposed, progress.decided) == (1, 1, 1)
        assert round_progress(round_figures(round_)) == progress
