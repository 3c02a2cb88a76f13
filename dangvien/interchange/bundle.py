"""Reading a bundle (§2 of the interchange contract) from a folder, a .zip or one .xlsx workbook.

Rows are streamed (``csv`` over the open file, openpyxl in read-only mode), never loaded whole.
Each row comes with its file name and 1-based line number (the header is line 1), so every
problem can be reported as ``file:row: column: message``.
"""

from __future__ import annotations

import codecs
import csv
import io
import zipfile
import zlib
from collections.abc import Callable, Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO, Any
from xml.etree.ElementTree import ParseError

from django.utils.translation import gettext as _

from dangvien.core.spreadsheets import unprotect
from dangvien.interchange.sections import bundle_file, bundle_files
from dangvien.interchange.vietnamese import contract_file, words_of


class _Columns(Mapping[str, list[str]]):
    """File name → its columns in export order, as the registered sections declare them.

    Read when used (the sections register in ``AppConfig.ready()``, after this module loads).
    """

    def __getitem__(self, name: str) -> list[str]:
        try:
            return bundle_file(name).column_names
        except KeyError:
            raise KeyError(name) from None

    def __iter__(self) -> Iterator[str]:
        return (spec.name for spec in bundle_files())

    def __len__(self) -> int:
        return len(bundle_files())


#: The columns of every file of a bundle (what the demo and the tests write).
COLUMNS: Mapping[str, list[str]] = _Columns()


class BundleError(Exception):
    """The bundle cannot be read at all (missing path, missing required file, bad header, a
    file that is not UTF-8, a damaged archive); ``file``/``line``/``column`` name the place when
    it is known (the import then reports ``file:line: column: message``)."""

    def __init__(self, message: str, file: str = "", line: int = 0, column: str = "-") -> None:
        super().__init__(message)
        self.file, self.line, self.column = file, line, column


#: What a reader of an encrypted entry, a damaged archive or a file in another encoding raises
#: while the rows are read; turned into a ``BundleError`` naming the file and the row.
_UNREADABLE = (zipfile.BadZipFile, zlib.error, EOFError, UnicodeDecodeError, csv.Error)


class _NulByte(Exception):
    """A NUL byte in a UTF-8 file (no text holds one; PostgreSQL refuses it)."""


class _NulGuard(io.RawIOBase):
    """A binary stream that refuses NUL bytes, one chunk at a time (no cost per row)."""

    def __init__(self, raw: IO[bytes]) -> None:
        self.raw = raw

    def readable(self) -> bool:
        return True

    def readinto(self, buffer: Any) -> int:
        data = self.raw.read(len(buffer))
        if b"\0" in data:
            raise _NulByte
        buffer[: len(data)] = data
        return len(data)


@dataclass(frozen=True)
class Row:
    file: str
    line: int
    values: dict[str, str]

    def get(self, column: str) -> str:
        return (self.values.get(column) or "").strip()


@dataclass
class Records:
    """The rows of one file as plain lists (the fast path for large files).

    ``columns`` maps a column name to its position; ``rows`` yields ``(line, values)`` with
    ``values`` padded to the header's width; ``fraction()`` is the share of the file read so
    far (for progress bars), or None when it cannot be known.
    """

    file: str
    columns: dict[str, int]
    rows: Iterator[tuple[int, list[str]]]
    fraction: Callable[[], float | None] = field(default=lambda: None)

    def index(self, column: str) -> int:
        """The position of ``column``, or -1 when the file does not have it."""
        return self.columns.get(column, -1)


class Bundle:
    """A readable bundle; ``rows(name)`` streams the rows of one file (empty if absent)."""

    def __init__(self, path: Path) -> None:
        self.path = path
        if not path.exists():
            raise BundleError(_("%(path)s: no such file or folder") % {"path": path})
        self.kind = (
            "xlsx"
            if path.suffix.lower() == ".xlsx"
            else "zip"
            if path.suffix.lower() == ".zip"
            else "dir"
        )
        if self.kind == "dir" and not path.is_dir():
            raise BundleError(_("%(path)s: not a folder, .zip or .xlsx") % {"path": path})
        self._zip_names: dict[str, str] = {}
        self._sheets: dict[str, str] = {}
        # contract file → the name the bundle gives it when that is a Vietnamese one
        # ("Đảng viên" for members.csv), and → its headers as the file wrote them
        self._given: dict[str, str] = {}
        self._headers: dict[str, dict[str, str]] = {}
        files = {spec.name for spec in bundle_files()}
        if self.kind == "dir":
            for found in sorted(path.iterdir()):
                known = contract_file(found.name) if found.name.lower().endswith(".csv") else None
                if known in files and found.is_file() and not (path / known).is_file():
                    self._given[known] = found.name
        if self.kind in {"zip", "xlsx"}:
            _check_archive(path)
        if self.kind == "zip":
            try:
                with zipfile.ZipFile(path) as archive:
                    entries = archive.infolist()
            except zipfile.BadZipFile as error:
                raise BundleError(_("%(path)s: not a valid .zip file") % {"path": path}) from error
            for entry in entries:
                base = given = entry.filename.rsplit("/", 1)[-1]
                if base not in files and base.lower().endswith(".csv"):
                    base = contract_file(base) or base
                if base not in files or entry.is_dir():
                    continue
                if base != given:
                    self._given[base] = given
                if entry.flag_bits & 0x1:
                    raise BundleError(
                        _("%(file)s is encrypted in the archive; give a .zip without a password")
                        % {"file": entry.filename},
                        file=base,
                    )
                if base in self._zip_names:
                    raise BundleError(
                        _("the archive holds %(file)s twice (%(first)s and %(second)s); keep one")
                        % {"file": base, "first": self._zip_names[base], "second": entry.filename},
                        file=base,
                    )
                self._zip_names[base] = entry.filename
        if self.kind == "xlsx":
            from openpyxl import load_workbook

            try:
                workbook = load_workbook(path, read_only=True)
            except Exception as error:
                raise BundleError(
                    _("%(path)s: not a valid .xlsx workbook") % {"path": path}
                ) from error
            for sheet in workbook.sheetnames:
                name = sheet if sheet.endswith(".csv") else f"{sheet}.csv"
                if name not in files:
                    name = contract_file(sheet) or name
                    if name in files and name not in self._sheets:
                        self._given[name] = sheet
                if name in files and name not in self._sheets:
                    self._sheets[name] = sheet
            workbook.close()
        missing = [
            spec.name for spec in bundle_files() if spec.required and not self.has(spec.name)
        ]
        if missing:
            raise BundleError(
                _("%(path)s: missing %(files)s") % {"path": path, "files": ", ".join(missing)}
            )

    def has(self, name: str) -> bool:
        if self.kind == "dir":
            return name in self._given or (self.path / name).is_file()
        if self.kind == "zip":
            return name in self._zip_names
        return name in self._sheets

    def rows(self, name: str) -> Iterator[Row]:
        """The rows of ``name`` (none when absent) as ``Row`` objects, by column name."""
        with self.records(name) as records:
            columns = records.columns.items()
            for line, values in records.rows:
                yield Row(name, line, {column: values[i] for column, i in columns})

    def size_hint(self, name: str) -> int:
        """About how many rows ``name`` has (from its size; 0 when absent)."""
        if not self.has(name):
            return 0
        if self.kind == "dir":
            return (self.path / self._given.get(name, name)).stat().st_size // 100
        if self.kind == "zip":
            with zipfile.ZipFile(self.path) as archive:
                return archive.getinfo(self._zip_names[name]).file_size // 100
        from openpyxl import load_workbook

        workbook = load_workbook(self.path, read_only=True)
        try:
            return int(workbook[self._sheets[name]].max_row or 0)
        finally:
            workbook.close()

    def shown(self, file: str, column: str) -> tuple[str, str]:
        """The file and the column as the bundle names them (a Vietnamese sheet name or
        header when it used one), for the problems an import reports."""
        return self._given.get(file, file), self._headers.get(file, {}).get(column, column)

    @contextmanager
    def records(self, name: str) -> Iterator[Records]:
        """The rows of ``name`` as ``Records`` (no rows when the file is absent), with the
        Vietnamese values and day/month/year dates of the file read as the contract's."""
        with self._records(name) as records:
            words = words_of(name)
            normaliser = words.normaliser(records.columns) if words is not None else None
            if normaliser is not None:
                records.rows = normaliser(records.rows)
            yield records

    @contextmanager
    def _records(self, name: str) -> Iterator[Records]:
        if not self.has(name):
            yield Records(name, {}, iter(()))
            return
        if self.kind == "xlsx":
            from openpyxl import load_workbook

            workbook = load_workbook(self.path, read_only=True, data_only=True)
            try:
                sheet = workbook[self._sheets[name]]
                cells = sheet.iter_rows(values_only=True)
                header = next(cells, None)
                if header is None:
                    yield Records(name, {}, iter(()))
                    return
                columns = self._check_header(name, [str(h or "").strip() for h in header])
                yield Records(
                    name,
                    {c: i for i, c in enumerate(columns)},
                    self._xlsx_guarded(name, _xlsx_records(cells, len(columns))),
                )
            finally:
                workbook.close()
            return
        with self._binary(name) as (raw, _size):
            # a BOM says UTF-16 (what spreadsheet programs write as "Unicode text"): no cheap
            # byte check for NUL there, so each row is checked
            try:
                utf16 = raw.read(2) in (codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)
            except _UNREADABLE as error:
                raise self._unreadable(name, error, 1) from None
        with self._binary(name) as (raw, size):
            if utf16:
                handle = io.TextIOWrapper(raw, encoding="utf-16", newline="")
            else:
                stream = io.BufferedReader(_NulGuard(raw), buffer_size=65536)
                handle = io.TextIOWrapper(stream, encoding="utf-8-sig", newline="")
            yield self._csv(name, handle, raw, size, check_nul=utf16)

    def _csv(
        self, name: str, handle: IO[str], raw: IO[bytes], size: int, *, check_nul: bool
    ) -> Records:
        reader = csv.reader(handle)
        try:
            header = next(reader, None)
        except (*_UNREADABLE, _NulByte) as error:
            raise self._unreadable(name, error, 1) from None
        if header is None:
            return Records(name, {}, iter(()))
        columns = self._check_header(name, [h.strip() for h in header])

        def fraction() -> float | None:
            return min(raw.tell() / size, 1.0) if size else None

        return Records(
            name,
            {c: i for i, c in enumerate(columns)},
            self._guarded(name, reader, _csv_records(reader, len(columns), check_nul=check_nul)),
            fraction,
        )

    def _xlsx_guarded(
        self, name: str, rows: Iterator[tuple[int, list[str]]]
    ) -> Iterator[tuple[int, list[str]]]:
        """The rows of a sheet, with a damaged workbook turned into a ``BundleError``."""
        line = 1
        try:
            for line, values in rows:
                yield line, values
        except (*_UNREADABLE, ValueError, KeyError, TypeError, ParseError) as error:
            raise BundleError(
                _("%(file)s cannot be read from the archive (damaged): %(error)s")
                % {"file": name, "error": error},
                file=name,
                line=line + 1,
            ) from None

    def _guarded(
        self, name: str, reader: Any, rows: Iterator[tuple[int, list[str]]]
    ) -> Iterator[tuple[int, list[str]]]:
        """The rows, with what cannot be read turned into a ``BundleError`` naming its row."""
        try:
            yield from rows
        except (*_UNREADABLE, _NulByte) as error:
            raise self._unreadable(name, error, max(reader.line_num, 1)) from None

    def _unreadable(self, name: str, error: Exception, line: int) -> BundleError:
        if isinstance(error, UnicodeDecodeError):
            line = self._first_line(name, _not_utf8) or line
            return BundleError(
                _(
                    "%(file)s is not UTF-8 text (e.g. saved as Latin-1, Windows-1258 or TCVN3); "
                    "save it as CSV UTF-8 and import again"
                )
                % {"file": name},
                file=name,
                line=line,
            )
        if isinstance(error, _NulByte):
            # the row read (UTF-16), else the first line holding the byte (UTF-8)
            line = (error.args[0] if error.args else 0) or (
                self._first_line(name, lambda chunk: b"\0" in chunk) or line
            )
            return BundleError(
                _("a NUL character (code 0), which no text may hold"), file=name, line=line
            )
        if isinstance(error, csv.Error):
            limit = csv.field_size_limit()
            message = (
                _("a cell is longer than %(limit)s characters") % {"limit": limit}
                if "field larger" in str(error)
                else _("not a valid CSV row (%(error)s)") % {"error": error}
            )
            return BundleError(message, file=name, line=line)
        return BundleError(
            _("%(file)s cannot be read from the archive (damaged): %(error)s")
            % {"file": name, "error": error},
            file=name,
            line=line,
        )

    def _first_line(self, name: str, bad: Callable[[bytes], bool]) -> int:
        """The first physical line of ``name`` for which ``bad`` holds (0 when none)."""
        try:
            with self._binary(name) as (raw, _size):
                for number, line in enumerate(raw, start=1):
                    if bad(line):
                        return number
        except _UNREADABLE:
            pass
        return 0

    @contextmanager
    def _binary(self, name: str) -> Iterator[tuple[IO[bytes], int]]:
        if self.kind == "dir":
            path = self.path / self._given.get(name, name)
            with path.open("rb") as raw:
                yield raw, path.stat().st_size
            return
        try:
            archive = zipfile.ZipFile(self.path)
            info = archive.getinfo(self._zip_names[name])
            entry = archive.open(info)
        except (zipfile.BadZipFile, zlib.error, RuntimeError, OSError) as error:
            raise BundleError(
                _("%(file)s cannot be read from the archive (damaged): %(error)s")
                % {"file": name, "error": error},
                file=name,
            ) from None
        with archive, entry:
            yield entry, info.file_size

    def _check_header(self, name: str, given: list[str]) -> list[str]:
        """The header's columns by their contract names (a Vietnamese header is read as the
        column it names); refused when a column is named twice or a mandatory one is missing."""
        known = set(bundle_file(name).column_names)
        words = words_of(name)
        header = []
        for text in given:
            column = text
            if words is not None and text not in known:
                column = words.column(text) or text
                if column != text:
                    self._headers.setdefault(name, {})[column] = text
            header.append(column)
        seen: set[str] = set()
        for column in header:
            if column and column in seen:
                raise BundleError(
                    _("the header names the column %(column)s twice") % {"column": column},
                    file=self._given.get(name, name),
                    line=1,
                    column=self._headers.get(name, {}).get(column, column),
                )
            seen.add(column)
        missing = [c for c in bundle_file(name).mandatory_columns if c not in header]
        if missing:
            named = [
                _("%(header)s (%(column)s)") % {"header": words.header(c), "column": c}
                if words is not None and words.header(c) != c
                else c
                for c in missing
            ]
            raise BundleError(
                _("missing column(s) %(columns)s") % {"columns": ", ".join(named)},
                file=self._given.get(name, name),
                line=1,
            )
        return header


def _not_utf8(line: bytes) -> bool:
    try:
        line.decode("utf-8")
    except UnicodeDecodeError:
        return True
    return False


def _csv_records(
    reader: Any, width: int, *, check_nul: bool = False
) -> Iterator[tuple[int, list[str]]]:
    for line, values in enumerate(reader, start=2):
        # a row is blank when every cell is; the first cell settles it for nearly every row
        if not (values and values[0].strip()) and not any(v.strip() for v in values):
            continue
        if check_nul and any("\0" in v for v in values):
            raise _NulByte(line)
        if "'" in "".join(values):  # rare: one test per row instead of one per cell
            for i, value in enumerate(values):
                if value[:1] == "'":
                    values[i] = unprotect(value)  # a cell protected against formulas by export
        if len(values) < width:
            values += [""] * (width - len(values))
        yield line, values


def _xlsx_records(cells: Iterator[Any], width: int) -> Iterator[tuple[int, list[str]]]:
    for line, values in enumerate(cells, start=2):
        texts = [unprotect(_cell_text(v)) for v in values[:width]]
        if not any(texts):
            continue
        if len(texts) < width:
            texts += [""] * (width - len(texts))
        yield line, texts


def _check_archive(path: Path) -> None:
    """Refuse an archive (.zip or .xlsx) that would unpack to more than the configured limits."""
    from django.conf import settings

    max_bytes = getattr(settings, "IMPORT_MAX_UNPACKED_BYTES", 4 * 1024**3)
    max_entries = getattr(settings, "IMPORT_MAX_ARCHIVE_ENTRIES", 1000)
    try:
        with zipfile.ZipFile(path) as archive:
            entries = archive.infolist()
    except zipfile.BadZipFile as error:
        raise BundleError(_("%(path)s: not a valid archive") % {"path": path}) from error
    if len(entries) > max_entries:
        raise BundleError(
            _("%(path)s: too many files in the archive (%(count)s > %(max)s)")
            % {"path": path, "count": len(entries), "max": max_entries}
        )
    max_ratio = getattr(settings, "IMPORT_MAX_COMPRESSION_RATIO", 100)
    for entry in entries:
        # text compresses about 5 to 20 times; far more is a bomb (checked before unpacking)
        if entry.file_size > 1024 * 1024 and entry.file_size > max_ratio * max(
            entry.compress_size, 1
        ):
            raise BundleError(
                _(
                    "%(path)s: %(file)s would unpack to %(size)s bytes from %(packed)s, more than "
                    "%(ratio)s times its packed size"
                )
                % {
                    "path": path,
                    "file": entry.filename,
                    "size": entry.file_size,
                    "packed": entry.compress_size,
                    "ratio": max_ratio,
                }
            )
    unpacked = sum(entry.file_size for entry in entries)
    if unpacked > max_bytes:
        raise BundleError(
            _("%(path)s: the archive unpacks to %(size)s bytes, more than %(max)s")
            % {"path": path, "size": unpacked, "max": max_bytes}
        )


def _cell_text(value: Any) -> str:
    from datetime import date, datetime

    if value is None:
        return ""
    if isinstance(value, datetime):
        return value.date().isoformat()
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value).strip()
