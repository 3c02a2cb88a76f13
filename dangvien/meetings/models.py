"""Meetings of party organizations (sinh hoạt chi bộ, chuyên đề, họp cấp ủy) and the attendance
of each member expected or attending."""

from __future__ import annotations

import os
import uuid
from typing import ClassVar

from django.conf import settings
from django.core.files.storage import FileSystemStorage
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from dangvien.accounts.scoping import ScopedQuerySet
from dangvien.core.formatting import vn_date
from dangvien.core.models import BaseModel
from dangvien.core.votes import VotePurpose
from dangvien.meetings.choices import AttendanceStatus, DocumentKind, MeetingKind


class Meeting(BaseModel):
    """A meeting held by an organization on a day.

    ``key`` is the stable key of the interchange bundle (``meeting_id``). ``members_convened``
    is the official members convened that day, as the vote denominators count them
    (``decisions.selectors.official_members_convened``), frozen when the meeting is recorded.
    The organization, kind and date do not change once recorded (attendance copies them).
    ``attendance_count`` and ``present_count`` are the meeting's attendance rows and those
    marked present, kept by the services that write the rows (``attendance_counts_refresh``):
    the year's figures of a province add them up instead of reading tens of millions of rows.
    """

    key = models.CharField(_("meeting key"), max_length=64, unique=True)
    organization = models.ForeignKey(
        "organizations.Organization", on_delete=models.PROTECT, related_name="meetings"
    )
    kind = models.CharField(_("kind"), max_length=16, choices=MeetingKind.choices)
    held_on = models.DateField(_("held on"))
    place = models.CharField(_("place"), max_length=255, blank=True)
    topic = models.CharField(_("topic"), max_length=500, blank=True)
    agenda = models.TextField(_("agenda"), blank=True)
    minutes = models.TextField(_("minutes"), blank=True)
    resolution = models.TextField(_("resolution"), blank=True)
    chaired_by = models.CharField(_("chaired by"), max_length=200, blank=True)
    members_convened = models.PositiveIntegerField(
        _("official members convened"), null=True, blank=True
    )
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    # the database default too: a meeting written by SQL (a bulk script) starts at 0; whoever
    # writes its attendance rows counts them
    attendance_count = models.PositiveIntegerField(default=0, db_default=0, editable=False)
    present_count = models.PositiveIntegerField(default=0, db_default=0, editable=False)

    objects: ClassVar[ScopedQuerySet[Meeting]] = ScopedQuerySet.as_manager()  # type: ignore[assignment]

    class Meta:
        verbose_name = _("meeting")
        verbose_name_plural = _("meetings")
        ordering = ["organization_id", "held_on", "id"]
        indexes = [
            models.Index(fields=["organization", "held_on"], name="meeting_org_day_idx"),
            models.Index(fields=["held_on", "kind"], name="meeting_day_kind_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {vn_date(self.held_on)}"


class AttendanceQuerySet(ScopedQuerySet["Attendance"]):
    scope_field = "meeting__organization"


class Attendance(BaseModel):
    """Whether a member expected at (or attending) a meeting was present, absent with a
    reason or absent without one. ``as_guest``: temporarily attached to the organization
    (attends without a vote). ``held_on`` and ``kind`` are the meeting's, copied so that the
    counts of a year (the three months rule) read this table alone."""

    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="attendances")
    member = models.ForeignKey(
        "members.Member", on_delete=models.PROTECT, related_name="attendances", db_index=False
    )
    status = models.CharField(_("attendance"), max_length=16, choices=AttendanceStatus.choices)
    reason = models.CharField(_("reason"), max_length=300, blank=True)
    as_guest = models.BooleanField(_("temporarily attached"), default=False)
    held_on = models.DateField(editable=False)
    kind = models.CharField(max_length=16, choices=MeetingKind.choices, editable=False)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    objects: ClassVar[AttendanceQuerySet] = AttendanceQuerySet.as_manager()  # type: ignore[assignment]

    class Meta:
        verbose_name = _("attendance")
        verbose_name_plural = _("attendance")
        ordering = ["meeting_id", "member_id"]
        constraints = [
            models.UniqueConstraint(fields=["meeting", "member"], name="attendance_once"),
        ]
        indexes = [
            models.Index(fields=["member", "held_on"], name="attendance_member_day_idx"),
            # the three months rule: unexcused absences from regular meetings of a year
            models.Index(
                fields=["held_on", "member"],
                condition=Q(status=AttendanceStatus.UNEXCUSED, kind=MeetingKind.REGULAR),
                name="attendance_unexcused_idx",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.member_id} {self.meeting_id} {self.status}"


class MeetingPlan(BaseModel):
    """A meeting the organization plans (the secretary enters next month's schedule and topic);
    ``meeting`` is the meeting recorded when it was held. A plan is not a fact: it may be dated
    in the future."""

    organization = models.ForeignKey(
        "organizations.Organization", on_delete=models.PROTECT, related_name="meeting_plans"
    )
    kind = models.CharField(_("kind"), max_length=16, choices=MeetingKind.choices)
    planned_on = models.DateField(_("planned for"))
    place = models.CharField(_("place"), max_length=255, blank=True)
    topic = models.CharField(_("topic"), max_length=500, blank=True)
    agenda = models.TextField(_("agenda"), blank=True)
    meeting = models.OneToOneField(
        Meeting,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="plan",
        verbose_name=_("meeting held"),
    )
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    objects: ClassVar[ScopedQuerySet[MeetingPlan]] = ScopedQuerySet.as_manager()  # type: ignore[assignment]

    class Meta:
        verbose_name = _("meeting plan")
        verbose_name_plural = _("meeting plans")
        ordering = ["organization_id", "planned_on", "id"]
        indexes = [models.Index(fields=["organization", "planned_on"], name="meeting_plan_idx")]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {vn_date(self.planned_on)}"


class AbsenceNotice(BaseModel):
    """A member announcing, before a planned meeting, that they will be absent, and why (the
    secretary's attendance screen starts them as absent with that reason)."""

    plan = models.ForeignKey(MeetingPlan, on_delete=models.CASCADE, related_name="notices")
    member = models.ForeignKey(
        "members.Member", on_delete=models.PROTECT, related_name="absence_notices"
    )
    reason = models.CharField(_("reason"), max_length=300)

    class Meta:
        verbose_name = _("absence notice")
        verbose_name_plural = _("absence notices")
        constraints = [
            models.UniqueConstraint(fields=["plan", "member"], name="absence_notice_once")
        ]

    def __str__(self) -> str:
        return f"{self.member_id} {self.plan_id}"


class MeetingVoteQuerySet(ScopedQuerySet["MeetingVote"]):
    scope_field = "meeting__organization"


class MeetingVote(BaseModel):
    """A vote taken at a meeting: what it was on, what for, and how the members voted.

    ``members_convened`` is the denominator the rules require (the organization's official
    members convened on the meeting's day, ``decisions.selectors.official_members_convened``),
    computed from the record when the vote is recorded, never typed. Whether the vote is enough
    for what it is used for is decided where it is used (admissions, decisions), with the rule of
    that use. A vote is not changed: a mistake is corrected by recording the vote again.
    """

    meeting = models.ForeignKey(Meeting, on_delete=models.PROTECT, related_name="votes")
    subject = models.CharField(_("subject of the vote"), max_length=500)
    purpose = models.CharField(_("purpose"), max_length=16, choices=VotePurpose.choices)
    members_convened = models.PositiveIntegerField(_("official members convened"))
    votes_for = models.PositiveIntegerField(_("votes in favour"))
    votes_against = models.PositiveIntegerField(_("votes against"), default=0)
    abstentions = models.PositiveIntegerField(_("abstentions"), default=0)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    objects: ClassVar[MeetingVoteQuerySet] = MeetingVoteQuerySet.as_manager()  # type: ignore[assignment]

    class Meta:
        verbose_name = _("vote taken at a meeting")
        verbose_name_plural = _("votes taken at meetings")
        ordering = ["meeting_id", "id"]

    def __str__(self) -> str:
        return self.subject


class PrivateStorage(FileSystemStorage):
    """Files under ``MEETING_DOCUMENTS_ROOT`` (read at each use, so that a test may move it),
    outside the web root and the static files; nothing there has a URL (a view that checks the
    reader serves them)."""

    @property
    def base_location(self) -> str:
        return str(settings.MEETING_DOCUMENTS_ROOT)

    @property
    def location(self) -> str:
        return os.path.abspath(self.base_location)

    def url(self, name: str | None) -> str:
        raise ValueError("meeting documents have no public URL")


def private_storage() -> FileSystemStorage:
    return PrivateStorage()


def document_path(document: MeetingDocument, filename: str) -> str:
    """A stored name that says nothing of the upload: the organization's id and a random name
    (the name shown is ``MeetingDocument.name``)."""
    suffix = filename.rsplit(".", 1)[-1].lower() if "." in filename else "bin"
    return f"{document.organization_id}/{uuid.uuid4().hex}.{suffix}"


class MeetingDocument(BaseModel):
    """A file of a meeting (its agenda, a draft resolution, the minutes) or of a planned one
    (what the members read before it). Kept under a private directory, served only through a
    view that checks the reader's scope, or that the reader is a member of the organization."""

    organization = models.ForeignKey(
        "organizations.Organization", on_delete=models.PROTECT, related_name="meeting_documents"
    )
    meeting = models.ForeignKey(
        Meeting, on_delete=models.PROTECT, null=True, blank=True, related_name="documents"
    )
    plan = models.ForeignKey(
        MeetingPlan, on_delete=models.PROTECT, null=True, blank=True, related_name="documents"
    )
    kind = models.CharField(_("document"), max_length=24, choices=DocumentKind.choices)
    file = models.FileField(storage=private_storage, upload_to=document_path, max_length=255)
    name = models.CharField(_("file name"), max_length=200)
    content_type = models.CharField(max_length=100)
    size = models.PositiveBigIntegerField(_("size"))
    sha256 = models.CharField(max_length=64)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    objects: ClassVar[ScopedQuerySet[MeetingDocument]] = ScopedQuerySet.as_manager()  # type: ignore[assignment]

    class Meta:
        verbose_name = _("meeting document")
        verbose_name_plural = _("meeting documents")
        ordering = ["created_at", "id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(meeting__isnull=False, plan__isnull=True)
                | Q(meeting__isnull=True, plan__isnull=False),
                name="meeting_document_of_one",
            )
        ]

    def __str__(self) -> str:
        return self.name
