"""The party card register and the party badge."""

from __future__ import annotations

from datetime import date

from django.db import transaction
from django.utils.translation import gettext as _

from dangvien.accounts.types import Actor
from dangvien.audit.services import AuditAction, record, recorded_by, snapshot
from dangvien.competence.choices import DecisionKind
from dangvien.competence.selectors import require_competent
from dangvien.core.dates import refuse_future
from dangvien.core.exceptions import ValidationFailed
from dangvien.core.formatting import vn_date
from dangvien.core.verdicts import Verdict, enforce
from dangvien.members.choices import MemberStatus
from dangvien.members.models import (
    BadgeAward,
    CardAction,
    Member,
    MemberPeriod,
    PartyCardEntry,
)
from dangvien.members.rule_keys import (
    BADGE_EARLY_MONTHS_SERIOUS_ILLNESS,
    BADGE_MILESTONE_YEARS,
    BADGE_POSTHUMOUS_EARLY_MONTHS,
)
from dangvien.members.rules import badge_milestone_verdict
from dangvien.members.selectors import (
    home_organization,
)
from dangvien.members.services.ledger import (
    CHANGE,
    authorize_member_write,
)
from dangvien.organizations.models import Organization


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
    official member that day, with a number no other member holds, by a user acting for the body
    competent to issue cards (``competence.card_issue``); issue only without a card
    held, re-issue and recall only with one; entries in date order. Writes: PartyCardEntry,
    Member.party_card_number (the card held now), AuditEvent(update).
    """
    member = Member.objects.select_for_update().get(pk=member.pk)
    refuse_future(effective_on, "effective_on")
    number = number.strip()
    if action not in CardAction.values:
        raise ValidationFailed(_("Unknown card action."), code="card_action", field="action")
    last = PartyCardEntry.objects.filter(member=member).order_by("-effective_on", "-id").first()
    if last is not None and effective_on < last.effective_on:
        raise ValidationFailed(
            _("A later entry of the card register exists (%(date)s).")
            % {"date": vn_date(last.effective_on)},
            code="history_order",
            field="effective_on",
        )
    held = _current_card(member)
    if action == CardAction.RECALLED:
        if held is None:
            raise ValidationFailed(_("The member holds no card."), code="no_card", field="action")
        organization = home_organization(member, effective_on)
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
    authorize_member_write(actor, CHANGE, member, organization)
    if action != CardAction.RECALLED:
        # issuing is decided by the level above the grassroots organization (§2.8); recovering
        # a card (on expulsion, removal) is done by whoever records that exit
        require_competent(actor, DecisionKind.CARD_ISSUE, organization, effective_on)
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
    (``badge.posthumous_early_months``); by a user acting for the body competent to award it
    (``competence.badge_award``); only to a member in good standing on the award day (a
    member that day), and posthumously only to a member who died on or before it; once per
    milestone; actor may change members of the member's organization. Writes: BadgeAward,
    AuditEvent(create).
    """
    member = Member.objects.select_for_update().get(pk=member.pk)
    refuse_future(awarded_on, "awarded_on")
    if milestone not in BADGE_MILESTONE_YEARS(on=awarded_on):
        # the rule's first refusal, before the rights are asked (as it was)
        enforce(badge_verdict(milestone, awarded_on))
    organization = home_organization(member, awarded_on)
    if organization is None:
        raise ValidationFailed(_("The member has no organization."), code="no_organization")
    authorize_member_write(actor, CHANGE, member, organization)
    require_competent(actor, DecisionKind.BADGE_AWARD, organization, awarded_on)
    _check_badge_standing(member, awarded_on, early_reason)
    if BadgeAward.objects.filter(member=member, milestone=milestone).exists():
        raise ValidationFailed(
            _("This badge was already awarded."), code="already_awarded", field="milestone"
        )
    # the one rule of the milestone and the party age, as the proposal of the body below asks it
    enforce(badge_verdict(milestone, awarded_on, member=member, early_reason=early_reason))
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


def badge_verdict(
    milestone: int, on: date, *, member: Member | None = None, early_reason: str = ""
) -> Verdict:
    """``members.rules.badge_milestone_verdict`` for ``member``'s party age on ``on`` (without a
    member, the milestone alone) with the rulebook in force that day: what ``badge_award``
    refuses on the award day and the proposal of the body below on the occasion proposed for."""
    from dangvien.members.selectors import party_age

    return badge_milestone_verdict(
        milestone,
        on,
        age=party_age(member, on) if member is not None else None,
        milestones=BADGE_MILESTONE_YEARS(on=on),
        serious_illness_months=BADGE_EARLY_MONTHS_SERIOUS_ILLNESS(on=on),
        posthumous_months=BADGE_POSTHUMOUS_EARLY_MONTHS(on=on),
        source=BADGE_MILESTONE_YEARS.cited(on=on),
        early_reason=early_reason,
    )


def _check_badge_standing(member: Member, awarded_on: date, early_reason: str) -> None:
    """Badges go to members who keep their standing (a member on the award day); the
    posthumous allowance is for the dead only (§2.7)."""
    from dangvien.members.choices import MemberEventType
    from dangvien.members.selectors import member_state

    state = member_state(member)
    died = state.exit_type == MemberEventType.DIED and state.exited_on is not None
    if early_reason == "posthumous":
        if not died or state.exited_on is None or state.exited_on > awarded_on:
            raise ValidationFailed(
                _("A posthumous award is for a member who has died."),
                code="not_deceased",
                field="early_reason",
            )
        return
    if not MemberPeriod.objects.at(awarded_on).filter(member=member).exists():
        raise ValidationFailed(
            _("On %(date)s the person is not a party member in good standing.")
            % {"date": vn_date(awarded_on)},
            code="not_in_good_standing",
            field="awarded_on",
        )
