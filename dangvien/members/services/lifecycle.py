"""Lifecycle events after admission: recognition, transfers, exemption, exits, re-admission,
corrections."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from typing import Any

from django.db import transaction
from django.utils.translation import gettext as _

from dangvien.accounts.types import Actor
from dangvien.competence.choices import DecisionKind
from dangvien.core.dates import refuse_future, today
from dangvien.core.decisions import NO_DECISION, Decision
from dangvien.core.exceptions import ValidationFailed
from dangvien.core.formatting import vn_date
from dangvien.core.verdicts import enforce
from dangvien.members import rules
from dangvien.members.choices import TEMPORARY_WORK, MemberStatus, TemporaryPurpose
from dangvien.members.models import (
    Member,
    MemberEvent,
)
from dangvien.members.rule_keys import READMISSION_WAIT_AFTER_MINOR_CRIME
from dangvien.members.selectors import (
    exit_reason,
    home_organization,
    member_state,
    probation_end,
)
from dangvien.members.services.ledger import (
    CHANGE,
    TRANSFER,
    E,
    _check_holds_members,
    _lock,
    _record_event,
    _require_decided,
    authorize_member_write,
    with_current,
)
from dangvien.organizations.models import Organization


@transaction.atomic
def member_recognise(
    *,
    actor: Actor,
    member: Member,
    decision: Decision,
    effective_on: date | None = None,
    note: str = "",
) -> MemberEvent:
    """Recognise a probationary member as official.

    Recognition takes effect exactly at the end of probation (ceremony + ``probation.months``)
    whatever the date of approval; an ``effective_on`` given must be that day (another date is
    refused, not stored). Rules: the member is probationary; the actor acts for the body
    competent to recognise (``competence.recognition``). Writes: MemberEvent(recognised),
    periods, audit.
    """
    member = _lock(member)
    end = probation_end(member)
    if end is None:
        raise ValidationFailed(_("The member was never admitted."), code="not_admitted")
    _require_decided(actor, DecisionKind.RECOGNITION, member, decision.date or end)
    return _record_event(
        actor=actor,
        member=member,
        type=E.RECOGNISED,
        effective_on=effective_on or end,
        action=CHANGE,
        decision=decision,
        note=note,
    )


@transaction.atomic
def member_transfer(
    *,
    actor: Actor,
    member: Member,
    to_organization: Organization,
    effective_on: date,
    decision: Decision = NO_DECISION,
    note: str = "",
) -> MemberEvent:
    """Official transfer recorded in one step (both sides at once, e.g. historical records).

    Rules: actor may transfer members on both organizations; the target holds members that day;
    the member is a member, not in transit, not away, not already there. Writes: the event,
    periods, audit.
    """
    # the target organization is locked before the member (the order of the restructuring
    # services), then the member, and only then is the source read and authorised
    _check_holds_members(to_organization, effective_on)
    member = _lock(member)
    source = home_organization(member, effective_on)
    return _record_event(
        actor=actor,
        member=member,
        type=E.TRANSFERRED,
        effective_on=effective_on,
        action=TRANSFER,
        organization=to_organization,
        from_organization=source,
        decision=decision,
        note=note,
        authorize_on=with_current(member, source, to_organization),
    )


@transaction.atomic
def member_transfer_issue(
    *,
    actor: Actor,
    member: Member,
    to_organization: Organization,
    effective_on: date,
    decision: Decision = NO_DECISION,
    note: str = "",
) -> MemberEvent:
    """The sending side issues an official transfer; the member is in transit until received.

    The member keeps counting at the sending organization until the receiving side confirms.
    Rules: the actor acts for the body competent to introduce the transfer
    (``competence.transfer_introduction``: the grassroots organization within its subtree, the
    level above it for a transfer out of it); the target holds members that day. Writes:
    MemberEvent(transfer_issued), periods (transit), audit.
    """
    _check_holds_members(to_organization, effective_on, "to_organization")
    member = _lock(member)
    source = home_organization(member, effective_on)
    _require_decided(
        actor,
        DecisionKind.TRANSFER_INTRODUCTION,
        member,
        decision.date or effective_on,
        organization=source,
        target=to_organization,
    )
    return _record_event(
        actor=actor,
        member=member,
        type=E.TRANSFER_ISSUED,
        effective_on=effective_on,
        # the competence above is the gate; the scope check is the ordinary one
        action=CHANGE,
        organization=to_organization,
        from_organization=source,
        decision=decision,
        note=note,
        # the sending side on the day and today (a back-dated issue must not reach a member
        # who has since left the actor's scope)
        authorize_on=with_current(member, source),
    )


def _pending_transfer(member: Member) -> tuple[Organization, Organization, date]:
    state = member_state(member)
    if state.transit_to_id is None or state.organization_id is None:
        raise ValidationFailed(_("There is no transfer in progress."), code="no_transfer")
    issued = (
        MemberEvent.objects.filter(member=member, type=E.TRANSFER_ISSUED)
        .order_by("-effective_on", "-id")
        .first()
    )
    assert issued is not None
    return (
        Organization.objects.get(pk=state.organization_id),
        Organization.objects.get(pk=state.transit_to_id),
        issued.effective_on,
    )


@transaction.atomic
def member_transfer_receive(
    *,
    actor: Actor,
    member: Member,
    effective_on: date,
    decision: Decision = NO_DECISION,
    note: str = "",
) -> MemberEvent:
    """The receiving side confirms a transfer: from that day the member belongs there.

    Rules: actor may transfer members of the receiving organization; a transfer is in progress;
    not before it was issued; the receiving organization still holds members. Writes:
    MemberEvent(transfer_received), periods, audit.
    """
    _source, target, _issued_on = _pending_transfer(member)
    # organizations before the member: the receiving organization is locked, then the member,
    # and the transfer read again (a merge of the receiving side may have redirected it)
    _check_holds_members(target, effective_on)
    member = _lock(member)
    source, locked_target, issued_on = _pending_transfer(member)
    if locked_target.pk != target.pk:
        raise ValidationFailed(
            _("The transfer was redirected to %(code)s meanwhile; reload and try again.")
            % {"code": locked_target.code},
            code="transfer_changed",
        )
    if effective_on < issued_on:
        raise ValidationFailed(
            _("The transfer cannot be received before it was issued (%(date)s).")
            % {"date": vn_date(issued_on)},
            code="receive_before_issue",
            field="effective_on",
        )
    return _record_event(
        actor=actor,
        member=member,
        type=E.TRANSFER_RECEIVED,
        effective_on=effective_on,
        action=TRANSFER,
        organization=target,
        from_organization=source,
        decision=decision,
        note=note,
        authorize_on=[target],
    )


@transaction.atomic
def member_transfer_cancel(
    *, actor: Actor, member: Member, effective_on: date, note: str = ""
) -> MemberEvent:
    """The sending side withdraws a transfer that was not received. Writes: event, periods, audit."""
    member = _lock(member)
    # authorised before anything about the member is read (while in transit the member
    # stands at the sending side)
    authorize_member_write(actor, TRANSFER, member)
    source, target, _issued = _pending_transfer(member)
    return _record_event(
        actor=actor,
        member=member,
        type=E.TRANSFER_CANCELLED,
        effective_on=effective_on,
        action=TRANSFER,
        organization=target,
        from_organization=source,
        note=note,
        authorize_on=[source],
    )


@transaction.atomic
def member_temporary_out(
    *,
    actor: Actor,
    member: Member,
    host: Organization,
    effective_on: date,
    decision: Decision = NO_DECISION,
    note: str = "",
    purpose: str = TEMPORARY_WORK,
) -> MemberEvent:
    """Temporary transfer to ``host``: still counted at home, listed as a guest at the host.

    Rules: actor may transfer members of the home organization; the host holds members that
    day; not already away; ``purpose`` is work (the default) or study — its maximum length
    (``transfer.temporary_work_max_months`` / ``..._study_max_months``) makes it overdue in
    the list of members away (``temporary_away``), a warning, not a refusal. Writes:
    MemberEvent(temporary_out, with the purpose), periods, audit.
    """
    if purpose not in TemporaryPurpose.values:
        raise ValidationFailed(_("Unknown purpose."), code="purpose_unknown", field="purpose")
    _check_holds_members(host, effective_on, "host")
    return _record_event(
        actor=actor,
        member=member,
        type=E.TEMPORARY_OUT,
        effective_on=effective_on,
        action=TRANSFER,
        organization=host,
        decision=decision,
        note=note,
        data={"purpose": purpose} if purpose != TEMPORARY_WORK else None,
    )


def member_temporary_return(
    *, actor: Actor, member: Member, effective_on: date, note: str = ""
) -> MemberEvent:
    """End of a temporary transfer. Rules: the member is away. Writes: event, periods, audit."""
    return _record_event(
        actor=actor,
        member=member,
        type=E.TEMPORARY_RETURN,
        effective_on=effective_on,
        action=TRANSFER,
        note=note,
    )


#: Checks other apps register (in their ``ready()``, not signals) on the events that concern
#: only the member: each is called with the locked member, the event type and its date, and
#: raises ``DomainError`` to refuse it (discipline: no removal or resignation while a case is
#: open against the member).
event_guards: list[Callable[[Member, str, date], None]] = []


@transaction.atomic
def _member_event(
    type_: str,
    *,
    actor: Actor,
    member: Member,
    effective_on: date,
    decision: Decision,
    note: str,
    kind: str | None = None,
    data: dict[str, Any] | None = None,
) -> MemberEvent:
    """An event that concerns only the member and their organization at the time; when it is
    a decision (``kind``), only by a user acting for the competent body."""
    member = _lock(member)
    if kind is not None:
        _require_decided(actor, kind, member, decision.date or effective_on)
    for guard in event_guards:
        guard(member, type_, effective_on)
    return _record_event(
        actor=actor,
        member=member,
        type=type_,
        effective_on=effective_on,
        action=CHANGE,
        decision=decision,
        note=note,
        data=data,
    )


def member_exempt(
    *,
    actor: Actor,
    member: Member,
    effective_on: date,
    decision: Decision = NO_DECISION,
    note: str = "",
) -> MemberEvent:
    """Exempt from activities (still a member).

    Rules: the member is a member and not exempted already; the actor acts for the cell, which
    decides (``competence.exemption``). Writes: MemberEvent(exempted), periods, audit."""
    return _member_event(
        E.EXEMPTED,
        actor=actor,
        member=member,
        effective_on=effective_on,
        decision=decision,
        note=note,
        kind=DecisionKind.EXEMPTION,
    )


def member_exemption_end(
    *,
    actor: Actor,
    member: Member,
    effective_on: date,
    decision: Decision = NO_DECISION,
    note: str = "",
) -> MemberEvent:
    """End an exemption (the member returns to activity).

    Rules: the member is exempted; the actor acts for the cell (``competence.exemption``).
    Writes: MemberEvent(exemption_ended), periods, audit."""
    return _member_event(
        E.EXEMPTION_ENDED,
        actor=actor,
        member=member,
        effective_on=effective_on,
        decision=decision,
        note=note,
        kind=DecisionKind.EXEMPTION,
    )


def member_remove(
    *,
    actor: Actor,
    member: Member,
    effective_on: date,
    decision: Decision = NO_DECISION,
    note: str = "",
    reason: str = "",
) -> MemberEvent:
    """Removal from the list (xóa tên); also for probationary members who do not qualify.

    From that day not a member. Rules: the actor acts for the body competent for the removal
    of a member of that standing (``competence.removal`` or
    ``competence.probationary_removal``); ``reason`` one of ``rules.EXIT_REASONS`` (kept for a
    later re-admission). Writes: MemberEvent(removed), periods, audit."""
    kind = (
        DecisionKind.PROBATIONARY_REMOVAL
        if member_state(member).status == MemberStatus.PROBATIONARY
        else DecisionKind.REMOVAL
    )
    return _member_event(
        E.REMOVED,
        actor=actor,
        member=member,
        effective_on=effective_on,
        decision=decision,
        note=note,
        kind=kind,
        data=_reason(reason),
    )


def member_resign(
    *,
    actor: Actor,
    member: Member,
    effective_on: date,
    decision: Decision = NO_DECISION,
    note: str = "",
) -> MemberEvent:
    """Leaving the party on request.

    Rules: the actor acts for the competent body (``competence.resignation``). Writes:
    MemberEvent(resigned), periods, audit."""
    return _member_event(
        E.RESIGNED,
        actor=actor,
        member=member,
        effective_on=effective_on,
        decision=decision,
        note=note,
        kind=DecisionKind.RESIGNATION,
    )


def member_expel(
    *,
    actor: Actor,
    member: Member,
    effective_on: date,
    decision: Decision = NO_DECISION,
    note: str = "",
    reason: str = "",
) -> MemberEvent:
    """Expulsion (official members only; probationary members are removed).

    Rules: the actor acts for the competent body (``competence.expulsion``); ``reason`` one of
    ``rules.EXIT_REASONS``. Writes: MemberEvent(expelled), periods, audit."""
    return _member_event(
        E.EXPELLED,
        actor=actor,
        member=member,
        effective_on=effective_on,
        decision=decision,
        note=note,
        kind=DecisionKind.EXPULSION,
        data=_reason(reason),
    )


def _reason(reason: str) -> dict[str, Any] | None:
    if not reason:
        return None
    if reason not in rules.EXIT_REASONS:
        raise ValidationFailed(_("Unknown reason."), code="reason_unknown", field="reason")
    return {"reason": reason}


def member_record_death(
    *,
    actor: Actor,
    member: Member,
    effective_on: date,
    decision: Decision = NO_DECISION,
    note: str = "",
) -> MemberEvent:
    """Death (a fact the cell records, not a decision); nothing may follow. Writes:
    MemberEvent(died), periods, audit."""
    return _member_event(
        E.DIED,
        actor=actor,
        member=member,
        effective_on=effective_on,
        decision=decision,
        note=note,
    )


@transaction.atomic
def member_readmit(
    *,
    actor: Actor,
    member: Member,
    organization: Organization,
    effective_on: date,
    decision: Decision,
    note: str = "",
    consent: Decision = NO_DECISION,
    hardship_exception: str = "",
    record_cleared_on: date | None = None,
    decided_by_competent_body: bool = False,
) -> MemberEvent:
    """Re-admission (kết nạp lại) into ``organization``, with a new probation.

    Rules: the actor acts for the body competent to re-admit into that organization
    (``competence.readmission``) unless the admission pipeline recorded that body's decision
    already (``decided_by_competent_body``: the ceremony is the cell's act); the person left (removed, resigned or expelled) and not for
    a reason that excludes re-admission, not at their own request unless in extremely difficult
    family circumstances (``hardship_exception`` states them), after a minor conviction not
    before ``readmission.wait_months_after_minor_conviction`` from ``record_cleared_on``; the
    written consent of the provincial standing committee (``consent``: number and date);
    at most ``readmission.max_times``; not before ``readmission.wait_months`` after leaving;
    the organization holds members. Writes: MemberEvent(readmitted) with the consent,
    periods, audit.
    """
    refuse_future(effective_on, "effective_on")
    _check_holds_members(organization, effective_on)
    member = _lock(member)
    if not decided_by_competent_body:
        _require_decided(
            actor,
            DecisionKind.READMISSION,
            member,
            decision.date or effective_on,
            organization=organization,
        )
    state = member_state(member)
    enforce(
        rules.readmission_verdict(
            exit_type=state.exit_type,
            exit_reason=exit_reason(member, state.exit_type),
            hardship_exception=hardship_exception,
            consent=(consent.number, consent.date),
            record_cleared_on=record_cleared_on,
            minor_crime_wait_months=READMISSION_WAIT_AFTER_MINOR_CRIME(on=effective_on),
            on=effective_on,
        )
    )
    return _record_event(
        actor=actor,
        member=member,
        type=E.READMITTED,
        effective_on=effective_on,
        action=CHANGE,
        organization=organization,
        decision=decision,
        note=note,
        data={
            "consent": {
                "number": consent.number,
                "date": consent.date.isoformat() if consent.date else None,
                "issuer": consent.issuer,
            },
            **({"hardship_exception": hardship_exception} if hardship_exception else {}),
        },
        authorize_on=[organization],
    )


def member_event_correct(
    *,
    actor: Actor,
    event: MemberEvent,
    effective_on: date,
    organization: Organization | None = None,
    note: str = "",
) -> MemberEvent:
    """Correct an event: a new event of the same type that cites and replaces it.

    The corrected row stays in the ledger. Rules: the event is not a correction already
    replaced; the ledger with the correction replays; actor may change members where the event
    applies. Writes: MemberEvent, periods, audit.
    """
    if event.type == E.VOIDED or MemberEvent.objects.filter(corrects=event).exists():
        raise ValidationFailed(
            _("This entry was already corrected or cancelled."), code="already_corrected"
        )
    target = organization if organization is not None else event.organization
    return _record_event(
        actor=actor,
        member=event.member,
        type=event.type,
        effective_on=effective_on,
        action=CHANGE,
        organization=target,
        from_organization=event.from_organization,
        decision=Decision(event.decision_number, event.decision_date, event.decision_issuer),
        note=note or event.note,
        corrects=event,
        authorize_on=_event_parties(event, target),
    )


def _event_parties(event: MemberEvent, *extra: Organization | None) -> list[Organization]:
    """Every organization an event concerns (both sides of a transfer) and the member's
    organization today: changing or cancelling it needs the right on each of them (correcting
    an old entry changes the member's periods up to today)."""
    found = {
        event.organization,
        event.from_organization,
        home_organization(event.member, event.effective_on),
        home_organization(event.member, today()),
        *extra,
    }
    return sorted((o for o in found if o is not None), key=lambda o: o.pk)


def member_event_void(*, actor: Actor, event: MemberEvent, note: str) -> MemberEvent:
    """Cancel an event recorded by mistake (a VOIDED entry citing it; nothing is deleted)."""
    if MemberEvent.objects.filter(corrects=event).exists():
        raise ValidationFailed(
            _("This entry was already corrected or cancelled."), code="already_corrected"
        )
    if not note.strip():
        raise ValidationFailed(
            _("Say why the entry is cancelled."), code="note_required", field="note"
        )
    return _record_event(
        actor=actor,
        member=event.member,
        type=E.VOIDED,
        effective_on=event.effective_on,
        action=CHANGE,
        organization=event.organization,
        note=note,
        corrects=event,
        authorize_on=_event_parties(event),
    )
