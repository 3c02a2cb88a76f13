"""Party fees at scale: fee_payments.csv loaded by the fees section, and the §4 ``fees`` key
next to a hand-written SQL floor (see docs/benchmarks.md, "Party fees").

Run against a database that holds an imported bench bundle (``bench/generate.py`` →
``dangvien import``)::

    DATABASE_URL=... .venv/bin/python bench/fees.py --out /tmp/fees-bench/fees --runs 5

1. writes ``fee_payments.csv`` for January–June of the bundle's year from the stored periods:
   every member on a month's last day, not exempted, pays that month with probability 0.9
   (seeded), so a few percent have three unpaid months;
2. loads it through ``FeesSection.load`` (the import's code: parse, rules, bulk write) in one
   transaction, timed;
3. times ``fees_statistics(root, D)`` for the roots of ``summary.json`` (median of ``--runs``
   warm calls) and the floor: one SQL statement counting the same members (without the party-age
   exemption, which no member of the bench reaches in 2025).
"""

from __future__ import annotations

import argparse
import csv
import json
import os
import random
import statistics
import sys
import time
from datetime import date
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.base")

import django

django.setup()

from django.db import connection, transaction  # noqa: E402

from dangvien.accounts.models import User  # noqa: E402
from dangvien.fees.interchange import FeesSection  # noqa: E402
from dangvien.fees.rules import month_end  # noqa: E402
from dangvien.fees.selectors import fees_statistics  # noqa: E402
from dangvien.interchange.bundle import Bundle  # noqa: E402
from dangvien.interchange.sections import ImportContext  # noqa: E402
from dangvien.members.models import Member, MemberPeriod  # noqa: E402
from dangvien.organizations.models import Organization, OrganizationVersion  # noqa: E402
from dangvien.rules.selectors import RuleBook  # noqa: E402

FLOOR = """
WITH months(m, last) AS (VALUES {months}),
counted AS (
  SELECT p.member_id FROM members_memberperiod p
  JOIN organizations_organizationversion v ON v.organization_id = p.organization_id
  WHERE v.path LIKE %s AND v.valid_from <= %s AND COALESCE(v.valid_to, '9999-12-31') > %s
    AND p.valid_from <= %s AND COALESCE(p.valid_to, '9999-12-31') > %s
)
SELECT count(*) FROM (
  SELECT c.member_id FROM counted c CROSS JOIN months mo
  JOIN members_memberperiod q ON q.member_id = c.member_id AND q.valid_from <= mo.last
    AND COALESCE(q.valid_to, '9999-12-31') > mo.last AND NOT q.is_exempted
  WHERE NOT EXISTS (
    SELECT 1 FROM fees_feepayment f WHERE f.member_id = c.member_id AND f.month = mo.m
  )
  GROUP BY c.member_id HAVING count(*) >= 3
) due
"""


def write_payments(folder: Path, months: list[date], seed: int) -> int:
    folder.mkdir(parents=True, exist_ok=True)
    keys = dict(Member.objects.values_list("pk", "member_key"))
    draw = random.Random(seed)
    count = 0
    with (folder / "fee_payments.csv").open("w", encoding="utf-8", newline="") as handle:
        out = csv.writer(handle)
        out.writerow(["member_id", "month", "amount", "paid_on"])
        for month in months:
            last = month_end(month)
            members = (
                MemberPeriod.objects.at(last)
                .filter(is_exempted=False)
                .values_list("member_id", flat=True)
                .order_by("member_id")
            )
            for member_id in members.iterator(chunk_size=20_000):
                if draw.random() < 0.9:
                    out.writerow([keys[member_id], f"{month:%Y-%m}", 20_000, month.replace(day=10)])
                    count += 1
    return count


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--summary", default="/tmp/fees-bench/bundle-100k/summary.json")
    parser.add_argument("--out", default="/tmp/fees-bench/fees")
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args()
    summary = json.loads(Path(args.summary).read_text())
    on = date.fromisoformat(summary["as_of"])
    months = [date(on.year, m, 1) for m in range(1, 13) if month_end(date(on.year, m, 1)) <= on]
    folder = Path(args.out)
    folder.mkdir(parents=True, exist_ok=True)
    for name in ("organizations.csv", "members.csv"):  # the bundle's required files (not read)
        (folder / name).unlink(missing_ok=True)
        (folder / name).symlink_to(Path(args.summary).parent / name)
    started = time.perf_counter()
    rows = write_payments(folder, months, summary["seed"])
    print(f"written {rows} rows in {time.perf_counter() - started:.1f} s")
    admin = User.objects.filter(is_superuser=True).first() or User.objects.create_superuser(
        "bench", "bench@example.vn", "bench"
    )
    context = ImportContext(
        bundle=Bundle(folder), actor=admin, rules=RuleBook(), progress=lambda *a: None
    )
    started = time.perf_counter()
    with transaction.atomic():
        FeesSection().load(context)
    loaded = time.perf_counter() - started
    assert not context.problems, [str(p) for p in context.problems[:5]]
    print(
        f"{connection.vendor}: loaded {context.counts} in {loaded:.1f} s ({rows / loaded:,.0f} rows/s)"
    )
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("VACUUM ANALYZE fees_feepayment")
    values = ", ".join(f"('{m.isoformat()}', '{month_end(m).isoformat()}')" for m in months)
    if connection.vendor == "postgresql":
        values = ", ".join(
            f"('{m.isoformat()}'::date, '{month_end(m).isoformat()}'::date)" for m in months
        )
    for label, code in summary["roots"].items():
        root = Organization.objects.get(code=code)
        path = OrganizationVersion.objects.at(on).get(organization=root).path
        fees_statistics(root, on)
        timings = []
        for _ in range(args.runs):
            started = time.perf_counter()
            value = fees_statistics(root, on)
            timings.append(time.perf_counter() - started)
        floor_times = []
        with connection.cursor() as cursor:
            for _ in range(args.runs):
                started = time.perf_counter()
                cursor.execute(FLOOR.format(months=values), [path + "%", on, on, on, on])
                floor_value = cursor.fetchone()[0]
                floor_times.append(time.perf_counter() - started)
        ours, floor = statistics.median(timings), statistics.median(floor_times)
        print(
            f"{connection.vendor} {label} {code}: fees={value} floor={floor_value} "
            f"{ours * 1000:.0f} ms vs floor {floor * 1000:.0f} ms ({ours / floor:.1f}x)"
        )


if __name__ == "__main__":
    main()
