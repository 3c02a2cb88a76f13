"""The meeting frequencies as first seeded (data migration 0002), with sources and confidence
(../shared/docs/domain-rules.md §5 and §11). Later changes go through ``rule_set`` or new
migrations, never by editing a value here. The removal threshold
(``removal.unexcused_months_per_year``) is in the initial rulebook already."""

from __future__ import annotations

from typing import Any

EARLIEST = "1930-02-03"

MEETING_RULES: list[dict[str, Any]] = [
    {
        "key": "meeting.regular_every_months",
        "value": 1,
        "unit": "months",
        "effective_from": EARLIEST,
        "title": "Chi bộ, chi ủy họp thường lệ mỗi tháng một lần",
        "source": "Điều lệ Đảng 2011, Điều 24.2; Hướng dẫn 12-HD/BTCTW (06/07/2018)",
        "confidence": "confirmed",
        "note": "Sinh hoạt thường kỳ ít nhất mỗi tháng một lần, do bí thư (hoặc phó bí thư được "
        "ủy quyền) triệu tập. Áp dụng cả cho dữ liệu lịch sử.",
    },
    {
        "key": "meeting.thematic_every_months",
        "value": 3,
        "unit": "months",
        "effective_from": EARLIEST,
        "title": "Sinh hoạt chuyên đề ít nhất mỗi quý một lần",
        "source": "Hướng dẫn 12-HD/BTCTW (06/07/2018); Quy định 08/TU tỉnh Nghệ An (2021)",
        "confidence": "partial",
        "note": 'Văn bản trung ương ("ít nhất mỗi quý một lần") chưa được đối chiếu nguyên văn; '
        'quy định cấp tỉnh thực hiện hướng dẫn trung ương ghi "sinh hoạt chuyên đề mỗi quý '
        '1 kỳ".',
    },
]
