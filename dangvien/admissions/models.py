"""Candidates for admission (quần chúng ưu tú), their dated file, recognition votes, days off."""

from __future__ import annotations

from typing import ClassVar

from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from dangvien.accounts.scoping import ScopedQuerySet
from dangvien.admissions.choices import (
    CandidateKind,
    CandidateSource,
    CandidateStatus,
    Step,
    UnionBody,
)
from dangvien.core.models import BaseModel
from dangvien.members.models import PersonProfile


class Candidate(BaseModel, PersonProfile):
    """A person a cell prepares for admission, or a former member prepared for re-admission.

    The person fields are a member's (``PersonProfile``), so the ceremony carries them over. ``step`` is
    the last step done; ``member`` is the member admitted at the ceremony (or, for a
    re-admission, the former member from the start).
    """

    organization = models.ForeignKey(
        "organizations.Organization",
        on_delete=models.PROTECT,
        related_name="candidates",
        verbose_name=_("cell"),
    )
    kind = models.CharField(
        _("kind"), max_length=16, choices=CandidateKind.choices, default=CandidateKind.NEW
    )
    member = models.ForeignKey(
        "members.Member",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="candidacies",
        verbose_name=_("party member"),
    )
    source = models.CharField(_("source"), max_length=16, choices=CandidateSource.choices)
    joined_unit_on = models.DateField(
        _("working or living in the unit since"), null=True, blank=True
    )
    over_age_approved = models.BooleanField(
        _("admission over the maximum age decided by the provincial level"), default=False
    )
    introducers = models.ManyToManyField(
        "members.Member", blank=True, related_name="introduced_candidates"
    )
    union_body = models.CharField(
        _("introducing mass organization"), max_length=16, choices=UnionBody.choices, blank=True
    )
    step = models.CharField(_("step"), max_length=24, choices=Step.choices, default=Step.REGISTERED)
    status = models.CharField(
        _("status"),
        max_length=16,
        choices=CandidateStatus.choices,
        default=CandidateStatus.ACTIVE,
    )
    extension_working_days = models.PositiveSmallIntegerField(
        _("extension (working days)"), default=0
    )
    extension_reason = models.CharField(_("reason for the extension"), max_length=300, blank=True)
    escalated = models.BooleanField(_("referred to the upper committee"), default=False)
    note = models.TextField(_("note"), blank=True)

    objects: ClassVar[ScopedQuerySet[Candidate]] = ScopedQuerySet.as_manager()  # type: ignore[assignment]

    class Meta:
        verbose_name = _("candidate for admission")
        verbose_name_plural = _("candidates for admission")
        ordering = ["full_name", "id"]
        indexes = [models.Index(fields=["organization", "status", "step"])]
        constraints = [
            models.CheckConstraint(
                condition=Q(kind=CandidateKind.NEW) | Q(member__isnull=False),
                name="candidate_readmission_has_member",
            )
        ]

    def __str__(self) -> str:
        return self.full_name


class CandidateStepQuerySet(ScopedQuerySet["CandidateStep"]):
    scope_field = "candidate__organization"


class CandidateStep(BaseModel):
    """One dated step of a candidate's file, with its document reference.

    For the cell vote, ``members_called`` is the number of official members convened (the
    denominator of the two-thirds rule) and ``votes_for`` those in favour.
    """

    candidate = models.ForeignKey(Candidate, on_delete=models.CASCADE, related_name="steps")
    step = models.CharField(_("step"), max_length=24, choices=Step.choices)
    done_on = models.DateField(_("date"))
    document_number = models.CharField(_("document number"), max_length=100, blank=True)
    issuer = models.CharField(_("issued by"), max_length=255, blank=True)
    members_called = models.PositiveSmallIntegerField(
        _("official members convened"), null=True, blank=True
    )
    votes_for = models.PositiveSmallIntegerField(_("votes in favour"), null=True, blank=True)
    note = models.TextField(_("note"), blank=True)

    objects: ClassVar[CandidateStepQuerySet] = CandidateStepQuerySet.as_manager()  # type: ignore[assignment]

    class Meta:
        verbose_name = _("step of the admission file")
        verbose_name_plural = _("steps of the admission file")
        ordering = ["candidate_id", "done_on", "id"]
        constraints = [
            models.UniqueConstraint(fields=["candidate", "step"], name="candidate_step_unique")
        ]

    def __str__(self) -> str:
        return f"{self.candidate_id} {self.step} {self.done_on}"


class RecognitionVote(BaseModel):
    """A cell's vote on recognising a probationary member as official."""

    candidate = models.ForeignKey(
        Candidate, on_delete=models.CASCADE, related_name="recognition_votes"
    )
    voted_on = models.DateField(_("vote date"))
    members_called = models.PositiveSmallIntegerField(_("official members convened"))
    votes_for = models.PositiveSmallIntegerField(_("votes in favour"))
    passed = models.BooleanField(_("passed"))
    note = models.TextField(_("note"), blank=True)

    class Meta:
        verbose_name = _("recognition vote")
        verbose_name_plural = _("recognition votes")
        ordering = ["candidate_id", "voted_on", "id"]

    def __str__(self) -> str:
        return f"{self.candidate_id} {self.voted_on} {self.votes_for}/{self.members_called}"


class DayOff(BaseModel):
    """A day off of an organization (and its whole subtree), beyond the public holidays."""

    organization = models.ForeignKey(
        "organizations.Organization", on_delete=models.PROTECT, related_name="days_off"
    )
    day = models.DateField(_("day"))
    reason = models.CharField(_("reason"), max_length=200)

    objects: ClassVar[ScopedQuerySet[DayOff]] = ScopedQuerySet.as_manager()  # type: ignore[assignment]

    class Meta:
        verbose_name = _("day off")
        verbose_name_plural = _("days off")
        ordering = ["organization_id", "day"]
        constraints = [
            models.UniqueConstraint(fields=["organization", "day"], name="day_off_unique")
        ]

    def __str__(self) -> str:
        return f"{self.organization_id} {self.day}"
