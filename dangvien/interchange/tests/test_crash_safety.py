"""Crash safety (issue 13): ``kill -9`` of ``dangvien import`` leaves the database untouched or
complete, never half-written.

The import runs as a separate process on a database of its own (a SQLite file, or a PostgreSQL
database cloned from a migrated template when ``DATABASE_URL`` names PostgreSQL), under a
pseudo-terminal so that its progress bar says which stage it is in. It is killed with SIGKILL at six points: as the
organizations are written, inside the members, as the members are written, and at three points
between then and the end of a full run (the committee posts, the targets, the commit). After each
kill the row count of every table is either that of the migrated database or that of a complete
import, the stored membership periods match the ledger (``rebuild_member_periods --verify``),
and importing the bundle again after a crash completes with the same counts.

Marked ``crash``: it runs in ``make test`` (a migration, then eight short imports: one to two
minutes); ``-m "not crash"`` skips it.
"""

from __future__ import annotations

import os
import pty
import select
import shutil
import signal
import sqlite3
import subprocess
import sys
import time
from abc import ABC, abstractmethod
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

import pytest

from dangvien.interchange.tests.thap_muoi import write_thap_muoi_bundle

pytestmark = [pytest.mark.crash]

DANGVIEN = str(Path(sys.executable).with_name("dangvien"))
PG_URL = os.environ.get("DATABASE_URL", "")
#: Tables an import does not write in its transaction: the queue of background work, where a
#: committed change queues one counting ahead (web.ahead) after its commit, unless one already
#: waits (a flag in the cache, which the runs here share).
NOT_THE_IMPORTS = {"django_tasks_database_dbtaskresult"}
ON_POSTGRES = PG_URL.startswith(("postgres://", "postgresql://"))


class Database(ABC):
    """A database the import process uses: cloned from the migrated template, counted, dropped."""

    def __init__(self, root: Path) -> None:
        self.root = root

    @abstractmethod
    def url(self, name: str) -> str: ...

    @abstractmethod
    def clone(self, template: str, name: str) -> None: ...

    @abstractmethod
    def counts(self, name: str) -> dict[str, int]: ...

    @abstractmethod
    def drop(self, name: str) -> None: ...

    def check(self, name: str) -> None:  # noqa: B027 - a hook with nothing to do by default
        """The database's own consistency check (nothing on PostgreSQL: the server recovers)."""


class SqliteDatabase(Database):
    def url(self, name: str) -> str:
        return f"sqlite:///{self.root / name}.sqlite3"

    def clone(self, template: str, name: str) -> None:
        shutil.copyfile(self.root / f"{template}.sqlite3", self.root / f"{name}.sqlite3")

    def _connect(self, name: str) -> sqlite3.Connection:
        # opening it recovers what a killed writer left (the WAL is replayed up to its last
        # commit, an uncommitted transaction is dropped)
        return sqlite3.connect(self.root / f"{name}.sqlite3")

    def counts(self, name: str) -> dict[str, int]:
        with self._connect(name) as connection:
            tables = [
                row[0]
                for row in connection.execute(
                    "SELECT name FROM sqlite_master WHERE type = 'table' "
                    "AND name NOT LIKE 'sqlite_%'"
                )
            ]
            return {
                table: connection.execute(f'SELECT COUNT(*) FROM "{table}"').fetchone()[0]  # noqa: S608
                for table in tables
                if table not in NOT_THE_IMPORTS
            }

    def check(self, name: str) -> None:
        with self._connect(name) as connection:
            assert connection.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
            assert connection.execute("PRAGMA foreign_key_check").fetchall() == []

    def drop(self, name: str) -> None:
        for suffix in ("", "-wal", "-shm", "-journal"):
            (self.root / f"{name}.sqlite3{suffix}").unlink(missing_ok=True)


class PostgresDatabase(Database):
    def __init__(self, root: Path) -> None:
        super().__init__(root)
        parts = urlsplit(PG_URL)
        self.parts = parts
        self.prefix = f"{parts.path.lstrip('/') or 'dangvien'}_crash"

    def url(self, name: str) -> str:
        return urlunsplit(self.parts._replace(path=f"/{self.prefix}_{name}"))

    def _server(self) -> object:
        import psycopg

        return psycopg.connect(urlunsplit(self.parts._replace(path="/postgres")), autocommit=True)

    def create(self, name: str) -> None:
        self.drop(name)
        with self._server() as connection:  # type: ignore[attr-defined]
            connection.execute(f'CREATE DATABASE "{self.prefix}_{name}"')

    def clone(self, template: str, name: str) -> None:
        self.drop(name)
        with self._server() as connection:  # type: ignore[attr-defined]
            connection.execute(
                f'CREATE DATABASE "{self.prefix}_{name}" TEMPLATE "{self.prefix}_{template}"'
            )

    def counts(self, name: str) -> dict[str, int]:
        import psycopg

        with psycopg.connect(self.url(name)) as connection:
            tables = [
                row[0]
                for row in connection.execute(
                    "SELECT table_name FROM information_schema.tables "
                    "WHERE table_schema = 'public' AND table_type = 'BASE TABLE'"
                )
            ]
            return {
                table: connection.execute(f'SELECT COUNT(*) FROM "{table}"').fetchone()[0]  # type: ignore[index]  # noqa: S608
                for table in tables
                if table not in NOT_THE_IMPORTS
            }

    def drop(self, name: str) -> None:
        with self._server() as connection:  # type: ignore[attr-defined]
            # a killed client's backend may linger a moment
            connection.execute(
                "SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = %s",
                [f"{self.prefix}_{name}"],
            )
            connection.execute(f'DROP DATABASE IF EXISTS "{self.prefix}_{name}"')


def _env(url: str, data_dir: Path) -> dict[str, str]:
    env = dict(os.environ)
    env.update(
        DATABASE_URL=url,
        DJANGO_SETTINGS_MODULE="config.settings.base",
        DJANGO_SECRET_KEY="crash-safety-test-key-not-secret-000000000000000",
        DANGVIEN_DATA_DIR=str(data_dir),
        LANGUAGE="C",
    )
    return env


def _run(args: list[str], env: dict[str, str]) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [DANGVIEN, *args], env=env, capture_output=True, text=True, timeout=600, check=False
    )


@dataclass
class Outcome:
    killed: bool
    seconds: float
    output: str
    marks: dict[str, float]  # when each stage label first showed


ORGANIZATIONS, MEMBERS = "Tổ chức", "Đảng viên"  # the stage labels of the progress bar


Trigger = Callable[[str, float], bool]


def run_import(bundle: Path, env: dict[str, str], trigger: Trigger | None) -> Outcome:
    """``dangvien import bundle`` under a pseudo-terminal; SIGKILL when ``trigger(output,
    seconds)`` holds (never when None)."""
    leader, follower = pty.openpty()
    started = time.monotonic()
    process = subprocess.Popen(
        [DANGVIEN, "import", str(bundle)],
        env=env,
        stdin=subprocess.DEVNULL,
        stdout=follower,
        stderr=follower,
    )
    os.close(follower)
    output, killed, closed = "", False, False
    marks: dict[str, float] = {}
    try:
        while True:
            ready, _w, _x = select.select([] if closed else [leader], [], [], 0.02)
            if ready:
                try:
                    data = os.read(leader, 65536)
                except OSError:  # the process and its terminal are gone
                    data = b""
                closed = not data
                output += data.decode("utf-8", errors="replace")
            elapsed = time.monotonic() - started
            for label in (ORGANIZATIONS, MEMBERS):
                if label in output:
                    marks.setdefault(label, elapsed)
            if process.poll() is not None and (closed or not ready):
                break
            if trigger is not None and not killed and trigger(output, elapsed):
                process.send_signal(signal.SIGKILL)
                killed = True
            assert elapsed < 600, output
    finally:
        process.wait()
        os.close(leader)
    if not killed:
        assert process.returncode == 0, output
    return Outcome(killed and process.returncode == -signal.SIGKILL, elapsed, output, marks)


def at_stage(label: str, delay: float = 0.0) -> Trigger:
    """Kill ``delay`` seconds after the progress bar first shows the stage ``label``."""
    seen: dict[str, float] = {}

    def trigger(output: str, seconds: float) -> bool:
        if label in output:
            seen.setdefault(label, seconds)
            return seconds - seen[label] >= delay
        return False

    return trigger


@pytest.fixture(scope="module")
def setup(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[Database, Path, Path]]:
    root = tmp_path_factory.mktemp("crash")
    bundle = root / "bundle"
    write_thap_muoi_bundle(bundle)
    database: Database = PostgresDatabase(root) if ON_POSTGRES else SqliteDatabase(root)
    if isinstance(database, PostgresDatabase):
        database.create("template")
    env = _env(database.url("template"), root / "data")
    migrated = _run(["migrate", "--no-input", "-v0"], env)
    assert migrated.returncode == 0, migrated.stderr
    # the command line's user exists before any import (as after the first one)
    made = _run(
        ["shell", "-c", "from dangvien.users.services import system_actor; system_actor()"], env
    )
    assert made.returncode == 0, made.stderr
    yield database, bundle, root
    if isinstance(database, PostgresDatabase):
        for name in ("template", "complete", *(f"kill{i}" for i in range(len(KILL_POINTS)))):
            database.drop(name)


# (name, trigger): the stage labels the import shows and, for the points between them, delays
# measured on a full run (``Outcome``: when each label first showed, and the end)
KILL_POINTS: list[tuple[str, Callable[[Outcome], Trigger]]] = [
    ("as the organizations are written", lambda _full: at_stage(ORGANIZATIONS)),
    (
        "inside the members",
        lambda full: at_stage(
            ORGANIZATIONS, 0.5 * (full.marks[MEMBERS] - full.marks[ORGANIZATIONS])
        ),
    ),
    ("as the members are written", lambda _full: at_stage(MEMBERS)),
    (
        "in the committee posts",
        lambda full: at_stage(MEMBERS, 0.3 * (full.seconds - full.marks[MEMBERS])),
    ),
    ("in the targets", lambda full: at_stage(MEMBERS, 0.6 * (full.seconds - full.marks[MEMBERS]))),
    ("at the commit", lambda full: at_stage(MEMBERS, 0.85 * (full.seconds - full.marks[MEMBERS]))),
]


def _verify(database: Database, name: str, root: Path) -> None:
    verified = _run(["rebuild_member_periods", "--verify"], _env(database.url(name), root / "data"))
    assert verified.returncode == 0, verified.stdout + verified.stderr


def test_kill_9_leaves_the_database_untouched_or_complete(setup):
    database, bundle, root = setup
    untouched = database.counts("template")
    database.clone("template", "complete")
    full = run_import(bundle, _env(database.url("complete"), root / "data"), None)
    assert set(full.marks) == {ORGANIZATIONS, MEMBERS}, full.output
    complete = database.counts("complete")
    assert complete["members_member"] > 4000
    _verify(database, "complete", root)

    outcomes = []
    for index, (name, trigger) in enumerate(KILL_POINTS):
        db = f"kill{index}"
        database.clone("template", db)
        env = _env(database.url(db), root / "data")
        outcome = run_import(bundle, env, trigger(full))
        database.check(db)
        counts = database.counts(db)
        state = "untouched" if counts == untouched else "complete" if counts == complete else ""
        assert state, (
            name,
            # (as before, as found, as after a full import) of each table an import changes:
            # a mix of the two states names the tables written outside the transaction
            {
                t: (untouched[t], counts[t], complete[t])
                for t in counts
                if untouched[t] != complete[t] or counts[t] != untouched[t]
            },
        )
        outcomes.append((name, outcome.killed, state))
        if state == "complete":
            _verify(database, db, root)
        elif name == "inside the members":
            # importing again after a crash inside the members completes the work (once: every
            # other untouched database is the migrated one, which the full run above imported)
            run_import(bundle, env, None)
            assert database.counts(db) == complete, name
            _verify(database, db, root)
        database.drop(db)
    sys.stderr.write(f"crash safety: {outcomes}\n")
    # at least some kills landed inside the import's transaction
    assert sum(1 for _n, killed, state in outcomes if killed and state == "untouched") >= 2, (
        outcomes
    )
