"""Official documents from the record (issue 18 §4): A4, Times New Roman, names not codes."""

from __future__ import annotations

import io
from datetime import date

import pytest
from django.urls import reverse
from docx import Document
from docx.shared import Cm

from dangvien.core.decisions import Decision
from dangvien.members.services import member_recognise, member_transfer_issue
from dangvien.members.tests.support import admit

pytestmark = pytest.mark.django_db


def _open(response):
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    document = Document(io.BytesIO(response.content))
    section = document.sections[0]
    assert abs(section.page_width - Cm(21)) < Cm(0.1)
    assert abs(section.page_height - Cm(29.7)) < Cm(0.1)
    assert document.styles["Normal"].font.name == "Times New Roman"
    text = "\n".join(p.text for p in document.paragraphs)
    cells = "\n".join(c.text for t in document.tables for r in t.rows for c in r.cells)
    return text + "\n" + cells


def test_the_list_of_members_at_a_date_is_numbered_by_name(client, org_tree, superuser):
    admit(superuser, org_tree.cell_a, name="Trần Văn Bình", national_id="087000000001")
    admit(superuser, org_tree.cell_a, name="Nguyễn Thị An", national_id="087000000002")
    client.force_login(superuser)
    text = _open(
        client.get(reverse("web:members_list_document", args=["CB-A"]), {"as_of": "2024-06-30"})
    )
    assert "DANH SÁCH ĐẢNG VIÊN" in text and "STT" in text
    assert text.index("Nguyễn Thị An") < text.index("Trần Văn Bình")  # An before Bình
    assert "Chi bộ ấp Mỹ Phước" in text and "CB-A" not in text
    assert "30/06/2024" in text


def test_the_member_summary_and_the_transfer_letter(client, org_tree, superuser):
    member = admit(superuser, org_tree.cell_a, name="Nguyễn Văn An")
    member_recognise(actor=superuser, member=member, decision=Decision("2-QĐ", date(2021, 1, 12)))
    client.force_login(superuser)
    summary = _open(client.get(reverse("web:member_summary_document", args=[member.pk])))
    assert "PHIẾU ĐẢNG VIÊN" in summary and "NGUYỄN VĂN AN" in summary
    # no letter before a transfer is issued
    letter_url = reverse("web:transfer_letter_document", args=[member.pk])
    assert client.get(letter_url).status_code == 404
    member_transfer_issue(
        actor=superuser,
        member=member,
        to_organization=org_tree.cell_b,
        effective_on=date(2024, 2, 1),
    )
    letter = _open(client.get(letter_url, {"as_of": "2024-02-05", "number": "12-GGT/ĐU"}))
    assert "GIẤY GIỚI THIỆU SINH HOẠT ĐẢNG" in letter
    assert "Số 12-GGT/ĐU" in letter
    assert "đến Chi bộ Trường Tiểu học Mỹ An" in letter and "CB-B" not in letter
    assert "01/02/2024" in letter


def test_documents_are_scoped(client, org_tree, superuser, make_actor):
    member = admit(superuser, org_tree.cell_a)
    client.force_login(make_actor("staff", org_tree.sibling_district))
    assert client.get(reverse("web:member_summary_document", args=[member.pk])).status_code == 404
    assert client.get(reverse("web:members_list_document", args=["CB-A"])).status_code == 404


def test_a_work_list_prints_as_an_official_list(client, org_tree, superuser):
    admit(superuser, org_tree.cell_a, name="Lê Thị Cúc", admitted_on=date(2024, 1, 10))
    client.force_login(superuser)
    recognition = _open(
        client.get(
            reverse("web:worklist_document", args=["CB-A", "recognition"]),
            {"as_of": "2024-12-20"},
        )
    )
    assert "XÉT CÔNG NHẬN CHÍNH THỨC" in recognition and "Lê Thị Cúc" in recognition
    assert "Chi bộ ấp Mỹ Phước" in recognition and "STT" in recognition
    badges = _open(client.get(reverse("web:worklist_document", args=["CB-A", "badges"])))
    assert "DANH SÁCH ĐỀ NGHỊ TẶNG HUY HIỆU ĐẢNG" in badges
    assert client.get(reverse("web:worklist_document", args=["CB-A", "nothing"])).status_code == 404


def test_the_count_of_a_long_list_reads_in_vietnamese_digits():
    """ "Danh sách có 1036 đảng viên." (found by the walk): 1.036."""
    from dangvien.reports.official import Issuer, members_list_docx

    issuer = Issuer("Chi bộ ấp 1", "Đảng bộ xã Mỹ An", date(2026, 12, 6))
    data = members_list_docx(issuer, ["Họ và tên"], [["Nguyễn Văn A"]] * 1036)
    text = "\n".join(p.text for p in Document(io.BytesIO(data)).paragraphs)
    assert "Danh sách có 1.036 đảng viên." in text
