"""The monthly due at scale: ``fees.dues.monthly_due`` over every member of a subtree and every
month of a period, next to a hand-written SQL floor (see docs/benchmarks.md, "Party fees: the
monthly due").

Run against a database that holds fee bases (``make demo``, or an import with fee_bases.csv)::

    DATABASE_URL=... .venv/bin/python bench/dues.py --code DT25-XA-THAP-MUOI \\
        --first 2025-01 --last 2026-11 --runs 3

1. ``pure``: ``monthly_due`` alone, ``--calls`` times on bases drawn from the database, with the
   rulebook loaded once (``RuleBook``): the cost of the rules themselves;
2. ``ours``: what the collection sheet and the fee report do for the subtree's members counted at
   the last month's end: ``fee_facts`` (bases, reliefs, party ages read once) then
   ``FeeFacts.due`` per member and month, summed (median of ``--runs``);
3. ``floor``: one SQL statement summing, per member and month, the share or fixed amount of the
   basis in force (window over the bases), with the 342/01 amounts written in — without the
   reliefs, the party-age exemption and the voluntary amounts, which it cannot know; the
   difference of the two sums is printed.
"""

from __future__ import annotations

import argparse
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

from django.db import connection  # noqa: E402

from dangvien.core.dates import add_months  # noqa: E402
from dangvien.fees.dues import Basis, monthly_due  # noqa: E402
from dangvien.fees.models import FeeBasis  # noqa: E402
from dangvien.fees.rules import month_end, parse_month  # noqa: E402
from dangvien.fees.selectors import fee_facts  # noqa: E402
from dangvien.organizations.models import Organization, OrganizationVersion  # noqa: E402
from dangvien.rules.selectors import RuleBook  # noqa: E402
from dangvien.statistics.placement import counted_members, placement  # noqa: E402

FLOOR = """
WITH months(m) AS (VALUES {months}),
counted AS (
  SELECT p.member_id FROM members_memberperiod p
  JOIN organizations_organizationversion v ON v.organization_id = p.organization_id
  WHERE v.path LIKE %s AND v.valid_from <= %s AND COALESCE(v.valid_to, '9999-12-31') > %s
    AND p.valid_from <= %s AND COALESCE(p.valid_to, '9999-12-31') > %s
),
ranked AS (
  SELECT mo.m, b.kind, b.amount,
         ROW_NUMBER() OVER (PARTITION BY mo.m, b.member_id ORDER BY b.valid_from DESC, b.id DESC) rn
  FROM months mo JOIN fees_feebasis b ON b.valid_from <= mo.m
  WHERE b.member_id IN (SELECT member_id FROM counted)
)
SELECT COALESCE(SUM(CASE
  WHEN kind IN ('salary', 'benefit') THEN (amount * 100 + 5000) / 10000
  WHEN kind = 'pension' THEN (amount * 50 + 5000) / 10000
  WHEN m < '2026-02-01' THEN 2000
  WHEN kind = 'social_pension' THEN 0
  ELSE 5000 END), 0)
FROM ranked WHERE rn = 1
"""


def _months(first: date, last: date) -> list[date]:
    months = []
    while first <= last:
        months.append(first)
        first = add_months(first, 1)
    return months


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--code", required=True)
    parser.add_argument("--first", default="2025-01")
    parser.add_argument("--last", default="2026-11")
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--calls", type=int, default=1_000_000)
    args = parser.parse_args()
    first, last = parse_month(args.first), parse_month(args.last)
    assert first is not None
    assert last is not None
    months = _months(first, last)
    on = month_end(months[-1])
    root = Organization.objects.get(code=args.code)
    members = sorted(set(counted_members(placement(root, on))))
    print(f"{connection.vendor}: {len(members)} members x {len(months)} months")

    book = RuleBook()
    bases = [
        Basis(kind, amount, voluntary)
        for kind, amount, voluntary in FeeBasis.objects.values_list(
            "kind", "amount", "voluntary_amount"
        )[:10_000]
    ] or [Basis("salary", 6_000_000)]
    draw = random.Random(1)
    sample = [(draw.choice(bases), draw.choice(months)) for _ in range(args.calls)]
    started = time.perf_counter()
    for basis, month in sample:
        monthly_due(month, basis, rules=book)
    pure = time.perf_counter() - started
    print(f"pure: {args.calls} calls in {pure:.2f} s ({args.calls / pure:,.0f} dues/s)")

    timings, total = [], 0
    for _ in range(args.runs):
        started = time.perf_counter()
        facts = fee_facts(members, months)
        total = sum(facts.due(m, month).amount or 0 for m in members for month in months)
        timings.append(time.perf_counter() - started)
    path = OrganizationVersion.objects.at(on).get(organization=root).path
    cast = "::date" if connection.vendor == "postgresql" else ""
    values = ", ".join(f"('{m.isoformat()}'{cast})" for m in months)
    floor_times, floor_total = [], 0
    with connection.cursor() as cursor:
        for _ in range(args.runs):
            started = time.perf_counter()
            cursor.execute(FLOOR.format(months=values), [path + "%", on, on, on, on])
            floor_total = cursor.fetchone()[0]
            floor_times.append(time.perf_counter() - started)
    ours, floor = statistics.median(timings), statistics.median(floor_times)
    print(
        f"ours: {ours:.3f} s, sum {total:,} đồng; floor: {floor:.3f} s, sum {floor_total:,} đồng;"
        f" ratio {ours / floor:.1f}x; difference {total - floor_total:,} đồng"
        " (reliefs, party age, voluntary: ours only)"
    )


if __name__ == "__main__":
    main()
