"""What discipline adds to the shared pages (registered in ``apps.py``)."""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext_lazy as _

from dangvien.accounts.scoping import can
from dangvien.discipline.permissions import DisciplinePermission
from dangvien.discipline.selectors import (
    cases_of_member,
    named,
    own_decisions,
)
from dangvien.discipline.services import case_files_listed
from dangvien.http.registry import InboxItem, PanelContext, page_url
from dangvien.organizations.selectors import organization_names


def member_cases(page: PanelContext) -> dict[str, Any] | None:
    """The member's discipline cases opened by the page's day, to those who may read them (each
    showing audited)."""
    cases = named(
        list(cases_of_member(actor=page.actor, member=page.subject).filter(opened_on__lte=page.on))
    )
    if not cases:
        return None
    case_files_listed(actor=page.actor, cases=cases, where=f"member {page.subject.pk}")
    return {"cases": cases}


def organization_cases_link(page: PanelContext) -> bool:
    return can(page.actor, DisciplinePermission.COUNT, page.subject)


def portal_decisions(page: PanelContext) -> dict[str, Any] | None:
    """The member's own discipline decisions (nothing of anyone else)."""
    if page.subject is None:
        return None
    decisions = list(own_decisions(page.subject))
    names = organization_names({d.deciding_organization_id for d in decisions})
    for decision in decisions:
        decision.decider_name = names.get(decision.deciding_organization_id, "")  # type: ignore[attr-defined]
    return {"decisions": decisions} if decisions else None


def inbox_open_cases(actor: Any) -> list[InboxItem]:
    """Discipline cases still without a decision in the subtrees where the user records
    discipline."""
    from dangvien.discipline.models import DisciplineCase

    count = (
        DisciplineCase.objects.for_actor(actor, DisciplinePermission.CHANGE)
        .filter(decision__isnull=True)
        .count()
    )
    if not count:
        return []
    return [InboxItem(_("Discipline cases without a decision"), count, page_url("web:discipline"))]


def inbox_overdue_follow_up(actor: Any) -> list[InboxItem]:
    """Overdue conclusions and overdue recommendations where the user records inspections (the
    inspection commission, the cell secretary), linked to the list of their subtree."""
    from dangvien.discipline.programmes import overdue_programmes, overdue_recommendations
    from dangvien.organizations.selectors import granted_roots

    # the top of the user's subtree that exists today (the first by path was, for a system
    # administrator, a cell dissolved in 2021: its empty list, under its code)
    roots = granted_roots(actor, DisciplinePermission.CHANGE)
    if not roots:
        return []
    url = page_url("web:organization_inspection_overdue", roots[0].code)
    items = []
    # every row counted is overdue and the label says so: no "1 quá hạn" after the count
    # (the inbox read "Kiến nghị quá hạn 1 1 quá hạn")
    conclusions = overdue_programmes(actor=actor).count()
    if conclusions:
        items.append(InboxItem(_("Overdue conclusions"), conclusions, url))
    late = overdue_recommendations(actor=actor, action=DisciplinePermission.CHANGE).count()
    if late:
        items.append(InboxItem(_("Overdue recommendations"), late, url))
    return items
