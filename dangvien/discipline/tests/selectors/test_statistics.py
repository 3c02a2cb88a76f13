"""The §4 ``discipline`` key on hand-built data; the expected numbers are worked out by hand in
each test."""

from datetime import date

import pytest

from dangvien.core.decisions import Decision
from dangvien.discipline.choices import Form, Subject
from dangvien.discipline.services import discipline_record
from dangvien.discipline.statistics import discipline_statistics, discipline_text
from dangvien.members.services import (
    member_exempt,
    member_expel,
    member_recognise,
    member_transfer,
)
from dangvien.members.tests.support import admit, make_cell
from dangvien.organizations.services import organization_merge
from dangvien.statistics.selectors import statistics_for

pytestmark = pytest.mark.django_db

D = date(2022, 4, 30)


def official(superuser, cell, name, index):
    member = admit(superuser, cell, name=name, national_id=f"0870900001{index:02d}")
    member_recognise(actor=superuser, member=member, decision=Decision("1", date(2021, 1, 10)))
    return member


class Record:
    def __init__(self, superuser):
        self.superuser = superuser
        self.n = 0

    def __call__(self, form, on, by, member=None, organization=None):
        self.n += 1
        return discipline_record(
            actor=self.superuser,
            key=f"C{self.n}",
            subject=Subject.MEMBER if member is not None else Subject.ORGANIZATION,
            member=member,
            organization=organization,
            form=form,
            decided_on=on,
            deciding_organization=by,
            number=f"{self.n}-QĐ",
        )


@pytest.fixture
def year(org_tree, superuser):
    """Decisions around the year of D in the commune X-MA (district HU-TM):

    members of CB-A: A reprimand 01/03 (counted); B warning 31/12/2021 (previous year) and
    reprimand 01/01 (counted: the first day); C exempted, warning 01/02 (counted: still a
    member); E expelled on D itself (counted at CB-A, the cell left that day); F warning
    01/03 then transferred to the other district 15/03 (counted where F was on the decision
    date: HU-TM); A warning after D (not counted). Organizations: CB-B warning 10/02 by the
    commune; the commune X-MA reprimanded 05/03 by the district.
    """
    record = Record(superuser)
    a, b, c, e, f = (
        official(superuser, org_tree.cell_a, name, i)
        for i, name in enumerate(["An", "Bình", "Cường", "Em", "Phúc"])
    )
    far = make_cell(superuser, "CB-FAR", org_tree.sibling_commune)
    record(Form.REPRIMAND, date(2022, 3, 1), org_tree.cell_a, member=a)
    record(Form.WARNING, date(2021, 12, 31), org_tree.cell_a, member=b)
    record(Form.REPRIMAND, date(2022, 1, 1), org_tree.cell_a, member=b)
    member_exempt(actor=superuser, member=c, effective_on=date(2022, 1, 5))
    record(Form.WARNING, date(2022, 2, 1), org_tree.cell_a, member=c)
    member_expel(actor=superuser, member=e, effective_on=D)
    record(Form.EXPULSION, D, org_tree.district, member=e)
    record(Form.WARNING, date(2022, 3, 1), org_tree.cell_a, member=f)
    member_transfer(actor=superuser, member=f, to_organization=far, effective_on=date(2022, 3, 15))
    record(Form.WARNING, date(2022, 5, 10), org_tree.cell_a, member=a)
    record(Form.WARNING, date(2022, 2, 10), org_tree.commune, organization=org_tree.cell_b)
    record(Form.REPRIMAND, date(2022, 3, 5), org_tree.district, organization=org_tree.commune)
    return record


def test_counts_the_decisions_of_the_year_of_d_in_the_subtree(org_tree, year):
    assert discipline_statistics(org_tree.district, D) == {
        "from": "2022-01-01",
        "to": "2022-04-30",
        "members": 5,
        "organizations": 2,
        "by_form": {"reprimand": 3, "warning": 3, "expulsion": 1},
    }


def test_the_roots_own_decisions_count(org_tree, year):
    # the commune's own reprimand and everything below it
    assert discipline_statistics(org_tree.commune, D)["organizations"] == 2
    assert discipline_statistics(org_tree.cell_b, D) == {
        "from": "2022-01-01",
        "to": "2022-04-30",
        "members": 0,
        "organizations": 1,
        "by_form": {"warning": 1},
    }


def test_a_member_transferred_after_the_decision_counts_where_they_were(org_tree, year):
    # F's warning stays with HU-TM; HU-CL has nothing (zero counts omitted)
    assert discipline_statistics(org_tree.sibling_district, D) == {
        "from": "2022-01-01",
        "to": "2022-04-30",
        "members": 0,
        "organizations": 0,
        "by_form": {},
    }


def test_on_the_first_of_january_only_that_day_counts(org_tree, year):
    assert discipline_statistics(org_tree.district, date(2022, 1, 1))["by_form"] == {"reprimand": 1}
    # the day before: the year 2021, B's warning of 31/12
    assert discipline_statistics(org_tree.district, date(2021, 12, 31)) == {
        "from": "2021-01-01",
        "to": "2021-12-31",
        "members": 1,
        "organizations": 0,
        "by_form": {"warning": 1},
    }


def test_an_organization_merged_away_is_placed_with_its_survivor(org_tree, superuser):
    record = Record(superuser)
    far = make_cell(superuser, "CB-FAR", org_tree.sibling_commune)
    record(Form.WARNING, date(2022, 2, 10), org_tree.commune, organization=org_tree.cell_b)
    organization_merge(
        actor=superuser, absorbed=[org_tree.cell_b], survivor=far, effective_on=date(2022, 4, 1)
    )
    # before the merge it stands in HU-TM; at D with its survivor in HU-CL
    assert discipline_statistics(org_tree.district, date(2022, 3, 31))["organizations"] == 1
    assert discipline_statistics(org_tree.district, D)["organizations"] == 0
    assert discipline_statistics(org_tree.sibling_district, D)["organizations"] == 1


def test_the_key_and_its_sentence_are_in_the_statistics(org_tree, year):
    stats = statistics_for(org_tree.district, D)
    assert stats["discipline"]["members"] == 5
    assert discipline_text(stats["discipline"], stats) == (
        "Từ ngày 01/01/2022 đến nay đã thi hành kỷ luật 2 tổ chức đảng và 5 đảng viên "
        "(khiển trách 3, cảnh cáo 3, khai trừ 1)."
    )


def test_the_forms_of_a_members_year_for_the_assessment(org_tree, superuser):
    from dangvien.discipline.selectors import forms_in_year

    record = Record(superuser)
    member = official(superuser, org_tree.cell_a, "Hạnh", 40)
    record(Form.REPRIMAND, date(2022, 3, 1), org_tree.cell_a, member=member)
    record(Form.WARNING, date(2023, 2, 1), org_tree.cell_a, member=member)
    assert forms_in_year(member, 2022) == ["reprimand"]
    assert forms_in_year(member, 2024) == []
