"""Dated authorisations of organizations to decide a kind themselves."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from dangvien.accounts.scoping import ScopedQuerySet
from dangvien.competence.choices import DecisionKind
from dangvien.core.models import BaseModel


class Authorisation(BaseModel):
    """A dated authorisation of one organization to decide a kind itself (e.g. a đảng ủy cơ sở
    authorised to admit members), from a decision of the level above."""

    organization = models.ForeignKey(
        "organizations.Organization",
        on_delete=models.PROTECT,
        related_name="authorisations",
        verbose_name=_("organization"),
    )
    kind = models.CharField(_("decision kind"), max_length=32, choices=DecisionKind.choices)
    valid_from = models.DateField(_("valid from"))
    valid_to = models.DateField(_("valid to"), null=True, blank=True)
    decision_number = models.CharField(_("decision number"), max_length=100)
    decision_date = models.DateField(_("decision date"))
    decision_issuer = models.CharField(_("issued by"), max_length=255, blank=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    actor_name = models.CharField(_("recorded by"), max_length=200, blank=True)

    objects = ScopedQuerySet.as_manager()

    class Meta:
        verbose_name = _("authorisation")
        verbose_name_plural = _("authorisations")
        constraints = [
            models.CheckConstraint(
                condition=Q(valid_to__isnull=True) | Q(valid_to__gte=models.F("valid_from")),
                name="authorisation_period_ordered",
            )
        ]

    def __str__(self) -> str:
        return f"{self.organization_id} · {self.get_kind_display()} · {self.valid_from}"
