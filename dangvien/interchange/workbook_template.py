"""The downloadable XLSX template of a bundle: one sheet per file plus a guide (in the active
language, Vietnamese by default), built from the files and columns the sections declare."""

from __future__ import annotations

import io

from django.utils.translation import gettext as _

from dangvien.interchange.sections import bundle_files


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
                "YYYY-MM-DD. The files %(required)s are required, the others optional."
            )
            % {
                "required": ", ".join(
                    spec.name.removesuffix(".csv") for spec in bundle_files() if spec.required
                )
            }
        ]
    )
    guide.append([])
    guide.append([_("Sheet (file)"), _("Column"), _("Required"), _("Meaning, format, values")])
    for cell in guide[guide.max_row]:
        cell.font = bold
    for spec in bundle_files():
        sheet_name = spec.name.removesuffix(".csv")
        guide.append(
            [sheet_name, "", _("required") if spec.required else _("optional"), str(spec.guide)]
        )
        guide.cell(guide.max_row, 1).font = bold
        for column in spec.columns:
            guide.append(
                [sheet_name, column.name, _("yes") if column.mandatory else "", str(column.guide)]
            )
        sheet = workbook.create_sheet(sheet_name)
        sheet.append(spec.column_names)
        for index, name in enumerate(spec.column_names, start=1):
            sheet.cell(1, index).font = bold
            sheet.column_dimensions[sheet.cell(1, index).column_letter].width = max(
                12, len(name) + 4
            )
        sheet.freeze_panes = "A2"
    for letter, width in (("A", 22), ("B", 30), ("C", 10), ("D", 110)):
        guide.column_dimensions[letter].width = width
    for row in guide.iter_rows(min_row=5):
        row[3].alignment = Alignment(wrap_text=True, vertical="top")
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()
