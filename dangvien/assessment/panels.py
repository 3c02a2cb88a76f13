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
    round_open_for_self,
)
from dangvien.audit.selectors import cached_until_write
from dangvien.http.registry import InboxItem, PanelContext, page_url
from dangvien.members.selectors import home_organization
from dangvien.organizations.selectors import attach_latest_names


def member_assessment(page: PanelContext) -> dict[str, Any] | None:
    """The member's results by year decided by the page's day (corrections shown after what
    they replace; the page of 2022 listed the years decided since)."""
    results = [
        r for r in member_results(actor=page.actor, member=page.subject) if r.decided_on <= page.on
    ]
    home = home_organization(page.subject, page.on)
    may_change = home is not None and can(page.actor, AssessmentPermission.CHANGE, home)
    if not results and not may_change:
        return None
    superseded = {r.supersedes_id for r in results if r.supersedes_id is not None}
    # the deciding bodies by name (``orgname``), read at once
    attach_latest_names(r.decided_by for r in results)
    return {"results": results, "may_change": may_change, "superseded": superseded}


def portal_assessment(page: PanelContext) -> dict[str, Any] | None:
    """The member's own results in force by year, their self-assessments and the cell's
    proposals, the link to self-assess and the round of the year open for it (if any), as they
    stood on the day the page is read (it showed today's, whatever the day asked)."""
    return {
        "results": own_results(page.subject, on=page.on),
        "steps": own_steps(page.subject, on=page.on),
        "round": round_open_for_self(page.subject, page.on),
    }


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


#: Years compared on the dashboard.
DASHBOARD_YEARS = 5


def dashboard_assessment(page: PanelContext) -> dict[str, Any] | None:
    """Year-on-year percentages by level of the subtree's members and organizations (the §4
    counts of each of the latest years decided on or before the dashboard's date), with the
    change from the year before in percentage points."""
    from dangvien.assessment.choices import Level
    from dangvien.assessment.statistics import assessment_years
    from dangvien.statistics.selectors import percent, percent_change

    if not can(page.actor, AssessmentPermission.VIEW, page.subject):
        return None
    # the counts of the years are the data's alone (a whole tree's: its 60 000 organizations
    # placed, then a count): kept until the next change
    subject, on = page.subject, page.on
    years = cached_until_write(
        f"dashboard-assessment:{subject.pk}:{on.isoformat()}",
        lambda: list(reversed(assessment_years(subject, on, limit=DASHBOARD_YEARS))),
    )
    if not years:
        return None
    groups = []
    for key, title in (
        ("members", _("Party members")),
        ("organizations", _("Party organizations")),
    ):
        rows = []
        previous: tuple[dict[str, int], int] | None = None
        for value in years:
            counts = value[key]
            total = sum(counts.values())
            if not total:
                continue
            cells = [
                (
                    counts[level],
                    percent(counts[level], total, places=1),
                    percent_change(counts[level], total, (previous[0][level], previous[1]))
                    if previous is not None
                    else None,
                )
                for level in Level.values
            ]
            rows.append((value["year"], total, cells))
            previous = (counts, total)
        if rows:
            groups.append((title, rows))
    if not groups:
        return None
    return {"groups": groups, "levels": [str(level.label) for level in Level]}
