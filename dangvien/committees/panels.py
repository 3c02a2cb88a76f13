"""What the committees app shows on the organization page (registered in ``apps.py``)."""

from __future__ import annotations

from typing import Any

from dangvien.accounts.scoping import can
from dangvien.committees.models import TermPilot
from dangvien.committees.permissions import CommitteePermission
from dangvien.committees.selectors import (
    committee_at,
    committee_posts,
    committee_warnings,
    member_posts,
    term_list,
)
from dangvien.http.registry import PanelContext
from dangvien.organizations.selectors import attach_latest_names


def organization_committee(page: PanelContext) -> dict[str, Any] | None:
    """The committee at the page's date with its warnings, the terms and every post."""
    organization = page.subject
    committee = list(committee_at(organization, on=page.on))
    return {
        "committee": committee,
        "warnings": committee_warnings(organization, on=page.on, posts=committee),
        "terms": term_list(actor=page.actor, organization=organization),
        "posts": committee_posts(actor=page.actor, organization=organization),
        "can_change_committee": can(page.actor, CommitteePermission.CHANGE, organization),
        "on_pilot": TermPilot.objects.filter(
            organization=organization, valid_from__lte=page.on
        ).first(),
    }


def member_committee_posts(page: PanelContext) -> dict[str, Any] | None:
    """The committee posts the member held by the page's day, if any (a post's end after that
    day is not shown: the page of 2022 read as if 2026 had happened)."""
    posts = [
        p for p in member_posts(actor=page.actor, member=page.subject) if p.held_from <= page.on
    ]
    if not posts:
        return None
    # the organizations by name (``orgname``), read at once
    attach_latest_names(p.organization for p in posts)
    return {"posts": posts}
