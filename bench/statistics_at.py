"""The statistics of a few roots at a day, on a database already imported (issue 19).

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/NAME .venv/bin/python bench/statistics_at.py \\
        --on 2025-06-30 --roots P01-H001-C001,P01,TW --runs 3 [--first-only P01,TW]

For each root, ``statistics.selectors.statistics_for`` at ``--on``: the §3 figures alone
(``sections=False``), then with the §4 keys the apps register (``statistics_sections``). Each
is called once (the first counting: the database's caches as they are, the dashboard's kept
figures, e.g. each year's assessment counts, as the file cache holds them), then ``--runs``
times; ``--first-only`` roots are called once with the §4 keys (a province at national size:
a minute). Prints one line per root and variant, the times in ms and the figures read.
Production settings (``config.settings.base``); reads only.
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import time
from datetime import date
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.base")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--on", required=True, type=date.fromisoformat)
    parser.add_argument("--roots", required=True, help="CODE,CODE,…")
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--first-only", default="", help="roots counted once with the §4 keys")
    args = parser.parse_args()
    import django

    django.setup()
    from dangvien.organizations.models import Organization
    from dangvien.statistics.sections import statistics_sections
    from dangvien.statistics.selectors import statistics_for

    first_only = set(filter(None, args.first_only.split(",")))
    for code in args.roots.split(","):
        root = Organization.objects.get(code=code)
        for sections in (False, True):
            calls = 1 if sections and code in first_only else args.runs + 1
            times = []
            for _ in range(calls):
                started = time.perf_counter()
                figures = statistics_for(root, args.on, sections=sections)
                times.append((time.perf_counter() - started) * 1000)
            warm = f", then median {statistics.median(times[1:]):.1f} ms" if calls > 1 else ""
            areas = {key: figures[key] for key, _ in statistics_sections.items() if key in figures}
            print(
                f"{code} {'with §4' if sections else '§3 only'}: first {times[0]:.1f} ms{warm}; "
                f"members {figures['members']['total']:,} {areas}",
                flush=True,
            )


if __name__ == "__main__":
    main()
