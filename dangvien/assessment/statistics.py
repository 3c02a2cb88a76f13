"""The ``assessment`` key of the statistics (§4 of the contract) and its sentences.

``assessment.year``: the latest year for which a result of a subject placed in the subtree was
decided on or before D; ``members`` / ``organizations``: the results of that year decided on or
before D, by level (zero counts included): members placed in the subtree on the decision date,
organizations placed in the subtree. ``null`` when there is none. The result in force at D is
the latest of a subject and year decided on or before D (a correction decided after D does not
count yet). Placement is the one of ``statistics.placement``.
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date
from functools import partial
from typing import Any

from django.db.models import Count, Exists, OuterRef, Q, QuerySet

from dangvien.assessment.choices import LEVELS, Subject
from dangvien.assessment.models import AssessmentResult
from dangvien.audit.selectors import cached_until_write
from dangvien.core.formatting import vn_decimal, vn_int
from dangvien.members.models import MemberPeriod
from dangvien.organizations.models import Organization
from dangvien.statistics.placement import Placement, member_placed_q, placed_q, placement
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


#: Up to this many organizations placed in the subtree, its members are listed first.
SMALL_SUBTREE = 500


def _placed_results(place: Placement) -> QuerySet[AssessmentResult]:
    """The results decided on or before D and in force at D (no result decided on or before D
    supersedes them) of subjects placed in the subtree: an organization placed there, or a
    member whose official organization on the decision day is (the period covering the day,
    else the one that ended that day). One query, counted by the database however large the
    subtree (it read every result of the country into memory before)."""
    decided = AssessmentResult.objects.filter(decided_on__lte=place.on)
    member_placed = Q(subject=Subject.MEMBER) & member_placed_q(place, "member_id", "decided_on")
    # a probe per organization result: the whole tree's set of organizations is too large to
    # hash in the default work_mem
    organization_placed = Q(subject=Subject.ORGANIZATION) & placed_q(place, probe=True)
    candidates = decided
    if len(place.ids) <= SMALL_SUBTREE:
        # a commune: read its members' and organizations' results, not the country's (a
        # necessary condition: a period there); as a subquery the planner lost it for the
        # whole tree (minutes), as a condition beside the others it scanned every result.
        members = MemberPeriod.objects.filter(organization_id__in=place.ids)
        candidates = decided.filter(
            Q(member_id__in=sorted(set(members.values_list("member_id", flat=True))))
            | Q(organization_id__in=sorted(place.ids))
        )
    return candidates.exclude(Exists(decided.filter(supersedes_id=OuterRef("pk")))).filter(
        member_placed | organization_placed
    )


def assessment_statistics(root: Organization, on: date) -> dict[str, Any] | None:
    years = assessment_years(root, on, limit=1)
    return years[0] if years else None


def years_decided_by(on: date) -> Iterator[int]:
    """The years with a result decided on or before ``on``, newest first, asked one at a time:
    each the greatest year below the last one (an index probe of ``assessment_year_decided``).
    A ``DISTINCT`` of the years read the whole table first (130 ms at 1 million members, for
    a commune's key that then counts a hundred results), and a caller stops after a year or
    five."""
    below: int | None = None
    while True:
        decided = AssessmentResult.objects.filter(decided_on__lte=on)
        if below is not None:
            decided = decided.filter(year__lt=below)
        year = decided.order_by("-year").values_list("year", flat=True).first()
        if year is None:
            return
        yield year
        below = year


def assessment_years(root: Organization, on: date, *, limit: int) -> list[dict[str, Any]]:
    """The ``limit`` latest years with a result of a subject placed in the subtree decided on or
    before D, newest first, each counted as the ``assessment`` key counts its year (the
    year-on-year comparison of the dashboard). Each year's counts are kept until the next
    change of the data (``cached_until_write``): the dashboard asks the latest through the §4
    figures and five through its panel, the statistics page the latest again (a province: 2.7 s
    a year at 1 million members, ~15 s at national size), and a first counting cut short by
    the server's time limit resumes from the years already counted."""
    found: list[dict[str, Any]] = []
    for year in years_decided_by(on):
        if len(found) == limit:
            break
        counts = cached_until_write(
            f"assessment-year:{root.pk}:{on.isoformat()}:{year}",
            partial(_year, root, on, year),
            on=on,
        )
        if counts:
            found.append(counts)
    return found


def _year(root: Organization, on: date, year: int) -> dict[str, Any]:
    """The counts by level of ``year``'s results placed in the subtree, empty without any (a
    value to keep: ``cached_until_write`` keeps no ``None``)."""
    counted = (
        _placed_results(placement(root, on))
        .filter(year=year)
        .values_list("subject", "level")
        .annotate(n=Count("id"))
        .order_by()
    )
    if not counted:
        return {}
    counts: dict[str, dict[str, int]] = {
        "members": dict.fromkeys(LEVELS, 0),
        "organizations": dict.fromkeys(LEVELS, 0),
    }
    for subject, level, n in counted:
        counts["members" if subject == Subject.MEMBER else "organizations"][level] += n
    return {"year": year, **counts}


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
