"""The one path of every lifecycle event.

``_record_event``: lock the member, authorize on each organization touched, append the event,
replay the whole ledger with the state machine and the rulebook (refusing the event if the
replay fails), rewrite the member's periods, and write one audit row, all in one transaction.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from typing import Any

from django.db import transaction
from django.utils.translation import gettext as _

from dangvien.accounts.permissions import Permission
from dangvien.accounts.scoping import require
from dangvien.accounts.types import Actor
from dangvien.audit.services import AuditAction, record, recorded_by
from dangvien.competence.selectors import require_competent
from dangvien.core.dates import refuse_future, today
from dangvien.core.decisions import NO_DECISION, Decision
from dangvien.core.exceptions import ValidationFailed
from dangvien.core.formatting import vn_date
from dangvien.core.verdicts import enforce
from dangvien.members import rules
from dangvien.members.choices import MemberEventType
from dangvien.members.models import (
    Member,
    MemberEvent,
    MemberPeriod,
)
from dangvien.members.permissions import MemberPermission
from dangvien.members.rule_keys import ORGANIZATION_KINDS
from dangvien.members.selectors import (
    home_organization,
    member_entries,
)
from dangvien.members.transitions import LedgerEntry, PeriodRow, replay
from dangvien.organizations.models import Organization, OrganizationVersion
from dangvien.rules.selectors import rule_lookup

E = MemberEventType


TRANSFER = MemberPermission.TRANSFER


CHANGE = MemberPermission.CHANGE


def _check_holds_members(organization: Organization, on: date, field: str = "organization") -> None:
    """The organization a member joins on ``on`` holds members that day and has not ended since.

    Its row is locked first (``organization_merge``, ``organization_dissolve`` … lock it too),
    so a merge or a dissolution racing this write is serialized with it, and what is read below
    is what the other committed: a member cannot join an organization whose members were
    already passed on (a period in an organization that no longer exists). The callers lock
    the organizations before the member (``_lock``), the order the restructuring services
    follow (organizations, then their members)."""
    ended = (
        Organization.objects.select_for_update()
        .filter(pk=organization.pk)
        .values_list("dissolved_on", flat=True)
        .first()
    )
    state = OrganizationVersion.objects.at(on).filter(organization=organization).first()
    enforce(
        rules.joining_verdict(
            organization.code,
            on,
            kind=state.kind if state is not None else None,
            holding_kinds=ORGANIZATION_KINDS(on=on),
            name=state.name if state is not None else "",
            field=field,
        )
    )
    if ended is not None:
        # it exists on ``on`` (checked above) but ended later: its members were passed on (or
        # it had none) when it ended, so one joining it now would stay in it after its end
        raise ValidationFailed(
            _(
                "%(name)s ended on %(date)s; record the member in the organization that holds "
                "its members now."
            )
            % {
                "name": state.name if state is not None else organization.code,
                "date": vn_date(ended),
            },
            code="organization_ended",
            field=field,
        )


def _rewrite_periods(member: Member, rows: list[PeriodRow]) -> None:
    """Replace the member's periods by ``rows`` (with the member's sex copied onto them)."""
    MemberPeriod.objects.filter(member=member).delete()
    MemberPeriod.objects.bulk_create(
        MemberPeriod(
            member=member,
            organization_id=r.organization_id,
            valid_from=r.valid_from,
            valid_to=r.valid_to,
            status=r.status,
            is_exempted=r.is_exempted,
            host_organization_id=r.host_organization_id,
            transit_to_id=r.transit_to_id,
            sex=member.sex,
        )
        for r in rows
    )


def _period_snapshot(rows: list[PeriodRow]) -> list[dict[str, Any]]:
    return [
        {
            "organization": r.organization_id,
            "from": r.valid_from.isoformat(),
            "to": r.valid_to.isoformat() if r.valid_to else None,
            "status": r.status,
            "exempted": r.is_exempted,
            "host": r.host_organization_id,
            "transit_to": r.transit_to_id,
        }
        for r in rows
    ]


def with_current(member: Member, *parties: Organization | None) -> list[Organization | None]:
    """``parties`` and the member's organization today (their last one if they left), once."""
    current = home_organization(member, today())
    if current is not None and all(p is None or p.pk != current.pk for p in parties):
        return [*parties, current]
    return list(parties)


def authorize(actor: Actor, action: Permission, parties: Sequence[Organization | None]) -> None:
    """``actor`` holds ``action`` on every organization of ``parties`` (``None``: the member had
    no organization that day, a refusal)."""
    for org in parties:
        if org is None:
            raise ValidationFailed(
                _("The member has no organization on that date."),
                code="no_organization",
                field="effective_on",
            )
        require(actor, action, org)


def authorize_member_write(
    actor: Actor, action: Permission, member: Member, *parties: Organization | None
) -> None:
    """The one scope check of a write about a member (ledger events, corrections, the card
    register, badges, whatever path calls them: web, API, import, decision appliers): the actor
    holds ``action`` on each organization the write concerns on its effective date
    (``parties``) AND on the member's organization today. Back-dating a write to a day when
    the member stood in the actor's scope must not reach a member who has since left it."""
    authorize(actor, action, with_current(member, *parties))


def _lock(member: Member) -> Member:
    """The member's row locked for the transaction: a service reads the member's state and
    organization only after this, so that two writes about one member are serialized."""
    return Member.objects.select_for_update().get(pk=member.pk)


def _require_decided(
    actor: Actor,
    kind: str,
    member: Member,
    on: date,
    *,
    organization: Organization | None = None,
    target: Organization | None = None,
) -> None:
    """Competence: only a user acting for the body that decides ``kind`` (``competence``'s
    dated rule, about the member's organization on ``on``) records the decision; others go
    through a proposal (``decisions``)."""
    where = organization or home_organization(member, on)
    if where is None:
        raise ValidationFailed(
            _("The member has no organization on that date."),
            code="no_organization",
            field="effective_on",
        )
    require_competent(actor, kind, where, on, target=target)


@transaction.atomic
def _record_event(
    *,
    actor: Actor,
    member: Member,
    type: str,
    effective_on: date,
    action: Permission,
    organization: Organization | None = None,
    from_organization: Organization | None = None,
    decision: Decision = NO_DECISION,
    note: str = "",
    data: dict[str, Any] | None = None,
    corrects: MemberEvent | None = None,
    authorize_on: Sequence[Organization | None] | None = None,
) -> MemberEvent:
    member = _lock(member)
    refuse_future(effective_on, "effective_on")
    if authorize_on is not None:
        # the services that name the parties (both sides of a transfer, the receiving side, the
        # re-admitting cell) say whose right the event needs
        authorize(actor, action, authorize_on)
    else:
        authorize_member_write(actor, action, member, home_organization(member, effective_on))
    if organization is None:
        # Events such as an exemption or an exit concern the member's organization at the time:
        # recording it keeps them visible (and scoped) in the timeline of that organization.
        organization = home_organization(member, effective_on)
    entries = member_entries(member)
    # the stored ledger stands as recorded (a lenient import may have recorded a deviation);
    # the new entry must keep every rule
    before_rows = replay(entries, rule_lookup, deviations=[])[1] if entries else []
    candidate = LedgerEntry(
        10**18,
        type,
        effective_on,
        organization.pk if organization else None,
        corrects.pk if corrects else None,
    )
    _state, rows = replay([*entries, candidate], rule_lookup, deviations=[], strict={candidate.key})
    user, user_name = recorded_by(actor)
    event = MemberEvent.objects.create(
        member=member,
        type=type,
        effective_on=effective_on,
        organization=organization,
        from_organization=from_organization,
        decision_number=decision.number,
        decision_date=decision.date,
        decision_issuer=decision.issuer,
        note=note,
        data=data or {},
        corrects=corrects,
        actor=user,
        actor_name=user_name,
    )
    _rewrite_periods(member, rows)
    home = organization or from_organization or home_organization(member, effective_on)
    record(
        actor=actor,
        action=AuditAction.CREATE if type == E.ADMITTED else AuditAction.UPDATE,
        obj=member,
        before={"periods": _period_snapshot(before_rows)},
        after={"periods": _period_snapshot(rows)},
        organization_path=home.path if home else "",
        message=f"{type} {effective_on.isoformat()}",
    )
    return event
