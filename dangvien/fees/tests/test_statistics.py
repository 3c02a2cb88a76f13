"""The ``fees`` key of §4 on hand-built data, with the expected numbers worked out by hand."""

from __future__ import annotations

from datetime import date

import pytest

from dangvien.core.decisions import Decision
from dangvien.fees.selectors import fees_statistics
from dangvien.members.services import member_exempt, member_resign, member_transfer
from dangvien.organizations.services import organization_merge
from dangvien.statistics.narrative import statistics_text
from dangvien.statistics.selectors import statistics_for

pytestmark = pytest.mark.django_db


@pytest.fixture
def year(tree, admit, pay, superuser):
    """2026 in commune X-Y (months Jan–Apr; the 50-year exemption from 01/02/2026):

    * an (CB-1): paid January only → Feb, Mar, Apr unpaid: 3;
    * binh (CB-1): paid every month: 0;
    * chi (CB-2): paid nothing, exempted from activity from 15/02/2026 → January only: 1;
    * cu (CB-1): admission decided 10/01/1975, 51 years of party age → January only (the
      exemption is not in force on 31/01/2026): 1;
    * dung (CB-1): admitted 28/02/2026 → Feb, Mar, Apr: 3;
    * em (CB-1): admitted 01/03/2026 → Mar, Apr: 2;
    * gia (CB-2, merged into CB-1 on 15/03/2026): paid nothing → 4;
    * kha (CB-1, transferred to CB-3 of X-Z on 10/04/2026): paid nothing → 4, counted in X-Z;
    * lan (CB-1, resigned on 30/04/2026, the day D): paid nothing, not a member at D.
    """
    made = {}
    made["an"] = admit("an", tree.cell_1, date(2010, 3, 1), official_on=date(2011, 3, 1))
    made["binh"] = admit("binh", tree.cell_1, date(2012, 3, 1), official_on=date(2013, 3, 1))
    made["chi"] = admit("chi", tree.cell_2, date(2012, 3, 1), official_on=date(2013, 3, 1))
    made["cu"] = admit(
        "cu", tree.cell_1, date(1975, 2, 1), decided_on=date(1975, 1, 10),
        official_on=date(1976, 2, 1),
    )  # fmt: skip
    made["dung"] = admit("dung", tree.cell_1, date(2026, 2, 28))
    made["em"] = admit("em", tree.cell_1, date(2026, 3, 1))
    made["gia"] = admit("gia", tree.cell_2, date(2015, 3, 1), official_on=date(2016, 3, 1))
    made["kha"] = admit("kha", tree.cell_1, date(2015, 3, 1), official_on=date(2016, 3, 1))
    made["lan"] = admit("lan", tree.cell_1, date(2015, 3, 1), official_on=date(2016, 3, 1))
    pay(made["an"], "2026-01")
    pay(made["binh"], "2026-01", "2026-02", "2026-03", "2026-04")
    member_exempt(actor=superuser, member=made["chi"], effective_on=date(2026, 2, 15))
    organization_merge(
        actor=superuser, absorbed=[tree.cell_2], survivor=tree.cell_1,
        effective_on=date(2026, 3, 15),
    )  # fmt: skip
    member_transfer(
        actor=superuser, member=made["kha"], to_organization=tree.cell_3,
        effective_on=date(2026, 4, 10), decision=Decision("T-1", date(2026, 4, 1), "Đảng ủy"),
    )  # fmt: skip
    member_resign(actor=superuser, member=made["lan"], effective_on=date(2026, 4, 30))
    return made


def test_members_with_three_unpaid_months_at_the_end_of_april(tree, year):
    # an, dung, gia: three or more; chi and cu exempt after January; kha moved out; lan left
    assert fees_statistics(tree.commune, date(2026, 4, 30)) == {"members_with_3_unpaid_months": 3}


def test_a_month_counts_once_it_has_ended(tree, year):
    # on 29/04 April has not ended: an has two, dung two (Feb, Mar); gia three (Jan–Mar) and
    # lan, who resigns only the next day, three
    assert fees_statistics(tree.commune, date(2026, 4, 29)) == {"members_with_3_unpaid_months": 2}


def test_the_survivor_of_a_merge_counts_the_members_it_received(tree, year):
    # CB-1 at D holds an, dung, gia (from CB-2) …
    assert fees_statistics(tree.cell_1, date(2026, 4, 30)) == {"members_with_3_unpaid_months": 3}
    # … but before the merge gia was counted in CB-2 (Jan, Feb unpaid by then: only 2)
    assert fees_statistics(tree.cell_1, date(2026, 3, 14)) == {"members_with_3_unpaid_months": 0}


def test_a_member_transferred_out_counts_where_they_stand_at_the_date(tree, year, pay):
    # kha is in X-Z at D; X-Z records no payment of the year for anyone it counts: null …
    assert fees_statistics(tree.other_commune, date(2026, 4, 30)) is None
    # … the province counts everyone of both communes
    assert fees_statistics(tree.province, date(2026, 4, 30)) == {"members_with_3_unpaid_months": 4}


def test_null_when_no_payment_of_the_year_is_recorded_for_the_members_counted(tree, year):
    assert fees_statistics(tree.commune, date(2025, 12, 31)) is None


def test_on_the_first_of_january_no_month_has_ended(tree, year):
    # a payment of January 2026 is recorded (an, binh): the key is there, with nobody in arrears
    assert fees_statistics(tree.commune, date(2026, 1, 1)) == {"members_with_3_unpaid_months": 0}


def test_the_key_and_its_sentence_are_in_the_statistics(tree, year):
    stats = statistics_for(tree.commune, date(2026, 4, 30))
    assert stats["fees"] == {"members_with_3_unpaid_months": 3}
    assert "có 3 đảng viên không đóng đảng phí từ 3 tháng trở lên" in statistics_text(stats)


def test_the_report_documents_print_the_fees_table(tree, year):
    from dangvien.reports.documents import report_tables
    from dangvien.reports.selectors import report_figures

    tables = report_tables(report_figures(tree.commune, date(2026, 4, 30)))
    fees = [rows for title, _header, rows in tables if title == "Đảng phí"]
    assert fees == [[["Không đóng đảng phí từ 3 tháng trở lên trong năm", 3]]]
