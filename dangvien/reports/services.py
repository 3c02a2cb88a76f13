"""Writes of period reports: create → submit → approve (freeze), or return to draft.

Each service authorizes on the report's organization, writes the row and one audit row in the
same transaction. Approval computes the figures at the end of the period, renders the three
documents from them and stores figures, documents and their SHA-256 checksums; from then on the
row never changes.
"""

from __future__ import annotations

import hashlib
import json
from datetime import date
from typing import Any

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from dangvien.accounts.scoping import require
from dangvien.accounts.types import Actor
from dangvien.audit.choices import AuditAction
from dangvien.audit.services import record, recorded_by, snapshot
from dangvien.core.exceptions import TransitionError, ValidationFailed
from dangvien.core.formatting import vn_date
from dangvien.organizations.models import Organization, OrganizationVersion
from dangvien.reports.documents import heading_for, render
from dangvien.reports.models import PeriodKind, PeriodReport, ReportStatus
from dangvien.reports.permissions import ReportPermission
from dangvien.reports.selectors import parent_name, report_figures

FIELDS = [
    "organization",
    "period_kind",
    "period_from",
    "period_to",
    "number",
    "status",
    "submitted_at",
    "approved_at",
    "approved_by_name",
    "checksums",
]


def period_bounds(
    kind: str, year: int | None, start: date | None, end: date | None
) -> tuple[date, date]:
    """The dates of a period: first six months or a calendar year of ``year``, or from–to."""
    if kind == PeriodKind.FIRST_HALF and year:
        return date(year, 1, 1), date(year, 6, 30)
    if kind == PeriodKind.YEAR and year:
        return date(year, 1, 1), date(year, 12, 31)
    if kind == PeriodKind.CUSTOM and start and end:
        if end < start:
            raise ValidationFailed(
                _("The end of the period is before its start."),
                code="period_order",
                field="period_to",
            )
        return start, end
    raise ValidationFailed(
        _("Give the year, or both dates of a custom period."), code="period_missing", field="year"
    )


def checksum(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def canonical(figures: dict[str, Any]) -> bytes:
    return json.dumps(figures, ensure_ascii=False, sort_keys=True, separators=(",", ":")).encode()


def _snap(report: PeriodReport) -> dict[str, Any]:
    return snapshot(report, FIELDS)


def _audit(
    actor: Actor, action: str, report: PeriodReport, before: dict[str, Any] | None, message: str
) -> None:
    record(
        actor=actor,
        action=action,
        obj=report,
        before=before,
        after=_snap(report),
        organization_path=report.organization.path,
        message=message,
    )


@transaction.atomic
def report_create(
    *,
    actor: Actor,
    organization: Organization,
    period_kind: str,
    year: int | None = None,
    period_from: date | None = None,
    period_to: date | None = None,
    number: str = "",
    note: str = "",
) -> PeriodReport:
    """Draft a report of ``organization`` for a period.

    Rules: actor holds reports.change on the organization; the organization existed at the end
    of the period; one report per organization, kind and period (a repeated request, or two at
    once, cannot make a second: the organization's row is locked first).
    Writes: PeriodReport(draft), AuditEvent(create).
    """
    require(actor, ReportPermission.CHANGE, organization)
    start, end = period_bounds(period_kind, year, period_from, period_to)
    Organization.objects.select_for_update().filter(pk=organization.pk).exists()
    existing = PeriodReport.objects.filter(
        organization=organization, period_kind=period_kind, period_from=start, period_to=end
    ).first()
    if existing is not None:
        raise ValidationFailed(
            _("This organization already has a report for this period (%(status)s).")
            % {"status": existing.get_status_display()},
            code="report_exists",
            field="period_kind",
        )
    if not OrganizationVersion.objects.at(end).filter(organization=organization).exists():
        raise ValidationFailed(
            _("%(code)s does not exist on %(date)s.")
            % {"code": organization.code, "date": vn_date(end)},
            code="organization_not_existing",
            field="period_to",
        )
    report = PeriodReport(
        organization=organization,
        period_kind=period_kind,
        period_from=start,
        period_to=end,
        number=number,
        note=note,
        created_by=recorded_by(actor)[0],
    )
    report.save()
    _audit(actor, AuditAction.CREATE, report, None, "report drafted")
    return report


@transaction.atomic
def report_submit(*, actor: Actor, report: PeriodReport) -> PeriodReport:
    """Submit a draft for approval. Rules: reports.change on the organization; status draft.
    Writes: status, AuditEvent(update). A submitted report is returned as is (no-op)."""
    report = (
        PeriodReport.objects.select_for_update().select_related("organization").get(pk=report.pk)
    )
    require(actor, ReportPermission.CHANGE, report.organization)
    if report.status == ReportStatus.SUBMITTED:
        return report
    if report.status != ReportStatus.DRAFT:
        raise TransitionError(_("Only a draft can be submitted."), code="report_not_draft")
    before = _snap(report)
    report.status = ReportStatus.SUBMITTED
    report.submitted_at = timezone.now()
    report.submitted_by = recorded_by(actor)[0]
    report.save(update_fields=["status", "submitted_at", "submitted_by", "updated_at"])
    _audit(actor, AuditAction.UPDATE, report, before, "report submitted")
    return report


@transaction.atomic
def report_return(*, actor: Actor, report: PeriodReport, note: str = "") -> PeriodReport:
    """Send a submitted report back to draft. Rules: reports.approve on the organization."""
    report = (
        PeriodReport.objects.select_for_update().select_related("organization").get(pk=report.pk)
    )
    require(actor, ReportPermission.APPROVE, report.organization)
    if report.status == ReportStatus.DRAFT:
        return report
    if report.status != ReportStatus.SUBMITTED:
        raise TransitionError(
            _("Only a submitted report can be returned."), code="report_not_submitted"
        )
    before = _snap(report)
    report.status = ReportStatus.DRAFT
    report.submitted_at = None
    if note:
        report.note = note
    report.save(update_fields=["status", "submitted_at", "note", "updated_at"])
    _audit(actor, AuditAction.UPDATE, report, before, "report returned")
    return report


def build_documents(report: PeriodReport, figures: dict[str, Any]) -> dict[str, bytes]:
    heading = heading_for(
        figures,
        parent=parent_name(report.organization, report.period_to),
        kind=report.period_kind,
        period_from=report.period_from,
        number=report.number,
    )
    return {fmt: render(fmt, figures, heading) for fmt in ("docx", "xlsx", "pdf")}


@transaction.atomic
def report_approve(*, actor: Actor, report: PeriodReport) -> PeriodReport:
    """Approve a submitted report and freeze it.

    Rules: reports.approve on the organization; status submitted; the approver is not the
    person who submitted it (four eyes). Writes: the figures at the
    end of the period, the DOCX/XLSX/PDF documents, SHA-256 checksums of the figures and of
    each document, status approved, AuditEvent(update). Approving an approved report is a no-op.
    """
    report = (
        PeriodReport.objects.select_for_update().select_related("organization").get(pk=report.pk)
    )
    require(actor, ReportPermission.APPROVE, report.organization)
    if report.status == ReportStatus.APPROVED:
        return report
    if report.status != ReportStatus.SUBMITTED:
        raise TransitionError(
            _("Only a submitted report can be approved."), code="report_not_submitted"
        )
    if report.submitted_by_id is not None and report.submitted_by_id == actor.pk:
        raise ValidationFailed(
            _("The person who submitted a report cannot also approve it."), code="four_eyes"
        )
    figures = report_figures(report.organization, report.period_to, period_from=report.period_from)
    documents = build_documents(report, figures)
    before = _snap(report)
    report.figures = figures
    report.docx, report.xlsx, report.pdf = documents["docx"], documents["xlsx"], documents["pdf"]
    report.checksums = {
        "figures": checksum(canonical(figures)),
        **{fmt: checksum(data) for fmt, data in documents.items()},
    }
    report.status = ReportStatus.APPROVED
    report.approved_at = timezone.now()
    report.approved_by, report.approved_by_name = recorded_by(actor)
    report.save()
    _audit(actor, AuditAction.UPDATE, report, before, "report approved and frozen")
    return report
