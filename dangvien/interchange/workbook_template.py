"""The downloadable XLSX template of a bundle: one sheet per file plus a guide in Vietnamese."""

from __future__ import annotations

import io

from dangvien.interchange.bundle import COLUMNS, FILES, MANDATORY, REQUIRED
from dangvien.interchange.problems import EVENT_TYPES

GUIDE_SHEET = "Hướng dẫn"
DATE = "Ngày, dạng YYYY-MM-DD (ví dụ 2022-04-30)."

KINDS = (
    "central (cấp Trung ương); provincial (đảng bộ tỉnh, thành phố trực thuộc TW, đảng bộ trực "
    "thuộc TW); upper_grassroots (cấp trên trực tiếp cơ sở: huyện/quận/thị xã trước 07/2025, "
    "xã/phường/đặc khu sau đó, đảng bộ khối, cơ quan); grassroots_committee (đảng bộ cơ sở); "
    "grassroots_cell (chi bộ cơ sở); sub_committee (đảng bộ bộ phận); cell (chi bộ trực thuộc)"
)
SECTORS = (
    "Tổ chức cơ sở đảng: commune (xã), ward (phường), township (thị trấn), special_zone (đặc "
    "khu), agency (cơ quan), public_service (đơn vị sự nghiệp), state_enterprise (doanh nghiệp "
    "nhà nước), non_state_enterprise (doanh nghiệp ngoài nhà nước), army (quân đội), police "
    "(công an), other (khác). Chi bộ (tùy chọn): residential (thôn, ấp, khu phố, tổ dân phố), "
    "school (trường học), health (y tế), enterprise (doanh nghiệp), agency (cơ quan), other (khác)"
)
EVENTS = {
    "transfer": "chuyển sinh hoạt chính thức sang organization_code",
    "temporary_out": "chuyển sinh hoạt tạm thời đến organization_code",
    "temporary_return": "trở về sau sinh hoạt tạm thời",
    "exempt": "miễn công tác và sinh hoạt đảng",
    "exempt_end": "thôi miễn công tác và sinh hoạt đảng",
    "removed": "xóa tên",
    "resigned": "ra khỏi Đảng",
    "expelled": "khai trừ",
    "died": "từ trần",
    "transfer_issued": "đã cấp giấy giới thiệu chuyển sinh hoạt (đang chuyển đến organization_code)",
    "transfer_received": "nơi đến đã tiếp nhận",
    "transfer_cancelled": "hủy chuyển sinh hoạt",
    "readmitted": "kết nạp lại vào organization_code",
    "recognised": "công nhận đảng viên chính thức",
}
POSTS = (
    "secretary (bí thư), deputy_secretary (phó bí thư), standing_member (ủy viên ban thường "
    "vụ), member (cấp ủy viên)"
)
THEORY = (
    "none (chưa qua đào tạo), elementary (sơ cấp), intermediate (trung cấp), advanced (cao "
    "cấp), bachelor (cử nhân)"
)

FILE_DESCRIPTIONS = {
    "organizations.csv": "Mỗi dòng một tổ chức đảng đã từng tồn tại.",
    "org_changes.csv": "Thay đổi tổ chức sau khi thành lập: chuyển, đổi tên, hợp nhất, đổi loại.",
    "members.csv": "Mỗi dòng một người đã từng là đảng viên.",
    "member_events.csv": "Những gì xảy ra với đảng viên sau khi kết nạp.",
    "committee_members.csv": "Ai giữ chức vụ nào trong cấp ủy, từ ngày nào đến ngày nào.",
    "populations.csv": "Dân số địa bàn tổ chức đảng lãnh đạo, để tính tỷ lệ đảng viên/dân số.",
    "targets.csv": "Chỉ tiêu kết nạp đảng viên theo nhiệm kỳ.",
}

DESCRIPTIONS: dict[str, dict[str, str]] = {
    "organizations.csv": {
        "code": "Mã tổ chức, duy nhất và không đổi (phân biệt chữ hoa, chữ thường).",
        "name": "Tên đầy đủ khi thành lập, ví dụ Đảng bộ xã Mỹ An (đổi tên sau đó ghi ở "
        "org_changes).",
        "kind": "Loại tổ chức: " + KINDS + ".",
        "sector": "Loại hình: " + SECTORS + ".",
        "parent_code": "Mã tổ chức cấp trên khi thành lập; để trống với tổ chức gốc.",
        "established_on": "Ngày thành lập. " + DATE,
        "dissolved_on": "Ngày giải thể hoặc hợp nhất vào tổ chức khác; để trống nếu còn "
        "hoạt động. " + DATE,
    },
    "org_changes.csv": {
        "code": "Mã tổ chức thay đổi.",
        "change": "Loại thay đổi: move (chuyển sang cấp trên khác), rename (đổi tên), merge "
        "(hợp nhất vào tổ chức khác, tổ chức kết thúc ngày đó), reclassify (đổi loại tổ chức).",
        "effective_on": "Ngày có hiệu lực. " + DATE,
        "new_parent_code": "Mã cấp trên mới (bắt buộc với move).",
        "new_name": "Tên mới (bắt buộc với rename).",
        "merged_into_code": "Mã tổ chức nhận hợp nhất (bắt buộc với merge).",
        "new_kind": "Loại tổ chức mới (bắt buộc với reclassify): " + KINDS + ".",
        "new_sector": "Loại hình mới khi đổi loại (tùy chọn): " + SECTORS + ".",
        "child_kinds": "Loại mới của các tổ chức trực thuộc khi đổi loại (tùy chọn), dạng "
        "MA1:cell;MA2:grassroots_cell.",
    },
    "members.csv": {
        "member_id": "Khóa duy nhất của đảng viên (số lý lịch hoặc khóa của nguồn dữ liệu).",
        "full_name": "Họ và tên có dấu.",
        "sex": "Giới tính: M (nam) hoặc F (nữ).",
        "birth_date": "Ngày sinh. " + DATE,
        "national_id": "Số căn cước công dân 12 chữ số (tùy chọn, không trùng nhau).",
        "ethnicity": "Dân tộc (tùy chọn).",
        "religion": "Tôn giáo (tùy chọn).",
        "education": "Trình độ giáo dục phổ thông (tùy chọn), ví dụ 12/12.",
        "political_theory": "Trình độ lý luận chính trị (tùy chọn): " + THEORY + ".",
        "organization_code": "Mã chi bộ hoặc chi bộ cơ sở nơi đảng viên được kết nạp.",
        "decision_on": "Ngày cấp ủy có thẩm quyền ký quyết định kết nạp (tính tuổi đảng). " + DATE,
        "admitted_on": "Ngày lễ kết nạp (bắt đầu thời gian dự bị). " + DATE,
        "official_on": "Ngày được công nhận đảng viên chính thức; để trống khi còn dự bị. " + DATE,
        "decision_number": "Số quyết định kết nạp (tùy chọn).",
        "other_names": "Tên gọi khác (tùy chọn).",
        "birth_place": "Nơi sinh (tùy chọn).",
        "home_town": "Quê quán (tùy chọn).",
        "professional_qualification": "Trình độ chuyên môn (tùy chọn).",
        "occupation": "Nghề nghiệp (tùy chọn).",
        "phone": "Số điện thoại (tùy chọn).",
        "address": "Nơi ở hiện nay (tùy chọn).",
        "party_card_number": "Số thẻ đảng viên (tùy chọn).",
        "introducers": "Người giới thiệu vào Đảng (tùy chọn).",
    },
    "member_events.csv": {
        "member_id": "Khóa của đảng viên (như trong members).",
        "event": "Sự kiện: " + "; ".join(f"{k} ({v})" for k, v in EVENTS.items()) + ".",
        "effective_on": "Ngày có hiệu lực. " + DATE,
        "organization_code": "Tổ chức đảng liên quan (nơi chuyển đến, nơi sinh hoạt tạm thời).",
        "note": "Ghi chú (tùy chọn).",
    },
    "committee_members.csv": {
        "organization_code": "Mã tổ chức có cấp ủy.",
        "member_id": "Khóa của đảng viên giữ chức vụ.",
        "post": "Chức vụ: " + POSTS + ".",
        "from": "Giữ chức vụ từ ngày. " + DATE,
        "to": "Đến ngày; để trống khi còn giữ chức vụ. " + DATE,
        "full_name": "Họ và tên (tùy chọn, khi người giữ chức vụ không có trong members).",
    },
    "populations.csv": {
        "organization_code": "Mã tổ chức đảng lãnh đạo địa bàn.",
        "year": "Năm của số liệu dân số, ví dụ 2021.",
        "population": "Dân số (số nguyên).",
    },
    "targets.csv": {
        "organization_code": "Mã tổ chức đặt chỉ tiêu.",
        "period_from": "Đầu nhiệm kỳ. " + DATE,
        "period_to": "Cuối nhiệm kỳ. " + DATE,
        "admissions": "Số đảng viên phải kết nạp trong nhiệm kỳ.",
        "members_per_population_percent": "Tỷ lệ đảng viên so với dân số phải đạt (%), ví dụ 3.85.",
        "kind": "Loại kỳ: term (nhiệm kỳ; mặc định khi để trống) hoặc year (chỉ tiêu năm, có thể "
        "nằm trong một nhiệm kỳ).",
    },
}


def template_xlsx() -> bytes:
    """One sheet per bundle file with its header row, and the guide sheet."""
    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Font

    bold = Font(bold=True)
    workbook = Workbook()
    guide = workbook.active
    guide.title = GUIDE_SHEET
    guide.append(["Mẫu nhập dữ liệu dangvien"])
    guide["A1"].font = Font(bold=True, size=14)
    guide.append(
        [
            "Mỗi trang tính là một tệp của bộ dữ liệu; giữ nguyên dòng tiêu đề, mỗi dòng sau là một "
            "bản ghi. Ô trống nghĩa là không rõ hoặc không áp dụng. Ngày ghi dạng YYYY-MM-DD. Tệp "
            "organizations và members là bắt buộc, các tệp khác tùy chọn."
        ]
    )
    guide.append([])
    guide.append(["Trang tính (tệp)", "Cột", "Bắt buộc", "Ý nghĩa, định dạng, giá trị cho phép"])
    for cell in guide[guide.max_row]:
        cell.font = bold
    for name in FILES:
        sheet_name = name.removesuffix(".csv")
        required = "bắt buộc" if name in REQUIRED else "tùy chọn"
        guide.append([sheet_name, "", required, FILE_DESCRIPTIONS[name]])
        guide.cell(guide.max_row, 1).font = bold
        for column in COLUMNS[name]:
            guide.append(
                [
                    sheet_name,
                    column,
                    "có" if column in MANDATORY[name] else "",
                    DESCRIPTIONS[name][column],
                ]
            )
        sheet = workbook.create_sheet(sheet_name)
        sheet.append(COLUMNS[name])
        for index, column in enumerate(COLUMNS[name], start=1):
            sheet.cell(1, index).font = bold
            sheet.column_dimensions[sheet.cell(1, index).column_letter].width = max(
                12, len(column) + 4
            )
        sheet.freeze_panes = "A2"
    for letter, width in (("A", 22), ("B", 30), ("C", 10), ("D", 110)):
        guide.column_dimensions[letter].width = width
    for row in guide.iter_rows(min_row=5):
        row[3].alignment = Alignment(wrap_text=True, vertical="top")
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


assert set(EVENTS) == set(EVENT_TYPES), "every event of the importer is documented"
