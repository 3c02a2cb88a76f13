"""Writing many rows at once, inside the import's transaction.

* ``allocate_ids`` reserves primary keys so that rows can reference each other without being
  read back; ``write_rows`` inserts rows in as few statements as the database allows (COPY on
  PostgreSQL, ``executemany`` on SQLite); ``copy_lines`` sends rows already written as COPY text.
* ``DeferredIndexes``: for a load that is large next to what a table holds, its secondary
  indexes (and on PostgreSQL its foreign keys) are dropped before the rows go in and created
  again after, in the same transaction: building an index once is several times cheaper than
  updating it row by row, and adding a foreign key checks all rows in one join instead of one
  trigger per row at commit (measured on 1 million members, 5 million events and periods:
  the commit alone took 3 min 41 s of foreign-key triggers). The indexes are created again from
  the model definitions as ``migrate`` creates them, the foreign keys (and the primary keys of
  tables that triggers fill) from the catalog as they were, so the schema after the import is
  the schema before it; any failure rolls everything back with the transaction (or with the
  caller's savepoint, which may try again). On PostgreSQL the tables are locked against other
  sessions until the import commits.
"""

from __future__ import annotations

import logging
import queue
import threading
from collections.abc import Iterable, Sequence
from datetime import datetime
from typing import Any

from django.db import OperationalError, connection, transaction
from django.db.models import UniqueConstraint

from dangvien.core.copying import copy_rows

logger = logging.getLogger(__name__)

# COPY text format: backslash, tab, newline and carriage return are escaped in text values.
COPY_ESCAPES = str.maketrans({"\\": "\\\\", "\t": "\\t", "\n": "\\n", "\r": "\\r"})
NULL = "\\N"
# The sort memory of a rebuild of the indexes after a large load (PostgreSQL; 64 MB by default):
# the benchmark's floor builds the same indexes with it.
REBUILD_WORK_MEM = "256MB"
# The memory of the join that checks a foreign key added again (4 MB by default): with it the
# members' ids are hashed in memory, not in batches on disk (1 million members: the checks of
# the events' and periods' members 4.9 s -> 2.8 s).
CHECK_WORK_MEM = "256MB"


def allocate_ids(model: Any, count: int) -> list[int]:
    """Reserve ``count`` primary keys of ``model`` (inside the import's write transaction)."""
    if not count:
        return []
    table = model._meta.db_table
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute(
                "SELECT nextval(pg_get_serial_sequence(%s, 'id')) FROM generate_series(1, %s)",
                [table, count],
            )
            return [row[0] for row in cursor.fetchall()]
    # SQLite: the import holds the write lock (IMMEDIATE transaction), so max(id) is ours.
    start = max_id(model) + 1
    return list(range(start, start + count))


def max_id(model: Any) -> int:
    """The largest primary key of ``model``'s table (0 when empty)."""
    with connection.cursor() as cursor:
        cursor.execute(f'SELECT COALESCE(MAX("id"), 0) FROM "{model._meta.db_table}"')  # noqa: S608
        return int(cursor.fetchone()[0])


def write_rows(model: Any, columns: Sequence[str], rows: list[tuple[Any, ...]]) -> None:
    """Insert ``rows`` (values in ``columns`` order) in as few statements as the database allows."""
    if not rows:
        return
    table = model._meta.db_table
    if connection.vendor == "postgresql":
        copy_rows(table, columns, rows)
        return
    names = ", ".join(f'"{c}"' for c in columns)
    with connection.cursor() as cursor:
        by_column = {f.column: f.get_internal_type() for f in model._meta.concrete_fields}
        dates = [i for i, c in enumerate(columns) if by_column[c] == "DateField"]
        stamps = [i for i, c in enumerate(columns) if by_column[c] == "DateTimeField"]
        adapted: dict[datetime, str] = {}
        converted = []
        for row in rows:
            values = list(row)
            for i in dates:
                if values[i] is not None:
                    values[i] = values[i].isoformat()
            for i in stamps:
                value = values[i]
                if value is not None:
                    if value not in adapted:
                        adapted[value] = connection.ops.adapt_datetimefield_value(value)  # type: ignore[assignment]
                    values[i] = adapted[value]
            converted.append(values)
        marks = ", ".join("%s" for _ in columns)
        cursor.executemany(
            f'INSERT INTO "{table}" ({names}) VALUES ({marks})',  # noqa: S608
            converted,
        )


def driver_connection() -> Any:
    """The driver's connection under Django's (the import's transaction), for another thread:
    Django's connection object belongs to the thread that opened it, and would open a second
    connection (outside the transaction) in any other thread."""
    connection.ensure_connection()
    return connection.connection


def is_unique_violation(error: BaseException) -> bool:
    """Whether ``error`` (Django's or the driver's, PostgreSQL's or SQLite's) is a unique key
    or unique index finding a value twice."""
    for candidate in (error, error.__cause__):
        if getattr(candidate, "sqlstate", None) == "23505":  # PostgreSQL's unique_violation
            return True
        if getattr(candidate, "sqlite_errorname", None) == "SQLITE_CONSTRAINT_UNIQUE":
            return True
    return False


#: A bulk write of this many rows or more is followed by ``analyze`` of its tables.
ANALYZE_AFTER_ROWS = 5_000


def analyze(tables: Iterable[str]) -> None:
    """Refresh the PostgreSQL planner's statistics of ``tables`` after a bulk write (nothing on
    SQLite). Autovacuum comes later, or never where it is turned off: until then the planner
    takes a province's organizations for a handful and joins its members row by row (the
    unexcused-months count of a province at 1 million members: 7.6 s, 1.3 s after it)."""
    if connection.vendor != "postgresql":
        return
    with connection.cursor() as cursor:
        for table in tables:
            cursor.execute(f'ANALYZE "{table}"')


def copy_lines(raw: Any, model: Any, columns: Sequence[str], lines: Iterable[str]) -> None:
    """PostgreSQL: COPY rows already written as text lines (tab-separated, ``\\N`` for null),
    on the driver's connection ``raw`` (psycopg serializes its use by several threads)."""
    table = model._meta.db_table
    names = ", ".join(f'"{c}"' for c in columns)
    with (
        raw.cursor() as cursor,
        cursor.copy(f'COPY "{table}" ({names}) FROM STDIN') as copy,
    ):
        copy.write("".join(lines))


def execute_many(raw: Any, model: Any, columns: Sequence[str], rows: list[tuple[Any, ...]]) -> None:
    """SQLite: insert rows whose values are already in the database's own form, on the
    driver's connection ``raw`` (SQLite serializes its use by several threads)."""
    if not rows:
        return
    table = model._meta.db_table
    names = ", ".join(f'"{c}"' for c in columns)
    marks = ", ".join("?" for _ in columns)
    raw.executemany(f'INSERT INTO "{table}" ({names}) VALUES ({marks})', rows)  # noqa: S608


class BackgroundWriter:
    """Writes batches from a second thread while the caller prepares the next one.

    The database works on one batch (COPY parsing, inserts) while Python checks the next one:
    the driver waits on the database without holding the interpreter lock. At most ``depth``
    batches wait in memory. A failure in the writer is raised in the caller at the next
    ``put`` or at ``close``; the caller's transaction (or savepoint) then rolls everything
    back.
    """

    def __init__(self, write: Any, depth: int = 2) -> None:
        self.write = write
        self.queue: queue.Queue[Any] = queue.Queue(maxsize=depth)
        self.error: BaseException | None = None
        self.thread = threading.Thread(target=self._run, name="import-writer", daemon=True)
        self.thread.start()

    def put(self, batch: Any) -> None:
        if self.error is not None:
            raise self.error
        self.queue.put(batch)

    def close(self) -> None:
        self.queue.put(None)
        self.thread.join()
        if self.error is not None:
            raise self.error

    def _run(self) -> None:
        while True:
            batch = self.queue.get()
            if batch is None:
                return
            if self.error is not None:
                continue  # drain: the caller raises the first error
            try:
                self.write(batch)
            except BaseException as error:  # re-raised in the caller's thread
                self.error = error


def model_indexes(model: Any) -> dict[str, tuple[str, str]]:
    """The statements that create the secondary indexes of ``model`` as ``migrate`` creates them
    (field indexes, ``Meta.indexes``, conditional unique constraints), by index name, with the
    index's first column.

    Taken from Django's schema editor rather than from the catalog: PostgreSQL prints some
    predicates in a form that, run again, no longer matches the queries the index serves.
    """
    editor = connection.schema_editor(collect_sql=True)
    first: dict[str, str] = {}
    for field in model._meta.local_fields:
        first[field.name] = field.column
    statements = list(editor._model_indexes_sql(model))  # type: ignore[attr-defined]
    for constraint in model._meta.constraints:
        if isinstance(constraint, UniqueConstraint) and constraint.condition is not None:
            statements.append(constraint.create_sql(model, editor))
    result: dict[str, tuple[str, str]] = {}
    for statement in statements:
        columns = str(statement.parts.get("columns", ""))
        leading = (columns.split(",")[0].strip().lstrip("(").split() or [""])[0].strip('"')
        result[str(statement.parts["name"]).strip('"')] = (str(statement), leading)
    return result


def _constraints(cursor: Any, tables: Sequence[str], kind: str) -> list[tuple[str, str, str]]:
    """(table, name, definition) of the constraints of ``kind`` (``pg_constraint.contype``:
    f, p …) of those of ``tables`` that exist (PostgreSQL)."""
    found: list[tuple[str, str, str]] = []
    for table in tables:
        cursor.execute(
            "SELECT conname, pg_get_constraintdef(oid) FROM pg_constraint "
            "WHERE conrelid = to_regclass(%s) AND contype = %s",
            [table, kind],
        )
        found.extend((table, name, definition) for name, definition in cursor.fetchall())
    return found


class DeferredIndexes:
    """Drop the secondary indexes (and PostgreSQL foreign keys) of ``models``; ``restore`` them.

    Only the indexes the models declare are dropped (an index a migration made by hand, such
    as the search index of the names' words, stays and is kept up to date), and not those that
    lead with a column in ``keep_leading`` (rows arrive in that column's order, so the index
    grows at its end, as cheaply as the primary key) or are named in ``keep`` (a partial index
    few loaded rows enter). Primary keys and unique constraints stay (they keep their
    guarantee during the load, or let a load that assumed no repeats find one); partial unique
    indexes are built again, which checks them again. On PostgreSQL the primary keys of
    ``derived`` tables (which the models' triggers fill, such as the names' words) are dropped
    and built again too: the rows come in no order of that key. Use inside the import's
    transaction only.
    """

    def __init__(
        self,
        models: Sequence[Any],
        keep_leading: Sequence[str] = (),
        derived: Sequence[str] = (),
        keep: Sequence[str] = (),
    ) -> None:
        self.models = list(models)
        self.keep_leading = set(keep_leading)
        self.keep = set(keep)
        self.derived = list(derived)
        self.tables = [m._meta.db_table for m in models]
        self.indexes: list[tuple[str, str]] = []
        self.foreign_keys: list[tuple[str, str, str]] = []
        self.keys: list[tuple[str, str, str]] = []
        self.active = False

    def _declared(self) -> list[tuple[str, str]]:
        """(name, statement) of the declared indexes that exist in the database."""
        with connection.cursor() as cursor:
            existing = {
                name
                for table in self.tables
                for name, index in connection.introspection.get_constraints(cursor, table).items()
                if index["index"] and not index["primary_key"]
            }
        return [
            (name, statement)
            for model in self.models
            for name, (statement, leading) in model_indexes(model).items()
            if name in existing and leading not in self.keep_leading and name not in self.keep
        ]

    def drop(self) -> bool:
        """Drop them; False (and nothing dropped) when another session holds the tables."""
        if connection.vendor == "postgresql":
            return self._drop_postgresql()
        self.indexes = self._declared()
        with connection.cursor() as cursor:
            for name, _statement in self.indexes:
                cursor.execute(f'DROP INDEX "{name}"')
        self.active = True
        return True

    def _drop_postgresql(self) -> bool:
        savepoint = transaction.savepoint()
        try:
            with connection.cursor() as cursor:
                # wait a little for readers to finish, then give up rather than block everyone
                cursor.execute("SET LOCAL lock_timeout = '5s'")
                # foreign keys of rows written earlier in this transaction are checked now (a
                # table with pending checks cannot be altered); later rows are deferred again
                cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
                cursor.execute("SET CONSTRAINTS ALL DEFERRED")
                self.foreign_keys = _constraints(cursor, self.tables, "f")
                self.keys = _constraints(cursor, self.derived, "p")
                self.indexes = self._declared()
                for table, name, _definition in (*self.foreign_keys, *self.keys):
                    cursor.execute(f'ALTER TABLE "{table}" DROP CONSTRAINT "{name}"')
                for name, _statement in self.indexes:
                    cursor.execute(f'DROP INDEX "{name}"')
                cursor.execute("SET LOCAL lock_timeout = DEFAULT")
        except OperationalError as error:
            transaction.savepoint_rollback(savepoint)
            logger.warning("import: indexes kept (a slower load): %s", error)
            self.indexes, self.foreign_keys, self.keys = [], [], []
            return False
        transaction.savepoint_commit(savepoint)
        self.active = True
        return True

    def restore(self) -> None:
        """Create the indexes and foreign keys again (and refresh the planner's statistics)."""
        if not self.active:
            return
        with connection.cursor() as cursor:
            if connection.vendor == "postgresql":
                cursor.execute(f"SET LOCAL maintenance_work_mem = '{REBUILD_WORK_MEM}'")
                cursor.execute(f"SET LOCAL work_mem = '{CHECK_WORK_MEM}'")
            for _name, statement in self.indexes:
                cursor.execute(statement)
            for table, name, definition in (*self.keys, *self.foreign_keys):
                cursor.execute(f'ALTER TABLE "{table}" ADD CONSTRAINT "{name}" {definition}')
            analyze((*self.tables, *(table for table, _n, _d in self.keys)))
            if connection.vendor == "postgresql":
                # the rest of the import's transaction (its other sections) as configured
                cursor.execute("SET LOCAL maintenance_work_mem TO DEFAULT")
                cursor.execute("SET LOCAL work_mem TO DEFAULT")
        self.active = False
