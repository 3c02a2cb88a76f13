"""The dashboard's line of members: no point before the organization existed."""

from __future__ import annotations

from datetime import date

import pytest

from dangvien.reports.selectors import members_over_time

pytestmark = pytest.mark.django_db


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
