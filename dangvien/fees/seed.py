"""The party-fee rules as first seeded (data migration 0002), with sources and confidence
(../shared/docs/domain-rules.md §4 and §11). Months before 02/2026 follow Quyết định 342-QĐ/TW
(in force 01/04/2011), later months Quy định 01-QĐ/TW. Values marked "unconfirmed" are
parameters an administrator sets (``rule_set`` in the UI); later changes go there or in new
migrations, never by editing a value here. The exemption from 50 years of party age
(``fee.exempt_party_age_years``) is in the initial rulebook already."""

from __future__ import annotations

from typing import Any

QD_342_FROM = "2011-04-01"
QD_342_TO = "2026-01-31"
QD_01_FROM = "2026-02-01"
SRC_342 = "Quyết định 342-QĐ/TW (28/12/2010)"
SRC_01 = "Quy định 01-QĐ/TW (03/02/2026)"


def _rule(
    key: str,
    value: Any,
    unit: str,
    effective_from: str,
    title: str,
    source: str,
    confidence: str,
    note: str = "",
    effective_to: str | None = None,
) -> dict[str, Any]:
    return {
        "key": key,
        "value": value,
        "unit": unit,
        "effective_from": effective_from,
        "effective_to": effective_to,
        "title": title,
        "source": source,
        "confidence": confidence,
        "note": note,
    }


_RATES_TITLE = "Mức đóng đảng phí theo phần vạn của căn cứ (lương đóng BHXH, lương hưu, trợ cấp)"
_KEEP_TITLE = "Tỷ lệ đảng phí được trích để lại ở mỗi cấp (phần trăm)"

FEE_RULES: list[dict[str, Any]] = [
    _rule(
        "fee.rate_basis_points",
        {"salary": 100, "pension": 50, "benefit": 100},
        "mapping",
        QD_342_FROM,
        _RATES_TITLE,
        SRC_342,
        "partial",
        "1% tiền lương và phụ cấp tính đóng BHXH; 0,5% lương hưu. Mức 1% trợ cấp BHXH (ốm đau, "
        "thai sản) theo 342 chưa đối chiếu nguyên văn.",
        QD_342_TO,
    ),
    _rule(
        "fee.rate_basis_points",
        {"salary": 100, "pension": 50, "benefit": 100},
        "mapping",
        QD_01_FROM,
        _RATES_TITLE,
        SRC_01,
        "confirmed",
        "1% tiền lương làm căn cứ đóng BHXH của tháng trước (nghỉ ốm, thai sản: 1% trợ cấp "
        "BHXH); 0,5% lương hưu.",
    ),
    _rule(
        "fee.student_amount",
        2_000,
        "count",
        QD_342_FROM,
        "Mức đóng đảng phí hằng tháng của đảng viên là học sinh, sinh viên (đồng)",
        SRC_342,
        "unconfirmed",
        "342: đảng viên khác ở trong nước đóng từ 2.000 đến 30.000 đồng/tháng, mức cụ thể do "
        "cấp ủy quy định; quản trị viên đặt mức áp dụng.",
        QD_342_TO,
    ),
    _rule(
        "fee.student_amount",
        5_000,
        "count",
        QD_01_FROM,
        "Mức đóng đảng phí hằng tháng của đảng viên là học sinh, sinh viên (đồng)",
        SRC_01,
        "confirmed",
    ),
    _rule(
        "fee.other_amount",
        2_000,
        "count",
        QD_342_FROM,
        "Mức đóng đảng phí hằng tháng của đảng viên khác, không có thu nhập làm căn cứ (đồng)",
        SRC_342,
        "unconfirmed",
        "342: từ 2.000 đến 30.000 đồng/tháng, mức cụ thể do cấp ủy quy định; quản trị viên đặt "
        "mức áp dụng.",
        QD_342_TO,
    ),
    _rule(
        "fee.other_amount",
        5_000,
        "count",
        QD_01_FROM,
        "Mức đóng đảng phí hằng tháng của đảng viên khác, không có thu nhập làm căn cứ (đồng)",
        SRC_01,
        "unconfirmed",
        "Văn bản nguồn bị cắt ở phần này; tạm đặt bằng mức của học sinh, sinh viên. Quản trị "
        "viên đặt mức khi có nguyên văn.",
    ),
    _rule(
        "fee.exempt_basis_kinds",
        [],
        "list",
        QD_342_FROM,
        "Căn cứ đóng đảng phí được miễn tự động",
        SRC_342,
        "partial",
        "342 không miễn tự động theo loại thu nhập.",
        QD_342_TO,
    ),
    _rule(
        "fee.exempt_basis_kinds",
        ["social_pension"],
        "list",
        QD_01_FROM,
        "Căn cứ đóng đảng phí được miễn tự động (hưởng trợ cấp hưu trí xã hội)",
        SRC_01,
        "confirmed",
    ),
    _rule(
        "fee.reduction_percents",
        [30, 50, 70],
        "list",
        QD_01_FROM,
        "Các mức giảm đảng phí (phần trăm)",
        SRC_01,
        "confirmed",
    ),
    _rule(
        "fee.reduction_max_months",
        12,
        "months",
        QD_01_FROM,
        "Mỗi quyết định giảm đảng phí không quá 12 tháng",
        SRC_01,
        "confirmed",
    ),
    _rule(
        "fee.relief_decider_level",
        "grassroots",
        "list",
        QD_342_FROM,
        "Cấp quyết định miễn, giảm đảng phí (chi bộ đề nghị)",
        SRC_342,
        "partial",
        "Chi bộ xem xét, đề nghị; cấp ủy cơ sở quyết định (chưa đối chiếu nguyên văn 342).",
        QD_342_TO,
    ),
    _rule(
        "fee.relief_decider_level",
        "grassroots",
        "list",
        QD_01_FROM,
        "Cấp quyết định miễn, giảm đảng phí (chi bộ đề nghị)",
        SRC_01,
        "confirmed",
        "Chi bộ trực thuộc đề nghị, cấp ủy cơ sở quyết định; chi bộ cơ sở tự quyết định.",
    ),
    _rule(
        "fee.keep_percent",
        {
            "cell_in_grassroots": 30,
            "grassroots_commune": 90,
            "grassroots_other": 70,
            "above_grassroots": 50,
            "central": 100,
        },
        "mapping",
        QD_342_FROM,
        _KEEP_TITLE,
        SRC_342,
        "confirmed",
        "Chi bộ trực thuộc đảng bộ cơ sở giữ 30–50% (đảng ủy cơ sở quyết định trong khoảng này; "
        "quản trị viên đặt mức áp dụng), tổ chức cơ sở đảng ở xã, phường, thị trấn giữ 90%, tổ "
        "chức cơ sở khác 70%, mỗi cấp trên cơ sở 50%; phần còn lại nộp lên cấp ủy cấp trên. "
        "Mỗi cấp tính trên số đảng phí mình thu và nhận từ cấp dưới.",
        QD_342_TO,
    ),
    _rule(
        "fee.keep_percent",
        {
            "cell_in_grassroots": 30,
            "grassroots_commune": 90,
            "grassroots_other": 70,
            "above_grassroots": 50,
            "central": 100,
        },
        "mapping",
        QD_01_FROM,
        _KEEP_TITLE,
        SRC_01,
        "unconfirmed",
        "Tỷ lệ trích giữ lại theo 01-QĐ/TW chưa tìm thấy; tạm giữ tỷ lệ của 342, quản trị viên "
        "đặt khi có hướng dẫn của Văn phòng Trung ương Đảng.",
    ),
]
