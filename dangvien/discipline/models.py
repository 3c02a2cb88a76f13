"""Discipline cases and their decisions: append-only; a case's status is derived from the
proposals and the decision recorded after it."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from dangvien.accounts.scoping import ScopedQuerySet
from dangvien.core.models import AppendOnlyModel, AppendOnlyQuerySet, BaseModel
from dangvien.discipline.choices import CaseStatus, Form, ProgrammeKind, Subject


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
    opened_on = models.DateField(pgettext_lazy("discipline case", "opened on"))
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
    form = models.CharField(
        pgettext_lazy("discipline", "form"), max_length=16, choices=Form.choices
    )

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
    form = models.CharField(
        pgettext_lazy("discipline", "form"), max_length=16, choices=Form.choices
    )
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


class AppealOutcome(models.TextChoices):
    UPHELD = "upheld", _("Decision upheld")
    CHANGED = "changed", _("Form changed")
    ANNULLED = "annulled", _("Decision annulled")


class AppealQuerySet(AppendOnlyQuerySet, models.QuerySet["DisciplineAppeal"]):
    pass


class DisciplineAppeal(AppendOnlyModel, BaseModel):
    """An appeal (khiếu nại) against a discipline decision to a body above the one that
    decided, within the period of the rulebook from the day the decision was received."""

    decision = models.OneToOneField(
        DisciplineDecision,
        on_delete=models.PROTECT,
        related_name="appeal",
        verbose_name=_("decision appealed"),
    )
    received_on = models.DateField(_("decision received on"))
    lodged_on = models.DateField(_("appeal lodged on"))
    appealed_to = models.ForeignKey(
        "organizations.Organization",
        on_delete=models.PROTECT,
        related_name="discipline_appeals",
        verbose_name=_("appealed to"),
    )
    grounds = models.TextField(_("grounds"), blank=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    actor_name = models.CharField(_("recorded by"), max_length=200, blank=True)

    objects = AppealQuerySet.as_manager()

    class Meta:
        verbose_name = _("appeal")
        verbose_name_plural = _("appeals")


class AppealRuling(AppendOnlyModel, BaseModel):
    """The settlement of an appeal by the body it was lodged with."""

    appeal = models.OneToOneField(DisciplineAppeal, on_delete=models.PROTECT, related_name="ruling")
    outcome = models.CharField(_("outcome"), max_length=16, choices=AppealOutcome.choices)
    new_form = models.CharField(_("new form"), max_length=16, choices=Form.choices, blank=True)
    decided_on = models.DateField(_("decision date"))
    number = models.CharField(_("decision number"), max_length=100)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    actor_name = models.CharField(_("recorded by"), max_length=200, blank=True)

    class Meta:
        verbose_name = _("settlement of an appeal")
        verbose_name_plural = _("settlements of appeals")


class StateNotice(AppendOnlyModel, BaseModel):
    """A state body's notice that it suspended or disciplined a party member: under Quy định
    296-QĐ/TW it notifies the party organization managing the member within the days of the
    rulebook (``discipline.state_notice_days``) from its decision; ``due_on`` is that day."""

    member = models.ForeignKey(
        "members.Member",
        on_delete=models.PROTECT,
        related_name="state_notices",
        verbose_name=_("party member"),
    )
    organization = models.ForeignKey(
        "organizations.Organization",
        on_delete=models.PROTECT,
        related_name="state_notices",
        verbose_name=_("party organization notified"),
    )
    state_body = models.CharField(_("state body"), max_length=255)
    measure = models.CharField(_("measure taken"), max_length=255)
    state_decision_number = models.CharField(_("state decision number"), max_length=100)
    state_decided_on = models.DateField(_("state decision date"))
    received_on = models.DateField(_("notice received on"))
    due_on = models.DateField(_("notice due by"))
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    actor_name = models.CharField(_("recorded by"), max_length=200, blank=True)

    objects = CaseQuerySet.as_manager()

    class Meta:
        verbose_name = _("notice of a state body")
        verbose_name_plural = _("notices of state bodies")

    @property
    def late(self) -> bool:
        return self.received_on > self.due_on


class ProgrammeQuerySet(AppendOnlyQuerySet, ScopedQuerySet["Programme"]):
    scope_field = "organization"


class Programme(AppendOnlyModel, BaseModel):
    """An inspection or supervision of a year by a committee or its inspection commission
    (``organization``): its kind, team, schedule and subjects; concluded by a
    ``ProgrammeConclusion`` (status derived: planned, overdue, concluded)."""

    organization = models.ForeignKey(
        "organizations.Organization",
        on_delete=models.PROTECT,
        related_name="programmes",
        verbose_name=_("conducted by"),
    )
    year = models.PositiveIntegerField(_("year"))
    kind = models.CharField(_("kind"), max_length=32, choices=ProgrammeKind.choices)
    title = models.CharField(_("title"), max_length=300)
    team = models.CharField(_("team"), max_length=300, blank=True)
    starts_on = models.DateField(_("from"))
    ends_on = models.DateField(_("to"))
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    actor_name = models.CharField(_("recorded by"), max_length=200, blank=True)

    objects = ProgrammeQuerySet.as_manager()

    class Meta:
        verbose_name = _("inspection or supervision")
        verbose_name_plural = _("inspections and supervisions")

    def __str__(self) -> str:
        return self.title


class ProgrammeSubject(AppendOnlyModel, BaseModel):
    programme = models.ForeignKey(Programme, on_delete=models.PROTECT, related_name="subjects")
    member = models.ForeignKey(
        "members.Member", on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    organization = models.ForeignKey(
        "organizations.Organization",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )

    class Meta:
        verbose_name = _("subject inspected or supervised")
        verbose_name_plural = _("subjects inspected or supervised")
        constraints = [
            models.CheckConstraint(
                condition=Q(member__isnull=True, organization__isnull=False)
                | Q(member__isnull=False, organization__isnull=True),
                name="programme_subject_one",
            )
        ]


class ProgrammeConclusion(AppendOnlyModel, BaseModel):
    programme = models.OneToOneField(Programme, on_delete=models.PROTECT, related_name="conclusion")
    concluded_on = models.DateField(_("concluded on"))
    findings = models.TextField(_("findings"))
    recommendations = models.TextField(_("recommendations"), blank=True)
    violation_found = models.BooleanField(_("violation found"), default=False)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    actor_name = models.CharField(_("recorded by"), max_length=200, blank=True)

    class Meta:
        verbose_name = _("conclusion")
        verbose_name_plural = _("conclusions")


class RecommendationQuerySet(AppendOnlyQuerySet, ScopedQuerySet["Recommendation"]):
    scope_field = "conclusion__programme__organization"


class Recommendation(AppendOnlyModel, BaseModel):
    """One recommendation of a conclusion, to be carried out by a due date; its status is
    derived from its dated ``RecommendationEvent`` rows: done when one says so, overdue when
    the due date has passed without it, open otherwise."""

    conclusion = models.ForeignKey(
        ProgrammeConclusion, on_delete=models.PROTECT, related_name="items"
    )
    text = models.TextField(_("recommendation"))
    due_on = models.DateField(_("due by"))
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    actor_name = models.CharField(_("recorded by"), max_length=200, blank=True)

    objects = RecommendationQuerySet.as_manager()

    class Meta:
        verbose_name = _("recommendation")
        verbose_name_plural = _("recommendations")
        indexes = [models.Index(fields=["due_on"])]

    def __str__(self) -> str:
        return self.text[:80]


class RecommendationEvent(AppendOnlyModel, BaseModel):
    """A dated step of a recommendation's follow-up (``done``: carried out that day)."""

    DONE = "done"

    recommendation = models.ForeignKey(
        Recommendation, on_delete=models.PROTECT, related_name="events"
    )
    kind = models.CharField(_("kind"), max_length=16, choices=[(DONE, _("carried out"))])
    happened_on = models.DateField(_("on"))
    note = models.TextField(_("note"), blank=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    actor_name = models.CharField(_("recorded by"), max_length=200, blank=True)

    class Meta:
        verbose_name = _("follow-up of a recommendation")
        verbose_name_plural = _("follow-ups of recommendations")
