"""Links the competence app adds to the organization page."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from dangvien.http.registry import PageLink, PanelContext, page_url


def authorisations_link(page: PanelContext) -> str | None:
    return page_url("web:organization_authorisations", page.subject.code, on=page.on)


LINKS = [
    (
        "competence_authorisations",
        PageLink(_("Proposals and decisions"), _("Authorisations"), authorisations_link),
    ),
]
