"""Template context shared by every page: the date the page is read at, and the menu."""

from datetime import date
from typing import Any

from django.http import HttpRequest

from dangvien.core.dates import parse_day, today


def _read_as_of(request: HttpRequest) -> tuple[date, str]:
    """The day of ``?as_of=`` (``YYYY-MM-DD`` or ``dd/mm/yyyy``, default today) and the value
    given when it is not a day (``31/02/2025``, ``abc``: today is read instead), else ``""``."""
    raw = request.GET.get("as_of", "").strip()
    if not raw:
        return today(), ""
    try:
        return parse_day(raw), ""
    except ValueError:
        return today(), raw


def parse_as_of(request: HttpRequest) -> date:
    """The "xem tại ngày" date of the request (``?as_of=YYYY-MM-DD`` or ``dd/mm/yyyy``),
    default today; a value that is not a day is read as today too, and the page says so
    (``unreadable_as_of``, shown by ``base.html``)."""
    return _read_as_of(request)[0]


def unreadable_as_of(request: HttpRequest) -> str:
    """The ``?as_of=`` value given that is not a day, else ``""``: the page shows today's
    situation instead, and must say so (a user who mistyped a date read today's figures
    believing them of that day)."""
    return _read_as_of(request)[1]


def as_of(request: HttpRequest) -> dict[str, Any]:
    day, unreadable = _read_as_of(request)
    return as_of_context(day) | {"as_of_unreadable": unreadable}


def as_of_context(day: date) -> dict[str, Any]:
    """What a template knows of the date the page is read at (``keep_as_of`` reads it)."""
    return {"as_of": day, "as_of_iso": day.isoformat(), "is_today": day == today()}


def navigation(request: HttpRequest) -> dict[str, Any]:
    from dangvien.http.registry import visible_navigation

    return {"nav_items": visible_navigation(request.user)}
