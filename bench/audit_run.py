"""The cost of an import's row-by-row audit appends, with and without a chain run.

A bulk import runs services row by row (targets, populations, organization changes, …) in one
transaction, each row in a savepoint, each writing one audit row. Before ``chain_run`` every
append locked and updated the chain head, a row PostgreSQL then keeps one version of per append
until the transaction ends. This script appends N rows that way, in a transaction it rolls back
(the database is left as it was), and prints the seconds in all and the milliseconds an append
took over the last tenth of them, with and without the run, alternating::

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/m1 DJANGO_SETTINGS_MODULE=config.settings.base \\
      .venv/bin/python bench/audit_run.py --rows 1000,4000,8000
"""

from __future__ import annotations

import argparse
import contextlib
import json
import time
from typing import Any

import django


class _Undo(Exception):
    pass


def _append(rows: int, run: bool) -> dict[str, float]:
    from django.db import transaction

    from dangvien.audit.choices import AuditAction
    from dangvien.audit.services import chain_run, record

    times: list[float] = []
    started = time.perf_counter()
    with contextlib.suppress(_Undo), transaction.atomic():
        with chain_run() if run else contextlib.nullcontext():
            for i in range(rows):
                before = time.perf_counter()
                with transaction.atomic():  # the import's savepoint per row
                    record(actor=None, action=AuditAction.UPDATE, message=f"bench row {i}")
                times.append(time.perf_counter() - before)
        raise _Undo  # leave the database as it was
    tail = times[-max(1, rows // 10) :]
    return {
        "seconds": round(time.perf_counter() - started, 2),
        "last_tenth_ms_per_append": round(1000 * sum(tail) / len(tail), 3),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", default="1000,4000,8000", help="comma-separated row counts")
    parser.add_argument("--out", help="write the figures as JSON to this file")
    args = parser.parse_args()
    django.setup()
    results: list[dict[str, Any]] = []
    for rows in [int(n) for n in args.rows.split(",")]:
        for run in (False, True):
            figures = _append(rows, run)
            results.append({"rows": rows, "chain_run": run, **figures})
            print(json.dumps(results[-1]), flush=True)
    if args.out:
        with open(args.out, "w", encoding="utf-8") as handle:
            json.dump(results, handle, indent=2)


if __name__ == "__main__":
    main()
