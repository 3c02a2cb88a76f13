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

from django.db import connection

from dangvien.accounts.types import Actor
from dangvien.committees.choices import Post
from dangvien.committees.models import CommitteePost
from dangvien.core.memo import reads_kept
from dangvien.members.choices import MemberEventType, MemberStatus
from dangvien.members.models import MemberEvent, MemberPeriod
from dangvien.organizations.choices import SECRETARY_KINDS, OrganizationKind
from dangvien.organizations.models import Organization, OrganizationVersion
from dangvien.organizations.selectors import not_existing, organization_get
from dangvien.statistics.sections import (
    SECTION_3,
    SECTION_3_TITLE,
    Progress,
    statistics_sections,
)
from dangvien.targets.selectors import population_at, statistics_target

K = OrganizationKind
TERRITORIAL_SECTORS = ("commune", "ward", "township", "special_zone")


def percent(numerator: int, denominator: int, *, places: int = 2) -> float:
    """``100 * numerator / denominator`` rounded half up (two decimals by default)."""
    value = Decimal(100 * numerator) / Decimal(denominator)
    return float(value.quantize(Decimal(1).scaleb(-places), rounding=ROUND_HALF_UP))


def percent_change(
    numerator: int, denominator: int, before: tuple[int, int], *, places: int = 1
) -> float:
    """The change in percentage points from the share ``before`` (numerator, denominator) to
    ``numerator / denominator``, rounded half up once: from the exact shares, not the rounded
    ones (1/3 then 2/3 is a change of 33.3 points, though the shares read 33.3% and 66.7%)."""
    now = Decimal(100 * numerator) / Decimal(denominator)
    then = Decimal(100 * before[0]) / Decimal(before[1])
    return float((now - then).quantize(Decimal(1).scaleb(-places), rounding=ROUND_HALF_UP))


def _under(column: str, name: str) -> str:
    """SQL: ``column`` is a path in the subtree whose path is the parameter ``name``.

    PostgreSQL matches ``LIKE 'prefix%'`` with the pattern index of the path. SQLite uses an
    index for LIKE only when it is case-sensitive, so there the prefix is a range of the binary
    order instead: the paths beginning with "/1/2/" are those from "/1/2/" up to "/1/20",
    excluded ("0" follows "/").
    """
    if connection.vendor == "sqlite":
        return f"({column} >= %({name})s AND {column} < %({name}_end)s)"
    return f"{column} LIKE %({name})s"


def _prefix(name: str, path: str) -> dict[str, str]:
    """The parameters of ``_under(column, name)`` for the subtree whose path is ``path``."""
    # Paths are primary keys and slashes ("/1/7/23/"): no LIKE wildcard, and they end with "/".
    assert path.endswith("/"), path
    assert path.strip("/0123456789") == "", path
    return {
        name: path + "%" if connection.vendor != "sqlite" else path,
        f"{name}_end": path[:-1] + "0",
    }


def _subtree_cte() -> str:
    """SQL: the CTE ``subtree``, the organizations standing under the path ``%(path)s`` at the
    end of day ``%(on)s`` (the root included), one row each."""
    version = OrganizationVersion._meta.db_table
    return f"""subtree AS NOT MATERIALIZED (
    SELECT organization_id, kind, sector, parent_id FROM {version}
    WHERE {_under("path", "path")} AND valid_from <= %(on)s
    AND (valid_to IS NULL OR valid_to > %(on)s))"""  # noqa: S608


def _merged_cte() -> str:
    """SQL: the CTE ``merged`` (recursive): for each organization merged on or before
    ``%(on)s``, every organization it passed to through merges up to that day (``(absorbed,
    survivor)``, one row per step of the chain). At most one of its survivors stands at the
    end of the day: the last; the others were merged on too.

    It starts from the merged organizations alone, a range of the index on ``merged_into``
    (written ``> 0``, not ``IS NOT NULL``, which SQLite would answer by reading every
    organization), and follows ``merged_into`` by primary key: its cost grows with the merges
    of the whole tree, not with the size of the subtree.
    """
    organization = Organization._meta.db_table
    return f"""merged(absorbed, survivor) AS (
    SELECT id, merged_into_id FROM {organization}
    WHERE merged_into_id > 0 AND dissolved_on <= %(on)s
    UNION ALL
    SELECT m.absorbed, o.merged_into_id FROM merged m JOIN {organization} o ON o.id = m.survivor
    WHERE o.merged_into_id IS NOT NULL AND o.dissolved_on <= %(on)s)"""  # noqa: S608


def _admissions_sql(tag: str) -> str:
    """Two SELECTs (UNION ALL) whose counts add up to the admissions of ``%(start)s``–``%(on)s``
    into organizations that, followed through merges, stand under the path ``%(path)s`` at the
    end of ``%(on)s`` (§3). Needs the CTE ``merged`` (``_merged_cte``).

    The first counts admissions into organizations that stand there themselves: the admission
    events of the window (partial index on the date, index-only on PostgreSQL) whose
    organization has a version valid at D under the path. The second, admissions into
    organizations merged by then: their last survivor's version valid at D under the path. An
    organization merged by D has no version valid at D, so nothing is counted twice; an
    organization dissolved or split without a merge stands nowhere at D and is not counted.

    Corrected events are left out with NOT IN over the few correcting events (their partial
    index): both databases hash that set once, where a correlated NOT EXISTS probed the index
    once per admission (27 000 times for a province of 300 000 members, 8 ms of 28).
    """
    version = OrganizationVersion._meta.db_table
    event = MemberEvent._meta.db_table
    admitted = f"'{MemberEventType.ADMITTED.value}', '{MemberEventType.READMITTED.value}'"
    events = f"""e.type IN ({admitted}) AND e.effective_on >= %(start)s AND e.effective_on <= %(on)s
  AND e.id NOT IN (SELECT x.corrects_id FROM {event} x WHERE x.corrects_id IS NOT NULL)"""  # noqa: S608
    standing = f"""{_under("v.path", "path")} AND v.valid_from <= %(on)s
  AND (v.valid_to IS NULL OR v.valid_to > %(on)s)"""
    return f"""
SELECT '{tag}', NULL, NULL, COUNT(*), 0, 0, 0, 0, 0
FROM {event} e JOIN {version} v ON v.organization_id = e.organization_id
WHERE {standing} AND {events}
UNION ALL
SELECT '{tag}', NULL, NULL, COUNT(*), 0, 0, 0, 0, 0
FROM merged m JOIN {version} v ON v.organization_id = m.survivor
JOIN {event} e ON e.organization_id = m.absorbed
WHERE {standing} AND {events}
"""  # noqa: S608


def admissions_count(root: Organization, start: date, end: date) -> int:
    """Admissions and re-admissions (effective events) from ``start`` to ``end`` inclusive into
    organizations that, followed through merges, stand in ``root``'s subtree at the end of
    ``end`` (the count of ``admissions`` in §3, for any window; 0 when the root itself does not
    stand at ``end``)."""
    state = OrganizationVersion.objects.at(end).filter(organization=root).first()
    if state is None or start > end:
        return 0
    with connection.cursor() as cursor:
        cursor.execute(
            f"WITH RECURSIVE {_merged_cte()}\n{_admissions_sql('a')}",
            {"start": start, "on": end, **_prefix("path", state.path)},
        )
        return sum(int(row[3]) for row in cursor.fetchall())


def _statistics_sql() -> str:
    """One statement for the figures of a subtree (three branches of one UNION ALL).

    Written by hand so that both databases get the plan the indexes are made for: the
    organizations of the subtree (pattern index on the path) joined to the periods valid at D
    (index on organization and end of period, index-only on PostgreSQL); the admission events
    of the window (partial index) into organizations standing in the subtree at D, and into the
    few merged by D into one of them (``_merged_cte``).
    Tag ``o``: one row per kind and sector; ``m``: the members; ``a``: the admissions.
    """
    period = MemberPeriod._meta.db_table
    post = CommitteePost._meta.db_table
    kinds = ", ".join(f"'{kind}'" for kind in sorted(SECRETARY_KINDS))
    # Only table names and constant values are formatted in; every input is a parameter.
    return f"""
WITH RECURSIVE {_subtree_cte()},
{_merged_cte()}
SELECT 'o', s.kind, s.sector, COUNT(*),
       COUNT(*) FILTER (WHERE s.parent_id = %(root)s),
       COUNT(*) FILTER (WHERE s.kind IN ({kinds}) AND NOT EXISTS (
           SELECT 1 FROM {post} c WHERE c.organization_id = s.organization_id
           AND c.post = %(secretary)s AND c.held_from <= %(on)s
           AND (c.held_to IS NULL OR c.held_to > %(on)s))),
       0, 0, 0
FROM subtree s WHERE s.organization_id <> %(root)s GROUP BY s.kind, s.sector
UNION ALL
SELECT 'm', NULL, NULL, COUNT(*),
       COUNT(*) FILTER (WHERE p.status = %(probationary)s),
       COUNT(*) FILTER (WHERE p.sex = 'F'),
       COUNT(*) FILTER (WHERE p.is_exempted),
       COUNT(p.host_organization_id),
       COUNT(p.transit_to_id)
FROM subtree s JOIN {period} p ON p.organization_id = s.organization_id
WHERE COALESCE(p.valid_to, '9999-12-31') > %(on)s AND p.valid_from <= %(on)s
UNION ALL
{_admissions_sql("a")}"""  # noqa: S608


def _root_state(root: Organization, on: date) -> OrganizationVersion:
    """The root's state at ``on``, or the "does not exist" error."""
    state = OrganizationVersion.objects.at(on).filter(organization=root).first()
    if state is None:
        raise not_existing(root, on, field="as_of")
    return state


def subtree_statistics(*, actor: Actor, code: str, on: date) -> dict[str, Any]:
    """The statistics of §3 for the organization ``code`` as it stood at the end of ``on``.

    Scoped: the actor must be able to see the root (else ``Http404``); the figures then describe
    the root's subtree as it stood that day. Raises ``ValidationFailed`` when the root did not
    exist that day.
    """
    root = organization_get(actor=actor, code=code)
    return statistics_for(root, on)


def statistics_for(
    root: Organization, on: date, *, sections: bool = True, progress: Progress | None = None
) -> dict[str, Any]:
    """The figures of §3: the root's state, its population and target, then one statement;
    then the keys the apps registered in ``statistics_sections`` (§4), unless ``sections`` is
    false (callers that want the §3 counts only). ``progress(key, title, step, steps)`` is told
    each part before it is counted (``"members"`` for §3, then each key): a first counting in
    the background shows where it is.

    Members are counted from the periods alone (the member's sex is copied onto them);
    nothing is aggregated in Python beyond adding up the few rows per kind and sector. What the
    sections ask alike (the subtree's placement at D) is read once per call, in a request or
    not (``core.memo.reads_kept``).
    """
    with reads_kept():
        return _statistics_for(root, on, sections=sections, progress=progress)


def _statistics_for(
    root: Organization, on: date, *, sections: bool, progress: Progress | None
) -> dict[str, Any]:
    root_state = _root_state(root, on)
    keys = [key for key, _section in statistics_sections.items()] if sections else []
    if progress is not None:
        progress(SECTION_3, SECTION_3_TITLE, 1, len(keys) + 1)
    population_row = population_at(root, on)
    population = population_row.population if population_row else None
    # A term target sets the admissions window of the contract; a yearly one only without it.
    target = statistics_target(root, on)
    admissions_from = target.period_from if target else date(on.year, 1, 1)
    params: dict[str, Any] = {
        **_prefix("path", root_state.path),
        "on": on,
        "start": admissions_from,
        "root": root.pk,
        "secretary": Post.SECRETARY.value,
        "probationary": MemberStatus.PROBATIONARY.value,
    }
    with connection.cursor() as cursor:
        cursor.execute(_statistics_sql(), params)
        rows = cursor.fetchall()

    grassroots_kinds = {K.GRASSROOTS_COMMITTEE, K.GRASSROOTS_CELL}
    by_sector: dict[str, int] = {}
    committees = cells_grassroots = territorial = without_secretary = admissions = 0
    counts: dict[str, int] = {}
    direct: dict[str, int] = {}
    members = dict.fromkeys(
        ("total", "probationary", "female", "exempted", "temporarily_away", "in_transit"), 0
    )
    for tag, kind, sector, n, second, third, fourth, fifth, sixth in rows:
        if tag == "m":
            members = {
                "total": n,
                "probationary": second,
                "female": third,
                "exempted": fourth,
                "temporarily_away": fifth,
                "in_transit": sixth,
            }
            continue
        if tag == "a":
            admissions += n
            continue
        counts[kind] = counts.get(kind, 0) + n
        direct[kind] = direct.get(kind, 0) + second
        without_secretary += third
        if kind in grassroots_kinds:
            if sector:
                by_sector[sector] = by_sector.get(sector, 0) + n
            if kind == K.GRASSROOTS_COMMITTEE:
                committees += n
                if sector in TERRITORIAL_SECTORS:
                    territorial += n
            else:
                cells_grassroots += n
    direct_grassroots = sum(n for kind, n in direct.items() if kind in grassroots_kinds)
    direct_upper = direct.get(K.UPPER_GRASSROOTS, 0)
    direct_total = sum(direct.values())
    total = members["total"]
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
    result: dict[str, Any] = {
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
    for step, key in enumerate(keys, start=2):
        section = statistics_sections[key]
        if progress is not None:
            progress(key, section.title or key, step, len(keys) + 1)
        result[key] = section.compute(root, on)
    return result
