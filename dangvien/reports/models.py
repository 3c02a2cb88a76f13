"""Period reports of an organization: drafted → submitted → approved (frozen)."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from dangvien.accounts.scoping import ScopedQuerySet
from dangvien.core.models import BaseModel


class PeriodKind(models.TextChoices):
    FIRST_HALF = "first_half", _("First six months")
    YEAR = "year", _("Year")
    CUSTOM = "custom", _("Custom period")


class ReportStatus(models.TextChoices):
    DRAFT = "draft", _("Draft")
    SUBMITTED = "submitted", _("Submitted")
    APPROVED = "approved", pgettext_lazy("period report", "Approved")


class PeriodReportQuerySet(ScopedQuerySet["PeriodReport"]):
    pass


class PeriodReport(BaseModel):
    """The report of an organization for a period.

    Until approval the figures are recomputed on demand; approval stores them (``figures``)
    with the generated documents and their SHA-256 checksums, after which the row never
    changes (``save`` refuses).
    """

    organization = models.ForeignKey(
        "organizations.Organization",
        on_delete=models.PROTECT,
        related_name="period_reports",
        verbose_name=_("organization"),
    )
    period_kind = models.CharField(_("period"), max_length=16, choices=PeriodKind.choices)
    period_from = models.DateField(_("from"))
    period_to = models.DateField(_("to"))
    number = models.CharField(_("number"), max_length=50, blank=True)
    note = models.TextField(_("note"), blank=True)
    status = models.CharField(
        _("status"), max_length=16, choices=ReportStatus.choices, default=ReportStatus.DRAFT
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    submitted_at = models.DateTimeField(_("submitted at"), null=True, blank=True)
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    approved_at = models.DateTimeField(_("approved at"), null=True, blank=True)
    approved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    approved_by_name = models.CharField(_("approved by"), max_length=200, blank=True)
    figures = models.JSONField(_("frozen figures"), null=True, blank=True)
    docx = models.BinaryField(null=True, blank=True)
    xlsx = models.BinaryField(null=True, blank=True)
    pdf = models.BinaryField(null=True, blank=True)
    checksums = models.JSONField(_("SHA-256 checksums"), default=dict, blank=True)

    objects = PeriodReportQuerySet.as_manager()

    class Meta:
        verbose_name = _("period report")
        verbose_name_plural = _("period reports")
        ordering = ["-period_to", "organization_id", "-id"]
        indexes = [models.Index(fields=["organization", "period_from", "period_to"])]
        constraints = [
            models.CheckConstraint(
                condition=Q(period_to__gte=models.F("period_from")),
                name="period_report_ordered",
            ),
            models.CheckConstraint(
                condition=~Q(status="approved") | Q(figures__isnull=False),
                name="period_report_approved_frozen",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.organization_id} {self.period_from}–{self.period_to} ({self.status})"

    @property
    def is_frozen(self) -> bool:
        return self.status == ReportStatus.APPROVED

    def save(self, *args: Any, **kwargs: Any) -> None:
        if self.pk is not None and not self._state.adding:
            stored = PeriodReport.objects.filter(pk=self.pk).values_list("status", flat=True)
            if stored.first() == ReportStatus.APPROVED:
                raise RuntimeError("approved reports never change")
        super().save(*args, **kwargs)

    def delete(self, *args: Any, **kwargs: Any) -> Any:
        if self.status == ReportStatus.APPROVED:
            raise RuntimeError("approved reports never change")
        return super().delete(*args, **kwargs)
