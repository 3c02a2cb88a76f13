"""The competence table as first seeded (data migration 0002), with sources and confidence.

Sources follow ../shared/docs/domain-rules.md §2 and §11 ("Who decides what"). Later changes go
through ``rule_set`` or new migrations, never by editing a value here.
"""

from __future__ import annotations

from typing import Any

EARLIEST = "1930-02-03"
TWO_THIRDS = {"num": 2, "den": 3}
HALF = {"num": 1, "den": 2}


def _competence(
    kind: str, title: str, value: dict[str, Any], source: str, confidence: str, note: str = ""
) -> dict[str, Any]:
    return {
        "key": f"competence.{kind}",
        "value": value,
        "unit": "mapping",
        "effective_from": EARLIEST,
        "title": title,
        "source": source,
        "confidence": confidence,
        "note": note,
    }


COMPETENCE_RULES: list[dict[str, Any]] = [
    _competence(
        "admission",
        "Thẩm quyền kết nạp đảng viên",
        {
            "proposer": "cell",
            "decider": "above_grassroots",
            "authorised": "grassroots",
            "vote": TWO_THIRDS,
            "deadline": "admission.decision_deadline_working_days",
            "extension": "admission.decision_extension_max_working_days",
        },
        "Quy định 29-QĐ/TW mục 4.3; Quy định 232-QĐ/TW, 294-QĐ/TW mục 4.3",
        "partial",
        "Chi bộ biểu quyết (2/3 đảng viên chính thức), ban thường vụ cấp ủy cấp trên trực tiếp của "
        "tổ chức cơ sở đảng quyết định; đảng ủy cơ sở được ủy quyền thì tự quyết định. Việc ánh xạ "
        "thẩm quyền sang cấp xã mới theo Quy định 294 chưa xác nhận.",
    ),
    _competence(
        "over_age_admission",
        "Thẩm quyền kết nạp người trên 60 tuổi",
        {"proposer": "cell", "decider": "provincial", "vote": TWO_THIRDS},
        "Quy định 232-QĐ/TW mục 3.1 (như Quy định 29, 24)",
        "confirmed",
        "Cấp ủy trực thuộc Trung ương xem xét, quyết định.",
    ),
    _competence(
        "recognition",
        "Thẩm quyền công nhận đảng viên chính thức",
        {
            "proposer": "cell",
            "decider": "above_grassroots",
            "authorised": "grassroots",
            "authorised_by": "admission",
            "vote": TWO_THIRDS,
            "deadline": "recognition.decision_deadline_working_days",
            "extension": "admission.decision_extension_max_working_days",
        },
        "Quy định 29-QĐ/TW mục 4.3; Quy định 232-QĐ/TW mục 4.3.1",
        "confirmed",
        "Trong 30 ngày làm việc kể từ nghị quyết đề nghị của chi bộ; gia hạn tối đa 30 ngày làm việc.",
    ),
    _competence(
        "probationary_removal",
        "Thẩm quyền xóa tên đảng viên dự bị",
        {
            "proposer": "cell",
            "decider": "above_grassroots",
            "authorised": "grassroots",
            "authorised_by": "admission",
            "vote": TWO_THIRDS,
            "deadline": "recognition.decision_deadline_working_days",
        },
        "Hướng dẫn 01-HD/TW mục 11; Quy định 24-QĐ/TW",
        "confirmed",
    ),
    _competence(
        "removal",
        "Thẩm quyền xóa tên đảng viên",
        {
            "proposer": "cell",
            "decider": "above_grassroots",
            "authorised": "grassroots",
            "vote": TWO_THIRDS,
        },
        "Quy định 29-QĐ/TW, 24-QĐ/TW mục 8.1; Hướng dẫn 01-HD/TW mục 11.1",
        "partial",
        "Tỷ lệ biểu quyết của chi bộ chưa xác nhận; dùng 2/3 như kết nạp.",
    ),
    _competence(
        "resignation",
        "Thẩm quyền cho ra khỏi Đảng",
        {"proposer": "cell", "decider": "above_grassroots", "authorised": "grassroots"},
        "Hướng dẫn 01-HD/TW; Sổ tay nghiệp vụ (đảng viên xin ra khỏi Đảng)",
        "partial",
    ),
    _competence(
        "expulsion",
        "Thẩm quyền khai trừ đảng viên",
        {
            "proposer": "cell",
            "decider": "above_grassroots",
            "authorised": "grassroots",
            "authorised_by": "admission",
            "vote": TWO_THIRDS,
        },
        "Điều lệ Đảng Điều 36 (khoản 2: đảng ủy cơ sở được ủy quyền kết nạp thì quyết định khai trừ); "
        "Quy định 69-QĐ/TW Điều 15; Quy định 296-QĐ/TW",
        "confirmed",
        "Chi bộ đề nghị với ít nhất 2/3 số đảng viên chính thức; tổ chức đảng có thẩm quyền quyết "
        "định với trên một nửa số thành viên. Đảng ủy bộ phận, ban thường vụ đảng ủy cơ sở không "
        "có quyền thi hành kỷ luật.",
    ),
    _competence(
        "reprimand",
        "Thẩm quyền khiển trách đảng viên",
        {"decider": "cell", "vote": HALF, "vote_strict": True},
        "Điều lệ Đảng Điều 36 khoản 1; Quy định 69-QĐ/TW Điều 15",
        "confirmed",
        "Chi bộ quyết định khiển trách đảng viên trong chi bộ (trừ vi phạm nhiệm vụ do cấp trên giao).",
    ),
    _competence(
        "warning",
        "Thẩm quyền cảnh cáo đảng viên",
        {"decider": "cell", "vote": HALF, "vote_strict": True},
        "Điều lệ Đảng Điều 36 khoản 1; Quy định 69-QĐ/TW Điều 15",
        "confirmed",
    ),
    _competence(
        "dismissal",
        "Thẩm quyền cách chức",
        {"proposer": "cell", "decider": "above_grassroots", "vote": HALF, "vote_strict": True},
        "Điều lệ Đảng Điều 36; Quy định 69-QĐ/TW Điều 15",
        "partial",
    ),
    _competence(
        "readmission",
        "Thẩm quyền kết nạp lại",
        {
            "proposer": "cell",
            "decider": "above_grassroots",
            "vote": TWO_THIRDS,
            "deadline": "admission.decision_deadline_working_days",
            "extension": "admission.decision_extension_max_working_days",
        },
        "Quy định 24-QĐ/TW, 294-QĐ/TW mục 3.5",
        "confirmed",
        "Cần ý kiến đồng ý bằng văn bản của ban thường vụ tỉnh ủy, thành ủy (3.5.1b).",
    ),
    _competence(
        "card_issue",
        "Thẩm quyền quyết định phát thẻ đảng viên",
        {"proposer": "grassroots", "decider": "above_grassroots"},
        "Hướng dẫn 01-HD/TW mục 14 (phát thẻ đảng viên); sổ phát thẻ do cấp ủy cấp trên trực tiếp "
        "của tổ chức cơ sở đảng quản lý",
        "confirmed",
    ),
    _competence(
        "badge_award",
        "Thẩm quyền tặng Huy hiệu Đảng",
        {"proposer": "grassroots", "decider": "provincial"},
        "Hướng dẫn 01-HD/TW mục 18; Hướng dẫn 56-HD/VPTW",
        "partial",
        "Cấp dưới đề nghị, cấp tỉnh quyết định; trường hợp đặc biệt do ban thường vụ tỉnh ủy.",
    ),
    _competence(
        "exemption",
        "Thẩm quyền miễn công tác và sinh hoạt đảng",
        {"decider": "cell"},
        "Quy định 24-QĐ/TW mục 7.1; Hướng dẫn 27-HD/BTCTW",
        "confirmed",
        "Chi bộ xem xét, quyết định; chi ủy báo cáo cấp ủy cấp trên trực tiếp.",
    ),
    _competence(
        "transfer_introduction",
        "Thẩm quyền giới thiệu chuyển sinh hoạt đảng chính thức",
        {
            "proposer": "cell",
            "decider": "grassroots",
            "decider_outside": "above_grassroots",
            "deadline": "transfer.official_filing_working_days",
        },
        "Quy định 294-QĐ/TW mục 6.3.1",
        "partial",
        "Đảng viên nộp hồ sơ trong 60 ngày làm việc; trong đảng bộ cơ sở thì tổ chức cơ sở đảng "
        "giới thiệu, ra ngoài thì cấp ủy cấp trên trực tiếp của tổ chức cơ sở đảng giới thiệu "
        "(với tổ chức trực thuộc tỉnh: Ban Tổ chức tỉnh ủy — chưa mô hình hóa).",
    ),
    {
        "key": "vote.convened_excludes",
        "value": ["exempted", "temporarily_away"],
        "unit": "list",
        "effective_from": EARLIEST,
        "title": "Đảng viên không tính vào số được triệu tập khi biểu quyết",
        "source": "Quy định 45-QĐ/TW (2011) mục 16.3a",
        "confidence": "unconfirmed",
        "note": "Nguồn bị cắt ở danh sách loại trừ; giả định miễn sinh hoạt và sinh hoạt tạm thời nơi khác.",
    },
]
