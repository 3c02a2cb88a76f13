"""Discipline cases and their decisions: append-only; a case's status is derived from the
proposals and the decision recorded after it."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from dangvien.accounts.scoping import ScopedQuerySet
from dangvien.core.models import AppendOnlyModel, AppendOnlyQuerySet, BaseModel
from dangvien.discipline.choices import CaseStatus, Form, Subject


class CaseQuerySet(AppendOnlyQuerySet, ScopedQuerySet["DisciplineCase"]):
    scope_field = "organization"


class DisciplineCase(AppendOnlyModel, BaseModel):
    """A case against a member or an organization: who opened it, on which violation.

    ``organization`` is the subject organization, or the member's official organization on the
    day the case was opened (the file is read in that subtree)."""

    key = models.CharField(_("case number"), max_length=100, unique=True)
    subject = models.CharField(_("subject"), max_length=16, choices=Subject.choices)
    member = models.ForeignKey(
        "members.Member",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="discipline_cases",
        verbose_name=_("party member"),
    )
    organization = models.ForeignKey(
        "organizations.Organization",
        on_delete=models.PROTECT,
        related_name="discipline_cases",
        verbose_name=_("organization"),
    )
    opened_on = models.DateField(_("opened on"))
    opened_by = models.ForeignKey(
        "organizations.Organization",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="discipline_cases_opened",
        verbose_name=_("opened by"),
    )
    violation = models.TextField(_("violation"), blank=True)
    violated_on = models.DateField(_("date of the violation"), null=True, blank=True)
    offence = models.CharField(_("offence (Quy định 69-QĐ/TW)"), max_length=200, blank=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    actor_name = models.CharField(_("recorded by"), max_length=200, blank=True)

    objects = CaseQuerySet.as_manager()

    class Meta:
        verbose_name = _("discipline case")
        verbose_name_plural = _("discipline cases")
        constraints = [
            models.CheckConstraint(
                condition=Q(subject="organization", member__isnull=True)
                | Q(subject="member", member__isnull=False),
                name="discipline_case_subject",
            )
        ]

    def __str__(self) -> str:
        return self.key

    @property
    def status(self) -> str:
        if hasattr(self, "decision"):
            return CaseStatus.DECIDED
        if self.proposals.exists():
            return CaseStatus.PROPOSED
        return CaseStatus.OPEN


class CaseProposal(AppendOnlyModel, BaseModel):
    """A proposal of the proposing body (``decisions``) made in a case."""

    case = models.ForeignKey(DisciplineCase, on_delete=models.PROTECT, related_name="proposals")
    proposal = models.OneToOneField(
        "decisions.Proposal", on_delete=models.PROTECT, related_name="discipline_case"
    )
    form = models.CharField(_("form"), max_length=16, choices=Form.choices)

    class Meta:
        verbose_name = _("proposal in a case")
        verbose_name_plural = _("proposals in cases")


class DecisionQuerySet(AppendOnlyQuerySet, models.QuerySet["DisciplineDecision"]):
    pass


class DisciplineDecision(AppendOnlyModel, BaseModel):
    """The competent body's decision of a form of discipline in a case."""

    case = models.OneToOneField(
        DisciplineCase, on_delete=models.PROTECT, related_name="decision", verbose_name=_("case")
    )
    form = models.CharField(_("form"), max_length=16, choices=Form.choices)
    decided_on = models.DateField(_("decision date"))
    deciding_organization = models.ForeignKey(
        "organizations.Organization",
        on_delete=models.PROTECT,
        related_name="discipline_decisions",
        verbose_name=_("deciding body"),
    )
    number = models.CharField(_("decision number"), max_length=100)
    ruling = models.OneToOneField(
        "decisions.Ruling",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="discipline_decision",
    )
    member_event = models.ForeignKey(
        "members.MemberEvent",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("ledger event"),
    )
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    actor_name = models.CharField(_("recorded by"), max_length=200, blank=True)

    objects = DecisionQuerySet.as_manager()

    class Meta:
        verbose_name = _("discipline decision")
        verbose_name_plural = _("discipline decisions")
        indexes = [models.Index(fields=["decided_on"])]

    def __str__(self) -> str:
        return f"{self.number} · {self.decided_on}"
