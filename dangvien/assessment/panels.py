"""What the assessment shows on the organization and member pages and in the portal."""

from __future__ import annotations

from typing import Any

from dangvien.accounts.scoping import can
from dangvien.assessment.permissions import AssessmentPermission
from dangvien.assessment.selectors import member_results, own_results, own_steps
from dangvien.http.registry import PanelContext
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
