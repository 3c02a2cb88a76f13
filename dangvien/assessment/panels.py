"""What the assessment shows on the organization and member pages and in the portal."""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext as _

from dangvien.accounts.scoping import can
from dangvien.accounts.types import Actor
from dangvien.assessment.permissions import AssessmentPermission
from dangvien.assessment.selectors import (
    member_results,
    own_results,
    own_steps,
    proposals_waiting,
)
from dangvien.http.registry import InboxItem, PanelContext, page_url
from dangvien.members.selectors import home_organization


def member_assessment(page: PanelContext) -> dict[str, Any] | None:
    """The member's results by year (corrections shown after what they replace)."""
    results = member_results(actor=page.actor, member=page.subject)
    home = home_organization(page.subject, page.on)
    may_change = home is not None and can(page.actor, AssessmentPermission.CHANGE, home)
    if not results and not may_change:
        return None
    superseded = {r.supersedes_id for r in results if r.supersedes_id is not None}
    return {"results": results, "may_change": may_change, "superseded": superseded}


def portal_assessment(page: PanelContext) -> dict[str, Any] | None:
    """The member's own results in force by year, their self-assessments and the cell's
    proposals, and the link to self-assess."""
    return {"results": own_results(page.subject), "steps": own_steps(page.subject)}


def inbox_assessment(actor: Actor) -> list[InboxItem]:
    """Levels the cells proposed that wait for the decision of a body the user acts for."""
    from dangvien.competence.selectors import acting_organizations
    from dangvien.core import dates

    since = dates.today().year - 1
    items = []
    for organization in acting_organizations(actor):
        count = proposals_waiting(organization, since)
        if count:
            items.append(
                InboxItem(
                    _("Proposed levels waiting for a decision (%(code)s)")
                    % {"code": organization.code},
                    count,
                    page_url("web:assessment_year", organization.code),
                )
            )
    return items
