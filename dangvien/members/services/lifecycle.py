"""Lifecycle events after admission: recognition, transfers, exemption, exits, re-admission,
corrections."""

from __future__ import annotations

from datetime import date

from django.utils.translation import gettext as _

from dangvien.accounts.types import Actor
from dangvien.core.decisions import NO_DECISION, Decision
from dangvien.core.exceptions import ValidationFailed
from dangvien.core.formatting import vn_date
from dangvien.members.models import (
    Member,
    MemberEvent,
)
from dangvien.members.selectors import (
    home_organization,
    member_state,
    probation_end,
)
from dangvien.members.services.ledger import (
    CHANGE,
    TRANSFER,
    E,
    _check_holds_members,
    _record_event,
)
from dangvien.organizations.models import Organization


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
    refused, not stored). Rules: the member is probationary; actor may change members of the
    member's organization. Writes: MemberEvent(recognised), periods, audit.
    """
    end = probation_end(member)
    if end is None:
        raise ValidationFailed(_("The member was never admitted."), code="not_admitted")
    return _record_event(
        actor=actor,
        member=member,
        type=E.RECOGNISED,
        effective_on=effective_on or end,
        action=CHANGE,
        decision=decision,
        note=note,
    )


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
    source = home_organization(member, effective_on)
    _check_holds_members(to_organization, effective_on)
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
        authorize_on=[source, to_organization],
    )


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
    Rules: actor may transfer members of the sending organization (the receiving side needs no
    grant of theirs); the target holds members that day. Writes: MemberEvent(transfer_issued),
    periods (transit), audit.
    """
    source = home_organization(member, effective_on)
    _check_holds_members(to_organization, effective_on, "to_organization")
    return _record_event(
        actor=actor,
        member=member,
        type=E.TRANSFER_ISSUED,
        effective_on=effective_on,
        action=TRANSFER,
        organization=to_organization,
        from_organization=source,
        decision=decision,
        note=note,
        authorize_on=[source],
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
    source, target, issued_on = _pending_transfer(member)
    if effective_on < issued_on:
        raise ValidationFailed(
            _("The transfer cannot be received before it was issued (%(date)s).")
            % {"date": vn_date(issued_on)},
            code="receive_before_issue",
            field="effective_on",
        )
    _check_holds_members(target, effective_on)
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


def member_transfer_cancel(
    *, actor: Actor, member: Member, effective_on: date, note: str = ""
) -> MemberEvent:
    """The sending side withdraws a transfer that was not received. Writes: event, periods, audit."""
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


def member_temporary_out(
    *,
    actor: Actor,
    member: Member,
    host: Organization,
    effective_on: date,
    decision: Decision = NO_DECISION,
    note: str = "",
) -> MemberEvent:
    """Temporary transfer to ``host``: still counted at home, listed as a guest at the host.

    Rules: actor may transfer members of the home organization; the host holds members that
    day; not already away. Writes: MemberEvent(temporary_out), periods, audit.
    """
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


def _member_event(
    type_: str,
    *,
    actor: Actor,
    member: Member,
    effective_on: date,
    decision: Decision,
    note: str,
) -> MemberEvent:
    """An event that concerns only the member and their organization at the time."""
    return _record_event(
        actor=actor,
        member=member,
        type=type_,
        effective_on=effective_on,
        action=CHANGE,
        decision=decision,
        note=note,
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

    Rules: the member is a member and not exempted already; actor may change members of the
    member's organization. Writes: MemberEvent(exempted), periods, audit."""
    return _member_event(
        E.EXEMPTED,
        actor=actor,
        member=member,
        effective_on=effective_on,
        decision=decision,
        note=note,
    )


def member_exemption_end(
    *,
    actor: Actor,
    member: Member,
    effective_on: date,
    decision: Decision = NO_DECISION,
    note: str = "",
) -> MemberEvent:
    """End an exemption.

    Rules: the member is exempted. Writes: MemberEvent(exemption_ended), periods, audit."""
    return _member_event(
        E.EXEMPTION_ENDED,
        actor=actor,
        member=member,
        effective_on=effective_on,
        decision=decision,
        note=note,
    )


def member_remove(
    *,
    actor: Actor,
    member: Member,
    effective_on: date,
    decision: Decision = NO_DECISION,
    note: str = "",
) -> MemberEvent:
    """Removal from the list (xóa tên); also for probationary members who do not qualify.

    From that day not a member. Writes: MemberEvent(removed), periods, audit."""
    return _member_event(
        E.REMOVED,
        actor=actor,
        member=member,
        effective_on=effective_on,
        decision=decision,
        note=note,
    )


def member_resign(
    *,
    actor: Actor,
    member: Member,
    effective_on: date,
    decision: Decision = NO_DECISION,
    note: str = "",
) -> MemberEvent:
    """Leaving the party on request. Writes: MemberEvent(resigned), periods, audit."""
    return _member_event(
        E.RESIGNED,
        actor=actor,
        member=member,
        effective_on=effective_on,
        decision=decision,
        note=note,
    )


def member_expel(
    *,
    actor: Actor,
    member: Member,
    effective_on: date,
    decision: Decision = NO_DECISION,
    note: str = "",
) -> MemberEvent:
    """Expulsion (official members only; probationary members are removed).

    Writes: MemberEvent(expelled), periods, audit."""
    return _member_event(
        E.EXPELLED,
        actor=actor,
        member=member,
        effective_on=effective_on,
        decision=decision,
        note=note,
    )


def member_record_death(
    *,
    actor: Actor,
    member: Member,
    effective_on: date,
    decision: Decision = NO_DECISION,
    note: str = "",
) -> MemberEvent:
    """Death; nothing may follow. Writes: MemberEvent(died), periods, audit."""
    return _member_event(
        E.DIED,
        actor=actor,
        member=member,
        effective_on=effective_on,
        decision=decision,
        note=note,
    )


def member_readmit(
    *,
    actor: Actor,
    member: Member,
    organization: Organization,
    effective_on: date,
    decision: Decision,
    note: str = "",
) -> MemberEvent:
    """Re-admission (kết nạp lại) into ``organization``, with a new probation.

    Rules: the person left (removed, resigned or expelled); at most ``readmission.max_times``;
    not before ``readmission.wait_months`` after leaving; the organization holds members.
    Writes: MemberEvent(readmitted), periods, audit.
    """
    _check_holds_members(organization, effective_on)
    return _record_event(
        actor=actor,
        member=member,
        type=E.READMITTED,
        effective_on=effective_on,
        action=CHANGE,
        organization=organization,
        decision=decision,
        note=note,
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
    """Every organization an event concerns (both sides of a transfer): changing or cancelling
    it needs the right on each of them."""
    found = {
        event.organization,
        event.from_organization,
        home_organization(event.member, event.effective_on),
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
