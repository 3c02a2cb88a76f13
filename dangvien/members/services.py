"""Writes for members: the profile, and every lifecycle event through one ledger path.

Every lifecycle service goes through ``_record_event``: lock the member, authorize on each
organization touched, check the organizations exist (and hold members) that day, append the
event, replay the whole ledger with the state machine and the rulebook (refusing the event if the
replay fails), rewrite the member's periods, and write one audit row, all in one transaction.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from datetime import date, timedelta
from typing import Any

from django.db import transaction
from django.db.models import Q
from django.utils.translation import gettext as _

from dangvien.accounts.permissions import Permission
from dangvien.accounts.scoping import can, require
from dangvien.accounts.types import Actor
from dangvien.audit.services import AuditAction, record, recorded_by, snapshot
from dangvien.core.dates import add_months, months_between
from dangvien.core.decisions import NO_DECISION, Decision
from dangvien.core.exceptions import ValidationFailed
from dangvien.core.text import fold
from dangvien.members.choices import MemberEventType, MemberStatus, PoliticalTheory, Sex
from dangvien.members.models import (
    BadgeAward,
    CardAction,
    Member,
    MemberEvent,
    MemberPeriod,
    PartyCardEntry,
)
from dangvien.members.permissions import MemberPermission
from dangvien.members.transitions import LedgerEntry, MemberState, PeriodRow, replay
from dangvien.organizations.models import Organization
from dangvien.organizations.selectors import existing_state
from dangvien.rules.selectors import rule, rule_lookup

E = MemberEventType
TRANSFER = MemberPermission.TRANSFER
CHANGE = MemberPermission.CHANGE
NATIONAL_ID = re.compile(r"^\d{12}$")

PROFILE_FIELDS = [
    "full_name",
    "other_names",
    "sex",
    "birth_date",
    "birth_place",
    "home_town",
    "ethnicity",
    "religion",
    "national_id",
    "education",
    "professional_qualification",
    "political_theory",
    "occupation",
    "phone",
    "address",
    "party_card_number",
    "introducers",
]


#
# Profile validation
#


def validate_profile(
    data: dict[str, Any], *, member: Member | None = None, reference_day: date | None = None
) -> dict[str, Any]:
    """Clean and check profile fields; raises ``ValidationFailed`` naming the field.

    Rules: a full name; sex M/F; a birth date not in the future; a 12-digit citizen ID unique
    among members; a party card number unique among members; a known political-theory level.
    """
    cleaned = dict(data)
    for key, value in list(cleaned.items()):
        if isinstance(value, str):
            cleaned[key] = " ".join(value.split()) if key != "introducers" else value.strip()
    if "full_name" in cleaned and not cleaned["full_name"]:
        raise ValidationFailed(
            _("The full name is required."), code="name_required", field="full_name"
        )
    if "sex" in cleaned and cleaned["sex"] not in Sex.values:
        raise ValidationFailed(_("Sex must be M or F."), code="sex_invalid", field="sex")
    birth = cleaned.get("birth_date")
    if birth is not None and reference_day is not None and birth >= reference_day:
        raise ValidationFailed(
            _("The date of birth must be before the admission."),
            code="birth_date_invalid",
            field="birth_date",
        )
    national_id = cleaned.get("national_id") or ""
    if national_id:
        if not NATIONAL_ID.match(national_id):
            raise ValidationFailed(
                _("The citizen ID (CCCD) has exactly 12 digits."),
                code="national_id_invalid",
                field="national_id",
            )
        clash = Member.objects.filter(national_id=national_id)
        if member is not None:
            clash = clash.exclude(pk=member.pk)
        if clash.exists():
            raise ValidationFailed(
                _("Another member already has this citizen ID."),
                code="national_id_taken",
                field="national_id",
            )
    card = cleaned.get("party_card_number") or ""
    if card:
        clash = Member.objects.filter(party_card_number=card)
        if member is not None:
            clash = clash.exclude(pk=member.pk)
        if clash.exists():
            raise ValidationFailed(
                _("Another member already has this party card number."),
                code="card_taken",
                field="party_card_number",
            )
    theory = cleaned.get("political_theory") or ""
    if theory and theory not in PoliticalTheory.values:
        raise ValidationFailed(
            _("Unknown political-theory level."), code="theory_invalid", field="political_theory"
        )
    return cleaned


def check_admission_age(
    birth_date: date | None, vote_on: date, *, over_age_approved: bool = False
) -> None:
    """Age on the cell's vote date, in completed months, within the rulebook's range.

    Above the maximum the admission needs the provincial level's decision (``over_age_approved``).
    """
    if birth_date is None:
        return
    months = months_between(birth_date, vote_on)
    minimum = int(rule("admission.min_age_months", on=vote_on))
    maximum = int(rule("admission.max_age_months", on=vote_on))
    if months < minimum:
        raise ValidationFailed(
            _(
                "On %(date)s the person is %(age)s years %(months)s months old; the minimum is %(min)s years "
                "(rule admission.min_age_months)."
            )
            % {
                "date": vote_on.strftime("%d/%m/%Y"),
                "age": months // 12,
                "months": months % 12,
                "min": minimum // 12,
            },
            code="too_young",
            field="birth_date",
        )
    if months > maximum and not over_age_approved:
        raise ValidationFailed(
            _(
                "On %(date)s the person is over %(max)s years old; admission needs the decision of the "
                "provincial-level committee (rule admission.max_age_months)."
            )
            % {"date": vote_on.strftime("%d/%m/%Y"), "max": maximum // 12},
            code="too_old",
            field="birth_date",
        )


#
# The ledger path
#


def _entries(member: Member) -> list[LedgerEntry]:
    return [
        LedgerEntry(e.pk, e.type, e.effective_on, e.organization_id, e.corrects_id)
        for e in MemberEvent.objects.filter(member=member).order_by("effective_on", "id")
    ]


def _check_holds_members(organization: Organization, on: date, field: str = "organization") -> None:
    state = existing_state(organization, on, field=field)
    kinds = rule("member.organization_kinds", on=on)
    if state.kind not in kinds:
        raise ValidationFailed(
            _("Members belong to a cell or a grassroots cell; %(name)s is not one on %(date)s.")
            % {"name": state.name, "date": on.strftime("%d/%m/%Y")},
            code="organization_holds_no_members",
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


def organization_of(member: Member, on: date) -> Organization | None:
    """The member's official organization at the end of day ``on`` (or None)."""
    period = (
        MemberPeriod.objects.at(on).filter(member=member).select_related("organization").first()
    )
    return period.organization if period else None


def _home_organization(member: Member, on: date) -> Organization | None:
    """Where the member stood on ``on``, else their last organization (for authorization)."""
    period = (
        MemberPeriod.objects.filter(member=member, valid_from__lte=on)
        .select_related("organization")
        .order_by("-valid_from")
        .first()
    )
    if period is None:
        period = (
            MemberPeriod.objects.filter(member=member)
            .select_related("organization")
            .order_by("valid_from")
            .first()
        )
    if period is None:
        # no period at all (died on the day of admission): the organization of the ledger
        event = (
            MemberEvent.objects.filter(member=member, organization__isnull=False)
            .select_related("organization")
            .order_by("-effective_on", "-pk")
            .first()
        )
        return event.organization if event else None
    return period.organization


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
    member = Member.objects.select_for_update().get(pk=member.pk)
    for org in (
        authorize_on if authorize_on is not None else [_home_organization(member, effective_on)]
    ):
        if org is None:
            raise ValidationFailed(
                _("The member has no organization on that date."),
                code="no_organization",
                field="effective_on",
            )
        require(actor, action, org)
    if organization is None:
        # Events such as an exemption or an exit concern the member's organization at the time:
        # recording it keeps them visible (and scoped) in the timeline of that organization.
        organization = _home_organization(member, effective_on)
    entries = _entries(member)
    before_rows = replay(entries, rule_lookup)[1] if entries else []
    candidate = LedgerEntry(
        10**18,
        type,
        effective_on,
        organization.pk if organization else None,
        corrects.pk if corrects else None,
    )
    _state, rows = replay([*entries, candidate], rule_lookup)
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
    home = organization or from_organization or _home_organization(member, effective_on)
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


def member_state(member: Member) -> MemberState:
    """The state after the whole ledger (status, organization, flags)."""
    return replay(_entries(member), rule_lookup)[0]


#
# Admission and profile
#


@transaction.atomic
def member_admit(
    *,
    actor: Actor,
    organization: Organization,
    admitted_on: date,
    decision: Decision,
    profile: dict[str, Any],
    member_key: str = "",
    vote_on: date | None = None,
    over_age_approved: bool = False,
    note: str = "",
) -> Member:
    """Admit a person: create the member's file and the ADMITTED event.

    ``admitted_on`` is the ceremony (probation starts); ``decision.date`` the admission decision
    (party age counts from it). Rules: actor may change members of the organization; it is a
    cell or grassroots cell existing that day; the decision is dated on or before the ceremony;
    the profile is valid (citizen ID, card number unique); the age on the vote date (default the
    decision date) is in the rulebook's range; the member key is unique. Writes: Member,
    MemberEvent(admitted), MemberPeriod, AuditEvent(create).
    """
    require(actor, CHANGE, organization)
    _check_holds_members(organization, admitted_on)
    if decision.date is None:
        raise ValidationFailed(
            _("The date of the admission decision is required."),
            code="decision_date_required",
            field="decision_date",
        )
    if decision.date > admitted_on:
        raise ValidationFailed(
            _("The admission ceremony cannot precede the admission decision."),
            code="ceremony_before_decision",
            field="admitted_on",
        )
    cleaned = validate_profile(profile, reference_day=decision.date)
    if "full_name" not in cleaned or "sex" not in cleaned:
        raise ValidationFailed(
            _("The full name and sex are required."), code="name_required", field="full_name"
        )
    check_admission_age(
        cleaned.get("birth_date"), vote_on or decision.date, over_age_approved=over_age_approved
    )
    key = member_key.strip()
    if key and Member.objects.filter(member_key=key).exists():
        raise ValidationFailed(
            _("The member key %(key)s is already used.") % {"key": key},
            code="member_key_taken",
            field="member_key",
        )
    member = Member(member_key=key or f"tmp-{fold(cleaned['full_name'])}", **cleaned)
    member.search_name = fold(member.full_name)
    member.save()
    if not key:
        member.member_key = f"DV{member.pk:08d}"
        member.save(update_fields=["member_key"])
    _record_event(
        actor=actor,
        member=member,
        type=E.ADMITTED,
        effective_on=admitted_on,
        action=CHANGE,
        organization=organization,
        decision=decision,
        note=note,
        authorize_on=[organization],
    )
    return member


@transaction.atomic
def member_update_profile(*, actor: Actor, member: Member, changes: dict[str, Any]) -> Member:
    """Change fields of the member's file (not the lifecycle).

    Rules: actor may change members of the member's organization; as ``validate_profile``.
    No-op when nothing changes. Writes: Member (and the copy of the sex on its periods),
    AuditEvent(update) with before and after.
    """
    member = Member.objects.select_for_update().get(pk=member.pk)
    home = _home_organization(member, date.max)
    if home is None:
        raise ValidationFailed(_("The member has no organization."), code="no_organization")
    require(actor, CHANGE, home)
    unknown = set(changes) - set(PROFILE_FIELDS)
    if unknown:
        raise ValidationFailed(_("Unknown field."), code="unknown_field", field=sorted(unknown)[0])
    first = (
        MemberEvent.objects.filter(member=member, type=E.ADMITTED)
        .order_by("effective_on", "id")
        .first()
    )
    reference = (first.decision_date or first.effective_on) if first else None
    cleaned = validate_profile(changes, member=member, reference_day=reference)
    changed = {k: v for k, v in cleaned.items() if getattr(member, k) != v}
    if not changed:
        return member
    before = snapshot(member, list(changed))
    for key, value in changed.items():
        setattr(member, key, value)
    member.search_name = fold(member.full_name)
    member.save()
    if "sex" in changed:
        # the periods carry a copy of the sex for the statistics
        MemberPeriod.objects.filter(member=member).update(sex=member.sex)
    record(
        actor=actor,
        action=AuditAction.UPDATE,
        obj=member,
        before=before,
        after=snapshot(member, list(changed)),
        organization_path=home.path,
        message="profile",
    )
    return member


#
# Lifecycle
#


def probation_end(member: Member) -> date | None:
    state = member_state(member)
    if state.admitted_on is None:
        return None
    return add_months(state.admitted_on, int(rule("probation.months", on=state.admitted_on)))


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
    whatever the date of approval; a later ``effective_on`` is accepted only for records of the
    past. Rules: the member is probationary; not before the end of probation; actor may change
    members of the member's organization. Writes: MemberEvent(recognised), periods, audit.
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
    source = _home_organization(member, effective_on)
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
    source = _home_organization(member, effective_on)
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
            % {"date": issued_on.strftime("%d/%m/%Y")},
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


def _simple(type_: str, doc: str) -> Any:
    def service(
        *,
        actor: Actor,
        member: Member,
        effective_on: date,
        decision: Decision = NO_DECISION,
        note: str = "",
    ) -> MemberEvent:
        return _record_event(
            actor=actor,
            member=member,
            type=type_,
            effective_on=effective_on,
            action=CHANGE,
            decision=decision,
            note=note,
        )

    service.__doc__ = doc
    return service


member_exempt = _simple(
    E.EXEMPTED, "Exempt from activities (still a member). Writes: event, periods, audit."
)
member_exemption_end = _simple(
    E.EXEMPTION_ENDED, "End an exemption. Writes: event, periods, audit."
)
member_remove = _simple(
    E.REMOVED,
    "Removal from the list (xóa tên); also for probationary members who do "
    "not qualify. From that day not a member. Writes: event, periods, audit.",
)
member_resign = _simple(E.RESIGNED, "Leaving the party on request. Writes: event, periods, audit.")
member_expel = _simple(
    E.EXPELLED,
    "Expulsion (official members only; probationary members are removed). "
    "Writes: event, periods, audit.",
)
member_record_death = _simple(E.DIED, "Death; nothing may follow. Writes: event, periods, audit.")


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
        _home_organization(event.member, event.effective_on),
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


#
# Organization restructuring hooks
#


def pass_members_to_survivor(
    *, actor: Actor, absorbed: Organization, survivor: Organization, effective_on: date
) -> None:
    """Merge hook: the members of an absorbed cell pass to the survivor that day (REASSIGNED);
    transfers in transit to it are redirected to the survivor and its temporary guests move to
    the survivor as their host (a cancellation and a new issue, or a return and a new temporary
    transfer, the same day). Members joining it after the merge date make the merge refused."""
    later = MemberPeriod.objects.filter(Q(valid_to__isnull=True) | Q(valid_to__gt=effective_on))
    if later.filter(
        Q(organization=absorbed) | Q(transit_to=absorbed) | Q(host_organization=absorbed),
        valid_from__gt=effective_on,
    ).exists():
        raise ValidationFailed(
            _("%(code)s has members joining after the merge date; record those changes first.")
            % {"code": absorbed.code},
            code="has_members",
            field="effective_on",
        )
    note = _("Merged into %(code)s") % {"code": survivor.code}
    moved = list(
        MemberPeriod.objects.at(effective_on)
        .filter(Q(organization=absorbed) | Q(transit_to=absorbed) | Q(host_organization=absorbed))
        .select_related("member")
    )
    if moved:
        _check_holds_members(survivor, effective_on, "survivor")
    for period in moved:
        common: dict[str, Any] = {
            "actor": actor,
            "member": period.member,
            "effective_on": effective_on,
            "action": CHANGE,
            "note": note,
        }
        if period.transit_to_id == absorbed.pk:
            _record_event(
                type=E.TRANSFER_CANCELLED, organization=absorbed, authorize_on=[absorbed], **common
            )
            _record_event(
                type=E.TRANSFER_ISSUED,
                organization=survivor,
                from_organization=period.organization,
                authorize_on=[survivor],
                **common,
            )
        if period.host_organization_id == absorbed.pk:
            _record_event(
                type=E.TEMPORARY_RETURN, organization=absorbed, authorize_on=[absorbed], **common
            )
            _record_event(
                type=E.TEMPORARY_OUT, organization=survivor, authorize_on=[survivor], **common
            )
        if period.organization_id == absorbed.pk:
            _record_event(
                type=E.REASSIGNED,
                organization=survivor,
                from_organization=absorbed,
                authorize_on=[absorbed, survivor],
                **common,
            )


def refuse_ending_with_members(*, organization: Organization, effective_on: date) -> None:
    """End guard: an organization that has (or will have) members, guests or incoming transfers
    on or after that day cannot be dissolved or split."""
    count = (
        MemberPeriod.objects.filter(
            Q(organization=organization)
            | Q(transit_to=organization)
            | Q(host_organization=organization)
        )
        .filter(Q(valid_to__isnull=True) | Q(valid_to__gt=effective_on))
        .values("member_id")
        .distinct()
        .count()
    )
    if count:
        raise ValidationFailed(
            _(
                "%(code)s still has %(count)s members (or guests, or incoming transfers) on or after "
                "that day; transfer them first."
            )
            % {"code": organization.code, "count": count},
            code="has_members",
            field="effective_on",
        )


def register_organization_hooks() -> None:
    from dangvien.organizations import services as organization_services

    if pass_members_to_survivor not in organization_services.merge_hooks:
        organization_services.merge_hooks.append(pass_members_to_survivor)
    if refuse_ending_with_members not in organization_services.end_guards:
        organization_services.end_guards.append(refuse_ending_with_members)


def can_change_member(actor: Actor, member: Member) -> bool:
    home = _home_organization(member, date.max)
    return home is not None and can(actor, CHANGE, home)


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


#
# Party cards and badges
#


def _official_organization(member: Member, on: date, field: str) -> Organization:
    period = (
        MemberPeriod.objects.at(on).filter(member=member).select_related("organization").first()
    )
    if period is None or period.status != MemberStatus.OFFICIAL:
        raise ValidationFailed(
            _("Party cards are issued to official members only."), code="not_official", field=field
        )
    return period.organization


def _current_card(member: Member) -> PartyCardEntry | None:
    last = PartyCardEntry.objects.filter(member=member).order_by("-effective_on", "-id").first()
    return last if last is not None and last.action != CardAction.RECALLED else None


@transaction.atomic
def party_card_record(
    *,
    actor: Actor,
    member: Member,
    action: str,
    effective_on: date,
    number: str = "",
    decision_number: str = "",
    note: str = "",
) -> PartyCardEntry:
    """Record the issue, re-issue or recall of a member's party card in the card register.

    Rules: actor may change members of the member's organization; issue and re-issue only to an
    official member that day, with a number no other member holds; issue only without a card
    held, re-issue and recall only with one; entries in date order. Writes: PartyCardEntry,
    Member.party_card_number (the card held now), AuditEvent(update).
    """
    member = Member.objects.select_for_update().get(pk=member.pk)
    number = number.strip()
    if action not in CardAction.values:
        raise ValidationFailed(_("Unknown card action."), code="card_action", field="action")
    last = PartyCardEntry.objects.filter(member=member).order_by("-effective_on", "-id").first()
    if last is not None and effective_on < last.effective_on:
        raise ValidationFailed(
            _("A later entry of the card register exists (%(date)s).")
            % {"date": last.effective_on.strftime("%d/%m/%Y")},
            code="history_order",
            field="effective_on",
        )
    held = _current_card(member)
    if action == CardAction.RECALLED:
        if held is None:
            raise ValidationFailed(_("The member holds no card."), code="no_card", field="action")
        organization = _home_organization(member, effective_on)
        number = held.number
    else:
        organization = _official_organization(member, effective_on, "effective_on")
        if action == CardAction.ISSUED and held is not None:
            raise ValidationFailed(
                _("The member already holds card %(number)s; re-issue it instead.")
                % {"number": held.number},
                code="card_held",
                field="action",
            )
        if action == CardAction.REISSUED and held is None:
            raise ValidationFailed(
                _("The member holds no card to re-issue."), code="no_card", field="action"
            )
        if not number:
            raise ValidationFailed(
                _("The card number is required."), code="card_number", field="number"
            )
        if Member.objects.filter(party_card_number=number).exclude(pk=member.pk).exists():
            raise ValidationFailed(
                _("Another member holds this card number."), code="card_taken", field="number"
            )
    assert organization is not None
    require(actor, CHANGE, organization)
    before = snapshot(member, ["party_card_number"])
    user, user_name = recorded_by(actor)
    entry = PartyCardEntry.objects.create(
        member=member,
        action=action,
        number=number,
        effective_on=effective_on,
        organization=organization,
        decision_number=decision_number,
        note=note,
        actor=user,
        actor_name=user_name,
    )
    member.party_card_number = "" if action == CardAction.RECALLED else number
    member.save(update_fields=["party_card_number", "updated_at"])
    record(
        actor=actor,
        action=AuditAction.UPDATE,
        obj=member,
        before=before,
        after=snapshot(member, ["party_card_number"]),
        organization_path=organization.path,
        message=f"card {action} {number}",
    )
    return entry


@transaction.atomic
def badge_award(
    *,
    actor: Actor,
    member: Member,
    milestone: int,
    awarded_on: date,
    decision_number: str = "",
    early_reason: str = "",
) -> BadgeAward:
    """Award the party badge for ``milestone`` years of party age.

    Rules: the milestone is one of ``badge.milestone_years``; the party age on the award date
    reaches it, or reaches it within the early allowance of the rulebook for ``early_reason``
    "serious_illness" (``badge.early_months_serious_illness``) or "posthumous"
    (``badge.posthumous_early_months``); once per milestone; actor may change members of the
    member's organization. Writes: BadgeAward, AuditEvent(create).
    """
    from dangvien.members.selectors import party_age

    milestones = [int(m) for m in rule("badge.milestone_years", on=awarded_on)]
    if milestone not in milestones:
        raise ValidationFailed(
            _("Badges are awarded for %(list)s years of party age.")
            % {"list": ", ".join(map(str, milestones))},
            code="milestone",
            field="milestone",
        )
    organization = _home_organization(member, awarded_on)
    if organization is None:
        raise ValidationFailed(_("The member has no organization."), code="no_organization")
    require(actor, CHANGE, organization)
    if BadgeAward.objects.filter(member=member, milestone=milestone).exists():
        raise ValidationFailed(
            _("This badge was already awarded."), code="already_awarded", field="milestone"
        )
    age = party_age(member, awarded_on)
    if age is None:
        raise ValidationFailed(
            _("The member has no party age (never recognised as official)."),
            code="no_party_age",
            field="milestone",
        )
    allowance = 0
    if early_reason == "serious_illness":
        allowance = int(
            rule("badge.early_months_serious_illness", on=awarded_on).get(str(milestone), 0)
        )
    elif early_reason == "posthumous":
        allowance = int(rule("badge.posthumous_early_months", on=awarded_on))
    elif early_reason:
        raise ValidationFailed(
            _("Unknown reason for an early award."), code="early_reason", field="early_reason"
        )
    # The counted days end on age.end; shifting the start by the excluded gaps gives the day
    # from which the milestone is counted in calendar years.
    counted_from = age.end - timedelta(days=age.days)
    if add_months(counted_from, 12 * milestone - allowance) > age.end:
        raise ValidationFailed(
            _(
                "On %(date)s the party age is %(years)s years; the %(milestone)s-year badge needs %(milestone)s "
                "years (rule badge.milestone_years)."
            )
            % {"date": awarded_on.strftime("%d/%m/%Y"), "years": age.years, "milestone": milestone},
            code="party_age_short",
            field="milestone",
        )
    user, user_name = recorded_by(actor)
    award = BadgeAward.objects.create(
        member=member,
        milestone=milestone,
        awarded_on=awarded_on,
        organization=organization,
        decision_number=decision_number,
        early_reason=early_reason,
        actor=user,
        actor_name=user_name,
    )
    record(
        actor=actor,
        action=AuditAction.CREATE,
        obj=award,
        after=snapshot(award),
        organization_path=organization.path,
        message=f"badge {milestone}",
    )
    return award
