"""The committees' rules (data migration 0005), with sources: the cell congress every five
years is a pilot decided for each cell (domain-rules §11), so the cells' term stays 30 months
from 01/07/2025 and the pilot's 60 months is a rule of its own, applied to the cells that hold a
pilot decision (``TermPilot``)."""

from __future__ import annotations

from typing import Any

REFORM_2025 = "2025-07-01"

COMMITTEE_RULES: list[dict[str, Any]] = [
    {
        "key": "term.cell_months",
        "value": 30,
        "unit": "months",
        "effective_from": REFORM_2025,
        "title": "Nhiệm kỳ đại hội chi bộ (năm năm hai lần)",
        "source": "Điều lệ Đảng 2011, Điều 24; Quy định 294-QĐ/TW (26/05/2025): đại hội chi bộ 5 năm "
        "một lần chỉ là thí điểm",
        "confidence": "confirmed",
        "note": "Chi bộ được cấp ủy cấp trên quyết định thí điểm thì theo nhiệm kỳ thí điểm 5 năm.",
    },
    {
        "key": "term.cell_pilot_months",
        "value": 60,
        "unit": "months",
        "effective_from": REFORM_2025,
        "title": "Nhiệm kỳ đại hội chi bộ thí điểm 5 năm một lần",
        "source": "Quy định 294-QĐ/TW (26/05/2025), hiệu lực 01/07/2025",
        "confidence": "confirmed",
        "note": "Áp dụng cho từng chi bộ theo quyết định thí điểm của cấp ủy cấp trên.",
    },
]
