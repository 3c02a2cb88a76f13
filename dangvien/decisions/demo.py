"""Proposals and decisions of the demonstration data set (the demo step ``decisions``, after
the accounts): in the cell secretary's cell, one expulsion walked from the cell's proposal to
the commune's numbered decision (the card recovered), and one proposal left waiting for the
commune, so that the commune staff's inbox has work in it."""

from __future__ import annotations

from datetime import date

from dangvien.accounts.models import RoleAssignment, User
from dangvien.accounts.types import Actor
from dangvien.competence.choices import DecisionKind
from dangvien.core.decisions import Decision
from dangvien.core.demo import DemoContext
from dangvien.decisions.choices import Outcome
from dangvien.decisions.selectors import official_members_convened
from dangvien.decisions.services import proposal_submit, ruling_record
from dangvien.members.choices import MemberStatus
from dangvien.members.models import CardAction, Member, MemberPeriod
from dangvien.members.services import party_card_record
from dangvien.organizations.models import OrganizationVersion

# The expulsion's cell meeting and the commune's decision (before the demo's "today").
EXPULSION_PROPOSED_ON = date(2026, 3, 12)
EXPULSION_DECIDED_ON = date(2026, 3, 26)
WAITING_PROPOSED_ON = date(2026, 11, 20)


def _role_holder(username: str, role: str) -> tuple[User, RoleAssignment]:
    user = User.objects.get(username=username)
    return user, user.role_assignments.get(role=role)


def build_decisions(context: DemoContext[Actor]) -> None:
    """The cell secretary's cell proposes to expel one official member (all its official
    members convened, all in favour); the commune staff decide it with a numbered decision;
    the member's card, issued in 2019, is recovered the same day. A second official member's
    removal from the list waits for the commune."""
    chibo, cell_role = _role_holder("chibo", "cell_secretary")
    xa, commune_role = _role_holder("xa", "staff")
    cell, commune = cell_role.organization, commune_role.organization
    official = list(
        Member.objects.filter(
            pk__in=MemberPeriod.objects.at(EXPULSION_PROPOSED_ON)
            .filter(
                organization=cell,
                status=MemberStatus.OFFICIAL,
                is_exempted=False,
                host_organization__isnull=True,
                transit_to__isnull=True,
                valid_to__isnull=True,
            )
            .values("member_id")
        ).order_by("member_key")
    )
    if len(official) < 2:
        raise RuntimeError("the demo cell has fewer than two official members")
    expelled, removed = official[0], official[-1]
    party_card_record(
        actor=context.actor,
        member=expelled,
        action=CardAction.ISSUED,
        effective_on=date(2019, 11, 7),
        number=f"DT-{expelled.pk:08d}",
        decision_number="1234-QĐ/TU",
    )
    issuer = OrganizationVersion.objects.at(EXPULSION_DECIDED_ON).get(organization=commune).name
    convened = official_members_convened(cell, EXPULSION_PROPOSED_ON)
    proposal = proposal_submit(
        actor=chibo,
        kind=DecisionKind.EXPULSION,
        member=expelled,
        proposed_on=EXPULSION_PROPOSED_ON,
        votes_for=convened,
        votes_against=0,
        members_convened=convened,
        data={"reason": "corruption"},
        note="Vi phạm nghiêm trọng quy định về những điều đảng viên không được làm.",
    )
    ruling_record(
        actor=xa,
        proposal=proposal,
        outcome=Outcome.APPROVED,
        decision=Decision("27-QĐ/ĐU", EXPULSION_DECIDED_ON, f"Ban Thường vụ {issuer}"),
        confirmed=True,
    )
    waiting_convened = official_members_convened(cell, WAITING_PROPOSED_ON)
    proposal_submit(
        actor=chibo,
        kind=DecisionKind.REMOVAL,
        member=removed,
        proposed_on=WAITING_PROPOSED_ON,
        votes_for=waiting_convened,
        votes_against=0,
        members_convened=waiting_convened,
        data={"reason": "abandoned_activity"},
        note="Bỏ sinh hoạt chi bộ ba tháng trong năm không có lý do chính đáng.",
    )
    context.made["expelled_member"] = expelled
    context.made["removal_waiting"] = removed
    context.summary["proposals"] = 2
