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


class BasisKind(models.TextChoices):
    """What a member's fee is computed from (domain rules §4)."""

    SALARY = "salary", _("Salary used for social insurance")
    PENSION = "pension", _("Pension")
    BENEFIT = "benefit", _("Social-insurance benefit (sick or maternity leave)")
    SOCIAL_PENSION = "social_pension", _("Social pension")
    STUDENT = "student", _("Student")
    OTHER = "other", _("Other (no income basis)")


class ReliefKind(models.TextChoices):
    EXEMPTION = "exemption", _("Exemption (hardship)")
    REDUCTION = "reduction", _("Reduction")


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


class FeeBasisQuerySet(AppendOnlyQuerySet, models.QuerySet["FeeBasis"]):
    pass


class FeeReliefQuerySet(AppendOnlyQuerySet, models.QuerySet["FeeRelief"]):
    pass


class FeeBasis(AppendOnlyModel):
    """What a member's fee is computed from, from ``valid_from`` (a month's first day) until
    the next basis of that member; a correction is a new row for the same month (the latest
    recorded wins). ``amount`` in đồng (0 for the kinds without an income: student, other,
    social pension); ``voluntary_amount`` a higher monthly fee the member chose to pay."""

    member = models.ForeignKey(
        "members.Member", on_delete=models.PROTECT, related_name="fee_bases", db_index=False
    )
    valid_from = models.DateField(_("from month"), help_text=_("The first day of the month."))
    kind = models.CharField(_("basis"), max_length=16, choices=BasisKind.choices)
    amount = models.PositiveBigIntegerField(_("amount of the basis (đồng)"), default=0)
    voluntary_amount = models.PositiveBigIntegerField(
        _("voluntary monthly fee (đồng)"), null=True, blank=True
    )
    recorded_at = models.DateTimeField(_("recorded at"), auto_now_add=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    actor_name = models.CharField(_("recorded by"), max_length=200, blank=True)

    objects: ClassVar[FeeBasisQuerySet] = FeeBasisQuerySet.as_manager()  # type: ignore[assignment]

    class Meta:
        verbose_name = _("fee basis")
        verbose_name_plural = _("fee bases")
        ordering = ["member_id", "valid_from", "id"]
        indexes = [models.Index(fields=["member", "valid_from"], name="fee_basis_member_from_idx")]

    def __str__(self) -> str:
        return f"{self.member_id} {self.valid_from:%Y-%m}: {self.kind} {self.amount}"


class FeeRelief(AppendOnlyModel):
    """An exemption (hardship, 100 %) or a reduction (``percent`` off) of a member's fee for
    ``first_month`` to ``last_month`` inclusive, decided by the competent level (a numbered
    decision). Where two overlap, the latest recorded applies."""

    member = models.ForeignKey(
        "members.Member", on_delete=models.PROTECT, related_name="fee_reliefs", db_index=True
    )
    kind = models.CharField(_("kind"), max_length=16, choices=ReliefKind.choices)
    percent = models.PositiveSmallIntegerField(_("percent off"))
    first_month = models.DateField(_("first month"))
    last_month = models.DateField(_("last month"))
    reason = models.CharField(_("reason"), max_length=300, blank=True)
    decision_number = models.CharField(_("decision number"), max_length=100)
    decision_date = models.DateField(_("decision date"))
    decided_by = models.ForeignKey(
        "organizations.Organization", on_delete=models.PROTECT, related_name="+"
    )
    recorded_at = models.DateTimeField(_("recorded at"), auto_now_add=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    actor_name = models.CharField(_("recorded by"), max_length=200, blank=True)

    objects: ClassVar[FeeReliefQuerySet] = FeeReliefQuerySet.as_manager()  # type: ignore[assignment]

    class Meta:
        verbose_name = _("fee exemption or reduction")
        verbose_name_plural = _("fee exemptions and reductions")
        ordering = ["member_id", "first_month", "id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(percent__gt=0, percent__lte=100), name="fee_relief_percent_range"
            ),
            models.CheckConstraint(
                condition=Q(last_month__gte=models.F("first_month")), name="fee_relief_ordered"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.member_id} {self.kind} {self.percent}% {self.first_month:%Y-%m}"


class FeeRemittanceQuerySet(AppendOnlyQuerySet, ScopedQuerySet["FeeRemittance"]):
    pass


class FeeRemittance(AppendOnlyModel):
    """Fees of ``month`` an organization passed up to the level above (``recipient``, its
    parent at the end of that month) on ``paid_on``; several rows may make up one month."""

    organization = models.ForeignKey(
        "organizations.Organization",
        on_delete=models.PROTECT,
        related_name="fee_remittances",
        db_index=False,
    )
    recipient = models.ForeignKey(
        "organizations.Organization", on_delete=models.PROTECT, related_name="+"
    )
    month = models.DateField(_("month"), help_text=_("The first day of the month of the fees."))
    amount = models.PositiveBigIntegerField(_("amount (đồng)"))
    paid_on = models.DateField(_("sent on"))
    reference = models.CharField(_("reference"), max_length=100, blank=True)
    recorded_at = models.DateTimeField(_("recorded at"), auto_now_add=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    actor_name = models.CharField(_("recorded by"), max_length=200, blank=True)

    objects: ClassVar[FeeRemittanceQuerySet] = FeeRemittanceQuerySet.as_manager()  # type: ignore[assignment]

    class Meta:
        verbose_name = _("fee remittance")
        verbose_name_plural = _("fee remittances")
        ordering = ["organization_id", "month", "id"]
        constraints = [
            models.CheckConstraint(condition=Q(amount__gt=0), name="fee_remittance_positive"),
        ]
        indexes = [
            models.Index(fields=["organization", "month"], name="fee_remit_org_month_idx"),
            models.Index(fields=["recipient", "month"], name="fee_remit_recipient_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.organization_id}→{self.recipient_id} {self.month:%Y-%m}: {self.amount}"
