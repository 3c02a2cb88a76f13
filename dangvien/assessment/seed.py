"""The assessment's rules as first seeded (data migration 0002), with sources and confidence.

Sources follow ../shared/docs/domain-rules.md §3, §2.11 and §11. Later changes go through
``rule_set`` or new migrations, never by editing a value here.
"""

from __future__ import annotations

from typing import Any

EARLIEST = "1930-02-03"

ASSESSMENT_RULES: list[dict[str, Any]] = [
    {
        "key": "assessment.level_min_scores",
        "value": {},
        "unit": "mapping",
        "effective_from": EARLIEST,
        "effective_to": "2025-08-29",
        "title": "Khung điểm xếp loại chất lượng (chưa áp dụng thang điểm 100)",
        "source": "Quy định 124-QĐ/TW (04/10/2023), Hướng dẫn 25-HD/BTCTW và các quy định trước",
        "confidence": "unconfirmed",
        "note": "Không thấy thang điểm 100 trong các văn bản trước Quy định 366-QĐ/TW; điểm "
        "(nếu có) không ràng buộc mức xếp loại.",
    },
    {
        "key": "assessment.level_min_scores",
        "value": {"excellent": 90, "good": 70, "completed": 50},
        "unit": "mapping",
        "effective_from": "2025-08-30",
        "title": "Khung điểm các mức xếp loại chất lượng (thang điểm 100)",
        "source": "Quy định 366-QĐ/TW (30/08/2025) Điều 11",
        "confidence": "confirmed",
        "note": "Hoàn thành xuất sắc nhiệm vụ từ 90 điểm; hoàn thành tốt nhiệm vụ từ 70 đến dưới "
        "90 điểm; hoàn thành nhiệm vụ từ 50 đến dưới 70 điểm; dưới 50 điểm: không hoàn thành "
        "nhiệm vụ. Các điều kiện ngoài điểm (bị kỷ luật trong năm…) có thể hạ mức xếp loại.",
    },
    {
        "key": "assessment.excellent_cap_of_good",
        "value": {"num": 1, "den": 5},
        "unit": "fraction",
        "effective_from": EARLIEST,
        "title": "Tỷ lệ đảng viên hoàn thành xuất sắc nhiệm vụ không vượt quá 20% số đảng viên "
        "hoàn thành tốt nhiệm vụ trong từng tổ chức cơ sở đảng",
        "source": "Hướng dẫn 21-HD/BTCTW (2019); Quy định 124-QĐ/TW, 366-QĐ/TW (kế thừa chưa xác "
        "nhận)",
        "confidence": "partial",
        "note": "Xác nhận cho Hướng dẫn 21-HD/BTCTW; việc giữ mức 20% trong Quy định 366 và "
        "Hướng dẫn 43-HD/BTCTW chưa thấy văn bản gốc. Ngày bắt đầu áp dụng trước năm 2019 chưa "
        "xác minh.",
    },
    {
        "key": "assessment.removal_consecutive_not_completed_years",
        "value": 2,
        "unit": "years",
        "effective_from": EARLIEST,
        "title": "Đảng viên hai năm liền không hoàn thành nhiệm vụ thì chi bộ xem xét, đề nghị "
        "xóa tên",
        "source": "Quy định 29-QĐ/TW, 24-QĐ/TW, 294-QĐ/TW mục 8.1 (đảng viên hai năm liền vi "
        "phạm tư cách đảng viên)",
        "confidence": "partial",
        "note": "Việc coi hai năm liền xếp loại không hoàn thành nhiệm vụ là hai năm liền vi "
        "phạm tư cách đảng viên chưa thấy văn bản gốc.",
    },
    {
        "key": "competence.assessment_member",
        "value": {"proposer": "cell", "decider": "grassroots"},
        "unit": "mapping",
        "effective_from": EARLIEST,
        "title": "Thẩm quyền quyết định xếp loại chất lượng đảng viên",
        "source": "Hướng dẫn 25-HD/BTCTW (2023), Hướng dẫn 43-HD/BTCTW (31/10/2025)",
        "confidence": "partial",
        "note": "Chi bộ đánh giá, đề xuất mức xếp loại; cấp ủy cơ sở (chi bộ cơ sở) quyết định.",
    },
    {
        "key": "competence.assessment_organization",
        "value": {"decider": "parent"},
        "unit": "mapping",
        "effective_from": EARLIEST,
        "title": "Thẩm quyền quyết định xếp loại chất lượng tổ chức đảng",
        "source": "Hướng dẫn 43-HD/BTCTW (31/10/2025)",
        "confidence": "confirmed",
        "note": "Ban thường vụ cấp ủy cấp trên trực tiếp có thẩm quyền xem xét, quyết định mức "
        "xếp loại.",
    },
]

#: The rules of the assessment rounds (data migration 0005).
ROUND_RULES: list[dict[str, Any]] = [
    {
        "key": "assessment.not_assessed",
        "value": ["exempted"],
        "unit": "list",
        "effective_from": EARLIEST,
        "title": "Đảng viên không đánh giá, xếp loại chất lượng: đảng viên được miễn công tác và "
        "sinh hoạt đảng",
        "source": "Hướng dẫn 21-HD/BTCTW (2019); Hướng dẫn 25-HD/BTCTW, 43-HD/BTCTW",
        "confidence": "partial",
        "note": "Hướng dẫn 21-HD/BTCTW bổ sung cả đảng viên bị đình chỉ sinh hoạt đảng; hệ thống "
        "chưa ghi việc đình chỉ sinh hoạt đảng nên chỉ loại trừ đảng viên được miễn công tác và "
        "sinh hoạt đảng (xác định tại ngày chốt danh sách của đợt).",
    },
    {
        "key": "assessment.organization_kinds",
        "value": [
            "upper_grassroots",
            "grassroots_committee",
            "grassroots_cell",
            "sub_committee",
            "cell",
        ],
        "unit": "list",
        "effective_from": EARLIEST,
        "title": "Tổ chức đảng được đánh giá, xếp loại chất lượng hằng năm",
        "source": "Quy định 366-QĐ/TW (30/08/2025); Hướng dẫn 43-HD/BTCTW (31/10/2025)",
        "confidence": "partial",
        "note": "Đảng bộ, chi bộ cơ sở, đảng bộ bộ phận, chi bộ trực thuộc và cấp trên cơ sở; "
        "tổ chức mở đợt được cấp trên của nó đánh giá nên không thuộc đợt của chính nó.",
    },
]
