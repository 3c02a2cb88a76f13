"""Template context shared by every page: the date the page is read at, and the menu."""

from datetime import date
from typing import Any

from django.http import HttpRequest

from dangvien.core.dates import parse_day, today


def parse_as_of(request: HttpRequest) -> date:
    """The "xem tại ngày" date of the request (``?as_of=YYYY-MM-DD`` or ``dd/mm/yyyy``),
    default today; a value that is not a day is read as today too, and the page says so
    (``unreadable_as_of``, shown by ``base.html``)."""
    raw = request.GET.get("as_of", "").strip()
    try:
        return parse_day(raw) if raw else today()
    except ValueError:
        return today()


def unreadable_as_of(request: HttpRequest) -> str:
    """The ``?as_of=`` value given that is not a day (``31/02/2025``, ``abc``), else ``""``:
    the page shows today's situation instead, and must say so (a user who mistyped a date read
    today's figures believing them of that day)."""
    raw = request.GET.get("as_of", "").strip()
    if not raw:
        return ""
    try:
        parse_day(raw)
    except ValueError:
        return raw
    return ""


def as_of(request: HttpRequest) -> dict[str, Any]:
    return as_of_context(parse_as_of(request)) | {"as_of_unreadable": unreadable_as_of(request)}


def as_of_context(day: date) -> dict[str, Any]:
    """What a template knows of the date the page is read at (``keep_as_of`` reads it)."""
    return {"as_of": day, "as_of_iso": day.isoformat(), "is_today": day == today()}


def navigation(request: HttpRequest) -> dict[str, Any]:
    from dangvien.http.registry import visible_navigation

    return {"nav_items": visible_navigation(request.user)}
