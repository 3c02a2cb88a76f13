"""Writes of proposals and rulings: a body proposes, the competent body decides.

The competence of each kind is a dated rule (``competence.<kind>``); the proposing and deciding
organizations are resolved from the member's organization on the day. An approved ruling writes
its effect through the service that owns it (``appliers``) in the same transaction.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from django.db import transaction
from django.utils.translation import gettext as _

from dangvien.accounts.scoping import require
from dangvien.accounts.types import Actor
from dangvien.audit.services import AuditAction, record, recorded_by, snapshot
from dangvien.competence.selectors import (
    acts_for,
    bodies_for,
    competence_source,
    due_date,
    not_competent,
    organization_name,
)
from dangvien.core.dates import refuse_future
from dangvien.core.decisions import Decision, require_numbered
from dangvien.core.exceptions import ValidationFailed
from dangvien.core.formatting import vn_date
from dangvien.core.verdicts import enforce
from dangvien.core.votes import RecordedVote, VotePurpose, vote_applies
from dangvien.decisions.appliers import Ruled, appliers
from dangvien.decisions.choices import IRREVERSIBLE, DecisionKind, Outcome, ProposalStatus
from dangvien.decisions.models import Proposal, Ruling
from dangvien.decisions.permissions import DecisionPermission
from dangvien.decisions.rules import recognition_resolution_verdict
from dangvien.decisions.selectors import official_members_convened
from dangvien.members.choices import TARGETED_EVENTS, MemberEventType
from dangvien.members.models import Member
from dangvien.members.rule_keys import RECOGNITION_PROPOSAL_WORKING_DAYS
from dangvien.members.selectors import (
    home_organization,
    member_state,
    next_badge_occasion,
    probation_end,
)
from dangvien.members.services import badge_verdict
from dangvien.members.transitions import LedgerEntry, ensure_transition
from dangvien.organizations.models import Organization

E = MemberEventType
# The ledger event a kind ends in, to ask the transition table at proposal time whether the
# member's state allows it (the service that writes it checks again when it is decided).
EVENT_OF_KIND: dict[str, str] = {
    DecisionKind.RECOGNITION: E.RECOGNISED,
    DecisionKind.PROBATIONARY_REMOVAL: E.REMOVED,
    DecisionKind.REMOVAL: E.REMOVED,
    DecisionKind.RESIGNATION: E.RESIGNED,
    DecisionKind.EXPULSION: E.EXPELLED,
    DecisionKind.READMISSION: E.READMITTED,
    DecisionKind.EXEMPTION: E.EXEMPTED,
    DecisionKind.TRANSFER_INTRODUCTION: E.TRANSFER_ISSUED,
}
# Kinds that name another organization (the destination, the re-admitting cell): those whose
# event does, by the members' table.
TARGETED = frozenset(kind for kind, event in EVENT_OF_KIND.items() if event in TARGETED_EVENTS)


def _check_status(kind: str, member: Member, on: date, data: dict[str, Any]) -> None:
    from dangvien.members.choices import MemberStatus

    state = member_state(member)
    if kind == DecisionKind.PROBATIONARY_REMOVAL and state.status != MemberStatus.PROBATIONARY:
        raise ValidationFailed(
            _("Only a probationary member is removed this way."),
            code="not_probationary",
            field="kind",
        )
    if kind == DecisionKind.REMOVAL and state.status == MemberStatus.PROBATIONARY:
        raise ValidationFailed(
            _("A probationary member is removed through the removal of a probationary member."),
            code="probationary",
            field="kind",
        )
    if kind == DecisionKind.EXPULSION and state.status == MemberStatus.PROBATIONARY:
        raise ValidationFailed(
            _(
                "A probationary member cannot be expelled; one who no longer qualifies is "
                "removed from the list (Quy định 69-QĐ/TW Điều 7)."
            ),
            code="probationary_not_expelled",
            field="kind",
        )
    if kind in (DecisionKind.CARD_ISSUE,) and state.status != MemberStatus.OFFICIAL:
        raise ValidationFailed(
            _("Party cards are issued to official members only."), code="not_official"
        )
    event = EVENT_OF_KIND.get(kind)
    if event is not None:
        ensure_transition(state, LedgerEntry(0, event, on, -1 if kind in TARGETED else None))


def _check_decidable(kind: str, member: Member, on: date, data: dict[str, Any]) -> None:
    """What the decision will check that is already known on the day of the proposal, asked
    through the same rules, so that the proposing body learns it now rather than from the
    competent body's refusal: the badge's milestone against the party age on the occasion it is
    proposed for, and the end of probation for a recognition."""
    if kind == DecisionKind.BADGE_AWARD:
        _check_badge(member, on, data)
    elif kind == DecisionKind.RECOGNITION:
        enforce(
            recognition_resolution_verdict(
                on,
                # the day the decision will make the member official (``appliers``)
                probation_end(member),
                source=RECOGNITION_PROPOSAL_WORKING_DAYS.cited(on=on),
            )
        )


def _check_badge(member: Member, on: date, data: dict[str, Any]) -> None:
    """The award's milestone rule (``members.rules.badge_milestone_verdict``: what
    ``members.services.badge_award`` refuses on the award day) on the award occasion the
    proposal is for: the next one on or after the resolution, as the list of badge candidates
    proposes them."""
    try:
        milestone = int(data["milestone"])
    except (KeyError, TypeError, ValueError):
        raise ValidationFailed(
            _("Choose the badge (years of party age)."),
            code="milestone_required",
            field="milestone",
        ) from None
    occasion = next_badge_occasion(on)
    enforce(
        badge_verdict(
            milestone, occasion, member=member, early_reason=str(data.get("early_reason") or "")
        )
    )


@transaction.atomic
def proposal_submit(
    *,
    actor: Actor,
    kind: str,
    member: Member,
    proposed_on: date,
    votes_for: int | None = None,
    votes_against: int | None = None,
    members_convened: int | None = None,
    data: dict[str, Any] | None = None,
    note: str = "",
    meeting_vote: RecordedVote | None = None,
) -> Proposal:
    """The proposing body (the member's cell, or the level the rulebook names) proposes a
    decision to the competent body.

    Rules: the kind has a proposing level (``competence.<kind>``); the date is not in the
    future; the member belongs to an organization that day and their state allows the
    outcome (the transition table); what the decision checks that is known already (a badge:
    ``members.rules.badge_milestone_verdict`` on the next award occasion; a recognition:
    ``recognition_resolution_verdict``, not before the end of probation); the actor may propose
    for the proposing organization;
    when the rulebook requires a vote, the official members convened are exactly the
    proposing organization's official members that day (without the excluded) and the votes
    in favour reach the share required; no other proposal of the kind for the member is
    waiting. ``meeting_vote``: a vote the proposing organization took at its meeting on the
    date of the resolution gives the numbers (``data["meeting_vote"]`` keeps which one).
    Writes: Proposal, AuditEvent(create).
    """
    member = Member.objects.select_for_update().get(pk=member.pk)
    refuse_future(proposed_on, "proposed_on")
    home = home_organization(member, proposed_on)
    if home is None:
        raise ValidationFailed(
            _("The member has no organization on that date."),
            code="no_organization",
            field="proposed_on",
        )
    data = dict(data or {})
    target = None
    if kind in TARGETED:
        target = _target_exists(data, proposed_on)
        if kind == DecisionKind.READMISSION:
            # the cell that re-admits proposes, not the one the person left
            home = target
    # the destination decides who decides (a transfer out of the grassroots organization is
    # introduced by the level above it)
    bodies = bodies_for(kind, home, proposed_on, target=target)
    rule = bodies.competence
    if rule.proposer is None:
        raise ValidationFailed(
            _("%(kind)s is decided by %(body)s directly, without a proposal.")
            % {"kind": DecisionKind(kind).label, "body": _level_label(rule.decider)},
            code="no_proposal",
            field="kind",
        )
    if bodies.proposer is None or bodies.decider is None:
        raise ValidationFailed(
            _("No competent body is found above the member's organization on that date."),
            code="no_competent_body",
            field="kind",
        )
    require(actor, DecisionPermission.PROPOSE, bodies.proposer)
    _check_status(kind, member, proposed_on, data)
    _check_decidable(kind, member, proposed_on, data)
    if meeting_vote is not None:
        votes_for, votes_against, members_convened = _numbers_of(
            meeting_vote, bodies.proposer, proposed_on, (votes_for, votes_against)
        )
        data["meeting_vote"] = meeting_vote.pk
    convened, votes_for = _check_vote(
        rule_vote=rule.vote is not None,
        passes=rule.vote_passes,
        body=bodies.proposer,
        on=proposed_on,
        votes_for=votes_for,
        votes_against=votes_against,
        members_convened=members_convened,
        kind=kind,
    )
    if Proposal.objects.pending().filter(member=member, kind=kind).exists():
        raise ValidationFailed(
            _("A proposal of this kind for this member is already waiting for a decision."),
            code="already_proposed",
            field="kind",
        )
    user, name = recorded_by(actor)
    proposal = Proposal.objects.create(
        kind=kind,
        member=member,
        proposing_organization=bodies.proposer,
        deciding_organization=bodies.decider,
        proposed_on=proposed_on,
        members_convened=convened,
        votes_for=votes_for,
        votes_against=votes_against,
        due_on=due_date(rule, proposed_on),
        data=data,
        note=note,
        submitted_by=user,
        submitted_by_name=name,
    )
    record(
        actor=actor,
        action=AuditAction.CREATE,
        obj=proposal,
        after=snapshot(proposal),
        organization_path=bodies.proposer.path,
        message=f"proposal {kind}",
    )
    return proposal


def _level_label(level: str) -> str:
    from dangvien.competence.choices import Level

    return str(Level(level).label)


def _target_exists(data: dict[str, Any], on: date) -> Organization:
    from dangvien.organizations.selectors import existing_state

    target = Organization.objects.filter(code=data.get("organization") or "").first()
    if target is None:
        raise ValidationFailed(
            _("Choose the organization concerned."),
            code="organization_required",
            field="organization",
        )
    existing_state(target, on, field="organization")
    return target


def _numbers_of(
    vote: RecordedVote, body: Organization, on: date, typed: tuple[int | None, int | None]
) -> tuple[int, int, int]:
    """The numbers of a vote taken at ``body``'s meeting on ``on`` for a proposal (votes for,
    against, official members convened); typed numbers, if any, must be the vote's. The share
    required is then checked by ``_check_vote`` as for typed numbers."""
    vote_applies(
        vote,
        organization_id=body.pk,
        organization_name=organization_name(body, on),
        on=on,
        purposes=(VotePurpose.PROPOSAL,),
    )
    mine = (vote.votes_for, vote.votes_against)
    if any(value is not None and value != own for value, own in zip(typed, mine, strict=True)):
        raise ValidationFailed(
            _("Pick the vote taken at the meeting or type the numbers, not both."),
            code="vote_twice",
            field="votes_for",
        )
    return vote.votes_for, vote.votes_against, vote.members_convened


def _check_vote(
    *,
    rule_vote: bool,
    passes: Any,
    body: Organization,
    on: date,
    votes_for: int | None,
    votes_against: int | None,
    members_convened: int | None,
    kind: str,
) -> tuple[int | None, int | None]:
    """The vote of ``body`` on ``on``: the denominator is computed from the record, a typed one
    must agree with it; returns (convened, votes for)."""
    if not rule_vote and votes_for is None:
        return members_convened, votes_for
    convened = official_members_convened(body, on)
    if members_convened is not None and members_convened != convened:
        raise ValidationFailed(
            _(
                "On %(date)s %(name)s has %(count)s official members to convene (exempted members "
                "and members away on a temporary transfer not counted), not %(typed)s."
            )
            % {
                "date": vn_date(on),
                "name": organization_name(body, on),
                "count": convened,
                "typed": members_convened,
            },
            code="convened_mismatch",
            field="members_convened",
        )
    if votes_for is None:
        raise ValidationFailed(
            _("The number of votes in favour is required."), code="vote_required", field="votes_for"
        )
    if votes_for + (votes_against or 0) > convened:
        raise ValidationFailed(
            _("More votes than official members convened (%(count)s).") % {"count": convened},
            code="too_many_votes",
            field="votes_for",
        )
    if rule_vote and not passes(votes_for, convened):
        raise ValidationFailed(
            _(
                "%(for)s of %(count)s official members convened voted in favour: not enough for "
                "%(kind)s (%(source)s)."
            )
            % {
                "for": votes_for,
                "count": convened,
                "kind": DecisionKind(kind).label,
                "source": competence_source(kind, on),
            },
            code="vote_short",
            field="votes_for",
        )
    return convened, votes_for


@transaction.atomic
def proposal_withdraw(*, actor: Actor, proposal: Proposal, on: date, note: str) -> Ruling:
    """The proposing body withdraws a proposal still waiting for a decision.

    Rules: waiting; the actor may propose for the proposing organization; a reason. Writes:
    Ruling(withdrawn), AuditEvent(update).
    """
    proposal = Proposal.objects.select_for_update().get(pk=proposal.pk)
    _ensure_pending(proposal)
    require(actor, DecisionPermission.PROPOSE, proposal.proposing_organization)
    if not note.strip():
        raise ValidationFailed(
            _("Say why the proposal is withdrawn."), code="note_required", field="note"
        )
    refuse_future(on, "decided_on")
    user, name = recorded_by(actor)
    ruling = Ruling.objects.create(
        proposal=proposal,
        outcome=ProposalStatus.WITHDRAWN,
        organization=proposal.proposing_organization,
        decided_on=on,
        note=note,
        decided_by=user,
        decided_by_name=name,
    )
    _audit(actor, proposal, ruling)
    return ruling


def _ensure_pending(proposal: Proposal) -> None:
    if Ruling.objects.filter(proposal=proposal).exists():
        raise ValidationFailed(
            _("This proposal was already decided or withdrawn."), code="already_decided"
        )


def _audit(actor: Actor, proposal: Proposal, ruling: Ruling) -> None:
    record(
        actor=actor,
        action=AuditAction.UPDATE,
        obj=proposal,
        before={"status": ProposalStatus.PENDING},
        after={"status": ruling.outcome, "ruling": snapshot(ruling)},
        organization_path=proposal.proposing_organization.path,
        message=f"{proposal.kind} {ruling.outcome}",
    )


@transaction.atomic
def ruling_record(
    *,
    actor: Actor,
    proposal: Proposal,
    outcome: str,
    decision: Decision,
    note: str = "",
    confirmed: bool = False,
) -> Ruling:
    """The competent body decides a proposal with its numbered decision.

    Rules: the proposal is waiting; the actor acts for the deciding organization (a role on
    that organization itself; administrators may record for any body); the actor did not
    submit the proposal (four eyes); the decision has a number and a date, not in the future
    and not before the proposal; an irreversible approval (expulsion, removal, leaving) is
    confirmed; an approval writes its effect through the owning service (expulsion and
    removal also recover the party card). Writes: Ruling, the effect's rows (MemberEvent,
    periods, card register …), AuditEvent(update).
    """
    proposal = (
        Proposal.objects.select_for_update()
        .select_related("member", "proposing_organization", "deciding_organization")
        .get(pk=proposal.pk)
    )
    _ensure_pending(proposal)
    if outcome not in Outcome.values:
        raise ValidationFailed(_("Unknown outcome."), code="outcome", field="outcome")
    if not acts_for(actor, proposal.deciding_organization):
        _refuse_not_competent(proposal)
    if proposal.submitted_by_id is not None and proposal.submitted_by_id == actor.pk:
        raise ValidationFailed(
            _("The person who submitted a proposal cannot also decide it."),
            code="four_eyes",
            field="outcome",
        )
    decided_on = require_numbered(decision, field="number")
    refuse_future(decided_on, "date")
    if decided_on < proposal.proposed_on:
        raise ValidationFailed(
            _("The decision cannot precede the proposal (%(date)s).")
            % {"date": vn_date(proposal.proposed_on)},
            code="decision_before_proposal",
            field="date",
        )
    if outcome == Outcome.APPROVED and proposal.kind in IRREVERSIBLE and not confirmed:
        raise ValidationFailed(
            _("This decision cannot be undone: confirm it to record it."),
            code="confirmation_required",
            field="confirmed",
        )
    issuer = decision.issuer or organization_name(proposal.deciding_organization, decided_on)
    decision = Decision(decision.number.strip(), decided_on, issuer)
    event = None
    if outcome == Outcome.APPROVED:
        apply = appliers.get(proposal.kind)
        if apply is not None:
            event = apply(Ruled(actor, proposal, decision, decided_on))
    user, name = recorded_by(actor)
    ruling = Ruling.objects.create(
        proposal=proposal,
        outcome=outcome,
        organization=proposal.deciding_organization,
        decided_on=decided_on,
        number=decision.number,
        issuer=issuer,
        member_event=event,
        note=note,
        decided_by=user,
        decided_by_name=name,
    )
    _audit(actor, proposal, ruling)
    return ruling


def _refuse_not_competent(proposal: Proposal) -> None:
    raise not_competent(proposal.deciding_organization, proposal.kind, proposal.proposed_on)


@transaction.atomic
def decision_record(
    *,
    actor: Actor,
    kind: str,
    member: Member,
    decision: Decision,
    votes_for: int | None = None,
    votes_against: int | None = None,
    members_convened: int | None = None,
    data: dict[str, Any] | None = None,
    note: str = "",
    meeting_vote: RecordedVote | None = None,
) -> Ruling:
    """A body decides on its own (no proposal from another body): a cell exempts a member, or
    reprimands one with its vote.

    Rules: the kind has no proposing level; the actor acts for the deciding organization; the
    vote (when the rulebook requires one) as for a proposal, or taken from ``meeting_vote``
    (the body's meeting on the decision date); the state allows the outcome.
    Writes: Proposal and Ruling (the body's resolution and its decision, one act), the effect,
    AuditEvent.
    """
    member = Member.objects.select_for_update().get(pk=member.pk)
    on = require_numbered(decision, field="number")
    refuse_future(on, "date")
    home = home_organization(member, on)
    if home is None:
        raise ValidationFailed(
            _("The member has no organization on that date."), code="no_organization", field="date"
        )
    bodies = bodies_for(kind, home, on)
    rule = bodies.competence
    if rule.proposer is not None:
        raise ValidationFailed(
            _("%(kind)s needs a proposal of %(body)s first.")
            % {"kind": DecisionKind(kind).label, "body": _level_label(rule.proposer)},
            code="proposal_required",
            field="kind",
        )
    if bodies.decider is None:
        raise ValidationFailed(
            _("No competent body is found above the member's organization on that date."),
            code="no_competent_body",
            field="kind",
        )
    if not acts_for(actor, bodies.decider):
        raise not_competent(bodies.decider, kind, on)
    data = dict(data or {})
    _check_status(kind, member, on, data)
    if meeting_vote is not None:
        votes_for, votes_against, members_convened = _numbers_of(
            meeting_vote, bodies.decider, on, (votes_for, votes_against)
        )
        data["meeting_vote"] = meeting_vote.pk
    convened, votes_for = _check_vote(
        rule_vote=rule.vote is not None,
        passes=rule.vote_passes,
        body=bodies.decider,
        on=on,
        votes_for=votes_for,
        votes_against=votes_against,
        members_convened=members_convened,
        kind=kind,
    )
    user, name = recorded_by(actor)
    proposal = Proposal.objects.create(
        kind=kind,
        member=member,
        proposing_organization=bodies.decider,
        deciding_organization=bodies.decider,
        proposed_on=on,
        members_convened=convened,
        votes_for=votes_for,
        votes_against=votes_against,
        data=data,
        note=note,
        submitted_by=user,
        submitted_by_name=name,
    )
    issuer = decision.issuer or organization_name(bodies.decider, on)
    decision = Decision(decision.number.strip(), on, issuer)
    apply = appliers.get(kind)
    event = apply(Ruled(actor, proposal, decision, on)) if apply is not None else None
    ruling = Ruling.objects.create(
        proposal=proposal,
        outcome=Outcome.APPROVED,
        organization=bodies.decider,
        decided_on=on,
        number=decision.number,
        issuer=issuer,
        member_event=event,
        note=note,
        decided_by=user,
        decided_by_name=name,
    )
    record(
        actor=actor,
        action=AuditAction.CREATE,
        obj=proposal,
        after={"proposal": snapshot(proposal), "ruling": snapshot(ruling)},
        organization_path=bodies.decider.path,
        message=f"decision {kind}",
    )
    return ruling
