"""What the reports app adds to the shared pages (registered in ``apps.py``)."""

from __future__ import annotations

from django.db.models import Q
from django.utils.translation import gettext as _

from dangvien.accounts.scoping import scope_q
from dangvien.accounts.types import Actor
from dangvien.http.registry import InboxItem, page_url
from dangvien.reports.models import ReportStatus
from dangvien.reports.permissions import ReportPermission
from dangvien.reports.selectors import report_list


def inbox_reports(actor: Actor) -> list[InboxItem]:
    """Period reports submitted and waiting for the user's approval (four eyes: not those the
    user submitted)."""
    waiting = (
        report_list(actor=actor)
        .filter(status=ReportStatus.SUBMITTED)
        .filter(scope_q(actor, ReportPermission.APPROVE))
        .exclude(Q(submitted_by_id=actor.pk) & Q(submitted_by__isnull=False))
    )
    count = waiting.count()
    if not count:
        return []
    return [
        InboxItem(
            _("Period reports waiting for your approval"), count, page_url("web:reports_home")
        )
    ]
