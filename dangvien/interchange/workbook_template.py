"""The downloadable XLSX template of a bundle: one sheet per file plus a guide (in the active
language, Vietnamese by default), built from the files and columns the sections declare.

Sheets and headers carry the Vietnamese names officers use ("Đảng viên", "Họ và tên", from
``interchange.vietnamese``); the guide gives each one's contract name too (the import reads
either)."""

from __future__ import annotations

import io

from django.utils.translation import gettext as _

from dangvien.interchange.sections import bundle_files
from dangvien.interchange.vietnamese import words_of


def template_xlsx() -> bytes:
    """One sheet per bundle file with its header row, and the guide sheet."""
    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Font

    bold = Font(bold=True)
    workbook = Workbook()
    guide = workbook.active
    guide.title = _("Guide")
    guide.append([_("dangvien data import template")])
    guide["A1"].font = Font(bold=True, size=14)
    guide.append(
        [
            _(
                "Each sheet is one file of the bundle; keep the header row, each row below is "
                "one record. An empty cell means unknown or not applicable. Dates are written "
                "dd/mm/yyyy (30/04/2022) or YYYY-MM-DD, months mm/yyyy (04/2022) or YYYY-MM; "
                "sex Nam or Nữ; a value from a list by its code (column D) or in Vietnamese "
                "words (Chi bộ, Có mặt, Khiển trách, Hoàn thành tốt nhiệm vụ). The headers may "
                "be the Vietnamese ones of this template or the contract's (column E of the "
                "guide). "
                "The sheets %(required)s are required, the others optional."
            )
            % {"required": ", ".join(_sheet(spec.name) for spec in bundle_files() if spec.required)}
        ]
    )
    guide.append([])
    guide.append(
        [
            _("Sheet (file)"),
            _("Column"),
            _("Required"),
            _("Meaning, format, values"),
            _("Name in the contract (file, column)"),
        ]
    )
    for cell in guide[guide.max_row]:
        cell.font = bold
    for spec in bundle_files():
        sheet_name = _sheet(spec.name)
        words = words_of(spec.name)
        headers = [words.header(c) if words else c for c in spec.column_names]
        guide.append(
            [
                sheet_name,
                "",
                _("required") if spec.required else _("optional"),
                str(spec.guide),
                spec.name,
            ]
        )
        guide.cell(guide.max_row, 1).font = bold
        for column, header in zip(spec.columns, headers, strict=True):
            guide.append(
                [
                    sheet_name,
                    header,
                    _("yes") if column.mandatory else "",
                    str(column.guide),
                    column.name,
                ]
            )
        sheet = workbook.create_sheet(sheet_name)
        sheet.append(headers)
        for index, name in enumerate(headers, start=1):
            sheet.cell(1, index).font = bold
            sheet.column_dimensions[sheet.cell(1, index).column_letter].width = max(
                12, len(name) + 4
            )
        sheet.freeze_panes = "A2"
    for letter, width in (("A", 22), ("B", 30), ("C", 10), ("D", 110), ("E", 34)):
        guide.column_dimensions[letter].width = width
    for row in guide.iter_rows(min_row=5):
        row[3].alignment = Alignment(wrap_text=True, vertical="top")
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def _sheet(file: str) -> str:
    """The sheet of ``file`` in the template: its Vietnamese name, else the file's name."""
    words = words_of(file)
    return words.names[0] if words else file.removesuffix(".csv")
