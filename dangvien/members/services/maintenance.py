"""System maintenance of the derived periods (no actor, no audit row: nothing a user did)."""

from __future__ import annotations

from typing import Any

from django.db import transaction

from dangvien.members.models import (
    Member,
    MemberEvent,
    MemberPeriod,
)
from dangvien.members.services.ledger import (
    _rewrite_periods,
)
from dangvien.members.transitions import LedgerEntry, replay


def rebuild_member_periods(*, verify_only: bool = False, batch_size: int = 2000) -> dict[str, int]:
    """Replay every member's ledger and compare with (or rewrite) the stored periods.

    Returns counts: members checked, members whose stored periods differed (and were rewritten
    unless ``verify_only``). System maintenance: no actor, no audit row (nothing a user did).
    """
    from dangvien.rules.selectors import RuleBook

    rules = RuleBook()
    checked = differing = 0
    member_ids = list(Member.objects.order_by("pk").values_list("pk", flat=True))
    for start in range(0, len(member_ids), batch_size):
        ids = member_ids[start : start + batch_size]
        ledgers: dict[int, list[LedgerEntry]] = {i: [] for i in ids}
        for row in (
            MemberEvent.objects.filter(member_id__in=ids)
            .order_by("effective_on", "id")
            .values_list(
                "pk", "member_id", "type", "effective_on", "organization_id", "corrects_id"
            )
        ):
            ledgers[row[1]].append(LedgerEntry(row[0], row[2], row[3], row[4], row[5]))
        sexes = dict(Member.objects.filter(pk__in=ids).values_list("pk", "sex"))
        stored: dict[int, list[tuple[Any, ...]]] = {i: [] for i in ids}
        for p in MemberPeriod.objects.filter(member_id__in=ids).order_by("member_id", "valid_from"):
            stored[p.member_id].append(
                (
                    p.organization_id,
                    p.valid_from,
                    p.valid_to,
                    p.status,
                    p.is_exempted,
                    p.host_organization_id,
                    p.transit_to_id,
                    p.sex,
                )
            )
        with transaction.atomic():
            for member_id, entries in ledgers.items():
                checked += 1
                rows = replay(entries, rules)[1] if entries else []
                expected = [
                    (
                        r.organization_id,
                        r.valid_from,
                        r.valid_to,
                        r.status,
                        r.is_exempted,
                        r.host_organization_id,
                        r.transit_to_id,
                        sexes[member_id],
                    )
                    for r in rows
                ]
                if expected != stored[member_id]:
                    differing += 1
                    if not verify_only:
                        _rewrite_periods(Member(pk=member_id, sex=sexes[member_id]), rows)
    return {"checked": checked, "differing": differing}
