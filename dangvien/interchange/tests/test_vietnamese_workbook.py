"""Issue 18 item 2: the import reads a workbook as officers keep it (Vietnamese sheet names,
headers and values, dates written 30/04/2022) as well as the contract's English form, and
reports every problem of every file in one pass, in Vietnamese, under the names the file used.
"""

from __future__ import annotations

import io
from datetime import date
from pathlib import Path

import pytest
from django.utils import translation
from openpyxl import Workbook, load_workbook

from dangvien.interchange.importer import ImportFailed, import_bundle
from dangvien.interchange.tests import corpus as c
from dangvien.interchange.vietnamese import TABLES, iso_day, words_of
from dangvien.interchange.workbook_template import template_xlsx
from dangvien.members.models import Member
from dangvien.organizations.models import OrganizationVersion
from dangvien.users.services import system_actor

pytestmark = pytest.mark.django_db


def _vietnamese(file: str, column: str, value: str) -> str:
    """``value`` as an officer would write it: dd/mm/yyyy, Nam/Nữ, the Vietnamese kind …"""
    words = TABLES[file]
    if column in words.dates and value.count("-") == 2:
        year, month, day = value.split("-")
        return f"{day}/{month}/{year}"
    for word, code in words.values.get(column, {}).items():
        if code == value:
            return word
    return value


def _workbook(path: Path, files: c.Files) -> Path:
    """The bundle ``files`` as an XLSX workbook in Vietnamese: sheets, headers and values."""
    workbook = Workbook()
    workbook.remove(workbook.active)
    for file, rows in files.items():
        words = TABLES[file]
        sheet = workbook.create_sheet(words.names[0])
        header = rows[0]
        sheet.append([words.header(column) for column in header])
        for row in rows[1:]:
            sheet.append([_vietnamese(file, col, v) for col, v in zip(header, row, strict=True)])
    workbook.save(path)
    return path


def test_a_day_written_day_first_reads_as_iso():
    assert iso_day("30/04/2022") == "2022-04-30"
    assert iso_day("3/4/2022") == "2022-04-03"
    assert iso_day("30.04.2022") == "2022-04-30"
    assert iso_day("2022-04-30") == "2022-04-30"
    assert iso_day("April 30") == "April 30"  # left to the section to refuse


def test_a_workbook_with_vietnamese_headers_and_values_imports_as_the_english_csv(tmp_path):
    files = c.base()
    path = _workbook(tmp_path / "dang-vien.xlsx", files)
    # the workbook really is in Vietnamese
    sheet = load_workbook(path)["Đảng viên"]
    header = [cell.value for cell in sheet[1]]
    assert {"Họ và tên", "Ngày sinh", "Giới tính", "Dân tộc", "Ngày vào Đảng"} <= set(header)
    assert {"Số CCCD", "Ngày chính thức"} <= set(header)
    first = [cell.value for cell in sheet[2]]
    assert "Nam" in first and "01/01/1970" in first

    result = import_bundle(path, actor=system_actor())

    assert result.members_created == 6
    an = Member.objects.get(member_key="M1")
    assert (an.sex, an.birth_date, an.national_id) == ("M", date(1970, 1, 1), "012345678901")
    assert an.political_theory == "intermediate"
    assert Member.objects.get(member_key="M2").sex == "F"
    state = OrganizationVersion.objects.filter(organization__code="Y").get()
    assert (state.kind, state.sector) == ("grassroots_cell", "agency")
    # the same bundle in the contract's English CSV form is already there: nothing changes
    again = import_bundle(c.write_bundle(tmp_path / "csv", c.base()), actor=system_actor())
    assert again.members_created == 0 and again.members_unchanged == 6


def test_vietnamese_headers_in_a_csv_bundle_with_vietnamese_file_names(tmp_path):
    files = c.base()
    folder = tmp_path / "bundle"
    folder.mkdir()
    for file, rows in files.items():
        words = TABLES[file]
        header = rows[0]
        translated = [[words.header(col) for col in header]] + [
            [_vietnamese(file, col, v) for col, v in zip(header, row, strict=True)]
            for row in rows[1:]
        ]
        name = "dang_vien.csv" if file == "members.csv" else file
        (folder / name).write_bytes(c.csv_bytes(translated))

    result = import_bundle(folder, actor=system_actor())

    assert result.members_created == 6
    assert Member.objects.get(member_key="M6").birth_date == date(2000, 11, 12)


def test_problems_of_two_files_are_reported_in_one_pass_in_vietnamese(tmp_path):
    files = c.base()
    files["organizations.csv"][3][3] = "galaxy"  # sector of X
    files["members.csv"][2][3] = "31/02/1970"  # birth date of M1: no such day
    files["committee_members.csv"][1][2] = "chairman"  # post
    path = _workbook(tmp_path / "loi.xlsx", files)

    with translation.override("vi"), pytest.raises(ImportFailed) as failure:
        import_bundle(path, actor=system_actor())

    places = {(p.file, p.line, p.column) for p in failure.value.problems}
    assert ("Tổ chức", 4, "Loại hình") in places
    assert ("Đảng viên", 3, "Ngày sinh") in places
    assert ("Cấp ủy", 2, "Chức vụ") in places
    birth = next(p for p in failure.value.problems if p.column == "Ngày sinh")
    assert "31/02/1970" in birth.message and "ngày" in birth.message.lower()
    assert not Member.objects.exists()


def test_a_missing_column_names_its_vietnamese_header(tmp_path):
    files = c.base()
    header = files["members.csv"][0]
    position = header.index("sex")
    for row in files["members.csv"]:
        del row[position]
    path = _workbook(tmp_path / "thieu-cot.xlsx", files)

    with translation.override("vi"), pytest.raises(ImportFailed) as failure:
        import_bundle(path, actor=system_actor())

    problem = failure.value.problems[0]
    assert problem.file == "Đảng viên"
    assert "Giới tính" in problem.message


def test_the_template_has_vietnamese_sheets_and_headers_and_a_filled_copy_imports(tmp_path):
    with translation.override("vi"):
        content = template_xlsx()
    workbook = load_workbook(io.BytesIO(content))
    assert {"Tổ chức", "Đảng viên", "Cấp ủy"} <= set(workbook.sheetnames)
    members = workbook["Đảng viên"]
    assert [cell.value for cell in members[1]][:4] == [
        "Mã đảng viên",
        "Họ và tên",
        "Giới tính",
        "Ngày sinh",
    ]
    organizations = workbook["Tổ chức"]
    organizations.append(["T", "Đảng bộ tỉnh Thử", "Đảng bộ tỉnh", "", "", "01/01/1990", ""])
    organizations.append(["T-C1", "Chi bộ Một", "Chi bộ cơ sở", "Cơ quan", "T", "02/01/1990", ""])
    header = [cell.value for cell in members[1]]
    row = dict.fromkeys(header, "")
    row.update(
        {
            "Mã đảng viên": "A1",
            "Họ và tên": "Lê Thị Hoa",
            "Giới tính": "Nữ",
            "Ngày sinh": "30/04/1980",
            "Dân tộc": "Kinh",
            "Mã chi bộ kết nạp": "T-C1",
            "Ngày vào Đảng": "01/06/2010",
            "Ngày chính thức": "01/06/2011",
        }
    )
    members.append([row[h] for h in header])
    path = tmp_path / "mau.xlsx"
    workbook.save(path)

    result = import_bundle(path, actor=system_actor())

    assert result.members_created == 1
    hoa = Member.objects.get(member_key="A1")
    assert (hoa.sex, hoa.birth_date) == ("F", date(1980, 4, 30))


def test_every_file_of_the_contract_has_vietnamese_words():
    from dangvien.interchange.sections import bundle_file

    for file, words in TABLES.items():
        assert words_of(file) is words
        columns = set(bundle_file(file).column_names)
        assert set(words.headers) <= columns, file
        assert words.dates <= columns, file
