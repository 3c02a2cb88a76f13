"""The fees pages: the monthly collection sheet of a cell, the year of an organization, the
member panel, the portal's "my fees", the removal due-list and the navigation."""

from __future__ import annotations

from datetime import date

import pytest
from django.urls import reverse

from dangvien.fees.models import FeePayment
from dangvien.fees.selectors import months_kept_here
from dangvien.members.services import member_transfer
from dangvien.portal.services import member_account_link

pytestmark = pytest.mark.django_db


@pytest.fixture
def cell(tree, admit, pay):
    """CB-1: an (paid January 2026 only), binh (paid nothing), cu (51 years of party age)."""
    an = admit("an", tree.cell_1, date(2010, 3, 1), official_on=date(2011, 3, 1))
    binh = admit("binh", tree.cell_1, date(2012, 3, 1), official_on=date(2013, 3, 1))
    cu = admit(
        "cu", tree.cell_1, date(1975, 2, 1), decided_on=date(1975, 1, 10),
        official_on=date(1976, 2, 1),
    )  # fmt: skip
    pay(an, "2026-01", amount=35_000)
    return {"an": an, "binh": binh, "cu": cu}


@pytest.fixture
def secretary(tree, make_actor):
    return make_actor("cell_secretary", tree.cell_1, full_name="Võ Thanh Tùng")


def moved_in(tree, admit, superuser):
    """Đông: official since 2013 in CB-2 (which keeps no fees here), in CB-1 from 1 March 2026."""
    dong = admit("dong", tree.cell_2, date(2012, 3, 1), official_on=date(2013, 3, 1))
    member_transfer(
        actor=superuser, member=dong, to_organization=tree.cell_1, effective_on=date(2026, 3, 1)
    )
    return dong


def _sheet(code, month):
    return reverse("web:fee_sheet", args=[code, month])


def test_the_march_sheet_shows_the_member_of_fifty_years_exempt_and_january_owed(
    client, tree, cell, secretary
):
    client.force_login(secretary)
    march = client.get(_sheet("CB-1", "2026-03")).content.decode()
    january = client.get(_sheet("CB-1", "2026-01")).content.decode()
    cu = cell["cu"]
    assert f'name="paid_{cu.pk}"' not in march  # exempt under 01-QĐ/TW: nothing to tick
    assert "Được miễn" in march
    assert f'name="paid_{cu.pk}"' in january  # owed under 342 in January 2026
    # the amount last paid is suggested
    assert f'name="amount_{cell["an"].pk}" value="35000"' in march


def test_the_secretary_ticks_who_paid_and_saves_once(client, tree, cell, secretary):
    client.force_login(secretary)
    an, binh = cell["an"], cell["binh"]
    response = client.post(
        _sheet("CB-1", "2026-03"),
        {
            "paid_on": "2026-03-20",
            "channel": "cash",
            "reference": "",
            f"paid_{an.pk}": "on",
            f"amount_{an.pk}": "35000",
            f"amount_{binh.pk}": "20000",  # not ticked: not recorded
        },
    )
    assert response.status_code == 302
    assert list(
        FeePayment.objects.filter(month=date(2026, 3, 1)).values_list("member", "amount")
    ) == [(an.pk, 35_000)]
    page = client.get(_sheet("CB-1", "2026-03")).content.decode()
    assert "35.000 đồng" in page


def test_the_browser_accepts_the_amounts_the_sheet_suggests(client, tree, cell, secretary):
    """The amount fields had min 1 and step 1000: a browser accepts only 1, 1 001, 2 001 …
    and refused to send the sheet with its own suggested amounts (found by the walk)."""
    import re

    client.force_login(secretary)
    page = client.get(_sheet("CB-1", "2026-03")).content.decode()
    fields = re.findall(r'<input type="number" name="amount_\d+"[^>]*>', page)
    assert fields
    for field in fields:
        attrs = dict(re.findall(r'(\w+)="([^"]*)"', field))
        step, low = int(attrs.get("step", "1")), int(attrs.get("min", "0"))
        if attrs.get("value"):
            assert (int(attrs["value"]) - low) % step == 0, field


def test_a_ticked_line_without_an_amount_is_refused(client, tree, cell, secretary):
    client.force_login(secretary)
    response = client.post(
        _sheet("CB-1", "2026-03"),
        {"paid_on": "2026-03-20", "channel": "cash", f"paid_{cell['binh'].pk}": "on"},
    )
    assert response.status_code == 200
    assert "Nhập số tiền đã đóng." in response.content.decode()
    assert not FeePayment.objects.filter(month=date(2026, 3, 1)).exists()


def test_the_secretary_of_another_cell_cannot_collect(client, tree, cell, make_actor):
    client.force_login(make_actor("cell_secretary", tree.cell_3))
    an = cell["an"]
    response = client.post(
        _sheet("CB-1", "2026-03"),
        {"paid_on": "2026-03-20", "channel": "cash", f"paid_{an.pk}": "on", f"amount_{an.pk}": "1"},
    )
    assert response.status_code in (403, 404)
    assert not FeePayment.objects.filter(month=date(2026, 3, 1)).exists()


def test_the_year_page_lists_members_in_arrears(client, tree, cell, superuser):
    client.force_login(superuser)
    page = client.get(
        reverse("web:organization_fees", args=["X-Y"]), {"as_of": "2026-04-30"}
    ).content.decode()
    # binh owes Jan–Apr, an Feb–Apr; cu owes January only
    assert "01/2026, 02/2026, 03/2026, 04/2026" in page
    assert "02/2026, 03/2026, 04/2026" in page
    assert cell["cu"].full_name in page


def test_the_year_page_lists_only_the_months_owed_where_the_fee_is_kept_here(
    client, tree, cell, admit, superuser
):
    """Walk of issue 19: the fees page listed a member who came from a cell keeping no fees
    here as owing since January (the due-list and the member page did not); a province listed
    11 056 members in one page, the due-list 4."""
    # given: Đông in CB-2 (keeps no fees here) until 1 March 2026, then in CB-1; Dung in CB-2
    dong = moved_in(tree, admit, superuser)
    dung = admit("dung", tree.cell_2, date(2012, 3, 1), official_on=date(2013, 3, 1))
    client.force_login(superuser)
    # when
    page = client.get(
        reverse("web:organization_fees", args=["X-Y"]), {"as_of": "2026-04-30"}
    ).content.decode()
    # then: Đông owes March and April, Dung nothing here
    arrears = page.split('id="fee-arrears"', 1)[1].split("</section>", 1)[0]
    row = arrears.split(dong.full_name, 1)[1].split("</tr>", 1)[0]
    assert "03/2026, 04/2026" in row and "01/2026" not in row
    assert dung.full_name not in arrears
    assert cell["binh"].full_name in arrears


def test_the_year_page_counts_each_month_the_members_its_sheet_lists(
    client, tree, cell, admit, superuser
):
    """Walk of the demo: a cell's January counted today's members (99 owed) where its January
    sheet listed 105 and one exempt: seven members had left since."""
    # given: Đào in CB-1 until 1 March 2026, then in CB-2
    dao = admit("dao", tree.cell_1, date(2012, 3, 1), official_on=date(2013, 3, 1))
    member_transfer(
        actor=superuser, member=dao, to_organization=tree.cell_2, effective_on=date(2026, 3, 1)
    )
    client.force_login(superuser)
    # when
    response = client.get(reverse("web:organization_fees", args=["CB-1"]), {"as_of": "2026-04-30"})
    # then: January and February count Đào as their sheets list him, March and April do not
    rows = {row["key"]: row for row in response.context["rows"]}
    for key in ("2026-01", "2026-02", "2026-03", "2026-04"):
        sheet = client.get(_sheet("CB-1", key), {"as_of": "2026-04-30"}).context["lines"]
        owed = [line for line in sheet if not line.status.exempt]
        assert rows[key]["expected"] == len(owed), key
        assert rows[key]["exempt"] == len(sheet) - len(owed), key
    assert [rows[key]["expected"] for key in ("2026-01", "2026-02", "2026-03")] == [4, 3, 2]
    # the list of arrears, like the statistics, names the members counted on the day
    assert dao.full_name not in _arrears(response.content.decode())


def _arrears(page: str) -> str:
    return page.split('id="fee-arrears"', 1)[1].split("</section>", 1)[0]


def test_the_year_page_states_the_statistics_figure_and_why_its_list_names_fewer(
    client, tree, cell, admit, superuser
):
    """Walk of the demo: Xã Tháp Mười's statistics said 8 members with three unpaid months,
    its fees page highlighted 4 (members who came from cells keeping no fees here, whose
    months there the statistics count and the list leaves out), without saying so."""
    from dangvien.statistics.selectors import statistics_for

    # given: Đông, in CB-2 (keeps no fees here) until March, owes Jan–Apr by the statistics,
    # March and April on the list; An owes Feb–Apr, Bình Jan–Apr
    moved_in(tree, admit, superuser)
    client.force_login(superuser)
    # when
    page = client.get(
        reverse("web:organization_fees", args=["X-Y"]), {"as_of": "2026-04-30"}
    ).content.decode()
    # then: the statistics' figure, and the list's two with the reason they differ
    key = statistics_for(tree.commune, date(2026, 4, 30))["fees"]
    assert key == {"members_with_3_unpaid_months": 3}
    arrears = _arrears(page)
    assert (
        "Từ đầu năm 2026 đến ngày 30/04/2026, có 3 đảng viên không đóng đảng phí từ 3 tháng "
        "trở lên trong năm." in arrears
    )
    assert "Danh sách dưới đây có 2 người trong số đó còn từ 3 tháng trở lên" in arrears
    assert "số liệu thống kê (3 đảng viên)" in arrears
    assert arrears.count('class="warning"') == 2


def test_the_year_page_says_nothing_more_when_its_list_and_the_statistics_agree(
    client, tree, cell, superuser
):
    client.force_login(superuser)
    page = client.get(
        reverse("web:organization_fees", args=["X-Y"]), {"as_of": "2026-04-30"}
    ).content.decode()
    arrears = _arrears(page)
    assert "có 2 đảng viên không đóng đảng phí từ 3 tháng trở lên trong năm." in arrears
    assert 'id="fee-arrears-difference"' not in arrears
    assert arrears.count('class="warning"') == 2


def test_the_year_page_of_a_year_without_fees_says_none_is_recorded(client, tree, cell, superuser):
    client.force_login(superuser)
    page = client.get(
        reverse("web:organization_fees", args=["X-Y"]), {"as_of": "2025-04-30"}
    ).content.decode()
    arrears = _arrears(page)
    assert "Chưa ghi nhận khoản đảng phí nào của năm 2025" in arrears
    assert "không đóng đảng phí từ 3 tháng" not in arrears


def test_the_list_of_arrears_is_paged_and_its_links_keep_the_day_and_the_month(
    client, tree, cell, superuser, monkeypatch
):
    """Walk of the demo: the province's fees page listed its 573 members in arrears in one
    table. Two lines a page here: Bình (four months) and An (three), then Cụ (one)."""
    from dangvien.fees import views

    monkeypatch.setattr(views, "ARREARS_PAGE_SIZE", 2)
    client.force_login(superuser)
    url = reverse("web:organization_fees", args=["X-Y"])
    asked = {"as_of": "2026-04-30", "month": "2026-03"}
    # when
    first = client.get(url, asked)
    second = client.get(url, {**asked, "page": "2"})
    # then: the first page holds the most months, the second the remainder
    one, two = _arrears(first.content.decode()), _arrears(second.content.decode())
    assert cell["binh"].full_name in one and cell["an"].full_name in one
    assert cell["cu"].full_name not in one
    assert cell["cu"].full_name in two
    assert cell["binh"].full_name not in two and cell["an"].full_name not in two
    assert one.index(cell["binh"].full_name) < one.index(cell["an"].full_name)
    assert "1–2 / 3" in one and "3–3 / 3" in two
    # every page of a subtree names the cells (the column came and went with a page's lines)
    assert ">Chi bộ</th>" in one and ">Chi bộ</th>" in two
    # the links keep the day and the ledger's month
    assert 'href="?as_of=2026-04-30&amp;month=2026-03&amp;page=2#fee-arrears"' in one
    assert 'href="?as_of=2026-04-30&amp;month=2026-03&amp;page=1#fee-arrears"' in two
    # the counts are the whole list's, not the page's
    assert '<span class="count">3</span>' in two
    assert second.context["arrears_summary"]["listed"] == 2
    assert "Danh sách dưới đây" not in two  # the list and the statistics still agree
    assert one.count('class="warning"') == 2 and two.count('class="warning"') == 0


def test_a_page_of_arrears_not_a_number_shows_the_first_and_one_out_of_range_the_last(
    client, tree, cell, superuser, monkeypatch
):
    from dangvien.fees import views

    monkeypatch.setattr(views, "ARREARS_PAGE_SIZE", 2)
    client.force_login(superuser)
    url = reverse("web:organization_fees", args=["X-Y"])
    for asked, number in (("abc", 1), ("0", 2), ("99", 2), ("-1", 2)):
        response = client.get(url, {"as_of": "2026-04-30", "page": asked})
        assert response.status_code == 200
        assert response.context["arrears_page"].number == number, asked


def test_each_line_of_arrears_names_the_members_cell_as_it_was_called_that_day(
    client, tree, cell, superuser
):
    """The list named members only: two members of the same name could not be told apart."""
    from dangvien.organizations.services import organization_rename

    # given: CB-1 renamed from 1 June 2026
    organization_rename(
        actor=superuser,
        organization=tree.cell_1,
        name="Chi bộ khu phố 1",
        effective_on=date(2026, 6, 1),
    )
    client.force_login(superuser)
    url = reverse("web:organization_fees", args=["X-Y"])
    # when
    april = _arrears(client.get(url, {"as_of": "2026-04-30"}).content.decode())
    june = _arrears(client.get(url, {"as_of": "2026-06-30"}).content.decode())
    # then: each row names the cell by its name that day, and links the member's page that day
    binh = cell["binh"]
    row = april.split(binh.full_name, 1)[1].split("</tr>", 1)[0]
    assert '<td class="column-wide">Chi bộ ấp 1</td>' in row
    assert "khu phố" not in april
    assert f'<a href="{reverse("web:member", args=[binh.pk])}?as_of=2026-04-30">' in april
    assert (
        '<td class="column-wide">Chi bộ khu phố 1</td>'
        in june.split(binh.full_name, 1)[1].split("</tr>", 1)[0]
    )


def test_the_cells_page_does_not_name_its_own_cell_on_each_line(client, tree, cell, superuser):
    client.force_login(superuser)
    response = client.get(reverse("web:organization_fees", args=["CB-1"]), {"as_of": "2026-04-30"})
    arrears = _arrears(response.content.decode())
    assert cell["binh"].full_name in arrears
    assert ">Chi bộ</th>" not in arrears and "Chi bộ ấp 1" not in arrears


def test_a_page_of_arrears_reads_its_members_and_cells_in_the_same_queries_whatever_its_length(
    client, tree, cell, superuser, monkeypatch
):
    """Only the page's members are read, with their cells, in a fixed number of queries (not
    one per line)."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from dangvien.fees import views

    client.force_login(superuser)
    url = reverse("web:organization_fees", args=["X-Y"])
    counts = {}
    for size in (1, 3):
        monkeypatch.setattr(views, "ARREARS_PAGE_SIZE", size)
        client.get(url, {"as_of": "2026-04-30"})  # the session and caches warm
        with CaptureQueriesContext(connection) as queries:
            response = client.get(url, {"as_of": "2026-04-30"})
        assert len(response.context["arrears_lines"]) == size
        counts[size] = len(queries)
    assert counts[1] == counts[3]


def test_the_sheet_of_a_month_without_payments_says_so_instead_of_nought_collected(
    client, tree, cell, secretary
):
    """Walk of the demo: a sheet with nothing recorded read "Đã thu: 0 đồng"."""
    client.force_login(secretary)
    march = client.get(_sheet("CB-1", "2026-03")).content.decode()
    january = client.get(_sheet("CB-1", "2026-01")).content.decode()
    assert "Chưa ghi nhận khoản đảng phí nào của tháng 03/2026." in march
    assert "Đã thu" not in march
    assert f'name="paid_{cell["binh"].pk}"' in march  # the sheet is there to collect
    assert "Đã thu: <strong>35.000 đồng</strong>" in january
    assert "Chưa ghi nhận" not in january


def test_the_sheet_of_an_organization_without_members_of_its_own_leads_to_those_below(
    client, tree, cell, superuser
):
    """Walk of the demo: the commune's sheet showed "Đã thu: 0 đồng" above an empty table."""
    client.force_login(superuser)
    page = client.get(_sheet("X-Y", "2026-03")).content.decode()
    assert "Đảng bộ xã Yên không có đảng viên sinh hoạt trực tiếp trong tháng 03/2026" in page
    assert "Đã thu" not in page and 'class="fee-sheet"' not in page
    assert f'href="{_sheet("CB-1", "2026-03")}">Chi bộ ấp 1</a>' in page
    assert f'href="{_sheet("CB-2", "2026-03")}">Chi bộ ấp 2</a>' in page


def test_the_removal_due_list_names_the_members_with_three_unpaid_months(
    client, tree, cell, superuser
):
    client.force_login(superuser)
    page = client.get(
        reverse("web:removal_due", args=["X-Y"]), {"as_of": "2026-04-30"}
    ).content.decode()
    assert "Không đóng đảng phí ba tháng trong năm" in page
    assert cell["an"].full_name in page and cell["binh"].full_name in page
    assert cell["cu"].full_name not in page
    early = client.get(
        reverse("web:removal_due", args=["X-Y"]), {"as_of": "2026-02-28"}
    ).content.decode()
    assert cell["binh"].full_name not in early


def test_the_removal_due_list_cites_the_fee_rule_from_the_rulebook_and_the_members_cells(
    client, tree, cell, superuser
):
    """The source column showed what the code said (or a rule key): it shows the rule's source
    document as the rulebook has it, linked to the rule, with its title; above a single cell,
    each member's cell."""
    from dangvien.fees.rule_keys import REMOVAL_UNPAID_MONTHS
    from dangvien.rules.models import RuleParameter

    RuleParameter.objects.filter(key=REMOVAL_UNPAID_MONTHS.key).update(
        source="Quy định thử mục 8.1", title="Ba tháng không đóng đảng phí"
    )
    client.force_login(superuser)

    page = client.get(
        reverse("web:removal_due", args=["X-Y"]), {"as_of": "2026-04-30"}
    ).content.decode()

    row = page.split(cell["binh"].full_name, 1)[1].split("</tr>", 1)[0]
    assert "Quy định thử mục 8.1</a>" in row
    assert 'title="Ba tháng không đóng đảng phí"' in row
    assert f"?q={REMOVAL_UNPAID_MONTHS.key}" in row  # the key only in the link to the rule
    assert f">{REMOVAL_UNPAID_MONTHS.key}" not in page
    assert "Chi bộ ấp 1" in row


def test_a_member_of_a_cell_that_keeps_no_fees_here_is_not_due_for_removal(
    client, tree, cell, admit, superuser
):
    """The commune collects in CB-1 only: CB-2's members owe nothing here (the demo's province
    listed every member of its communes without fees)."""
    dung = admit("dung", tree.cell_2, date(2012, 3, 1), official_on=date(2013, 3, 1))
    client.force_login(superuser)
    page = client.get(
        reverse("web:removal_due", args=["X-Y"]), {"as_of": "2026-04-30"}
    ).content.decode()
    assert cell["binh"].full_name in page
    assert dung.full_name not in page


def test_a_member_who_came_from_a_cell_that_keeps_no_fees_here_owes_from_their_arrival(
    client, tree, cell, admit, superuser
):
    """Walk of issue 19: the demo's commune listed members who joined its cells in the autumn
    as owing since January, months spent in a cell that keeps no fees here."""
    # given: Đông, in CB-2 (no fees kept here) until 1 March 2026, then in CB-1
    dong = moved_in(tree, admit, superuser)
    client.force_login(superuser)
    # when
    early = client.get(
        reverse("web:removal_due", args=["X-Y"]), {"as_of": "2026-04-30"}
    ).content.decode()
    later = client.get(
        reverse("web:removal_due", args=["X-Y"]), {"as_of": "2026-05-31"}
    ).content.decode()
    panel = client.get(
        reverse("web:member", args=[dong.pk]), {"as_of": "2026-04-30"}
    ).content.decode()
    # then: March and April owed at the end of April (two: not due), May the third
    assert dong.full_name not in early and cell["binh"].full_name in early
    assert "Chưa đóng đảng phí các tháng 03/2026, 04/2026, 05/2026." in later
    assert "2 tháng chưa đóng" in panel
    assert "01/2026: <span" in panel and "không thu tại đây" in panel


def test_a_member_who_left_a_cell_that_keeps_fees_here_still_owes_its_months(
    client, tree, cell, admit, superuser
):
    """Review of issue 19: the due-list read only the members whose organization of the day
    keeps its fees here, so one who moved on to a cell that keeps none was not listed,
    although the months in the first cell were owed."""
    # given: Đông in CB-1 (keeps its fees here), paying nothing, then in CB-2 from 1 April 2026
    dong = admit("dong", tree.cell_1, date(2012, 3, 1), official_on=date(2013, 3, 1))
    member_transfer(
        actor=superuser, member=dong, to_organization=tree.cell_2, effective_on=date(2026, 4, 1)
    )
    client.force_login(superuser)
    # when
    page = client.get(
        reverse("web:removal_due", args=["X-Y"]), {"as_of": "2026-04-30"}
    ).content.decode()
    # then: January to March owed in CB-1, April in CB-2 not
    row = page.split(dong.full_name, 1)[1].split("</tr>", 1)[0]
    assert "Chưa đóng đảng phí các tháng 01/2026, 02/2026, 03/2026." in row


def test_months_kept_here_are_those_of_an_organization_keeping_fees_that_year(
    tree, cell, admit, superuser
):
    # given: Đông in CB-2 until March, then in CB-1, which keeps fees in 2026 (not in 2025)
    dong = moved_in(tree, admit, superuser)
    months = [date(2025, 12, 1), date(2026, 2, 1), date(2026, 3, 1), date(2026, 4, 1)]
    # when
    kept = months_kept_here([dong.pk, cell["an"].pk], months, date(2026, 4, 30))
    # then
    assert kept[dong.pk] == {date(2026, 3, 1), date(2026, 4, 1)}
    assert kept[cell["an"].pk] == {date(2026, 2, 1), date(2026, 3, 1), date(2026, 4, 1)}


def test_an_organization_keeps_its_fees_here_from_the_payments_recorded_up_to_the_day(
    tree, cell, admit, superuser, pay
):
    """Review: a payment for a later month made a cell count as keeping its fees on an
    earlier day (the due-list's own test, ``payments_of_year``, reads up to the day)."""
    # given: Đông in CB-2 until March; CB-2's first payment is Ba's for June
    dong = moved_in(tree, admit, superuser)
    ba = admit("ba", tree.cell_2, date(2012, 3, 1), official_on=date(2013, 3, 1))
    pay(ba, "2026-06")
    february = [date(2026, 2, 1)]
    # then
    assert months_kept_here([dong.pk], february, date(2026, 4, 30))[dong.pk] == set()
    assert months_kept_here([dong.pk], february, date(2026, 6, 30))[dong.pk] == set(february)


def test_the_member_page_shows_the_fees_panel(client, tree, cell, superuser):
    client.force_login(superuser)
    page = client.get(
        reverse("web:member", args=[cell["an"].pk]), {"as_of": "2026-04-30"}
    ).content.decode()
    assert 'id="fees"' in page
    assert "35.000" in page
    assert "3 tháng chưa đóng" in page


def test_the_portal_shows_my_fees(client, tree, cell, superuser, make_actor):
    user = make_actor()
    member_account_link(actor=superuser, user=user, member=cell["an"], on=date(2026, 4, 30))
    client.force_login(user)
    page = client.get(reverse("web:portal"), {"as_of": "2026-04-30"}).content.decode()
    assert "Đảng phí của tôi" in page
    assert "35.000" in page


def test_the_navigation_and_the_organization_page_link_to_fees(client, tree, cell, secretary):
    client.force_login(secretary)
    home = client.get(reverse("web:fees")).content.decode()
    assert reverse("web:organization_fees", args=["CB-1"]) in home
    organization = client.get(reverse("web:organization", args=["CB-1"])).content.decode()
    assert reverse("web:organization_fees", args=["CB-1"]) in organization


def test_the_secretary_inbox_counts_last_months_unpaid_members(tree, cell, secretary, pay):
    from dangvien.core.dates import add_months, today
    from dangvien.fees.panels import inbox_unpaid

    last_month = add_months(today().replace(day=1), -1)
    pay(cell["an"], f"{last_month:%Y-%m}")
    items = inbox_unpaid(secretary)
    # binh has not paid last month; an has; cu is exempt (50 years of party age)
    assert [(item.count, item.url) for item in items] == [
        (1, reverse("web:fee_sheet", args=["CB-1", f"{last_month:%Y-%m}"]))
    ]
    # the cell by its name, not its code
    assert "Chi bộ ấp 1" in str(items[0].label) and "CB-1" not in str(items[0].label)


def test_a_member_who_never_paid_sees_the_months_owed_where_the_cell_collects(
    client, tree, cell, superuser
):
    client.force_login(superuser)
    page = client.get(
        reverse("web:member", args=[cell["binh"].pk]), {"as_of": "2026-04-30"}
    ).content.decode()
    assert "4 tháng chưa đóng" in page
    # in a year the cell collected nothing no month is owed (the panel holds the basis only)
    before = client.get(
        reverse("web:member", args=[cell["binh"].pk]), {"as_of": "2025-04-30"}
    ).content.decode()
    assert "chưa đóng" not in before


def test_the_organization_panel_writes_the_count_in_vietnamese(tree):
    from django.template.loader import render_to_string
    from django.utils import translation

    with translation.override("vi"):
        html = render_to_string(
            "fees/organization_panel.html",
            {
                "organization": tree.commune,
                "panel": {"year": 2026, "payments": 10500, "month": date(2026, 4, 1)},
            },
        )
    assert "Năm 2026 đã ghi nhận 10.500 lượt đóng đảng phí." in html


def test_the_portal_read_at_a_past_day_shows_the_payments_made_by_then(
    client, tree, cell, superuser, make_actor, pay
):
    """Read at a past day, the portal listed the months paid since (all the payments)."""
    # given: January paid on 10/01/2026 (35.000), March on 10/03/2026 (20.000)
    pay(cell["an"], "2026-03")
    user = make_actor()
    member_account_link(actor=superuser, user=user, member=cell["an"], on=date(2026, 4, 30))
    client.force_login(user)

    # when
    page = client.get(reverse("web:portal"), {"as_of": "2026-02-15"}).content.decode()

    # then
    table = page.split('id="my-fees"')[1].split("</table>")[0]
    assert "01/2026" in table and "35.000" in table
    assert "03/2026" not in table and "10/03/2026" not in table


def test_the_member_page_read_at_a_past_day_lists_the_payments_made_by_then(
    client, tree, cell, superuser, pay
):
    """Read at a past day, the member's page listed every payment, those made since too."""
    # given: January paid on 10/01/2026 (35.000), March on 10/03/2026 (20.000)
    pay(cell["an"], "2026-03")
    client.force_login(superuser)

    # when
    before = client.get(reverse("web:member", args=[cell["an"].pk]), {"as_of": "2026-02-15"})
    after = client.get(reverse("web:member", args=[cell["an"].pk]), {"as_of": "2026-04-30"})

    # then
    assert "10/03/2026" not in before.content.decode().split('id="fees"')[1]
    assert "10/03/2026" in after.content.decode().split('id="fees"')[1]
