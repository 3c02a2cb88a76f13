"""A real streaming replica: a throw-away PostgreSQL cluster and its copy by ``pg_basebackup``.

The primary listens on a socket in a temporary folder only; the replica on 127.0.0.1:5433
(``DANGVIEN_TEST_REPLICA_PORT``). The checks run in a child process whose settings name both
(``replica_check.py``). Both clusters are stopped and removed whatever happens. Skipped, with
the reason, where PostgreSQL's server programs are missing, the port is taken, or the
clusters cannot be made; run with the PostgreSQL suite only (about 10 s).
"""

from __future__ import annotations

import glob
import os
import shutil
import socket
import subprocess
import sys
import tempfile
from pathlib import Path

import pytest
from django.conf import settings

ROOT = Path(__file__).resolve().parents[3]
PORT = int(os.environ.get("DANGVIEN_TEST_REPLICA_PORT", "5433"))


def _bin(name: str) -> str | None:
    found = shutil.which(name)
    if found:
        return found
    candidates = sorted(glob.glob(f"/usr/lib/postgresql/*/bin/{name}"))
    return candidates[-1] if candidates else None


def _port_taken(port: int) -> bool:
    with socket.socket() as probe:
        return probe.connect_ex(("127.0.0.1", port)) == 0


class Clusters:
    """The two clusters, run as the user ``postgres`` when the tests run as root."""

    def __init__(self, folder: Path) -> None:
        self.folder = folder
        self.sockets = folder / "sockets"
        self.primary = folder / "primary"
        self.replica = folder / "replica"
        self.started: list[Path] = []

    def run(self, *command: str) -> None:
        prefix = ["runuser", "-u", "postgres", "--"] if os.geteuid() == 0 else []
        done = subprocess.run(
            [*prefix, *command], capture_output=True, text=True, timeout=60, check=False
        )
        if done.returncode != 0:
            raise RuntimeError(f"{' '.join(command)}: {done.stderr.strip()[-500:]}")

    def start(self, data: Path, options: str) -> None:
        self.run(_bin("pg_ctl") or "pg_ctl", "-D", str(data), "-w", "-t", "30",
                 "-l", str(data) + ".log", "-o", options, "start")  # fmt: skip
        self.started.append(data)

    def make(self) -> None:
        self.sockets.mkdir(parents=True)
        if os.geteuid() == 0:
            shutil.chown(self.folder, "postgres")
            shutil.chown(self.sockets, "postgres")
        self.run(_bin("initdb") or "initdb", "-D", str(self.primary), "-U", "postgres",
                 "--auth=trust", "--no-sync", "-E", "UTF8", "--locale=C.UTF-8")  # fmt: skip
        quick = "-c fsync=off -c synchronous_commit=off -c full_page_writes=off"
        self.start(
            self.primary,
            f"-c listen_addresses='' -c unix_socket_directories={self.sockets} -p {PORT} {quick}",
        )
        self.run(_bin("createdb") or "createdb", "-h", str(self.sockets), "-p", str(PORT),
                 "-U", "postgres", "dangvien")  # fmt: skip
        self.run(_bin("pg_basebackup") or "pg_basebackup", "-h", str(self.sockets),
                 "-p", str(PORT), "-U", "postgres", "-D", str(self.replica),
                 "-R", "-X", "stream", "-c", "fast", "--no-sync")  # fmt: skip
        self.start(
            self.replica,
            f"-c listen_addresses=127.0.0.1 -c unix_socket_directories={self.folder} "
            f"-p {PORT} -c hot_standby=on {quick}",
        )

    def stop(self) -> None:
        for data in reversed(self.started):
            self.run(_bin("pg_ctl") or "pg_ctl", "-D", str(data), "-m", "immediate", "-w", "stop")


@pytest.fixture
def clusters():
    if settings.DATABASES["default"]["ENGINE"] != "django.db.backends.postgresql":
        pytest.skip(
            "the streaming replica is tested with the PostgreSQL suite (make test-postgres)"
        )
    missing = [n for n in ("initdb", "pg_ctl", "pg_basebackup", "createdb") if not _bin(n)]
    if missing:
        pytest.skip(f"no streaming replica can be made here: {', '.join(missing)} not found")
    if _port_taken(PORT):
        pytest.skip(f"no streaming replica can be made here: port {PORT} is taken")
    folder = Path(tempfile.mkdtemp(prefix="dangvien-replica-"))
    made = Clusters(folder)
    try:
        try:
            made.make()
        except (RuntimeError, OSError, subprocess.TimeoutExpired) as error:
            pytest.skip(f"no streaming replica can be made here: {error}")
        yield made
    finally:
        try:
            made.stop()
        finally:
            shutil.rmtree(folder, ignore_errors=True)


def test_reporting_reads_reach_a_streaming_replica_and_writers_read_their_writes(clusters):
    # given: settings naming the primary (by its socket) and the replica (127.0.0.1)
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "config.settings.test",
        "DATABASE_URL": f"postgres://postgres@/dangvien?host={clusters.sockets}&port={PORT}",
        "DATABASE_REPLICA_URL": f"postgres://postgres@127.0.0.1:{PORT}/dangvien",
        "DANGVIEN_CONN_MAX_AGE": "0",
    }

    # when
    done = subprocess.run(
        [sys.executable, str(Path(__file__).with_name("replica_check.py"))],
        cwd=ROOT, env=env, capture_output=True, text=True, timeout=120, check=False,
    )  # fmt: skip

    clusters.stop()
    clusters.started.clear()

    # then: every check of the child held; nothing listens on the replica's port any more
    assert done.returncode == 0, done.stderr[-3000:]
    assert done.stdout.strip().endswith("OK")
    assert not _port_taken(PORT)
