"""What the admissions app shows on the member page (registered in ``apps.py``)."""

from __future__ import annotations

from typing import Any

from dangvien.accounts.types import Actor
from dangvien.admissions.selectors import member_candidacies
from dangvien.http.registry import InboxItem, PanelContext, page_url


def member_admission_files(page: PanelContext) -> dict[str, Any] | None:
    """The admission files this member was admitted (or re-admitted) from, if any."""
    candidates = list(member_candidacies(actor=page.actor, member=page.subject))
    if not candidates:
        return None
    return {"candidates": candidates}


def inbox_admissions(actor: Actor) -> list[InboxItem]:
    """Admission steps past their deadline, per top organization of the user's scope."""
    from django.utils.translation import gettext as _

    from dangvien.admissions.permissions import AdmissionPermission
    from dangvien.admissions.selectors import deadline_report
    from dangvien.organizations.selectors import granted_roots, organization_names

    roots = granted_roots(actor, AdmissionPermission.CHANGE)
    names = organization_names(r.pk for r in roots)
    items = []
    for root in roots:
        report = deadline_report(actor=actor, organization=root)
        count = len(report.overdue) + len(report.due_soon)
        if count:
            where = f" — {names.get(root.pk, root.code)}" if len(roots) > 1 else ""
            items.append(
                InboxItem(
                    str(_("Admission steps overdue or due soon")) + where,
                    count,
                    page_url("web:admission_overdue", root.code),
                    len(report.overdue),
                )
            )
    return items
