"""Importing a bundle: all or nothing, every problem reported as ``file:row: column: message``.

The engine opens the bundle, runs the registered sections in their order inside one
transaction (each reads, checks and writes its own files with the same rules as the services),
runs every section even after one found problems (so that one pass reports the problems of
every file; a section sees only its own problems in ``context.problems``), and rolls everything
back when there is any problem or for a dry run. Problems name the file (or sheet) and the
column as the bundle wrote them, Vietnamese headers included. Importing the same bundle again changes nothing: every section
recognises what already exists. The import as a whole writes one audit row with its counts.
"""

from __future__ import annotations

import time
from dataclasses import dataclass, field, replace
from pathlib import Path

from django.db import connection, transaction

from dangvien.accounts.types import Actor
from dangvien.audit.services import AuditAction, chain_run, record
from dangvien.interchange.bundle import Bundle, BundleError
from dangvien.interchange.problems import Problem
from dangvien.interchange.sections import (
    Deviation,
    ImportContext,
    Progress,
    count_labels,
    import_hooks,
    sections,
)
from dangvien.rules.selectors import RuleBook


class ImportFailed(Exception):
    def __init__(self, problems: list[Problem]) -> None:
        self.problems = problems
        super().__init__(f"{len(problems)} problem(s)")


@dataclass
class ImportResult:
    """The counts of an import (what the sections created, by key, in section order), its
    problems, and the seconds spent per stage (not part of the counts)."""

    counts: dict[str, int] = field(default_factory=dict)
    problems: list[Problem] = field(default_factory=list)
    timings: dict[str, float] = field(default_factory=dict)
    #: the rows recorded as given although they deviate from a rule (``record_deviations``)
    deviations: list[Deviation] = field(default_factory=list)

    def as_dict(self) -> dict[str, int]:
        return dict(self.counts)

    def __getitem__(self, key: str) -> int:
        return self.counts[key]

    def __getattr__(self, key: str) -> int:
        # result.members_created: the counts read as attributes, as before sections existed
        try:
            return self.__dict__["counts"][key]
        except KeyError:
            raise AttributeError(key) from None


class _Rollback(Exception):
    """Raised inside the transaction to undo a dry run or a failed import."""


def _silent(stage: str, count: int, fraction: float | None = None, /) -> None:
    pass


def bundle_problem(path: Path | str, error: BundleError) -> Problem:
    """A bundle that cannot be read, as a problem of the file and row it names (else of the
    bundle itself)."""
    if error.file:
        return Problem(error.file, error.line, error.column, str(error))
    return Problem(str(path), 0, "-", str(error))


def run_sections(context: ImportContext, path: Path | str = "") -> list[Problem]:
    """Load every registered section in order, each with a problem list of its own (a section
    that checks ``context.problems`` sees only its own); returns the problems of all of them,
    as the bundle names its files and columns. A file that cannot be read at all is a problem
    of its section; the later sections still run."""
    found: list[Problem] = []
    for stage, section in sections.items():
        context.problems = []
        started = time.monotonic()
        try:
            section.load(context)
        except BundleError as error:
            context.problems.append(bundle_problem(path, error))
        context.timings[stage] = round(time.monotonic() - started, 2)
        found.extend(context.problems)
    context.problems = [_as_given(context.bundle, problem) for problem in found]
    return context.problems


def _deviation_as_given(bundle: Bundle, deviation: Deviation) -> Deviation:
    file, column = bundle.shown(deviation.file, deviation.column)
    return replace(deviation, file=file, column=column)


def _as_given(bundle: Bundle, problem: Problem) -> Problem:
    file, column = bundle.shown(problem.file, problem.column)
    return Problem(file, problem.line, column, problem.message)


def import_bundle(
    path: Path | str,
    *,
    actor: Actor,
    dry_run: bool = False,
    progress: Progress | None = None,
    record_deviations: bool = False,
) -> ImportResult:
    """Import a bundle; raises ``ImportFailed`` with every problem (and writes nothing) on error.

    ``record_deviations`` (historic data): a row that deviates from a rule that tolerates it
    (e.g. an official date one day off the end of probation) is recorded as given and listed
    in ``ImportResult.deviations`` (the import hooks turn them into data-quality findings)
    instead of being refused; the default refuses it as a problem."""
    try:
        bundle = Bundle(Path(path))
    except BundleError as error:
        raise ImportFailed([bundle_problem(path, error)]) from error
    result = ImportResult(counts=dict.fromkeys(count_labels(), 0))
    try:
        # one chain run: the services' audit rows of thousands of rows chained without writing
        # the chain head each time (audit.models.chain_run)
        with transaction.atomic(), chain_run():
            if connection.vendor == "sqlite":
                # a larger page cache for the index maintenance of a big load (this connection)
                with connection.cursor() as cursor:
                    cursor.execute("PRAGMA cache_size = -65536")
            context = ImportContext(
                bundle=bundle,
                actor=actor,
                rules=RuleBook(),
                progress=progress or _silent,
                dry_run=dry_run,
                record_deviations=record_deviations,
                counts=result.counts,
                timings=result.timings,
            )
            result.problems = run_sections(context, path)
            if result.problems:
                raise _Rollback
            result.deviations = [_deviation_as_given(bundle, d) for d in context.deviations]
            context.deviations = result.deviations
            if not dry_run:
                for hook in import_hooks:
                    hook(context)
            unchanged = {key for key in result.counts if key.endswith("_unchanged")}
            if any(v for k, v in result.counts.items() if k not in unchanged):
                record(
                    actor=actor,
                    action=AuditAction.CREATE,
                    object_repr=f"import {Path(path).name}",
                    message="import " + ", ".join(f"{k}={v}" for k, v in result.counts.items()),
                )
            if dry_run:
                raise _Rollback
    except _Rollback:
        pass
    if result.problems:
        raise ImportFailed(result.problems)
    return result
