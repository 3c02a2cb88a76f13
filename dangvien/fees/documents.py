"""The fee report as XLSX, in the layout of a report sent upward: one row per organization
directly below (members, due, collected, kept, remitted, in arrears, exempted, reduced), the
totals, and the reporting organization's own ledger month by month."""

from __future__ import annotations

from io import BytesIO

from django.utils.translation import gettext as _
from openpyxl import Workbook
from openpyxl.styles import Font

from dangvien.core.formatting import vn_date
from dangvien.fees.rules import month_label
from dangvien.fees.selectors import FeeReport

_FIELDS = ("members", "due", "collected", "kept", "remitted", "in_arrears", "exempted", "reduced")


def report_xlsx(report: FeeReport) -> bytes:
    workbook = Workbook()
    sheet = workbook.active
    assert sheet is not None
    sheet.title = _("Fee report")[:31]
    bold = Font(bold=True)
    months = f"{month_label(report.months[0])}–{month_label(report.months[-1])}"
    sheet.append([_("PARTY FEE REPORT"), report.name])
    sheet.append([_("Months"), months, _("Up to"), vn_date(report.on)])
    sheet.append([])
    header = [
        _("No."),
        _("Organization"),
        _("Party members"),
        _("Due (đồng)"),
        _("Collected (đồng)"),
        _("Kept (đồng)"),
        _("Sent up (đồng)"),
        _("Members in arrears"),
        _("Members exempted"),
        _("Members with a reduction"),
    ]
    sheet.append(header)
    for cell in sheet[sheet.max_row]:
        cell.font = bold
    for number, row in enumerate(report.rows, start=1):
        sheet.append([number, row.name, *(getattr(row, field) for field in _FIELDS)])
    sheet.append(["", _("Total"), *(report.total(field) for field in _FIELDS)])
    for cell in sheet[sheet.max_row]:
        cell.font = bold
    sheet.append([])
    sheet.append([_("Ledger of %(name)s") % {"name": report.name}])
    sheet.append(
        [
            _("Month"),
            _("Collected (đồng)"),
            _("Received from below (đồng)"),
            _("Expected from below (đồng)"),
            _("Kept (đồng)"),
            _("To send up (đồng)"),
            _("Sent up (đồng)"),
            _("Difference (đồng)"),
        ]
    )
    for cell in sheet[sheet.max_row]:
        cell.font = bold
    for line in report.own:
        sheet.append(
            [
                month_label(line.month),
                line.collected,
                line.received,
                line.expected,
                line.kept,
                line.to_send,
                line.sent,
                line.difference,
            ]
        )
    for column in ("B",):
        sheet.column_dimensions[column].width = 36
    for column in "CDEFGHIJ":
        sheet.column_dimensions[column].width = 16
    out = BytesIO()
    workbook.save(out)
    return out.getvalue()
