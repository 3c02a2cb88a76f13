"""The four newer areas at national size: cell meetings and attendance, party fees payments and
the yearly quality assessment generated inside PostgreSQL for an imported member data set, then
the §4 ``meetings``, ``assessment`` and ``fees`` keys timed next to hand-written SQL floors.

``bench/meetings.py`` and ``bench/fees.py`` write CSV files row by row in Python and load them
through the import's sections: right for the import's cost, far too slow to fill 5.6 million
members (~90 million attendance rows, ~65 million payments a year). Here every row is made by
``INSERT … SELECT`` from the stored member periods and organization versions
(``generate_series`` for the days and months, a hash of the ids for the random draws), in one
transaction, on PostgreSQL only. Run against a database that holds an imported bench bundle
(``bench/generate.py`` → ``dangvien migrate`` → ``dangvien import``)::

    .venv/bin/python bench/national_areas.py --database-url postgres://…/NAME \\
        --summary /tmp/bundle-100k/summary.json --runs 5 [--since 2024-07-01 --until 2025-06-30]
        [--roots P01-H001-C001,P01,TW] [--bulk] [--skip-generate] [--out FILE.json]

What is generated, from ``--since`` to ``--until`` (default: the year ending at the bundle's day
D of ``summary.json``; the statistics are then computed at ``--until``):

1. ``window periods`` (a temporary table): the member periods overlapping the window, with the
   organization each attends (``host_organization`` when away on a temporary transfer);
2. ``meetings``: every cell and grassroots cell (``CELL_KINDS``) standing and established that
   day holds a regular meeting on the 5th of each month and a thematic one on the 20th of the
   last month of each quarter, if anyone is expected there (as ``bench/meetings.py``: a cell
   nobody attends holds none). ``members_convened`` is what ``official_members_convened`` gives
   with the seeded ``vote.convened_excludes`` (official members of the cell, not exempted, not
   away), counted in the same statement;
3. ``attendance``: one row for each member expected that day (as
   ``meetings.selectors.expected_members``: a period valid that day, not exempted, in the cell
   and not away, or away and attached to it, then ``as_guest``): present / excused ("Ốm") /
   unexcused at 93 / 5 / 2 % by ``hashint8extended(member, seed + day)``;
4. ``fee payments``: every member on the month's last day (or on ``--until`` for a month not yet
   ended), not exempted from activity, pays each month of the window, filed under their
   official organization, on the 10th, cash or the public-service portal (1 in 5 members),
   except ``--unpaid-percent`` (default 5) of the member-months chosen by hash, so that the
   "three unpaid months" figure is not zero (0: every member pays every month). The amount is
   fixed per member, 20 000–119 000 đồng: the bundles hold no fee basis, so
   ``fees.dues.monthly_due`` (a function of the basis and the rulebook) has nothing to compute;
5. ``assessment``: the year Y whose decisions (15 December for members, 20 December for
   organizations) fall last on or before ``--until``; one round of Y opened by the root of the
   tree (opened 1 November, self-assessments to 30 November, reviews to 10 December, decisions
   to 31 December, population on 15 December), left open: a ``RoundClosure`` freezes
   ``round_figures`` (one JSON entry per member of the country) and the statistics do not read
   it. A result for each member of the population (the rulebook's ``assessment.not_assessed``:
   not exempted), filed under their official organization and decided by its grassroots
   organization (``competence.assessment_member``); a result for each organization of the kinds
   of ``assessment.organization_kinds`` decided by its parent. Levels by hash: members 13 %
   excellent, 75 % good, 11 % completed, 1 % not completed; organizations 15 / 70 / 13 / 2 %.
   Scores only for decisions from 30/08/2025 (the 100-point bands of Quy định 366-QĐ/TW);
   no self-assessment or proposal steps (``AssessmentStep``), which the statistics do not read.

Simplifications: a cell is its own subtree (cells have no children in the bench tree); no audit
rows (the services write one per result, the import none per row); no fee bases, reliefs or
remittances. Nothing is deleted: the script refuses (naming the tables) when meetings,
attendance or payments of the window, or results or a round of the year, are already stored.

All stages run in one transaction (``work_mem`` and ``maintenance_work_mem`` set to
``--work-mem``), the rows going through the parent of the partitioned tables. Django declares
the foreign keys ``DEFERRABLE INITIALLY DEFERRED``: ``SET CONSTRAINTS ALL IMMEDIATE`` makes each
stage pay its own checks (else they all run at the commit). With ``--bulk`` (superuser), a bulk
load instead: ``session_replication_role = replica`` (no foreign-key triggers: every id written
comes from a join with the table it points to) and the indexes of the four filled tables that
enforce nothing dropped, then built again from their own definitions before the commit; the
primary keys, unique constraints, checks and NOT NULL stay in force throughout. Each stage
prints its time and rows, then ``VACUUM ANALYZE`` and the size of each table
(``pg_total_relation_size`` summed over its partitions).

Then, for each root of ``--roots`` (default: the commune, the province and the whole tree of
``summary.json``), the product's own functions registered for the three keys
(``statistics_sections[key].compute``: ``meetings_figures``, ``assessment_statistics``,
``fees_statistics``) at D: one untimed call, the median of ``--runs`` calls; next to the floor
(``FLOOR_*``), checked to give the same figures on every root:

* meetings: three statements (as ``bench/meetings.py``): meetings by kind and attendance by
  status of the organizations standing under the root's path at D in the year of D, members
  counted at D with unexcused absences from regular meetings in three distinct months;
* assessment: one statement: the latest year with a result decided on or before D, results in
  force (not superseded by a correction decided on or before D) by subject and level, a member
  placed by their official organization on the decision date (the period covering it, else the
  one ending that day), an organization by itself, under the root's path at D;
* fees: one statement (``bench/fees.py``'s, the months given as dates, the members counted
  inline rather than in a CTE): members counted at D with at least three months
  of the year ended on or before D, on whose last day they were members and not exempted,
  without a payment; ``None`` when none of them has a payment of the year. Without the fee
  rules' own exemptions (50 years of party age and the social pension from 02/2026, hardship
  decisions), which no bench member has before 2026.

The floors place organizations standing under the root's path at D only (the bench has no
dissolved or merged organization; ``statistics.placement`` also places those). Prints Markdown
tables (stages, sizes, statistics) and writes everything as JSON to ``--out``.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import time
from collections.abc import Callable
from datetime import date, timedelta
from decimal import ROUND_HALF_UP, Decimal
from functools import partial
from pathlib import Path
from typing import Any
from urllib.parse import urlparse

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
from timing import timed

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.base")

from django.db import connection, transaction

CELL_KINDS = ("cell", "grassroots_cell")
LEVELS = ("excellent", "good", "completed", "not_completed")
OPEN_END = "DATE '9999-12-31'"
# The first day of the 100-point bands (Quy định 366-QĐ/TW, rule assessment.level_min_scores).
SCORES_FROM = date(2025, 8, 30)
# Salts of the draws (added to --seed), so that the areas draw independently.
SALT_FEE_MONTH, SALT_AMOUNT, SALT_CHANNEL = 100_000, 200_000, 300_000
SALT_MEMBER_LEVEL, SALT_ORG_LEVEL, SALT_SCORE = 400_000, 500_000, 600_000


def roll(value: str, salt: str) -> str:
    """SQL: a number from 0 to 99 drawn from ``value`` (an id) and ``salt``, the same on every
    run (``hashint8extended`` is the stable hash of hash partitioning)."""
    return f"((hashint8extended({value}, {salt}) %% 100 + 100) %% 100)"


def level_case(draw: str, excellent: int, good: int, completed: int) -> str:
    """SQL: the level of a draw 0..99 (cumulative percentages)."""
    return (
        f"CASE WHEN {draw} < {excellent} THEN 'excellent' WHEN {draw} < {good} THEN 'good' "
        f"WHEN {draw} < {completed} THEN 'completed' ELSE 'not_completed' END"
    )


def score_case(level: str, draw: str) -> str:
    """SQL: a score inside the 100-point band of the level."""
    return (
        f"CASE {level} WHEN 'excellent' THEN 90 + {draw} %% 11 WHEN 'good' THEN 70 + {draw} %% 20 "
        f"WHEN 'completed' THEN 50 + {draw} %% 20 ELSE 20 + {draw} %% 30 END"
    )


# --- generation ----------------------------------------------------------------------------

WINDOW_PERIODS = f"""
CREATE TEMPORARY TABLE bench_window_periods ON COMMIT DROP AS
SELECT member_id, organization_id, host_organization_id,
       COALESCE(host_organization_id, organization_id) AS attends_at,
       valid_from, COALESCE(valid_to, {OPEN_END}) AS valid_until, status, is_exempted
FROM members_memberperiod
WHERE valid_from <= %(until)s AND COALESCE(valid_to, {OPEN_END}) > %(start)s
"""

# The meeting days of the window: the 5th of every month, the 20th of a quarter's last month.
MEETING_DAYS = """
CREATE TEMPORARY TABLE bench_meeting_days ON COMMIT DROP AS
SELECT held_on, kind FROM (
  SELECT (m + interval '4 days')::date AS held_on, 'regular' AS kind
  FROM generate_series(date_trunc('month', %(since)s::date), %(until)s::date, interval '1 month') m
  UNION ALL
  SELECT (m + interval '19 days')::date, 'thematic'
  FROM generate_series(date_trunc('month', %(since)s::date), %(until)s::date, interval '1 month') m
  WHERE extract(month FROM m) IN (3, 6, 9, 12)
) d
WHERE held_on BETWEEN %(since)s AND %(until)s
"""

# Who is expected at each meeting day, and where (``expected_members``: not exempted; the host
# organization when away on a temporary transfer, as a guest).
EXPECTED = """
SELECT d.held_on, d.kind, p.attends_at, p.member_id, p.host_organization_id, p.status
FROM bench_meeting_days d
JOIN bench_window_periods p
  ON p.valid_from <= d.held_on AND p.valid_until > d.held_on AND NOT p.is_exempted
"""

MEETINGS = f"""
INSERT INTO meetings_meeting (created_at, updated_at, key, kind, held_on, place, topic, agenda,
    minutes, resolution, chaired_by, members_convened, organization_id, recorded_by_id)
SELECT now(), now(),
       'bench-' || e.attends_at || '-' || to_char(e.held_on, 'YYYYMMDD') || '-' || left(e.kind, 1),
       e.kind, e.held_on, '', '', '', '', '', '', e.convened, e.attends_at, NULL
FROM (
  SELECT held_on, kind, attends_at,
         count(*) FILTER (WHERE status = 'official' AND host_organization_id IS NULL) AS convened
  FROM ({EXPECTED}) x
  GROUP BY held_on, kind, attends_at
) e
JOIN organizations_organizationversion v
  ON v.organization_id = e.attends_at AND v.kind = ANY(%(cell_kinds)s)
 AND v.valid_from <= e.held_on AND COALESCE(v.valid_to, {OPEN_END}) > e.held_on
JOIN organizations_organization o ON o.id = e.attends_at AND o.established_on <= e.held_on
ORDER BY e.held_on, e.attends_at
"""

ATTENDANCE_DRAW = roll("e.member_id", "%(seed)s + (e.held_on - DATE '2000-01-01')")
ATTENDANCE = f"""
INSERT INTO meetings_attendance (created_at, updated_at, status, reason, as_guest, held_on, kind,
    member_id, meeting_id, recorded_by_id)
SELECT now(), now(),
       CASE WHEN r.draw < 93 THEN 'present' WHEN r.draw < 98 THEN 'excused' ELSE 'unexcused' END,
       CASE WHEN r.draw >= 93 AND r.draw < 98 THEN 'Ốm' ELSE '' END,
       e.host_organization_id IS NOT NULL, e.held_on, e.kind, e.member_id, m.id, NULL
FROM ({EXPECTED}) e
JOIN meetings_meeting m
  ON m.organization_id = e.attends_at AND m.held_on = e.held_on AND m.kind = e.kind
CROSS JOIN LATERAL (SELECT {ATTENDANCE_DRAW} AS draw) r
WHERE m.held_on BETWEEN %(since)s AND %(until)s
"""

# The meetings' kept counts of their rows (``Meeting.attendance_count``, ``present_count``),
# which the product's writes keep (``meetings.services.attendance_counts_refresh``): the rows
# above are written by SQL, so their meetings are counted here, as the migration that added the
# counts filled them.
ATTENDANCE_COUNTS = """
UPDATE meetings_meeting m
   SET attendance_count = c.rows_, present_count = c.present_
  FROM (SELECT meeting_id, count(*) AS rows_, count(*) FILTER (WHERE status = 'present') AS present_
          FROM meetings_attendance WHERE held_on BETWEEN %(since)s AND %(until)s
         GROUP BY meeting_id) c
 WHERE m.id = c.meeting_id
"""

FEE_MONTHS = """
SELECT m::date AS month, LEAST((m + interval '1 month - 1 day')::date, %(until)s) AS last,
       LEAST((m + interval '9 days')::date, %(until)s) AS paid_on
FROM generate_series(date_trunc('month', %(since)s::date), %(until)s::date, interval '1 month') m
"""
FEE_PAYMENTS = f"""
INSERT INTO fees_feepayment (month, amount, paid_on, channel, reference, recorded_at,
    actor_name, actor_id, member_id, organization_id)
SELECT mo.month, (20 + {roll("p.member_id", f"%(seed)s + {SALT_AMOUNT}")}) * 1000, mo.paid_on,
       CASE WHEN {roll("p.member_id", f"%(seed)s + {SALT_CHANNEL}")} < 20
            THEN 'portal' ELSE 'cash' END,
       '', now(), 'bench', NULL, p.member_id, p.organization_id
FROM ({FEE_MONTHS}) mo
JOIN bench_window_periods p
  ON p.valid_from <= mo.last AND p.valid_until > mo.last AND NOT p.is_exempted
WHERE {roll("p.member_id", f"%(seed)s + {SALT_FEE_MONTH} + (mo.month - DATE '2000-01-01')")}
      >= %(unpaid_percent)s
"""

ROUND = f"""
INSERT INTO assessment_assessmentround (year, opened_on, self_until, review_until, decide_until,
    reference_date, note, recorded_at, actor_name, actor_id, organization_id)
SELECT %(year)s, %(opened_on)s, %(self_until)s, %(review_until)s, %(decide_until)s,
       %(member_day)s, 'bench/national_areas.py', now(), 'bench', NULL, v.organization_id
FROM organizations_organizationversion v
WHERE v.parent_id IS NULL AND v.valid_from <= %(member_day)s
  AND COALESCE(v.valid_to, {OPEN_END}) > %(member_day)s
"""

# The grassroots organization of every organization standing on the members' decision day
# (the innermost grassroots kind on its chain; ``competence.rules.body_at_level``).
GRASSROOTS = f"""
CREATE TEMPORARY TABLE bench_grassroots ON COMMIT DROP AS
WITH RECURSIVE standing AS (
  SELECT organization_id, parent_id, kind FROM organizations_organizationversion
  WHERE valid_from <= %(member_day)s AND COALESCE(valid_to, {OPEN_END}) > %(member_day)s
), chain AS (
  SELECT organization_id,
         CASE WHEN kind = ANY(%(grassroots_kinds)s) THEN organization_id END AS grassroots_id
  FROM standing WHERE parent_id IS NULL
  UNION ALL
  SELECT s.organization_id,
         CASE WHEN s.kind = ANY(%(grassroots_kinds)s) THEN s.organization_id ELSE c.grassroots_id END
  FROM standing s JOIN chain c ON s.parent_id = c.organization_id
)
SELECT organization_id, grassroots_id FROM chain
"""

MEMBER_LEVEL = level_case("r.draw", 13, 88, 99)
MEMBER_RESULTS = f"""
INSERT INTO assessment_assessmentresult (subject, year, level, score, decided_on, note,
    recorded_at, actor_name, actor_id, decided_by_id, member_id, organization_id, supersedes_id)
SELECT 'member', %(year)s, {MEMBER_LEVEL},
       CASE WHEN %(scored)s THEN {score_case(MEMBER_LEVEL, "r.score_draw")} END,
       %(member_day)s, '', now(), 'bench', NULL,
       COALESCE(g.grassroots_id, p.organization_id), p.member_id, p.organization_id, NULL
FROM bench_window_periods p
LEFT JOIN bench_grassroots g ON g.organization_id = p.organization_id
CROSS JOIN LATERAL (
  SELECT {roll("p.member_id", f"%(seed)s + {SALT_MEMBER_LEVEL} + %(year)s")} AS draw,
         {roll("p.member_id", f"%(seed)s + {SALT_SCORE} + %(year)s")} AS score_draw
) r
WHERE p.valid_from <= %(member_day)s AND p.valid_until > %(member_day)s
  AND NOT (p.is_exempted AND %(exempted_not_assessed)s)
ORDER BY p.member_id
"""

ORG_LEVEL = level_case("r.draw", 15, 85, 98)
ORGANIZATION_RESULTS = f"""
INSERT INTO assessment_assessmentresult (subject, year, level, score, decided_on, note,
    recorded_at, actor_name, actor_id, decided_by_id, member_id, organization_id, supersedes_id)
SELECT 'organization', %(year)s, {ORG_LEVEL},
       CASE WHEN %(scored)s THEN {score_case(ORG_LEVEL, "r.score_draw")} END,
       %(organization_day)s, '', now(), 'bench', NULL, v.parent_id, NULL, v.organization_id, NULL
FROM organizations_organizationversion v
CROSS JOIN LATERAL (
  SELECT {roll("v.organization_id", f"%(seed)s + {SALT_ORG_LEVEL} + %(year)s")} AS draw,
         {roll("v.organization_id", f"%(seed)s + {SALT_SCORE} + %(year)s")} AS score_draw
) r
WHERE v.kind = ANY(%(organization_kinds)s) AND v.parent_id IS NOT NULL
  AND v.valid_from <= %(organization_day)s
  AND COALESCE(v.valid_to, {OPEN_END}) > %(organization_day)s
ORDER BY v.organization_id
"""

# What is already stored for the window (the script refuses rather than add to it).
EXISTING = {
    "meetings_meeting": "SELECT count(*) FROM meetings_meeting "
    "WHERE held_on BETWEEN %(since)s AND %(until)s",
    "meetings_attendance": "SELECT count(*) FROM meetings_attendance "
    "WHERE held_on BETWEEN %(since)s AND %(until)s",
    "fees_feepayment": "SELECT count(*) FROM fees_feepayment "
    "WHERE month BETWEEN date_trunc('month', %(since)s::date) AND %(until)s",
    "assessment_assessmentresult": "SELECT count(*) FROM assessment_assessmentresult "
    "WHERE year = %(year)s",
    "assessment_assessmentround": "SELECT count(*) FROM assessment_assessmentround "
    "WHERE year = %(year)s",
}
TABLES = list(EXISTING)
BULK_TABLES = TABLES[:4]

# --- floors --------------------------------------------------------------------------------

# The organizations standing under the root's path at D.
ORGS = f"""
  SELECT organization_id FROM organizations_organizationversion
  WHERE path LIKE %(path)s AND valid_from <= %(on)s AND COALESCE(valid_to, {OPEN_END}) > %(on)s
"""
COUNTED = f"""
  SELECT p.member_id FROM members_memberperiod p
  WHERE p.valid_from <= %(on)s AND COALESCE(p.valid_to, {OPEN_END}) > %(on)s
    AND p.organization_id IN ({ORGS})
"""
FLOOR_MEETINGS = f"""
SELECT kind, count(*) FROM meetings_meeting
WHERE held_on >= %(start)s AND held_on <= %(on)s AND kind IN ('regular', 'thematic')
  AND organization_id IN ({ORGS})
GROUP BY kind
"""
FLOOR_ATTENDANCE = f"""
SELECT a.status, count(*) FROM meetings_attendance a
JOIN meetings_meeting m ON m.id = a.meeting_id
WHERE a.held_on >= %(start)s AND a.held_on <= %(on)s AND a.kind IN ('regular', 'thematic')
  AND m.organization_id IN ({ORGS})
GROUP BY a.status
"""
FLOOR_UNEXCUSED = f"""
SELECT count(*) FROM (
  SELECT a.member_id FROM meetings_attendance a
  WHERE a.status = 'unexcused' AND a.kind = 'regular'
    AND a.held_on >= %(start)s AND a.held_on <= %(on)s AND a.member_id IN ({COUNTED})
  GROUP BY a.member_id HAVING count(DISTINCT date_trunc('month', a.held_on)) >= 3
) due
"""
NOT_SUPERSEDED = """NOT EXISTS (
    SELECT 1 FROM assessment_assessmentresult s
    WHERE s.supersedes_id = r.id AND s.decided_on <= %(on)s)"""
FLOOR_ASSESSMENT = f"""
WITH counts AS (
  SELECT year, subject, level, count(*) AS n FROM (
    SELECT r.year, r.subject, r.level FROM assessment_assessmentresult r
    JOIN members_memberperiod p ON p.member_id = r.member_id AND p.valid_from <= r.decided_on
    JOIN organizations_organizationversion v ON v.organization_id = p.organization_id
    WHERE r.subject = 'member' AND r.decided_on <= %(on)s AND {NOT_SUPERSEDED}
      AND v.path LIKE %(path)s AND v.valid_from <= %(on)s
      AND COALESCE(v.valid_to, {OPEN_END}) > %(on)s
      AND (COALESCE(p.valid_to, {OPEN_END}) > r.decided_on
           OR (p.valid_to = r.decided_on AND NOT EXISTS (
             SELECT 1 FROM members_memberperiod q
             WHERE q.member_id = r.member_id AND q.valid_from <= r.decided_on
               AND COALESCE(q.valid_to, {OPEN_END}) > r.decided_on)))
    UNION ALL
    SELECT r.year, r.subject, r.level FROM assessment_assessmentresult r
    JOIN organizations_organizationversion v ON v.organization_id = r.organization_id
    WHERE r.subject = 'organization' AND r.decided_on <= %(on)s AND {NOT_SUPERSEDED}
      AND v.path LIKE %(path)s AND v.valid_from <= %(on)s
      AND COALESCE(v.valid_to, {OPEN_END}) > %(on)s
  ) found
  GROUP BY year, subject, level
)
SELECT year, subject, level, n FROM counts WHERE year = (SELECT max(year) FROM counts)
"""
FLOOR_FEES = f"""
WITH months AS (
  SELECT * FROM unnest(%(months)s::date[], %(lasts)s::date[]) AS mo(month, last)
)
SELECT
  EXISTS (SELECT 1 FROM fees_feepayment f WHERE f.member_id IN ({COUNTED})
          AND f.month >= %(start)s AND f.month <= %(on)s),
  (SELECT count(*) FROM (
    SELECT q.member_id FROM members_memberperiod q
    JOIN months mo ON q.valid_from <= mo.last AND COALESCE(q.valid_to, {OPEN_END}) > mo.last
    WHERE NOT q.is_exempted AND q.member_id IN ({COUNTED})
      AND NOT EXISTS (
        SELECT 1 FROM fees_feepayment f WHERE f.member_id = q.member_id AND f.month = mo.month
          AND f.month >= %(start)s AND f.month <= %(on)s)
    GROUP BY q.member_id HAVING count(*) >= 3
  ) due)
"""


def floor_meetings(params: dict[str, Any]) -> dict[str, Any]:
    with connection.cursor() as cursor:
        cursor.execute(FLOOR_MEETINGS, params)
        kinds = dict(cursor.fetchall())
        cursor.execute(FLOOR_ATTENDANCE, params)
        statuses = dict(cursor.fetchall())
        cursor.execute(FLOOR_UNEXCUSED, params)
        due = cursor.fetchone()[0]
    total = sum(statuses.values())
    return {
        "regular": kinds.get("regular", 0),
        "thematic": kinds.get("thematic", 0),
        "attendance_percent": float(
            (Decimal(100 * statuses.get("present", 0)) / total).quantize(
                Decimal("0.01"), ROUND_HALF_UP
            )
        )
        if total
        else None,
        "members_with_3_unexcused_months": due,
    }


def floor_assessment(params: dict[str, Any]) -> dict[str, Any] | None:
    with connection.cursor() as cursor:
        cursor.execute(FLOOR_ASSESSMENT, params)
        rows = cursor.fetchall()
    if not rows:
        return None
    found: dict[str, Any] = {
        "year": rows[0][0],
        "members": dict.fromkeys(LEVELS, 0),
        "organizations": dict.fromkeys(LEVELS, 0),
    }
    for _year, subject, level, count in rows:
        found["members" if subject == "member" else "organizations"][level] = count
    return found


def floor_fees(params: dict[str, Any]) -> dict[str, int] | None:
    with connection.cursor() as cursor:
        cursor.execute(FLOOR_FEES, params)
        paid, due = cursor.fetchone()
    return {"members_with_3_unpaid_months": due} if paid else None


FLOORS: dict[str, Callable[[dict[str, Any]], Any]] = {
    "meetings": floor_meetings,
    "assessment": floor_assessment,
    "fees": floor_fees,
}


# --- running -------------------------------------------------------------------------------


def assessment_days(until: date) -> tuple[int, date, date]:
    """The assessment year and its decision days: the last year whose decisions (15 December
    for members, 20 December for organizations) are on or before ``until``."""
    year = until.year if until >= date(until.year, 12, 20) else until.year - 1
    return year, date(year, 12, 15), date(year, 12, 20)


def stage(cursor: Any, name: str, sql: str, params: dict[str, Any]) -> dict[str, Any]:
    """Run one statement; its time and the rows it wrote (printed and returned)."""
    started = time.perf_counter()
    cursor.execute(sql, params)
    seconds = time.perf_counter() - started
    return report_stage(name, cursor.rowcount, seconds)


def report_stage(name: str, rows: int | None, seconds: float) -> dict[str, Any]:
    speed = round(rows / seconds) if rows and seconds else None
    counted = f"{rows:,} rows " if rows is not None else ""
    rate = f" ({speed:,} rows/s)" if speed else ""
    print(f"  {name}: {counted}in {seconds:.1f} s{rate}", flush=True)
    return {"stage": name, "rows": rows, "seconds": round(seconds, 2), "rows_per_second": speed}


SECONDARY_INDEXES = """
SELECT c.relname, pg_get_indexdef(i.indexrelid) FROM pg_index i
JOIN pg_class c ON c.oid = i.indexrelid
WHERE i.indrelid = %s::regclass AND NOT i.indisunique AND NOT i.indisprimary
ORDER BY c.relname
"""


def drop_secondary_indexes(cursor: Any) -> list[str]:
    """``--bulk``: drop the indexes of the filled tables that enforce nothing (not unique, not
    the primary key) and return their definitions, to build them again from the rows at the
    end of the same transaction (a partitioned table's index for all its partitions)."""
    definitions = []
    for table in BULK_TABLES:
        cursor.execute(SECONDARY_INDEXES, [table])
        for name, definition in cursor.fetchall():
            cursor.execute(f'DROP INDEX "{name}"')
            definitions.append(definition.replace(" ON ONLY ", " ON ", 1))
    return definitions


def generate(params: dict[str, Any], work_mem: str, bulk: bool) -> list[dict[str, Any]]:
    with connection.cursor() as cursor:
        existing = {}
        for table, sql in EXISTING.items():
            cursor.execute(sql, params)
            count = cursor.fetchone()[0]
            if count:
                existing[table] = count
        if existing:
            raise SystemExit(
                f"refused: rows already stored for {params['since']}…{params['until']} "
                f"(assessment year {params['year']}): "
                + ", ".join(f"{table} {count:,}" for table, count in existing.items())
                + "; use --skip-generate to time the statistics, or a fresh database"
            )
    stages = []
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute(
            "SELECT set_config('work_mem', %s, true), set_config('maintenance_work_mem', %s, true)",
            [work_mem, work_mem],
        )
        # Django's foreign keys are deferred to the commit: checked in each stage's time instead.
        cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
        definitions: list[str] = []
        if bulk:
            # The foreign-key triggers off (superuser): every id written comes from a join with
            # the table it points to, in this transaction.
            cursor.execute("SET LOCAL session_replication_role = replica")
            started = time.perf_counter()
            definitions = drop_secondary_indexes(cursor)
            stages.append(
                report_stage(
                    f"drop {len(definitions)} indexes", None, time.perf_counter() - started
                )
            )
        stages.append(stage(cursor, "window periods", WINDOW_PERIODS, params))
        cursor.execute("ANALYZE bench_window_periods")
        cursor.execute(MEETING_DAYS, params)
        cursor.execute("ANALYZE bench_meeting_days")
        stages.append(stage(cursor, "meetings", MEETINGS, params))
        cursor.execute("ANALYZE meetings_meeting")
        stages.append(stage(cursor, "attendance", ATTENDANCE, params))
        stages.append(stage(cursor, "attendance counts", ATTENDANCE_COUNTS, params))
        stages.append(stage(cursor, "fee payments", FEE_PAYMENTS, params))
        stages.append(stage(cursor, "assessment round", ROUND, params))
        stages.append(stage(cursor, "grassroots map", GRASSROOTS, params))
        stages.append(stage(cursor, "member results", MEMBER_RESULTS, params))
        stages.append(stage(cursor, "organization results", ORGANIZATION_RESULTS, params))
        if definitions:
            started = time.perf_counter()
            for definition in definitions:
                cursor.execute(definition)
            stages.append(
                report_stage(
                    f"build {len(definitions)} indexes", None, time.perf_counter() - started
                )
            )
        started = time.perf_counter()
    stages.append(report_stage("commit", None, time.perf_counter() - started))
    started = time.perf_counter()
    with connection.cursor() as cursor:
        for table in TABLES:
            cursor.execute(f"VACUUM (ANALYZE) {table}")
    stages.append(report_stage("vacuum analyze", None, time.perf_counter() - started))
    return stages


def table_sizes() -> dict[str, dict[str, Any]]:
    sizes = {}
    with connection.cursor() as cursor:
        for table in TABLES:
            cursor.execute(
                "SELECT size, pg_size_pretty(size), partitions FROM ("
                "  SELECT COALESCE(sum(pg_total_relation_size(relid)),"
                "                  pg_total_relation_size(%(t)s::regclass)) AS size,"
                "         count(*) FILTER (WHERE isleaf) AS partitions"
                "  FROM pg_partition_tree(%(t)s::regclass)) s",
                {"t": table},
            )
            size, pretty, partitions = cursor.fetchone()
            cursor.execute(f"SELECT count(*) FROM {table}")
            rows = cursor.fetchone()[0]
            sizes[table] = {
                "rows": rows,
                "bytes": int(size),
                "size": pretty,
                "bytes_per_row": round(int(size) / rows) if rows else None,
                "partitions": partitions,
            }
    return sizes


def measure(codes: list[str], on: date, runs: int) -> dict[str, Any]:
    from dangvien.organizations.models import Organization, OrganizationVersion
    from dangvien.statistics.sections import statistics_sections

    results: dict[str, Any] = {}
    for code in codes:
        root = Organization.objects.get(code=code)
        path = OrganizationVersion.objects.at(on).get(organization=root).path
        lasts = [
            date(on.year, month + 1, 1) - timedelta(days=1) if month < 12 else date(on.year, 12, 31)
            for month in range(1, 13)
        ]
        params: dict[str, Any] = {
            "path": path + "%",
            "on": on,
            "start": date(on.year, 1, 1),
            # the months of the year of D ended on or before D, and their last days
            "months": [last.replace(day=1) for last in lasts if last <= on],
            "lasts": [last for last in lasts if last <= on],
        }
        with connection.cursor() as cursor:
            cursor.execute(f"SELECT count(*) FROM ({COUNTED}) c", params)
            counted = cursor.fetchone()[0]
        areas = {}
        for key, floor in FLOORS.items():
            compute = statistics_sections[key].compute
            ours, value = timed(partial(compute, root, on), runs)
            base, expected = timed(partial(floor, params), runs)
            compared = (
                {k: v for k, v in value.items() if k in expected}
                if isinstance(value, dict) and isinstance(expected, dict)
                else value
            )
            areas[key] = {
                "function": f"{compute.__module__}.{compute.__qualname__}",
                "ms": round(ours * 1000, 1),
                "floor_ms": round(base * 1000, 1),
                "agrees": compared == expected,
                "value": value,
                "floor": expected,
            }
            print(
                f"  {code} {key}: {areas[key]['ms']} ms vs floor {areas[key]['floor_ms']} ms, "
                f"floor agrees={areas[key]['agrees']}: {value}",
                flush=True,
            )
        results[code] = {"members_total": counted, "areas": areas}
    return results


def markdown(report: dict[str, Any]) -> str:
    lines = [
        f"Generated {report['since']} … {report['until']} (assessment year "
        f"{report['assessment_year']}) on {report['database']}, {report['members_at_d']:,} "
        f"members at D = {report['on']}",
        "",
        "| stage | rows | s | rows/s |",
        "|---|---:|---:|---:|",
    ]
    for row in report.get("stages", []):
        rows = f"{row['rows']:,}" if row["rows"] is not None else ""
        speed = f"{row['rows_per_second']:,}" if row.get("rows_per_second") else ""
        lines.append(f"| {row['stage']} | {rows} | {row['seconds']} | {speed} |")
    lines += ["", "| table | rows | size | bytes/row | partitions |", "|---|---:|---:|---:|---:|"]
    for table, size in report["sizes"].items():
        lines.append(
            f"| {table} | {size['rows']:,} | {size['size']} | {size['bytes_per_row'] or ''} "
            f"| {size['partitions']} |"
        )
    lines += [
        "",
        "| root | members | key | product ms | floor ms | ratio | agrees |",
        "|---|---:|---|---:|---:|---:|---|",
    ]
    for code, result in report["statistics"].items():
        for key, area in result["areas"].items():
            ratio = area["ms"] / area["floor_ms"] if area["floor_ms"] else float("nan")
            lines.append(
                f"| {code} | {result['members_total']:,} | {key} | {area['ms']} "
                f"| {area['floor_ms']} | {ratio:.1f}× | {'yes' if area['agrees'] else 'NO'} |"
            )
    return "\n".join(lines)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--database-url", default="", help="default: $DATABASE_URL")
    parser.add_argument("--summary", default="/tmp/bundle-100k/summary.json")
    parser.add_argument(
        "--since", default="", help="first day generated (default: --until - 1 year + 1 day)"
    )
    parser.add_argument(
        "--until", default="", help="last day generated and D (default: the bundle's day)"
    )
    parser.add_argument(
        "--roots", default="", help="CODE,CODE,… (default: the roots of summary.json)"
    )
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--seed", type=int, default=None, help="default: the bundle's seed")
    parser.add_argument(
        "--unpaid-percent",
        type=int,
        default=5,
        help="share of member-months left unpaid (0: every member pays every month)",
    )
    parser.add_argument("--work-mem", default="256MB", help="work_mem of the generation")
    parser.add_argument(
        "--bulk",
        action="store_true",
        help="load as a bulk load: foreign-key triggers off, the non-unique indexes of the "
        "filled tables dropped and built again at the end of the transaction (superuser)",
    )
    parser.add_argument("--skip-generate", action="store_true", help="time the statistics only")
    parser.add_argument("--out", default="", help="JSON file (default: next to summary.json)")
    args = parser.parse_args()
    url = args.database_url or os.environ.get("DATABASE_URL", "")
    if not url.startswith(("postgres://", "postgresql://")):
        raise SystemExit("a PostgreSQL --database-url (or DATABASE_URL) is required")
    os.environ["DATABASE_URL"] = url
    import django

    django.setup()
    from dangvien.assessment.rule_keys import NOT_ASSESSED, ORGANIZATION_KINDS
    from dangvien.organizations.choices import GRASSROOTS_KINDS

    summary_path = Path(args.summary)
    summary = json.loads(summary_path.read_text()) if summary_path.exists() else {}
    if not (args.until or summary):
        raise SystemExit(f"{summary_path} not found: give --until and --roots")
    until = date.fromisoformat(args.until or summary["as_of"])
    since = (
        date.fromisoformat(args.since)
        if args.since
        else date(until.year - 1, until.month, until.day) + timedelta(days=1)
    )
    codes = args.roots.split(",") if args.roots else list(summary["roots"].values())
    year, member_day, organization_day = assessment_days(until)
    params: dict[str, Any] = {
        "since": since,
        "until": until,
        "start": min(since, member_day),
        "seed": args.seed if args.seed is not None else summary.get("seed", 20250630),
        "unpaid_percent": args.unpaid_percent,
        "cell_kinds": list(CELL_KINDS),
        "grassroots_kinds": sorted(GRASSROOTS_KINDS),
        "organization_kinds": list(ORGANIZATION_KINDS(on=organization_day)),
        "exempted_not_assessed": "exempted" in NOT_ASSESSED(on=member_day),
        "year": year,
        "opened_on": date(year, 11, 1),
        "self_until": date(year, 11, 30),
        "review_until": date(year, 12, 10),
        "decide_until": date(year, 12, 31),
        "member_day": member_day,
        "organization_day": organization_day,
        "scored": member_day >= SCORES_FROM,
    }
    database = urlparse(url).path.lstrip("/")
    report: dict[str, Any] = {
        "database": database,
        "since": since.isoformat(),
        "until": until.isoformat(),
        "on": until.isoformat(),
        "assessment_year": year,
        "seed": params["seed"],
        "unpaid_percent": args.unpaid_percent,
    }
    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT count(*) FROM members_memberperiod WHERE valid_from <= %s "
            f"AND COALESCE(valid_to, {OPEN_END}) > %s",
            [until, until],
        )
        report["members_at_d"] = cursor.fetchone()[0]
    if not args.skip_generate:
        print(f"generating {since} … {until}, assessment year {year} in {database}:", flush=True)
        report["stages"] = generate(params, args.work_mem, args.bulk)
    report["sizes"] = table_sizes()
    print(f"statistics at {until} (median of {args.runs} warm calls):", flush=True)
    report["statistics"] = measure(codes, until, args.runs)
    out = Path(args.out) if args.out else summary_path.parent / f"national-areas-{database}.json"
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(json.dumps(report, indent=2, default=str), encoding="utf-8")
    print()
    print(markdown(report))
    print(f"\nwritten {out}")


if __name__ == "__main__":
    main()
