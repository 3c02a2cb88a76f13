"""XLSX and DOCX renderings of a subtree's statistics (the figures of §3 with Vietnamese labels)."""

from __future__ import annotations

import io
from datetime import date
from typing import Any

from dangvien.core.documents import party_document
from dangvien.core.formatting import vn_date
from dangvien.statistics.narrative import statistics_text

SECTOR_LABELS = {
    "commune": "Xã",
    "ward": "Phường",
    "township": "Thị trấn",
    "special_zone": "Đặc khu",
    "agency": "Cơ quan",
    "public_service": "Đơn vị sự nghiệp",
    "state_enterprise": "Doanh nghiệp nhà nước",
    "non_state_enterprise": "Doanh nghiệp ngoài nhà nước",
    "army": "Quân đội",
    "police": "Công an",
    "other": "Khác",
}


def statistics_rows(stats: dict[str, Any]) -> list[tuple[str, Any]]:
    """(label, value) rows in reading order; percentages as numbers."""
    members = stats["members"]
    grassroots = stats["grassroots"]
    rows: list[tuple[str, Any]] = [
        ("Tổ chức đảng trực thuộc", stats["direct_subordinates"]["total"]),
        ("  trong đó: tổ chức cơ sở đảng", stats["direct_subordinates"]["grassroots"]),
        ("  đảng bộ cấp trên trực tiếp cơ sở", stats["direct_subordinates"]["upper_grassroots"]),
        ("Tổ chức cơ sở đảng", grassroots["total"]),
        ("  Đảng bộ cơ sở", grassroots["committees"]),
        ("  Chi bộ cơ sở", grassroots["cells"]),
    ]
    rows += [
        (f"  Loại hình: {SECTOR_LABELS.get(k, k)}", v) for k, v in grassroots["by_sector"].items()
    ]
    rows += [
        ("Đảng bộ bộ phận", stats["sub_committees"]),
        ("Chi bộ trực thuộc", stats["cells"]),
        ("Tổ chức đảng chưa có bí thư", stats["organizations_without_secretary"]),
        ("Tổng số đảng viên", members["total"]),
        ("  Đảng viên chính thức", members["official"]),
        ("  Đảng viên dự bị", members["probationary"]),
        ("  Đảng viên nữ", members["female"]),
        ("  Miễn công tác và sinh hoạt đảng", members["exempted"]),
        ("  Sinh hoạt tạm thời nơi khác", members["temporarily_away"]),
        ("Dân số", stats["population"]),
        ("Tỷ lệ đảng viên so với dân số (%)", stats["members_per_population_percent"]),
        (
            f"Kết nạp từ {vn_date(date.fromisoformat(stats['admissions']['from']))}",
            stats["admissions"]["count"],
        ),
    ]
    target = stats["admission_target"]
    if target is not None:
        rows += [
            ("Chỉ tiêu kết nạp", target["admissions"]),
            ("Đạt so với chỉ tiêu (%)", target["percent_achieved"]),
        ]
    return rows


def statistics_xlsx(stats: dict[str, Any]) -> bytes:
    from openpyxl import Workbook
    from openpyxl.styles import Font

    from dangvien.core.spreadsheets import safe_cell

    workbook = Workbook()
    sheet = workbook.active
    sheet.title = "Thống kê"
    # the organization's name is text, never a live formula
    sheet.append(
        [
            safe_cell(
                f"{stats['organization']['name']} — tại ngày "
                f"{vn_date(date.fromisoformat(stats['as_of']))}"
            )
        ]
    )
    sheet["A1"].font = Font(bold=True, size=13)
    sheet.append([])
    sheet.append(["Chỉ tiêu", "Số liệu"])
    for cell in sheet[3]:
        cell.font = Font(bold=True)
    for label, value in statistics_rows(stats):
        sheet.append([safe_cell(label), value])
        if isinstance(value, float):
            sheet.cell(row=sheet.max_row, column=2).number_format = "0.00"
        elif isinstance(value, int):
            sheet.cell(row=sheet.max_row, column=2).number_format = "#,##0"
    sheet.column_dimensions["A"].width = 48
    sheet.column_dimensions["B"].width = 16
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def statistics_docx(stats: dict[str, Any]) -> bytes:
    from docx.enum.text import WD_ALIGN_PARAGRAPH

    document = party_document()
    header = document.add_paragraph()
    header.alignment = WD_ALIGN_PARAGRAPH.RIGHT
    header.add_run("ĐẢNG CỘNG SẢN VIỆT NAM").bold = True
    title = document.add_paragraph()
    title.alignment = WD_ALIGN_PARAGRAPH.CENTER
    title.add_run(
        f"SỐ LIỆU TỔ CHỨC ĐẢNG VÀ ĐẢNG VIÊN\n{stats['organization']['name'].upper()}"
    ).bold = True
    document.add_paragraph(
        f"Tại ngày {vn_date(date.fromisoformat(stats['as_of']))}"
    ).alignment = WD_ALIGN_PARAGRAPH.CENTER
    document.add_paragraph(statistics_text(stats))
    table = document.add_table(rows=1, cols=2)
    table.style = "Table Grid"
    table.rows[0].cells[0].text, table.rows[0].cells[1].text = "Chỉ tiêu", "Số liệu"
    from dangvien.core.formatting import vn_decimal, vn_int

    for label, value in statistics_rows(stats):
        cells = table.add_row().cells
        cells[0].text = label.strip()
        cells[1].text = (
            ""
            if value is None
            else vn_decimal(value)
            if isinstance(value, float)
            else vn_int(value)
        )
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()
