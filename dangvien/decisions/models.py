"""Proposals, the rulings of the competent bodies on them, and authorisations of organizations.

A proposal is the act of the proposing body (a cell's resolution with its vote); a ruling is the
act of the deciding body (its numbered decision). Both are written once and never changed: the
state of a proposal is derived from its ruling (none yet: waiting; approved, rejected or
withdrawn).
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from dangvien.accounts.scoping import ScopedQuerySet
from dangvien.core.models import AppendOnlyModel, AppendOnlyQuerySet, BaseModel
from dangvien.decisions.choices import DecisionKind, Outcome, ProposalStatus


class ProposalQuerySet(AppendOnlyQuerySet, ScopedQuerySet["Proposal"]):
    scope_field = "proposing_organization"

    def pending(self) -> ProposalQuerySet:
        return self.filter(ruling__isnull=True)


class Proposal(AppendOnlyModel, BaseModel):
    """What the proposing body asks the competent body to decide, with its vote."""

    kind = models.CharField(_("decision kind"), max_length=32, choices=DecisionKind.choices)
    member = models.ForeignKey(
        "members.Member",
        on_delete=models.PROTECT,
        related_name="proposals",
        verbose_name=_("party member"),
    )
    proposing_organization = models.ForeignKey(
        "organizations.Organization",
        on_delete=models.PROTECT,
        related_name="proposals_made",
        verbose_name=_("proposed by"),
    )
    deciding_organization = models.ForeignKey(
        "organizations.Organization",
        on_delete=models.PROTECT,
        related_name="proposals_to_decide",
        verbose_name=_("to be decided by"),
    )
    proposed_on = models.DateField(_("date of the resolution"))
    members_convened = models.PositiveIntegerField(
        _("official members convened"), null=True, blank=True
    )
    votes_for = models.PositiveIntegerField(_("votes in favour"), null=True, blank=True)
    votes_against = models.PositiveIntegerField(_("votes against"), null=True, blank=True)
    due_on = models.DateField(_("decision due by"), null=True, blank=True)
    data = models.JSONField(_("details"), default=dict, blank=True)
    note = models.TextField(_("note"), blank=True)
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    submitted_by_name = models.CharField(_("submitted by"), max_length=200, blank=True)

    objects = ProposalQuerySet.as_manager()

    class Meta:
        verbose_name = _("proposal")
        verbose_name_plural = _("proposals")
        indexes = [models.Index(fields=["deciding_organization", "kind"])]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} · {self.member_id} · {self.proposed_on}"

    @property
    def status(self) -> str:
        ruling = getattr(self, "ruling", None)
        return ruling.outcome if ruling is not None else ProposalStatus.PENDING


class Ruling(AppendOnlyModel, BaseModel):
    """The decision of the competent body on a proposal (or its withdrawal by the proposer)."""

    proposal = models.OneToOneField(
        Proposal, on_delete=models.PROTECT, related_name="ruling", verbose_name=_("proposal")
    )
    outcome = models.CharField(
        _("outcome"),
        max_length=16,
        choices=[*Outcome.choices, (ProposalStatus.WITHDRAWN, ProposalStatus.WITHDRAWN.label)],
    )
    organization = models.ForeignKey(
        "organizations.Organization",
        on_delete=models.PROTECT,
        related_name="rulings",
        verbose_name=_("deciding body"),
    )
    decided_on = models.DateField(_("decision date"))
    number = models.CharField(_("decision number"), max_length=100, blank=True)
    issuer = models.CharField(_("issued by"), max_length=255, blank=True)
    member_event = models.ForeignKey(
        "members.MemberEvent",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("event recorded"),
    )
    note = models.TextField(_("note"), blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    decided_by_name = models.CharField(_("recorded by"), max_length=200, blank=True)

    class Meta:
        verbose_name = _("ruling")
        verbose_name_plural = _("rulings")

    def __str__(self) -> str:
        return f"{self.number or self.outcome} · {self.decided_on}"
