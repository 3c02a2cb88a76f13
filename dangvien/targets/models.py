"""Populations of the territories organizations lead, and admission targets per period."""

from __future__ import annotations

from typing import ClassVar

from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from dangvien.accounts.scoping import ScopedQuerySet
from dangvien.core.models import BaseModel


class Population(BaseModel):
    """Population of the territory an organization leads, as known for ``year``."""

    organization = models.ForeignKey(
        "organizations.Organization", on_delete=models.PROTECT, related_name="populations"
    )
    year = models.PositiveSmallIntegerField(_("year"))
    population = models.PositiveIntegerField(_("population"))

    objects: ClassVar[ScopedQuerySet[Population]] = ScopedQuerySet.as_manager()  # type: ignore[assignment]

    class Meta:
        verbose_name = _("population")
        verbose_name_plural = _("populations")
        constraints = [
            models.UniqueConstraint(
                fields=["organization", "year"], name="population_org_year_unique"
            )
        ]

    def __str__(self) -> str:
        return f"{self.organization_id} {self.year}: {self.population}"


class TargetKind(models.TextChoices):
    TERM = "term", _("Term")
    YEAR = "year", _("Year")


class AdmissionTarget(BaseModel):
    """A target for a period (a term or a year): admissions and members per population.

    Targets are assigned top-down: a child organization's target lies within a target of the
    same kind of its nearest ancestor that has targets of that kind.
    """

    organization = models.ForeignKey(
        "organizations.Organization", on_delete=models.PROTECT, related_name="admission_targets"
    )
    kind = models.CharField(
        _("kind of period"), max_length=8, choices=TargetKind.choices, default=TargetKind.TERM
    )
    period_from = models.DateField(_("from"))
    period_to = models.DateField(_("to"))
    admissions = models.PositiveIntegerField(_("admissions"), null=True, blank=True)
    members_per_population_percent = models.DecimalField(
        _("members per population (%)"), max_digits=6, decimal_places=2, null=True, blank=True
    )
    note = models.CharField(_("note"), max_length=300, blank=True)

    objects: ClassVar[ScopedQuerySet[AdmissionTarget]] = ScopedQuerySet.as_manager()  # type: ignore[assignment]

    class Meta:
        verbose_name = _("admission target")
        verbose_name_plural = _("admission targets")
        ordering = ["organization_id", "period_from"]
        constraints = [
            models.UniqueConstraint(
                fields=["organization", "period_from", "period_to"], name="target_org_period_unique"
            ),
            models.CheckConstraint(
                condition=Q(period_to__gte=models.F("period_from")), name="target_period_ordered"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.organization_id} {self.period_from}–{self.period_to}"
