"""Reads of the portal: the member a user account belongs to, and their own record."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from django.db.models import QuerySet
from django.http import Http404

from dangvien.accounts.types import Actor
from dangvien.audit.selectors import cached_until_write
from dangvien.members.models import Member, MemberEvent, MemberPeriod
from dangvien.members.selectors import LifecycleDates, PartyAge, lifecycle_dates, party_age
from dangvien.organizations.models import OrganizationVersion
from dangvien.portal.models import MemberAccount


def member_of(actor: Actor) -> Member | None:
    """The member ``actor``'s account belongs to (None for staff accounts)."""
    if not actor.is_authenticated:
        return None
    link = MemberAccount.objects.select_related("member").filter(user_id=actor.pk).first()
    return link.member if link is not None else None


def has_member_account(actor: Actor) -> bool:
    """Whether ``actor``'s account belongs to a member: the menu asks it on every page, kept
    until the next change of the data (an account is linked by an audited service)."""
    if not actor.is_authenticated:
        return False
    return cached_until_write(
        f"has-member-account:{actor.pk}",
        lambda: MemberAccount.objects.filter(user_id=actor.pk).exists(),
    )


def own_member(actor: Actor) -> Member:
    member = member_of(actor)
    if member is None:
        raise Http404("member account")
    return member


@dataclass(frozen=True)
class OwnRecord:
    member: Member
    period: MemberPeriod | None
    organization_name: str
    dates: LifecycleDates
    party_age: PartyAge | None
    events: QuerySet[MemberEvent]


def own_record(member: Member, on: date) -> OwnRecord:
    """The member's own file as the portal shows it: current standing, dates, timeline."""
    period = (
        MemberPeriod.objects.filter(member=member, valid_from__lte=on)
        .select_related("organization")
        .order_by("-valid_from")
        .first()
    )
    name = ""
    if period is not None:
        state = OrganizationVersion.objects.at(on).filter(organization=period.organization).first()
        name = state.name if state else period.organization.code
    return OwnRecord(
        member=member,
        period=period,
        organization_name=name,
        dates=lifecycle_dates(member, on=on),
        party_age=party_age(member, on),
        events=MemberEvent.objects.filter(member=member)
        .select_related("organization")
        .order_by("-effective_on", "-id"),
    )
