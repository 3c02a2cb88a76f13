"""Benchmark: the badge-candidates list of the largest province (issue 13, defect 10).

    DATABASE_URL=sqlite:////tmp/demo.sqlite3 .venv/bin/python bench/badges.py [--runs 3]

Run against a database holding the demonstration data (``dangvien demo``: a province of 13 139
members) or an imported bench bundle. For each of the next four award occasions from the
statistics date, times ``badge_candidates`` for the province with the most members, as a
system administrator (what ``GET /api/members/badge-candidates/`` does), and counts the SQL
statements it sends. Prints one Markdown row per occasion: candidates, median seconds,
statements.
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
os.environ.setdefault("DJANGO_SECRET_KEY", "bench")

import django

django.setup()

from django.db import connection  # noqa: E402
from django.db.models import Count  # noqa: E402
from django.test.utils import CaptureQueriesContext  # noqa: E402
from django.utils import timezone  # noqa: E402

from dangvien.accounts.models import User  # noqa: E402
from dangvien.members.models import MemberPeriod  # noqa: E402
from dangvien.members.selectors import badge_candidates, next_badge_occasion  # noqa: E402
from dangvien.organizations.models import Organization  # noqa: E402


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--from", dest="start", help="YYYY-MM-DD (default: today)")
    options = parser.parse_args()
    admin = User.objects.filter(is_superuser=True).first()
    assert admin is not None, "no administrator in this database"
    provinces = Organization.objects.filter(versions__kind="provincial").distinct()
    sizes = {
        p: MemberPeriod.objects.filter(organization__path__startswith=p.path)
        .values("member")
        .aggregate(n=Count("member", distinct=True))["n"]
        for p in provinces
    }
    province = max(sizes, key=lambda p: sizes[p])
    print(f"{connection.vendor}: province {province.code}, {sizes[province]} members ever")
    print("| occasion | candidates | median s | SQL statements |")
    print("|---|---|---|---|")
    day = date.fromisoformat(options.start) if options.start else timezone.localdate()
    for _ in range(4):
        occasion = next_badge_occasion(day)
        times = []
        for _run in range(options.runs):
            with CaptureQueriesContext(connection) as queries:
                started = time.perf_counter()
                rows = badge_candidates(actor=admin, organization=province, award_on=occasion)
                times.append(time.perf_counter() - started)
        print(
            f"| {occasion:%d/%m/%Y} | {len(rows)} | {statistics.median(times):.2f} "
            f"| {len(queries.captured_queries)} |"
        )
        day = date.fromordinal(occasion.toordinal() + 1)


if __name__ == "__main__":
    main()
