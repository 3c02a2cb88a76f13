"""Reads of proposals and rulings, and who is competent for what."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date

from django.db.models import Q, QuerySet
from django.http import Http404

from dangvien.accounts.scoping import scope_q
from dangvien.accounts.types import Actor
from dangvien.competence.rule_keys import VOTE_CONVENED_EXCLUDES
from dangvien.competence.selectors import acting_organizations
from dangvien.core.registry import Registry
from dangvien.decisions.models import Proposal
from dangvien.decisions.permissions import DecisionPermission
from dangvien.members.choices import MemberStatus
from dangvien.members.models import Member, MemberPeriod
from dangvien.organizations.models import Organization


def official_members_convened(organization: Organization, on: date) -> int:
    """The denominator of a vote of ``organization`` on ``on``: its official members that day,
    without those the rulebook excludes (exempted from activities, away on a temporary
    transfer); temporary guests from elsewhere are not its members at all."""
    excludes = set(VOTE_CONVENED_EXCLUDES(on=on))
    periods = MemberPeriod.objects.at(on).filter(
        organization=organization, status=MemberStatus.OFFICIAL
    )
    if "exempted" in excludes:
        periods = periods.filter(is_exempted=False)
    if "temporarily_away" in excludes:
        periods = periods.filter(host_organization__isnull=True)
    return periods.count()


#: Apps owning sensitive kinds of proposals narrow what an actor sees of them (``discipline``:
#: its forms only to who reads its files): each gives the ``Q`` of the proposals ``actor`` may
#: see. Applied by ``proposal_queryset``, so the lists, the pages, the API and the member panel
#: agree.
proposal_visibility: Registry[Callable[[Actor], Q]] = Registry("proposal visibility")


def proposal_queryset(actor: Actor) -> QuerySet[Proposal]:
    """Proposals the actor may see: those made in, or to be decided by, an organization of the
    actor's scope, narrowed by ``proposal_visibility``."""
    proposals = Proposal.objects.filter(
        scope_q(actor, DecisionPermission.VIEW, "proposing_organization")
        | scope_q(actor, DecisionPermission.VIEW, "deciding_organization")
    )
    for visible in proposal_visibility:
        proposals = proposals.filter(visible(actor))
    return proposals.select_related(
        "member", "proposing_organization", "deciding_organization", "ruling"
    ).distinct()


def proposal_get(*, actor: Actor, pk: int) -> Proposal:
    proposal = proposal_queryset(actor).filter(pk=pk).first()
    if proposal is None:
        raise Http404("proposal")
    return proposal


def proposals_waiting(
    *, actor: Actor, organization: Organization | None = None
) -> QuerySet[Proposal]:
    """Proposals waiting for a decision, oldest due first: those the actor may see, or only
    those to be decided by ``organization``."""
    proposals = proposal_queryset(actor).filter(ruling__isnull=True)
    if organization is not None:
        proposals = proposals.filter(deciding_organization=organization)
    return proposals.order_by("due_on", "proposed_on", "pk")


def proposals_of_member(*, actor: Actor, member: Member) -> QuerySet[Proposal]:
    return proposal_queryset(actor).filter(member=member).order_by("-proposed_on", "-pk")


def proposals_to_decide(*, actor: Actor) -> QuerySet[Proposal]:
    """Proposals waiting for a decision of a body the actor acts for (every one for an
    administrator), oldest due first."""
    proposals = Proposal.objects.pending().select_related(
        "member", "proposing_organization", "deciding_organization"
    )
    if not actor.is_superuser:
        proposals = proposals.filter(deciding_organization__in=acting_organizations(actor))
    return proposals.order_by("due_on", "proposed_on", "pk")
