"""Benchmark: import rate, peak RSS and statistics latency on SQLite and PostgreSQL.

    .venv/bin/python bench/run.py --bundle /tmp/bundle-100k [--db sqlite,postgres] [--runs 7]

For each database: create it fresh (``/tmp/dangvien-bench.sqlite3``; PostgreSQL database
``dangvien_bench`` on 127.0.0.1:5432, user postgres), ``dangvien migrate``, then time
``dangvien import BUNDLE`` as a child process (peak RSS from ``os.wait4``'s rusage of that child),
then measure ``statistics_for(root, D)`` (warm: one untimed run, then the median of ``--runs``)
for a commune, the large province and the whole tree, next to the "floor": the fastest
hand-written SQL for ``members.total`` of the same subtree and date. Prints a Markdown table
and writes the figures as JSON next to the bundle (``bench-<db>.json``).
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DANGVIEN = ROOT / ".venv" / "bin" / "dangvien"
PYTHON = ROOT / ".venv" / "bin" / "python"
PG_ADMIN = "postgres://postgres@127.0.0.1:5432/postgres"
PG_URL = "postgres://postgres@127.0.0.1:5432/dangvien_bench"
SQLITE_PATH = Path("/tmp/dangvien-bench.sqlite3")

FLOOR_SQL = {
    # periods valid at D joined with the organization versions valid at D under the root's path
    "postgresql": """
        SELECT count(*) FROM members_memberperiod p
        JOIN organizations_organizationversion v ON v.organization_id = p.organization_id
        WHERE v.path LIKE %s AND v.valid_from <= %s AND (v.valid_to IS NULL OR v.valid_to > %s)
          AND p.valid_from <= %s AND (p.valid_to IS NULL OR p.valid_to > %s)
    """,
}
FLOOR_SQL["sqlite"] = FLOOR_SQL["postgresql"]


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
        conn.execute("DROP DATABASE IF EXISTS dangvien_bench WITH (FORCE)")
        conn.execute("CREATE DATABASE dangvien_bench")
    return PG_URL


def run_child(args: list[str], env: dict[str, str]) -> tuple[int, float, int, str, float]:
    """Run a child; return (exit status, wall s, peak RSS KiB, output tail, child CPU s)."""
    import tempfile

    with tempfile.TemporaryFile() as output:
        started = time.perf_counter()
        child = subprocess.Popen(args, env=env, stdout=output, stderr=subprocess.STDOUT, cwd=ROOT)
        # reap the child with wait4 to get its own rusage (ru_maxrss = its peak RSS in KiB)
        _pid, status, usage = os.wait4(child.pid, 0)
        elapsed = time.perf_counter() - started
        child.returncode = os.waitstatus_to_exitcode(status)
        output.seek(0)
        text = output.read().decode("utf-8", "replace")
    cpu = usage.ru_utime + usage.ru_stime
    return child.returncode, elapsed, usage.ru_maxrss, text[-3000:], cpu


def measure_stats(summary: dict, runs: int) -> dict:
    """Inside a child with DATABASE_URL set: statistics latency and the floor SQL."""
    import django

    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.base")
    django.setup()
    from datetime import date

    from django.db import connection

    from dangvien.organizations.models import Organization, OrganizationVersion
    from dangvien.statistics.selectors import statistics_for

    on = date.fromisoformat(summary["as_of"])
    vendor = connection.vendor
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
        params = [path + "%", on, on, on, on]
        with connection.cursor() as cursor:
            cursor.execute(FLOOR_SQL[vendor], params)
            floor_total = cursor.fetchone()[0]
            floor = []
            for _ in range(runs):
                started = time.perf_counter()
                cursor.execute(FLOOR_SQL[vendor], params)
                cursor.fetchone()
                floor.append(time.perf_counter() - started)
        results[label] = {
            "code": code,
            "members_total": stats["members"]["total"],
            "floor_total": floor_total,
            "stats_ms": round(statistics.median(timings) * 1000, 1),
            "floor_ms": round(statistics.median(floor) * 1000, 1),
        }
    return {"vendor": vendor, "stats": results}


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
        return conn.execute("SELECT pg_size_pretty(pg_database_size('dangvien_bench'))").fetchone()[
            0
        ]


def bench(db: str, bundle: Path, summary: dict, runs: int) -> dict:
    url = fresh_database(db)
    env = _env(url)
    status, _t, _rss, text, _cpu = run_child([str(DANGVIEN), "migrate", "-v", "0"], env)
    if status:
        raise SystemExit(f"migrate failed on {db}:\n{text}")
    if db == "postgresql" or db == "postgres":
        pass
    status, seconds, rss_kib, text, cpu = run_child([str(DANGVIEN), "import", str(bundle)], env)
    result = {
        "db": db,
        "members": summary["members"],
        "import_status": status,
        "import_seconds": round(seconds, 1),
        "rows_per_second": round(summary["members"] / seconds),
        "import_cpu_seconds": round(cpu, 1),
        "peak_rss_mib": round(rss_kib / 1024),
        "import_output": text.strip().splitlines()[-1] if text.strip() else "",
    }
    print(
        f"[{db}] import: exit {status}, {seconds:.1f} s, {result['rows_per_second']} rows/s, "
        f"peak RSS {result['peak_rss_mib']} MiB\n{text[-600:]}",
        file=sys.stderr,
        flush=True,
    )
    if status:
        return result
    if db == "postgres":
        import psycopg

        with psycopg.connect(PG_URL, autocommit=True) as conn:
            conn.execute("VACUUM ANALYZE")
    child = subprocess.run(
        [str(PYTHON), __file__, "--bundle", str(bundle), "--measure-stats", "--runs", str(runs)],
        env=env,
        cwd=ROOT,
        capture_output=True,
        text=True,
    )
    if child.returncode:
        raise SystemExit(f"statistics failed on {db}:\n{child.stderr[-3000:]}")
    result.update(json.loads(child.stdout.strip().splitlines()[-1]))
    result["database_size"] = database_size(db)
    return result


def table(results: list[dict]) -> str:
    lines = [
        "| database | members | import s (CPU s) | member rows/s | peak RSS MiB | DB size "
        "| root | members.total (= floor) | statistics_for ms | floor ms | ratio |",
        "|---|---:|---:|---:|---:|---:|---|---:|---:|---:|---:|",
    ]
    for r in results:
        for label, s in r.get("stats", {}).items():
            ratio = s["stats_ms"] / s["floor_ms"] if s["floor_ms"] else float("nan")
            lines.append(
                f"| {r['db']} | {r['members']:,} | {r['import_seconds']} ({r['import_cpu_seconds']}) "
                f"| {r['rows_per_second']:,} "
                f"| {r['peak_rss_mib']} | {r.get('database_size', '')} | {label} ({s['code']}) "
                f"| {s['members_total']:,} ({'=' if s['members_total'] == s['floor_total'] else '≠'}) "
                f"| {s['stats_ms']} | {s['floor_ms']} | {ratio:.1f}× |"
            )
    return "\n".join(lines)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--bundle", type=Path, required=True)
    parser.add_argument("--db", default="sqlite,postgres")
    parser.add_argument("--runs", type=int, default=7)
    parser.add_argument("--measure-stats", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args()
    summary = json.loads((args.bundle / "summary.json").read_text(encoding="utf-8"))
    if args.measure_stats:
        sys.path.insert(0, str(ROOT))
        print(json.dumps(measure_stats(summary, args.runs)))
        return
    results = []
    for db in args.db.split(","):
        result = bench(db, args.bundle.resolve(), summary, args.runs)
        (args.bundle / f"bench-{db}.json").write_text(json.dumps(result, indent=2))
        results.append(result)
    print(table(results))


if __name__ == "__main__":
    main()
