"""The ``fees`` key in the statistics' Vietnamese summary and in the report documents."""

from __future__ import annotations

from datetime import date
from typing import Any

from dangvien.core.formatting import vn_date, vn_int
from dangvien.statistics.sections import Table


def fees_text(value: dict[str, int] | None, stats: dict[str, Any]) -> str:
    """ "Đến ngày 30/04/2022, có 7 đảng viên không đóng đảng phí từ 3 tháng trở lên trong năm.\""""
    if value is None:
        return ""
    on = date.fromisoformat(stats["as_of"])
    count = value["members_with_3_unpaid_months"]
    if not count:
        return (
            f"Từ đầu năm {on.year} đến ngày {vn_date(on)}, không có đảng viên nào "
            "không đóng đảng phí từ 3 tháng trở lên."
        )
    return (
        f"Từ đầu năm {on.year} đến ngày {vn_date(on)}, có {vn_int(count)} đảng viên "
        "không đóng đảng phí từ 3 tháng trở lên trong năm."
    )


def fees_tables(value: dict[str, int] | None) -> list[Table]:
    if value is None:
        return []
    return [
        (
            "Đảng phí",
            ["Chỉ tiêu", "Số đảng viên"],
            [
                [
                    "Không đóng đảng phí từ 3 tháng trở lên trong năm",
                    value["members_with_3_unpaid_months"],
                ]
            ],
        )
    ]
