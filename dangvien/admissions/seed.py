"""The admission pipeline's rules that the initial rulebook does not hold, as first seeded
(data migration 0002). Later changes go through ``rule_set`` or new migrations, never by
editing a value here."""

from __future__ import annotations

from typing import Any

ADMISSION_RULES: list[dict[str, Any]] = [
    dict(
        key="admissions.priority_cell_sectors",
        value=["residential", "school", "enterprise", "health"],
        unit="list",
        effective_from="2011-01-19",
        title="Loại hình chi bộ cần ưu tiên tạo nguồn khi chưa có đảng viên (xóa 'trắng' đảng viên)",
        source="Chỉ thị, kế hoạch xóa thôn, tổ dân phố, trường học, doanh nghiệp chưa có đảng viên "
        "(tổng hợp, chưa dẫn điều khoản)",
        confidence="unconfirmed",
        note="Tham số nghiệp vụ của hệ thống; điều chỉnh theo chỉ đạo của cấp ủy.",
    ),
    dict(
        key="admissions.due_soon_working_days",
        value=10,
        unit="working_days",
        effective_from="2011-01-19",
        title="Báo trước khi đến hạn (ngày làm việc) trong danh sách và thư nhắc hằng ngày",
        source="Tham số vận hành của hệ thống, không phải quy định của Đảng",
        confidence="unconfirmed",
        note="",
    ),
]
