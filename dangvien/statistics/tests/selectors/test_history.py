"""The figures of an organization founded by a merge, for days before its founding: the sum
of its predecessors' (and of theirs, when a predecessor was itself founded by a merge)."""

from __future__ import annotations

from datetime import date, timedelta

import pytest

from dangvien.core.exceptions import ValidationFailed
from dangvien.organizations.selectors import organization_predecessors, standing_predecessors
from dangvien.statistics.history import (
    before_founding,
    combined_statistics,
    statistics_or_combined,
)
from dangvien.statistics.selectors import statistics_for
from dangvien.statistics.tests.reform import REFORM, TG_FOUNDED, build_reform

pytestmark = pytest.mark.django_db

EVE = REFORM - timedelta(days=1)


@pytest.fixture
def reform(superuser, org_tree):
    return build_reform(superuser, org_tree)


def codes(states):
    return [s.organization.code for s in states]


def test_predecessors_are_the_organizations_merged_into_it_with_their_dates(reform):
    found = organization_predecessors(reform.merged)
    assert [(p.organization.code, p.merged_on) for p in found] == [
        ("T-DT", REFORM),
        ("T-TG", REFORM),
    ]
    assert found[1].name == "Đảng bộ tỉnh Tiền Giang"
    assert found[1].established_on == TG_FOUNDED
    assert found[1].last_day == EVE
    assert [p.organization.code for p in organization_predecessors(reform.tien_giang)] == [
        "OLD-1",
        "OLD-2",
    ]


def test_standing_predecessors_follow_the_predecessors_of_a_predecessor(reform):
    assert sorted(codes(standing_predecessors(reform.merged, EVE))) == ["T-DT", "T-TG"]
    # in 2008 T-TG did not exist yet: its own predecessors stood
    assert sorted(codes(standing_predecessors(reform.merged, date(2008, 6, 1)))) == [
        "OLD-1",
        "OLD-2",
        "T-DT",
    ]
    # on and after the founding day there is nothing to add up
    assert standing_predecessors(reform.merged, REFORM) == []
    # before anything existed, nothing stood
    assert standing_predecessors(reform.merged, date(1990, 1, 1)) == []


def test_combined_figures_are_the_sum_of_the_predecessors_at_that_date(reform):
    combined = combined_statistics(reform.merged, EVE)
    parts = [statistics_for(reform.dong_thap, EVE), statistics_for(reform.tien_giang, EVE)]
    for key in ("total", "official", "probationary", "female"):
        assert combined["members"][key] == sum(p["members"][key] for p in parts), key
    assert combined["members"]["total"] == 6
    assert combined["members"]["female"] == 1
    assert combined["cells"] == sum(p["cells"] for p in parts) == 4
    assert combined["grassroots"]["committees"] == 4  # X-MA, X-MH, OLD-1-X, OLD-2-X
    assert combined["grassroots"]["by_sector"] == {"commune": 4}
    assert combined["admissions"]["count"] == 0  # none in 2025 up to the eve
    assert [p["code"] for p in combined["combined_from"]] == ["T-DT", "T-TG"]
    assert combined["organization"] == {
        "code": "T-DT25",
        "name": "Đảng bộ tỉnh Đồng Tháp",
        "kind": "provincial",
    }
    assert combined["as_of"] == EVE.isoformat()


def test_the_line_runs_on_across_the_merge(reform):
    before = combined_statistics(reform.merged, EVE)["members"]["total"]
    after = statistics_for(reform.merged, REFORM)["members"]["total"]
    assert before == after == 6


def test_combined_figures_reach_the_predecessors_of_a_predecessor(reform):
    day = date(2008, 6, 1)
    combined = combined_statistics(reform.merged, day)
    old = [statistics_for(reform.old_1, day), statistics_for(reform.old_2, day)]
    dong_thap = statistics_for(reform.dong_thap, day)
    assert combined["members"]["total"] == (
        dong_thap["members"]["total"] + sum(p["members"]["total"] for p in old)
    )
    assert combined["members"]["total"] == 5  # 3 in Đồng Tháp, one in each old province
    assert sorted(p["code"] for p in combined["combined_from"]) == ["OLD-1", "OLD-2", "T-DT"]
    # 2020: Tiền Giang's admission counted in the year's admissions of the combined figures
    assert combined_statistics(reform.merged, date(2020, 12, 31))["admissions"]["count"] == 1


def test_the_contract_still_refuses_a_day_before_the_founding(reform):
    with pytest.raises(ValidationFailed) as refused:
        statistics_for(reform.merged, EVE)
    assert refused.value.code == "organization_not_existing"
    assert "members" in statistics_or_combined(reform.merged, EVE)
    assert "combined_from" not in statistics_or_combined(reform.merged, REFORM)


def test_the_refusal_before_the_founding_names_the_predecessors(reform):
    refusal = before_founding(reform.merged, EVE)
    assert refusal.code == "organization_not_existing"
    assert "01/07/2025" in str(refusal.message)
    assert "Đảng bộ tỉnh Đồng Tháp (T-DT25)" in str(refusal.message)
    assert "T-TG" in str(refusal.message)
    assert [p["code"] for p in refusal.params["predecessors"]] == ["T-DT", "T-TG"]
    # an organization without predecessors keeps the plain refusal
    plain = before_founding(reform.dong_thap, date(1990, 1, 1))
    assert "predecessors" not in plain.params
    # a day with nothing standing: the combined figures are refused the same way
    with pytest.raises(ValidationFailed) as nothing:
        combined_statistics(reform.merged, date(1990, 1, 1))
    assert nothing.value.params["predecessors"]
