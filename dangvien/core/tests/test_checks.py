"""The system check of the SQLite library's version."""

from dangvien.core.checks import sqlite_errors, sqlite_version

SQLITE, POSTGRESQL = "django.db.backends.sqlite3", "django.db.backends.postgresql"


def test_an_old_sqlite_library_is_an_error():
    errors = sqlite_errors([SQLITE], (3, 34, 1), "3.34.1")
    assert [e.id for e in errors] == ["dangvien.E001"]
    assert "3.34.1" in errors[0].msg


def test_a_recent_sqlite_or_postgresql_passes():
    assert sqlite_errors([SQLITE], (3, 35, 0), "3.35.0") == []
    assert sqlite_errors([POSTGRESQL], (3, 20, 0), "3.20.0") == []


def test_this_environment_passes():
    assert sqlite_version() == []
