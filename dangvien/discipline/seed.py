"""The discipline rules as first seeded (data migration 0002), with sources and confidence.

Sources follow ../shared/docs/domain-rules.md §2.13 and §11 (Quy định 296-QĐ/TW of 30/05/2025
replaces 22-QĐ/TW on inspection, supervision and discipline; the forms and the limitation
periods are those of Quy định 69-QĐ/TW). Later changes go through ``rule_set`` or new
migrations, never by editing a value here.
"""

from __future__ import annotations

from typing import Any

EARLIEST = "1930-02-03"

DISCIPLINE_RULES: list[dict[str, Any]] = [
    {
        "key": "discipline.limitation_years",
        "value": {"reprimand": 5, "warning": 10, "dismissal": 10},
        "unit": "years",
        "effective_from": EARLIEST,
        "title": "Thời hiệu xử lý kỷ luật (tính từ thời điểm có hành vi vi phạm)",
        "source": "Quy định 69-QĐ/TW Điều 6; Quy định 296-QĐ/TW; Sổ tay nghiệp vụ "
        "(trang Thời hiệu xử lý kỷ luật của Sổ tay điện tử Đảng ủy Khối tỉnh Bình Thuận)",
        "confidence": "partial",
        "note": "5 năm với vi phạm đến mức khiển trách; 10 năm với vi phạm đến mức cảnh cáo hoặc "
        "cách chức; không áp dụng thời hiệu với vi phạm đến mức khai trừ. Áp dụng cả cho tổ "
        "chức đảng (khiển trách, cảnh cáo); giải tán không áp dụng thời hiệu (chưa xác nhận).",
    },
    {
        "key": "discipline.forms_by_subject",
        "value": {
            "organization": ["reprimand", "warning", "dissolution"],
            "official": ["reprimand", "warning", "dismissal", "expulsion"],
            "probationary": ["reprimand", "warning"],
        },
        "unit": "mapping",
        "effective_from": EARLIEST,
        "title": "Hình thức kỷ luật theo đối tượng",
        "source": "Điều lệ Đảng Điều 35; Quy định 22-QĐ/TW Điều 10 (nay Quy định 296-QĐ/TW); "
        "Quy định 69-QĐ/TW Điều 7",
        "confidence": "confirmed",
        "note": "Tổ chức đảng: khiển trách, cảnh cáo, giải tán; đảng viên chính thức: khiển "
        "trách, cảnh cáo, cách chức, khai trừ; đảng viên dự bị: khiển trách, cảnh cáo (đảng "
        "viên dự bị không còn đủ tư cách thì xóa tên, không khai trừ).",
    },
    {
        "key": "discipline.appeal_months",
        "value": 1,
        "unit": "months",
        "effective_from": EARLIEST,
        "title": "Thời hạn khiếu nại quyết định kỷ luật, kể từ ngày nhận quyết định",
        "source": "Điều lệ Đảng Điều 39 khoản 7 (dangcongsan.vn, Ban Bạn đọc: trong khi chờ "
        "giải quyết khiếu nại có phải chấp hành quyết định kỷ luật)",
        "confidence": "confirmed",
        "note": "Khiếu nại với cấp ủy hoặc ủy ban kiểm tra cấp trên cho đến Ban Chấp hành Trung "
        "ương; trong khi chờ giải quyết phải chấp hành quyết định kỷ luật (khoản 9).",
    },
    {
        "key": "discipline.state_notice_days",
        "value": 5,
        "unit": "days",
        "effective_from": "2025-05-30",
        "title": "Thời hạn cơ quan nhà nước thông báo cho tổ chức đảng khi đình chỉ công tác "
        "hoặc xử lý kỷ luật đảng viên",
        "source": "Quy định 296-QĐ/TW (30/05/2025) Điều 8 mục 5 (quanlynhanuoc.vn/?p=51516)",
        "confidence": "confirmed",
        "note": "Chậm nhất 5 ngày phải chủ động thông báo cho tổ chức đảng quản lý đảng viên.",
    },
]
