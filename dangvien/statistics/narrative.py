"""The Vietnamese summary of a subtree's statistics, in the style of a party report.

The text speaks from the day of its figures, as a report dated that day does ("hiện có …",
"… đến nay", the day named in the membership sentence): the same figures read the same
whatever the day they are read (an approved report renders its frozen figures). A count of zero
is left out rather than written "0 …"; a chi bộ, with nothing under it, has no sentence of its
subordinates.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from dangvien.core.formatting import vn_date, vn_decimal, vn_int
from dangvien.statistics.selectors import percent

SECTOR_NAMES = {
    "commune": "xã",
    "ward": "phường",
    "township": "thị trấn",
    "special_zone": "đặc khu",
}


def _join(parts: list[str]) -> str:
    parts = [p for p in parts if p]
    if len(parts) <= 1:
        return "".join(parts)
    return ", ".join(parts[:-1]) + " và " + parts[-1]


def _organizations(stats: dict[str, Any], name: str, has: str) -> str:
    """ "<name> hiện có 38 chi bộ, đảng bộ cơ sở trực thuộc, trong đó …" without its period;
    "" when the subtree has no organization below the root (a chi bộ)."""
    direct = stats["direct_subordinates"]
    grassroots = stats["grassroots"]
    tail = []
    if stats["sub_committees"]:
        tail.append(f"{vn_int(stats['sub_committees'])} đảng bộ bộ phận")
    if not grassroots["total"] and not direct["upper_grassroots"]:
        # the root is a grassroots organization (or a đảng bộ bộ phận): its own chi bộ
        if stats["cells"]:
            tail.append(f"{vn_int(stats['cells'])} chi bộ trực thuộc")
        return f"{name} {has} {', '.join(tail)}" if tail else ""
    if stats["cells"]:
        tail.append(f"{vn_int(stats['cells'])} chi bộ trực thuộc đảng bộ cơ sở")

    territorial = grassroots.get("territorial_committees", 0)
    sector_words = _join(
        [SECTOR_NAMES[s] for s in SECTOR_NAMES if grassroots["by_sector"].get(s)]
    ).replace(" và ", ", ")
    other_committees = grassroots["committees"] - territorial
    breakdown = _join(
        [
            f"{vn_int(territorial)} đảng bộ {sector_words}" if territorial else "",
            f"{vn_int(other_committees)} đảng bộ cơ sở" if other_committees else "",
            f"{vn_int(grassroots['cells'])} chi bộ cơ sở" if grassroots["cells"] else "",
        ]
    )
    if direct["grassroots"] == grassroots["total"] and not direct["upper_grassroots"]:
        opening = f"{name} {has} {vn_int(grassroots['total'])} chi bộ, đảng bộ cơ sở trực thuộc"
    else:
        parts = _join(
            [
                f"{vn_int(direct['upper_grassroots'])} đảng bộ cấp trên trực tiếp cơ sở"
                if direct["upper_grassroots"]
                else "",
                f"{vn_int(direct['grassroots'])} tổ chức cơ sở đảng"
                if direct["grassroots"]
                else "",
            ]
        )
        opening = f"{name} {has} {vn_int(direct['total'])} tổ chức đảng trực thuộc"
        opening += f" ({parts})" if parts else ""
        if grassroots["total"]:
            opening += f"; {vn_int(grassroots['total'])} tổ chức cơ sở đảng"
    if breakdown:
        opening += f", trong đó có {breakdown}"
    if tail:
        opening += "; " + ", ".join(tail)
    return opening


def statistics_text(stats: dict[str, Any]) -> str:
    """Render ``subtree_statistics`` as Vietnamese prose with Vietnamese number formatting."""
    name = stats["organization"]["name"]
    on = date.fromisoformat(stats["as_of"])
    members = stats["members"]
    sentences = []
    combined = stats.get("combined_from")
    if combined:
        # before its founding: the figures are those of its predecessors added up
        sentences.append(
            f"Số liệu cộng gộp của các tổ chức tiền thân của {name} "
            f"({_join([part['name'] for part in combined])}) đến ngày {vn_date(on)}."
        )
        name = _join([part["name"] for part in combined])

    opening = _organizations(stats, name, "hiện có")
    if opening:
        sentences.append(opening + ".")
        membership = f"Tổng số đảng viên đến ngày {vn_date(on)}"
    else:
        # nothing under the root (a chi bộ): the sentence of its members names it
        membership = f"Tổng số đảng viên của {name} đến ngày {vn_date(on)}"

    if members["total"]:
        counts = ", ".join(
            part
            for part in (
                f"{vn_int(members['official'])} đảng viên chính thức"
                if members["official"]
                else "",
                f"{vn_int(members['probationary'])} đảng viên dự bị"
                if members["probationary"]
                else "",
            )
            if part
        )
        if members["female"]:
            counts += f"; {vn_int(members['female'])} đảng viên nữ"
        membership += f" là {vn_int(members['total'])} đảng viên ({counts})"
        if stats["members_per_population_percent"] is not None:
            membership += (
                f", đạt tỷ lệ {vn_decimal(stats['members_per_population_percent'], 2)}% so với "
                f"dân số ({vn_int(stats['population'])} người)"
            )
        sentences.append(membership + ".")
    else:
        sentences.append(
            f"Đến ngày {vn_date(on)}, {name} chưa có đảng viên nào."
            if not opening
            else f"Đến ngày {vn_date(on)}, chưa có đảng viên nào."
        )
    extras = []
    if members["exempted"]:
        extras.append(
            f"{vn_int(members['exempted'])} đảng viên được miễn công tác và sinh hoạt đảng"
        )
    if members["temporarily_away"]:
        extras.append(
            f"{vn_int(members['temporarily_away'])} đảng viên đang sinh hoạt đảng tạm thời nơi khác"
        )
    if extras:
        sentences.append("Trong đó có " + _join(extras) + ".")
    if stats["organizations_without_secretary"]:
        sentences.append(
            f"Còn {vn_int(stats['organizations_without_secretary'])} tổ chức đảng chưa có bí thư."
        )

    sentences.extend(_admissions(stats))
    from dangvien.statistics.sections import statistics_sections

    for key, section in statistics_sections.items():
        if section.text is not None and stats.get(key) is not None:
            sentences.append(section.text(stats[key], stats))
    return " ".join(s for s in sentences if s)


def _admissions(stats: dict[str, Any]) -> list[str]:
    """The target of the period and the admissions since its start (or since 1 January)."""
    admissions = stats["admissions"]
    target = stats["admission_target"]
    until = "đến nay"
    count = admissions["count"]
    sentences = []
    if target is not None:
        since = (
            "từ đầu nhiệm kỳ"
            if target["period_from"] == admissions["from"]
            else f"từ ngày {vn_date(date.fromisoformat(admissions['from']))}"
        )
        text = (
            f"Chỉ tiêu giai đoạn {date.fromisoformat(target['period_from']).year}–"
            f"{date.fromisoformat(target['period_to']).year}"
        )
        goals = []
        if target["admissions"]:
            goals.append(f"kết nạp {vn_int(target['admissions'])} đảng viên")
        if target["members_per_population_percent"] is not None:
            goals.append(
                f"tỷ lệ đảng viên đạt {vn_decimal(target['members_per_population_percent'], 2)}% so với dân số"
            )
        if goals:
            sentences.append(text + " là " + _join(goals) + ".")
        if not count:
            sentences.append(f"{since.capitalize()} {until} chưa kết nạp được đảng viên nào.")
            return sentences
        achieved = f"{since.capitalize()} {until} đã kết nạp được {vn_int(count)} đảng viên"
        if target["percent_achieved"] is not None:
            # One decimal from the counts themselves (rounding the two-decimal figure again
            # could round twice: 22,045 → 22,05 → 22,1).
            one_decimal = percent(count, target["admissions"], places=1)
            achieved += f", đạt {vn_decimal(one_decimal, 1)}% so với kế hoạch"
        sentences.append(achieved + ".")
    else:
        since = f"Từ ngày {vn_date(date.fromisoformat(admissions['from']))}"
        sentences.append(
            f"{since} {until} đã kết nạp được {vn_int(count)} đảng viên."
            if count
            else f"{since} {until} chưa kết nạp được đảng viên nào."
        )
    return sentences
