"""The to-do inbox at log-in (issue 18 §5): each app adds its lines in ``ready()``; every line
has a count and a link, and nothing outside the user's scope is counted."""

from __future__ import annotations

from datetime import date

import pytest
from django.urls import reverse

from dangvien.core.decisions import Decision
from dangvien.http.registry import inbox_items
from dangvien.members.services import member_recognise, member_transfer_issue
from dangvien.members.tests.support import admit
from dangvien.reports.services import report_create, report_submit

pytestmark = pytest.mark.django_db


def _labels(user):
    return {str(item.label): item for item in inbox_items(user)}


def test_a_transfer_in_transit_waits_for_the_receiving_side_only(org_tree, superuser, make_actor):
    # given: a member of cell A issued to cell B (same commune), and a sibling district
    member = admit(superuser, org_tree.cell_a)
    member_recognise(actor=superuser, member=member, decision=Decision("2-QĐ", date(2021, 1, 12)))
    member_transfer_issue(
        actor=superuser,
        member=member,
        to_organization=org_tree.cell_b,
        effective_on=date(2024, 2, 1),
    )
    receiving = make_actor("cell_secretary", org_tree.cell_b)
    sending = make_actor("cell_secretary", org_tree.cell_a)
    outsider = make_actor("staff", org_tree.sibling_district)
    # when
    lines = _labels(receiving)
    # then
    item = lines["Chuyển sinh hoạt chờ tiếp nhận"]
    assert item.count == 1
    assert item.overdue == 1  # presented long after the deadline
    assert item.url == reverse("web:organization_worklist", args=["CB-B", "transfers"])
    assert "Chuyển sinh hoạt chờ tiếp nhận" not in _labels(sending)
    assert _labels(outsider) == {}


def test_members_due_for_recognition_are_counted_in_scope(org_tree, superuser, make_actor):
    admit(superuser, org_tree.cell_a, admitted_on=date(2024, 1, 10))
    secretary = make_actor("cell_secretary", org_tree.cell_a)
    other_cell = make_actor("cell_secretary", org_tree.cell_b)
    assert _labels(secretary)["Đảng viên dự bị đến hạn xét công nhận chính thức"].count == 1
    assert "Đảng viên dự bị đến hạn xét công nhận chính thức" not in _labels(other_cell)


def test_a_submitted_report_waits_for_another_person_to_approve(org_tree, make_actor):
    author = make_actor("staff", org_tree.commune)
    approver = make_actor("staff", org_tree.commune)  # a colleague of the same committee
    report = report_create(
        actor=author, organization=org_tree.commune, period_kind="year", year=2024
    )
    report_submit(actor=author, report=report)
    label = "Báo cáo định kỳ chờ bạn phê duyệt"
    assert _labels(approver)[label].count == 1
    assert label not in _labels(author)  # four eyes


def test_the_home_page_shows_the_lines_with_counts_and_links(
    client, org_tree, superuser, make_actor
):
    admit(superuser, org_tree.cell_a, admitted_on=date(2024, 1, 10))
    client.force_login(make_actor("cell_secretary", org_tree.cell_a))
    # the home page asks for its inbox after loading (htmx), the section comes alone
    home = client.get(reverse("web:home")).content.decode()
    assert f'hx-get="{reverse("web:inbox")}"' in home
    inbox = client.get(reverse("web:inbox"), headers={"HX-Request": "true"}).content.decode()
    assert inbox.startswith('<section class="card inbox"') and "<html" not in inbox
    assert reverse("web:organization_worklist", args=["CB-A", "recognition"]) in inbox
    assert "Đảng viên dự bị đến hạn xét công nhận chính thức" in inbox
    # without scripts, a page of its own
    assert "<html" in client.get(reverse("web:inbox")).content.decode()


def test_the_inbox_is_counted_again_after_any_write(client, org_tree, superuser, make_actor):
    # given: a secretary's inbox counted (and cached) with one member due for recognition
    admit(superuser, org_tree.cell_a, admitted_on=date(2024, 1, 10))
    client.force_login(make_actor("cell_secretary", org_tree.cell_a))
    label = "Đảng viên dự bị đến hạn xét công nhận chính thức"

    def line() -> str:
        body = client.get(reverse("web:inbox"), headers={"HX-Request": "true"}).content.decode()
        return body.split(label, 1)[1].split("</li>", 1)[0]

    assert '<span class="count">1</span>' in line()
    # when: another member is admitted (a service: its audit row moves the chain's head)
    admit(superuser, org_tree.cell_a, admitted_on=date(2024, 2, 10), name="Trần Văn Bình")
    # then: the cached count is not served
    assert '<span class="count">2</span>' in line()


def test_the_inbox_reads_in_the_language_of_the_page(client, org_tree, superuser, make_actor):
    # given: a secretary's inbox counted (and kept) while reading the pages in English
    admit(superuser, org_tree.cell_a, admitted_on=date(2024, 1, 10))
    client.force_login(make_actor("cell_secretary", org_tree.cell_a))
    url = reverse("web:inbox")
    client.post(reverse("set_language"), {"language": "en", "next": url})
    english = client.get(url, headers={"HX-Request": "true"})
    assert "Probationary members due for recognition" in english.content.decode()
    # when: the same officer reads it in Vietnamese, nothing having changed meanwhile
    client.post(reverse("set_language"), {"language": "vi", "next": url})
    vietnamese = client.get(url, headers={"HX-Request": "true"}).content.decode()
    # then: the lines are in Vietnamese, not the English kept a moment before
    assert "Đảng viên dự bị đến hạn xét công nhận chính thức" in vietnamese
    assert "Probationary members due for recognition" not in vietnamese


def test_the_inbox_of_a_page_read_at_a_past_day_says_it_is_todays(
    client, org_tree, superuser, make_actor
):
    """Under "situation as of 30/06/2022" the inbox showed today's counts without a word."""
    from dangvien.core.dates import today
    from dangvien.core.formatting import vn_date

    admit(superuser, org_tree.cell_a, admitted_on=date(2024, 1, 10))
    client.force_login(make_actor("cell_secretary", org_tree.cell_a))
    home = client.get(reverse("web:home"), {"as_of": "2022-06-30"}).content.decode()
    assert f'hx-get="{reverse("web:inbox")}?as_of=2022-06-30"' in home

    def inbox(**query: str) -> str:
        return client.get(
            reverse("web:inbox"), query, headers={"HX-Request": "true"}
        ).content.decode()

    note = f"Tính đến hôm nay, {vn_date(today())}, không phải ngày đang xem."
    assert note in inbox(as_of="2022-06-30")
    assert "Tính đến hôm nay" not in inbox()
