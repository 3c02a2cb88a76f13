"""The report as DOCX (the party's document format), XLSX (statistical forms) and PDF.

All three are rendered from the same ``figures`` (``selectors.report_figures``), so the frozen
figures of an approved report always give the same documents.
"""

from __future__ import annotations

import io
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

from dangvien.core.documents import party_document
from dangvien.core.formatting import vn_date, vn_decimal, vn_int
from dangvien.reports.narrative import (
    ALL_SECTOR_LABELS,
    EXIT_LABELS,
    KIND_LABELS,
    THEORY_LABELS,
    date_line,
    issuer,
    period_title,
    report_paragraphs,
)
from dangvien.statistics.sections import statistics_sections

FONT_DIR = Path(__file__).resolve().parent / "static" / "reports" / "fonts"


@dataclass
class Heading:
    """What the header and title of a document say."""

    organization: str
    parent: str | None
    on: date
    title: str
    number: str = ""
    labels: dict[str, str] = field(default_factory=dict)

    def __post_init__(self) -> None:
        self.labels = issuer(self.organization, self.parent)

    @property
    def number_line(self) -> str:
        """ "Số 25-BC/ĐU": the number as entered when it already carries its symbol (a "/"),
        else the number followed by the issuer's symbol; blanks to fill in by hand when none."""
        number = self.number.strip()
        if number.startswith("Số "):
            number = number[3:].strip()
        if "/" in number:
            return f"Số {number}"
        return f"Số {number or '      '}{self.labels['suffix']}"


def heading_for(
    figures: dict[str, Any],
    *,
    parent: str | None,
    kind: str = "",
    period_from: date | None = None,
    number: str = "",
) -> Heading:
    on = date.fromisoformat(figures["as_of"])
    subject = period_title(kind, period_from or on, on) if kind else f"đến ngày {vn_date(on)}"
    return Heading(
        organization=figures["organization"]["name"],
        parent=parent,
        on=on,
        title=f"Tình hình tổ chức đảng và đảng viên {subject}",
        number=number,
    )


def _num(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, float):
        return vn_decimal(value)
    if isinstance(value, int):
        return vn_int(value)
    return str(value)


def report_tables(figures: dict[str, Any]) -> list[tuple[str, list[str], list[list[Any]]]]:
    """(title, header, rows) of the tables shared by the three formats; numbers stay numbers."""
    m = figures["members"]
    b = figures["breakdowns"]
    g = figures["grassroots"]
    total = m["total"]
    members_rows: list[list[Any]] = [
        ["Tổng số đảng viên", total],
        ["Đảng viên chính thức", m["official"]],
        ["Đảng viên dự bị", m["probationary"]],
        ["Đảng viên nữ", m["female"]],
        ["Đảng viên dân tộc thiểu số", b["ethnic_minority"]],
        ["Đảng viên có đạo", b["with_religion"]],
        ["Miễn công tác và sinh hoạt đảng", m["exempted"]],
        ["Sinh hoạt tạm thời nơi khác", m["temporarily_away"]],
    ]
    if figures.get("members_per_population_percent") is not None:
        members_rows.append(
            ["Tỷ lệ đảng viên so với dân số (%)", figures["members_per_population_percent"]]
        )
    orgs_rows: list[list[Any]] = [
        [f"Loại hình: {ALL_SECTOR_LABELS.get(k, k)}", v] for k, v in g["by_sector"].items()
    ]
    orgs_rows = [
        ["Tổ chức cơ sở đảng", g["total"]],
        ["  Đảng bộ cơ sở", g["committees"]],
        ["  Chi bộ cơ sở", g["cells"]],
        *[["  " + r[0], r[1]] for r in orgs_rows],
        ["Đảng bộ bộ phận", figures["sub_committees"]],
        ["Chi bộ trực thuộc đảng bộ cơ sở", figures["cells"]],
    ]
    ages = [[band["label"], band["male"], band["female"], band["total"]] for band in b["age_bands"]]
    theory = [
        [THEORY_LABELS.get(r["value"], r["value"]), r["count"]] for r in b["political_theory"]
    ]
    mv = figures["movement"]
    movement_rows: list[list[Any]] = [
        ["Kết nạp mới", mv["admitted"]],
        ["Kết nạp lại", mv["readmitted"]],
        *[[EXIT_LABELS[k], v] for k, v in mv["exits"].items()],
    ]
    drill = figures.get("drilldown") or {}
    drill_rows: list[list[Any]] = [
        [r["name"], r["total"], r["official"], r["probationary"], r["female"]]
        for r in drill.get("rows", [])
    ]
    if drill.get("direct"):
        d = drill["direct"]
        drill_rows.append(
            ["Sinh hoạt trực tiếp", d["total"], d["official"], d["probationary"], d["female"]]
        )
    if drill.get("total"):
        t = drill["total"]
        drill_rows.append(["Tổng cộng", t["total"], t["official"], t["probationary"], t["female"]])
    tables = [
        ("Tổ chức đảng", ["Chỉ tiêu", "Số lượng"], orgs_rows),
        ("Đảng viên", ["Chỉ tiêu", "Số lượng"], members_rows),
        ("Đảng viên theo độ tuổi", ["Độ tuổi", "Nam", "Nữ", "Cộng"], ages),
        ("Trình độ lý luận chính trị", ["Trình độ", "Số lượng"], theory),
        (
            f"Biến động đảng viên từ {vn_date(date.fromisoformat(mv['from']))} "
            f"đến {vn_date(date.fromisoformat(mv['to']))}",
            ["Nội dung", "Số lượng"],
            movement_rows,
        ),
    ]
    if drill_rows:
        tables.append(
            (
                "Đảng viên theo tổ chức trực thuộc",
                ["Tổ chức", "Tổng số", "Chính thức", "Dự bị", "Nữ"],
                drill_rows,
            )
        )
    # the tables of the keys other apps add (meetings, assessment, discipline, fees …)
    for key, section in statistics_sections.items():
        if section.tables is not None and figures.get(key) is not None:
            tables.extend(section.tables(figures[key]))
    return tables


# --- DOCX ---------------------------------------------------------------------------------


def report_docx(figures: dict[str, Any], heading: Heading) -> bytes:
    """The report in the party's document format (header, place and date, title, body,
    tables, "Nơi nhận" and the signature block)."""
    from docx.enum.text import WD_ALIGN_PARAGRAPH
    from docx.shared import Cm, Pt

    document = party_document()
    labels = heading.labels
    center = WD_ALIGN_PARAGRAPH.CENTER

    header = document.add_table(rows=1, cols=2)
    left, right = header.rows[0].cells
    left.width, right.width = Cm(7.5), Cm(8.5)
    lines = [(labels["above"], False)] if labels["above"] else []
    lines += [(labels["body"], True), ("*", False), (heading.number_line, False)]
    left.paragraphs[0].text = ""
    for index, (text, bold) in enumerate(lines):
        paragraph = left.paragraphs[0] if index == 0 else left.add_paragraph()
        paragraph.alignment = center
        run = paragraph.add_run(text)
        run.bold = bold
        run.font.size = Pt(13 if bold or index == 0 else 12)
    party = right.paragraphs[0]
    party.alignment = center
    run = party.add_run("ĐẢNG CỘNG SẢN VIỆT NAM")
    run.bold = True
    run.underline = True
    right.add_paragraph()
    place = right.add_paragraph()
    place.alignment = center
    run = place.add_run(date_line(labels["place"], heading.on))
    run.italic = True

    document.add_paragraph()
    title = document.add_paragraph()
    title.alignment = center
    title.add_run("BÁO CÁO").bold = True
    subtitle = document.add_paragraph()
    subtitle.alignment = center
    subtitle.add_run(heading.title).bold = True
    document.add_paragraph("-----").alignment = center

    for head, text in report_paragraphs(figures):
        if head:
            document.add_paragraph().add_run(head).bold = True
        paragraph = document.add_paragraph(text)
        paragraph.paragraph_format.first_line_indent = Cm(1)
        paragraph.alignment = WD_ALIGN_PARAGRAPH.JUSTIFY

    document.add_paragraph().add_run("PHỤ LỤC SỐ LIỆU").bold = True
    for caption, head_row, rows in report_tables(figures):
        document.add_paragraph().add_run(caption).italic = True
        table = document.add_table(rows=1, cols=len(head_row))
        table.style = "Table Grid"
        for cell, text in zip(table.rows[0].cells, head_row, strict=True):
            cell.text = ""
            cell.paragraphs[0].add_run(text).bold = True
        for row in rows:
            cells = table.add_row().cells
            for index, (cell, value) in enumerate(zip(cells, row, strict=True)):
                cell.text = str(value).strip() if index == 0 else _num(value)
                if index:
                    cell.paragraphs[0].alignment = WD_ALIGN_PARAGRAPH.RIGHT

    document.add_paragraph()
    sign = document.add_table(rows=1, cols=2)
    recipients, signature = sign.rows[0].cells
    recipients.paragraphs[0].add_run("Nơi nhận:").italic = True
    for text in (
        "- Cấp ủy cấp trên (báo cáo),",
        "- Các chi, đảng bộ trực thuộc,",
        "- Lưu Văn phòng.",
    ):
        recipients.add_paragraph(text).runs[0].font.size = Pt(11)
    signature.paragraphs[0].alignment = center
    signature.paragraphs[0].add_run(labels["signer"]).bold = True
    secretary = signature.add_paragraph()
    secretary.alignment = center
    secretary.add_run("BÍ THƯ").bold = True
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


# --- XLSX ---------------------------------------------------------------------------------


def report_xlsx(figures: dict[str, Any], heading: Heading) -> bytes:
    """Statistical tables in the layout of the basic forms: one sheet per form, a header with
    the reporting body on the left and the form number on the right, numbered columns."""
    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Border, Font, Side
    from openpyxl.utils import get_column_letter

    from dangvien.core.spreadsheets import safe_cell

    thin = Side(style="thin")
    box = Border(left=thin, right=thin, top=thin, bottom=thin)
    workbook = Workbook()
    workbook.remove(workbook.active)
    on = heading.on

    def sheet(
        title: str, form: str, caption: str, header: list[str], rows: list[list[Any]]
    ) -> None:
        ws = workbook.create_sheet(title)
        width = len(header)
        last = get_column_letter(max(width, 3))
        ws["A1"] = safe_cell(heading.labels["body"])
        ws["A1"].font = Font(bold=True)
        ws[f"{last}1"] = safe_cell(form)
        ws[f"{last}1"].font = Font(italic=True)
        ws[f"{last}1"].alignment = Alignment(horizontal="right")
        ws["A2"] = safe_cell(heading.number_line)
        ws.merge_cells(f"A3:{last}3")
        ws["A3"] = safe_cell(caption.upper())
        ws["A3"].font = Font(bold=True, size=13)
        ws["A3"].alignment = Alignment(horizontal="center")
        ws.merge_cells(f"A4:{last}4")
        ws["A4"] = f"(Tại ngày {vn_date(on)})"
        ws["A4"].alignment = Alignment(horizontal="center")
        ws.append([])
        ws.append([safe_cell(v) for v in ("STT", *header)])
        ws.append([f"({i})" for i in range(1, width + 2)])
        for row_cells in ws.iter_rows(min_row=6, max_row=7, max_col=width + 1):
            for cell in row_cells:
                cell.font = Font(bold=True) if cell.row == 6 else Font(italic=True)
                cell.alignment = Alignment(horizontal="center", vertical="center", wrap_text=True)
                cell.border = box
        for index, row in enumerate(rows, start=1):
            # names of organizations are text, never a live formula
            ws.append([safe_cell(v) for v in (index, *row)])
            for cell in ws[ws.max_row][: width + 1]:
                cell.border = box
                if isinstance(cell.value, float):
                    cell.number_format = "0.00"
                elif isinstance(cell.value, int) and cell.column > 1:
                    cell.number_format = "#,##0"
        ws.column_dimensions["A"].width = 6
        ws.column_dimensions["B"].width = 44
        for col in range(3, width + 2):
            ws.column_dimensions[get_column_letter(col)].width = 14
        ws.append([])
        ws.append(["", "", safe_cell(date_line(heading.labels["place"], on))])
        ws.append(["", "", safe_cell(heading.labels["signer"])])

    g = figures["grassroots"]
    sectors = sorted(set(g["by_sector"]))
    org_rows: list[list[Any]] = [[ALL_SECTOR_LABELS.get(s, s), g["by_sector"][s]] for s in sectors]
    org_rows = [
        ["Tổ chức cơ sở đảng", g["total"]],
        ["Trong đó: đảng bộ cơ sở", g["committees"]],
        ["Trong đó: chi bộ cơ sở", g["cells"]],
        *org_rows,
        ["Đảng bộ bộ phận", figures["sub_committees"]],
        ["Chi bộ trực thuộc đảng bộ cơ sở", figures["cells"]],
        ["Tổ chức đảng chưa có bí thư", figures["organizations_without_secretary"]],
    ]
    sheet(
        "01-TCĐ",
        "Biểu số 01-TCĐ",
        "Tổ chức đảng theo loại hình",
        ["Loại hình", "Số lượng"],
        org_rows,
    )

    m, b = figures["members"], figures["breakdowns"]
    member_rows: list[list[Any]] = [
        ["Tổng số đảng viên", m["total"]],
        ["Chính thức", m["official"]],
        ["Dự bị", m["probationary"]],
        ["Nam", m["total"] - m["female"]],
        ["Nữ", m["female"]],
        ["Miễn công tác và sinh hoạt đảng", m["exempted"]],
        ["Sinh hoạt tạm thời nơi khác", m["temporarily_away"]],
    ]
    member_rows += [[f"Tuổi {band['label']}", band["total"]] for band in b["age_bands"]]
    member_rows += [["Dân tộc thiểu số", b["ethnic_minority"]], ["Có đạo", b["with_religion"]]]
    sheet(
        "02-ĐV",
        "Biểu số 02-ĐV",
        "Đảng viên theo tình trạng, giới tính, độ tuổi",
        ["Chỉ tiêu", "Số lượng"],
        member_rows,
    )
    sheet(
        "03-ĐV",
        "Biểu số 03-ĐV",
        "Đảng viên theo độ tuổi và giới tính",
        ["Độ tuổi", "Nam", "Nữ", "Cộng"],
        [[band["label"], band["male"], band["female"], band["total"]] for band in b["age_bands"]],
    )
    composition: list[list[Any]] = []
    for label, key in (
        ("Dân tộc", "ethnicity"),
        ("Tôn giáo", "religion"),
        ("Trình độ học vấn", "education"),
    ):
        composition += [
            [f"{label}: {row['value'] or 'Không / chưa rõ'}", row["count"]] for row in b[key]
        ]
    composition += [
        [f"Lý luận chính trị: {THEORY_LABELS.get(r['value'], r['value'])}", r["count"]]
        for r in b["political_theory"]
    ]
    sheet(
        "04-ĐV",
        "Biểu số 04-ĐV",
        "Đảng viên theo dân tộc, tôn giáo, trình độ",
        ["Chỉ tiêu", "Số lượng"],
        composition,
    )
    mv = figures["movement"]
    sheet(
        "05-BĐ",
        "Biểu số 05-BĐ",
        f"Kết nạp và giảm đảng viên từ {vn_date(date.fromisoformat(mv['from']))} đến {vn_date(date.fromisoformat(mv['to']))}",
        ["Nội dung", "Số lượng"],
        [
            ["Kết nạp mới", mv["admitted"]],
            ["Kết nạp lại", mv["readmitted"]],
            *[[f"Giảm: {EXIT_LABELS[k]}", v] for k, v in mv["exits"].items()],
            ["Tổng số giảm", mv["exits_total"]],
        ],
    )
    drill = figures.get("drilldown") or {}
    if drill.get("rows"):
        rows = [
            [
                r["name"],
                KIND_LABELS.get(r["kind"], r["kind"]),
                r["organizations"],
                r["total"],
                r["official"],
                r["probationary"],
                r["female"],
            ]
            for r in drill["rows"]
        ]
        if drill.get("direct"):
            d = drill["direct"]
            rows.append(
                [
                    "Sinh hoạt trực tiếp",
                    "",
                    0,
                    d["total"],
                    d["official"],
                    d["probationary"],
                    d["female"],
                ]
            )
        t = drill["total"]
        rows.append(
            [
                "Tổng cộng",
                "",
                t["organizations"],
                t["total"],
                t["official"],
                t["probationary"],
                t["female"],
            ]
        )
        sheet(
            "06-TH",
            "Biểu số 06-TH",
            "Tổng hợp theo tổ chức đảng trực thuộc",
            ["Tổ chức đảng", "Loại", "Số tổ chức", "Đảng viên", "Chính thức", "Dự bị", "Nữ"],
            rows,
        )
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


# --- PDF ----------------------------------------------------------------------------------


def report_pdf(figures: dict[str, Any], heading: Heading) -> bytes:
    """The report as PDF (fpdf2 with the DejaVu fonts shipped in ``static/reports/fonts``)."""
    from fpdf import FPDF
    from fpdf.enums import XPos, YPos

    pdf = FPDF(format="A4")
    pdf.set_margins(25, 18, 18)
    pdf.set_auto_page_break(True, margin=18)
    pdf.add_font("DejaVu", "", str(FONT_DIR / "DejaVuSans.ttf"))
    pdf.add_font("DejaVu", "B", str(FONT_DIR / "DejaVuSans-Bold.ttf"))
    pdf.add_font("DejaVu", "I", str(FONT_DIR / "DejaVuSans-Oblique.ttf"))
    pdf.set_title(f"Báo cáo {heading.title}")
    pdf.add_page()
    labels = heading.labels
    left_w, right_w = 70.0, pdf.epw - 70.0
    top = pdf.get_y()
    lines = [(labels["above"], "")] if labels["above"] else []
    lines += [(labels["body"], "B"), ("*", ""), (heading.number_line, "")]
    for text, style in lines:
        pdf.set_font("DejaVu", style, 9.5)
        pdf.set_x(pdf.l_margin)
        pdf.multi_cell(left_w, 5, text, align="C", new_x=XPos.LMARGIN, new_y=YPos.NEXT)
    bottom = pdf.get_y()
    pdf.set_xy(pdf.l_margin + left_w, top)
    pdf.set_font("DejaVu", "BU", 10.5)
    pdf.cell(right_w, 5, "ĐẢNG CỘNG SẢN VIỆT NAM", align="C", new_x=XPos.LEFT, new_y=YPos.NEXT)
    pdf.ln(4)
    pdf.set_x(pdf.l_margin + left_w)
    pdf.set_font("DejaVu", "I", 10)
    pdf.cell(right_w, 5, date_line(labels["place"], heading.on), align="C")
    pdf.set_y(max(bottom, pdf.get_y()) + 8)
    pdf.set_font("DejaVu", "B", 13)
    pdf.cell(0, 7, "BÁO CÁO", align="C", new_x=XPos.LMARGIN, new_y=YPos.NEXT)
    pdf.set_font("DejaVu", "B", 11)
    pdf.multi_cell(0, 6, heading.title, align="C", new_x=XPos.LMARGIN, new_y=YPos.NEXT)
    pdf.cell(0, 5, "-----", align="C", new_x=XPos.LMARGIN, new_y=YPos.NEXT)
    pdf.ln(3)
    for head, text in report_paragraphs(figures):
        if head:
            pdf.set_font("DejaVu", "B", 10.5)
            pdf.multi_cell(0, 6, head, new_x=XPos.LMARGIN, new_y=YPos.NEXT)
        pdf.set_font("DejaVu", "", 10.5)
        pdf.multi_cell(0, 5.6, "      " + text, align="J", new_x=XPos.LMARGIN, new_y=YPos.NEXT)
        pdf.ln(1.5)
    pdf.set_font("DejaVu", "B", 10.5)
    pdf.cell(0, 7, "PHỤ LỤC SỐ LIỆU", new_x=XPos.LMARGIN, new_y=YPos.NEXT)
    for caption, head_row, rows in report_tables(figures):
        pdf.set_font("DejaVu", "I", 9.5)
        pdf.cell(0, 6, caption, new_x=XPos.LMARGIN, new_y=YPos.NEXT)
        first = pdf.epw - 22 * (len(head_row) - 1)
        widths = (first, *([22.0] * (len(head_row) - 1)))
        pdf.set_font("DejaVu", "", 9)
        with pdf.table(
            col_widths=widths,
            text_align=("LEFT", *["RIGHT"] * (len(head_row) - 1)),
            line_height=5.2,
        ) as table:
            header = table.row()
            for text in head_row:
                header.cell(text)
            for row in rows:
                cells = table.row()
                for index, value in enumerate(row):
                    cells.cell(str(value).strip() if index == 0 else _num(value))
        pdf.ln(2)
    pdf.ln(4)
    y = pdf.get_y()
    if y > pdf.h - 50:
        pdf.add_page()
        y = pdf.get_y()
    pdf.set_font("DejaVu", "I", 9.5)
    pdf.cell(left_w, 5, "Nơi nhận:", new_x=XPos.LMARGIN, new_y=YPos.NEXT)
    pdf.set_font("DejaVu", "", 8.5)
    for text in (
        "- Cấp ủy cấp trên (báo cáo),",
        "- Các chi, đảng bộ trực thuộc,",
        "- Lưu Văn phòng.",
    ):
        pdf.cell(left_w, 4.5, text, new_x=XPos.LMARGIN, new_y=YPos.NEXT)
    pdf.set_xy(pdf.l_margin + left_w, y)
    pdf.set_font("DejaVu", "B", 10.5)
    pdf.cell(right_w, 6, labels["signer"], align="C", new_x=XPos.LEFT, new_y=YPos.NEXT)
    pdf.set_x(pdf.l_margin + left_w)
    pdf.cell(right_w, 6, "BÍ THƯ", align="C")
    return bytes(pdf.output())


RENDERERS = {"docx": report_docx, "xlsx": report_xlsx, "pdf": report_pdf}
CONTENT_TYPES = {
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "pdf": "application/pdf",
}


def render(fmt: str, figures: dict[str, Any], heading: Heading) -> bytes:
    return RENDERERS[fmt](figures, heading)


def statistics_document(stats: dict[str, Any], fmt: str) -> bytes:
    """Entry point for ``dangvien stats --format docx|xlsx`` (richer renderings of the same
    root and date): recomputes the breakdowns for the organization in ``stats`` (combined,
    when ``stats`` are the combined figures of its predecessors)."""
    from dangvien.organizations.models import Organization
    from dangvien.reports.selectors import combined_report_figures, parent_name, report_figures

    root = Organization.objects.get(code=stats["organization"]["code"])
    on = date.fromisoformat(stats["as_of"])
    # before a founding by a merge (``--combined``): the predecessors' figures added up
    figures = (
        combined_report_figures(root, on) if "combined_from" in stats else report_figures(root, on)
    )
    return render(fmt, figures, heading_for(figures, parent=parent_name(root, on)))
