"""History across a merge: the figures of an organization for a day before it was founded.

An organization founded by a merge (the 07/2025 reform: the new Đảng bộ tỉnh Đồng Tháp from the
former Đồng Tháp and Tiền Giang) did not exist before its founding day, so §3 has no figures for
it then. Its history is that of its predecessors (the organizations merged into it, and theirs
when they were founded by a merge too): for such a day the figures here are the **sum of the §3
figures of the predecessors standing that day**, marked with ``combined_from`` (the
predecessors added up). The §3 contract itself is untouched: ``statistics_for`` still refuses
such a day; callers ask for the combined figures explicitly.
"""

from __future__ import annotations

from datetime import date
from functools import partial
from typing import Any

from django.utils.translation import gettext as _

from dangvien.audit.selectors import cached_until_write
from dangvien.core.exceptions import ValidationFailed
from dangvien.core.formatting import vn_date
from dangvien.organizations.models import Organization, OrganizationVersion
from dangvien.organizations.selectors import (
    not_existing,
    organization_names,
    organization_predecessors,
    standing_predecessors,
)
from dangvien.statistics.background import Countable
from dangvien.statistics.sections import Progress
from dangvien.statistics.selectors import admissions_count, percent, statistics_for

COUNTS = ("direct_subordinates", "members")
GRASSROOTS = ("total", "committees", "cells", "territorial_committees")


def predecessor_links(organization: Organization) -> list[dict[str, str]]:
    """The predecessors of ``organization`` as the API and the CLI name them."""
    return [
        {
            "code": p.organization.code,
            "name": p.name,
            "established_on": p.established_on.isoformat(),
            "merged_on": p.merged_on.isoformat(),
        }
        for p in organization_predecessors(organization)
    ]


def before_founding(organization: Organization, on: date) -> ValidationFailed:
    """The refusal for a day on which ``organization`` did not stand (code
    ``organization_not_existing``, as §3 has it); for a day before its founding it says when it
    was founded and names its predecessors (``params["predecessors"]``), whose figures exist."""
    predecessors = organization_predecessors(organization)
    if on >= organization.established_on or not predecessors:
        return not_existing(organization, on, field="as_of")
    names = ", ".join(f"{p.name} ({p.organization.code})" for p in predecessors)
    return ValidationFailed(
        _(
            "%(name)s (%(code)s) was founded on %(founded)s by merging %(names)s; on %(date)s "
            "it did not exist yet. Ask for the figures of a predecessor, or for their combined "
            "figures."
        )
        % {
            "name": organization_names([organization.pk]).get(organization.pk, organization.code),
            "code": organization.code,
            "founded": vn_date(organization.established_on),
            "names": names,
            "date": vn_date(on),
        },
        code="organization_not_existing",
        field="as_of",
        params={"predecessors": predecessor_links(organization)},
    )


def _add(total: dict[str, Any], part: dict[str, Any], keys: tuple[str, ...]) -> None:
    for key in keys:
        total[key] = total.get(key, 0) + part[key]


def _name_at_founding(organization: Organization) -> tuple[str, str]:
    first = (
        OrganizationVersion.objects.filter(organization=organization)
        .order_by("valid_from")
        .values_list("name", "kind")
        .first()
    )
    return first if first is not None else (organization.code, "")


def combined_statistics(organization: Organization, on: date) -> dict[str, Any]:
    """The §3 figures of ``organization`` for a day before its founding: the sum of those of
    its predecessors standing that day (``standing_predecessors``), with ``combined_from``
    naming them. Ratios are recomputed from the sums; the admissions are counted over one
    window for all (the common start of their targets, else 1 January of the year); the
    target is the sum of their targets when all have one for the same period, else null.
    Raises the refusal of ``before_founding`` when there is nothing to add up.
    """
    parts = standing_predecessors(organization, on)
    if not parts:
        raise before_founding(organization, on)
    figures = [statistics_for(state.organization, on, sections=False) for state in parts]
    name, kind = _name_at_founding(organization)
    members: dict[str, int] = {}
    direct: dict[str, int] = {}
    grassroots: dict[str, Any] = {"by_sector": {}}
    for part in figures:
        _add(members, part["members"], tuple(part["members"]))
        _add(direct, part["direct_subordinates"], tuple(part["direct_subordinates"]))
        _add(grassroots, part["grassroots"], GRASSROOTS)
        for sector, n in part["grassroots"]["by_sector"].items():
            grassroots["by_sector"][sector] = grassroots["by_sector"].get(sector, 0) + n
    # the order of §3: the counts, then by_sector
    grassroots = {
        **{key: grassroots.get(key, 0) for key in GRASSROOTS},
        "by_sector": dict(sorted(grassroots["by_sector"].items())),
    }
    populations = [part["population"] for part in figures]
    population = sum(populations) if None not in populations else None
    starts = {part["admissions"]["from"] for part in figures}
    if len(starts) == 1:
        start = starts.pop()
        admissions = sum(part["admissions"]["count"] for part in figures)
    else:
        start = date(on.year, 1, 1).isoformat()
        admissions = sum(
            admissions_count(state.organization, date.fromisoformat(start), on) for state in parts
        )
    targets = [part["admission_target"] for part in figures]
    target = None
    if None not in targets and len({(t["period_from"], t["period_to"]) for t in targets}) == 1:
        planned = sum(t["admissions"] for t in targets)
        target = {
            "period_from": targets[0]["period_from"],
            "period_to": targets[0]["period_to"],
            "admissions": planned,
            "percent_achieved": percent(admissions, planned) if planned else None,
            "members_per_population_percent": None,
        }
    names = organization_names(state.organization_id for state in parts)
    return {
        "organization": {"code": organization.code, "name": name, "kind": kind},
        "as_of": on.isoformat(),
        "direct_subordinates": direct,
        "grassroots": grassroots,
        "sub_committees": sum(part["sub_committees"] for part in figures),
        "cells": sum(part["cells"] for part in figures),
        "organizations_without_secretary": sum(
            part["organizations_without_secretary"] for part in figures
        ),
        "members": members,
        "population": population,
        "members_per_population_percent": (
            percent(members["total"], population) if population else None
        ),
        "admissions": {"from": start, "to": on.isoformat(), "count": admissions},
        "admission_target": target,
        "combined_from": [
            {
                "code": state.organization.code,
                "name": state.name,
                "last_name": names.get(state.organization_id, state.name),
                "kind": state.kind,
            }
            for state in parts
        ],
    }


def statistics_or_combined(
    organization: Organization, on: date, *, progress: Progress | None = None
) -> dict[str, Any]:
    """``statistics_for`` when ``organization`` stood at the end of ``on``; before its founding,
    the combined figures of its predecessors; else the refusal ("does not exist")."""
    if on < organization.established_on:
        return combined_statistics(organization, on)
    return statistics_for(organization, on, progress=progress)


def kept_statistics(
    organization: Organization,
    on: date,
    *,
    combined: bool = False,
    progress: Progress | None = None,
) -> dict[str, Any]:
    """``statistics_for`` (with ``combined``: ``statistics_or_combined``), kept until the next
    change that may alter the figures of ``on`` (``cached_until_write`` by day). The figures
    depend on the organization and the day alone, whoever asks: the web page, its downloads
    and the API share them. A refusal is not kept (it is raised again at each call).
    ``progress``: told each part as ``statistics_for`` counts it (when it counts)."""
    compute = statistics_or_combined if combined else statistics_for
    # a province at national size takes seconds to count; a past day's figures survive
    # today's meetings and payments
    return cached_until_write(
        statistics_key(organization, on, combined=combined),
        partial(compute, organization, on, progress=progress),
        on=on,
    )


def statistics_key(organization: Organization, on: date, *, combined: bool = False) -> str:
    """The key ``kept_statistics`` keeps the figures under (``kept_until_write`` reads it). From
    its founding on, an organization's combined figures are its own: one key for the page (which
    asks for them) and its downloads and the API (which do not), so that a download after the
    page's first counting reads what the page kept."""
    before_founding = combined and on < organization.established_on
    return f"statistics:{organization.pk}:{on.isoformat()}{':combined' if before_founding else ''}"


def _count_kept_statistics(
    organization: Organization, on: date, combined: bool, progress: Progress
) -> dict[str, Any]:
    return kept_statistics(organization, on, combined=combined, progress=progress)


def _statistics_key(organization: Organization, on: date, combined: bool) -> str:
    return statistics_key(organization, on, combined=combined)


#: The statistics page's figures, counted in the background for a large subtree.
KEPT_STATISTICS = Countable(
    key=_statistics_key, count=_count_kept_statistics, page="web:organization_statistics"
)


def statistics_at(root: Organization, on: date, *, combined: bool = False) -> dict[str, Any]:
    """``kept_statistics``; with ``combined``, a day before the organization's founding gives
    the combined figures of its predecessors. A day on which it did not stand is refused with
    ``before_founding`` (which names its predecessors)."""
    try:
        return kept_statistics(root, on, combined=combined)
    except ValidationFailed as error:
        if error.code == "organization_not_existing":
            raise before_founding(root, on) from None
        raise
