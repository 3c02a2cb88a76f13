"""Official documents officers produce from the record, in the party's document format (A4,
Times New Roman 13 pt, the two-column header "ĐẢNG BỘ … / ĐẢNG CỘNG SẢN VIỆT NAM", place and
date, title, body, signature block): the list of members of an organization at a date
(danh sách đảng viên), the member's summary (phiếu đảng viên, after the 2-HSĐV layout as far
as known) and the transfer introduction letter (giấy giới thiệu sinh hoạt đảng).

Each builder takes plain values read by the view through the selectors and returns DOCX bytes.
"""

from __future__ import annotations

import io
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from typing import Any

from dangvien.core.documents import party_document
from dangvien.core.formatting import vn_date, vn_int
from dangvien.reports.narrative import date_line, issuer


@dataclass(frozen=True)
class Issuer:
    """Who issues the document: the organization and its superior, by name, and the day."""

    organization: str
    parent: str | None
    on: date


def _header(document: Any, who: Issuer, number: str = "") -> None:
    """The two-column header: the superior and the issuing body (left), the party's name and
    the place and date (right)."""
    from docx.enum.text import WD_ALIGN_PARAGRAPH
    from docx.shared import Cm, Pt

    labels = issuer(who.organization, who.parent)
    center = WD_ALIGN_PARAGRAPH.CENTER
    table = document.add_table(rows=1, cols=2)
    left, right = table.rows[0].cells
    left.width, right.width = Cm(7.5), Cm(8.5)
    lines = [(labels["above"], False)] if labels["above"] else []
    lines += [(labels["body"], True), ("*", False)]
    if number:
        lines.append((f"Số {number}", False))
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
    place.add_run(date_line(labels["place"], who.on)).italic = True


def _title(document: Any, *lines: str) -> None:
    from docx.enum.text import WD_ALIGN_PARAGRAPH

    document.add_paragraph()
    for index, text in enumerate(lines):
        paragraph = document.add_paragraph()
        paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
        run = paragraph.add_run(text)
        run.bold = index == 0


def _signature(document: Any, who: Issuer, role: str = "BÍ THƯ") -> None:
    from docx.enum.text import WD_ALIGN_PARAGRAPH

    labels = issuer(who.organization, who.parent)
    document.add_paragraph()
    table = document.add_table(rows=1, cols=2)
    recipients, signature = table.rows[0].cells
    recipients.paragraphs[0].add_run("Nơi nhận:").italic = True
    recipients.add_paragraph("- Như trên,")
    recipients.add_paragraph("- Lưu.")
    signature.paragraphs[0].alignment = WD_ALIGN_PARAGRAPH.CENTER
    signature.paragraphs[0].add_run(labels["signer"]).bold = True
    line = signature.add_paragraph()
    line.alignment = WD_ALIGN_PARAGRAPH.CENTER
    line.add_run(role).bold = True


def _save(document: Any) -> bytes:
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def _cell_text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, date):
        return vn_date(value)
    return str(value)


def members_list_docx(
    who: Issuer,
    headers: Sequence[str],
    rows: Sequence[Sequence[Any]],
    title: str = "DANH SÁCH ĐẢNG VIÊN",
) -> bytes:
    """Danh sách đảng viên (or another list of members, such as the badge proposal list):
    the rows numbered (STT) under the organization and the date."""
    from docx.shared import Pt

    document = party_document()
    _header(document, who)
    _title(document, title, f"{who.organization} (tại ngày {vn_date(who.on)})")
    table = document.add_table(rows=1, cols=len(headers) + 1)
    table.style = "Table Grid"
    for cell, text in zip(table.rows[0].cells, ["STT", *headers], strict=True):
        cell.text = ""
        run = cell.paragraphs[0].add_run(str(text))
        run.bold = True
        run.font.size = Pt(11)
    for number, row in enumerate(rows, start=1):
        cells = table.add_row().cells
        for cell, value in zip(cells, [number, *row], strict=True):
            cell.text = ""
            cell.paragraphs[0].add_run(_cell_text(value)).font.size = Pt(11)
    document.add_paragraph(f"Danh sách có {vn_int(len(rows))} đảng viên.")
    _signature(document, who)
    return _save(document)


def member_summary_docx(who: Issuer, name: str, facts: Sequence[tuple[str, Any]]) -> bytes:
    """Phiếu đảng viên: the member's particulars, one line each, as the 2-HSĐV form lists them
    (as far as the record holds them)."""
    document = party_document()
    _header(document, who)
    _title(document, "PHIẾU ĐẢNG VIÊN", name.upper())
    table = document.add_table(rows=0, cols=2)
    table.style = "Table Grid"
    for label, value in facts:
        cells = table.add_row().cells
        cells[0].text = str(label)
        cells[1].text = _cell_text(value) or "—"
    _signature(document, who, role="BÍ THƯ")
    return _save(document)


def transfer_letter_docx(
    who: Issuer,
    *,
    number: str,
    member_name: str,
    facts: Sequence[tuple[str, Any]],
    to_organization: str,
    issued_on: date,
    present_by: date | None,
) -> bytes:
    """Giấy giới thiệu sinh hoạt đảng (chính thức): the issuing body introduces the member to
    the receiving organization, with the day to present the letter by."""
    from docx.enum.text import WD_ALIGN_PARAGRAPH
    from docx.shared import Cm

    document = party_document()
    _header(document, who, number=number)
    _title(document, "GIẤY GIỚI THIỆU SINH HOẠT ĐẢNG", "(chính thức)")
    labels = issuer(who.organization, who.parent)
    body = [
        f"{labels['body'].capitalize()} trân trọng giới thiệu đồng chí {member_name}",
        *[f"{label}: {_cell_text(value) or '—'}" for label, value in facts],
        f"Được chuyển sinh hoạt đảng chính thức đến {to_organization}, kể từ ngày "
        f"{vn_date(issued_on)}.",
    ]
    if present_by is not None:
        body.append(
            f"Đề nghị đồng chí {member_name} xuất trình giấy này trước ngày {vn_date(present_by)}."
        )
    for text in body:
        paragraph = document.add_paragraph(text)
        paragraph.paragraph_format.first_line_indent = Cm(1)
        paragraph.alignment = WD_ALIGN_PARAGRAPH.JUSTIFY
    _signature(document, who, role="BÍ THƯ")
    return _save(document)
