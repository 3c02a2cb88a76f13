"""The report's prose: no "0 đồng chí", and a cell's report speaks of the cell."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest

from dangvien.reports.narrative import members_text, movement_text, report_paragraphs
from dangvien.reports.selectors import report_figures


def _figures(kind: str, *, total: int = 10, female: int = 0, admitted: int = 0) -> dict[str, Any]:
    bands = [{"total": 0} for _ in range(6)]
    bands[1]["total"] = total
    return {
        "as_of": "2025-06-30",
        "organization": {"code": "CB-1", "name": "Chi bộ Ấp 1", "kind": kind},
        "members": {
            "total": total,
            "official": total,
            "probationary": 0,
            "female": female,
            "exempted": 0,
        },
        "breakdowns": {
            "age_bands": bands,
            "ethnic_minority": 0,
            "with_religion": 0,
            "political_theory": [{"value": "elementary", "count": 3}],
        },
        "movement": {
            "from": "2025-01-01",
            "to": "2025-06-30",
            "admitted": admitted,
            "readmitted": 0,
            "exits_total": 0,
            "exits": {},
        },
    }


def test_the_composition_leaves_out_the_parts_that_count_nobody():
    text = members_text(_figures("cell", female=4))

    assert "0 đồng chí" not in text
    assert "đảng viên nữ có 4 đồng chí (chiếm 40%)" in text
    assert "dân tộc thiểu số" not in text and "có đạo" not in text
    assert text.endswith("Về lý luận chính trị, có 3 đồng chí sơ cấp.")


@pytest.mark.django_db
def test_a_cells_report_has_no_composition_paragraph_without_members(org_tree):
    figures = report_figures(org_tree.cell_a, date(2025, 6, 30))

    paragraphs = report_paragraphs(figures)

    assert members_text(figures) == ""
    assert all(text for _head, text in paragraphs)
    assert "trực thuộc" not in paragraphs[-1][1]
    assert paragraphs[-1][1].startswith("Chi bộ tiếp tục")


def test_a_cells_report_speaks_of_the_cell_and_a_committees_of_the_committee():
    cell = movement_text(_figures("cell", admitted=2))
    committee = movement_text(_figures("grassroots_committee"))

    assert "toàn Chi bộ đã kết nạp được 2 đảng viên" in cell
    assert "toàn Đảng bộ chưa kết nạp được đảng viên mới nào" in committee


def test_figures_frozen_before_the_kind_was_kept_read_as_a_committees():
    figures = _figures("cell", admitted=1)
    del figures["organization"]["kind"]

    assert "toàn Đảng bộ đã kết nạp được 1 đảng viên" in movement_text(figures)
