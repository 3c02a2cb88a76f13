"""PostgreSQL's ``COPY``: many rows into a table in one statement, in the caller's transaction."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import Any

from django.db import connection


def copy_rows(table: str, columns: Sequence[str], rows: Iterable[Sequence[Any]]) -> None:
    """PostgreSQL: insert ``rows`` (values in ``columns`` order, as the driver dumps them:
    text, numbers, dates, ``None`` for null) into ``table`` by one ``COPY``, in order.

    Several times faster than an insert of the same rows as values, which the driver quotes
    into the text of the statement; the rows' ids (when the table gives them) are not returned.
    Errors come as the driver's, not Django's."""
    names = ", ".join(f'"{c}"' for c in columns)
    with (
        connection.cursor() as cursor,
        cursor.cursor.copy(f'COPY "{table}" ({names}) FROM STDIN') as copy,
    ):
        for row in rows:
            copy.write_row(row)
