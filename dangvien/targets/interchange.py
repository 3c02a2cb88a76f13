"""The targets' section of a bundle: populations.csv and targets.csv.

Each row is checked with the rules of ``population_set`` and ``admission_target_set`` (the web
forms' services: ``targets.rules``) against the figures recorded, read once, and the rows
before it; the new rows are written in bulk by ``targets_create_many``. A row already recorded
identically is skipped; a row changing a recorded figure goes through its service, after the
new rows before it are written.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from datetime import date
from functools import partial

from django.core.exceptions import PermissionDenied
from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy

from dangvien.accounts.scoping import require
from dangvien.audit.services import hold_audit_chain
from dangvien.core.exceptions import DomainError
from dangvien.core.verdicts import enforce
from dangvien.interchange.bundle import Row
from dangvien.interchange.problems import (
    Problem,
    Unreadable,
    read_date,
    read_decimal,
    read_integer,
    required,
    row_refused,
    write_row,
)
from dangvien.interchange.sections import BundleFile, Column, ExportContext, ImportContext
from dangvien.organizations.interchange import (
    DATE,
    exported_organizations,
    organization_ids,
    unknown_code,
)
from dangvien.organizations.models import Organization, path_ids
from dangvien.targets.models import AdmissionTarget, Population, TargetKind
from dangvien.targets.rules import (
    figures_verdict,
    overlap_verdict,
    population_verdict,
    same_period,
    within_parent_verdict,
)
from dangvien.targets.services import (
    CHANGE,
    admission_target_set,
    population_set,
    targets_create_many,
)

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
        _Loader(context).load()

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


class _Loader:
    """The two files' rows checked in memory and written in bulk. The populations recorded for
    the organizations the files name, and the targets of those organizations and of their
    ancestors, are read at once; a new row joins them (pending) so that the rows after it are
    checked against it, as the services would check them after it was written."""

    def __init__(self, context: ImportContext) -> None:
        self.context = context
        self.actor = context.actor
        self.org_ids = organization_ids(context)
        self.population_rows = list(context.bundle.rows(POPULATIONS.name))
        self.target_rows = list(context.bundle.rows(TARGETS.name))
        named = {
            self.org_ids[code]
            for row in (*self.population_rows, *self.target_rows)
            if (code := row.get("organization_code")) in self.org_ids
        }
        self.organizations = Organization.objects.in_bulk(list(named))
        if not context.dry_run and named:
            # what is recorded is read once and the rows checked against it: no other write
            # may commit from here until the import ends (a dry run writes nothing, and
            # holds nothing)
            hold_audit_chain()
        # each organization named and its ancestors (a path names the organization last)
        upper = {
            pk for organization in self.organizations.values() for pk in path_ids(organization.path)
        }
        self.populations = {
            (population.organization_id, population.year): population
            for population in Population.objects.filter(organization_id__in=list(named))
        }
        self.targets: dict[int, list[AdmissionTarget]] = defaultdict(list)
        for target in AdmissionTarget.objects.filter(organization_id__in=list(upper)):
            self.targets[target.organization_id].append(target)
        self.new_populations: list[Population] = []
        self.new_targets: list[AdmissionTarget] = []

    def load(self) -> None:
        for row in self.population_rows:
            self._population(row)
        for row in self.target_rows:
            self._target(row)
        self._write_pending()

    def _organization(self, row: Row) -> Organization | None:
        code = row.get("organization_code")
        if code not in self.org_ids:
            self.context.problems.append(
                Problem(row.file, row.line, "organization_code", unknown_code(code))
            )
            return None
        return self.organizations[self.org_ids[code]]

    def _write_pending(self) -> None:
        """Write the new rows (before a service reads the database, and at the end)."""
        if self.new_populations or self.new_targets:
            targets_create_many(
                actor=self.actor, populations=self.new_populations, targets=self.new_targets
            )
            self.new_populations, self.new_targets = [], []

    def _population(self, row: Row) -> None:
        problems = self.context.problems
        organization = self._organization(row)
        if organization is None:
            return
        try:
            year = read_integer(row, "year", problems, low=1900, high=2999)
            figure = read_integer(row, "population", problems)
        except Unreadable:
            return
        if year is None or figure is None:
            column = "year" if year is None else "population"
            problems.append(Problem(row.file, row.line, column, required()))
            return
        recorded = self.populations.get((organization.pk, year))
        if recorded is not None:
            if recorded.population == figure:
                return
            self._write_pending()
            if write_row(
                self.context,
                row,
                partial(
                    population_set,
                    actor=self.actor,
                    organization=organization,
                    year=year,
                    population=figure,
                ),
                count="populations",
                column="population",
            ):
                recorded.population = figure
            return
        try:
            require(self.actor, CHANGE, organization)
            enforce(population_verdict(figure))
        except (PermissionDenied, DomainError) as error:
            row_refused(self.context, row, error, column="population")
            return
        population = Population(organization=organization, year=year, population=figure)
        self.populations[(organization.pk, year)] = population
        self.new_populations.append(population)
        self.context.count("populations")

    def _target(self, row: Row) -> None:
        problems = self.context.problems
        start = read_date(row, "period_from", problems, mandatory=True)
        end = read_date(row, "period_to", problems, mandatory=True)
        organization = self._organization(row)
        if organization is None:
            return
        try:
            admissions = read_integer(row, "admissions", problems)
            ratio = read_decimal(row, "members_per_population_percent", problems)
        except Unreadable:
            return
        if start is None or end is None:
            return
        # the kind of period, as the web form chooses it (a year may lie inside a term),
        # checked like every other figure
        kind = row.get("kind") or TargetKind.TERM
        own = self.targets[organization.pk]
        same = same_period(own, period_from=start, period_to=end)
        recorded = (
            (same.kind, same.admissions, same.members_per_population_percent) if same else None
        )
        if recorded == (kind, admissions, ratio):
            return
        try:
            require(self.actor, CHANGE, organization)
            enforce(
                figures_verdict(
                    period_from=start,
                    period_to=end,
                    admissions=admissions,
                    members_per_population_percent=ratio,
                    kind=kind,
                ),
                within_parent_verdict(
                    (self.targets[pk] for pk in reversed(path_ids(organization.path)[:-1])),
                    kind=kind,
                    period_from=start,
                    period_to=end,
                ),
                overlap_verdict(own, kind=kind, period_from=start, period_to=end),
            )
        except (PermissionDenied, DomainError) as error:
            row_refused(self.context, row, error, column="period_from")
            return
        if same is not None:
            # new figures for a recorded period: the service writes them and their audit row
            self._write_pending()
            if write_row(
                self.context,
                row,
                partial(
                    admission_target_set,
                    actor=self.actor,
                    organization=organization,
                    period_from=start,
                    period_to=end,
                    admissions=admissions,
                    members_per_population_percent=ratio,
                    kind=kind,
                ),
                count="targets",
                column="period_from",
            ):
                same.admissions, same.members_per_population_percent = admissions, ratio
            return
        target = AdmissionTarget(
            organization=organization,
            kind=kind,
            period_from=start,
            period_to=end,
            admissions=admissions,
            members_per_population_percent=ratio,
        )
        own.append(target)
        self.new_targets.append(target)
        self.context.count("targets")
