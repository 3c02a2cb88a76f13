"""Party fees (đảng phí): what each member paid, month by month (domain rules §4)."""

from __future__ import annotations

from typing import ClassVar

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from dangvien.accounts.scoping import ScopedQuerySet
from dangvien.core.models import AppendOnlyModel, AppendOnlyQuerySet


class PaymentChannel(models.TextChoices):
    CASH = "cash", _("Cash to the cell")
    PORTAL = "portal", _("National public-service portal")


class FeePaymentQuerySet(AppendOnlyQuerySet, ScopedQuerySet["FeePayment"]):
    pass


class FeePayment(AppendOnlyModel):
    """The fee a member paid for one month (one row per member and month; a ledger row,
    never edited). ``organization`` is the member's official organization in that month
    (the cell that collects it), which scopes who may read the row."""

    member = models.ForeignKey(
        "members.Member", on_delete=models.PROTECT, related_name="fee_payments", db_index=False
    )
    month = models.DateField(_("month"), help_text=_("The first day of the month paid for."))
    amount = models.PositiveBigIntegerField(_("amount (đồng)"))
    paid_on = models.DateField(_("paid on"))
    organization = models.ForeignKey(
        "organizations.Organization",
        on_delete=models.PROTECT,
        related_name="fee_payments",
        db_index=False,
    )
    channel = models.CharField(
        _("channel"), max_length=8, choices=PaymentChannel.choices, default=PaymentChannel.CASH
    )
    reference = models.CharField(_("receipt or portal reference"), max_length=100, blank=True)
    recorded_at = models.DateTimeField(_("recorded at"), auto_now_add=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    actor_name = models.CharField(_("recorded by"), max_length=200, blank=True)

    objects: ClassVar[FeePaymentQuerySet] = FeePaymentQuerySet.as_manager()  # type: ignore[assignment]

    class Meta:
        verbose_name = _("fee payment")
        verbose_name_plural = _("fee payments")
        ordering = ["member_id", "month"]
        constraints = [
            models.UniqueConstraint(fields=["member", "month"], name="fee_payment_member_month"),
            models.CheckConstraint(condition=Q(amount__gt=0), name="fee_payment_amount_positive"),
        ]
        indexes = [
            models.Index(fields=["organization", "month"], name="fee_payment_org_month_idx"),
            models.Index(fields=["month", "member"], name="fee_payment_month_member_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.member_id} {self.month:%Y-%m}: {self.amount}"
