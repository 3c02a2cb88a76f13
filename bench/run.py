"""Benchmark: import rate, peak RSS and statistics latency on SQLite and PostgreSQL.

    .venv/bin/python bench/run.py --bundle /tmp/bundle-100k [--db sqlite,postgres] [--runs 7]

For each database: create it fresh (``/tmp/dangvien-bench.sqlite3``; PostgreSQL database
``dangvien_bench`` on 127.0.0.1:5432, user postgres), ``dangvien migrate``, then time
``dangvien import -v2 BUNDLE`` as a child process (peak RSS from ``os.wait4``'s rusage of that
child; the stage timings it prints), then:

* the **import floor** (issue 19: "storing and indexing the same rows"): the rows of every
  table the import filled written again, by the database alone, into copies of the tables with
  no index, constraint or trigger (PostgreSQL: server-side ``COPY`` from files; SQLite:
  ``executemany`` of the rows read back), then the same tables' indexes built on the copies
  (primary keys and unique constraints as unique indexes); both parts are printed;
* ``VACUUM ANALYZE`` (what autovacuum does after a large load) on PostgreSQL;
* ``statistics_for(root, D)`` for a commune, the large province and the whole tree (warm: one
  untimed run, then the median of ``--runs``), next to the **floor**: the fastest hand-written
  SQL for ``members.total`` of the same subtree and date (the faster of two formulations, see
  ``FLOOR_SQL``), checked to give the same count;
* with ``--secretaries``, the statistics again after giving a secretary (SQL, not the import)
  to 95 % of the organizations that need one, so that ``organizations_without_secretary``
  has rows to look at.

Prints a Markdown table and writes the figures as JSON next to the bundle (``bench-<db>.json``).
"""

from __future__ import annotations

import argparse
import json
import os
import re
import statistics
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
DANGVIEN = ROOT / ".venv" / "bin" / "dangvien"
PYTHON = ROOT / ".venv" / "bin" / "python"
PG_ADMIN = "postgres://postgres@127.0.0.1:5432/postgres"
# DANGVIEN_BENCH_NAME keeps two runs apart (several people benchmark on one machine, or the
# code before and after a change is measured side by side): it names the PostgreSQL database,
# the SQLite file and the JSON written next to the bundle.
BENCH_NAME = os.environ.get("DANGVIEN_BENCH_NAME", "dangvien_bench")
PG_URL = f"postgres://postgres@127.0.0.1:5432/{BENCH_NAME}"
SQLITE_PATH = Path(f"/tmp/{BENCH_NAME.replace('_', '-')}.sqlite3")

# Periods valid at D joined with the organization versions valid at D under the root's path.
# Both texts run on both databases; the floor is the faster of the two on each.
FLOOR_SQL = {
    "open end as NULL": """
        SELECT count(*) FROM members_memberperiod p
        JOIN organizations_organizationversion v ON v.organization_id = p.organization_id
        WHERE v.path LIKE %s AND v.valid_from <= %s AND (v.valid_to IS NULL OR v.valid_to > %s)
          AND p.valid_from <= %s AND (p.valid_to IS NULL OR p.valid_to > %s)
    """,
    # the expression of the index on (organization, end of period)
    "open end as 9999-12-31": """
        SELECT count(*) FROM members_memberperiod p
        JOIN organizations_organizationversion v ON v.organization_id = p.organization_id
        WHERE v.path LIKE %s AND v.valid_from <= %s AND (v.valid_to IS NULL OR v.valid_to > %s)
          AND p.valid_from <= %s AND COALESCE(p.valid_to, '9999-12-31') > %s
    """,
    # the subtree as a range of paths (SQLite uses an index for LIKE only if case-sensitive)
    "path range, open end as 9999-12-31": """
        SELECT count(*) FROM members_memberperiod p
        JOIN organizations_organizationversion v ON v.organization_id = p.organization_id
        WHERE v.path >= %s AND v.path < %s
          AND v.valid_from <= %s AND (v.valid_to IS NULL OR v.valid_to > %s)
          AND p.valid_from <= %s AND COALESCE(p.valid_to, '9999-12-31') > %s
    """,
}
# Tables with rows that the import did not write: a bare ``migrate`` fills them, or they hold
# one row of state (the audit chain's head, the importing user, a task it queued).
FLOOR_SKIP = ("django_", "auth_", "accounts_", "rules_", "audit_auditchainhead", "sqlite_")


def _env(url: str) -> dict[str, str]:
    env = dict(os.environ)
    env["DATABASE_URL"] = url
    env.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.base")
    return env


def fresh_database(db: str) -> str:
    if db == "sqlite":
        for suffix in ("", "-wal", "-shm"):
            Path(f"{SQLITE_PATH}{suffix}").unlink(missing_ok=True)
        return f"sqlite:///{SQLITE_PATH}"
    import psycopg

    with psycopg.connect(PG_ADMIN, autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{BENCH_NAME}" WITH (FORCE)')
        conn.execute(f'CREATE DATABASE "{BENCH_NAME}"')
    return PG_URL


def run_child(args: list[str], env: dict[str, str]) -> tuple[int, float, int, str, float]:
    """Run a child; return (exit status, wall s, peak RSS KiB, output tail, child CPU s)."""
    import tempfile

    with tempfile.TemporaryFile() as output:
        started = time.perf_counter()
        child = subprocess.Popen(args, env=env, stdout=output, stderr=subprocess.STDOUT, cwd=ROOT)
        # reap the child with wait4 to get its own rusage (ru_maxrss = its peak RSS in KiB);
        # worker processes, if any, are reaped by the child and counted in its CPU time
        _pid, status, usage = os.wait4(child.pid, 0)
        elapsed = time.perf_counter() - started
        child.returncode = os.waitstatus_to_exitcode(status)
        output.seek(0)
        text = output.read().decode("utf-8", "replace")
    cpu = usage.ru_utime + usage.ru_stime
    return child.returncode, elapsed, usage.ru_maxrss, text[-3000:], cpu


def _timings(text: str) -> dict[str, float]:
    """The stage timings ``dangvien import -v2`` prints ("Thời gian (giây): members 12.3, …")."""
    match = re.search(r"Thời gian \(giây\): (.*)", text)
    if not match:
        return {}
    pairs = (part.rsplit(" ", 1) for part in match.group(1).split(", "))
    return {stage: float(seconds) for stage, seconds in pairs}


def _floor_tables(cursor: Any, vendor: str) -> list[str]:
    """The tables the import filled: every table with rows but those a bare ``migrate`` fills
    or that hold one row of state (``FLOOR_SKIP``)."""
    if vendor == "postgresql":
        cursor.execute("SELECT tablename FROM pg_tables WHERE schemaname = 'public'")
    else:
        cursor.execute("SELECT name FROM sqlite_master WHERE type = 'table'")
    found = []
    for (name,) in cursor.fetchall():
        if name.startswith(FLOOR_SKIP) or name.startswith("bench_bare_"):
            continue
        cursor.execute(f'SELECT EXISTS (SELECT 1 FROM "{name}")')
        if cursor.fetchone()[0]:
            found.append(name)
    return sorted(found)


def _indexes(cursor: Any, vendor: str, table: str) -> list[str]:
    """CREATE INDEX statements that give ``bench_bare_<table>`` the indexes of ``table``
    (primary key and unique constraints included, as the unique indexes they are)."""
    bare = f"bench_bare_{table}"
    statements = []
    if vendor == "postgresql":
        cursor.execute(
            "SELECT indexname, indexdef FROM pg_indexes WHERE schemaname = 'public' "
            "AND tablename = %s",
            [table],
        )
        for k, (name, definition) in enumerate(cursor.fetchall()):
            head, tail = definition.split(f" ON public.{table} ", 1)
            # (a name of 63 characters at most: the table's own names are near it)
            head = head.replace(f"INDEX {name}", f"INDEX bench_bare_{k}", 1)
            statements.append(f"{head} ON public.{bare} {tail}")
        return statements
    cursor.execute(
        "SELECT name, sql FROM sqlite_master WHERE type = 'index' AND tbl_name = %s", [table]
    )
    for k, (name, sql) in enumerate(cursor.fetchall()):
        if sql is not None:
            head, tail = sql.split(" ON ", 1)
            tail = tail.lstrip().removeprefix(f'"{table}"').removeprefix(table)
            quoted = f'"{name}"'
            head = (
                head.replace(quoted, f'"bench_bare_{k}"', 1)
                if quoted in head
                else head.removesuffix(name) + f"bench_bare_{k}"
            )
            statements.append(f'{head} ON "{bare}" {tail}')
        else:  # an index SQLite made for a UNIQUE or PRIMARY KEY clause of the table
            cursor.execute(f'PRAGMA index_info("{name}")')
            columns = ", ".join(f'"{row[2]}"' for row in cursor.fetchall())
            statements.append(f'CREATE UNIQUE INDEX "bench_bare_{k}" ON "{bare}" ({columns})')
    return statements


def import_floor(vendor: str) -> dict:
    """Seconds for the database alone to store the imported rows in bare copies of the tables
    (no index, constraint or trigger) and then to build the same tables' indexes on them:
    the floor of issue 19 ("storing and indexing the same rows")."""
    from django.db import connection

    from dangvien.interchange.bulk import REBUILD_WORK_MEM

    stored: dict[str, float] = {}
    indexed: dict[str, float] = {}
    with connection.cursor() as cursor:
        tables = _floor_tables(cursor, vendor)
        for table in tables:
            bare = f"bench_bare_{table}"
            cursor.execute(f'DROP TABLE IF EXISTS "{bare}"')
            if vendor == "postgresql":
                path = f"/tmp/bench-floor-{table}.copy"
                cursor.execute(f"COPY {table} TO '{path}'")
                cursor.execute(f"CREATE TABLE {bare} (LIKE {table})")
                started = time.perf_counter()
                cursor.execute(f"COPY {bare} FROM '{path}'")
                stored[table] = round(time.perf_counter() - started, 2)
                Path(path).unlink(missing_ok=True)
                # as the import's own rebuild of the indexes it dropped (bulk.DeferredIndexes)
                cursor.execute(f"SET maintenance_work_mem = '{REBUILD_WORK_MEM}'")
            else:
                raw = connection.connection
                columns = [c[1] for c in raw.execute(f"PRAGMA table_info({table})").fetchall()]
                raw.execute(f"CREATE TABLE {bare} ({', '.join(columns)})")
                marks = ", ".join("?" for _ in columns)
                spent = 0.0
                read = raw.cursor()
                read.execute(f"SELECT * FROM {table}")
                while True:
                    rows = read.fetchmany(100_000)
                    if not rows:
                        break
                    started = time.perf_counter()
                    raw.execute("BEGIN")
                    raw.executemany(f"INSERT INTO {bare} VALUES ({marks})", rows)
                    raw.execute("COMMIT")
                    spent += time.perf_counter() - started
                stored[table] = round(spent, 2)
            started = time.perf_counter()
            for statement in _indexes(cursor, vendor, table):
                cursor.execute(statement)
            indexed[table] = round(time.perf_counter() - started, 2)
            cursor.execute(f'DROP TABLE "{bare}"')
        if vendor == "postgresql":
            cursor.execute("RESET maintenance_work_mem")
    store, index = sum(stored.values()), sum(indexed.values())
    return {
        "seconds": round(store + index, 1),
        "store_seconds": round(store, 1),
        "index_seconds": round(index, 1),
        "by_table": {t: {"store": stored[t], "index": indexed[t]} for t in tables},
    }


def add_secretaries() -> int:
    """A secretary (from 2020-01-01) for 95 % of the organizations that need one."""
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute(
            """
            INSERT INTO committees_committeepost
                (created_at, updated_at, organization_id, post, person_name, person_key,
                 held_from, held_to, term_id, decision_number, recorded_by_id)
            SELECT CURRENT_TIMESTAMP, CURRENT_TIMESTAMP, o.id, 'secretary', 'Bí thư', '',
                   '2020-01-01', NULL, NULL, '', NULL
            FROM organizations_organization o
            WHERE o.id % 20 <> 0 AND EXISTS (
                SELECT 1 FROM organizations_organizationversion v WHERE v.organization_id = o.id
                AND v.kind IN ('grassroots_committee', 'grassroots_cell', 'sub_committee', 'cell'))
            """
        )
        return int(cursor.rowcount)


def measure(summary: dict, runs: int, secretaries: bool) -> dict:
    """Inside a child with DATABASE_URL set: floors and statistics latency."""
    import django

    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.base")
    django.setup()
    from datetime import date

    from django.db import connection

    from dangvien.organizations.models import Organization, OrganizationVersion
    from dangvien.statistics.selectors import statistics_for

    vendor = connection.vendor
    out: dict = {"vendor": vendor}
    if not secretaries:
        out["import_floor"] = import_floor(vendor)
        if vendor == "postgresql":
            with connection.cursor() as cursor:
                connection.set_autocommit(True)
                cursor.execute("VACUUM ANALYZE")
    else:
        out["secretaries"] = add_secretaries()
        if vendor == "postgresql":
            connection.set_autocommit(True)
            with connection.cursor() as cursor:
                cursor.execute("VACUUM ANALYZE committees_committeepost")
    on = date.fromisoformat(summary["as_of"])
    results = {}
    for label, code in summary["roots"].items():
        root = Organization.objects.get(code=code)
        path = OrganizationVersion.objects.at(on).get(organization=root).path
        stats = statistics_for(root, on)
        timings = []
        for _ in range(runs):
            started = time.perf_counter()
            stats = statistics_for(root, on)
            timings.append(time.perf_counter() - started)
        floors = {}
        with connection.cursor() as cursor:
            for name, sql in FLOOR_SQL.items():
                prefix = [path, path[:-1] + "0"] if "range" in name else [path + "%"]
                params = [*prefix, on, on, on, on]
                cursor.execute(sql, params)
                floor_total = cursor.fetchone()[0]
                spent = []
                for _ in range(runs):
                    started = time.perf_counter()
                    cursor.execute(sql, params)
                    cursor.fetchone()
                    spent.append(time.perf_counter() - started)
                floors[name] = (round(statistics.median(spent) * 1000, 1), floor_total)
        best = min(floors, key=lambda name: floors[name][0])
        results[label] = {
            "code": code,
            "members_total": stats["members"]["total"],
            "without_secretary": stats["organizations_without_secretary"],
            "floor_total": floors[best][1],
            "stats_ms": round(statistics.median(timings) * 1000, 1),
            "floor_ms": floors[best][0],
            "floor_sql": best,
            "floors_ms": {name: ms for name, (ms, _total) in floors.items()},
            "figures": stats,
        }
    out["stats"] = results
    return out


def database_size(db: str) -> str:
    if db == "sqlite":
        size = sum(
            Path(f"{SQLITE_PATH}{s}").stat().st_size
            for s in ("", "-wal")
            if Path(f"{SQLITE_PATH}{s}").exists()
        )
        return f"{size / 2**20:.0f} MiB"
    import psycopg

    with psycopg.connect(PG_URL) as conn:
        return conn.execute("SELECT pg_size_pretty(pg_database_size(%s))", [BENCH_NAME]).fetchone()[
            0
        ]


def _measure_child(bundle: Path, runs: int, env: dict[str, str], secretaries: bool) -> dict:
    args = [str(PYTHON), __file__, "--bundle", str(bundle), "--measure", "--runs", str(runs)]
    if secretaries:
        args.append("--secretaries")
    child = subprocess.run(args, env=env, cwd=ROOT, capture_output=True, text=True)
    if child.returncode:
        raise SystemExit(f"measurement failed:\n{child.stderr[-3000:]}")
    return json.loads(child.stdout.strip().splitlines()[-1])


def bench(db: str, bundle: Path, summary: dict, runs: int, secretaries: bool) -> dict:
    url = fresh_database(db)
    env = _env(url)
    status, _t, _rss, text, _cpu = run_child([str(DANGVIEN), "migrate", "-v", "0"], env)
    if status:
        raise SystemExit(f"migrate failed on {db}:\n{text}")
    status, seconds, rss_kib, text, cpu = run_child(
        [str(DANGVIEN), "import", "-v", "2", str(bundle)], env
    )
    result = {
        "db": db,
        "members": summary["members"],
        "member_event_rows": summary.get("member_events"),
        "import_status": status,
        "import_seconds": round(seconds, 1),
        "rows_per_second": round(summary["members"] / seconds),
        "import_cpu_seconds": round(cpu, 1),
        "peak_rss_mib": round(rss_kib / 1024),
        "import_stages": _timings(text),
        "import_output": text.strip().splitlines()[-1] if text.strip() else "",
        "workers": os.environ.get("DANGVIEN_IMPORT_WORKERS", "default"),
    }
    print(
        f"[{db}] import: exit {status}, {seconds:.1f} s, {result['rows_per_second']} rows/s, "
        f"peak RSS {result['peak_rss_mib']} MiB, stages {result['import_stages']}",
        file=sys.stderr,
        flush=True,
    )
    if status:
        print(text[-1500:], file=sys.stderr)
        return result
    result.update(_measure_child(bundle, runs, env, secretaries=False))
    if secretaries:
        result["with_secretaries"] = _measure_child(bundle, runs, env, secretaries=True)
    result["database_size"] = database_size(db)
    return result


def table(results: list[dict]) -> str:
    lines = [
        "| database | members | import s (CPU s) | member rows/s | import floor s (store + index) "
        "| peak RSS MiB "
        "| DB size | root | members.total (= floor) | statistics_for ms | floor ms | ratio |",
        "|---|---:|---:|---:|---:|---:|---:|---|---:|---:|---:|---:|",
    ]
    for r in results:
        f = r.get("import_floor", {})
        floor = f"{f['seconds']} ({f['store_seconds']} + {f['index_seconds']})" if f else ""
        for label, s in r.get("stats", {}).items():
            ratio = s["stats_ms"] / s["floor_ms"] if s["floor_ms"] else float("nan")
            lines.append(
                f"| {r['db']} | {r['members']:,} | {r['import_seconds']} ({r['import_cpu_seconds']}) "
                f"| {r['rows_per_second']:,} | {floor} "
                f"| {r['peak_rss_mib']} | {r.get('database_size', '')} | {label} ({s['code']}) "
                f"| {s['members_total']:,} ({'=' if s['members_total'] == s['floor_total'] else '≠'}) "
                f"| {s['stats_ms']} | {s['floor_ms']} | {ratio:.1f}× |"
            )
        for label, s in r.get("with_secretaries", {}).get("stats", {}).items():
            ratio = s["stats_ms"] / s["floor_ms"] if s["floor_ms"] else float("nan")
            lines.append(
                f"| {r['db']} + secretaries | | | | | | | {label} ({s['code']}) "
                f"| {s['members_total']:,} | {s['stats_ms']} | {s['floor_ms']} | {ratio:.1f}× |"
            )
    return "\n".join(lines)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--bundle", type=Path, required=True)
    parser.add_argument("--db", default="sqlite,postgres")
    parser.add_argument("--runs", type=int, default=7)
    parser.add_argument("--secretaries", action="store_true", help="also measure with posts")
    parser.add_argument("--measure", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args()
    summary = json.loads((args.bundle / "summary.json").read_text(encoding="utf-8"))
    if args.measure:
        sys.path.insert(0, str(ROOT))
        print(json.dumps(measure(summary, args.runs, args.secretaries)))
        return
    results = []
    for db in args.db.split(","):
        result = bench(db, args.bundle.resolve(), summary, args.runs, args.secretaries)
        (args.bundle / f"bench-{db}-{BENCH_NAME}.json").write_text(json.dumps(result, indent=2))
        results.append(result)
    print(table(results))
    if len(results) > 1:
        # the whole statistics of every root, compared between the databases
        first, *others = results
        for other in others:
            same = all(
                first["stats"][root]["figures"] == other["stats"][root]["figures"]
                for root in first.get("stats", {})
            )
            print(f"\nSame figures on {first['db']} and {other['db']} for every root: {same}")


if __name__ == "__main__":
    main()
