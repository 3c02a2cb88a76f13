"""System checks of the environment the code relies on."""

from __future__ import annotations

import sqlite3
from collections.abc import Iterable
from typing import Any

from django.conf import settings
from django.core.checks import Error

# The statistics use WITH … AS NOT MATERIALIZED (SQLite 3.35, March 2021).
SQLITE_MINIMUM = (3, 35, 0)


def sqlite_errors(engines: Iterable[str], version: tuple[int, ...], text: str) -> list[Error]:
    """An error when one of the database ``engines`` is SQLite and ``version`` is too old."""
    if not any(engine.endswith("sqlite3") for engine in engines) or version >= SQLITE_MINIMUM:
        return []
    return [
        Error(
            f"SQLite {text} is too old: dangvien needs "
            f"{'.'.join(map(str, SQLITE_MINIMUM))} or later (as in Debian 12 or Ubuntu 22.04).",
            hint="Use a Python linked with a newer SQLite, or PostgreSQL (DATABASE_URL).",
            id="dangvien.E001",
        )
    ]


def sqlite_version(app_configs: Any = None, **kwargs: Any) -> list[Error]:
    """The check as Django runs it: the configured databases and the linked SQLite library."""
    engines = [db.get("ENGINE", "") for db in settings.DATABASES.values()]
    return sqlite_errors(engines, sqlite3.sqlite_version_info, sqlite3.sqlite_version)
