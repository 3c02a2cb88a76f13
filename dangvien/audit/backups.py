"""Backups of the whole database and their restoration (``dangvien backup`` / ``restore``).

SQLite: the online backup API (a consistent copy while the application runs, page by page).
PostgreSQL: ``pg_dump --format=custom``; the restore turns the dump into SQL
(``pg_restore``) and runs it with ``psql`` in one transaction after emptying the schema (the
binaries of the server's major version must be on the PATH). A restore is followed by a check of the audit
chain, so a backup that was tampered with is named at once.
"""

from __future__ import annotations

import os
import shutil
import sqlite3
import subprocess  # pg_dump / pg_restore / psql with arguments, never a shell
import tempfile
from pathlib import Path
from typing import Any

from django.core.cache import cache
from django.db import connection


class BackupError(RuntimeError):
    """A backup or a restore that could not be done (the message says why)."""


def _pg_arguments() -> tuple[list[str], dict[str, str]]:
    settings: dict[str, Any] = connection.settings_dict
    arguments = [f"--dbname={settings['NAME']}"]
    if settings.get("HOST"):
        arguments.append(f"--host={settings['HOST']}")
    if settings.get("PORT"):
        arguments.append(f"--port={settings['PORT']}")
    if settings.get("USER"):
        arguments.append(f"--username={settings['USER']}")
    environment = dict(os.environ)
    if settings.get("PASSWORD"):
        environment["PGPASSWORD"] = str(settings["PASSWORD"])
    return arguments, environment


def _binary(name: str) -> str:
    found = shutil.which(name)
    if found is None:
        raise BackupError(f"{name} is not installed (needed for a PostgreSQL backup)")
    return found


def _run(command: list[str], environment: dict[str, str]) -> None:
    done = subprocess.run(command, env=environment, capture_output=True, text=True, check=False)  # noqa: S603
    if done.returncode != 0:
        raise BackupError(done.stderr.strip() or f"{command[0]} failed ({done.returncode})")


def _sqlite_raw() -> sqlite3.Connection:
    connection.ensure_connection()
    raw = connection.connection
    assert isinstance(raw, sqlite3.Connection)
    return raw


def backup(path: Path) -> None:
    """Write a consistent copy of the whole database to ``path`` while it stays in use."""
    path.parent.mkdir(parents=True, exist_ok=True)
    if connection.vendor == "sqlite":
        if connection.in_atomic_block:
            raise BackupError("a backup is not taken inside a transaction")
        target = sqlite3.connect(path)
        try:
            _sqlite_raw().backup(target)
        finally:
            target.close()
        return
    if connection.vendor == "postgresql":
        arguments, environment = _pg_arguments()
        _run(
            [_binary("pg_dump"), "--format=custom", "--no-owner", f"--file={path}", *arguments],
            environment,
        )
        return
    raise BackupError(f"no backup for the {connection.vendor} database")


def restore(path: Path) -> None:
    """Replace the whole database by the backup at ``path`` (everything written since is
    lost; the caller asks for confirmation), then empty the cache: the sessions kept there
    (``cached_db``) of log-ins made since the backup end with the database's."""
    _restore_database(path)
    cache.clear()


def _restore_database(path: Path) -> None:
    if not path.is_file():
        raise BackupError(f"no backup at {path}")
    if connection.in_atomic_block:
        raise BackupError("a restore is not done inside a transaction")
    if connection.vendor == "sqlite":
        with open(path, "rb") as head:
            if head.read(16) != b"SQLite format 3\x00":
                raise BackupError(f"{path} is not a SQLite backup")
        source = sqlite3.connect(path)
        try:
            source.backup(_sqlite_raw())
        finally:
            source.close()
        return
    if connection.vendor == "postgresql":
        arguments, environment = _pg_arguments()
        connection.close()  # the restore drops the tables this connection may hold
        with tempfile.TemporaryDirectory() as folder:
            script = Path(folder) / "restore.sql"
            _run(
                [_binary("pg_restore"), "--no-owner", f"--file={script}", str(path)],
                environment,
            )
            # The schema is emptied and refilled in one transaction (all or nothing).
            # ``pg_restore --clean`` cannot: it drops the constraints of each partition of a
            # partitioned table (attendance, fee payments), which PostgreSQL refuses.
            _run(
                [
                    _binary("psql"),
                    "--no-psqlrc",
                    "--quiet",
                    "--single-transaction",
                    "--set=ON_ERROR_STOP=1",
                    "--command=DROP SCHEMA public CASCADE; CREATE SCHEMA public;",
                    f"--file={script}",
                    *arguments,
                ],
                environment,
            )
        return
    raise BackupError(f"no restore for the {connection.vendor} database")
