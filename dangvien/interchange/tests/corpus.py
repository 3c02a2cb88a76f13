"""A small valid bundle with every file, and the mutations of the malformed-bundle corpus.

``BASE`` is the bundle as rows (header first) per file; ``write_bundle`` writes it (or a
mutated copy) as a folder or a zip. ``mutations()`` yields ``(name, mutate)`` pairs: each
``mutate`` takes a deep copy of the files and returns the mutated files (or writes raw bytes:
``Raw``), so that the corpus test can import each and check the verdict.
"""

from __future__ import annotations

import copy
import csv
import io
import struct
import zipfile
import zlib
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import timedelta
from pathlib import Path

from dangvien.core.dates import today

Files = dict[str, list[list[str]]]

BASE: Files = {
    "organizations.csv": [
        ["code", "name", "kind", "sector", "parent_code", "established_on", "dissolved_on"],
        ["P", "Đảng bộ tỉnh Đồng Tháp", "provincial", "", "", "1976-02-03", ""],
        ["X", "Đảng bộ xã Mỹ An", "grassroots_committee", "commune", "P", "2000-01-01", ""],
        ["X-C1", "Chi bộ ấp 1", "cell", "residential", "X", "2000-01-01", ""],
        ["X-C2", "Chi bộ ấp 2", "cell", "residential", "X", "2000-01-01", ""],
        ["X-C3", "Chi bộ ấp 3", "cell", "residential", "X", "2000-01-01", "2015-06-30"],
        ["Y", "Chi bộ Trường THPT Mỹ An", "grassroots_cell", "agency", "P", "2001-05-01", ""],
    ],
    "org_changes.csv": [
        ["code", "change", "effective_on", "new_parent_code", "new_name", "merged_into_code"],
        ["X-C2", "rename", "2010-03-01", "", "Chi bộ ấp Mỹ Thành", ""],
    ],
    "members.csv": [
        [
            "member_id",
            "full_name",
            "sex",
            "birth_date",
            "national_id",
            "ethnicity",
            "religion",
            "education",
            "political_theory",
            "organization_code",
            "decision_on",
            "admitted_on",
            "official_on",
        ],
        [
            "M1",
            "Nguyễn Văn An",
            "M",
            "1970-01-01",
            "012345678901",
            "Kinh",
            "",
            "12/12",
            "intermediate",
            "X-C1",
            "2001-01-10",
            "2001-02-01",
            "2002-02-01",
        ],
        [
            "M2",
            "Trần Thị Bình",
            "F",
            "1975-03-04",
            "",
            "Kinh",
            "",
            "12/12",
            "elementary",
            "X-C1",
            "2005-01-10",
            "2005-02-01",
            "2006-02-01",
        ],
        [
            "M3",
            "Lê Văn Cường",
            "M",
            "1980-05-06",
            "",
            "Khmer",
            "Phật giáo",
            "9/12",
            "",
            "X-C2",
            "2008-01-10",
            "2008-02-01",
            "2009-02-01",
        ],
        [
            "M4",
            "Phạm Thị Dung",
            "F",
            "1960-07-08",
            "",
            "Kinh",
            "",
            "12/12",
            "",
            "Y",
            "1990-01-10",
            "2001-06-01",
            "2002-06-01",
        ],
        [
            "M5",
            "Hoàng Văn Em",
            "M",
            "1990-09-10",
            "",
            "Kinh",
            "",
            "12/12",
            "",
            "X-C3",
            "2012-01-10",
            "2012-02-01",
            "2013-02-01",
        ],
        [
            "M6",
            "Võ Thị Gấm",
            "F",
            "2000-11-12",
            "",
            "Kinh",
            "",
            "12/12",
            "",
            "X-C1",
            "2024-01-10",
            "2024-02-01",
            "",
        ],
    ],
    "member_events.csv": [
        ["member_id", "event", "effective_on", "organization_code", "note"],
        ["M2", "transfer", "2012-04-01", "X-C2", "chuyển sinh hoạt"],
        ["M5", "transfer", "2015-06-01", "X-C1", ""],
        ["M3", "exempt", "2020-01-01", "", "tuổi cao"],
        ["M4", "died", "2022-03-01", "", ""],
    ],
    "committee_members.csv": [
        ["organization_code", "member_id", "post", "from", "to", "full_name"],
        ["X", "M1", "secretary", "2015-10-01", "", ""],
        ["X", "", "member", "2015-10-01", "2020-09-30", "Đỗ Văn Hải"],
        ["X-C2", "M3", "secretary", "2010-01-01", "2019-12-31", ""],
    ],
    "populations.csv": [
        ["organization_code", "year", "population"],
        ["X", "2020", "12000"],
        ["P", "2020", "1600000"],
    ],
    "targets.csv": [
        [
            "organization_code",
            "period_from",
            "period_to",
            "admissions",
            "members_per_population_percent",
        ],
        ["X", "2020-07-01", "2025-06-30", "50", "3.85"],
    ],
}


@dataclass(frozen=True)
class Raw:
    """A mutation that writes bytes itself: ``write(folder) -> path to import``."""

    write: Callable[[Path], Path]


def base() -> Files:
    return copy.deepcopy(BASE)


def csv_bytes(rows: list[list[str]], encoding: str = "utf-8") -> bytes:
    buffer = io.StringIO()
    csv.writer(buffer, lineterminator="\n").writerows(rows)
    return buffer.getvalue().encode(encoding)


def write_bundle(folder: Path, files: Files) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    for name, rows in files.items():
        (folder / name).write_bytes(csv_bytes(rows))
    return folder


def write_zip(path: Path, files: Files | dict[str, bytes]) -> Path:
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, content in files.items():
            archive.writestr(name, content if isinstance(content, bytes) else csv_bytes(content))
    return path


Mutation = Callable[[Files], "Files | Raw"]


def _column(files: Files, name: str, column: str) -> int:
    return files[name][0].index(column)


# A cell's value standing for the day after the day the mutation runs. Cases are collected
# before they run, and a run may cross midnight in Vietnam: a date computed at collection
# would then be today, no longer in the future.
TOMORROW = "<tomorrow>"


def _cell(value: str) -> str:
    return (today() + timedelta(days=1)).isoformat() if value == TOMORROW else value


def set_cell(name: str, line: int, column: str, value: str) -> Mutation:
    """Row ``line`` (1-based as in problems: 2 = first data row) of ``name`` gets ``value``
    (``TOMORROW``: the day after the day the mutation runs)."""

    def mutate(files: Files) -> Files:
        files[name][line - 1][_column(files, name, column)] = _cell(value)
        return files

    return mutate


def add_row(name: str, row: list[str]) -> Mutation:
    """``row`` appended to ``name`` (a ``TOMORROW`` cell: the day after the day it runs)."""

    def mutate(files: Files) -> Files:
        files[name].append([_cell(value) for value in row])
        return files

    return mutate


def drop_column(name: str, column: str) -> Mutation:
    def mutate(files: Files) -> Files:
        index = _column(files, name, column)
        files[name] = [r[:index] + r[index + 1 :] for r in files[name]]
        return files

    return mutate


def swap_columns(name: str, first: str, second: str) -> Mutation:
    """Swap two columns' values but keep the header (the data no longer fits it)."""

    def mutate(files: Files) -> Files:
        a, b = _column(files, name, first), _column(files, name, second)
        for row in files[name][1:]:
            row[a], row[b] = row[b], row[a]
        return files

    return mutate


def duplicate_row(name: str, line: int) -> Mutation:
    def mutate(files: Files) -> Files:
        files[name].append(list(files[name][line - 1]))
        return files

    return mutate


def move_row_first(name: str, line: int) -> Mutation:
    """Move a data row before the others (a reference to a later row)."""

    def mutate(files: Files) -> Files:
        row = files[name].pop(line - 1)
        files[name].insert(1, row)
        return files

    return mutate


def duplicate_header(name: str, column: str) -> Mutation:
    def mutate(files: Files) -> Files:
        index = _column(files, name, column)
        for row in files[name]:
            row.append(row[index])
        return files

    return mutate


def drop_file(name: str) -> Mutation:
    def mutate(files: Files) -> Files:
        del files[name]
        return files

    return mutate


def empty_file(name: str) -> Mutation:
    def mutate(files: Files) -> Files:
        files[name] = []
        return files

    return mutate


def encoded(name: str, encoding: str, text: str = "Nguyễn Văn Ânh") -> Mutation:
    """``name`` written in another encoding (with a non-ASCII cell)."""

    def mutate(files: Files) -> Raw:
        files = set_cell("members.csv", 2, "full_name", text)(files)  # type: ignore[assignment]

        def write(folder: Path) -> Path:
            write_bundle(folder, files)
            data = csv_bytes(files[name]).decode("utf-8").encode(encoding, errors="replace")
            (folder / name).write_bytes(data)
            return folder

        return Raw(write)

    return mutate


def raw_file(name: str, content: bytes) -> Mutation:
    def mutate(files: Files) -> Raw:
        def write(folder: Path) -> Path:
            write_bundle(folder, files)
            (folder / name).write_bytes(content)
            return folder

        return Raw(write)

    return mutate


def zipped(extra: Callable[[zipfile.ZipFile, Files], None] | None = None) -> Mutation:
    def mutate(files: Files) -> Raw:
        def write(folder: Path) -> Path:
            folder.mkdir(parents=True, exist_ok=True)
            path = folder / "bundle.zip"
            with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
                for name, rows in files.items():
                    archive.writestr(name, csv_bytes(rows))
                if extra is not None:
                    extra(archive, files)
            return path

        return Raw(write)

    return mutate


def corrupt_zip(files: Files) -> Raw:
    def write(folder: Path) -> Path:
        path = zipped()(files).write(folder)  # type: ignore[union-attr]
        data = bytearray(path.read_bytes())
        middle = len(data) // 3
        data[middle : middle + 64] = b"\xff" * 64
        path.write_bytes(bytes(data))
        return path

    return Raw(write)


def truncated_zip(files: Files) -> Raw:
    def write(folder: Path) -> Path:
        path = zipped()(files).write(folder)  # type: ignore[union-attr]
        path.write_bytes(path.read_bytes()[:-40])
        return path

    return Raw(write)


def encrypted_zip(files: Files) -> Raw:
    """A zip whose entries carry the 'encrypted' flag (as written by tools with a password)."""

    def write(folder: Path) -> Path:
        path = zipped()(files).write(folder)  # type: ignore[union-attr]
        data = bytearray(path.read_bytes())
        # set bit 0 of the general-purpose flags in every local and central header
        for signature, offset in ((b"PK\x03\x04", 6), (b"PK\x01\x02", 8)):
            start = 0
            while (found := data.find(signature, start)) != -1:
                data[found + offset] |= 0x01
                start = found + 4
        path.write_bytes(bytes(data))
        return path

    return Raw(write)


def deflated_zeros(megabytes: int) -> tuple[bytes, int]:
    """A raw deflate stream of ``megabytes`` MiB of zeros, and its CRC-32, made in a blink: the
    compressed form of one MiB after a full flush is the same every time, so it is repeated."""
    chunk = b"\0" * (1024 * 1024)
    compressor = zlib.compressobj(9, zlib.DEFLATED, -15)
    block = compressor.compress(chunk) + compressor.flush(zlib.Z_FULL_FLUSH)
    again = compressor.compress(chunk) + compressor.flush(zlib.Z_FULL_FLUSH)
    assert again == block
    stream = block * megabytes + compressor.flush(zlib.Z_FINISH)
    crc = 0
    for _ in range(megabytes):
        crc = zlib.crc32(chunk, crc)
    return stream, crc


def zip_bomb(megabytes: int) -> Mutation:
    """A zip whose extra entry ``padding.csv`` unpacks to ``megabytes`` MiB of zeros from a few
    hundred KB."""

    def mutate(files: Files) -> Raw:
        def write(folder: Path) -> Path:
            path = zipped()(files).write(folder)  # type: ignore[union-attr]
            stream, crc = deflated_zeros(megabytes)
            # the bomb's stream is written as it is: no 300 MB to compress
            return _with_raw_entry(path, "padding.csv", stream, crc, megabytes << 20)

        return Raw(write)

    return mutate


def _with_raw_entry(path: Path, name: str, stream: bytes, crc: int, size: int) -> Path:
    """Rewrite the zip ``path`` with one more entry ``name`` whose deflate ``stream`` (CRC
    ``crc``, unpacked ``size``) is given as it is."""
    with zipfile.ZipFile(path) as archive:
        entries = [
            (info, archive.read(info)) for info in archive.infolist() if info.filename != name
        ]
    out = io.BytesIO()
    central = []
    for info, content in [*entries, (None, b"")]:
        if info is None:
            filename, payload, method, crc32, usize = name.encode(), stream, 8, crc, size
        else:
            compressor = zlib.compressobj(6, zlib.DEFLATED, -15)
            payload = compressor.compress(content) + compressor.flush()
            filename, method, crc32, usize = (
                info.filename.encode(),
                8,
                zlib.crc32(content),
                len(content),
            )
        offset = out.tell()
        header = struct.pack(
            "<IHHHHHIIIHH",
            0x04034B50,
            20,
            0,
            method,
            0,
            0x21,
            crc32,
            len(payload),
            usize,
            len(filename),
            0,
        )
        out.write(header + filename + payload)
        central.append(
            struct.pack(
                "<IHHHHHHIIIHHHHHII",
                0x02014B50,
                20,
                20,
                0,
                method,
                0,
                0x21,
                crc32,
                len(payload),
                usize,
                len(filename),
                0,
                0,
                0,
                0,
                0,
                offset,
            )
            + filename
        )
    start = out.tell()
    directory = b"".join(central)
    out.write(directory)
    out.write(
        struct.pack(
            "<IHHHHIIH", 0x06054B50, 0, 0, len(central), len(central), len(directory), start, 0
        )
    )
    path.write_bytes(out.getvalue())
    return path


def zip_twice(name: str, line: int, column: str, value: str) -> Mutation:
    """A zip holding ``name`` twice (the second with one cell changed)."""

    def add(archive: zipfile.ZipFile, files: Files) -> None:
        other = copy.deepcopy(files[name])
        other[line - 1][_column(files, name, column)] = value
        archive.writestr(f"copy/{name}", csv_bytes(other))

    return zipped(add)


def workbook(damage: Callable[[bytes], bytes] | None = None) -> Mutation:
    """The bundle as one .xlsx workbook (a sheet per file, every cell text), optionally
    damaged."""

    def mutate(files: Files) -> Raw:
        def write(folder: Path) -> Path:
            from openpyxl import Workbook

            folder.mkdir(parents=True, exist_ok=True)
            book = Workbook()
            book.remove(book.active)
            for name, rows in files.items():
                sheet = book.create_sheet(name.removesuffix(".csv"))
                for row in rows:
                    sheet.append(row)
                for line in sheet.iter_rows():
                    for cell in line:
                        cell.data_type = "s"  # text as typed, never a formula
            path = folder / "bundle.xlsx"
            book.save(path)
            if damage is not None:
                path.write_bytes(damage(path.read_bytes()))
            return path

        return Raw(write)

    return mutate


def mutations() -> Iterator[tuple[str, Mutation]]:
    """Every mutation of the corpus, named."""
    from dangvien.interchange.tests.corpus_cases import cases

    yield from cases()
