"""System maintenance of the derived periods (no actor: nothing a user did; a rewrite is
audited all the same, the data changed)."""

from __future__ import annotations

from typing import Any

from django.db import transaction
from django.db.models import F, Q, QuerySet

from dangvien.audit.services import AuditAction, record
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
    unless ``verify_only``), periods in organizations that do not exist on their dates
    (``orphaned``: not mended by a rebuild). System maintenance, without an actor; each batch
    that rewrote periods records one audit row (``UPDATE``, the count in its message) in its
    transaction: the log says the periods changed, and what is kept until the next change of
    the data (``audit.selectors.cached_until_write``) is computed again.
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
            rewritten = 0
            for member_id, entries in ledgers.items():
                checked += 1
                rows = replay(entries, rules, deviations=[])[1] if entries else []
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
                        rewritten += 1
            if rewritten:
                record(
                    actor=None,
                    action=AuditAction.UPDATE,
                    object_repr=f"rebuild_member_periods: {rewritten}",
                    message=f"rebuild_member_periods: the periods of {rewritten} members "
                    "rewritten from their ledgers",
                )
    return {
        "checked": checked,
        "differing": differing,
        "orphaned": periods_outside_their_organizations().count(),
    }


def _outside(field: str) -> Q:
    """Periods that name ``field`` (organization, host, transit) on a day it did not exist:
    before its founding, or after its end (dissolved or merged on E: gone at the end of E, so a
    period there ends on E at the latest)."""
    return Q(**{f"{field}__isnull": False}) & (
        Q(valid_from__lt=F(f"{field}__established_on"))
        | (
            Q(**{f"{field}__dissolved_on__isnull": False})
            & (Q(valid_to__isnull=True) | Q(valid_to__gt=F(f"{field}__dissolved_on")))
        )
    )


def periods_outside_their_organizations() -> QuerySet[MemberPeriod]:
    """Stored periods in (or hosted by, or in transit to) an organization that does not exist
    on their dates: members no statistics count. The ledger that implies them is wrong, so
    rebuilding cannot mend them; ``rebuild_member_periods --verify`` reports them."""
    return MemberPeriod.objects.filter(
        _outside("organization") | _outside("host_organization") | _outside("transit_to")
    )
