"""Interchange sections: what a domain app plugs into the import and the export of bundles.

The interchange app is an engine that knows no domain. Each app that owns bundle files
registers a ``Section`` in its ``AppConfig.ready()``::

    from dangvien.interchange.sections import sections
    sections.register("committees", CommitteesSection(), order=30)

A section declares its files and their columns (``BundleFile``/``Column``: the bundle reader,
the XLSX template, the export and the docs use them), reads, checks and writes its files in
``load(context)`` and writes them in ``export(context)``. Sections run in ``order``:
organizations (10) → members (20) → committees (30) → targets (40); a later app picks a free
number after the sections it depends on. Every section runs even when an earlier one found
problems (one pass reports the problems of every file); an import with any problem is rolled
back as a whole.

Historic data (the lenient mode, ``ImportContext.record_deviations``): a section may record a
row that deviates from a rule as given and add a ``Deviation`` to ``context.deviations``
instead of a problem; after a successful import the ``import_hooks`` (e.g. the data-quality
app's findings) receive the context in the import's transaction.
"""

from __future__ import annotations

import csv
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO, TYPE_CHECKING, Any, Protocol

from django.utils.functional import Promise

from dangvien.core.registry import Registry
from dangvien.core.spreadsheets import safe_cell

if TYPE_CHECKING:
    from dangvien.accounts.types import Actor
    from dangvien.interchange.bundle import Bundle
    from dangvien.interchange.problems import Problem
    from dangvien.rules.selectors import RuleBook

Text = str | Promise


@dataclass(frozen=True)
class Column:
    """A column of a bundle file: its name, what it holds (the template's guide, translated),
    whether the header must have it, and whether dangvien adds it to the public contract."""

    name: str
    guide: Text
    mandatory: bool = False
    extension: bool = False


@dataclass(frozen=True)
class BundleFile:
    """A file of the bundle (a sheet of the XLSX workbook), with its columns in export order."""

    name: str
    guide: Text
    columns: tuple[Column, ...]
    required: bool = False  # the bundle must have it (organizations.csv, members.csv)
    extension: bool = False  # a file dangvien adds to the contract

    @property
    def column_names(self) -> list[str]:
        return [column.name for column in self.columns]

    @property
    def mandatory_columns(self) -> list[str]:
        return [column.name for column in self.columns if column.mandatory]


@dataclass(frozen=True)
class Deviation:
    """A row recorded as given although it deviates from a rule (lenient import of historic
    data): where it is, the rule key it deviates from, the rule's message, and whom it is about
    (the member's key, the organization's code; empty when not known)."""

    file: str
    line: int
    column: str
    rule_key: str
    message: str
    member_key: str = ""
    organization_code: str = ""


class Progress(Protocol):
    def __call__(self, stage: str, count: int, fraction: float | None = None, /) -> None: ...


@dataclass
class ImportContext:
    """What a section's ``load`` works with: the bundle, who imports, the rulebook (one cache for
    the whole import), the problems found so far, the counts, and ``shared``: what a section
    leaves for later ones (each app reads it through its own accessors, e.g. the organization
    ids by code that the organizations section publishes)."""

    bundle: Bundle
    actor: Actor
    rules: RuleBook
    progress: Progress
    dry_run: bool = False
    record_deviations: bool = False
    problems: list[Problem] = field(default_factory=list)
    deviations: list[Deviation] = field(default_factory=list)
    counts: dict[str, int] = field(default_factory=dict)
    timings: dict[str, float] = field(default_factory=dict)
    shared: dict[str, Any] = field(default_factory=dict)

    def count(self, key: str, added: int = 1) -> None:
        self.counts[key] = self.counts.get(key, 0) + added


class ExportFailed(Exception):
    """The export cannot be made (e.g. the code of ``--org`` names no organization)."""


@dataclass
class ExportContext:
    """What a section's ``export`` works with: the folder, the scope (the code of the subtree's
    root, ``None`` for the whole database) and ``shared``, as for imports. The section that
    understands the scope sets ``scope_path`` (the access path its audit row is filed under)."""

    folder: Path
    scope: str | None = None
    counts: dict[str, int] = field(default_factory=dict)
    shared: dict[str, Any] = field(default_factory=dict)
    scope_path: str = ""

    def open(self, name: str) -> CsvOut:
        """A writer of ``name`` with the header the section declared."""
        return CsvOut(self, bundle_file(name))


class CsvOut:
    """Writes the rows of one bundle file (dicts by column name; missing or None cells empty)."""

    def __init__(self, context: ExportContext, spec: BundleFile) -> None:
        self.context = context
        self.name = spec.name
        self.handle: IO[str] = (context.folder / spec.name).open("w", encoding="utf-8", newline="")
        self.writer = csv.DictWriter(
            self.handle, fieldnames=spec.column_names, extrasaction="ignore"
        )
        self.writer.writeheader()
        self.count = 0
        context.counts[spec.name] = 0  # in the order the files are opened

    def write(self, row: Mapping[str, Any]) -> None:
        # a text a spreadsheet program would run as a formula is protected (the import
        # removes the protection again: the bundle reads back exactly)
        self.writer.writerow({k: ("" if v is None else safe_cell(v)) for k, v in row.items()})
        self.count += 1

    def close(self) -> None:
        self.handle.close()
        self.context.counts[self.name] = self.count

    def __enter__(self) -> CsvOut:
        return self

    def __exit__(self, *_exc: object) -> None:
        self.close()


class Section(Protocol):
    """What an app registers: its files, the label of its stage, the counts it reports (key →
    label, in the order shown), and how it loads and exports them."""

    @property
    def label(self) -> Text: ...

    @property
    def files(self) -> tuple[BundleFile, ...]: ...

    @property
    def counts(self) -> Mapping[str, Text]:
        """Count key → label; a key ending in ``_unchanged`` counts what was already there (an
        import that only finds such rows writes no audit row)."""

    def load(self, context: ImportContext) -> None:
        """Read, check and write the section's files; report problems in ``context.problems``
        (the engine rolls everything back when there is any) and counts in ``context.counts``.
        Importing the same bundle twice must change nothing the second time."""

    def export(self, context: ExportContext) -> None:
        """Write the section's files (``context.open(name)``) for ``context.scope``."""


#: The sections of a bundle, in the order they load; filled by each app's ``AppConfig.ready()``.
sections: Registry[Section] = Registry("interchange sections")

#: What runs after a successful import (not a dry run), in its transaction, with its context.
import_hooks: Registry[Callable[[ImportContext], None]] = Registry("interchange import hooks")


def bundle_files() -> list[BundleFile]:
    """Every file a bundle may hold, in section order."""
    return [spec for section in sections for spec in section.files]


def bundle_file(name: str) -> BundleFile:
    for spec in bundle_files():
        if spec.name == name:
            return spec
    raise KeyError(name)


def stage_label(stage: str) -> Text:
    """How the terminal and the web page name a stage (a section's key)."""
    section = sections.get(stage)
    return section.label if section is not None else stage


def count_labels() -> dict[str, Text]:
    """The label of every count the sections report, in section order."""
    return {key: label for section in sections for key, label in section.counts.items()}
