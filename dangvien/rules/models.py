"""Effective-dated rule parameters: every threshold, deadline and rate of the domain."""

from django.db import models
from django.utils.translation import gettext_lazy as _

from dangvien.core.models import BaseModel
from dangvien.rules.choices import Confidence, Unit


class RuleParameter(BaseModel):
    """The value of one rule (``key``) in force from ``effective_from`` to ``effective_to``.

    Both bounds are inclusive; ``effective_to`` empty means still in force. Versions of the same
    key never overlap (enforced by ``rule_set``). ``value`` is JSON: a number, a list or a mapping.
    """

    key = models.CharField(_("key"), max_length=100, db_index=True)
    value = models.JSONField(_("value"))
    unit = models.CharField(_("unit"), max_length=20, choices=Unit.choices)
    effective_from = models.DateField(_("effective from"))
    effective_to = models.DateField(_("effective to"), null=True, blank=True)
    title = models.CharField(_("title"), max_length=300)
    source = models.CharField(_("source document"), max_length=300)
    confidence = models.CharField(
        _("confidence"), max_length=16, choices=Confidence.choices, default=Confidence.CONFIRMED
    )
    note = models.TextField(_("note"), blank=True)

    class Meta:
        verbose_name = _("rule parameter")
        verbose_name_plural = _("rule parameters")
        ordering = ["key", "effective_from"]
        constraints = [
            models.UniqueConstraint(fields=["key", "effective_from"], name="rule_key_from_unique"),
            models.CheckConstraint(
                condition=models.Q(effective_to__isnull=True)
                | models.Q(effective_to__gte=models.F("effective_from")),
                name="rule_period_ordered",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.key} = {self.value} ({self.effective_from}–{self.effective_to or '…'})"
