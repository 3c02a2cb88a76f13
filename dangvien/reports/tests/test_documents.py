"""The DOCX, XLSX and PDF of the Tháp Mười report say what the statistics say."""

from __future__ import annotations

import io
from datetime import date

import pytest
from docx import Document
from openpyxl import load_workbook

from dangvien.organizations.models import Organization
from dangvien.reports.documents import heading_for, render, statistics_document
from dangvien.reports.selectors import parent_name, report_figures

pytestmark = pytest.mark.django_db
ON = date(2022, 4, 30)


@pytest.fixture
def figures(thap_muoi: Organization) -> dict:
    return report_figures(thap_muoi, ON)


def _heading(thap_muoi: Organization, figures: dict):
    return heading_for(figures, parent=parent_name(thap_muoi, ON), number="45")


def _docx_text(data: bytes) -> tuple[str, list]:
    document = Document(io.BytesIO(data))
    parts = [p.text for p in document.paragraphs]
    for table in document.tables:
        for row in table.rows:
            parts.extend(cell.text for cell in row.cells)
    return "\n".join(parts), document.tables


def test_docx_has_party_header_title_figures_and_signature(thap_muoi, figures):
    # when
    data = render("docx", figures, _heading(thap_muoi, figures))
    # then
    text, tables = _docx_text(data)
    header = tables[0].rows[0].cells
    assert "ĐẢNG BỘ TỈNH ĐỒNG THÁP" in header[0].text
    assert "HUYỆN ỦY THÁP MƯỜI" in header[0].text
    assert "Số 45-BC/HU" in header[0].text
    party_run = header[1].paragraphs[0].runs[0]
    assert party_run.text == "ĐẢNG CỘNG SẢN VIỆT NAM"
    assert party_run.underline and party_run.bold
    assert "Tháp Mười, ngày 30 tháng 4 năm 2022" in header[1].text
    assert "BÁO CÁO" in text
    assert "4.541 đảng viên" in text
    assert "3,45%" in text
    assert "126 đảng viên, đạt 22,1% so với kế hoạch" in text
    assert "226 chi bộ trực thuộc đảng bộ cơ sở" in text
    signature = tables[-1].rows[0].cells[1].text
    assert "T/M BAN THƯỜNG VỤ" in signature
    assert "BÍ THƯ" in signature


def test_docx_tables_match_the_statistics(thap_muoi, figures):
    data = render("docx", figures, _heading(thap_muoi, figures))
    _text, tables = _docx_text(data)
    rows = {row.cells[0].text: row.cells[1].text for table in tables[1:-1] for row in table.rows}
    assert rows["Tổng số đảng viên"] == "4.541"
    assert rows["Đảng viên dự bị"] == f"{figures['members']['probationary']}"
    assert rows["Tổ chức cơ sở đảng"] == "38"
    assert rows["Tổng cộng"] == "4.541"


def test_xlsx_forms_match_the_statistics(thap_muoi, figures):
    # when
    workbook = load_workbook(io.BytesIO(render("xlsx", figures, _heading(thap_muoi, figures))))
    # then
    assert workbook.sheetnames == ["01-TCĐ", "02-ĐV", "03-ĐV", "04-ĐV", "05-BĐ", "06-TH"]

    def values(sheet: str) -> dict:
        return {
            row[1]: row[2:]
            for row in workbook[sheet].iter_rows(min_row=8, values_only=True)
            if row[1]
        }

    assert workbook["02-ĐV"]["A1"].value == "HUYỆN ỦY THÁP MƯỜI"
    assert workbook["02-ĐV"]["C1"].value == "Biểu số 02-ĐV"
    members = values("02-ĐV")
    assert members["Tổng số đảng viên"][0] == 4541
    assert members["Nữ"][0] + members["Nam"][0] == 4541
    assert members["Chính thức"][0] + members["Dự bị"][0] == 4541
    ages = values("03-ĐV")
    assert sum(row[2] for row in ages.values()) == 4541
    organizations = values("01-TCĐ")
    assert organizations["Tổ chức cơ sở đảng"][0] == 38
    assert organizations["Chi bộ trực thuộc đảng bộ cơ sở"][0] == 226
    assert values("06-TH")["Tổng cộng"][2] == 4541
    movement = values("05-BĐ")
    assert movement["Kết nạp mới"][0] == figures["movement"]["admitted"]


def test_pdf_renders_to_a_non_empty_page_with_the_figures(thap_muoi, figures):
    import pypdfium2 as pdfium

    # when
    data = render("pdf", figures, _heading(thap_muoi, figures))
    # then
    assert data.startswith(b"%PDF")
    pdf = pdfium.PdfDocument(data)
    assert len(pdf) >= 1
    page = pdf[0]
    textpage = page.get_textpage()
    text = textpage.get_text_range()
    textpage.close()
    assert "ĐẢNG CỘNG SẢN VIỆT NAM" in text
    assert "4.541" in text
    image = page.render(scale=1).to_pil().convert("L")
    assert image.width > 500 and image.height > 700
    page.close()
    pdf.close()
    dark = sum(image.histogram()[:128])
    assert dark > 5000  # text was drawn


def test_stats_command_entry_point_gives_the_rich_documents(thap_muoi, figures):
    from dangvien.statistics.selectors import statistics_for

    stats = statistics_for(thap_muoi, ON)
    text, _tables = _docx_text(statistics_document(stats, "docx"))
    assert "4.541 đảng viên" in text
    workbook = load_workbook(io.BytesIO(statistics_document(stats, "xlsx")))
    assert "02-ĐV" in workbook.sheetnames
