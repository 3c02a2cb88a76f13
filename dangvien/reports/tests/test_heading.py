"""The header of the party's documents: the number once, the place a place name (issue 18 §4)."""

from datetime import date

import pytest

from dangvien.reports.documents import Heading
from dangvien.reports.narrative import date_line, issuer


@pytest.mark.parametrize(
    ("_case", "number", "expected"),
    [
        ("full symbol entered", "25-BC/ĐU", "Số 25-BC/ĐU"),
        ("with the word Số", "Số 25-BC/ĐU", "Số 25-BC/ĐU"),
        ("bare number", "25", "Số 25-BC/ĐU"),
    ],
)
def test_the_report_number_is_not_doubled(_case, number, expected):
    heading = Heading("Đảng bộ xã Mỹ An", "Đảng bộ tỉnh Đồng Tháp", date(2025, 12, 31), "t", number)
    assert heading.number_line == expected


def test_a_cell_dates_its_documents_at_the_place_of_its_commune():
    labels = issuer("Chi bộ ấp Mỹ Phước", "Đảng bộ xã Mỹ An")
    assert labels["place"] == "Mỹ An"
    assert date_line(labels["place"], date(2025, 12, 31)) == "Mỹ An, ngày 31 tháng 12 năm 2025"


def test_a_commune_dates_at_its_own_name_and_an_agency_cell_without_a_place():
    assert issuer("Đảng bộ xã Mỹ An (cũ)", "Đảng bộ tỉnh Đồng Tháp")["place"] == "Mỹ An"
    labels = issuer("Chi bộ Trường THCS Mỹ Hòa", "Chi bộ Trường THCS")
    assert labels["place"] == ""
    assert date_line("", date(2025, 12, 31)) == "Ngày 31 tháng 12 năm 2025"


@pytest.mark.django_db
def test_the_statistics_docx_is_a4_in_times_new_roman(org_tree):
    """It was US Letter in Calibri (issue 18 §4)."""
    import io

    from docx import Document
    from docx.shared import Cm

    from dangvien.statistics.documents import statistics_docx
    from dangvien.statistics.selectors import statistics_for

    document = Document(
        io.BytesIO(statistics_docx(statistics_for(org_tree.commune, date(2025, 12, 31))))
    )
    section = document.sections[0]
    assert abs(section.page_width - Cm(21)) < Cm(0.1)
    assert abs(section.page_height - Cm(29.7)) < Cm(0.1)
    assert document.styles["Normal"].font.name == "Times New Roman"
