"""Load benchmark: the pages people use most, under concurrent logged-in users (issue 19).

    .venv/bin/python bench/load.py --database-url postgres://postgres@127.0.0.1:5432/NAME \\
        --host http://127.0.0.1:8107 --users 20 --seconds 60

The server is started separately, in the production shape (``make serve``, same
``DATABASE_URL``), on a database holding a bench bundle (``bench/README.md``). This script:

1. prepares three log-ins on that database, one per scope: ``bench-admin`` (the whole tree),
   ``bench-province`` (staff of the large province of ``summary.json``) and ``bench-commune``
   (staff of its commune), and picks, within each scope, the organizations and members the
   pages will show (the largest organizations for the member list, members of the scope for
   the member page, name prefixes of members of the scope, without diacritics, for the
   search);
2. runs locust headless (``bench/locustfile.py``) on the loopback only, for ``--seconds``,
   with ``--users`` simulated officers spread evenly over the scopes, started
   ``--spawn-rate`` a second (each logs in first: its log-in is counted apart), each opening
   one page after another without pause (``--think`` adds a pause);
3. prints a Markdown table: per page and scope, requests, requests/s, median, p95, p99, max
   and failures, plus the totals; the CSV of locust is kept in ``--out``.
"""

from __future__ import annotations

import argparse
import csv
import json
import os
import subprocess
import sys
import unicodedata
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PASSWORD = "dangvien-bench-load"  # a throw-away account of a bench database
WEIGHTS = {
    "home": 4,
    "inbox": 4,  # what the home page asks for right after it loads (htmx)
    "tree": 3,
    "organization": 4,
    "member list": 3,
    "member search": 3,
    "member": 4,
    "statistics": 2,
    "dashboard": 1,
}


def _ascii(text: str) -> str:
    decomposed = unicodedata.normalize("NFD", text.replace("đ", "d").replace("Đ", "D"))
    return "".join(c for c in decomposed if not unicodedata.combining(c))


def prepare(database_url: str, whole: str, province: str, commune: str, as_of: str) -> dict:
    """Create the log-ins and pick each scope's pages (in a child with the bench database)."""
    os.environ["DATABASE_URL"] = database_url
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.base")
    sys.path.insert(0, str(ROOT))
    import django

    django.setup()
    from datetime import date

    from django.db import connection

    from dangvien.accounts.models import RoleAssignment, User
    from dangvien.organizations.models import Organization

    scopes = []
    for label, username, code in [
        ("whole tree", "bench-admin", None),
        ("province", "bench-province", province),
        ("commune", "bench-commune", commune),
    ]:
        user, _ = User.objects.get_or_create(username=username)
        user.is_superuser = user.is_staff = code is None
        user.set_password(PASSWORD)
        user.save()
        root = Organization.objects.get(code=code or whole)
        if code:
            RoleAssignment.objects.get_or_create(
                user=user,
                organization=root,
                role="staff",
                defaults={"valid_from": date(2000, 1, 1)},
            )
        with connection.cursor() as cursor:
            cursor.execute(
                """
                SELECT v.path FROM organizations_organizationversion v
                WHERE v.organization_id = %s AND v.valid_from <= %s
                  AND (v.valid_to IS NULL OR v.valid_to > %s)
                """,
                [root.pk, as_of, as_of],
            )
            path = cursor.fetchone()[0]
            cursor.execute(
                """
                SELECT o.code FROM organizations_organizationversion v
                JOIN organizations_organization o ON o.id = v.organization_id
                WHERE v.path LIKE %s AND v.valid_from <= %s AND (v.valid_to IS NULL OR v.valid_to > %s)
                ORDER BY length(v.path), v.path LIMIT 20
                """,
                [path + "%", as_of, as_of],
            )
            near = [row[0] for row in cursor.fetchall()]
            cursor.execute(
                """
                SELECT m.id, m.full_name FROM members_memberperiod p
                JOIN organizations_organizationversion v ON v.organization_id = p.organization_id
                JOIN members_member m ON m.id = p.member_id
                WHERE v.path LIKE %s AND v.valid_from <= %s AND (v.valid_to IS NULL OR v.valid_to > %s)
                  AND p.valid_from <= %s AND (p.valid_to IS NULL OR p.valid_to > %s)
                ORDER BY m.id LIMIT 200
                """,
                [path + "%", as_of, as_of, as_of, as_of],
            )
            members = cursor.fetchall()
        # the scope's root and the organizations right under it; members of the scope
        top = root.code
        names = sorted({_ascii(" ".join(name.split()[-2:])).lower() for _pk, name in members})
        scopes.append(
            {
                "label": label,
                "username": username,
                "pages": {
                    "home": "/",
                    "inbox": "/inbox/",
                    "tree": [f"/tree/{c}/children/" for c in near[:10]],
                    "organization": [f"/org/{c}/" for c in near[:10]],
                    "member list": f"/org/{top}/members/",
                    "member search": [f"/members/?q={n.replace(' ', '+')}" for n in names[:50]],
                    "member": [f"/member/{pk}/" for pk, _name in members[:100]],
                    "statistics": f"/org/{top}/statistics/",
                    "dashboard": f"/org/{top}/dashboard/",
                },
            }
        )
    return {"password": PASSWORD, "weights": WEIGHTS, "scopes": scopes}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[1])
    parser.add_argument("--database-url", required=True)
    parser.add_argument("--bundle", required=True, help="the bundle folder (its summary.json)")
    parser.add_argument("--host", default="http://127.0.0.1:8107")
    parser.add_argument("--users", type=int, default=20)
    parser.add_argument("--seconds", type=int, default=60)
    parser.add_argument(
        "--spawn-rate", type=float, default=2.0, help="users started per second (log-ins)"
    )
    parser.add_argument("--think", type=float, default=0.0, help="seconds between pages")
    parser.add_argument("--pages", default=",".join(WEIGHTS), help="pages to open, by name")
    parser.add_argument(
        "--scopes", default="whole tree,province,commune", help="scopes to log in as, by label"
    )
    parser.add_argument("--out", default="/tmp/dangvien-load")
    args = parser.parse_args()
    if not args.host.startswith(("http://127.", "http://localhost")):
        parser.error("--host: loopback only")

    summary = json.loads((Path(args.bundle) / "summary.json").read_text())
    out = Path(args.out)
    out.mkdir(parents=True, exist_ok=True)
    plan = prepare(
        args.database_url,
        summary["roots"]["whole"],
        summary["roots"]["province"],
        summary["roots"]["commune"],
        summary["as_of"],
    )
    chosen = set(args.pages.split(","))
    plan["weights"] = {k: v for k, v in WEIGHTS.items() if k in chosen}
    plan["think_min"] = plan["think_max"] = args.think
    plan["scopes"] = [s for s in plan["scopes"] if s["label"] in args.scopes.split(",")]
    (out / "plan.json").write_text(json.dumps(plan, ensure_ascii=False, indent=1))

    command = [
        str(ROOT / ".venv" / "bin" / "locust"),
        "-f", str(ROOT / "bench" / "locustfile.py"),
        "--headless", "--only-summary",
        "--host", args.host,
        "--users", str(args.users),
        "--spawn-rate", str(args.spawn_rate),
        "--run-time", f"{args.seconds}s",
        "--stop-timeout", "10",
        "--csv", str(out / "load"),
    ]  # fmt: skip
    print("$", " ".join(command), file=sys.stderr)
    env = {**os.environ, "DANGVIEN_LOAD_PLAN": str(out / "plan.json")}
    subprocess.run(command, env=env, check=False, timeout=args.seconds + 120)

    rows = list(csv.DictReader((out / "load_stats.csv").open(encoding="utf-8")))
    print(f"\n{args.users} users, {args.seconds} s, {args.host}\n")
    print("| page | requests | req/s | median ms | p95 ms | p99 ms | max ms | failures |")
    print("|---|---:|---:|---:|---:|---:|---:|---:|")
    for row in sorted(rows, key=lambda r: (r["Name"] == "Aggregated", r["Name"])):
        if row["Name"] in ("login", "login form"):
            continue
        print(
            f"| {row['Name']} | {row['Request Count']} | {float(row['Requests/s']):.1f} "
            f"| {row['50%']} | {row['95%']} | {row['99%']} | {float(row['Max Response Time']):.0f} "
            f"| {row['Failure Count']} |"
        )


if __name__ == "__main__":
    main()
