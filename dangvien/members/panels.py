"""What the members app adds to the shared pages (registered in ``apps.py``)."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from dangvien.accounts.scoping import can
from dangvien.http.registry import PageLink, PanelContext, organization_links, page_url
from dangvien.members.permissions import MemberPermission
from dangvien.members.worklists import WORKLISTS


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
