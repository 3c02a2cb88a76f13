"""Data-quality findings ("làm sạch dữ liệu"): a deviation from a rule recorded by a lenient
import of historic data, or a check of the data already in the database marked resolved.

A finding of an import is stored when the import records the row as given. The checks of the
data in the database (``checks``) are computed when the page is shown; marking one of them
resolved stores a finding with its ``fingerprint`` (the check and the object it is about), so
that it is not listed again. Resolving is audited.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from dangvien.core.models import BaseModel


class FindingOrigin(models.TextChoices):
    IMPORT = "import", _("Import of historic data")
    CHECK = "check", _("Check of the data in the database")


class Finding(BaseModel):
    origin = models.CharField(_("origin"), max_length=16, choices=FindingOrigin.choices)
    check_key = models.CharField(_("check"), max_length=64)
    rule_key = models.CharField(_("rule"), max_length=100, blank=True)
    source = models.CharField(_("source document"), max_length=300, blank=True)
    organization = models.ForeignKey(
        "organizations.Organization",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("organization"),
    )
    member = models.ForeignKey(
        "members.Member",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("party member"),
    )
    file = models.CharField(_("file"), max_length=255, blank=True)
    line = models.PositiveIntegerField(_("row"), null=True, blank=True)
    column = models.CharField(_("column"), max_length=100, blank=True)
    message = models.TextField(_("finding"))
    fingerprint = models.CharField(_("fingerprint"), max_length=200, blank=True, db_index=True)
    resolved_at = models.DateTimeField(_("resolved at"), null=True, blank=True)
    resolved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("resolved by"),
    )
    resolved_by_name = models.CharField(_("resolved by (name)"), max_length=200, blank=True)
    resolution = models.TextField(_("how it was resolved"), blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("data-quality finding")
        verbose_name_plural = _("data-quality findings")

    def __str__(self) -> str:
        return self.message

    @property
    def is_resolved(self) -> bool:
        return self.resolved_at is not None
