"""What an import reports: one ``Problem`` per bad cell, as ``file:row: column: message``.

The messages every section gives (a required cell is empty, a date or a number cannot be
read, the importer may not touch an organization) are here, translated; the rest come from
the sections and from the rules they share with the services.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from datetime import date
from decimal import Decimal, InvalidOperation
from typing import TYPE_CHECKING, Any

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils.translation import gettext as _

from dangvien.core.dates import refuse_future, today
from dangvien.core.exceptions import DomainError, ValidationFailed
from dangvien.core.formatting import vn_date, vn_int
from dangvien.core.verdicts import Refusal
from dangvien.interchange.bundle import Row

if TYPE_CHECKING:
    from dangvien.interchange.sections import ImportContext


@dataclass(frozen=True)
class Problem:
    file: str
    line: int
    column: str
    message: str

    def __str__(self) -> str:
        return f"{self.file}:{self.line}: {self.column}: {self.message}"


def required() -> str:
    return _("required")


def bad_date(raw: str) -> str:
    return _("not a date: “%(value)s” (dd/mm/yyyy or YYYY-MM-DD)") % {"value": raw}


def bad_integer() -> str:
    return _("must be a whole number")


def bad_number() -> str:
    return _("must be a number")


def duplicate(value: str, line: int) -> str:
    """A key given twice in one file; ``line`` is the row that gave it first."""
    return _("%(value)s is given twice (first on row %(line)s)") % {"value": value, "line": line}


def unknown_value(value: str) -> str:
    return _("unknown value “%(value)s”") % {"value": value}


def error_message(error: Exception) -> str:
    """The text of a service's refusal as a problem of the row that caused it."""
    if isinstance(error, PermissionDenied):
        return _("permission denied")
    return str(error)


def refusal_problem(row: Row, refusal: Refusal, column: str | None = None) -> Problem:
    """A rule's refusal as a problem of ``row`` (in ``column``, else the refusal's field)."""
    return Problem(row.file, row.line, column or refusal.field, refusal.message)


#: The dates a bundle may hold: the years the registry computes with (as the API accepts them);
#: a year 0001 or 1800 is a typing mistake, not a fact of the Party's history.
EARLIEST_DATE, LATEST_DATE = date(1900, 1, 1), date(2999, 12, 31)


def parse_day(raw: str, *, latest: date | None = None) -> date | str:
    """The ISO date ``raw``, or the message saying why it is refused: unreadable, outside
    ``EARLIEST_DATE``–``LATEST_DATE``, or (a fact, ``latest`` = today) in the future."""
    try:
        day = date.fromisoformat(raw)
    except ValueError:
        return bad_date(raw)
    if not EARLIEST_DATE <= day <= LATEST_DATE:
        return _("the date must be between %(earliest)s and %(latest)s") % {
            "earliest": vn_date(EARLIEST_DATE),
            "latest": vn_date(LATEST_DATE),
        }
    if latest is not None and day > latest:
        try:
            refuse_future(day, "")
        except ValidationFailed as error:
            return str(error)
    return day


def read_date(
    row: Row,
    column: str,
    problems: list[Problem],
    *,
    mandatory: bool = False,
    fact: bool = False,
    today_is: date | None = None,
) -> date | None:
    """The date in ``column`` (None when empty); a problem when it cannot be read, lies outside
    the years a bundle may hold, is in the future for a ``fact`` (not a plan) or, if
    ``mandatory``, is missing. ``today_is``: today, when the caller read it once for a file
    (or for several: one day for all their rows, even in a run that crosses midnight)."""
    raw = row.get(column)
    if not raw:
        if mandatory:
            problems.append(Problem(row.file, row.line, column, required()))
        return None
    day = parse_day(raw, latest=(today_is or today()) if fact else None)
    if isinstance(day, str):
        problems.append(Problem(row.file, row.line, column, day))
        return None
    return day


class Unreadable(Exception):
    """A cell could not be read; its problem is already reported."""


#: The largest whole number a bundle's count may hold: what every database stores in an
#: integer column (PostgreSQL's ``integer``); larger is refused as a row error, not a crash.
LARGEST_INTEGER = 2_147_483_647


def out_of_range(low: int, high: int) -> str:
    return _("must be a whole number from %(low)s to %(high)s") % {
        "low": vn_int(low),
        "high": vn_int(high),
    }


def read_integer(
    row: Row, column: str, problems: list[Problem], *, low: int = 0, high: int = LARGEST_INTEGER
) -> int | None:
    """The whole number in ``column`` (None when empty), from ``low`` to ``high``;
    ``Unreadable`` after reporting a problem when it is not one."""
    raw = row.get(column)
    if not raw:
        return None
    try:
        value = int(raw)
    except ValueError:
        problems.append(Problem(row.file, row.line, column, bad_integer()))
        raise Unreadable(column) from None
    if not low <= value <= high:
        problems.append(Problem(row.file, row.line, column, out_of_range(low, high)))
        raise Unreadable(column)
    return value


def read_decimal(row: Row, column: str, problems: list[Problem]) -> Decimal | None:
    """The finite number in ``column`` (a decimal point or comma; None when empty; NaN and
    infinities refused), as ``read_integer``."""
    raw = row.get(column).replace(",", ".")
    if not raw:
        return None
    try:
        value = Decimal(raw)
    except InvalidOperation:
        value = Decimal("NaN")
    if not value.is_finite():
        problems.append(Problem(row.file, row.line, column, bad_number()))
        raise Unreadable(column) from None
    return value


def write_row(
    context: ImportContext,
    row: Row,
    call: Callable[[], Any],
    *,
    count: str,
    column: str,
    columns: Mapping[str, str] | None = None,
) -> bool:
    """Run the service ``call`` for ``row`` in a savepoint: counted under ``count``, or its
    refusal reported as a problem of the row, in the column of the file matching the field the
    service names (``columns`` maps a service's argument to the file's column), else ``column``.
    Whether the service accepted the row (it may have had nothing to change)."""
    try:
        with transaction.atomic():
            call()
    except (PermissionDenied, DomainError) as error:
        row_refused(context, row, error, column=column, columns=columns)
        return False
    context.count(count)
    return True


def row_refused(
    context: ImportContext,
    row: Row,
    error: PermissionDenied | DomainError,
    *,
    column: str,
    columns: Mapping[str, str] | None = None,
) -> None:
    """Report a refusal of ``row`` (by a service, or by a rule a bulk path checked) as a
    problem of the row: in the column of the file matching the field the error names
    (``columns`` maps a service's argument to the file's column), else ``column``."""
    if isinstance(error, PermissionDenied):
        # the organization the row names is outside the importer's scope: said of that column
        scope = "organization_code" if "organization_code" in row.values else column
        code = row.get(scope)
        message = (
            _("%(code)s is outside the organizations you may change") % {"code": code}
            if code
            else error_message(PermissionDenied())
        )
        context.problems.append(Problem(row.file, row.line, scope, message))
        return
    field = getattr(error, "field", None) or column
    field = (columns or {}).get(field, field)
    context.problems.append(Problem(row.file, row.line, field, error_message(error)))
