"""Member pages: search, scoping, one service per form, refusals, exports, two-sided transfer."""

from __future__ import annotations

import io
from datetime import date
from typing import Any

import pytest
from django.test import Client
from openpyxl import load_workbook

from dangvien.audit.models import AuditEvent
from dangvien.core.decisions import Decision
from dangvien.members import views as member_views
from dangvien.members.models import Member, MemberEvent, MemberPeriod
from dangvien.members.services import (
    member_admit,
    member_exempt,
    member_recognise,
    member_record_death,
    member_transfer,
    party_card_record,
)
from dangvien.members.tests.support import transferred_then_removed
from dangvien.organizations.models import Organization
from dangvien.organizations.services import organization_create

pytestmark = pytest.mark.django_db

ADMITTED = date(2020, 1, 10)


def _admit(
    actor: Any, organization: Organization, name: str = "Nguyễn Văn An", **extra: Any
) -> Member:
    return member_admit(
        actor=actor,
        organization=organization,
        admitted_on=ADMITTED,
        decision=Decision("01-QĐ/ĐU", date(2020, 1, 5), "Đảng ủy xã Mỹ An"),
        profile={"full_name": name, "sex": "M", "birth_date": date(1990, 5, 1), **extra},
    )


def _cell(actor: Any, code: str, parent: Organization) -> Organization:
    return organization_create(
        actor=actor,
        code=code,
        name=f"Chi bộ {code}",
        kind="cell",
        sector="residential",
        parent=parent,
        established_on=date(2000, 1, 1),
    )


def _client(user: Any) -> Client:
    client = Client()
    client.force_login(user)
    return client


def _counts() -> tuple[int, int, int]:
    return MemberEvent.objects.count(), AuditEvent.objects.count(), MemberPeriod.objects.count()


def test_search_without_diacritics_finds_the_member(org_tree, superuser, make_actor):
    # given
    member = _admit(superuser, org_tree.cell_a, name="Nguyễn Văn Đạt", national_id="087090001234")
    client = _client(make_actor("viewer", org_tree.commune))

    # when
    by_name = client.get("/members/", {"q": "nguyen van dat"})
    by_cccd = client.get("/members/", {"q": "087090001234"})

    # then
    assert by_name.status_code == 200
    assert "Nguyễn Văn Đạt" in by_name.content.decode()
    assert f"/member/{member.pk}/" in by_cccd.content.decode()
    assert "1990" in by_name.content.decode()


def test_a_search_that_fills_its_rows_says_to_type_more(
    org_tree, superuser, make_actor, monkeypatch
):
    # given: two members named Nguyễn, the search showing two rows
    monkeypatch.setattr(member_views, "SEARCH_ROWS", 2)
    _admit(superuser, org_tree.cell_a, name="Nguyễn Văn Đạt")
    _admit(superuser, org_tree.cell_a, name="Nguyễn Thị Hoa", sex="F")
    client = _client(make_actor("viewer", org_tree.commune))
    # when
    full = client.get("/members/", {"q": "nguyen"}).content.decode()
    narrow = client.get("/members/", {"q": "nguyen dat"}).content.decode()
    # then
    assert "Chỉ hiển thị 2 đảng viên đầu tiên" in full
    assert "Chỉ hiển thị" not in narrow


def test_a_member_who_moved_away_is_not_called_an_exited_member(org_tree, superuser, make_actor):
    """Walk of issue 19: a commune's search showed a member transferred elsewhere as "no longer
    a member"; only a member with no period in force anywhere is one."""
    # given: Võ Văn Mười transferred out of the commune in 2021, then removed in 2023; Lê Văn Tư
    # transferred out the same way and still a member
    removed, far = transferred_then_removed(superuser, org_tree)
    moved = _admit(superuser, org_tree.cell_a, name="Lê Văn Tư")
    member_transfer(
        actor=superuser, member=moved, to_organization=far, effective_on=date(2021, 6, 1)
    )
    client = _client(make_actor("viewer", org_tree.commune))
    # when
    rows = client.get("/members/", {"q": "van"}).content.decode()
    page = client.get(f"/member/{moved.pk}/").content.decode()
    removed_page = client.get(f"/member/{removed.pk}/").content.decode()
    # then
    assert rows.count("Đã rời phạm vi quản lý") == 1
    assert rows.count("Không còn là đảng viên") == 1
    assert "Đã rời phạm vi quản lý" in page
    assert "Không còn là đảng viên" not in page
    assert "Không còn là đảng viên" in removed_page


def test_member_page_is_404_for_an_out_of_scope_user(org_tree, superuser, make_actor):
    # given
    member = _admit(superuser, org_tree.cell_a)
    outsider = _client(make_actor("staff", org_tree.sibling_district))

    # when
    response = outsider.get(f"/member/{member.pk}/")

    # then
    assert response.status_code == 404


def test_member_page_shows_record_and_timeline(org_tree, superuser, make_actor):
    # given
    member = _admit(superuser, org_tree.cell_a)
    client = _client(make_actor("staff", org_tree.district))

    # when
    response = client.get(f"/member/{member.pk}/")

    # then
    body = response.content.decode()
    assert response.status_code == 200
    assert "Nguyễn Văn An" in body
    assert "01-QĐ/ĐU" in body
    assert "10/01/2020" in body
    assert f"/member/{member.pk}/temporary-out/" in body
    # a decision of a competent body is offered as a proposal, not a one-click action
    assert f"/member/{member.pk}/expel/" not in body


def test_member_page_at_a_past_day_gives_the_file_of_that_day(org_tree, superuser, make_actor):
    # given: admitted 10/01/2020, official a year later
    member = _admit(superuser, org_tree.cell_a)
    member_recognise(
        actor=superuser, member=member, decision=Decision("02-QĐ/ĐU", date(2021, 1, 12), "Đảng ủy")
    )
    client = _client(make_actor("staff", org_tree.district))

    # when
    before = client.get(f"/member/{member.pk}/", {"as_of": "2020-06-30"})
    after = client.get(f"/member/{member.pk}/", {"as_of": "2021-06-30"})

    # then: on 30/06/2020 the member was not yet official; the recognition is listed, greyed
    assert before.context["dates"].official_on is None
    assert before.context["dates"].admitted_on == ADMITTED
    assert "sau ngày đang xem" in before.content.decode()
    assert after.context["dates"].official_on == date(2021, 1, 10)
    assert "sau ngày đang xem" not in after.content.decode()


def test_member_page_at_a_past_day_lists_the_cards_of_that_day(org_tree, superuser, make_actor):
    # given: official in 2021, a card issued in 2022
    member = _admit(superuser, org_tree.cell_a)
    member_recognise(
        actor=superuser, member=member, decision=Decision("02-QĐ/ĐU", date(2021, 1, 12), "Đảng ủy")
    )
    party_card_record(
        actor=superuser,
        member=member,
        action="issued",
        number="012345678901",
        effective_on=date(2022, 1, 1),
    )
    client = _client(make_actor("staff", org_tree.district))

    # when
    before = client.get(f"/member/{member.pk}/", {"as_of": "2021-06-30"})
    after = client.get(f"/member/{member.pk}/", {"as_of": "2022-06-30"})

    # then: the register's entries of the day (the profile keeps the card held now)
    assert [c.number for c in before.context["cards"]] == []
    assert [c.number for c in after.context["cards"]] == ["012345678901"]


def test_member_page_before_the_member_joined_says_not_yet_a_member(
    org_tree, superuser, make_actor
):
    # given: admitted 10/01/2020
    member = _admit(superuser, org_tree.cell_a)
    client = _client(make_actor("staff", org_tree.district))
    audits = AuditEvent.objects.count()

    # when: the page of a day before
    response = client.get(f"/member/{member.pk}/", {"as_of": "2019-06-30"})

    # then: no organization, no status of a later day, no action of a member; the read is
    # audited under the organization the member is known by
    assert response.context["period"] is None
    assert response.context["status"] == "Không phải đảng viên"
    assert response.context["actions"] == []
    assert AuditEvent.objects.count() == audits + 1
    assert AuditEvent.objects.latest("id").organization_id == org_tree.cell_a.pk


def test_member_page_before_the_member_came_into_the_scope_says_a_member_elsewhere(
    org_tree, superuser, make_actor
):
    # given: admitted in cell A in 2020, transferred to the sibling district's commune in 2022
    member = _admit(superuser, org_tree.cell_a)
    member_recognise(
        actor=superuser, member=member, decision=Decision("02-QĐ/ĐU", date(2021, 1, 12), "Đảng ủy")
    )
    far = _cell(superuser, "CB-X", org_tree.sibling_commune)
    member_transfer(
        actor=superuser, member=member, to_organization=far, effective_on=date(2022, 3, 1)
    )
    client = _client(make_actor("staff", org_tree.sibling_district))

    # when: the receiving district reads the page of 2021
    response = client.get(f"/member/{member.pk}/", {"as_of": "2021-06-30"})

    # then: a member then, elsewhere, not "not a member"
    assert response.context["period"] is None
    assert response.context["status"] == "Đảng viên sinh hoạt ngoài phạm vi quản lý"


def test_member_page_at_a_past_day_offers_the_actions_of_that_day(org_tree, superuser, make_actor):
    # given: a member who died in 2022
    member = _admit(superuser, org_tree.cell_a)
    client = _client(make_actor("staff", org_tree.district))
    member_record_death(actor=superuser, member=member, effective_on=date(2022, 3, 1))

    # when
    before = client.get(f"/member/{member.pk}/", {"as_of": "2021-06-30"})
    after = client.get(f"/member/{member.pk}/", {"as_of": "2022-06-30"})

    # then: on 30/06/2021 the member could still be sent away on a temporary transfer, and the
    # period then open is open on that page (its end in 2022 came later)
    assert "temporary-out" in [slug for slug, _title in before.context["actions"]]
    assert (
        "01/03/2022"
        not in before.content.decode()
        .split("<h2>Các giai đoạn sinh hoạt</h2>")[1]
        .split("</table>")[0]
    )
    assert "temporary-out" not in [slug for slug, _title in after.context["actions"]]


def test_a_lifecycle_form_writes_one_event_and_one_audit_row(org_tree, superuser, make_actor):
    # given
    member = _admit(superuser, org_tree.cell_a)
    client = _client(make_actor("staff", org_tree.district))
    events, audits, _periods = _counts()

    # when
    response = client.post(
        f"/member/{member.pk}/temporary-out/",
        {"organization": "CB-B", "effective_on": "2021-03-01", "note": "đi học"},
    )

    # then
    assert response.status_code == 302
    assert MemberEvent.objects.count() == events + 1
    assert AuditEvent.objects.count() == audits + 1
    assert MemberEvent.objects.latest("id").type == "temporary_out"


def test_a_refused_transition_shows_the_vietnamese_message_and_writes_nothing(
    org_tree, superuser, make_actor
):
    # given: a member who is not away cannot return from a temporary transfer
    member = _admit(superuser, org_tree.cell_a)
    client = _client(make_actor("staff", org_tree.commune))
    before = _counts()

    # when
    response = client.post(f"/member/{member.pk}/temporary-return/", {"effective_on": "2020-06-01"})

    # then
    assert response.status_code == 200
    assert _counts() == before
    body = response.content.decode()
    assert "has-error" in body
    assert "không" in body.lower()


def test_a_viewer_gets_403_on_a_lifecycle_form(org_tree, superuser, make_actor):
    # given
    member = _admit(superuser, org_tree.cell_a)
    client = _client(make_actor("viewer", org_tree.commune))
    before = _counts()

    # when
    response = client.post(
        f"/member/{member.pk}/death/", {"effective_on": "2021-03-01", "confirmed": "on"}
    )

    # then
    assert response.status_code == 403
    assert _counts() == before


def test_admit_from_the_organization_writes_the_member(org_tree, make_actor):
    # given: the district's standing committee admits into the cells of its grassroots
    # organizations (competence.admission)
    client = _client(make_actor("staff", org_tree.district))

    # when
    response = client.post(
        "/org/CB-B/members/admit/",
        {
            "full_name": "Trần Thị Bình",
            "sex": "F",
            "birth_date": "1995-02-03",
            "effective_on": "2024-05-19",
            "decision_number": "9-QĐ/ĐU",
            "decision_date": "2024-05-10",
        },
    )

    # then
    assert response.status_code == 302
    member = Member.objects.get(full_name="Trần Thị Bình")
    assert response["Location"] == f"/member/{member.pk}/"


def test_xlsx_export_contains_the_members_name(org_tree, superuser, make_actor):
    # given
    _admit(superuser, org_tree.cell_a)
    client = _client(make_actor("viewer", org_tree.commune))

    # when
    response = client.get("/org/X-MA/members/", {"as_of": "2021-01-01", "export": "xlsx"})

    # then
    assert response.status_code == 200
    workbook = load_workbook(io.BytesIO(b"".join(response.streaming_content)))
    values = [c for row in workbook.active.iter_rows(values_only=True) for c in row]
    assert "Nguyễn Văn An" in values
    assert "Họ và tên" in values
    # a real date cell (issue 18: Excel sorts and filters it), shown dd/mm/yyyy
    birth = next(
        c
        for row in workbook.active.iter_rows()
        for c in row
        if getattr(c.value, "year", None) == 1990
    )
    assert birth.value.date() == date(1990, 5, 1)
    assert birth.number_format == "DD/MM/YYYY"


def test_worklist_exports_open_with_openpyxl(org_tree, superuser, make_actor):
    # given
    _admit(superuser, org_tree.cell_a)
    client = _client(make_actor("viewer", org_tree.commune))

    # when
    pages = {
        slug: client.get(f"/org/X-MA/members/{slug}/", {"as_of": "2020-12-01"})
        for slug in ["recognition", "transfers", "badges", "exempted", "away", "guests"]
    }
    export = client.get("/org/X-MA/members/recognition/", {"as_of": "2020-12-01", "export": "xlsx"})

    # then
    assert {slug: r.status_code for slug, r in pages.items()} == dict.fromkeys(pages, 200)
    workbook = load_workbook(io.BytesIO(b"".join(export.streaming_content)))
    values = [c for row in workbook.active.iter_rows(values_only=True) for c in row]
    assert "Nguyễn Văn An" in values


def test_two_sided_transfer_between_districts(org_tree, superuser, make_actor):
    # given: an official member of CB-A (HU-TM) and a cell of X-MH (HU-CL)
    target = _cell(superuser, "CB-MH", org_tree.sibling_commune)
    member = _admit(superuser, org_tree.cell_a)
    member_recognise(actor=superuser, member=member, decision=Decision("2-QĐ", date(2021, 1, 12)))
    sender = _client(make_actor("staff", org_tree.district))
    receiver = _client(make_actor("staff", org_tree.sibling_district))

    # when: the sending district issues the transfer
    issued = sender.post(
        f"/member/{member.pk}/transfer-issue/",
        {"organization": "CB-MH", "effective_on": "2024-03-01", "decision_number": "7-QĐ/HU"},
    )
    incoming = receiver.get("/org/HU-CL/members/transfers/", {"as_of": "2024-03-05"})
    received = receiver.post(
        f"/member/{member.pk}/transfer-receive/", {"effective_on": "2024-03-10"}
    )

    # then
    assert issued.status_code == 302, issued.content.decode()
    assert "Nguyễn Văn An" in incoming.content.decode()
    assert f"/member/{member.pk}/transfer-receive/" in incoming.content.decode()
    assert received.status_code == 302, received.content.decode()
    before_sender = sender.get("/org/HU-TM/members/", {"as_of": "2024-03-09"}).content.decode()
    after_sender = sender.get("/org/HU-TM/members/", {"as_of": "2024-03-10"}).content.decode()
    before_receiver = receiver.get("/org/HU-CL/members/", {"as_of": "2024-03-09"})
    after_receiver = receiver.get("/org/HU-CL/members/", {"as_of": "2024-03-10"})
    assert "Nguyễn Văn An" in before_sender
    assert "Nguyễn Văn An" not in after_sender
    assert "Nguyễn Văn An" not in before_receiver.content.decode()
    assert "Nguyễn Văn An" in after_receiver.content.decode()
    assert target.code == "CB-MH"


def test_the_sender_cannot_open_the_receiving_organizations_list(org_tree, make_actor):
    # given
    sender = _client(make_actor("staff", org_tree.district))

    # when
    response = sender.get("/org/X-MH/members/")

    # then
    assert response.status_code == 404


def test_every_action_form_and_the_member_page_render(org_tree, superuser):
    # given
    member = _admit(superuser, org_tree.cell_a)
    client = _client(superuser)
    slugs = [
        "transfer", "transfer-issue", "transfer-cancel", "temporary-out", "temporary-return",
        "exemption-end", "death", "edit",
    ]  # fmt: skip

    # when
    statuses = {slug: client.get(f"/member/{member.pk}/{slug}/").status_code for slug in slugs}

    receive = client.get(f"/member/{member.pk}/transfer-receive/")

    # then: receiving needs a transfer in progress towards an organization of the caller
    assert statuses == dict.fromkeys(slugs, 200)
    assert receive.status_code == 403


def test_edit_profile_saves_through_the_service(org_tree, superuser, make_actor):
    # given
    member = _admit(superuser, org_tree.cell_a)
    client = _client(make_actor("staff", org_tree.commune))
    audits = AuditEvent.objects.count()

    # when
    response = client.post(
        f"/member/{member.pk}/edit/",
        {"full_name": "Nguyễn Văn An", "sex": "M", "birth_date": "1990-05-01", "phone": "0912"},
    )

    # then
    assert response.status_code == 302
    member.refresh_from_db()
    assert member.phone == "0912"
    assert AuditEvent.objects.count() == audits + 1


def test_correct_and_void_an_entry_from_the_member_page(org_tree, superuser, make_actor):
    # given
    member = _admit(superuser, org_tree.cell_a)
    client = _client(make_actor("staff", org_tree.commune))
    member_exempt(actor=superuser, member=member, effective_on=date(2021, 3, 1))
    exempted = MemberEvent.objects.get(type="exempted")

    # when
    corrected = client.post(
        f"/member/{member.pk}/events/{exempted.pk}/correct/", {"effective_on": "2021-04-01"}
    )
    page = client.get(f"/member/{member.pk}/").content.decode()
    correction = MemberEvent.objects.get(corrects=exempted)
    voided = client.post(f"/member/{member.pk}/events/{correction.pk}/void/", {"note": "nhập nhầm"})

    # then
    assert corrected.status_code == 302
    assert "<s>01/03/2021</s>" in page
    assert voided.status_code == 302
    assert MemberEvent.objects.filter(type="voided", corrects=correction).exists()


def test_card_register_and_badge_forms_record_through_the_services(
    client, superuser, org_tree, today_is
):
    from datetime import date

    today_is(date(2031, 1, 1))  # the badge is awarded in 2030: read as recorded later

    from dangvien.core.decisions import Decision
    from dangvien.members.models import BadgeAward, PartyCardEntry
    from dangvien.members.services import member_admit, member_recognise

    member = member_admit(
        actor=superuser,
        organization=org_tree.cell_a,
        admitted_on=date(2000, 2, 1),
        decision=Decision("1", date(2000, 1, 10), "Huyện ủy"),
        profile={"full_name": "Trần Văn Bảy", "sex": "M", "birth_date": date(1960, 1, 1)},
    )
    member_recognise(
        actor=superuser, member=member, decision=Decision("2", date(2001, 3, 1), "Huyện ủy")
    )
    client.force_login(superuser)
    # when
    card = client.post(
        f"/member/{member.pk}/card/",
        {"action": "issued", "number": "370001", "effective_on": "2001-05-19"},
    )
    refused = client.post(
        f"/member/{member.pk}/badge/", {"milestone": "30", "awarded_on": "2029-11-07"}
    )
    badge = client.post(
        f"/member/{member.pk}/badge/", {"milestone": "30", "awarded_on": "2030-02-03"}
    )
    page = client.get(f"/member/{member.pk}/")
    # then
    assert card.status_code == 302 and badge.status_code == 302
    assert refused.status_code == 200 and "30" in refused.content.decode()
    assert PartyCardEntry.objects.get().number == "370001"
    assert BadgeAward.objects.get().milestone == 30
    assert "370001" in page.content.decode()


def test_downloading_a_member_list_is_audited(client, superuser, org_tree):
    """Regression (review): web exports of personal data left no trace."""
    from dangvien.audit.models import AuditEvent

    client.force_login(superuser)
    response = client.get(f"/org/{org_tree.commune.code}/members/?export=xlsx")
    assert response.status_code == 200
    assert AuditEvent.objects.filter(action="export", message="export members.xlsx").count() == 1


def test_a_transfer_within_the_subtree_is_one_row_of_the_transfers_list(
    org_tree, superuser, make_actor
):
    # given: a transfer from CB-A (HU-TM) to a cell of HU-CL, both in the province
    _cell(superuser, "CB-MH", org_tree.sibling_commune)
    member = _admit(superuser, org_tree.cell_a)
    member_recognise(actor=superuser, member=member, decision=Decision("2-QĐ", date(2021, 1, 12)))
    sender = _client(make_actor("staff", org_tree.district))
    sender.post(
        f"/member/{member.pk}/transfer-issue/",
        {"organization": "CB-MH", "effective_on": "2024-03-01", "decision_number": "7-QĐ/HU"},
    )
    province = _client(make_actor("staff", org_tree.province))

    # when
    listed = province.get("/org/T-DT/members/transfers/", {"as_of": "2024-03-05"})
    district = sender.get("/org/HU-TM/members/transfers/", {"as_of": "2024-03-05"})

    # then: once, within the province; the district sees it going out
    assert [str(r["cells"][1]) for r in listed.context["rows"]] == ["Trong đảng bộ"]
    assert listed.context["rows"][0]["can_receive"] is True
    assert [str(r["cells"][1]) for r in district.context["rows"]] == ["Chuyển đi"]


def _sheet_rows(response: Any) -> list[tuple[Any, ...]]:
    workbook = load_workbook(io.BytesIO(b"".join(response.streaming_content)))
    return list(workbook.active.iter_rows(values_only=True))


def test_the_member_list_export_numbers_the_rows_and_gives_the_files_dates_and_party_age(
    org_tree, superuser, make_actor
):
    # given: an official member (admitted 10/01/2020, recognised a year later)
    member = _admit(superuser, org_tree.cell_a)
    member_recognise(
        actor=superuser,
        member=member,
        decision=Decision("09-QĐ/ĐU", date(2021, 1, 10), "Đảng ủy xã Mỹ An"),
    )
    client = _client(make_actor("viewer", org_tree.commune))

    # when
    response = client.get("/org/X-MA/members/", {"as_of": "2024-06-01", "export": "xlsx"})

    # then: STT, name, key, …, admission and official dates as dates, party age in years
    header, row = _sheet_rows(response)[:2]
    columns = dict(zip(header, row, strict=True))
    assert header[0] == "STT"
    assert columns["STT"] == 1
    assert columns["Mã đảng viên"] == member.member_key
    assert columns["Ngày kết nạp"].date() == ADMITTED
    assert columns["Ngày chính thức"].date() == date(2021, 1, 10)
    assert columns["Tuổi Đảng (năm)"] == 4


def test_search_results_export_to_excel_with_organizations_by_name(org_tree, superuser, make_actor):
    _admit(superuser, org_tree.cell_a)
    client = _client(make_actor("viewer", org_tree.commune))
    page = client.get("/members/", {"q": "nguyen van an"}).content.decode()
    assert "export=xlsx" in page
    assert org_tree.cell_a.code not in page.split("<tbody>")[1]  # the name, not the code
    response = client.get("/members/", {"q": "nguyen van an", "export": "xlsx"})
    header, row = _sheet_rows(response)[:2]
    assert dict(zip(header, row, strict=True))["Họ và tên"] == "Nguyễn Văn An"


def test_the_member_list_is_in_vietnamese_order_across_its_pages(
    org_tree, superuser, make_actor, monkeypatch
):
    # given: names whose folded spelling ("search_name") sorts otherwise
    for name in [
        "Nguyễn Văn Đức",
        "Đỗ Văn Ánh",
        "Võ Văn Dung",
        "Trần Thị An",
        "Nguyễn Văn Dũng",
        "Lê Bình",
    ]:
        _admit(superuser, org_tree.cell_a, name=name)
    monkeypatch.setattr(member_views, "PAGE_SIZE", 4)
    client = _client(make_actor("viewer", org_tree.commune))

    # when: both pages are read
    shown = []
    for number in (1, 2):
        response = client.get("/org/X-MA/members/", {"page": number})
        shown += [period.member.full_name for period in response.context["page"]]

    # then: the given name first (An, Ánh, Bình, Dung, Dũng, Đức), the count of all on each page
    assert shown == [
        "Trần Thị An",
        "Đỗ Văn Ánh",
        "Lê Bình",
        "Võ Văn Dung",
        "Nguyễn Văn Dũng",
        "Nguyễn Văn Đức",
    ]
    assert response.context["page"].paginator.count == 6


def test_the_list_counts_are_counted_again_after_a_change(org_tree, superuser, make_actor):
    # given: the list seen once (its counts kept), then a second member admitted
    _admit(superuser, org_tree.cell_a)
    client = _client(make_actor("viewer", org_tree.commune))
    before = client.get("/org/X-MA/members/", {"as_of": "2021-01-01"}).context["counts"]
    _admit(superuser, org_tree.cell_b, name="Trần Thị Bình", sex="F")
    # when
    after = client.get("/org/X-MA/members/", {"as_of": "2021-01-01"}).context["counts"]
    # then
    assert (before["total"], after["total"]) == (1, 2)
    assert (before["female"], after["female"]) == (0, 1)


def test_the_list_counts_follow_the_filters(org_tree, superuser, make_actor):
    # given
    _admit(superuser, org_tree.cell_a)
    _admit(superuser, org_tree.cell_b, name="Trần Thị Bình", sex="F")
    client = _client(make_actor("viewer", org_tree.commune))
    # when: the whole list, then the women only (kept apart)
    everyone = client.get("/org/X-MA/members/", {"as_of": "2021-01-01"}).context["counts"]
    women = client.get("/org/X-MA/members/", {"as_of": "2021-01-01", "sex": "F"}).context["counts"]
    # then
    assert (everyone["total"], women["total"]) == (2, 1)


def test_the_members_list_numbers_its_rows_across_pages(org_tree, superuser, make_actor):
    """The printed list had no STT column; on screen the numbers go on from page to page."""
    for index in range(3):
        _admit(superuser, org_tree.cell_a, name=f"Nguyễn Văn {chr(65 + index)}")
    client = _client(make_actor("staff", org_tree.district))

    page = client.get("/org/X-MA/members/", {"print": "1"}).content.decode()

    assert '<th class="num">STT</th>' in page
    assert '<td class="num">3</td>' in page
