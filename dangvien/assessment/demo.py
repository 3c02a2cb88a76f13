"""The assessment of the demonstration data set (the demo step ``assessment``): five years of
results (2021–2025) for a few grassroots cells of Xã Tháp Mười, decided every December through
the services, within the cap on "excellent", with a few "not completed" (one member two years
running, who is then on the removal due-list); the cells and the commune are assessed too.
These past years are loaded as history (as an import of past years would be: no rounds). Then
the commune opens the round of 2026 (left open: in the demo a member self-assesses in the
portal, the cell proposes, the commune decides and closes the round)."""

from __future__ import annotations

from datetime import date, timedelta

from dangvien.accounts.types import Actor
from dangvien.assessment.choices import Level
from dangvien.assessment.rule_keys import EXCELLENT_CAP
from dangvien.assessment.services import (
    Entry,
    assessment_decide_many,
    assessment_record,
    assessment_round_open,
)
from dangvien.core import dates
from dangvien.core.demo import DemoContext
from dangvien.members.models import MemberPeriod
from dangvien.organizations.models import Organization, OrganizationVersion

YEARS = range(2021, 2026)
CELLS = 3  # the demo stays fast: the busiest cells of the commune only


def _cells(commune: Organization, on: date) -> list[Organization]:
    states = OrganizationVersion.objects.at(on).filter(
        path__startswith=commune.path, kind="grassroots_cell"
    )
    counts: dict[int, int] = {}
    for organization_id in (
        MemberPeriod.objects.at(on)
        .filter(organization_id__in=states.values("organization_id"))
        .values_list("organization_id", flat=True)
    ):
        counts[organization_id] = counts.get(organization_id, 0) + 1
    busiest = sorted(counts, key=lambda pk: (-counts[pk], pk))[:CELLS]
    return list(Organization.objects.filter(pk__in=busiest).order_by("code"))


def _levels(context: DemoContext[Actor], size: int, on: date, forced: dict[int, str]) -> list[str]:
    """Levels for ``size`` members: most good, some completed, a few not completed (``forced``:
    index → level), and as many excellent as the cap allows."""
    levels: list[str] = []
    for index in range(size):
        if index in forced:
            context.random.random()  # the same draws with or without it
            levels.append(forced[index])
            continue
        draw = context.random.random()
        levels.append(
            Level.NOT_COMPLETED if draw < 0.03 else Level.COMPLETED if draw < 0.15 else Level.GOOD
        )
    good = levels.count(Level.GOOD)
    cap = EXCELLENT_CAP(on=on)
    # each excellent is taken from the goods: e ≤ cap × (good − e)
    excellent = int(cap * good / (1 + cap))
    for index in context.random.sample(range(size), size):
        if excellent == 0:
            break
        if levels[index] == Level.GOOD and index not in forced:
            levels[index] = Level.EXCELLENT
            excellent -= 1
    return levels


def build_assessment(context: DemoContext[Actor]) -> None:
    commune = context.made["new_communes"]["Xã Tháp Mười"]
    cells = _cells(commune, date(2025, 12, 1))
    written = 0
    streak_member = None
    for year in YEARS:
        decided_on = date(year, 12, 20)
        if decided_on > dates.today():
            continue
        for cell in cells:
            periods = list(
                MemberPeriod.objects.at(decided_on)
                .filter(organization=cell, is_exempted=False)
                .select_related("member")
                .order_by("member_id")
            )
            if not periods:
                continue
            if streak_member is None and year == 2024 and cell == cells[-1]:
                # the last of the cells (the first is the busiest, where later steps record
                # their own decisions): a member there from 2024
                streak_member = periods[-1].member
            forced: dict[int, str] = {
                index: Level.NOT_COMPLETED
                for index, period in enumerate(periods)
                if period.member == streak_member and year >= 2024
            }
            levels = _levels(context, len(periods), decided_on, forced)
            entries = [
                Entry(period.member, level, _score(context, level) if year == 2025 else None)
                for period, level in zip(periods, levels, strict=True)
            ]
            written += len(
                assessment_decide_many(
                    actor=context.actor,
                    year=year,
                    decided_on=decided_on,
                    entries=entries,
                    check_round=False,
                )
            )
            assessment_record(
                actor=context.actor,
                organization=cell,
                year=year,
                level=context.random.choice([Level.GOOD, Level.GOOD, Level.EXCELLENT]),
                decided_on=date(year, 12, 28),
                check_round=False,
            )
            written += 1
    context.summary["assessment_results"] = written
    _open_round(context, commune)


ROUND_YEAR = 2026
ROUND_OPENS = date(ROUND_YEAR, 11, 16)


def _open_round(context: DemoContext[Actor], commune: Organization) -> None:
    """The commune's round of 2026, opened on 16/11/2026 (or today if earlier in 2026), its
    population taken that day; the stages end on 15, 22 and 31 December, or later when the
    demo is loaded later, so that the walk through the stages can be done from today."""
    today = dates.today()
    if today.year < ROUND_YEAR:
        return
    opened_on = min(ROUND_OPENS, today)
    self_until = max(date(ROUND_YEAR, 12, 15), today + timedelta(days=14))
    review_until = self_until + timedelta(days=7)
    decide_until = review_until + timedelta(days=9)
    assessment_round_open(
        actor=context.actor,
        organization=commune,
        year=ROUND_YEAR,
        opened_on=opened_on,
        self_until=self_until,
        review_until=review_until,
        decide_until=decide_until,
        reference_date=opened_on,
        note="Đánh giá, xếp loại chất lượng tổ chức đảng và đảng viên năm 2026",
    )
    context.summary["assessment_rounds"] = 1


def _score(context: DemoContext[Actor], level: str) -> int:
    """A score within the band of the level (Quy định 366-QĐ/TW Điều 11)."""
    low, high = {
        Level.EXCELLENT: (90, 98),
        Level.GOOD: (70, 89),
        Level.COMPLETED: (50, 69),
        Level.NOT_COMPLETED: (30, 49),
    }[Level(level)]
    return context.random.randint(low, high)
