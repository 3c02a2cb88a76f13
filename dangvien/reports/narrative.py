"""The text of a report in the party's style, and the labels of its document header."""

from __future__ import annotations

import re
from datetime import date
from typing import Any

from dangvien.core.formatting import vn_date, vn_decimal, vn_int
from dangvien.organizations.choices import CELL_KINDS
from dangvien.statistics.documents import SECTOR_LABELS
from dangvien.statistics.narrative import statistics_text

THEORY_LABELS = {
    "bachelor": "Cử nhân",
    "advanced": "Cao cấp",
    "intermediate": "Trung cấp",
    "elementary": "Sơ cấp",
    "none": "Chưa qua đào tạo",
    "": "Chưa rõ",
}
EXIT_LABELS = {
    "died": "Từ trần",
    "resigned": "Xin ra khỏi Đảng",
    "removed": "Xóa tên",
    "expelled": "Khai trừ",
}
KIND_LABELS = {
    "central": "Trung ương",
    "provincial": "Đảng bộ tỉnh",
    "upper_grassroots": "Đảng bộ cấp trên cơ sở",
    "grassroots_committee": "Đảng bộ cơ sở",
    "grassroots_cell": "Chi bộ cơ sở",
    "sub_committee": "Đảng bộ bộ phận",
    "cell": "Chi bộ",
}
ALL_SECTOR_LABELS = {
    **SECTOR_LABELS,
    "residential": "Khu dân cư",
    "school": "Trường học",
    "health": "Y tế",
    "enterprise": "Doanh nghiệp",
}

# (name prefix, issuing body prefix, abbreviation, signing body)
_ISSUERS = [
    ("Đảng bộ tỉnh ", "Tỉnh ủy ", "TU", "BAN THƯỜNG VỤ"),
    ("Đảng bộ thành phố ", "Thành ủy ", "TU", "BAN THƯỜNG VỤ"),
    ("Đảng bộ huyện ", "Huyện ủy ", "HU", "BAN THƯỜNG VỤ"),
    ("Đảng bộ quận ", "Quận ủy ", "QU", "BAN THƯỜNG VỤ"),
    ("Đảng bộ thị xã ", "Thị ủy ", "TU", "BAN THƯỜNG VỤ"),
    ("Đảng bộ xã ", "Đảng ủy xã ", "ĐU", "ĐẢNG ỦY"),
    ("Đảng bộ phường ", "Đảng ủy phường ", "ĐU", "ĐẢNG ỦY"),
    ("Đảng bộ thị trấn ", "Đảng ủy thị trấn ", "ĐU", "ĐẢNG ỦY"),
    ("Đảng bộ ", "Đảng ủy ", "ĐU", "ĐẢNG ỦY"),
    ("Chi bộ ", "Chi bộ ", "CB", "CHI BỘ"),
]


def vn_upper(text: str) -> str:
    return text.upper()


#: Names of territorial party committees: what follows the prefix is a place name.
_TERRITORIAL = (
    "Đảng bộ tỉnh ",
    "Đảng bộ thành phố ",
    "Đảng bộ huyện ",
    "Đảng bộ quận ",
    "Đảng bộ thị xã ",
    "Đảng bộ xã ",
    "Đảng bộ phường ",
    "Đảng bộ thị trấn ",
    "Đảng bộ đặc khu ",
)


def place_of(name: str | None) -> str:
    """The place name in a territorial committee's name ("Đảng bộ xã Mỹ An" → "Mỹ An"); ""
    for a cell, an agency or an enterprise (their name is no place)."""
    for prefix in _TERRITORIAL:
        if name and name.startswith(prefix):
            return re.sub(r"\s*\(.*\)$", "", name[len(prefix) :]).strip()
    return ""


def issuer(name: str, parent_name: str | None) -> dict[str, str]:
    """Header labels: the party organization above, the issuing body, the number suffix, the
    place, and who signs ("T/M BAN THƯỜNG VỤ"). The place of the date line is a place name:
    the organization's own when it is a territorial committee, else its superior's."""
    body, abbreviation, signer = name, "BC", "BAN THƯỜNG VỤ"
    for prefix, body_prefix, abbr, sign in _ISSUERS:
        if name.startswith(prefix):
            body = body_prefix + name[len(prefix) :]
            abbreviation, signer = abbr, sign
            break
    place = place_of(name) or place_of(parent_name)
    return {
        "above": vn_upper(parent_name) if parent_name else "",
        "body": vn_upper(body),
        "suffix": f"-BC/{abbreviation}",
        "place": place,
        "signer": f"T/M {signer}",
    }


def date_line(place: str, on: date) -> str:
    if not place:
        return f"Ngày {on.day} tháng {on.month} năm {on.year}"
    return f"{place}, ngày {on.day} tháng {on.month} năm {on.year}"


def period_title(kind: str, period_from: date, period_to: date) -> str:
    if kind == "first_half":
        return f"6 tháng đầu năm {period_to.year}"
    if kind == "year":
        return f"năm {period_to.year}"
    return f"từ ngày {vn_date(period_from)} đến ngày {vn_date(period_to)}"


def _share(count: int, total: int) -> str:
    return vn_decimal(100 * count / total, 2) + "%" if total else "0%"


def members_text(figures: dict[str, Any]) -> str:
    """Composition of the membership, in prose; a part whose count is zero is left out (a
    cell's report read "đảng viên có đạo 0 đồng chí")."""
    total = figures["members"]["total"]
    if not total:
        return ""
    b = figures["breakdowns"]
    female = figures["members"]["female"]
    young = b["age_bands"][0]["total"]
    old = sum(band["total"] for band in b["age_bands"][4:])
    theory = {row["value"]: row["count"] for row in b["political_theory"]}
    high = theory.get("advanced", 0) + theory.get("bachelor", 0)
    parts = [
        f"đảng viên nữ có {vn_int(female)} đồng chí (chiếm {_share(female, total)})"
        if female
        else "",
        f"đảng viên là người dân tộc thiểu số {vn_int(b['ethnic_minority'])} đồng chí"
        if b["ethnic_minority"]
        else "",
        f"đảng viên có đạo {vn_int(b['with_religion'])} đồng chí" if b["with_religion"] else "",
        f"đảng viên từ 30 tuổi trở xuống {vn_int(young)} đồng chí ({_share(young, total)})"
        if young
        else "",
        f"trên 60 tuổi {vn_int(old)} đồng chí ({_share(old, total)})" if old else "",
    ]
    kept = [part for part in parts if part]
    text = "Về cơ cấu, " + "; ".join(kept) + "." if kept else ""
    levels = [
        f"{vn_int(count)} đồng chí {label}"
        for count, label in (
            (high, "trình độ cao cấp, cử nhân"),
            (theory.get("intermediate", 0), "trung cấp"),
            (theory.get("elementary", 0), "sơ cấp"),
        )
        if count
    ]
    if levels:
        text += (" " if text else "") + "Về lý luận chính trị, có " + "; ".join(levels) + "."
    return text


def _is_cell(figures: dict[str, Any]) -> bool:
    """A cell's report (frozen figures of reports approved before the kind was kept read as a
    committee's)."""
    return figures["organization"].get("kind", "") in CELL_KINDS


def _whole(figures: dict[str, Any]) -> str:
    return "toàn Chi bộ" if _is_cell(figures) else "toàn Đảng bộ"


def movement_text(figures: dict[str, Any]) -> str:
    m = figures["movement"]
    start, end = date.fromisoformat(m["from"]), date.fromisoformat(m["to"])
    text = f"Từ ngày {vn_date(start)} đến ngày {vn_date(end)}, {_whole(figures)} "
    text += (
        f"đã kết nạp được {vn_int(m['admitted'])} đảng viên"
        if m["admitted"]
        else "chưa kết nạp được đảng viên mới nào"
    )
    if m["readmitted"]:
        text += f", kết nạp lại {vn_int(m['readmitted'])} đảng viên"
    if m["exits_total"]:
        details = ", ".join(
            f"{EXIT_LABELS[k].lower()} {vn_int(v)}" for k, v in m["exits"].items() if v
        )
        text += f"; giảm {vn_int(m['exits_total'])} đảng viên ({details})"
    return text + "."


def _direction(figures: dict[str, Any]) -> str:
    name = figures["organization"]["name"]
    subject = "Chi bộ tiếp tục" if _is_cell(figures) else "Các chi, đảng bộ trực thuộc tiếp tục"
    return (
        f"{subject} tập trung thực hiện tốt công tác xây dựng Đảng, nâng cao năng lực lãnh "
        "đạo, sức chiến đấu của tổ chức đảng và chất lượng đảng viên; chú trọng công tác tạo "
        "nguồn, bồi dưỡng, kết nạp đảng viên, phấn đấu hoàn thành chỉ tiêu phát triển đảng viên "
        f"mà Nghị quyết Đại hội {name} đã đề ra."
    )


def report_paragraphs(figures: dict[str, Any]) -> list[tuple[str, str]]:
    """(heading, paragraph) pairs of the report body; headings may repeat as ""."""
    composition = members_text(figures)
    return [
        (
            "I. TÌNH HÌNH TỔ CHỨC ĐẢNG VÀ ĐẢNG VIÊN",
            statistics_text(figures),
        ),
        *([("", composition)] if composition else []),
        ("II. CÔNG TÁC PHÁT TRIỂN ĐẢNG VIÊN", movement_text(figures)),
        ("III. PHƯƠNG HƯỚNG, NHIỆM VỤ THỜI GIAN TỚI", _direction(figures)),
    ]
