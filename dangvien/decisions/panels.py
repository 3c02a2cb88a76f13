"""What proposals and decisions add to the shared pages (registered in ``apps.py``)."""

from __future__ import annotations

from datetime import date
from typing import Any

from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from dangvien.accounts.scoping import can
from dangvien.accounts.types import Actor
from dangvien.competence.choices import DecisionKind
from dangvien.competence.selectors import acts_for, bodies_for, may_decide
from dangvien.decisions.permissions import DecisionPermission
from dangvien.decisions.selectors import proposals_of_member
from dangvien.decisions.services import EVENT_OF_KIND
from dangvien.http.registry import InboxItem, Label, PanelContext, page_url
from dangvien.members.selectors import home_organization, member_state
from dangvien.members.transitions import LedgerEntry, ensure_transition

# What the member page offers, in this order.
OFFERED = [
    DecisionKind.RECOGNITION,
    DecisionKind.EXEMPTION,
    DecisionKind.TRANSFER_INTRODUCTION,
    DecisionKind.CARD_ISSUE,
    DecisionKind.BADGE_AWARD,
    DecisionKind.PROBATIONARY_REMOVAL,
    DecisionKind.REMOVAL,
    DecisionKind.RESIGNATION,
    DecisionKind.EXPULSION,
    DecisionKind.READMISSION,
]

# Decisions the member page records directly for the body that decides them: the member
# action "transfer-issue" (``members.actions``), the buttons of the badge and card registers.
# That body is not offered to propose them as well (to itself): each action once on the page.
DECIDED_ON_THE_MEMBER_PAGE = frozenset(
    {DecisionKind.TRANSFER_INTRODUCTION, DecisionKind.BADGE_AWARD, DecisionKind.CARD_ISSUE}
)


def _allowed(kind: str, state: Any) -> bool:
    from dangvien.core.exceptions import DomainError
    from dangvien.members.choices import MemberStatus

    if kind == DecisionKind.CARD_ISSUE:
        return bool(state.status == MemberStatus.OFFICIAL)
    if kind == DecisionKind.BADGE_AWARD:
        return bool(state.status == MemberStatus.OFFICIAL)
    if kind == DecisionKind.PROBATIONARY_REMOVAL:
        return bool(state.status == MemberStatus.PROBATIONARY)
    if kind in (DecisionKind.REMOVAL, DecisionKind.EXPULSION):
        return bool(state.status == MemberStatus.OFFICIAL)
    event = EVENT_OF_KIND.get(kind)
    if event is None:
        return True
    try:
        # the day only words a refusal; a state before admission (a past day's page) has none
        ensure_transition(state, LedgerEntry(0, event, state.admitted_on or date.min, -1))
    except DomainError:
        return False
    return True


def member_decisions(page: PanelContext) -> dict[str, Any] | None:
    """The member's proposals and decisions, and what the actor may propose or decide now."""
    member = page.subject
    # those made by the page's day, and the offers of that day's state (the page of 2022 listed
    # a proposal of 2026 and offered to propose from the state of 2026)
    proposals = list(
        proposals_of_member(actor=page.actor, member=member).filter(proposed_on__lte=page.on)[:50]
    )
    home = home_organization(member, page.on)
    offers: list[tuple[Label, str]] = []
    if home is not None:
        state = member_state(member, page.on)
        for kind in OFFERED:
            if not _allowed(kind, state):
                continue
            bodies = bodies_for(kind, home, page.on)
            if bodies.competence.proposer is None:
                if bodies.decider is not None and acts_for(page.actor, bodies.decider):
                    offers.append(
                        (kind.label, reverse("web:member_decide", args=[member.pk, kind]))
                    )
            elif (
                bodies.proposer is not None
                and can(page.actor, DecisionPermission.PROPOSE, bodies.proposer)
                and not (
                    kind in DECIDED_ON_THE_MEMBER_PAGE
                    and may_decide(page.actor, kind, home, page.on)
                )
            ):
                # named as the page it opens: a proposal, not the decision itself
                offers.append(
                    (
                        _("Propose: %(kind)s") % {"kind": kind.label},
                        reverse("web:member_propose", args=[member.pk, kind]),
                    )
                )
    if not proposals and not offers:
        return None
    return {"proposals": proposals, "offers": offers}


def inbox_proposals(actor: Actor) -> list[InboxItem]:
    """Proposals waiting for a decision of a body the user acts for."""
    from dangvien.core.dates import today
    from dangvien.decisions.selectors import proposals_to_decide

    waiting = proposals_to_decide(actor=actor)
    count = waiting.count()
    if not count:
        return []
    overdue = waiting.filter(due_on__lt=today()).count()
    return [
        InboxItem(
            _("Proposals waiting for your decision"), count, page_url("web:decisions"), overdue
        )
    ]


def inbox_removals(actor: Actor) -> list[InboxItem]:
    """Members some removal trigger names (the due-list for removal), per top organization."""
    from dangvien.core.dates import today
    from dangvien.decisions.due import removal_due
    from dangvien.organizations.selectors import granted_roots, organization_names

    roots = granted_roots(actor, DecisionPermission.PROPOSE)
    names = organization_names(r.pk for r in roots)
    items = []
    for root in roots:
        rows = removal_due(actor=actor, organization=root, on=today())
        if rows:
            where = f" — {names.get(root.pk, root.code)}" if len(roots) > 1 else ""
            items.append(
                InboxItem(
                    str(_("Members to consider for removal")) + where,
                    len({row.due.member.pk for row in rows}),
                    page_url("web:removal_due", root.code),
                )
            )
    return items
