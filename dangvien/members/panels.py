"""What the members app adds to the shared pages (registered in ``apps.py``)."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from dangvien.accounts.scoping import can
from dangvien.accounts.types import Actor
from dangvien.http.registry import (
    InboxItem,
    PageLink,
    PanelContext,
    organization_links,
    page_url,
)
from dangvien.members.permissions import MemberPermission
from dangvien.members.worklists import WORKLISTS
from dangvien.organizations.models import Organization


def _admit_url(page: PanelContext) -> str | None:
    if page.state is None or not can(page.actor, MemberPermission.CHANGE, page.subject):
        return None
    return page_url("web:member_admit", page.subject.code, on=page.on)


def register_panels() -> None:
    section = _("Party members")
    organization_links.register(
        "members",
        PageLink(
            section,
            _("Party members"),
            lambda page: page_url("web:organization_members", page.subject.code, on=page.on),
        ),
        order=20,
    )
    for slug, worklist in WORKLISTS.items():
        organization_links.register(
            f"worklist_{slug}",
            PageLink(
                section,
                worklist.title,
                lambda page, slug=slug: page_url(  # type: ignore[misc]
                    "web:organization_worklist", page.subject.code, slug, on=page.on
                ),
            ),
            order=21,
        )
    organization_links.register(
        "member_admit", PageLink(section, _("Admit a new member"), _admit_url), order=29
    )


def inbox_members(actor: Actor) -> list[InboxItem]:
    """The members app's lines of the inbox, per top organization of the user's scope:
    transfers to receive, members due for recognition. (The badge candidates are not counted
    here: ``badge_candidates`` takes about a minute and a half for the demo province, too slow
    for a page shown at every log-in; the organization page links to that list.)"""
    from dangvien.core.dates import today
    from dangvien.members.selectors import recognition_due, transfers_pending
    from dangvien.organizations.selectors import granted_roots, organization_names

    on = today()
    roots = granted_roots(actor, MemberPermission.CHANGE)
    names = organization_names(r.pk for r in roots)
    several = len(roots) > 1
    items: list[InboxItem] = []
    for root in roots:
        where = f" — {names.get(root.pk, root.code)}" if several else ""

        def link(slug: str, root: Organization = root) -> str:
            return page_url("web:organization_worklist", root.code, slug)

        pending = transfers_pending(actor=actor, organization=root, on=on)
        incoming = [r for r in pending if r.direction == "in"]
        if incoming:
            items.append(
                InboxItem(
                    str(_("Transfers to receive")) + where,
                    len(incoming),
                    link("transfers"),
                    sum(1 for r in incoming if r.is_overdue),
                )
            )
        due = recognition_due(actor=actor, organization=root, on=on)
        if due:
            items.append(
                InboxItem(
                    str(_("Probationary members due for recognition")) + where,
                    len(due),
                    link("recognition"),
                    sum(1 for r in due if r.is_overdue),
                )
            )
    return items
