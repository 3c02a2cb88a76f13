"""What an approved ruling does, per decision kind: the effect is written by the service that
owns it (members' lifecycle, card register, badges …) in the ruling's transaction.

The registry lets apps above this one (admissions, discipline …) add the effects of their own
kinds in their ``AppConfig.ready()``; the kinds of the members app are registered here.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date

from django.utils.translation import gettext as _

from dangvien.accounts.types import Actor
from dangvien.core.decisions import Decision
from dangvien.core.exceptions import ValidationFailed
from dangvien.core.formatting import vn_date
from dangvien.core.registry import Registry
from dangvien.decisions.choices import DecisionKind
from dangvien.decisions.models import Proposal
from dangvien.members.models import CardAction, MemberEvent, PartyCardEntry
from dangvien.members.selectors import probation_end
from dangvien.members.services import (
    badge_award,
    member_exempt,
    member_expel,
    member_readmit,
    member_recognise,
    member_remove,
    member_resign,
    member_transfer_issue,
    party_card_record,
)
from dangvien.organizations.models import Organization


@dataclass(frozen=True)
class Ruled:
    """An approved proposal and the decision that approved it."""

    actor: Actor
    proposal: Proposal
    decision: Decision
    decided_on: date


Applier = Callable[[Ruled], MemberEvent | None]
appliers: Registry[Applier] = Registry("decision appliers")


def _recover_card(ruled: Ruled, on: date) -> None:
    """The party card is recovered on expulsion and removal (§2.8)."""
    last = (
        PartyCardEntry.objects.filter(member=ruled.proposal.member)
        .order_by("-effective_on", "-id")
        .first()
    )
    if last is not None and last.action != CardAction.RECALLED:
        party_card_record(
            actor=ruled.actor,
            member=ruled.proposal.member,
            action=CardAction.RECALLED,
            effective_on=max(on, last.effective_on),
            decision_number=ruled.decision.number,
            note=str(ruled.proposal.get_kind_display()),
        )


def _recognition(ruled: Ruled) -> MemberEvent:
    # Official exactly at the end of probation, whatever the date of the decision (§2.4).
    end = probation_end(ruled.proposal.member)
    try:
        return member_recognise(
            actor=ruled.actor,
            member=ruled.proposal.member,
            decision=ruled.decision,
            effective_on=end,
            note=ruled.proposal.note,
        )
    except ValidationFailed as error:
        if error.code != "future_date" or error.field != "effective_on" or end is None:
            raise
        # The ledger refuses the event dated at the end of probation while that day is to come;
        # its own words name a date nobody typed ("31/12/2026 chưa đến"), so the decision says
        # which date it is. (Reached by proposals resolved before probation ended, which
        # ``proposal_submit`` no longer accepts.)
        raise ValidationFailed(
            _(
                "The member's probation ends on %(date)s; the decision recognising the member "
                "as official is recorded only from that day."
            )
            % {"date": vn_date(end)},
            code="probation_not_ended",
            field="date",
        ) from error


def _ending(service: Callable[..., MemberEvent]) -> Applier:
    def apply(ruled: Ruled) -> MemberEvent:
        event = service(
            actor=ruled.actor,
            member=ruled.proposal.member,
            effective_on=ruled.decided_on,
            decision=ruled.decision,
            note=ruled.proposal.note,
            reason=str(ruled.proposal.data.get("reason", "")),
        )
        _recover_card(ruled, ruled.decided_on)
        return event

    return apply


def _resignation(ruled: Ruled) -> MemberEvent:
    return member_resign(
        actor=ruled.actor,
        member=ruled.proposal.member,
        effective_on=ruled.decided_on,
        decision=ruled.decision,
        note=ruled.proposal.note,
    )


def _exemption(ruled: Ruled) -> MemberEvent:
    return member_exempt(
        actor=ruled.actor,
        member=ruled.proposal.member,
        effective_on=ruled.decided_on,
        decision=ruled.decision,
        note=ruled.proposal.note,
    )


def _target(ruled: Ruled) -> Organization:
    return Organization.objects.get(code=ruled.proposal.data["organization"])


def _readmission(ruled: Ruled) -> MemberEvent:
    data = ruled.proposal.data
    consent_on = data.get("consent_date")
    return member_readmit(
        actor=ruled.actor,
        member=ruled.proposal.member,
        organization=_target(ruled),
        effective_on=ruled.decided_on,
        decision=ruled.decision,
        note=ruled.proposal.note,
        consent=Decision(
            str(data.get("consent_number", "")),
            date.fromisoformat(consent_on) if consent_on else None,
        ),
        hardship_exception=str(data.get("hardship_exception", "")),
    )


def _transfer(ruled: Ruled) -> MemberEvent:
    return member_transfer_issue(
        actor=ruled.actor,
        member=ruled.proposal.member,
        to_organization=_target(ruled),
        effective_on=ruled.decided_on,
        decision=ruled.decision,
        note=ruled.proposal.note,
    )


def _card(ruled: Ruled) -> None:
    party_card_record(
        actor=ruled.actor,
        member=ruled.proposal.member,
        action=CardAction.ISSUED,
        effective_on=ruled.decided_on,
        number=str(ruled.proposal.data.get("number", "")),
        decision_number=ruled.decision.number,
        note=ruled.proposal.note,
    )


def _badge(ruled: Ruled) -> None:
    badge_award(
        actor=ruled.actor,
        member=ruled.proposal.member,
        milestone=int(ruled.proposal.data["milestone"]),
        awarded_on=ruled.decided_on,
        decision_number=ruled.decision.number,
        early_reason=str(ruled.proposal.data.get("early_reason", "")),
    )


def register_member_appliers() -> None:
    appliers.register(DecisionKind.RECOGNITION, _recognition)
    appliers.register(DecisionKind.PROBATIONARY_REMOVAL, _ending(member_remove))
    appliers.register(DecisionKind.REMOVAL, _ending(member_remove))
    appliers.register(DecisionKind.EXPULSION, _ending(member_expel))
    appliers.register(DecisionKind.RESIGNATION, _resignation)
    appliers.register(DecisionKind.EXEMPTION, _exemption)
    appliers.register(DecisionKind.READMISSION, _readmission)
    appliers.register(DecisionKind.TRANSFER_INTRODUCTION, _transfer)
    appliers.register(DecisionKind.CARD_ISSUE, _card)
    appliers.register(DecisionKind.BADGE_AWARD, _badge)
