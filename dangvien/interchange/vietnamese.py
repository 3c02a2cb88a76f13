"""The bundle as officers keep it: Vietnamese sheet names, column headers and values.

Officers keep their lists in Excel with Vietnamese headers ("Họ và tên", "Ngày sinh"),
Vietnamese values ("Nam"/"Nữ", "Chi bộ", "Xã") and dates written "30/04/2022". The import reads
such a file as if it were written in the contract's form (§2 of the interchange contract), which
keeps working unchanged: a cell that already holds a contract value is never touched.

One table per file kind (``FileWords``), data rather than code: the names the file or sheet may
have, the Vietnamese headers of each column (the first one is the template's), the columns that
hold a date (30/04/2022) or a month (04/2022), and for columns holding a coded value the
Vietnamese words for each code. The
bundle reader (``bundle.Bundle``) applies the table of the file it reads, so every section sees
contract columns and values whatever the file said; problems are reported back under the
headers and sheet names the file used. An app adding a bundle file registers its table with
``vocabularies.register(file_name, FileWords(...))`` in its ``AppConfig.ready()``.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from datetime import date
from functools import cached_property

from dangvien.core.registry import Registry
from dangvien.core.text import fold  # headers and values compare without case or diacritics

#: A day written as officers write it: 30/04/2022, 3/4/2022, 30-04-2022 or 30.04.2022.
_VN_DAY = re.compile(r"^(\d{1,2})[/.-](\d{1,2})[/.-](\d{4})$")
#: A month written as officers write it: 04/2022, 4/2022, 04-2022 or 04.2022.
_VN_MONTH = re.compile(r"^(\d{1,2})[/.-](\d{4})$")


def iso_day(raw: str) -> str:
    """``raw`` as an ISO date when it is a day written day/month/year; else unchanged (an ISO
    date, or something the section then reports as not a date, as it was written)."""
    if len(raw) == 10 and raw[4] == "-":
        return raw
    match = _VN_DAY.match(raw.strip())
    if match is None:
        return raw
    day, month, year = (int(part) for part in match.groups())
    try:
        return date(year, month, day).isoformat()
    except ValueError:
        return raw  # 31/02/1970: reported as written


def iso_month(raw: str) -> str:
    """``raw`` as the contract's month (``YYYY-MM``) when it is a month written month/year, or
    the first day of a month (what a spreadsheet keeps of "2022-04" typed into a cell it reads
    as a date); else unchanged (a contract month, or something the section then reports as not
    a month, as it was written)."""
    value = raw.strip()
    if len(value) == 10 and value[4] == "-" and value.endswith("-01"):
        return value[:7]
    match = _VN_MONTH.match(value)
    if match is None or not 1 <= int(match.group(1)) <= 12:
        return raw
    return f"{match.group(2)}-{int(match.group(1)):02d}"


@dataclass(frozen=True)
class FileWords:
    """The Vietnamese words of one bundle file.

    ``names``: sheet or file names (without ``.csv``), the first is the template's sheet;
    ``headers``: contract column → its Vietnamese headers, the first is the template's;
    ``dates``: the columns that hold a date; ``months``: those that hold a month
    (``YYYY-MM``); ``values``: contract column → Vietnamese word → the contract's value.
    """

    names: tuple[str, ...]
    headers: Mapping[str, tuple[str, ...]]
    dates: frozenset[str] = frozenset()
    values: Mapping[str, Mapping[str, str]] = field(default_factory=dict)
    months: frozenset[str] = frozenset()

    @cached_property
    def _columns(self) -> dict[str, str]:
        return {fold(word): column for column, words in self.headers.items() for word in words}

    @cached_property
    def _values(self) -> dict[str, dict[str, str]]:
        return {
            column: {fold(word): value for word, value in words.items()}
            for column, words in self.values.items()
        }

    def column(self, header: str) -> str | None:
        """The contract column a Vietnamese header names (None when it names none)."""
        return self._columns.get(fold(header))

    def header(self, column: str) -> str:
        """The template's Vietnamese header of ``column`` (the column itself when it has none)."""
        words = self.headers.get(column)
        return words[0] if words else column

    def value(self, column: str, raw: str) -> str:
        """The contract value of a Vietnamese word in ``column``; ``raw`` when it is none."""
        words = self._values.get(column)
        if not words or not raw:
            return raw
        return words.get(fold(raw), raw)

    def normaliser(self, columns: Mapping[str, int]) -> Normaliser | None:
        """What turns the rows of a file with these ``columns`` (name → position) into the
        contract's values; None when no column needs it."""
        dates = [i for name, i in columns.items() if name in self.dates]
        months = [i for name, i in columns.items() if name in self.months]
        coded = [
            (i, self._values[name], frozenset(self._values[name].values()))
            for name, i in columns.items()
            if name in self._values
        ]
        if not dates and not months and not coded:
            return None
        return Normaliser(dates, coded, months)


@dataclass(frozen=True)
class Normaliser:
    dates: list[int]
    coded: list[tuple[int, dict[str, str], frozenset[str]]]
    months: list[int] = field(default_factory=list)

    def __call__(self, rows: Iterator[tuple[int, list[str]]]) -> Iterator[tuple[int, list[str]]]:
        dates, coded, months = self.dates, self.coded, self.months
        for line, values in rows:
            for i in dates:
                value = values[i]
                if value and value[4:5] != "-":
                    values[i] = iso_day(value)
            for i in months:
                value = values[i]
                if value and not (len(value) == 7 and value[4] == "-"):  # 2022-04 is kept
                    values[i] = iso_month(value)
            for i, words, contract in coded:
                value = values[i]
                if value and value not in contract:  # a contract value is left as it is
                    values[i] = words.get(fold(value), value)
            yield line, values


#: The table of each bundle file, by its contract name (e.g. ``members.csv``).
vocabularies: Registry[FileWords] = Registry("interchange vocabularies")


def words_of(file: str) -> FileWords | None:
    return vocabularies.get(file)


def contract_file(name: str) -> str | None:
    """The contract file a sheet or file name given in Vietnamese stands for (None if none)."""
    key = fold(name.removesuffix(".csv").removesuffix(".CSV"))
    for file, words in vocabularies.items():
        if key in {fold(n) for n in words.names}:
            return file
    return None


#
# The tables of the files of the contract (the sections of the apps that own them register no
# words of their own: the officers' vocabulary of the whole contract is kept here, in one place)
#

SEX = {"Nam": "M", "Nữ": "F", "Nu": "F", "Male": "M", "Female": "F"}
KINDS = {
    "Trung ương": "central",
    "Đảng bộ tỉnh": "provincial",
    "Đảng bộ thành phố": "provincial",
    "Đảng bộ tỉnh, thành phố": "provincial",
    "Tỉnh ủy": "provincial",
    "Thành ủy": "provincial",
    "Đảng bộ cấp tỉnh": "provincial",
    "Đảng bộ cấp trên cơ sở": "upper_grassroots",
    "Cấp trên cơ sở": "upper_grassroots",
    "Đảng bộ huyện": "upper_grassroots",
    "Đảng bộ cơ sở": "grassroots_committee",
    "Chi bộ cơ sở": "grassroots_cell",
    "Đảng bộ bộ phận": "sub_committee",
    "Chi bộ": "cell",
    "Chi bộ trực thuộc": "cell",
}
SECTORS = {
    "Xã": "commune",
    "Phường": "ward",
    "Thị trấn": "township",
    "Đặc khu": "special_zone",
    "Cơ quan": "agency",
    "Đơn vị sự nghiệp": "public_service",
    "Doanh nghiệp nhà nước": "state_enterprise",
    "Doanh nghiệp ngoài nhà nước": "non_state_enterprise",
    "Doanh nghiệp ngoài khu vực nhà nước": "non_state_enterprise",
    "Quân đội": "army",
    "Công an": "police",
    "Khu dân cư": "residential",
    "Thôn, ấp, khu phố": "residential",
    "Trường học": "school",
    "Y tế": "health",
    "Doanh nghiệp": "enterprise",
    "Khác": "other",
}
THEORY = {
    "Chưa qua đào tạo": "none",
    "Không": "none",
    "Sơ cấp": "elementary",
    "Trung cấp": "intermediate",
    "Cao cấp": "advanced",
    "Cử nhân": "bachelor",
}
EVENTS = {
    "Chuyển sinh hoạt": "transfer",
    "Chuyển sinh hoạt chính thức": "transfer",
    "Chuyển sinh hoạt tạm thời": "temporary_out",
    "Trở về sau sinh hoạt tạm thời": "temporary_return",
    "Miễn công tác và sinh hoạt đảng": "exempt",
    "Miễn sinh hoạt": "exempt",
    "Thôi miễn sinh hoạt": "exempt_end",
    "Xóa tên": "removed",
    "Ra khỏi Đảng": "resigned",
    "Xin ra khỏi Đảng": "resigned",
    "Khai trừ": "expelled",
    "Từ trần": "died",
    "Qua đời": "died",
    "Giới thiệu chuyển sinh hoạt": "transfer_issued",
    "Tiếp nhận chuyển sinh hoạt": "transfer_received",
    "Hủy chuyển sinh hoạt": "transfer_cancelled",
    "Kết nạp lại": "readmitted",
    "Công nhận đảng viên chính thức": "recognised",
    "Chuyển chính thức": "recognised",
}
CHANGES = {
    "Chuyển trực thuộc": "move",
    "Đổi tên": "rename",
    "Hợp nhất": "merge",
    "Sáp nhập": "merge",
    "Chuyển loại": "reclassify",
}
POSTS = {
    "Bí thư": "secretary",
    "Phó Bí thư": "deputy_secretary",
    "Ủy viên Ban Thường vụ": "standing_member",
    "Ủy viên Ban thường vụ": "standing_member",
    "Cấp ủy viên": "member",
    "Ủy viên": "member",
}
TERM_KINDS = {"Nhiệm kỳ": "term", "Năm": "year"}
MEETING_KINDS = {
    "Sinh hoạt thường kỳ": "regular",
    "Thường kỳ": "regular",
    "Sinh hoạt chuyên đề": "thematic",
    "Chuyên đề": "thematic",
    "Họp chi ủy / cấp ủy": "committee",
    "Họp chi ủy": "committee",
    "Họp cấp ủy": "committee",
    "Cuộc họp khác": "other",
    "Khác": "other",
}
ATTENDANCE = {
    "Có mặt": "present",
    "Vắng có lý do": "excused",
    "Vắng không có lý do": "unexcused",
    "Vắng không lý do": "unexcused",
}
SUBJECTS = {"Đảng viên": "member", "Tổ chức đảng": "organization", "Tổ chức": "organization"}
LEVELS = {
    "Hoàn thành xuất sắc nhiệm vụ": "excellent",
    "HTXSNV": "excellent",
    "Hoàn thành tốt nhiệm vụ": "good",
    "HTTNV": "good",
    "Hoàn thành nhiệm vụ": "completed",
    "HTNV": "completed",
    "Không hoàn thành nhiệm vụ": "not_completed",
    "KHTNV": "not_completed",
}
DISCIPLINE_FORMS = {
    "Khiển trách": "reprimand",
    "Cảnh cáo": "warning",
    "Cách chức": "dismissal",
    "Khai trừ": "expulsion",
    "Giải tán": "dissolution",
}
FEE_BASES = {
    "Tiền lương làm căn cứ đóng BHXH": "salary",
    "Tiền lương": "salary",
    "Lương hưu": "pension",
    "Trợ cấp BHXH (ốm đau, thai sản)": "benefit",
    "Trợ cấp ốm đau, thai sản": "benefit",
    "Trợ cấp hưu trí xã hội": "social_pension",
    "Học sinh, sinh viên": "student",
    "Khác (không có thu nhập làm căn cứ)": "other",
    "Khác": "other",
}
FEE_RELIEFS = {"Miễn": "exemption", "Miễn (hoàn cảnh khó khăn)": "exemption", "Giảm": "reduction"}
FEE_CHANNELS = {
    "Tiền mặt": "cash",
    "Tiền mặt cho chi bộ": "cash",
    "Cổng Dịch vụ công Quốc gia": "portal",
    "Cổng Dịch vụ công": "portal",
}
ORG_CODE = ("Mã tổ chức", "Mã tổ chức đảng", "Mã chi bộ", "Mã đảng bộ, chi bộ")
MEMBER_ID = ("Mã đảng viên", "Số lý lịch", "Số LL", "Mã ĐV")
MEETING_ID = ("Mã cuộc họp",)
#: assessments.csv and assessment_history.csv: the same columns (the history holds the results
#: a correction superseded)
ASSESSMENT_HEADERS: Mapping[str, tuple[str, ...]] = {
    "year": ("Năm", "Năm đánh giá"),
    "subject": ("Đối tượng",),
    "code": ("Mã đảng viên hoặc tổ chức", "Mã"),
    "level": ("Mức xếp loại", "Xếp loại", "Mức xếp loại chất lượng"),
    "score": ("Điểm",),
    "decided_on": ("Ngày quyết định",),
    "decided_by_code": ("Mã tổ chức quyết định", "Cấp quyết định (mã)"),
}

TABLES: dict[str, FileWords] = {
    "organizations.csv": FileWords(
        names=("Tổ chức", "To chuc", "Tổ chức đảng", "to_chuc"),
        headers={
            "code": ("Mã tổ chức", "Mã", "Mã tổ chức đảng"),
            "name": ("Tên tổ chức", "Tên", "Tên tổ chức đảng"),
            "kind": ("Loại tổ chức", "Cấp tổ chức", "Loại"),
            "sector": ("Loại hình", "Loại hình tổ chức"),
            "parent_code": ("Mã tổ chức cấp trên", "Mã cấp trên", "Trực thuộc"),
            "established_on": ("Ngày thành lập",),
            "dissolved_on": ("Ngày giải thể", "Ngày giải thể, sáp nhập"),
        },
        dates=frozenset({"established_on", "dissolved_on"}),
        values={"kind": KINDS, "sector": SECTORS},
    ),
    "org_changes.csv": FileWords(
        names=("Thay đổi tổ chức", "Biến động tổ chức", "thay_doi_to_chuc"),
        headers={
            "code": ("Mã tổ chức", "Mã"),
            "change": ("Thay đổi", "Loại thay đổi"),
            "effective_on": ("Ngày hiệu lực",),
            "new_parent_code": ("Mã cấp trên mới",),
            "new_name": ("Tên mới",),
            "merged_into_code": ("Hợp nhất vào (mã)", "Mã tổ chức hợp nhất vào"),
            "new_kind": ("Loại tổ chức mới",),
            "new_sector": ("Loại hình mới",),
            "child_kinds": ("Loại tổ chức mới của cấp dưới",),
            "child_sectors": ("Loại hình mới của cấp dưới",),
        },
        dates=frozenset({"effective_on"}),
        values={"change": CHANGES, "new_kind": KINDS, "new_sector": SECTORS},
    ),
    "external_organizations.csv": FileWords(
        names=("Tổ chức ngoài", "to_chuc_ngoai"),
        headers={
            "code": ("Mã tổ chức", "Mã"),
            "name": ("Tên tổ chức", "Tên"),
            "established_on": ("Ngày thành lập",),
        },
        dates=frozenset({"established_on"}),
    ),
    "members.csv": FileWords(
        names=("Đảng viên", "Dang vien", "Danh sách đảng viên", "dang_vien"),
        headers={
            "member_id": MEMBER_ID,
            "full_name": ("Họ và tên", "Họ tên", "Họ và tên khai sinh"),
            "sex": ("Giới tính",),
            "birth_date": ("Ngày sinh", "Ngày, tháng, năm sinh"),
            "national_id": ("Số CCCD", "CCCD", "Số căn cước công dân", "Số định danh cá nhân"),
            "ethnicity": ("Dân tộc",),
            "religion": ("Tôn giáo",),
            "education": ("Trình độ giáo dục phổ thông", "Giáo dục phổ thông", "Học vấn"),
            "political_theory": ("Lý luận chính trị", "Trình độ lý luận chính trị"),
            "organization_code": ("Mã chi bộ kết nạp", "Mã tổ chức kết nạp", *ORG_CODE),
            "decision_on": ("Ngày quyết định kết nạp", "Ngày ký quyết định kết nạp"),
            "admitted_on": ("Ngày vào Đảng", "Ngày kết nạp"),
            "official_on": ("Ngày chính thức", "Ngày chuyển chính thức"),
            "decision_number": ("Số quyết định kết nạp",),
            "other_names": ("Tên gọi khác",),
            "birth_place": ("Nơi sinh",),
            "home_town": ("Quê quán",),
            "professional_qualification": ("Chuyên môn, nghiệp vụ", "Trình độ chuyên môn"),
            "occupation": ("Nghề nghiệp",),
            "phone": ("Điện thoại", "Số điện thoại"),
            "address": ("Nơi ở hiện nay", "Địa chỉ"),
            "party_card_number": ("Số thẻ đảng viên", "Số thẻ"),
            "introducers": ("Người giới thiệu",),
        },
        dates=frozenset({"birth_date", "decision_on", "admitted_on", "official_on"}),
        values={"sex": SEX, "political_theory": THEORY},
    ),
    "member_events.csv": FileWords(
        names=("Biến động đảng viên", "bien_dong_dang_vien"),
        headers={
            "member_id": MEMBER_ID,
            "event": ("Biến động", "Sự kiện"),
            "effective_on": ("Ngày hiệu lực", "Ngày"),
            "organization_code": ("Mã tổ chức liên quan", *ORG_CODE),
            "note": ("Ghi chú",),
        },
        dates=frozenset({"effective_on"}),
        values={"event": EVENTS},
    ),
    "committee_members.csv": FileWords(
        names=("Cấp ủy", "Cap uy", "cap_uy"),
        headers={
            "organization_code": ORG_CODE,
            "member_id": MEMBER_ID,
            "post": ("Chức vụ",),
            "from": ("Từ ngày",),
            "to": ("Đến ngày",),
            "full_name": ("Họ và tên", "Họ tên"),
        },
        dates=frozenset({"from", "to"}),
        values={"post": POSTS},
    ),
    "populations.csv": FileWords(
        names=("Dân số", "dan_so"),
        headers={
            "organization_code": ORG_CODE,
            "year": ("Năm",),
            "population": ("Dân số", "Số dân"),
        },
    ),
    "targets.csv": FileWords(
        names=("Chỉ tiêu", "chi_tieu"),
        headers={
            "organization_code": ORG_CODE,
            "period_from": ("Từ ngày",),
            "period_to": ("Đến ngày",),
            "admissions": ("Số đảng viên kết nạp", "Chỉ tiêu kết nạp"),
            "members_per_population_percent": ("Tỷ lệ đảng viên trên dân số (%)",),
            "kind": ("Loại kỳ",),
        },
        dates=frozenset({"period_from", "period_to"}),
        values={"kind": TERM_KINDS},
    ),
    # §4: party life (meetings, assessment, discipline, fees)
    "meetings.csv": FileWords(
        names=("Cuộc họp", "Sinh hoạt đảng", "Sinh hoạt chi bộ", "cuoc_hop"),
        headers={
            "meeting_id": MEETING_ID,
            "organization_code": (*ORG_CODE, "Mã tổ chức họp"),
            "kind": ("Loại cuộc họp", "Hình thức sinh hoạt"),
            "held_on": ("Ngày họp", "Ngày sinh hoạt"),
            "topic": ("Chủ đề", "Nội dung"),
        },
        dates=frozenset({"held_on"}),
        values={"kind": MEETING_KINDS},
    ),
    "attendance.csv": FileWords(
        names=("Điểm danh", "Dự họp", "diem_danh"),
        headers={
            "meeting_id": MEETING_ID,
            "member_id": MEMBER_ID,
            "status": ("Có mặt, vắng", "Tình trạng dự họp", "Tình trạng"),
            "reason": ("Lý do vắng", "Lý do"),
        },
        values={"status": ATTENDANCE},
    ),
    "assessments.csv": FileWords(
        names=("Đánh giá, xếp loại", "Xếp loại chất lượng", "danh_gia_xep_loai"),
        headers=ASSESSMENT_HEADERS,
        dates=frozenset({"decided_on"}),
        values={"subject": SUBJECTS, "level": LEVELS},
    ),
    "assessment_history.csv": FileWords(
        names=("Xếp loại đã đính chính", "lich_su_xep_loai"),
        headers=ASSESSMENT_HEADERS,
        dates=frozenset({"decided_on"}),
        values={"subject": SUBJECTS, "level": LEVELS},
    ),
    "discipline.csv": FileWords(
        names=("Kỷ luật", "ky_luat"),
        headers={
            "case_id": ("Mã hồ sơ", "Mã vụ việc"),
            "subject": ("Đối tượng",),
            "code": ("Mã đảng viên hoặc tổ chức", "Mã"),
            "form": ("Hình thức kỷ luật", "Hình thức"),
            "decided_on": ("Ngày quyết định",),
            "decided_by_code": ("Mã tổ chức quyết định", "Cấp quyết định (mã)"),
            "decision_number": ("Số quyết định",),
        },
        dates=frozenset({"decided_on"}),
        values={"subject": SUBJECTS, "form": DISCIPLINE_FORMS},
    ),
    "fee_bases.csv": FileWords(
        names=("Căn cứ đóng đảng phí", "Căn cứ đảng phí", "can_cu_dang_phi"),
        headers={
            "member_id": MEMBER_ID,
            "month": ("Áp dụng từ tháng", "Từ tháng"),
            "kind": ("Loại căn cứ", "Căn cứ"),
            "amount": ("Số tiền căn cứ (đồng)", "Số tiền"),
            "voluntary_amount": ("Mức tự nguyện đóng (đồng)", "Tự nguyện đóng"),
        },
        months=frozenset({"month"}),
        values={"kind": FEE_BASES},
    ),
    "fee_reliefs.csv": FileWords(
        names=("Miễn, giảm đảng phí", "Miễn giảm đảng phí", "mien_giam_dang_phi"),
        headers={
            "member_id": MEMBER_ID,
            "kind": ("Miễn hay giảm", "Loại"),
            "percent": ("Tỷ lệ miễn, giảm (%)", "Tỷ lệ (%)"),
            "first_month": ("Từ tháng",),
            "last_month": ("Đến tháng",),
            "decision_number": ("Số quyết định",),
            "decision_date": ("Ngày quyết định",),
            "decided_by": ("Mã tổ chức quyết định", "Cấp quyết định (mã)"),
            "reason": ("Lý do",),
        },
        dates=frozenset({"decision_date"}),
        months=frozenset({"first_month", "last_month"}),
        values={"kind": FEE_RELIEFS},
    ),
    "fee_payments.csv": FileWords(
        names=("Đảng phí đã đóng", "Đóng đảng phí", "Đảng phí", "dang_phi"),
        headers={
            "member_id": MEMBER_ID,
            "month": ("Tháng đóng", "Tháng"),
            "amount": ("Số tiền (đồng)", "Số tiền"),
            "paid_on": ("Ngày đóng",),
            "channel": ("Hình thức đóng",),
            "reference": ("Số chứng từ", "Số biên lai"),
        },
        dates=frozenset({"paid_on"}),
        months=frozenset({"month"}),
        values={"channel": FEE_CHANNELS},
    ),
}


def register_contract_words() -> None:
    """Register the tables above (the interchange app's ``ready()``)."""
    for file, words in TABLES.items():
        vocabularies.register(file, words)
