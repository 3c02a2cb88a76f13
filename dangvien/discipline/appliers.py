"""Discipline decided through the proposals and rulings of ``dangvien.decisions`` without a
case (a member's expulsion proposed from the member page, a reprimand decided there): the
appliers of the four member forms are wrapped so that such a decision is also recorded as a
discipline case and decision (the statistics count it) and dismissal and expulsion end the
member's committee posts, in the ruling's transaction."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from dangvien.competence.choices import DecisionKind
from dangvien.decisions.appliers import Applier, Ruled, appliers
from dangvien.discipline.choices import Subject
from dangvien.discipline.models import DisciplineDecision
from dangvien.discipline.selectors import standing_on
from dangvien.members.models import MemberEvent
from dangvien.organizations.models import Organization

KINDS = (
    DecisionKind.REPRIMAND,
    DecisionKind.WARNING,
    DecisionKind.DISMISSAL,
    DecisionKind.EXPULSION,
)


def _recording(kind: str, original: Applier | None) -> Applier:
    def apply(ruled: Ruled) -> MemberEvent | None:
        event = original(ruled) if original is not None else None
        if "case" not in ruled.proposal.data:
            record_ruled(kind, ruled, event)
        return event

    apply.discipline = True  # type: ignore[attr-defined]
    return apply


def record_ruled(kind: str, ruled: Ruled, event: MemberEvent | None) -> DisciplineDecision:
    """The case and decision of a ruling made outside a case."""
    from dangvien.discipline.services import _create_case, _end_posts, _write_decision

    member = ruled.proposal.member
    standing = standing_on(member, ruled.decided_on)
    home = (
        Organization.objects.get(pk=standing.organization_id)
        if standing is not None
        else ruled.proposal.proposing_organization
    )
    case = _create_case(
        actor=ruled.actor,
        key="",
        subject=Subject.MEMBER,
        member=member,
        organization=home,
        opened_on=ruled.proposal.proposed_on,
        opened_by=ruled.proposal.proposing_organization,
        violation=ruled.proposal.note,
        violated_on=None,
        offence="",
    )
    if kind in (DecisionKind.DISMISSAL, DecisionKind.EXPULSION):
        _end_posts(ruled.actor, member, ruled.decided_on)
    return _write_decision(
        actor=ruled.actor,
        case=case,
        form=kind,
        decided_on=ruled.decided_on,
        deciding_organization=ruled.proposal.deciding_organization,
        number=ruled.decision.number,
        member_event=event,
    )


def register_discipline_appliers() -> None:
    """Wrap the appliers of the member forms once (``ready()`` may run twice in tests)."""
    for kind in KINDS:
        current: Callable[..., Any] | None = appliers.get(kind)
        if current is not None and getattr(current, "discipline", False):
            continue
        appliers.unregister(kind)
        appliers.register(kind, _recording(kind, current))
