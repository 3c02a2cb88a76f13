"""Cell meetings at scale: meetings.csv and attendance.csv loaded by the meetings section, and the
§4 ``meetings`` key next to a hand-written SQL floor (see docs/benchmarks.md, "Cell meetings").

Run against a database that holds an imported bench bundle (``bench/generate.py`` →
``dangvien import``)::

    DATABASE_URL=... .venv/bin/python bench/meetings.py --summary /tmp/bundle-100k/summary.json \\
        --out /tmp/meetings-bench/meetings --since 2022-07-01 --runs 5

1. writes ``meetings.csv`` and ``attendance.csv`` from ``--since`` to the bundle's day D: every
   cell and grassroots cell holds a regular meeting on the 5th of each month and a thematic one
   on the 20th of the last month of each quarter; every member expected there that day (of the
   cell, not exempted, not away on a temporary transfer, and the guests attached to it) has a
   row: present with probability 0.93, excused 0.05, unexcused 0.02 (seeded);
2. loads both files through ``MeetingsSection.load`` (the import's code: ``meeting_record`` per
   meeting, the attendance rules on every row, the bulk writer) in one transaction, timed;
3. times ``meetings_figures(root, D)`` for the roots of ``summary.json`` (median of ``--runs``
   warm calls) next to the floor: three hand-written statements giving the same four figures
   (``FLOOR_*`` below; every run checks that they agree).
"""

from __future__ import annotations

import argparse
import csv
import json
import os
import random
import sys
import time
from collections import defaultdict
from datetime import date, timedelta
from decimal import ROUND_HALF_UP, Decimal
from functools import partial
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
from timing import timed

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.base")

import django

django.setup()

from django.db import connection, transaction  # noqa: E402

from dangvien.accounts.models import User  # noqa: E402
from dangvien.interchange.bundle import Bundle  # noqa: E402
from dangvien.interchange.sections import ImportContext  # noqa: E402
from dangvien.meetings.figures import meetings_figures  # noqa: E402
from dangvien.meetings.interchange import MeetingsSection  # noqa: E402
from dangvien.meetings.models import Attendance, Meeting  # noqa: E402
from dangvien.meetings.services import attendance_counts_refresh  # noqa: E402
from dangvien.members.models import Member, MemberPeriod  # noqa: E402
from dangvien.organizations.models import Organization, OrganizationVersion  # noqa: E402
from dangvien.rules.selectors import RuleBook  # noqa: E402

MEETING_ORGANIZATIONS = ("cell", "grassroots_cell")

# The organizations standing under the root's path at D (the bench has no merges: none ended).
ORGS = """
  SELECT organization_id FROM organizations_organizationversion
  WHERE path LIKE %s AND valid_from <= %s AND COALESCE(valid_to, '9999-12-31') > %s
"""
FLOOR_MEETINGS = f"""
SELECT kind, count(*) FROM meetings_meeting
WHERE held_on >= %s AND held_on <= %s AND kind IN ('regular', 'thematic')
  AND organization_id IN ({ORGS})
GROUP BY kind
"""
FLOOR_ATTENDANCE = f"""
SELECT a.status, count(*) FROM meetings_attendance a
JOIN meetings_meeting m ON m.id = a.meeting_id
WHERE a.held_on >= %s AND a.held_on <= %s AND a.kind IN ('regular', 'thematic')
  AND m.organization_id IN ({ORGS})
GROUP BY a.status
"""
FLOOR_UNEXCUSED = f"""
SELECT count(*) FROM (
  SELECT a.member_id FROM meetings_attendance a
  WHERE a.status = 'unexcused' AND a.kind = 'regular' AND a.held_on >= %s AND a.held_on <= %s
    AND a.member_id IN (
      SELECT p.member_id FROM members_memberperiod p
      WHERE p.valid_from <= %s AND COALESCE(p.valid_to, '9999-12-31') > %s
        AND p.organization_id IN ({ORGS})
    )
  GROUP BY a.member_id HAVING count(DISTINCT {{month}}) >= 3
) due
"""
MONTH = {"postgresql": "date_trunc('month', a.held_on)", "sqlite": "strftime('%%Y-%%m', a.held_on)"}


def meeting_days(since: date, until: date) -> list[tuple[date, str]]:
    days = []
    year, month = since.year, since.month
    while date(year, month, 1) <= until:
        for day, kind in ((date(year, month, 5), "regular"), (date(year, month, 20), "thematic")):
            if since <= day <= until and (kind == "regular" or month % 3 == 0):
                days.append((day, kind))
        year, month = (year + 1, 1) if month == 12 else (year, month + 1)
    return days


def write_files(folder: Path, since: date, until: date, seed: int) -> tuple[int, int]:
    folder.mkdir(parents=True, exist_ok=True)
    keys = dict(Member.objects.values_list("pk", "member_key"))
    codes = dict(Organization.objects.values_list("pk", "code"))
    draw = random.Random(seed)
    meetings = rows = 0
    with (
        (folder / "meetings.csv").open("w", encoding="utf-8", newline="") as m_handle,
        (folder / "attendance.csv").open("w", encoding="utf-8", newline="") as a_handle,
    ):
        m_out, a_out = csv.writer(m_handle), csv.writer(a_handle)
        m_out.writerow(["meeting_id", "organization_code", "kind", "held_on", "topic"])
        a_out.writerow(["meeting_id", "member_id", "status", "reason"])
        for day, kind in meeting_days(since, until):
            holders = set(
                OrganizationVersion.objects.at(day)
                .filter(kind__in=MEETING_ORGANIZATIONS, organization__established_on__lte=day)
                .values_list("organization_id", flat=True)
            )
            expected: dict[int, list[int]] = defaultdict(list)
            for member_id, organization_id, host_id in (
                MemberPeriod.objects.at(day)
                .filter(is_exempted=False)
                .values_list("member_id", "organization_id", "host_organization_id")
                .order_by("member_id")
                .iterator(chunk_size=20_000)
            ):
                expected[host_id if host_id is not None else organization_id].append(member_id)
            for organization_id in sorted(holders):
                people = expected.get(organization_id)
                if not people:
                    continue
                key = f"B-{codes[organization_id]}-{day:%Y%m%d}-{kind[0]}"
                m_out.writerow([key, codes[organization_id], kind, day.isoformat(), ""])
                meetings += 1
                for member_id in people:
                    roll = draw.random()
                    if roll < 0.93:
                        status, reason = "present", ""
                    elif roll < 0.98:
                        status, reason = "excused", "Ốm"
                    else:
                        status, reason = "unexcused", ""
                    a_out.writerow([key, keys[member_id], status, reason])
                    rows += 1
    return meetings, rows


def store_meetings(path: Path) -> int:
    """The meetings of ``meetings.csv`` inserted in bulk (what ``--meetings-direct`` skips of
    the section: ``meeting_record`` per row, with its audit row and convened count)."""
    ids = dict(Organization.objects.values_list("code", "pk"))
    with path.open(encoding="utf-8") as handle:
        rows = [
            Meeting(
                key=row["meeting_id"],
                organization_id=ids[row["organization_code"]],
                kind=row["kind"],
                held_on=date.fromisoformat(row["held_on"]),
                topic=row["topic"],
            )
            for row in csv.DictReader(handle)
        ]
    with transaction.atomic():
        Meeting.objects.bulk_create(rows, batch_size=5000, ignore_conflicts=True)
    return len(rows)


def store_attendance(path: Path) -> int:
    """The rows of ``attendance.csv`` inserted in bulk (``--attendance-direct``: without the
    section's checks of each member's standing)."""
    meetings = {
        key: (pk, held_on, kind)
        for key, pk, held_on, kind in Meeting.objects.values_list("key", "pk", "held_on", "kind")
    }
    members = dict(Member.objects.values_list("member_key", "pk"))
    count = 0
    with path.open(encoding="utf-8") as handle, transaction.atomic():
        batch: list[Attendance] = []
        for row in csv.DictReader(handle):
            pk, held_on, kind = meetings[row["meeting_id"]]
            batch.append(
                Attendance(
                    meeting_id=pk,
                    member_id=members[row["member_id"]],
                    status=row["status"],
                    reason=row["reason"],
                    held_on=held_on,
                    kind=kind,
                )
            )
            if len(batch) == 20_000:
                Attendance.objects.bulk_create(batch)
                count += len(batch)
                batch = []
        Attendance.objects.bulk_create(batch)
        # written without the services: the meetings' kept counts of their rows set here
        attendance_counts_refresh(Meeting.objects.values_list("pk", flat=True))
        count += len(batch)
    return count


def floor(code: str, on: date) -> dict[str, Any]:
    path = OrganizationVersion.objects.at(on).get(organization__code=code).path
    start = date(on.year, 1, 1)
    orgs: list[Any] = [path + "%", on, on]
    with connection.cursor() as cursor:
        cursor.execute(FLOOR_MEETINGS, [start, on, *orgs])
        kinds = dict(cursor.fetchall())
        cursor.execute(FLOOR_ATTENDANCE, [start, on, *orgs])
        statuses = dict(cursor.fetchall())
        cursor.execute(
            FLOOR_UNEXCUSED.format(month=MONTH[connection.vendor]), [start, on, on, on, *orgs]
        )
        due = cursor.fetchone()[0]
    total = sum(statuses.values())
    present = Decimal(100 * statuses.get("present", 0)) / total if total else None
    return {
        "regular": kinds.get("regular", 0),
        "thematic": kinds.get("thematic", 0),
        "attendance_percent": float(present.quantize(Decimal("0.01"), ROUND_HALF_UP))
        if present is not None
        else None,
        "members_with_3_unexcused_months": due,
    }


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--summary", default="/tmp/meetings-bench/bundle-100k/summary.json")
    parser.add_argument("--out", default="/tmp/meetings-bench/meetings")
    parser.add_argument("--since", default="", help="first day of meetings (default: D - 3 years)")
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--skip-load", action="store_true", help="time the statistics only")
    parser.add_argument(
        "--meetings-direct",
        action="store_true",
        help="store the meetings with one bulk insert first (no audit, no convened count): the "
        "section then finds them recorded and loads the attendance only",
    )
    parser.add_argument(
        "--attendance-direct",
        action="store_true",
        help="with --meetings-direct: store the attendance with bulk inserts too (no rule "
        "checks), instead of the section's load",
    )
    args = parser.parse_args()
    summary = json.loads(Path(args.summary).read_text())
    on = date.fromisoformat(summary["as_of"])
    since = (
        date.fromisoformat(args.since)
        if args.since
        else date(on.year - 3, on.month, on.day) + timedelta(days=1)
    )
    if not args.skip_load:
        folder = Path(args.out)
        folder.mkdir(parents=True, exist_ok=True)
        for name in ("organizations.csv", "members.csv"):  # the bundle's required files
            (folder / name).unlink(missing_ok=True)
            (folder / name).symlink_to(Path(args.summary).parent / name)
        started = time.perf_counter()
        meetings, rows = write_files(folder, since, on, summary["seed"])
        print(
            f"written {meetings} meetings, {rows} attendance rows from {since} to {on} "
            f"in {time.perf_counter() - started:.1f} s"
        )
        admin = User.objects.filter(is_superuser=True).first() or User.objects.create_superuser(
            "bench", "bench@example.vn", "bench"
        )
        context = ImportContext(
            bundle=Bundle(folder), actor=admin, rules=RuleBook(), progress=lambda *a: None
        )
        if args.meetings_direct:
            started = time.perf_counter()
            stored = store_meetings(folder / "meetings.csv")
            print(f"stored {stored} meetings directly in {time.perf_counter() - started:.1f} s")
        started = time.perf_counter()
        if args.attendance_direct:
            stored = store_attendance(folder / "attendance.csv")
            print(
                f"stored {stored} attendance rows directly in {time.perf_counter() - started:.1f} s"
            )
        else:
            with transaction.atomic():
                MeetingsSection().load(context)
            loaded = time.perf_counter() - started
            assert not context.problems, [str(p) for p in context.problems[:5]]
            print(
                f"{connection.vendor}: loaded {context.counts} in {loaded:.1f} s "
                f"({(meetings + rows) / loaded:,.0f} rows/s)"
            )
        if connection.vendor == "postgresql":
            with connection.cursor() as cursor:
                cursor.execute("VACUUM ANALYZE meetings_meeting")
                cursor.execute("VACUUM ANALYZE meetings_attendance")
    for label, code in summary["roots"].items():
        root = Organization.objects.get(code=code)
        ours, value = timed(partial(meetings_figures, root, on), args.runs)
        base, expected = timed(partial(floor, code, on), args.runs)
        same = {k: v for k, v in value.items() if k in expected} == expected
        print(
            f"{connection.vendor} {label} {code}: {value} floor agrees={same} "
            f"{ours * 1000:.0f} ms vs floor {base * 1000:.0f} ms ({ours / base:.1f}x)"
        )


if __name__ == "__main__":
    main()
