"""The targets' section of a bundle: populations.csv and targets.csv.

Each row goes through ``population_set`` or ``admission_target_set`` (the rules of the web
forms); a row already recorded identically is skipped.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from functools import partial

from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy

from dangvien.interchange.problems import (
    Problem,
    Unreadable,
    read_date,
    read_decimal,
    read_integer,
    required,
    write_row,
)
from dangvien.interchange.sections import BundleFile, Column, ExportContext, ImportContext
from dangvien.organizations.interchange import (
    DATE,
    exported_organizations,
    organization_ids,
    unknown_code,
)
from dangvien.organizations.models import Organization
from dangvien.targets.models import AdmissionTarget, Population, TargetKind
from dangvien.targets.services import admission_target_set, population_set

POPULATIONS = BundleFile(
    "populations.csv",
    gettext_lazy(
        "Population of the territory an organization leads, for the ratio of members to it."
    ),
    (
        Column(
            "organization_code",
            gettext_lazy("Code of the organization leading the territory."),
            mandatory=True,
        ),
        Column("year", gettext_lazy("Year of the figure, e.g. 2021."), mandatory=True),
        Column("population", gettext_lazy("Population (a whole number)."), mandatory=True),
    ),
)
TARGETS = BundleFile(
    "targets.csv",
    gettext_lazy("Admission targets per term."),
    (
        Column(
            "organization_code",
            gettext_lazy("Code of the organization setting the target."),
            mandatory=True,
        ),
        Column(
            "period_from",
            format_lazy("{} {}", gettext_lazy("Start of the term."), DATE),
            mandatory=True,
        ),
        Column(
            "period_to",
            format_lazy("{} {}", gettext_lazy("End of the term."), DATE),
            mandatory=True,
        ),
        Column("admissions", gettext_lazy("Members to admit during the term.")),
        Column(
            "members_per_population_percent",
            gettext_lazy("Ratio of members to the population to reach (%), e.g. 3.85."),
        ),
        Column(
            "kind",
            gettext_lazy(
                "Kind of period: term (default when empty) or year (a yearly target, which may "
                "lie inside a term)."
            ),
        ),
    ),
)


@dataclass(frozen=True)
class TargetsSection:
    # no fields: equal instances, so that a second ready() (tests) registers the same value
    label = gettext_lazy("Populations and targets")
    files = (POPULATIONS, TARGETS)
    counts = {
        "populations": gettext_lazy("Population figures"),
        "targets": gettext_lazy("Admission targets"),
    }

    def load(self, context: ImportContext) -> None:
        org_ids = organization_ids(context)
        problems = context.problems
        population_rows = list(context.bundle.rows(POPULATIONS.name))
        target_rows = list(context.bundle.rows(TARGETS.name))
        # the organizations the files name and the figures already recorded, read at once
        # (a row already recorded identically is skipped without a savepoint)
        named = {row.get("organization_code") for row in (*population_rows, *target_rows)}
        organizations = Organization.objects.in_bulk(
            [org_ids[code] for code in named if code in org_ids]
        )
        populations = {
            (org, year): population
            for org, year, population in Population.objects.filter(
                organization_id__in=list(organizations)
            ).values_list("organization_id", "year", "population")
        }
        targets = {
            (org, start, end): (kind, admissions, ratio)
            for org, start, end, kind, admissions, ratio in AdmissionTarget.objects.filter(
                organization_id__in=list(organizations)
            ).values_list(
                "organization_id",
                "period_from",
                "period_to",
                "kind",
                "admissions",
                "members_per_population_percent",
            )
        }
        for row in population_rows:
            code = row.get("organization_code")
            if code not in org_ids:
                problems.append(
                    Problem(row.file, row.line, "organization_code", unknown_code(code))
                )
                continue
            try:
                year = read_integer(row, "year", problems, low=1900, high=2999)
                population = read_integer(row, "population", problems)
            except Unreadable:
                continue
            if year is None or population is None:
                column = "year" if year is None else "population"
                problems.append(Problem(row.file, row.line, column, required()))
                continue
            year_of = (org_ids[code], year)
            if populations.get(year_of) == population:
                continue
            if write_row(
                context,
                row,
                partial(
                    population_set,
                    actor=context.actor,
                    organization=organizations[org_ids[code]],
                    year=year,
                    population=population,
                ),
                count="populations",
                column="population",
            ):
                populations[year_of] = population
        for row in target_rows:
            code = row.get("organization_code")
            start = read_date(row, "period_from", problems, mandatory=True)
            end = read_date(row, "period_to", problems, mandatory=True)
            if code not in org_ids:
                problems.append(
                    Problem(row.file, row.line, "organization_code", unknown_code(code))
                )
                continue
            try:
                admissions = read_integer(row, "admissions", problems)
                ratio = read_decimal(row, "members_per_population_percent", problems)
            except Unreadable:
                continue
            if start is None or end is None:
                continue
            # the kind of period, as the web form chooses it (a year may lie inside a term);
            # admission_target_set checks it like every other figure
            kind = row.get("kind") or TargetKind.TERM
            period = (org_ids[code], start, end)
            if targets.get(period) == (kind, admissions, ratio):
                continue
            if write_row(
                context,
                row,
                partial(
                    admission_target_set,
                    actor=context.actor,
                    organization=organizations[org_ids[code]],
                    period_from=start,
                    period_to=end,
                    admissions=admissions,
                    members_per_population_percent=ratio,
                    kind=kind,
                ),
                count="targets",
                column="period_from",
            ):
                targets[period] = (kind, admissions, ratio)

    def export(self, context: ExportContext) -> None:
        scope = exported_organizations(context)
        codes = dict(Organization.objects.values_list("pk", "code"))
        populations = Population.objects.all()
        targets = AdmissionTarget.objects.all()
        if scope is not None:
            populations = populations.filter(organization_id__in=scope)
            targets = targets.filter(organization_id__in=scope)
        with context.open(POPULATIONS.name) as out:
            for population in populations.order_by("organization_id", "year"):
                out.write(
                    {
                        "organization_code": codes[population.organization_id],
                        "year": population.year,
                        "population": population.population,
                    }
                )
        with context.open(TARGETS.name) as out:
            for target in targets.order_by("organization_id", "period_from"):
                out.write(
                    {
                        "organization_code": codes[target.organization_id],
                        "period_from": _iso(target.period_from),
                        "period_to": _iso(target.period_to),
                        "admissions": target.admissions,
                        "members_per_population_percent": target.members_per_population_percent,
                        "kind": target.kind,
                    }
                )


def _iso(value: date | None) -> str:
    return value.isoformat() if value is not None else ""
