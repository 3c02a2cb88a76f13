"""The ``assessment`` key of the statistics (§4 of the contract) and its sentences.

``assessment.year``: the latest year for which a result of a subject placed in the subtree was
decided on or before D; ``members`` / ``organizations``: the results of that year decided on or
before D, by level (zero counts included): members placed in the subtree on the decision date,
organizations placed in the subtree. ``null`` when there is none. The result in force at D is
the latest of a subject and year decided on or before D (a correction decided after D does not
count yet). Placement is the one of ``statistics.placement``.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from dangvien.assessment.choices import LEVELS, Subject
from dangvien.assessment.models import AssessmentResult
from dangvien.core.formatting import vn_decimal, vn_int
from dangvien.organizations.models import Organization
from dangvien.statistics.placement import Placement, official_organizations_on, placement
from dangvien.statistics.sections import Table

LEVEL_WORDS = {
    "excellent": "hoàn thành xuất sắc nhiệm vụ",
    "good": "hoàn thành tốt nhiệm vụ",
    "completed": "hoàn thành nhiệm vụ",
    "not_completed": "không hoàn thành nhiệm vụ",
}
LEVEL_TITLES = {
    "excellent": "Hoàn thành xuất sắc nhiệm vụ",
    "good": "Hoàn thành tốt nhiệm vụ",
    "completed": "Hoàn thành nhiệm vụ",
    "not_completed": "Không hoàn thành nhiệm vụ",
}

Row = tuple[int, str, int | None, int, str, date, int | None]


def _in_force(rows: list[Row]) -> list[Row]:
    """Drop the results a later row of the list supersedes (the list: decided on or before D)."""
    superseded = {row[6] for row in rows if row[6] is not None}
    return [row for row in rows if row[0] not in superseded]


def _placed(rows: list[Row], place: Placement) -> list[Row]:
    members = official_organizations_on(
        (row[2], row[5]) for row in rows if row[1] == Subject.MEMBER and row[2] is not None
    )
    placed = []
    for row in rows:
        if row[1] == Subject.MEMBER:
            organization_id = members.get((row[2], row[5])) if row[2] is not None else None
        else:
            organization_id = row[3]
        if place.holds(organization_id):
            placed.append(row)
    return placed


def assessment_statistics(root: Organization, on: date) -> dict[str, Any] | None:
    years = assessment_years(root, on, limit=1)
    return years[0] if years else None


def assessment_years(root: Organization, on: date, *, limit: int) -> list[dict[str, Any]]:
    """The ``limit`` latest years with a result of a subject placed in the subtree decided on or
    before D, newest first, each counted as the ``assessment`` key counts its year (the
    year-on-year comparison of the dashboard)."""
    place = placement(root, on)
    decided = AssessmentResult.objects.filter(decided_on__lte=on)
    years = sorted(set(decided.values_list("year", flat=True)), reverse=True)
    found: list[dict[str, Any]] = []
    for year in years:
        if len(found) == limit:
            break
        rows: list[Row] = list(
            decided.filter(year=year).values_list(
                "id",
                "subject",
                "member_id",
                "organization_id",
                "level",
                "decided_on",
                "supersedes_id",
            )
        )
        placed = _placed(_in_force(rows), place)
        if not placed:
            continue
        counts: dict[str, dict[str, int]] = {
            "members": dict.fromkeys(LEVELS, 0),
            "organizations": dict.fromkeys(LEVELS, 0),
        }
        for row in placed:
            group = "members" if row[1] == Subject.MEMBER else "organizations"
            counts[group][row[4]] += 1
        found.append({"year": year, **counts})
    return found


def _share(count: int, total: int) -> str:
    from dangvien.statistics.selectors import percent

    return f"{vn_decimal(percent(count, total, places=1), 1)}%"


def assessment_text(value: dict[str, Any], stats: dict[str, Any]) -> str:
    """ "Năm 2021, có 512 đảng viên hoàn thành xuất sắc nhiệm vụ, chiếm 11,5%; …"."""
    sentences = []
    members = value["members"]
    total = sum(members.values())
    if total:
        parts = [
            f"{vn_int(members[level])} đảng viên {LEVEL_WORDS[level]}, chiếm "
            f"{_share(members[level], total)}"
            for level in LEVELS
            if members[level]
        ]
        sentences.append(
            f"Năm {value['year']}, có {'; '.join(parts)} "
            f"(trên tổng số {vn_int(total)} đảng viên được đánh giá, xếp loại chất lượng)."
        )
    organizations = value["organizations"]
    total = sum(organizations.values())
    if total:
        parts = [
            f"{vn_int(organizations[level])} tổ chức đảng {LEVEL_WORDS[level]} "
            f"({_share(organizations[level], total)})"
            for level in LEVELS
            if organizations[level]
        ]
        opening = "Về tổ chức đảng, có " if sentences else f"Năm {value['year']}, có "
        sentences.append(opening + "; ".join(parts) + ".")
    return " ".join(sentences)


def assessment_tables(value: dict[str, Any] | None) -> list[Table]:
    if value is None:
        return []
    members, organizations = value["members"], value["organizations"]
    member_total, organization_total = sum(members.values()), sum(organizations.values())

    def ratio(count: int, total: int) -> float | None:
        from dangvien.statistics.selectors import percent

        return percent(count, total) if total else None

    rows: list[list[Any]] = [
        [
            LEVEL_TITLES[level],
            members[level],
            ratio(members[level], member_total),
            organizations[level],
            ratio(organizations[level], organization_total),
        ]
        for level in LEVELS
    ]
    rows.append(["Tổng số", member_total, None, organization_total, None])
    return [
        (
            f"Kết quả đánh giá, xếp loại chất lượng năm {value['year']}",
            ["Mức xếp loại", "Đảng viên", "Tỷ lệ (%)", "Tổ chức đảng", "Tỷ lệ (%)"],
            rows,
        )
    ]
