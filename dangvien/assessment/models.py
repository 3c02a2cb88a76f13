"""Yearly quality assessment results (đánh giá, xếp loại chất lượng) of members and
organizations."""

from __future__ import annotations

from typing import ClassVar

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from dangvien.accounts.scoping import ScopedQuerySet
from dangvien.assessment.choices import Form, Level, Stage, Subject
from dangvien.core.models import AppendOnlyModel, AppendOnlyQuerySet


class ResultQuerySet(AppendOnlyQuerySet, ScopedQuerySet["AssessmentResult"]):
    def current(self) -> ResultQuerySet:
        """Results no later row supersedes (the one in force for each subject and year)."""
        return self.filter(superseded_by__isnull=True)


class AssessmentResult(AppendOnlyModel):
    """The level a subject (a member or an organization) was placed in for a year, decided on a
    date by the committee of ``decided_by`` (append-only).

    One result per subject and year; a correction is a new row that ``supersedes`` the one it
    replaces (history kept). ``organization`` is the organization the result is filed under:
    the organization assessed, or the member's official organization on the decision date (it
    scopes who may read the row).
    """

    subject = models.CharField(_("subject"), max_length=16, choices=Subject.choices)
    member = models.ForeignKey(
        "members.Member",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="assessment_results",
        verbose_name=_("member"),
    )
    organization = models.ForeignKey(
        "organizations.Organization",
        on_delete=models.PROTECT,
        related_name="assessment_results",
        verbose_name=_("organization"),
    )
    year = models.PositiveSmallIntegerField(_("year"))
    level = models.CharField(_("level"), max_length=16, choices=Level.choices)
    score = models.PositiveSmallIntegerField(_("score"), null=True, blank=True)
    decided_on = models.DateField(_("decided on"))
    decided_by = models.ForeignKey(
        "organizations.Organization",
        on_delete=models.PROTECT,
        related_name="assessment_decisions",
        verbose_name=_("decided by"),
    )
    supersedes = models.OneToOneField(
        "self",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="superseded_by",
        verbose_name=_("corrects"),
    )
    note = models.TextField(_("note"), blank=True)
    recorded_at = models.DateTimeField(_("recorded at"), auto_now_add=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    actor_name = models.CharField(_("recorded by"), max_length=200, blank=True)

    objects: ClassVar[ResultQuerySet] = ResultQuerySet.as_manager()  # type: ignore[assignment]

    class Meta:
        verbose_name = _("assessment result")
        verbose_name_plural = _("assessment results")
        ordering = ["year", "id"]
        indexes = [
            models.Index(fields=["year", "decided_on"], name="assessment_year_decided"),
            models.Index(fields=["member", "year"], name="assessment_member_year"),
        ]
        constraints = [
            # one first result per subject and year; corrections chain through ``supersedes``
            models.UniqueConstraint(
                fields=["member", "year"],
                condition=Q(supersedes__isnull=True, subject="member"),
                name="assessment_one_member_result_a_year",
            ),
            models.UniqueConstraint(
                fields=["organization", "year"],
                condition=Q(supersedes__isnull=True, subject="organization"),
                name="assessment_one_org_result_a_year",
            ),
            models.CheckConstraint(
                condition=Q(score__isnull=True) | Q(score__lte=100), name="assessment_score_range"
            ),
            models.CheckConstraint(
                condition=Q(subject="member", member__isnull=False)
                | Q(subject="organization", member__isnull=True),
                name="assessment_subject_consistent",
            ),
        ]

    def __str__(self) -> str:
        who = self.member_id if self.subject == Subject.MEMBER else self.organization_id
        return f"{self.subject} {who} {self.year}: {self.level}"


class StepQuerySet(AppendOnlyQuerySet, ScopedQuerySet["AssessmentStep"]):
    pass


class AssessmentStep(AppendOnlyModel):
    """A step before the decision (append-only): the subject's self-assessment (on its form,
    2A/2B/2C for a member, 01 for an organization) or the level the cell proposes after its
    review. The latest step of each stage for a subject and year is the one that stands."""

    stage = models.CharField(_("stage"), max_length=16, choices=Stage.choices)
    subject = models.CharField(_("subject"), max_length=16, choices=Subject.choices)
    member = models.ForeignKey(
        "members.Member",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="assessment_steps",
        verbose_name=_("member"),
    )
    organization = models.ForeignKey(
        "organizations.Organization",
        on_delete=models.PROTECT,
        related_name="assessment_steps",
        verbose_name=_("organization"),
    )
    year = models.PositiveSmallIntegerField(_("year"))
    level = models.CharField(_("level"), max_length=16, choices=Level.choices)
    score = models.PositiveSmallIntegerField(_("score"), null=True, blank=True)
    form = models.CharField(
        pgettext_lazy("assessment", "form"), max_length=4, choices=Form.choices, blank=True
    )
    on = models.DateField(_("date"))
    note = models.TextField(_("note"), blank=True)
    recorded_at = models.DateTimeField(_("recorded at"), auto_now_add=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    actor_name = models.CharField(_("recorded by"), max_length=200, blank=True)

    objects: ClassVar[StepQuerySet] = StepQuerySet.as_manager()  # type: ignore[assignment]

    class Meta:
        verbose_name = _("assessment step")
        verbose_name_plural = _("assessment steps")
        ordering = ["year", "on", "id"]
        indexes = [models.Index(fields=["member", "year"], name="assessment_step_member_year")]
        constraints = [
            models.CheckConstraint(
                condition=Q(score__isnull=True) | Q(score__lte=100),
                name="assessment_step_score_range",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.stage} {self.subject} {self.member_id or self.organization_id} {self.year}"


class RoundQuerySet(AppendOnlyQuerySet, ScopedQuerySet["AssessmentRound"]):
    pass


class AssessmentRound(AppendOnlyModel):
    """A year's assessment round opened by ``organization`` for its subtree (append-only):
    its schedule (the last day of the self-assessments, of the cells' review and proposals,
    of the decisions) and the reference date its population is taken on. Self-assessments,
    proposals and decisions of the year are entered while a round covering the subject is open;
    a ``RoundClosure`` closes it and freezes its results (status derived: open, closed)."""

    organization = models.ForeignKey(
        "organizations.Organization",
        on_delete=models.PROTECT,
        related_name="assessment_rounds",
        verbose_name=_("organization"),
    )
    year = models.PositiveSmallIntegerField(_("year"))
    opened_on = models.DateField(_("opened on"))
    self_until = models.DateField(_("self-assessments until"))
    review_until = models.DateField(_("cell reviews until"))
    decide_until = models.DateField(_("decisions until"))
    reference_date = models.DateField(_("reference date"))
    note = models.TextField(_("note"), blank=True)
    recorded_at = models.DateTimeField(_("recorded at"), auto_now_add=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    actor_name = models.CharField(_("recorded by"), max_length=200, blank=True)

    objects: ClassVar[RoundQuerySet] = RoundQuerySet.as_manager()  # type: ignore[assignment]

    class Meta:
        verbose_name = _("assessment round")
        verbose_name_plural = _("assessment rounds")
        ordering = ["-year", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["organization", "year"], name="assessment_one_round_a_year"
            ),
            models.CheckConstraint(
                condition=Q(opened_on__lte=models.F("self_until"))
                & Q(self_until__lte=models.F("review_until"))
                & Q(review_until__lte=models.F("decide_until")),
                name="assessment_round_schedule_ordered",
            ),
        ]

    def __str__(self) -> str:
        return f"round {self.organization_id} {self.year}"


class RoundClosure(AppendOnlyModel):
    """The closing of a round (append-only, one per round): ``figures`` is the frozen snapshot
    of its population and results on the day it closed (later corrections of member data do
    not change it)."""

    round = models.OneToOneField(
        AssessmentRound,
        on_delete=models.PROTECT,
        related_name="closure",
        verbose_name=_("assessment round"),
    )
    closed_on = models.DateField(_("closed on"))
    figures = models.JSONField(_("frozen figures"))
    recorded_at = models.DateTimeField(_("recorded at"), auto_now_add=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    actor_name = models.CharField(_("recorded by"), max_length=200, blank=True)

    class Meta:
        verbose_name = _("closing of an assessment round")
        verbose_name_plural = _("closings of assessment rounds")

    def __str__(self) -> str:
        return f"closure of {self.round_id} on {self.closed_on}"
