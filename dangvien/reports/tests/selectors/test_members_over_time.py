"""The dashboard's line of members: no point before the organization existed; before a founding
at the reform, what the organization was formed from (merged predecessors and units moved in)."""

from __future__ import annotations

from datetime import date, timedelta

import pytest

from dangvien.reports.selectors import (
    admissions_by_year,
    combined_report_figures,
    formed_from,
    members_over_time,
)
from dangvien.reports.tests.commune_reform import REFORM, build_commune_reform
from dangvien.statistics.selectors import statistics_for

pytestmark = pytest.mark.django_db

EVE = REFORM - timedelta(days=1)


def test_no_point_before_a_founding_without_predecessors(org_tree):
    # given: the cell founded on 01/01/2000, no predecessor
    # when: eight years back from 2003
    points = members_over_time(org_tree.cell_a, date(2003, 6, 30))

    # then: 1999 and before are left out (they drew 0 members), 2000–2002 and the day stay
    assert [p["date"] for p in points] == [
        "2000-12-31",
        "2001-12-31",
        "2002-12-31",
        "2003-06-30",
    ]


@pytest.fixture
def commune_reform(superuser, org_tree):
    return build_commune_reform(superuser, org_tree)


def test_years_before_the_reform_count_the_cells_moved_in_as_well(commune_reform):
    """Regression: the merged commune's line jumped at the reform (750 → 976 in the demo): the
    years before it counted the merged communes only, not the cells moved into it."""
    # given: X-MA (3) and X-MB (1) merged into XA-TM on 01/07/2025, CB-M (2, +1 in 2020)
    # moved into it that day from X-MH, whose CB-N (1) stayed
    # when
    points = members_over_time(commune_reform.commune, date(2026, 6, 30), years=10)

    # then: before the reform, every organization it was formed from as it stood then
    by_day = {p["date"]: (p["members"], p["combined"]) for p in points}
    assert by_day["2016-12-31"] == (3 + 1 + 2, True)
    assert by_day["2020-12-31"] == (3 + 1 + 3, True)
    assert by_day["2024-12-31"] == (7, True)
    assert by_day["2025-12-31"] == (7, False)


def test_the_eve_of_the_reform_holds_what_the_founding_day_holds(commune_reform):
    # when: read on the founding day
    parts = formed_from(commune_reform.commune, [EVE])[EVE]
    points = members_over_time(commune_reform.commune, REFORM, years=1)

    # then: the predecessors and the cell moved in, the cells inside X-MA counted with it
    assert sorted(o.code for o in parts) == ["CB-M", "X-MA", "X-MB"]
    assert [(p["date"], p["members"], p["combined"]) for p in points] == [
        ("2024-12-31", 7, True),
        (REFORM.isoformat(), 7, False),
    ]
    assert statistics_for(commune_reform.commune, REFORM)["members"]["total"] == 7


def test_read_before_the_reform_the_line_ends_on_the_figures_of_the_page(commune_reform):
    # given: the dashboard read on the eve shows the merged communes' combined figures
    figures = combined_report_figures(commune_reform.commune, EVE)

    # when
    points = members_over_time(commune_reform.commune, EVE, years=2)

    # then: the predecessors as they stood (the cell not yet moved in is left out)
    assert figures["members"]["total"] == 4
    assert points[-1] == {"date": EVE.isoformat(), "members": 4, "combined": True}


def test_admissions_before_the_reform_count_the_cells_moved_in(commune_reform):
    # when
    rows = {
        r["year"]: r for r in admissions_by_year(commune_reform.commune, date(2026, 6, 30), years=7)
    }

    # then: the 2020 admission into CB-M, then under X-MH, belongs to the commune's history
    assert (rows[2020]["admissions"], rows[2020]["combined"]) == (1, True)
    assert (rows[2021]["admissions"], rows[2021]["combined"]) == (0, True)
    assert rows[2026]["combined"] is False


def test_the_statistics_of_a_day_before_the_reform_keep_the_subtree_of_that_day(
    commune_reform, org_tree
):
    # given: §3 counts a subtree as it stood on the date (the line is the dashboard's own)
    day = date(2020, 12, 31)

    # then: that day CB-M's three members and CB-N's one were X-MH's
    assert statistics_for(org_tree.sibling_commune, day)["members"]["total"] == 4
    assert statistics_for(commune_reform.my_an, day)["members"]["total"] == 3
