"""PostgreSQL declarative partitioning of the high-volume tables, by year (issue 19).

The attendance and fee-payment rows grow by tens of millions a year at national size, and
every figure and list reads one year or one month of them. Partitioned by the year of a date
column, a query that names the date range reads only that year's partition (the planner prunes
the others: docs/benchmarks.md shows the plans), and a year's rows can be archived or dropped
by detaching a partition. SQLite keeps plain tables.

Migrations call ``partition_by_year``; it keeps the rows, the indexes and the constraints. The
primary key and the unique constraints are extended by the partition column, as PostgreSQL
requires of a partitioned table: no other table points at these rows (their foreign keys point
outward only), and the column is determined by what the constraints already hold (a meeting
has one date; a payment is one member's one month), so the rules they enforce are unchanged.
"""

from __future__ import annotations

import re
from typing import Any

from django.db import migrations

# Years with a partition of their own; rows of other years go to the default partition
# (docs/deployment.md says how to add later years).
FIRST_YEAR, LAST_YEAR = 2015, 2035


def partition_by_year_operation(table: str, column: str) -> migrations.RunPython:
    """The migration operation that partitions ``table`` by the year of ``column``."""

    def forward(apps: Any, schema_editor: Any) -> None:
        partition_by_year(schema_editor, table, column)

    return migrations.RunPython(forward, migrations.RunPython.noop)


def partition_by_year(schema_editor: Any, table: str, column: str) -> None:
    """Make ``table`` a table partitioned by range of ``column`` (a date): one partition per
    year from ``FIRST_YEAR`` to ``LAST_YEAR`` and a default one. PostgreSQL only."""
    connection = schema_editor.connection
    if connection.vendor != "postgresql":
        return
    _q = schema_editor.quote_name
    new = f"{table}__partitioned"
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT conname, contype, pg_get_constraintdef(oid) FROM pg_constraint "
            "WHERE conrelid = %s::regclass ORDER BY contype, conname",
            [table],
        )
        constraints = cursor.fetchall()
        cursor.execute(
            "SELECT indexname, indexdef FROM pg_indexes "
            "WHERE schemaname = current_schema() AND tablename = %s ORDER BY indexname",
            [table],
        )
        owned = {name for name, kind, _definition in constraints if kind in ("p", "u")}
        indexes = [(name, sql) for name, sql in cursor.fetchall() if name not in owned]
        cursor.execute(
            f"CREATE TABLE {_q(new)} (LIKE {_q(table)} INCLUDING DEFAULTS INCLUDING IDENTITY) "
            f"PARTITION BY RANGE ({_q(column)})"
        )
        for year in range(FIRST_YEAR, LAST_YEAR + 1):
            cursor.execute(
                f"CREATE TABLE {_q(f'{table}_{year}')} PARTITION OF {_q(new)} "
                f"FOR VALUES FROM ('{year}-01-01') TO ('{year + 1}-01-01')"
            )
        cursor.execute(f"CREATE TABLE {_q(f'{table}_other')} PARTITION OF {_q(new)} DEFAULT")
        cursor.execute(f"INSERT INTO {_q(new)} SELECT * FROM {_q(table)}")  # noqa: S608 (our tables)
        cursor.execute(f"DROP TABLE {_q(table)}")
        cursor.execute(f"ALTER TABLE {_q(new)} RENAME TO {_q(table)}")
        cursor.execute("SELECT pg_get_serial_sequence(%s, 'id')", [table])
        (sequence,) = cursor.fetchone()
        if sequence:
            cursor.execute(
                f"SELECT setval(%s, GREATEST((SELECT MAX(id) FROM {_q(table)}), 1))",  # noqa: S608
                [sequence],
            )
            cursor.execute(f"ALTER SEQUENCE {sequence} RENAME TO {_q(f'{table}_id_seq')}")
        for name, kind, definition in constraints:
            if kind == "p":
                definition = f"PRIMARY KEY (id, {_q(column)})"
            elif kind == "u":
                definition = _with_column(definition, column, _q(column))
            cursor.execute(f"ALTER TABLE {_q(table)} ADD CONSTRAINT {_q(name)} {definition}")
        for _name, sql in indexes:
            cursor.execute(_with_column(sql, column, _q(column)) if " UNIQUE " in sql else sql)


def _with_column(definition: str, column: str, quoted: str) -> str:
    """A unique constraint's or index's definition holding ``column`` (``quoted`` as SQL
    writes it) among its columns."""
    match = re.search(r"\(([^()]*)\)", definition)
    if match is None:
        raise ValueError(f"unexpected definition: {definition}")
    columns = [c.strip().strip('"') for c in match.group(1).split(",")]
    if column in columns:
        return definition
    return definition[: match.end(1)] + f", {quoted}" + definition[match.end(1) :]


def is_partitioned(connection: Any, table: str) -> bool:
    """Whether ``table`` is a partitioned table (PostgreSQL)."""
    if connection.vendor != "postgresql":
        return False
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1 FROM pg_partitioned_table WHERE partrelid = %s::regclass", [table])
        return cursor.fetchone() is not None
