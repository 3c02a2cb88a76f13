"""A past day's statistics page while the data keeps changing today (issue 19).

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/NAME .venv/bin/python bench/kept_days.py \\
        --code P01 --as-of 2025-06-30 --rounds 3 [--root /tmp/before]

On a database with the newer areas (``bench/national_areas.py``), as a system administrator
with ``django.test.Client`` and the production settings (``config.settings.base``; its file
cache emptied first): opens the statistics page of ``--code`` at ``--as-of``, then, each round,
records what a cell records every day — a meeting held today with its attendance, then a
member's payment for a month after ``--as-of`` — and opens the page again; at the end a late
payment for a month up to ``--as-of`` (a change of that day's figures), and the page once more.
Prints one JSON line: the code's root and the wall time of each opening (ms). ``--root`` runs
another checkout of the code with the same virtual environment (a before/after on the same
database). Writes into the database: run it on a copy.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import time
from datetime import date, timedelta
from pathlib import Path

from timing import in_process_checkout


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--code", required=True)
    parser.add_argument("--as-of", required=True, type=date.fromisoformat)
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--root", default=str(Path(__file__).resolve().parent.parent))
    args = parser.parse_args()

    os.environ["DANGVIEN_COUNT_AHEAD"] = "false"  # no background counting queued by the writes
    in_process_checkout(args.root)
    from django.conf import settings
    from django.test import Client

    from dangvien.accounts.models import User
    from dangvien.core.dates import today
    from dangvien.core.exceptions import ValidationFailed
    from dangvien.fees.models import FeePayment
    from dangvien.fees.services import fee_payment_record
    from dangvien.meetings.services import AttendanceEntry, attendance_take, meeting_record
    from dangvien.members.models import Member, MemberPeriod
    from dangvien.organizations.models import Organization, OrganizationVersion

    location = settings.CACHES["default"].get("LOCATION")
    if location and Path(location).is_dir():
        shutil.rmtree(location)
    admin = User.objects.filter(is_superuser=True, is_active=True).first()
    if admin is None:
        admin = User.objects.create_superuser("bench-kept", password="bench-kept-password")
    client = Client()
    client.force_login(admin)
    root = Organization.objects.get(code=args.code)
    path = OrganizationVersion.objects.at(today()).get(organization=root).path
    # cells of the subtree today with members, and their members
    periods = MemberPeriod.objects.at(today()).filter(
        organization__versions__path__startswith=path,
        organization__versions__valid_to__isnull=True,
        organization__versions__kind="cell",
    )
    cells = list(periods.values_list("organization_id", flat=True).distinct()[: args.rounds + 1])
    url = f"/org/{args.code}/statistics/?as_of={args.as_of.isoformat()}"

    def opened() -> float:
        start = time.perf_counter()
        response = client.get(url)
        assert response.status_code == 200, response.status_code
        return round((time.perf_counter() - start) * 1000, 1)

    def unpaid_month(member_id: int, months: list[date]) -> date | None:
        paid = set(FeePayment.objects.filter(member_id=member_id).values_list("month", flat=True))
        return next((month for month in months if month not in paid), None)

    after = [date(args.as_of.year + (args.as_of.month + k) // 12, (args.as_of.month + k) % 12 + 1, 1)
             for k in range(0, 12)]  # fmt: skip
    rounds: list[float] = []
    times: dict[str, object] = {"first": opened(), "again": opened(), "rounds": rounds}
    for cell_id in cells[: args.rounds]:
        cell = Organization.objects.get(pk=cell_id)
        members = list(
            Member.objects.filter(
                pk__in=periods.filter(organization=cell, is_exempted=False).values("member_id")
            )
        )
        meeting = meeting_record(actor=admin, organization=cell, kind="regular", held_on=today())
        attendance_take(
            actor=admin,
            meeting=meeting,
            entries=[AttendanceEntry(member, "present") for member in members],
        )
        for member in members:
            month = unpaid_month(member.pk, [m for m in after if m <= today()])
            if month is not None:
                fee_payment_record(
                    actor=admin, member=member, month=month, amount=5_000, paid_on=today()
                )
                break
        rounds.append(opened())
    # a late payment for a month up to the day read: that day's figures change
    late_cell = Organization.objects.get(pk=cells[-1])
    before = [date(args.as_of.year, month, 1) for month in range(1, args.as_of.month + 1)]
    late = None
    for member_id in periods.filter(organization=late_cell).values_list("member_id", flat=True):
        month = unpaid_month(member_id, before)
        if month is not None:
            try:
                fee_payment_record(
                    actor=admin,
                    member=Member.objects.get(pk=member_id),
                    month=month,
                    amount=5_000,
                    paid_on=today() - timedelta(days=1),
                )
            except ValidationFailed:
                continue  # not a member that month (joined later): the next one
            late = (member_id, month.isoformat())
            break
    times["after a payment for a month up to that day"] = opened()
    print(
        json.dumps({"root": args.root, "url": url, "late": late, "ms": times}, ensure_ascii=False)
    )


if __name__ == "__main__":
    main()
