"""Every definition of §3 of the interchange contract, at the edges of the date asked for.

"At D" is the end of day D. Each test builds its history through the services (as the web UI
and the import do), then reads ``statistics_for`` the day before, on and after the change. The
suite runs on SQLite and on PostgreSQL, so these are also the same figures on both.
"""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal

import pytest

from dangvien.committees.services import committee_post_assign
from dangvien.core.decisions import Decision
from dangvien.members.models import MemberEvent
from dangvien.members.services import (
    member_event_correct,
    member_exempt,
    member_recognise,
    member_record_death,
    member_remove,
    member_temporary_out,
    member_temporary_return,
    member_transfer,
    member_transfer_issue,
    member_transfer_receive,
)
from dangvien.members.tests.support import admit, make_cell
from dangvien.organizations.services import (
    organization_create,
    organization_dissolve,
    organization_merge,
    organization_move,
)
from dangvien.statistics.selectors import statistics_for
from dangvien.targets.services import admission_target_set, population_set

D = date(2022, 4, 30)
BEFORE = D - timedelta(days=1)
AFTER = D + timedelta(days=1)
LONG_AGO = date(2010, 3, 1)


def cell(actor, code, parent, *, founded=date(2000, 1, 1), kind="cell", sector="residential"):
    return organization_create(
        actor=actor,
        code=code,
        name=f"Chi bộ {code}",
        kind=kind,
        sector=sector,
        parent=parent,
        established_on=founded,
    )


def total(root, on):
    return statistics_for(root, on)["members"]["total"]


# -- organizations -------------------------------------------------------------------------


def test_an_organization_counts_from_its_founding_day_to_the_day_before_it_ends(
    org_tree, superuser
):
    commune = org_tree.commune
    cell(superuser, "FOUNDED-ON-D", commune, founded=D)
    cell(superuser, "FOUNDED-AFTER", commune, founded=AFTER)
    organization_dissolve(
        actor=superuser, organization=cell(superuser, "GONE-ON-D", commune), effective_on=D
    )
    organization_dissolve(
        actor=superuser, organization=cell(superuser, "GONE-AFTER", commune), effective_on=AFTER
    )
    # CB-A and CB-B, plus
    assert statistics_for(org_tree.district, BEFORE)["cells"] == 4  # GONE-ON-D, GONE-AFTER
    assert statistics_for(org_tree.district, D)["cells"] == 4  # FOUNDED-ON-D, GONE-AFTER
    assert statistics_for(org_tree.district, AFTER)["cells"] == 4  # FOUNDED-ON-D, -AFTER


def test_the_root_is_not_counted_but_its_members_are(org_tree, superuser):
    admit(superuser, org_tree.cell_a, admitted_on=LONG_AGO)
    figures = statistics_for(org_tree.cell_a, D)
    assert figures["direct_subordinates"] == {
        "total": 0,
        "grassroots": 0,
        "upper_grassroots": 0,
        "other": 0,
    }
    assert figures["grassroots"]["total"] == 0 and figures["cells"] == 0
    assert figures["organizations_without_secretary"] == 0
    assert figures["members"]["total"] == 1


def test_direct_subordinates_grassroots_by_kind_and_sector(org_tree, superuser):
    cell(superuser, "CS-1", org_tree.district, kind="grassroots_cell", sector="public_service")
    cell(superuser, "SUB-1", org_tree.commune, kind="sub_committee", sector="")
    province = statistics_for(org_tree.province, D)
    assert province["direct_subordinates"] == {
        "total": 2,
        "grassroots": 0,
        "upper_grassroots": 2,
        "other": 0,
    }
    district = statistics_for(org_tree.district, D)
    assert district["direct_subordinates"] == {
        "total": 2,
        "grassroots": 2,
        "upper_grassroots": 0,
        "other": 0,
    }
    assert district["grassroots"] == {
        "total": 2,
        "committees": 1,
        "cells": 1,
        "territorial_committees": 1,
        # zero keys are omitted
        "by_sector": {"commune": 1, "public_service": 1},
    }
    assert district["sub_committees"] == 1
    assert district["cells"] == 2
    # the province counts the grassroots organizations of both districts
    assert province["grassroots"]["total"] == 3


def test_a_merged_organization_ends_on_the_merge_day_and_its_members_pass_on(org_tree, superuser):
    absorbed = cell(superuser, "MERGED", org_tree.commune)
    admit(superuser, absorbed, admitted_on=LONG_AGO)
    admit(superuser, org_tree.cell_a, name="Trần Thị Bình", admitted_on=LONG_AGO)
    organization_merge(
        actor=superuser, absorbed=[absorbed], survivor=org_tree.cell_a, effective_on=D
    )
    assert statistics_for(org_tree.commune, BEFORE)["cells"] == 3
    assert statistics_for(org_tree.commune, D)["cells"] == 2
    assert total(org_tree.commune, BEFORE) == total(org_tree.commune, D) == 2
    assert total(org_tree.cell_a, BEFORE) == 1
    assert total(org_tree.cell_a, D) == 2


def test_an_organization_moved_out_takes_its_members_from_the_move_day(org_tree, superuser):
    moving = cell(superuser, "MOVING", org_tree.commune)
    admit(superuser, moving, admitted_on=LONG_AGO)
    organization_move(
        actor=superuser, organization=moving, new_parent=org_tree.sibling_commune, effective_on=D
    )
    assert total(org_tree.district, BEFORE) == 1
    assert total(org_tree.district, D) == 0
    assert total(org_tree.sibling_district, BEFORE) == 0
    assert total(org_tree.sibling_district, D) == 1
    assert statistics_for(org_tree.sibling_district, D)["cells"] == 1
    assert statistics_for(org_tree.district, D)["cells"] == 2


def test_organizations_without_secretary_at_the_end_of_the_day(org_tree, superuser):
    def secretary(org, start, end=None):
        committee_post_assign(
            actor=superuser,
            organization=org,
            post="secretary",
            person_name=f"Bí thư {org.code}",
            held_from=start,
            held_to=end,
        )

    secretary(org_tree.commune, LONG_AGO)
    secretary(org_tree.cell_a, LONG_AGO, D)  # the post ended that day: not held at its end
    secretary(org_tree.cell_b, AFTER)  # a new secretary from the day after
    committee_post_assign(
        actor=superuser,
        organization=org_tree.cell_b,
        post="deputy_secretary",
        person_name="Phó bí thư",
        held_from=LONG_AGO,
    )
    assert statistics_for(org_tree.district, BEFORE)["organizations_without_secretary"] == 1
    assert statistics_for(org_tree.district, D)["organizations_without_secretary"] == 2
    assert statistics_for(org_tree.district, AFTER)["organizations_without_secretary"] == 1
    # the upper-grassroots root and the province are not of the kinds that need a secretary
    assert statistics_for(org_tree.province, D)["organizations_without_secretary"] == 3


# -- members -------------------------------------------------------------------------------


def test_members_admitted_on_the_date_count_and_those_admitted_after_do_not(org_tree, superuser):
    admit(superuser, org_tree.cell_a, admitted_on=D)
    admit(superuser, org_tree.cell_a, name="Lê Văn Cường", admitted_on=AFTER)
    assert total(org_tree.district, BEFORE) == 0
    assert total(org_tree.district, D) == 1
    assert total(org_tree.district, AFTER) == 2


@pytest.mark.parametrize("leave", [member_record_death, member_remove], ids=["died", "removed"])
def test_a_member_who_leaves_on_the_date_is_not_counted_that_day(org_tree, superuser, leave):
    member = admit(superuser, org_tree.cell_a, admitted_on=LONG_AGO)
    leave(actor=superuser, member=member, effective_on=D)
    assert total(org_tree.district, BEFORE) == 1
    assert total(org_tree.district, D) == 0


def test_probationary_official_female_and_exempted(org_tree, superuser):
    official = admit(superuser, org_tree.cell_a, admitted_on=date(2020, 1, 10))
    member_recognise(
        actor=superuser, member=official, decision=Decision("02-QĐ/ĐU", date(2021, 1, 10))
    )
    admit(superuser, org_tree.cell_b, name="Trần Thị Bình", sex="F", admitted_on=date(2021, 9, 1))
    exempted = admit(superuser, org_tree.cell_b, name="Phạm Văn Dũng", admitted_on=LONG_AGO)
    member_exempt(actor=superuser, member=exempted, effective_on=D)
    figures = statistics_for(org_tree.district, D)["members"]
    assert figures == {
        "total": 3,
        "official": 1,
        "probationary": 2,
        "female": 1,
        "exempted": 1,
        "temporarily_away": 0,
        "in_transit": 0,
    }
    assert statistics_for(org_tree.district, BEFORE)["members"]["exempted"] == 0
    # one year of probation for the first member: probationary the day before recognition
    assert statistics_for(org_tree.district, date(2021, 1, 9))["members"]["official"] == 0


def test_an_official_transfer_moves_the_member_across_the_boundary_on_its_day(org_tree, superuser):
    other = make_cell(superuser, "CB-C", org_tree.sibling_commune)
    member = admit(superuser, org_tree.cell_a, admitted_on=LONG_AGO)
    member_transfer(actor=superuser, member=member, to_organization=other, effective_on=D)
    assert (total(org_tree.district, BEFORE), total(org_tree.sibling_district, BEFORE)) == (1, 0)
    assert (total(org_tree.district, D), total(org_tree.sibling_district, D)) == (0, 1)
    assert total(org_tree.province, BEFORE) == total(org_tree.province, D) == 1


def test_a_member_in_transit_counts_where_the_transfer_was_issued(org_tree, superuser):
    other = make_cell(superuser, "CB-C", org_tree.sibling_commune)
    member = admit(superuser, org_tree.cell_a, admitted_on=LONG_AGO)
    member_transfer_issue(
        actor=superuser, member=member, to_organization=other, effective_on=BEFORE
    )
    member_transfer_receive(actor=superuser, member=member, effective_on=AFTER)
    on_day = statistics_for(org_tree.district, D)["members"]
    assert (on_day["total"], on_day["in_transit"]) == (1, 1)
    assert total(org_tree.sibling_district, D) == 0
    assert (total(org_tree.district, AFTER), total(org_tree.sibling_district, AFTER)) == (0, 1)


def test_a_temporary_transfer_keeps_the_member_at_home(org_tree, superuser):
    host = make_cell(superuser, "CB-C", org_tree.sibling_commune)
    member = admit(superuser, org_tree.cell_a, admitted_on=LONG_AGO)
    member_temporary_out(actor=superuser, member=member, host=host, effective_on=BEFORE)
    member_temporary_return(actor=superuser, member=member, effective_on=AFTER)
    home = statistics_for(org_tree.district, D)["members"]
    assert (home["total"], home["temporarily_away"]) == (1, 1)
    # the host does not count its guest
    assert total(org_tree.sibling_district, D) == 0
    assert statistics_for(org_tree.district, AFTER)["members"]["temporarily_away"] == 0


def test_a_changed_sex_changes_the_female_count(org_tree, superuser):
    from dangvien.members.services import member_update_profile

    member = admit(superuser, org_tree.cell_a, admitted_on=LONG_AGO)
    assert statistics_for(org_tree.district, D)["members"]["female"] == 0
    member_update_profile(actor=superuser, member=member, changes={"sex": "F"})
    assert statistics_for(org_tree.district, D)["members"]["female"] == 1


# -- population and targets ----------------------------------------------------------------


def test_the_latest_population_not_after_the_date_is_used(org_tree, superuser):
    admit(superuser, org_tree.cell_a, admitted_on=LONG_AGO)
    assert statistics_for(org_tree.district, D)["population"] is None
    assert statistics_for(org_tree.district, D)["members_per_population_percent"] is None
    population_set(actor=superuser, organization=org_tree.district, year=2020, population=300)
    population_set(actor=superuser, organization=org_tree.district, year=2023, population=50)
    figures = statistics_for(org_tree.district, D)
    assert figures["population"] == 300
    assert figures["members_per_population_percent"] == 0.33  # 100 × 1 / 300, half up
    assert statistics_for(org_tree.district, date(2023, 1, 1))["population"] == 50


def test_admissions_count_from_the_start_of_the_term_in_force(org_tree, superuser):
    for index, day in enumerate([date(2020, 6, 30), date(2020, 7, 1), D, AFTER]):
        admit(superuser, org_tree.cell_a, name=f"Người {index}", admitted_on=day)
    admission_target_set(
        actor=superuser,
        organization=org_tree.district,
        period_from=date(2020, 7, 1),
        period_to=date(2025, 6, 30),
        admissions=8,
        members_per_population_percent=Decimal("3.85"),
    )
    figures = statistics_for(org_tree.district, D)
    assert figures["admissions"] == {"from": "2020-07-01", "to": "2022-04-30", "count": 2}
    assert figures["admission_target"] == {
        "period_from": "2020-07-01",
        "period_to": "2025-06-30",
        "admissions": 8,
        "percent_achieved": 25.0,
        "members_per_population_percent": 3.85,
    }
    # before the term: no target, the window starts on 1 January
    before_term = statistics_for(org_tree.district, date(2020, 6, 30))
    assert before_term["admission_target"] is None
    assert before_term["admissions"] == {"from": "2020-01-01", "to": "2020-06-30", "count": 1}


def test_without_a_term_a_yearly_target_sets_the_window(org_tree, superuser):
    admit(superuser, org_tree.cell_a, admitted_on=date(2021, 12, 31))
    admit(superuser, org_tree.cell_a, name="Lê Văn Cường", admitted_on=date(2022, 2, 1))
    admission_target_set(
        actor=superuser,
        organization=org_tree.district,
        period_from=date(2021, 10, 1),
        period_to=date(2022, 9, 30),
        admissions=3,
        kind="year",
    )
    figures = statistics_for(org_tree.district, D)
    assert figures["admissions"]["from"] == "2021-10-01"
    assert figures["admissions"]["count"] == 2
    assert figures["admission_target"]["percent_achieved"] == 66.67


def admissions(root, on=D):
    return statistics_for(root, on)["admissions"]["count"]


# Admissions count into organizations that, followed through merges, stand in the subtree in
# the tree at D (§3): where the organization stood on the day of the admission does not matter.
# Without a target the window is 1 January to D, so every admission below is in it.
ADMITTED_IN_WINDOW = date(2022, 1, 10)
CHANGED = date(2022, 3, 1)


def test_an_admission_into_a_cell_moved_out_before_the_date_is_not_counted(org_tree, superuser):
    """Regression (issue 11, 6e): counted where the cell stood on the day of the admission."""
    # given
    moving = cell(superuser, "MOVING", org_tree.commune)
    admit(superuser, moving, admitted_on=ADMITTED_IN_WINDOW)
    organization_move(
        actor=superuser,
        organization=moving,
        new_parent=org_tree.sibling_commune,
        effective_on=CHANGED,
    )
    # then
    assert admissions(org_tree.district, CHANGED - timedelta(days=1)) == 1
    assert admissions(org_tree.district) == 0
    assert admissions(org_tree.commune) == 0
    assert admissions(org_tree.province) == 1


def test_an_admission_into_a_cell_moved_in_before_the_date_is_counted(org_tree, superuser):
    # given
    moving = cell(superuser, "MOVING", org_tree.sibling_commune)
    admit(superuser, moving, admitted_on=ADMITTED_IN_WINDOW)
    organization_move(
        actor=superuser, organization=moving, new_parent=org_tree.commune, effective_on=CHANGED
    )
    # then
    assert admissions(org_tree.district, CHANGED - timedelta(days=1)) == 0
    assert admissions(org_tree.district) == 1
    assert admissions(org_tree.sibling_district) == 0


def test_a_cell_moved_on_the_date_counts_in_its_new_subtree_and_one_moved_after_in_its_old(
    org_tree, superuser
):
    # given: admissions on D itself, into a cell moving on D and into one moving the day after
    on_d = cell(superuser, "MOVED-ON-D", org_tree.commune)
    after_d = cell(superuser, "MOVED-AFTER", org_tree.commune)
    admit(superuser, on_d, admitted_on=D)
    admit(superuser, after_d, name="Lê Văn Cường", admitted_on=D)
    organization_move(
        actor=superuser, organization=on_d, new_parent=org_tree.sibling_commune, effective_on=D
    )
    organization_move(
        actor=superuser,
        organization=after_d,
        new_parent=org_tree.sibling_commune,
        effective_on=AFTER,
    )
    # then
    assert admissions(org_tree.district) == 1
    assert admissions(org_tree.sibling_district) == 1
    assert admissions(org_tree.district, AFTER) == 0
    assert admissions(org_tree.sibling_district, AFTER) == 2
    assert admissions(org_tree.district, BEFORE) == 0


def test_an_admission_into_a_cell_merged_into_a_survivor_inside_the_subtree_is_counted(
    org_tree, superuser
):
    # given
    absorbed = cell(superuser, "MERGED", org_tree.commune)
    admit(superuser, absorbed, admitted_on=ADMITTED_IN_WINDOW)
    organization_merge(
        actor=superuser, absorbed=[absorbed], survivor=org_tree.cell_a, effective_on=CHANGED
    )
    # then: the survivor's own subtree holds it too
    assert admissions(org_tree.district) == 1
    assert admissions(org_tree.cell_a) == 1
    assert admissions(org_tree.cell_b) == 0


def test_an_admission_into_a_cell_merged_into_a_survivor_outside_the_subtree_is_not_counted(
    org_tree, superuser
):
    # given: merged twice, the second time into a cell of the other district
    first = cell(superuser, "MERGED-1", org_tree.commune)
    second = cell(superuser, "MERGED-2", org_tree.commune)
    outside = cell(superuser, "OUTSIDE", org_tree.sibling_commune)
    admit(superuser, first, admitted_on=ADMITTED_IN_WINDOW)
    organization_merge(actor=superuser, absorbed=[first], survivor=second, effective_on=CHANGED)
    organization_merge(actor=superuser, absorbed=[second], survivor=outside, effective_on=D)
    # then
    assert admissions(org_tree.district, BEFORE) == 1
    assert admissions(org_tree.district) == 0
    assert admissions(org_tree.sibling_district) == 1
    assert admissions(outside) == 1
    assert admissions(org_tree.province) == 1


def test_an_admission_into_a_cell_dissolved_before_the_date_is_not_counted(org_tree, superuser):
    """§3 follows merges only: a cell dissolved without a merge stands nowhere at D."""
    # given
    gone = cell(superuser, "GONE", org_tree.commune)
    member = admit(superuser, gone, admitted_on=ADMITTED_IN_WINDOW)
    member_transfer(
        actor=superuser, member=member, to_organization=org_tree.cell_a, effective_on=CHANGED
    )
    organization_dissolve(actor=superuser, organization=gone, effective_on=CHANGED)
    # then
    assert admissions(org_tree.district, CHANGED - timedelta(days=1)) == 1
    assert admissions(org_tree.district) == 0


def test_a_corrected_admission_counts_once_on_its_corrected_date(org_tree, superuser):
    member = admit(superuser, org_tree.cell_a, admitted_on=date(2021, 12, 20))
    admitted = MemberEvent.objects.get(member=member, type="admitted")
    member_event_correct(actor=superuser, event=admitted, effective_on=date(2022, 1, 5))
    figures = statistics_for(org_tree.district, D)
    assert figures["admissions"] == {"from": "2022-01-01", "to": "2022-04-30", "count": 1}
    assert statistics_for(org_tree.district, date(2021, 12, 31))["admissions"]["count"] == 0


def test_progress_is_told_each_part_before_it_is_counted(org_tree):
    from dangvien.statistics.sections import SECTION_3, statistics_sections

    told: list[tuple[str, str, int, int]] = []

    def progress(part: str, title: str, step: int, steps: int) -> None:
        told.append((part, title, step, steps))

    statistics_for(org_tree.province, D, progress=progress)
    keys = [SECTION_3] + [key for key, _section in statistics_sections.items()]
    assert [(part, step, steps) for part, _title, step, steps in told] == [
        (key, step, len(keys)) for step, key in enumerate(keys, start=1)
    ]
    assert told[0][1] == "Tổ chức đảng và đảng viên"
    assert ("meetings", "Sinh hoạt đảng và dự sinh hoạt") in [(p, t) for p, t, _s, _n in told]
    told.clear()
    statistics_for(org_tree.province, D, sections=False, progress=progress)
    assert told == [(SECTION_3, "Tổ chức đảng và đảng viên", 1, 1)]
