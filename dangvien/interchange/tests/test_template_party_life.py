"""The import template's sheets of party life (§4: meetings, attendance, assessment, discipline,
fees) follow the older sheets: a Vietnamese sheet name and Vietnamese headers, a Vietnamese
explanation in the guide next to the contract's name; a copy filled in Vietnamese imports, and
the same data in the contract's own names (file, columns, codes) still imports as the same."""

from __future__ import annotations

import io
from datetime import date
from pathlib import Path

import pytest
from django.utils import translation
from openpyxl import Workbook, load_workbook
from openpyxl.worksheet.worksheet import Worksheet

from dangvien.assessment.models import AssessmentResult
from dangvien.core.text import fold
from dangvien.discipline.models import DisciplineDecision
from dangvien.fees.models import FeeBasis, FeePayment
from dangvien.interchange.importer import import_bundle
from dangvien.interchange.sections import bundle_file, bundle_files
from dangvien.interchange.tests import corpus as c
from dangvien.interchange.vietnamese import contract_file, iso_month, words_of
from dangvien.interchange.workbook_template import template_xlsx
from dangvien.meetings.models import Attendance, Meeting
from dangvien.users.services import system_actor

PARTY_LIFE = {
    "meetings.csv": "Cuộc họp",
    "attendance.csv": "Điểm danh",
    "assessments.csv": "Đánh giá, xếp loại",
    "assessment_history.csv": "Xếp loại đã đính chính",
    "discipline.csv": "Kỷ luật",
    "fee_bases.csv": "Căn cứ đóng đảng phí",
    "fee_reliefs.csv": "Miễn, giảm đảng phí",
    "fee_payments.csv": "Đảng phí đã đóng",
}


def _template() -> tuple[Workbook, list[tuple[object, ...]]]:
    with translation.override("vi"):
        workbook = load_workbook(io.BytesIO(template_xlsx()))
    return workbook, list(workbook.worksheets[0].values)


def test_every_file_has_a_vietnamese_sheet_name_and_a_header_for_every_column():
    sheets: dict[str, str] = {}
    for spec in bundle_files():
        words = words_of(spec.name)
        assert words is not None, spec.name
        assert len(words.names[0]) <= 31, spec.name  # Excel's limit of a sheet name
        for name in words.names:
            assert sheets.setdefault(fold(name), spec.name) == spec.name, name
            assert contract_file(name) == spec.name, name
        headers: dict[str, str] = {}
        for column in spec.column_names:
            assert words.header(column) != column, (spec.name, column)
            for header in words.headers[column]:
                # one header never names two columns of a file
                assert headers.setdefault(fold(header), column) == column, (spec.name, header)
                assert words.column(header) == column


def test_the_party_life_sheets_are_in_vietnamese_with_vietnamese_explanations():
    workbook, guide = _template()

    for file, sheet_name in PARTY_LIFE.items():
        spec = bundle_file(file)
        assert sheet_name in workbook.sheetnames, file
        assert file.removesuffix(".csv") not in workbook.sheetnames
        header = [cell.value for cell in workbook[sheet_name][1]]
        assert not set(header) & set(spec.column_names), (file, header)
        # the guide: the sheet's row and one row per column, each explained in Vietnamese
        # (not the English text of the code) and naming the contract's file and column
        rows = {row[4]: row for row in guide if row and row[0] == sheet_name}
        assert set(rows) == {file, *spec.column_names}, file
        with translation.override("en"):
            english = {c.name: str(c.guide) for c in spec.columns} | {file: str(spec.guide)}
        for contract, row in rows.items():
            explanation = str(row[3])
            assert explanation and explanation != english[contract], (file, contract)
            assert fold(explanation) != explanation.lower(), (file, contract)  # diacritics
        assert [rows[column][1] for column in spec.column_names] == header
    # the older sheets kept their names
    assert {"Tổ chức", "Đảng viên", "Cấp ủy"} <= set(workbook.sheetnames)


def _fill(sheet: Worksheet, rows: list[dict[str, object]]) -> None:
    header = [cell.value for cell in sheet[1]]
    for row in rows:
        assert set(row) <= set(header), set(row) - set(header)
        sheet.append([row.get(str(h), "") for h in header])


@pytest.mark.parametrize(
    ("_case", "written", "read"),
    [
        ("month/year", "04/2022", "2022-04"),
        ("one digit", "4/2022", "2022-04"),
        ("dotted", "04.2022", "2022-04"),
        ("the contract's", "2022-04", "2022-04"),
        ("a day cell's first day", "2022-04-01", "2022-04"),
        ("another day: refused as written", "2022-04-15", "2022-04-15"),
        ("no such month", "13/2022", "13/2022"),
    ],
)
def test_a_month_written_month_first_reads_as_the_contracts(_case, written, read):
    assert iso_month(written) == read


@pytest.mark.django_db
def test_a_template_filled_in_vietnamese_imports_as_the_contract_form_does(tmp_path, today_is):
    # given: the template filled in as officers write (Vietnamese words, days written 30/04/2022)
    today_is(date(2026, 12, 1))
    workbook, _guide = _template()
    _fill(
        workbook["Tổ chức"],
        [
            {
                "Mã tổ chức": "X",
                "Tên tổ chức": "Đảng bộ xã Mỹ An",
                "Loại tổ chức": "Đảng bộ cơ sở",
                "Loại hình": "Xã",
                "Ngày thành lập": "01/01/2000",
            },
            {
                "Mã tổ chức": "X-C1",
                "Tên tổ chức": "Chi bộ ấp 1",
                "Loại tổ chức": "Chi bộ",
                "Loại hình": "Khu dân cư",
                "Mã tổ chức cấp trên": "X",
                "Ngày thành lập": "01/01/2000",
            },
        ],
    )
    _fill(
        workbook["Đảng viên"],
        [
            {
                "Mã đảng viên": key,
                "Họ và tên": name,
                "Giới tính": sex,
                "Ngày sinh": "01/01/1980",
                "Mã chi bộ kết nạp": "X-C1",
                "Ngày quyết định kết nạp": "10/01/2010",
                "Ngày vào Đảng": "01/02/2010",
                "Ngày chính thức": "01/02/2011",
            }
            for key, name, sex in [("M1", "Nguyễn Văn An", "Nam"), ("M2", "Trần Thị Bình", "Nữ")]
        ],
    )
    _fill(
        workbook["Cuộc họp"],
        [
            {
                "Mã cuộc họp": "H1",
                "Mã tổ chức": "X-C1",
                "Loại cuộc họp": "Sinh hoạt thường kỳ",
                "Ngày họp": "05/01/2024",
                "Chủ đề": "Sinh hoạt tháng 1",
            },
            {
                "Mã cuộc họp": "H2",
                "Mã tổ chức": "X-C1",
                "Loại cuộc họp": "Sinh hoạt chuyên đề",
                "Ngày họp": "20/03/2024",
            },
        ],
    )
    _fill(
        workbook["Điểm danh"],
        [
            {"Mã cuộc họp": "H1", "Mã đảng viên": "M1", "Có mặt, vắng": "Có mặt"},
            {
                "Mã cuộc họp": "H1",
                "Mã đảng viên": "M2",
                "Có mặt, vắng": "Vắng có lý do",
                "Lý do vắng": "Ốm",
            },
            {"Mã cuộc họp": "H2", "Mã đảng viên": "M2", "Có mặt, vắng": "vắng không có lý do"},
        ],
    )
    _fill(
        workbook["Đánh giá, xếp loại"],
        [
            {
                "Năm": "2021",
                "Đối tượng": "Đảng viên",
                "Mã đảng viên hoặc tổ chức": "M1",
                "Mức xếp loại": "Hoàn thành tốt nhiệm vụ",
                "Điểm": "80",
                "Ngày quyết định": "20/12/2021",
                "Mã tổ chức quyết định": "X",
            },
            {
                "Năm": "2021",
                "Đối tượng": "Tổ chức đảng",
                "Mã đảng viên hoặc tổ chức": "X-C1",
                "Mức xếp loại": "HTXSNV",
                "Ngày quyết định": "25/12/2021",
                "Mã tổ chức quyết định": "X",
            },
        ],
    )
    _fill(
        workbook["Kỷ luật"],
        [
            {
                "Mã hồ sơ": "K1",
                "Đối tượng": "Đảng viên",
                "Mã đảng viên hoặc tổ chức": "M2",
                "Hình thức kỷ luật": "Khiển trách",
                "Ngày quyết định": "01/02/2023",
                "Mã tổ chức quyết định": "X-C1",
                "Số quyết định": "01-QĐ/CB",
            }
        ],
    )
    _fill(
        workbook["Căn cứ đóng đảng phí"],
        [
            {
                "Mã đảng viên": "M1",
                "Áp dụng từ tháng": "01/2026",  # a month as officers write it
                "Loại căn cứ": "Lương hưu",
                "Số tiền căn cứ (đồng)": "4000000",
            }
        ],
    )
    _fill(
        workbook["Đảng phí đã đóng"],
        [
            {
                "Mã đảng viên": "M1",
                "Tháng đóng": date(2026, 1, 1),  # "2026-01" typed into a cell read as a day
                "Số tiền (đồng)": "20000",
                "Ngày đóng": "10/01/2026",
                "Hình thức đóng": "Tiền mặt",
            },
            {
                "Mã đảng viên": "M2",
                "Tháng đóng": "2026-01",
                "Số tiền (đồng)": "5000",
                "Ngày đóng": "12/01/2026",
                "Hình thức đóng": "Cổng Dịch vụ công Quốc gia",
                "Số chứng từ": "DVC-001",
            },
        ],
    )
    path = tmp_path / "mau-nhap.xlsx"
    workbook.save(path)

    # when
    result = import_bundle(path, actor=system_actor())

    # then: the Vietnamese words and days were read as the contract's codes and dates
    assert result.counts["meetings_created"] == 2
    assert result.counts["attendance_created"] == 3
    h1 = Meeting.objects.get(held_on=date(2024, 1, 5))
    assert (h1.kind, h1.organization.code) == ("regular", "X-C1")
    assert Meeting.objects.get(held_on=date(2024, 3, 20)).kind == "thematic"
    assert sorted(
        Attendance.objects.values_list("member__member_key", "held_on", "status", "reason")
    ) == [
        ("M1", date(2024, 1, 5), "present", ""),
        ("M2", date(2024, 1, 5), "excused", "Ốm"),
        ("M2", date(2024, 3, 20), "unexcused", ""),
    ]
    assert sorted(
        AssessmentResult.objects.values_list("subject", "level", "decided_on", "score")
    ) == [
        ("member", "good", date(2021, 12, 20), 80),
        ("organization", "excellent", date(2021, 12, 25), None),
    ]
    decision = DisciplineDecision.objects.get()
    assert (decision.form, decision.decided_on) == ("reprimand", date(2023, 2, 1))
    basis = FeeBasis.objects.get()
    assert (basis.kind, basis.amount, basis.valid_from) == ("pension", 4000000, date(2026, 1, 1))
    assert sorted(
        FeePayment.objects.values_list(
            "member__member_key", "month", "paid_on", "channel", "reference"
        )
    ) == [
        ("M1", date(2026, 1, 1), date(2026, 1, 10), "cash", ""),
        ("M2", date(2026, 1, 1), date(2026, 1, 12), "portal", "DVC-001"),
    ]

    # and the same data in the contract's names and codes is the same data: nothing changes
    again = import_bundle(_contract_form(tmp_path / "csv"), actor=system_actor())
    assert again.counts["meetings_created"] == 0
    assert again.counts["meetings_unchanged"] == 2
    assert again.counts["attendance_unchanged"] == 3
    assert (Attendance.objects.count(), AssessmentResult.objects.count()) == (3, 2)
    assert (DisciplineDecision.objects.count(), FeePayment.objects.count()) == (1, 2)


def _contract_form(folder: Path) -> Path:
    """The data of the filled template as the contract writes it (English files, columns and
    codes, ISO dates)."""
    return c.write_bundle(
        folder,
        {
            "organizations.csv": [
                ["code", "name", "kind", "sector", "parent_code", "established_on"],
                ["X", "Đảng bộ xã Mỹ An", "grassroots_committee", "commune", "", "2000-01-01"],
                ["X-C1", "Chi bộ ấp 1", "cell", "residential", "X", "2000-01-01"],
            ],
            "members.csv": [
                [
                    "member_id",
                    "full_name",
                    "sex",
                    "birth_date",
                    "organization_code",
                    "decision_on",
                    "admitted_on",
                    "official_on",
                ],
                [
                    "M1",
                    "Nguyễn Văn An",
                    "M",
                    "1980-01-01",
                    "X-C1",
                    "2010-01-10",
                    "2010-02-01",
                    "2011-02-01",
                ],
                [
                    "M2",
                    "Trần Thị Bình",
                    "F",
                    "1980-01-01",
                    "X-C1",
                    "2010-01-10",
                    "2010-02-01",
                    "2011-02-01",
                ],
            ],
            "meetings.csv": [
                ["meeting_id", "organization_code", "kind", "held_on", "topic"],
                ["H1", "X-C1", "regular", "2024-01-05", "Sinh hoạt tháng 1"],
                ["H2", "X-C1", "thematic", "2024-03-20", ""],
            ],
            "attendance.csv": [
                ["meeting_id", "member_id", "status", "reason"],
                ["H1", "M1", "present", ""],
                ["H1", "M2", "excused", "Ốm"],
                ["H2", "M2", "unexcused", ""],
            ],
            "assessments.csv": [
                ["year", "subject", "code", "level", "score", "decided_on", "decided_by_code"],
                ["2021", "member", "M1", "good", "80", "2021-12-20", "X"],
                ["2021", "organization", "X-C1", "excellent", "", "2021-12-25", "X"],
            ],
            "discipline.csv": [
                [
                    "case_id",
                    "subject",
                    "code",
                    "form",
                    "decided_on",
                    "decided_by_code",
                    "decision_number",
                ],
                ["K1", "member", "M2", "reprimand", "2023-02-01", "X-C1", "01-QĐ/CB"],
            ],
            "fee_bases.csv": [
                ["member_id", "month", "kind", "amount", "voluntary_amount"],
                ["M1", "2026-01", "pension", "4000000", ""],
            ],
            "fee_payments.csv": [
                ["member_id", "month", "amount", "paid_on", "channel", "reference"],
                ["M1", "2026-01", "20000", "2026-01-10", "cash", ""],
                ["M2", "2026-01", "5000", "2026-01-12", "portal", "DVC-001"],
            ],
        },
    )
