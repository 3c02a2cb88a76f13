"""The ``assessment`` key of §4 on hand-built data, the numbers worked out by hand."""

from __future__ import annotations

from datetime import date

import pytest

from dangvien.assessment import statistics
from dangvien.assessment.services import assessment_correct, assessment_record
from dangvien.assessment.statistics import assessment_statistics, assessment_text
from dangvien.members.services import member_exempt, member_resign
from dangvien.organizations.services import organization_create, organization_merge
from dangvien.statistics.narrative import statistics_text
from dangvien.statistics.selectors import statistics_for

pytestmark = pytest.mark.django_db

# History as decided, without rounds (as the import of past years loads it): the statistics
# count whatever was decided.
HISTORY = {"check_round": False}

DECIDED = date(2021, 12, 20)


@pytest.fixture(autouse=True, params=["small subtree: its members listed", "large subtree"])
def subtree_size(request, monkeypatch):
    """Every case both ways: the members of a small subtree are listed first (a commune), a
    large one is read by one query (a province); the figures must not differ."""
    if request.param == "large subtree":
        monkeypatch.setattr(statistics, "SMALL_SUBTREE", 0)


@pytest.fixture
def scenario(org_tree, cell_members, admit, superuser):
    """Mỹ An 2021: in cell A one excellent, four good, one completed (who resigned on the
    decision day); in cell B one good and one not completed (exempted since March); cell B
    merged into cell A on 01/06/2022. Organizations: cell B excellent, cell A good, the commune
    itself good (decided by the district). A member of Mỹ Hiệp, outside, is good. A 2022 result
    is decided on 01/01/2023. One of cell A's goods is corrected to completed on 01/02/2022."""
    a, b = cell_members
    member_exempt(actor=superuser, member=b[1], effective_on=date(2021, 3, 1))
    member_resign(actor=superuser, member=a[5], effective_on=DECIDED)

    def rec(member, level, *, on=DECIDED, year=2021):
        return assessment_record(
            actor=superuser, member=member, year=year, level=level, decided_on=on, **HISTORY
        )

    firsts = [rec(m, "good") for m in a[1:5]]
    rec(b[0], "good")
    rec(a[0], "excellent")
    rec(a[5], "completed")
    rec(b[1], "not_completed")
    outside_cell = organization_create(
        actor=superuser, code="CB-MH", name="Chi bộ ấp Mỹ Hòa", kind="cell",
        sector="residential", parent=org_tree.sibling_commune, established_on=date(2000, 1, 1),
    )  # fmt: skip
    outsider = admit(outside_cell)
    rec(outsider, "good")
    for organization, level, on, by in (
        (org_tree.cell_b, "excellent", date(2021, 12, 25), None),
        (org_tree.cell_a, "good", date(2021, 12, 25), None),
        (org_tree.commune, "good", date(2021, 12, 28), org_tree.district),
    ):
        assessment_record(
            actor=superuser, organization=organization, year=2021, level=level, decided_on=on,
            decided_by=by, **HISTORY,
        )  # fmt: skip
    assessment_correct(
        actor=superuser,
        result=firsts[0],
        level="completed",
        decided_on=date(2022, 2, 1),
        **HISTORY,
    )
    organization_merge(
        actor=superuser, absorbed=[org_tree.cell_b], survivor=org_tree.cell_a,
        effective_on=date(2022, 6, 1),
    )  # fmt: skip
    rec(a[0], "good", on=date(2023, 1, 1), year=2022)
    return org_tree


def levels(excellent=0, good=0, completed=0, not_completed=0):
    return {
        "excellent": excellent,
        "good": good,
        "completed": completed,
        "not_completed": not_completed,
    }


def test_the_latest_year_with_every_level_counted_zero_included(scenario, today_is):
    today_is(date(2023, 6, 1))
    value = assessment_statistics(scenario.commune, date(2022, 12, 31))
    # the merged cell B and its members count through cell A; the commune's own result counts;
    # the exempted member and the one who left on the decision day have their results counted
    assert value == {
        "year": 2021,
        "members": levels(excellent=1, good=4, completed=2, not_completed=1),
        "organizations": levels(excellent=1, good=2),
    }


def test_a_correction_counts_from_its_own_date(scenario):
    assert assessment_statistics(scenario.commune, date(2022, 1, 31))["members"] == levels(
        excellent=1, good=5, completed=1, not_completed=1
    )
    assert assessment_statistics(scenario.commune, date(2022, 2, 1))["members"] == levels(
        excellent=1, good=4, completed=2, not_completed=1
    )


def test_results_decided_on_d_itself_count_and_later_ones_do_not(scenario):
    value = assessment_statistics(scenario.commune, DECIDED)
    assert value["members"] == levels(excellent=1, good=5, completed=1, not_completed=1)
    assert value["organizations"] == levels()
    assert assessment_statistics(scenario.commune, date(2021, 12, 19)) is None


def test_a_year_decided_on_the_first_of_january_moves_the_year(scenario, today_is):
    today_is(date(2023, 6, 1))
    assert assessment_statistics(scenario.commune, date(2022, 12, 31))["year"] == 2021
    value = assessment_statistics(scenario.commune, date(2023, 1, 1))
    assert value == {"year": 2022, "members": levels(good=1), "organizations": levels()}


def test_a_subtree_counts_only_what_is_placed_in_it(scenario):
    on = date(2022, 3, 1)
    cell_b = assessment_statistics(scenario.cell_b, on)
    assert cell_b == {
        "year": 2021,
        "members": levels(good=1, not_completed=1),
        "organizations": levels(excellent=1),
    }
    district = assessment_statistics(scenario.district, on)
    assert district["organizations"] == levels(excellent=1, good=2)
    province = assessment_statistics(scenario.province, on)
    assert province["members"] == levels(excellent=1, good=5, completed=2, not_completed=1)
    assert assessment_statistics(scenario.sibling_commune, on)["members"] == levels(good=1)


def test_the_key_and_its_sentence_are_in_the_statistics(scenario):
    stats = statistics_for(scenario.commune, date(2022, 3, 1))
    assert stats["assessment"]["year"] == 2021
    text = statistics_text(stats)
    assert "Năm 2021, có 1 đảng viên hoàn thành xuất sắc nhiệm vụ, chiếm 12,5%" in text
    assert "1 đảng viên không hoàn thành nhiệm vụ, chiếm 12,5%" in text
    assert "Về tổ chức đảng, có 1 tổ chức đảng hoàn thành xuất sắc nhiệm vụ (33,3%)" in text


def test_the_sentence_groups_thousands_and_rounds_one_decimal():
    value = {
        "year": 2021,
        "members": levels(excellent=512, good=3640, completed=280, not_completed=9),
        "organizations": levels(),
    }
    assert assessment_text(value, {}).startswith(
        "Năm 2021, có 512 đảng viên hoàn thành xuất sắc nhiệm vụ, chiếm 11,5%; 3.640 đảng viên "
        "hoàn thành tốt nhiệm vụ, chiếm 82%"
    )


def test_a_result_decided_after_the_member_left_is_placed_nowhere(
    org_tree, cell_members, superuser
):
    member = cell_members[0][0]
    member_resign(actor=superuser, member=member, effective_on=date(2021, 6, 1))
    assessment_record(
        actor=superuser, member=member, year=2021, level="good", decided_on=DECIDED, **HISTORY
    )
    assert assessment_statistics(org_tree.province, date(2022, 1, 1)) is None


def test_the_years_decided_by_a_day_come_newest_first_each_once(cell_members, superuser):
    a, _b = cell_members
    for member, year, decided in (
        (a[0], 2019, date(2019, 12, 20)),
        (a[1], 2019, date(2020, 1, 5)),
        (a[0], 2021, date(2021, 12, 20)),
        (a[1], 2021, date(2022, 1, 10)),
        (a[2], 2023, date(2024, 1, 10)),  # decided after the day asked below
    ):
        assessment_record(
            actor=superuser, member=member, year=year, level="good", decided_on=decided, **HISTORY
        )

    assert list(statistics.years_decided_by(date(2023, 12, 31))) == [2021, 2019]
    assert list(statistics.years_decided_by(date(2024, 1, 10))) == [2023, 2021, 2019]
    assert list(statistics.years_decided_by(date(2019, 12, 19))) == []


def test_a_read_only_request_counts_each_year_once(org_tree, cell_members, superuser):
    """The dashboard asks the latest year through the §4 figures, then five years through its
    panel: the latest was counted twice (a province: seconds each)."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from dangvien.core.memo import read_memo

    a, _b = cell_members
    for member, year in ((a[0], 2020), (a[0], 2021)):
        assessment_record(
            actor=superuser, member=member, year=year, level="good",
            decided_on=date(year, 12, 20), **HISTORY,
        )  # fmt: skip
    on = date(2022, 6, 30)

    def counts(queries: CaptureQueriesContext) -> int:
        return sum("GROUP BY" in q["sql"] and "assessmentresult" in q["sql"] for q in queries)

    with read_memo(), CaptureQueriesContext(connection) as queries:
        latest = assessment_statistics(org_tree.commune, on)
        years = statistics.assessment_years(org_tree.commune, on, limit=5)
    assert latest is not None and latest["members"]["good"] == 1
    assert [y["year"] for y in years] == [2021, 2020] and years[0] == latest
    assert counts(queries) == 2  # 2021 once, then 2020
