"""XLSX exports of the member lists: Vietnamese headers, real date cells shown dd/mm/yyyy
(Excel sorts and filters them as dates), streamed download."""

from __future__ import annotations

import tempfile
from collections.abc import Iterable, Sequence
from datetime import date

from django.http import FileResponse
from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.worksheet._write_only import WriteOnlyWorksheet

from dangvien.core.spreadsheets import safe_cell
from dangvien.members.worklists import Cell, Label


def _cell(sheet: WriteOnlyWorksheet, value: Cell) -> str | int | WriteOnlyCell:
    if isinstance(value, date):
        cell = WriteOnlyCell(sheet, value=value)
        cell.number_format = "DD/MM/YYYY"
        return cell
    if value is None:
        return ""
    # a name like =HYPERLINK(…) stays text: never a live formula in the list
    return value if isinstance(value, int) else safe_cell(str(value))


def xlsx_response(
    filename: str, title: Label, headers: Sequence[Label], rows: Iterable[Sequence[Cell]]
) -> FileResponse:
    """A write-only workbook with one sheet, spooled to disk and streamed in chunks."""
    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet(title=str(title)[:31])
    sheet.append([safe_cell(str(h)) for h in headers])
    for row in rows:
        sheet.append([_cell(sheet, v) for v in row])
    spool = tempfile.SpooledTemporaryFile(max_size=8 * 1024 * 1024)  # noqa: SIM115
    workbook.save(spool)
    spool.seek(0)
    return FileResponse(
        spool,
        as_attachment=True,
        filename=f"{filename}.xlsx",
        content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    )
