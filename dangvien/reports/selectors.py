"""Reads behind the dashboard, the documents and the period reports.

Every figure is an aggregate query over the dated tables (periods valid at D joined with the
organization versions valid at D): nothing loops over members in Python. The §3 figures come
from ``dangvien.statistics.selectors.statistics_for``; this module adds the breakdowns
(age, sex, ethnicity, religion, education, political theory), the series for the charts, the
drill-down of direct sub-organizations and the movement (admissions, exits) in a period.
"""

from __future__ import annotations

from collections.abc import Collection
from datetime import date, timedelta
from decimal import ROUND_HALF_UP, Decimal
from functools import reduce
from operator import or_
from typing import Any

from django.db.models import Case, CharField, Count, Exists, OuterRef, Q, QuerySet, Value, When
from django.db.models.functions import ExtractYear
from django.http import Http404
from django.utils.functional import Promise
from django.utils.translation import gettext_noop, pgettext_lazy

from dangvien.accounts.scoping import granted_paths, scope_q
from dangvien.accounts.types import Actor
from dangvien.core.text import vn_sort_key
from dangvien.members.choices import EXITS_IN_REPORT_ORDER, MemberEventType, MemberStatus
from dangvien.members.models import ADMISSION_TYPES, MOVEMENT_TYPES, MemberEvent
from dangvien.members.selectors import periods_in_subtree, periods_in_subtree_counts, subtree_path
from dangvien.organizations.models import Organization, OrganizationVersion
from dangvien.organizations.selectors import (
    organization_get,
    organization_state,
    standing_predecessors,
)
from dangvien.reports.models import PeriodReport, ReportStatus
from dangvien.reports.permissions import ReportPermission
from dangvien.statistics.history import combined_statistics, kept_statistics
from dangvien.statistics.sections import Progress, statistics_sections
from dangvien.targets.selectors import target_at

VIEW = ReportPermission.VIEW

# (key, label, lowest age, highest age) — ages in completed years at the date.
AGE_BANDS: list[tuple[str, str, int, int | None]] = [
    ("to_30", "≤ 30", 0, 30),
    ("31_40", "31–40", 31, 40),
    ("41_50", "41–50", 41, 50),
    ("51_60", "51–60", 51, 60),
    ("61_70", "61–70", 61, 70),
    ("over_70", "> 70", 71, None),
]
MAJORITY_ETHNICITY = "Kinh"
NO_RELIGION = ("", "Không", "không")
THEORY_ORDER = ["bachelor", "advanced", "intermediate", "elementary", "none", ""]


def _years_before(day: date, years: int) -> date:
    try:
        return day.replace(year=day.year - years)
    except ValueError:  # 29 February
        return day.replace(year=day.year - years, day=28)


def growth(now: float | int | None, then: float | int | None) -> dict[str, Any]:
    """Absolute and relative change from ``then`` to ``now`` (percent, two decimals)."""
    if now is None or then is None:
        return {"now": now, "then": then, "change": None, "percent": None}
    change = now - then
    pct = None
    if then:
        pct = float(
            (Decimal(str(change)) * 100 / Decimal(str(then))).quantize(
                Decimal("0.01"), rounding=ROUND_HALF_UP
            )
        )
    if isinstance(change, float):
        change = round(change, 2)
    return {"now": now, "then": then, "change": change, "percent": pct}


UNKNOWN_AGE = "unknown"  # the age band of a member without a date of birth


def member_breakdowns(root: Organization, on: date) -> dict[str, Any]:
    """Members of the subtree at ``on`` by age band and sex, ethnicity, religion, education, theory.

    One pass over the members: counted by every combination of the five attributes and the age
    band (a few thousand groups for a province), then added up per attribute here. One query
    per attribute read the province's members five times (0.7 s each at 260 000 members)."""
    bands = Case(
        When(member__birth_date__isnull=True, then=Value(UNKNOWN_AGE)),
        *(
            When(
                Q(member__birth_date__lte=_years_before(on, low))
                & (
                    Q(member__birth_date__gt=_years_before(on, high + 1))
                    if high is not None
                    else Q()
                ),
                then=Value(key),
            )
            for key, _label, low, high in AGE_BANDS
        ),
        default=Value(""),
        output_field=CharField(),
    )
    groups = (
        periods_in_subtree(root, on)
        .order_by()
        .values_list(
            "member__sex",
            "member__ethnicity",
            "member__religion",
            "member__education",
            "member__political_theory",
        )
        .annotate(band=bands, n=Count("id"))
    )
    ages = {(key, sex): 0 for key, *_rest in AGE_BANDS for sex in ("M", "F")}
    by: dict[str, dict[str, int]] = {"ethnicity": {}, "religion": {}, "education": {}, "theory": {}}
    unknown_age = minority = religious = 0
    for sex, ethnicity, religion, education, theory, band, n in groups:
        if (band, sex) in ages:
            ages[(band, sex)] += n
        unknown_age += n if band == UNKNOWN_AGE else 0
        minority += n if ethnicity not in (MAJORITY_ETHNICITY, "") else 0
        religious += n if religion not in NO_RELIGION else 0
        for name, value in (
            ("ethnicity", ethnicity),
            ("religion", religion),
            ("education", education),
            ("theory", theory),
        ):
            by[name][value or ""] = by[name].get(value or "", 0) + n
    rows = [
        {
            "band": key,
            "label": label,
            "male": ages[(key, "M")],
            "female": ages[(key, "F")],
            "total": ages[(key, "M")] + ages[(key, "F")],
        }
        for key, label, _low, _high in AGE_BANDS
    ]
    return {
        "age_bands": rows,
        "unknown_age": unknown_age,
        "ethnic_minority": minority,
        "with_religion": religious,
        "ethnicity": _most_first(by["ethnicity"]),
        "religion": _most_first(by["religion"]),
        "education": _most_first(by["education"]),
        "political_theory": [
            {"value": level, "count": by["theory"][level]}
            for level in THEORY_ORDER
            if level in by["theory"]
        ],
    }


def _most_first(counts: dict[str, int]) -> list[dict[str, Any]]:
    """``{"value", "count"}`` rows, the largest count first, ties in the order of the values."""
    return [
        {"value": value, "count": n}
        for value, n in sorted(counts.items(), key=lambda item: (-item[1], item[0]))
    ]


def _in_subtree_then(roots: Collection[Organization]) -> Exists:
    """The event's organization stood in the subtree of one of ``roots`` on the event's date."""
    within = reduce(or_, (Q(path__contains=f"/{root.pk}/") for root in roots))
    return Exists(
        OrganizationVersion.objects.filter(
            within,
            organization_id=OuterRef("organization_id"),
            valid_from__lte=OuterRef("effective_on"),
        ).filter(Q(valid_to__isnull=True) | Q(valid_to__gt=OuterRef("effective_on")))
    )


def _events(
    roots: Collection[Organization], types: Collection[str], start: date, end: date
) -> QuerySet[MemberEvent]:
    """Effective events of ``types`` from ``start`` to ``end`` in the subtrees of ``roots``
    (each counted once)."""
    return (
        MemberEvent.objects.filter(type__in=types, effective_on__gte=start, effective_on__lte=end)
        .exclude(Exists(MemberEvent.objects.filter(corrects=OuterRef("pk"))))
        .filter(_in_subtree_then(roots))
    )


def movement(root: Organization, start: date, end: date) -> dict[str, Any]:
    """Admissions and exits in the subtree from ``start`` to ``end`` inclusive, by type."""
    counts = dict(
        _events(
            [root],
            MOVEMENT_TYPES,
            start,
            end,
        )
        .values_list("type")
        .annotate(n=Count("id"))
    )
    exits = {str(kind): counts.get(kind, 0) for kind in EXITS_IN_REPORT_ORDER}
    return {
        "from": start.isoformat(),
        "to": end.isoformat(),
        "admitted": counts.get(MemberEventType.ADMITTED, 0),
        "readmitted": counts.get(MemberEventType.READMITTED, 0),
        "exits": exits,
        "exits_total": sum(exits.values()),
    }


def formed_from(root: Organization, days: Collection[date]) -> dict[date, list[Organization]]:
    """For each of ``days`` before ``root`` was founded: the organizations whose subtrees held,
    that day, what ``root`` was formed from, the outermost of them only (one inside another is
    in that one's subtree).

    What it was formed from is every organization of its subtree on its founding day (the
    units its predecessors passed to it and the units moved into it from elsewhere, as the
    07/2025 reform did) and every organization merged into one of them by then, followed back
    through merges (its predecessors and theirs). All read from the dated versions of the tree:
    a day counts the subtrees of those that stood that day, as they stood.
    """
    founded = root.established_on
    before = sorted({day for day in days if day < founded})
    if not before:
        return {}
    state = organization_state(root, on=founded)
    if state is None:
        return {day: [] for day in before}
    formed = (
        OrganizationVersion.objects.at(founded)
        .filter(path__startswith=state.path)
        .values("organization_id")
    )
    merged: set[int] = set()
    into: QuerySet[Any] | set[int] = formed
    while True:
        found = set(
            Organization.objects.filter(
                merged_into_id__in=into, dissolved_on__lte=founded
            ).values_list("pk", flat=True)
        )
        into = found - merged
        if not into:
            break
        merged |= into
    rows = list(
        OrganizationVersion.objects.filter(
            Q(organization_id__in=formed) | Q(organization_id__in=merged)
        )
        .filter(valid_from__lte=before[-1])
        .filter(Q(valid_to__isnull=True) | Q(valid_to__gt=before[0]))
        .values_list("path", "organization_id", "valid_from", "valid_to")
    )
    rows.sort()
    outermost: dict[date, list[int]] = {}
    for day in before:
        kept: list[tuple[str, int]] = []
        for path, organization_id, start, end in rows:
            if start > day or (end is not None and end <= day):
                continue
            # sorted by path: a subtree's paths follow its root's, so the last kept is enough
            if kept and path.startswith(kept[-1][0]):
                continue
            kept.append((path, organization_id))
        outermost[day] = [organization_id for _path, organization_id in kept]
    by_id = Organization.objects.in_bulk({pk for ids in outermost.values() for pk in ids})
    return {day: [by_id[pk] for pk in ids] for day, ids in outermost.items()}


def _parts_before_founding(
    root: Organization, on: date, days: Collection[date]
) -> dict[date, list[Organization]]:
    """The organizations counted for ``root`` on each of ``days`` before its founding (empty
    lists where nothing is counted). Read on or after the founding: what it was formed from
    (``formed_from``). Read before it, the page's figures are those of its predecessors as they
    stood on ``on`` (``combined_report_figures``), so the charts count those too."""
    before = [day for day in days if day < root.established_on]
    if on >= root.established_on:
        return formed_from(root, before)
    return {
        day: [state.organization for state in standing_predecessors(root, day)] for day in before
    }


def members_over_time(root: Organization, on: date, *, years: int = 8) -> list[dict[str, Any]]:
    """Members of the subtree at the end of each of the last ``years`` years, and at ``on``.

    A day before ``root`` was founded counts the organizations it was formed from as they stood
    that day (``combined`` is true; ``_parts_before_founding``): the line of a merged commune
    runs on across the reform with its predecessors and the cells moved into it. A day before a
    founding from nothing that stood is left out (a cell founded in 2021 drew 0 members for
    2018–2020)."""
    every_day = [date(year, 12, 31) for year in range(on.year - years, on.year)] + [on]
    earlier = _parts_before_founding(root, on, every_day)
    parts_of: dict[date, list[Organization]] = {
        day: earlier[day] if day < root.established_on else [root] for day in every_day
    }
    days = [day for day in every_day if parts_of[day]]
    # each organization's days counted together (one scan each, not a count a day)
    days_of: dict[Organization, list[date]] = {}
    for day in days:
        for part in parts_of[day]:
            days_of.setdefault(part, []).append(day)
    counts = {part: periods_in_subtree_counts(part, wanted) for part, wanted in days_of.items()}
    return [
        {
            "date": day.isoformat(),
            "members": sum(counts[part][day] for part in parts_of[day]),
            "combined": day < root.established_on,
        }
        for day in days
    ]


def admissions_by_year(root: Organization, on: date, *, years: int = 6) -> list[dict[str, Any]]:
    """Admissions per calendar year (up to ``on``) with the yearly share of the target in force."""
    start = date(on.year - years + 1, 1, 1)
    counts = dict(
        _events([root], ADMISSION_TYPES, start, on)
        .annotate(year=ExtractYear("effective_on"))
        .values_list("year")
        .annotate(n=Count("id"))
    )
    # Before ``root`` was founded: the admissions into what it was formed from (the same
    # organizations as the line of members, ``_parts_before_founding``).
    last_days = {
        year: min(date(year, 12, 31), on, root.established_on - timedelta(days=1))
        for year in range(start.year, min(on.year, root.established_on.year) + 1)
    }
    parts_of = _parts_before_founding(root, on, last_days.values())
    # the years with the same organizations counted in one query (mostly all of them)
    years_of: dict[frozenset[Organization], list[int]] = {}
    for year, last in last_days.items():
        if parts_of.get(last):
            years_of.setdefault(frozenset(parts_of[last]), []).append(year)
    for parts, group in years_of.items():
        found: dict[int, int] = dict(
            _events(parts, ADMISSION_TYPES, date(group[0], 1, 1), last_days[group[-1]])
            .annotate(year=ExtractYear("effective_on"))
            .values_list("year")
            .annotate(n=Count("id"))
        )
        for year in group:
            counts[year] = counts.get(year, 0) + found.get(year, 0)
    combined_years = {year for group in years_of.values() for year in group}
    rows = []
    for year in range(start.year, on.year + 1):
        target = target_at(root, min(date(year, 12, 31), on))
        yearly = None
        if target is not None and target.admissions:
            span_years = Decimal((target.period_to - target.period_from).days + 1) / Decimal(
                "365.25"
            )
            yearly = float(
                (Decimal(target.admissions) / max(span_years, Decimal(1))).quantize(
                    Decimal("0.1"), rounding=ROUND_HALF_UP
                )
            )
        rows.append(
            {
                "year": year,
                "admissions": counts.get(year, 0),
                "yearly_target": yearly,
                "combined": year in combined_years,
            }
        )
    return rows


def drilldown(root: Organization, on: date) -> dict[str, Any]:
    """Direct sub-organizations at ``on`` with their subtree totals; the rows add up to the root.

    Members are counted where their official organization stood at ``on``; members whose
    organization is the root itself form the row ``direct`` (None when there are none).
    """
    path = subtree_path(root, on)
    if path is None:
        return {"rows": [], "direct": None, "total": None}
    versions = list(
        OrganizationVersion.objects.at(on)
        .filter(path__startswith=path)
        .values("organization_id", "path", "parent_id", "name", "kind", "sector")
    )
    org_path = {v["organization_id"]: v["path"] for v in versions}
    counts = (
        # the subtree as a subquery, not its ids: a whole tree's are tens of thousands of
        # parameters to send and for the database to read
        periods_in_subtree(root, on)
        .values("organization_id")
        .annotate(
            total=Count("id"),
            probationary=Count("id", filter=Q(status=MemberStatus.PROBATIONARY)),
            female=Count("id", filter=Q(sex="F")),  # the period's copy: no join for it
        )
    )
    children = sorted(
        (v for v in versions if v["parent_id"] == root.pk),
        key=lambda v: (v["kind"], vn_sort_key(v["name"])),
    )
    codes = dict(
        Organization.objects.filter(pk__in=[c["organization_id"] for c in children]).values_list(
            "pk", "code"
        )
    )
    keys = ("total", "probationary", "female")
    rows: dict[int, dict[str, Any]] = {
        c["organization_id"]: {
            "code": codes[c["organization_id"]],
            "name": c["name"],
            "kind": c["kind"],
            "sector": c["sector"],
            "organizations": 0,
            **dict.fromkeys(keys, 0),
        }
        for c in children
    }
    child_by_segment = {org_path[c["organization_id"]]: c["organization_id"] for c in children}
    direct = dict.fromkeys(keys, 0)

    def child_of(org_id: int) -> int | None:
        own = org_path[org_id]
        if own == path:
            return None
        segment = own[len(path) :].split("/", 1)[0]
        return child_by_segment.get(f"{path}{segment}/")

    for version in versions:
        child = child_of(version["organization_id"])
        if child is not None:
            rows[child]["organizations"] += 1
    for row in counts:
        child = child_of(row["organization_id"])
        target = rows[child] if child is not None else direct
        for key in keys:
            target[key] += row[key]
    for row in (*rows.values(), direct):
        row["official"] = row["total"] - row["probationary"]
    total = {key: sum(r[key] for r in rows.values()) + direct[key] for key in (*keys, "official")}
    total["organizations"] = sum(r["organizations"] for r in rows.values())
    return {
        "rows": list(rows.values()),
        "direct": direct if direct["total"] else None,
        "total": total,
    }


def parent_name(root: Organization, on: date) -> str | None:
    """The name of the organization above ``root`` at ``on`` (for document headers)."""
    parent_id = (
        OrganizationVersion.objects.at(on)
        .filter(organization=root)
        .values_list("parent_id", flat=True)
        .first()
    )
    if parent_id is None:
        return None
    return (
        OrganizationVersion.objects.at(on)
        .filter(organization_id=parent_id)
        .values_list("name", flat=True)
        .first()
    )


#: The last part of a report's figures told to a ``progress`` (after the statistics' parts).
REPORT_PART = "breakdowns"
REPORT_PART_TITLE = pgettext_lazy("statistics part", "Breakdowns, movement and charts")


def report_figures(
    root: Organization,
    on: date,
    *,
    period_from: date | None = None,
    progress: Progress | None = None,
) -> dict[str, Any]:
    """Everything a report says about ``root`` at ``on``: §3 figures, breakdowns, movement.
    The statistics are those of the statistics page (``kept_statistics``: counted once for
    both); ``progress`` is told their parts, then ``REPORT_PART``."""
    steps = len(list(statistics_sections.items())) + 2

    def part(key: str, title: str | Promise, step: int, _steps: int) -> None:
        if progress is not None:
            progress(key, title, step, steps)

    stats = kept_statistics(root, on, progress=part)
    part(REPORT_PART, REPORT_PART_TITLE, steps, steps)
    start = period_from or date(on.year, 1, 1)
    return {
        **stats,
        "breakdowns": member_breakdowns(root, on),
        "movement": movement(root, start, on),
        "drilldown": drilldown(root, on),
    }


def _sum_counted(parts: list[list[dict[str, Any]]]) -> list[dict[str, Any]]:
    totals: dict[str, int] = {}
    for rows in parts:
        for row in rows:
            totals[row["value"]] = totals.get(row["value"], 0) + row["count"]
    return [
        {"value": value, "count": n}
        for value, n in sorted(totals.items(), key=lambda item: (-item[1], item[0]))
    ]


def _sum_breakdowns(parts: list[dict[str, Any]]) -> dict[str, Any]:
    """The breakdowns of several subtrees added up (band by band, value by value)."""
    ages = [
        {
            "band": key,
            "label": label,
            **{
                sex: sum(p["age_bands"][index][sex] for p in parts)
                for sex in ("male", "female", "total")
            },
        }
        for index, (key, label, _low, _high) in enumerate(AGE_BANDS)
    ]
    theory = {
        row["value"]: row["count"] for row in _sum_counted([p["political_theory"] for p in parts])
    }
    return {
        "age_bands": ages,
        **{
            key: sum(p[key] for p in parts)
            for key in ("unknown_age", "ethnic_minority", "with_religion")
        },
        **{
            key: _sum_counted([p[key] for p in parts])
            for key in ("ethnicity", "religion", "education")
        },
        "political_theory": [
            {"value": level, "count": theory[level]} for level in THEORY_ORDER if level in theory
        ],
    }


def combined_report_figures(root: Organization, on: date) -> dict[str, Any]:
    """``report_figures`` for a day before ``root`` was founded by a merge: the combined §3
    figures of its predecessors standing that day (``combined_from``), their breakdowns and
    movement added up, and a drill-down with one row per predecessor (its subtree's totals).
    A row's organizations are those under the predecessor, not the predecessor itself: each is
    the root of its part, which §3 does not count (the rows add up to the organizations of the
    combined figures: 18 cells under two communes are 18, not 20).
    Raises the refusal of ``statistics.history.before_founding`` when none stood that day."""
    stats = combined_statistics(root, on)
    parts = standing_predecessors(root, on)
    start = date(on.year, 1, 1)
    movements = [movement(state.organization, start, on) for state in parts]
    exits = {kind: sum(m["exits"][kind] for m in movements) for kind in movements[0]["exits"]}
    rows = []
    for state in parts:
        total = drilldown(state.organization, on)["total"] or {}
        rows.append(
            {
                "code": state.organization.code,
                "name": state.name,
                "kind": state.kind,
                "sector": state.sector,
                **total,
            }
        )
    keys = ("organizations", "total", "probationary", "female", "official")
    return {
        **stats,
        "breakdowns": _sum_breakdowns(
            [member_breakdowns(state.organization, on) for state in parts]
        ),
        "movement": {
            "from": start.isoformat(),
            "to": on.isoformat(),
            "admitted": sum(m["admitted"] for m in movements),
            "readmitted": sum(m["readmitted"] for m in movements),
            "exits": exits,
            "exits_total": sum(exits.values()),
        },
        "drilldown": {
            "rows": rows,
            "direct": None,
            "total": {key: sum(row.get(key, 0) for row in rows) for key in keys},
        },
    }


def figures_or_combined(
    root: Organization, on: date, *, progress: Progress | None = None
) -> dict[str, Any]:
    """``report_figures`` when ``root`` stood at ``on``; before its founding by a merge, the
    combined figures of its predecessors (``combined_from``); else the refusal."""
    if on < root.established_on:
        return combined_report_figures(root, on)
    return report_figures(root, on, progress=progress)


KEY_FIGURES = [
    ("members.total", gettext_noop("Party members")),
    ("members.official", gettext_noop("Official members")),
    ("members.probationary", gettext_noop("Probationary members")),
    ("members.female", gettext_noop("Female members")),
    ("breakdowns.ethnic_minority", gettext_noop("Ethnic-minority members")),
    ("breakdowns.with_religion", gettext_noop("Members with a religion")),
    ("grassroots.total", gettext_noop("Grassroots party organizations")),
    ("cells", gettext_noop("Cells under grassroots committees")),
    ("members_per_population_percent", gettext_noop("Members per population (%)")),
    ("admissions.count", gettext_noop("Admissions in the term")),
]


def lookup(data: dict[str, Any], dotted: str) -> Any:
    value: Any = data
    for part in dotted.split("."):
        if not isinstance(value, dict):
            return None
        value = value.get(part)
    return value


def comparison(now: dict[str, Any], then: dict[str, Any]) -> list[dict[str, Any]]:
    """Key figures at two dates with their growth."""
    return [
        {"key": key, "label": label, **growth(lookup(now, key), lookup(then, key))}
        for key, label in KEY_FIGURES
    ]


def flatten(data: Any, prefix: str = "") -> dict[str, Any]:
    """``{"a": {"b": 1}, "c": [{"x": 2}]}`` → ``{"a.b": 1, "c.0.x": 2}``."""
    out: dict[str, Any] = {}
    if isinstance(data, dict):
        for key, value in data.items():
            out.update(flatten(value, f"{prefix}{key}."))
    elif isinstance(data, list):
        for index, value in enumerate(data):
            label = (
                value.get("code") or value.get("band") or value.get("value")
                if isinstance(value, dict)
                else None
            )
            out.update(flatten(value, f"{prefix}{label if label is not None else index}."))
    else:
        out[prefix.rstrip(".")] = data
    return out


def figures_diff(frozen: dict[str, Any], current: dict[str, Any]) -> list[dict[str, Any]]:
    """Field-by-field differences between frozen figures and a recomputation."""
    old, new = flatten(frozen), flatten(current)
    return [
        {"field": key, "frozen": old.get(key), "current": new.get(key)}
        for key in sorted(set(old) | set(new))
        if old.get(key) != new.get(key)
    ]


# --- period reports -----------------------------------------------------------------------


def report_queryset(actor: Actor) -> QuerySet[PeriodReport]:
    """Reports the actor may see: approved ones in the subtree of a grant, any state of an
    organization the actor is granted on directly (or created), everything for superusers."""
    paths = granted_paths(actor, VIEW)
    base = PeriodReport.objects.select_related("organization", "approved_by", "created_by")
    if paths is None:
        return base
    own = Q(organization__path__in=paths) | Q(created_by_id=getattr(actor, "pk", None))
    return base.filter(scope_q(actor, VIEW)).filter(Q(status=ReportStatus.APPROVED) | own)


def report_list(
    *, actor: Actor, organization: Organization | None = None, include_below: bool = True
) -> QuerySet[PeriodReport]:
    reports = report_queryset(actor)
    if organization is not None:
        if include_below:
            reports = reports.filter(organization__path__startswith=organization.path)
        else:
            reports = reports.filter(organization=organization)
    return reports.order_by("-period_to", "organization__path", "-id")


def report_get(*, actor: Actor, pk: int) -> PeriodReport:
    report = report_queryset(actor).filter(pk=pk).first()
    if report is None:
        raise Http404("report")
    return report


def report_organization(*, actor: Actor, code: str) -> Organization:
    return organization_get(actor=actor, code=code, action=VIEW)


def rollup(report: PeriodReport) -> dict[str, Any]:
    """Sum of the approved reports of the direct sub-organizations for the same period, against
    the report's own figures (members counted where they stood at the period's end)."""
    on = report.period_to
    children = list(
        OrganizationVersion.objects.at(on)
        .filter(parent=report.organization)
        .select_related("organization")
        .order_by("kind", "name")
    )
    approved = {
        r.organization_id: r
        for r in PeriodReport.objects.filter(
            organization__in=[c.organization for c in children],
            period_from=report.period_from,
            period_to=report.period_to,
            status=ReportStatus.APPROVED,
        ).order_by("approved_at")
    }
    keys = ["members.total", "members.official", "members.probationary", "members.female"]
    own = report.figures if report.figures else {}
    rows = []
    sums = dict.fromkeys(keys, 0)
    for child in children:
        child_report = approved.get(child.organization_id)
        values = {k: lookup(child_report.figures or {}, k) if child_report else None for k in keys}
        for k in keys:
            sums[k] += values[k] or 0
        rows.append({"state": child, "report": child_report, "values": [values[k] for k in keys]})
    own_values = {k: lookup(own, k) for k in keys}
    return {
        "keys": keys,
        "rows": rows,
        "missing": sum(1 for r in rows if r["report"] is None),
        "sums": [sums[k] for k in keys],
        "own": [own_values[k] for k in keys],
        "difference": [
            (own_values[k] - sums[k]) if own_values[k] is not None else None for k in keys
        ],
    }
