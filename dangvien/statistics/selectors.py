"""Statistics of a subtree at a date, exactly as §3 of the interchange contract defines them.

"At date D" is the end of day D: organizations that existed then, members who were members
then, placed where their official organization stood at D. The root itself is not counted in
the organization counts; its members are (they belong to its subtree). Every figure is an
aggregate query over the dated tables; nothing loops over members in Python.
"""

from __future__ import annotations

from datetime import date
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

from django.db.models import Count, Exists, OuterRef, Q

from dangvien.committees.choices import Post
from dangvien.committees.models import CommitteePost
from dangvien.committees.selectors import posts_held_at
from dangvien.members.choices import MemberEventType, MemberStatus
from dangvien.members.models import MemberEvent, MemberPeriod
from dangvien.organizations.choices import SECRETARY_KINDS, OrganizationKind
from dangvien.organizations.models import Organization, OrganizationVersion
from dangvien.organizations.selectors import existing_state, organization_get
from dangvien.targets.selectors import population_at, target_at

K = OrganizationKind
TERRITORIAL_SECTORS = ("commune", "ward", "township", "special_zone")


def percent(numerator: int, denominator: int, *, places: int = 2) -> float:
    """``100 * numerator / denominator`` rounded half up (two decimals by default)."""
    value = Decimal(100 * numerator) / Decimal(denominator)
    return float(value.quantize(Decimal(1).scaleb(-places), rounding=ROUND_HALF_UP))


def subtree_statistics(*, actor: Any, code: str, on: date) -> dict[str, Any]:
    """The statistics of §3 for the organization ``code`` as it stood at the end of ``on``.

    Scoped: the actor must be able to see the root (else ``Http404``); the figures then describe
    the root's subtree as it stood that day. Raises ``ValidationFailed`` when the root did not
    exist that day.
    """
    root = organization_get(actor=actor, code=code)
    return statistics_for(root, on)


def statistics_for(root: Organization, on: date) -> dict[str, Any]:
    root_state = existing_state(root, on, field="as_of")
    subtree = OrganizationVersion.objects.at(on).filter(path__startswith=root_state.path)
    below = subtree.exclude(organization=root)

    by_kind_sector = list(below.values("kind", "sector").annotate(n=Count("id")))
    direct = dict(below.filter(parent=root).values_list("kind").annotate(n=Count("id")))
    grassroots_kinds = {K.GRASSROOTS_COMMITTEE, K.GRASSROOTS_CELL}
    by_sector: dict[str, int] = {}
    committees = cells_grassroots = territorial = 0
    counts: dict[str, int] = {}
    for row in by_kind_sector:
        counts[row["kind"]] = counts.get(row["kind"], 0) + row["n"]
        if row["kind"] in grassroots_kinds:
            if row["sector"]:
                by_sector[row["sector"]] = by_sector.get(row["sector"], 0) + row["n"]
            if row["kind"] == K.GRASSROOTS_COMMITTEE:
                committees += row["n"]
                if row["sector"] in TERRITORIAL_SECTORS:
                    territorial += row["n"]
            else:
                cells_grassroots += row["n"]
    direct_grassroots = sum(n for kind, n in direct.items() if kind in grassroots_kinds)
    direct_upper = direct.get(K.UPPER_GRASSROOTS, 0)
    direct_total = sum(direct.values())

    secretary = CommitteePost.objects.filter(
        posts_held_at(on),
        organization=OuterRef("organization"),
        post=Post.SECRETARY,
    )
    without_secretary = (
        below.filter(kind__in=list(SECRETARY_KINDS)).exclude(Exists(secretary)).count()
    )

    periods = MemberPeriod.objects.at(on).filter(
        organization_id__in=subtree.values("organization_id")
    )
    members = periods.aggregate(
        total=Count("id"),
        probationary=Count("id", filter=Q(status=MemberStatus.PROBATIONARY)),
        female=Count("id", filter=Q(member__sex="F")),
        exempted=Count("id", filter=Q(is_exempted=True)),
        temporarily_away=Count("id", filter=Q(host_organization__isnull=False)),
        in_transit=Count("id", filter=Q(transit_to__isnull=False)),
    )
    total = members["total"]

    population_row = population_at(root, on)
    population = population_row.population if population_row else None
    # A term target sets the admissions window of the contract; a yearly one only without it.
    target = target_at(root, on, kind="term") or target_at(root, on)
    admissions_from = target.period_from if target else date(on.year, 1, 1)
    in_subtree_then = OrganizationVersion.objects.filter(
        organization_id=OuterRef("organization_id"),
        valid_from__lte=OuterRef("effective_on"),
        path__contains=f"/{root.pk}/",
    ).filter(Q(valid_to__isnull=True) | Q(valid_to__gt=OuterRef("effective_on")))
    admissions = (
        MemberEvent.objects.filter(
            type__in=[MemberEventType.ADMITTED, MemberEventType.READMITTED],
            effective_on__gte=admissions_from,
            effective_on__lte=on,
        )
        .exclude(Exists(MemberEvent.objects.filter(corrects=OuterRef("pk"))))
        .filter(Exists(in_subtree_then))
        .count()
    )
    admission_target = None
    if target is not None:
        admission_target = {
            "period_from": target.period_from.isoformat(),
            "period_to": target.period_to.isoformat(),
            "admissions": target.admissions,
            "percent_achieved": percent(admissions, target.admissions)
            if target.admissions
            else None,
            "members_per_population_percent": (
                float(target.members_per_population_percent)
                if target.members_per_population_percent is not None
                else None
            ),
        }
    return {
        "organization": {"code": root.code, "name": root_state.name, "kind": root_state.kind},
        "as_of": on.isoformat(),
        "direct_subordinates": {
            "total": direct_total,
            "grassroots": direct_grassroots,
            "upper_grassroots": direct_upper,
            "other": direct_total - direct_grassroots - direct_upper,
        },
        "grassroots": {
            "total": committees + cells_grassroots,
            "committees": committees,
            "cells": cells_grassroots,
            "territorial_committees": territorial,
            "by_sector": dict(sorted(by_sector.items())),
        },
        "sub_committees": counts.get(K.SUB_COMMITTEE, 0),
        "cells": counts.get(K.CELL, 0),
        "organizations_without_secretary": without_secretary,
        "members": {
            "total": total,
            "official": total - members["probationary"],
            "probationary": members["probationary"],
            "female": members["female"],
            "exempted": members["exempted"],
            "temporarily_away": members["temporarily_away"],
            "in_transit": members["in_transit"],
        },
        "population": population,
        "members_per_population_percent": percent(total, population) if population else None,
        "admissions": {
            "from": admissions_from.isoformat(),
            "to": on.isoformat(),
            "count": admissions,
        },
        "admission_target": admission_target,
    }
