"""The assessment's documents: the XLSX of an organization's year (the summary by level, the
members with each stage and the decided level, the organizations below); the forms of Hướng dẫn
43-HD/BTCTW pre-filled (DOCX: 2A/2B/2C for a member, 01 for an organization, in the party's
document layout); the XLSX of a round's results in the layout sent upward."""

from __future__ import annotations

from datetime import date
from io import BytesIO
from typing import Any

from django.utils.translation import gettext as _
from openpyxl import Workbook

from dangvien.assessment.choices import Level
from dangvien.assessment.selectors import FormData, YearPage
from dangvien.core.documents import party_document
from dangvien.core.formatting import vn_date
from dangvien.statistics.selectors import percent


def year_xlsx(page: YearPage, organization_name: str) -> bytes:
    workbook = Workbook()
    summary = workbook.active
    assert summary is not None
    summary.title = _("Summary")[:31]
    summary.append([_("Quality assessment %(year)s") % {"year": page.year}, organization_name])
    summary.append([_("Level"), _("Party members"), "%"])
    total = sum(page.members_by_level.values())
    for level in Level:
        count = page.members_by_level[level.value]
        summary.append([str(level.label), count, percent(count, total) if total else None])
    summary.append([_("Total"), total, None])
    members = workbook.create_sheet(_("Party members")[:31])
    members.append(
        [
            _("No."),
            _("Full name"),
            _("Cell"),
            _("Self-assessment"),
            _("Proposed"),
            _("Level"),
            _("Score"),
            _("Decided on"),
            _("Decided by"),
        ]
    )
    for number, line in enumerate(page.members, start=1):
        result = line.result
        members.append(
            [
                number,
                line.period.member.full_name,
                line.period.organization.code,
                line.self_assessment.get_level_display() if line.self_assessment else "",
                line.proposal.get_level_display() if line.proposal else "",
                result.get_level_display()
                if result
                else ("" if line.assessed else _("Exempted from activities: not assessed")),
                result.score if result else None,
                vn_date(result.decided_on) if result else "",
                result.decided_by.code if result else "",
            ]
        )
    organizations = workbook.create_sheet(_("Organizations directly below")[:31])
    organizations.append([_("Organization"), _("Level"), _("Decided on")])
    for item in page.organizations:
        organizations.append(
            [
                item.state.name,
                item.result.get_level_display() if item.result else "",
                vn_date(item.result.decided_on) if item.result else "",
            ]
        )
    out = BytesIO()
    workbook.save(out)
    return out.getvalue()


#
# The forms of Hướng dẫn 43-HD/BTCTW, pre-filled (DOCX), and the round's results (XLSX)
#

FORM_TITLES = {
    "2A": ("BẢN KIỂM ĐIỂM CÁ NHÂN", "(Dùng cho đảng viên giữ chức vụ lãnh đạo, quản lý)"),
    "2B": ("BẢN KIỂM ĐIỂM CÁ NHÂN", "(Dùng cho đảng viên làm việc trong hệ thống chính trị)"),
    "2C": (
        "BẢN KIỂM ĐIỂM ĐẢNG VIÊN",
        "(Dùng cho đảng viên không làm việc trong hệ thống chính trị)",
    ),
    "01": ("BÁO CÁO KIỂM ĐIỂM TẬP THỂ", "(Dùng cho tập thể tổ chức đảng)"),
}
MEMBER_SECTIONS = [
    "1. Ưu điểm, kết quả đạt được (về tư tưởng chính trị; phẩm chất đạo đức, lối sống; ý thức "
    "tổ chức kỷ luật; kết quả thực hiện chức trách, nhiệm vụ được giao):",
    "2. Hạn chế, khuyết điểm và nguyên nhân:",
    "3. Kết quả khắc phục những hạn chế, khuyết điểm đã được cấp có thẩm quyền kết luận hoặc "
    "được chỉ ra ở các kỳ kiểm điểm trước:",
    "4. Giải trình những vấn đề được gợi ý kiểm điểm (nếu có):",
    "5. Làm rõ trách nhiệm của cá nhân đối với những hạn chế, khuyết điểm của tập thể (nếu có):",
    "6. Phương hướng, biện pháp khắc phục hạn chế, khuyết điểm:",
]
ORGANIZATION_SECTIONS = [
    "1. Ưu điểm, kết quả đạt được trong thực hiện nhiệm vụ chính trị và công tác xây dựng Đảng:",
    "2. Hạn chế, khuyết điểm và nguyên nhân:",
    "3. Kết quả khắc phục những hạn chế, khuyết điểm đã được chỉ ra ở các kỳ kiểm điểm trước:",
    "4. Giải trình những vấn đề được gợi ý kiểm điểm (nếu có):",
    "5. Phương hướng, biện pháp khắc phục hạn chế, khuyết điểm:",
]
LEVEL_NAMES = {
    "excellent": "Hoàn thành xuất sắc nhiệm vụ",
    "good": "Hoàn thành tốt nhiệm vụ",
    "completed": "Hoàn thành nhiệm vụ",
    "not_completed": "Không hoàn thành nhiệm vụ",
}
DOTS = "." * 90


def _header(document: Any, data: FormData) -> None:
    """The party's two-column header: the superior and the organization (left), "ĐẢNG CỘNG SẢN
    VIỆT NAM" and the place and date left blank to write (right); then the form's number,
    title and year."""
    from docx.enum.text import WD_ALIGN_PARAGRAPH
    from docx.shared import Cm, Pt

    center = WD_ALIGN_PARAGRAPH.CENTER
    table = document.add_table(rows=1, cols=2)
    left, right = table.rows[0].cells
    left.width, right.width = Cm(7.5), Cm(8.5)
    lines = [(data.superior.upper(), False)] if data.superior else []
    lines += [(data.organization.upper(), True), ("*", False)]
    for index, (text, bold) in enumerate(lines):
        paragraph = left.paragraphs[0] if index == 0 else left.add_paragraph()
        paragraph.alignment = center
        run = paragraph.add_run(text)
        run.bold = bold
        run.font.size = Pt(12)
    party = right.paragraphs[0]
    party.alignment = center
    run = party.add_run("ĐẢNG CỘNG SẢN VIỆT NAM")
    run.bold = True
    run.underline = True
    place = right.add_paragraph()
    place.alignment = center
    place.add_run("…………, ngày …… tháng …… năm ……").italic = True
    form = document.add_paragraph()
    form.alignment = WD_ALIGN_PARAGRAPH.RIGHT
    form.add_run(f"Mẫu {data.form}").italic = True
    title, subtitle = FORM_TITLES[data.form]
    heading = document.add_paragraph()
    heading.alignment = center
    heading.add_run(title).bold = True
    below = document.add_paragraph()
    below.alignment = center
    below.add_run(f"Năm {data.year}").bold = True
    note = document.add_paragraph()
    note.alignment = center
    note.add_run(subtitle).italic = True
    document.add_paragraph("-----").alignment = center


def _fields(document: Any, data: FormData) -> None:
    for label, value in data.particulars:
        paragraph = document.add_paragraph()
        paragraph.add_run(f"{label}: ")
        paragraph.add_run(value or DOTS[:40]).bold = bool(value)


def _body(document: Any, sections: list[str], data: FormData) -> None:
    document.add_paragraph().add_run("I. KẾT QUẢ KIỂM ĐIỂM").bold = True
    own = data.self_assessment
    for index, heading in enumerate(sections):
        document.add_paragraph().add_run(heading).bold = True
        if index == 0 and own is not None and own.note:
            for line in own.note.splitlines():
                document.add_paragraph(line)
        else:
            document.add_paragraph(DOTS)
    document.add_paragraph().add_run("II. TỰ NHẬN MỨC XẾP LOẠI CHẤT LƯỢNG").bold = True
    if own is not None:
        score = f" — {own.score} điểm" if own.score is not None else ""
        document.add_paragraph(f"Tự nhận mức: {LEVEL_NAMES[own.level]}{score}.")
    else:
        document.add_paragraph("Tự chấm điểm: ……… /100 điểm.")
        for name in LEVEL_NAMES.values():
            document.add_paragraph(f"☐ {name}")


def _signature(document: Any, who: str, name: str) -> None:
    from docx.enum.text import WD_ALIGN_PARAGRAPH

    document.add_paragraph()
    table = document.add_table(rows=1, cols=2)
    signer = table.rows[0].cells[1]
    first = signer.paragraphs[0]
    first.alignment = WD_ALIGN_PARAGRAPH.CENTER
    first.add_run(who).bold = True
    hint = signer.add_paragraph()
    hint.alignment = WD_ALIGN_PARAGRAPH.CENTER
    hint.add_run("(Ký, ghi rõ họ tên)").italic = True
    signer.add_paragraph()
    signer.add_paragraph()
    last = signer.add_paragraph()
    last.alignment = WD_ALIGN_PARAGRAPH.CENTER
    last.add_run(name).bold = True


def _bytes(document: Any) -> bytes:
    out = BytesIO()
    document.save(out)
    return out.getvalue()


def member_form(data: FormData) -> bytes:
    """Form 2A, 2B or 2C of a member, with their particulars and their self-assessment of the
    year when one stands (the blanks to write otherwise)."""
    document = party_document()
    _header(document, data)
    _fields(document, data)
    _body(document, MEMBER_SECTIONS, data)
    document.add_paragraph().add_run("III. NHẬN XÉT, ĐÁNH GIÁ CỦA CHI BỘ").bold = True
    document.add_paragraph(DOTS)
    document.add_paragraph("Chi bộ đề xuất mức xếp loại: " + "." * 50)
    _signature(document, "NGƯỜI TỰ KIỂM ĐIỂM", data.name)
    return _bytes(document)


def organization_form(data: FormData) -> bytes:
    """Form 01: the collective self-assessment of a party organization."""
    document = party_document()
    _header(document, data)
    _fields(document, data)
    _body(document, ORGANIZATION_SECTIONS, data)
    _signature(document, "T/M CẤP ỦY (CHI BỘ)", "")
    return _bytes(document)


def round_xlsx(figures: dict[str, Any], organization_name: str, *, frozen: bool) -> bytes:
    """The round's results in the layout sent upward: the members (STT, họ và tên, chi bộ, mức
    tự nhận, mức chi bộ đề xuất, mức xếp loại, điểm, ghi chú), the totals and percentages by
    level; the organizations likewise."""
    from openpyxl.styles import Alignment, Font

    workbook = Workbook()
    sheet = workbook.active
    assert sheet is not None
    sheet.title = "Đảng viên"
    year = figures["year"]
    reference = vn_date(date.fromisoformat(figures["reference_date"]))
    sheet.append([organization_name.upper()])
    sheet.append([f"KẾT QUẢ ĐÁNH GIÁ, XẾP LOẠI CHẤT LƯỢNG ĐẢNG VIÊN NĂM {year}"])
    sheet.append(
        [
            f"(Danh sách đảng viên tại ngày {reference}"
            + ("; số liệu đã chốt khi kết thúc đợt)" if frozen else "; số liệu chưa chốt)")
        ]
    )
    sheet["A2"].font = Font(bold=True, size=13)
    sheet.append([])
    header = [
        "STT", "Họ và tên", "Chi bộ", "Tự nhận mức", "Chi bộ đề xuất", "Mức xếp loại", "Điểm",
        "Ghi chú",
    ]  # fmt: skip
    sheet.append(header)
    for cell in sheet[sheet.max_row]:
        cell.font = Font(bold=True)
        cell.alignment = Alignment(horizontal="center", wrap_text=True)
    assessed = [m for m in figures["members"] if not m["excluded"]]
    for number, line in enumerate(figures["members"], start=1):
        sheet.append(
            [
                number,
                line["name"],
                line["organization"],
                LEVEL_NAMES.get(line["self"] or "", ""),
                LEVEL_NAMES.get(line["proposed"] or "", ""),
                LEVEL_NAMES.get(line["level"] or "", ""),
                line["score"],
                "Miễn công tác và sinh hoạt đảng: không đánh giá" if line["excluded"] else "",
            ]
        )
    _totals(sheet, [m["level"] for m in assessed], "đảng viên được đánh giá")
    for column, width in zip("ABCDEFGH", (6, 28, 28, 24, 24, 24, 8, 30), strict=True):
        sheet.column_dimensions[column].width = width
    organizations = workbook.create_sheet("Tổ chức đảng")
    organizations.append([organization_name.upper()])
    organizations.append([f"KẾT QUẢ ĐÁNH GIÁ, XẾP LOẠI CHẤT LƯỢNG TỔ CHỨC ĐẢNG NĂM {year}"])
    organizations["A2"].font = Font(bold=True, size=13)
    organizations.append([])
    organizations.append(["STT", "Tổ chức đảng", "Tự nhận mức", "Mức xếp loại", "Điểm"])
    for cell in organizations[organizations.max_row]:
        cell.font = Font(bold=True)
    for number, line in enumerate(figures["organizations"], start=1):
        organizations.append(
            [
                number,
                line["name"],
                LEVEL_NAMES.get(line["self"] or "", ""),
                LEVEL_NAMES.get(line["level"] or "", ""),
                line["score"],
            ]
        )
    _totals(
        organizations, [o["level"] for o in figures["organizations"]], "tổ chức đảng được đánh giá"
    )
    for column, width in zip("ABCDE", (6, 40, 28, 28, 8), strict=True):
        organizations.column_dimensions[column].width = width
    out = BytesIO()
    workbook.save(out)
    return out.getvalue()


def _totals(sheet: Any, levels: list[str | None], of_whom: str) -> None:
    """Below the list: the count and the percentage of each level among those decided, those
    not yet decided, and the total."""
    from openpyxl.styles import Font

    decided = [level for level in levels if level]
    sheet.append([])
    sheet.append(["", "Tổng hợp", "Số lượng", "Tỷ lệ (%)"])
    for cell in sheet[sheet.max_row]:
        cell.font = Font(bold=True)
    for level, name in LEVEL_NAMES.items():
        count = decided.count(level)
        sheet.append(["", name, count, percent(count, len(decided)) if decided else None])
    sheet.append(["", "Chưa xếp loại", len(levels) - len(decided), None])
    sheet.append(["", f"Tổng số {of_whom}", len(levels), None])
