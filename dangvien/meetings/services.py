"""Writes of meetings and attendance."""

from __future__ import annotations

import hashlib
import uuid
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date
from typing import Any

from django.conf import settings
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.db.models import Count, Q
from django.utils.translation import gettext as _

from dangvien.accounts.scoping import require
from dangvien.accounts.types import Actor
from dangvien.audit.services import AuditAction, record, recorded_by, snapshot
from dangvien.core.dates import refuse_future, today
from dangvien.core.exceptions import ValidationFailed
from dangvien.core.verdicts import enforce
from dangvien.decisions.selectors import official_members_convened
from dangvien.meetings.choices import AttendanceStatus, MeetingKind
from dangvien.meetings.models import (
    AbsenceNotice,
    Attendance,
    Meeting,
    MeetingDocument,
    MeetingPlan,
    MeetingVote,
)
from dangvien.meetings.permissions import MeetingPermission
from dangvien.meetings.rules import (
    Standing,
    attendance_verdict,
    clean_file_name,
    document_file_verdict,
    document_kind_verdict,
    extension_of,
    kind_verdict,
    notice_verdict,
    plan_date_verdict,
    standing_of,
    status_verdict,
    vote_verdict,
)
from dangvien.meetings.selectors import period_rows, subtree_ids
from dangvien.members.models import Member
from dangvien.organizations.models import Organization
from dangvien.organizations.selectors import existing_state

CHANGE = MeetingPermission.CHANGE
#: The texts of a meeting that may be completed after it was recorded.
TEXT_FIELDS = ("place", "topic", "agenda", "minutes", "resolution", "chaired_by")


def _clean(value: str) -> str:
    return value.strip()


@transaction.atomic
def meeting_record(
    *,
    actor: Actor,
    organization: Organization,
    kind: str,
    held_on: date,
    key: str = "",
    place: str = "",
    topic: str = "",
    agenda: str = "",
    minutes: str = "",
    resolution: str = "",
    chaired_by: str = "",
    plan: MeetingPlan | None = None,
) -> Meeting:
    """Record a meeting ``organization`` held on ``held_on`` (``plan``: the plan it carries
    out, which then names it).

    Rules: actor may change meetings of the organization; the kind is known; the date is not
    in the future; the organization exists that day; a key already recorded names the same
    organization, kind and day (then nothing changes). Freezes the official members convened
    (the denominator of the votes taken there). Writes: Meeting, AuditEvent(create).
    """
    require(actor, CHANGE, organization)
    enforce(kind_verdict(kind))
    refuse_future(held_on, "held_on")
    existing_state(organization, held_on, field="held_on")
    key = key.strip()
    if key:
        existing = Meeting.objects.filter(key=key).first()
        if existing is not None:
            if (existing.organization_id, existing.kind, existing.held_on) == (
                organization.pk,
                kind,
                held_on,
            ):
                return existing
            raise ValidationFailed(
                _("The meeting key %(key)s is already used by another meeting.") % {"key": key},
                code="meeting_key_taken",
                field="key",
            )
    else:
        key = f"M-{uuid.uuid4().hex[:16]}"
    meeting = Meeting.objects.create(
        key=key,
        organization=organization,
        kind=kind,
        held_on=held_on,
        place=_clean(place),
        topic=_clean(topic),
        agenda=agenda.strip(),
        minutes=minutes.strip(),
        resolution=resolution.strip(),
        chaired_by=" ".join(chaired_by.split()),
        members_convened=official_members_convened(organization, held_on),
        recorded_by=recorded_by(actor)[0],
    )
    record(
        actor=actor,
        action=AuditAction.CREATE,
        obj=meeting,
        after=snapshot(meeting),
        organization_path=organization.path,
        # a meeting alters the figures of its day and after only
        affects_from=held_on,
    )
    if plan is not None:
        plan = MeetingPlan.objects.select_for_update().get(pk=plan.pk)
        if plan.organization_id != organization.pk or plan.meeting_id is not None:
            raise ValidationFailed(
                _("This plan belongs to another organization or was already held."),
                code="plan_mismatch",
                field="plan",
            )
        plan.meeting = meeting
        plan.save(update_fields=["meeting", "updated_at"])
    return meeting


@transaction.atomic
def meeting_update(*, actor: Actor, meeting: Meeting, **texts: str) -> Meeting:
    """Complete the texts of a meeting (place, topic, agenda, minutes, resolution, chair).

    Rules: actor may change meetings of the organization; only those texts change (the
    organization, kind and day are the record's identity). No-op when nothing differs.
    Writes: Meeting, AuditEvent(update).
    """
    meeting = Meeting.objects.select_for_update().select_related("organization").get(pk=meeting.pk)
    require(actor, CHANGE, meeting.organization)
    unknown = set(texts) - set(TEXT_FIELDS)
    if unknown:
        raise ValidationFailed(
            _("These fields cannot be changed: %(fields)s.")
            % {"fields": ", ".join(sorted(unknown))},
            code="meeting_field_fixed",
        )
    changed = {
        name: value.strip()
        for name, value in texts.items()
        if getattr(meeting, name) != value.strip()
    }
    if not changed:
        return meeting
    before = snapshot(meeting)
    for name, value in changed.items():
        setattr(meeting, name, value)
    meeting.save(update_fields=[*changed, "updated_at"])
    record(
        actor=actor,
        action=AuditAction.UPDATE,
        obj=meeting,
        before=before,
        after=snapshot(meeting),
        organization_path=meeting.organization.path,
        affects_from=meeting.held_on,
    )
    return meeting


@dataclass(frozen=True)
class AttendanceEntry:
    """One line of the attendance screen (or of attendance.csv)."""

    member: Member
    status: str
    reason: str = ""


def _standing(meeting: Meeting, member_ids: Iterable[int]) -> dict[int, Standing]:
    ids = subtree_ids(meeting.organization_id, meeting.held_on)
    periods = period_rows(member_ids)
    return {pk: standing_of(periods.get(pk, ()), meeting.held_on, ids) for pk in member_ids}


@transaction.atomic
def attendance_take(
    *, actor: Actor, meeting: Meeting, entries: Sequence[AttendanceEntry]
) -> list[Attendance]:
    """Record the attendance of a meeting (the one screen of the secretary): each line is
    added, or changed when it differs from what was recorded.

    Rules: actor may change meetings of the organization; each status is known; each person
    was a member of the organization's subtree that day or temporarily attached to it, and not
    exempted from activity (not expected). Writes: Attendance rows (new ones in one
    statement), the meeting's counts of its rows (``attendance_counts_refresh``), one
    AuditEvent(update) on the meeting with the lines before and after; nothing when every line
    is recorded identically.
    """
    meeting = Meeting.objects.select_for_update().select_related("organization").get(pk=meeting.pk)
    organization = meeting.organization
    require(actor, CHANGE, organization)
    standing = _standing(meeting, [entry.member.pk for entry in entries])
    for entry in entries:
        enforce(
            status_verdict(entry.status),
            attendance_verdict(
                standing[entry.member.pk],
                name=entry.member.full_name,
                code=organization.code,
                day=meeting.held_on,
            ),
        )
    recorded = {row.member_id: row for row in Attendance.objects.filter(meeting=meeting)}
    user = recorded_by(actor)[0]
    before: dict[str, Any] = {}
    after: dict[str, Any] = {}
    new: list[Attendance] = []
    for entry in entries:
        reason = " ".join(entry.reason.split())
        row = recorded.get(entry.member.pk)
        if row is not None:
            if (row.status, row.reason) == (entry.status, reason):
                continue
            before[str(row.member_id)] = [row.status, row.reason]
            row.status, row.reason, row.recorded_by = entry.status, reason, user
            row.save(update_fields=["status", "reason", "recorded_by", "updated_at"])
        else:
            row = Attendance(
                meeting=meeting,
                member=entry.member,
                status=entry.status,
                reason=reason,
                as_guest=standing[entry.member.pk] is Standing.GUEST,
                held_on=meeting.held_on,
                kind=meeting.kind,
                recorded_by=user,
            )
            new.append(row)
            recorded[entry.member.pk] = row
        after[str(entry.member.pk)] = [entry.status, reason]
    if new:
        Attendance.objects.bulk_create(new)
    if after:
        attendance_counts_refresh([meeting.pk])
        record(
            actor=actor,
            action=AuditAction.UPDATE,
            obj=meeting,
            before={"attendance": before},
            after={"attendance": after},
            organization_path=organization.path,
            message="attendance",
            affects_from=meeting.held_on,
        )
    # the rows of the entries, as recorded now (new ones read back with their ids)
    rows = {row.member_id: row for row in Attendance.objects.filter(meeting=meeting)}
    return [rows[entry.member.pk] for entry in entries]


@dataclass(frozen=True)
class AttendanceRow:
    """A checked attendance row of a bulk load (the import): ids only."""

    meeting_id: int
    member_id: int
    status: str
    reason: str
    as_guest: bool
    held_on: date
    kind: str


@transaction.atomic
def attendance_create_many(
    *, actor: Actor, organizations: Iterable[Organization], rows: Sequence[AttendanceRow]
) -> int:
    """Write attendance rows already checked by the rules (the import: ``standing_of``,
    ``attendance_verdict`` and ``status_verdict`` on each row, in bulk), in one statement per
    batch, then their meetings' counts of their rows (``attendance_counts_refresh``). Rules:
    actor may change meetings of every organization named; each row carries its meeting's day
    and kind. The import's own audit row stands for them. Returns how many were written."""
    for organization in organizations:
        require(actor, CHANGE, organization)
    user = recorded_by(actor)[0]
    Attendance.objects.bulk_create(
        [
            Attendance(
                meeting_id=row.meeting_id,
                member_id=row.member_id,
                status=row.status,
                reason=row.reason,
                as_guest=row.as_guest,
                held_on=row.held_on,
                kind=row.kind,
                recorded_by=user,
            )
            for row in rows
        ],
        batch_size=2000,
    )
    attendance_counts_refresh({row.meeting_id for row in rows})
    return len(rows)


#: Meetings whose counts one round of statements refreshes (their rows read, counted, updated).
COUNTS_BATCH = 1000


def attendance_counts_refresh(meeting_ids: Iterable[int]) -> None:
    """Set each meeting's ``attendance_count`` and ``present_count`` from its attendance rows,
    as they are now (counted again, not incremented: a status changed from present to absent
    is followed as a new row is). Every write of attendance rows calls it for the meetings it
    touched, in its transaction (the meetings are locked until it ends). Writes: the two counts
    of those meetings whose counts differ (per ``COUNTS_BATCH`` meetings: the meetings read and
    locked, their rows counted in one grouped read, one bulk update)."""
    wanted = sorted(set(meeting_ids))
    for start in range(0, len(wanted), COUNTS_BATCH):
        # locked before their rows are counted (in id order; no-key: the attendance rows being
        # inserted hold key-share locks on their meetings): two imports adding rows to one
        # meeting count one after the other, each seeing the other's rows once committed
        meetings = list(
            Meeting.objects.filter(pk__in=wanted[start : start + COUNTS_BATCH])
            .select_for_update(no_key=True)
            .order_by("pk")
            .only("pk", "held_on", "attendance_count", "present_count")
        )
        if not meetings:
            continue
        days = [meeting.held_on for meeting in meetings]
        counts = {
            meeting_id: (rows, present)
            for meeting_id, rows, present in Attendance.objects.filter(
                meeting_id__in=[meeting.pk for meeting in meetings],
                # the rows carry their meeting's day: PostgreSQL reads those years' partitions
                held_on__gte=min(days),
                held_on__lte=max(days),
            )
            .values("meeting_id")
            .annotate(
                rows=Count("id"), present=Count("id", filter=Q(status=AttendanceStatus.PRESENT))
            )
            .values_list("meeting_id", "rows", "present")
            .order_by()
        }
        changed = []
        for meeting in meetings:
            rows, present = counts.get(meeting.pk, (0, 0))
            if (meeting.attendance_count, meeting.present_count) != (rows, present):
                meeting.attendance_count, meeting.present_count = rows, present
                changed.append(meeting)
        Meeting.objects.bulk_update(changed, ["attendance_count", "present_count"])


@transaction.atomic
def meeting_plan_create(
    *,
    actor: Actor,
    organization: Organization,
    kind: str,
    planned_on: date,
    place: str = "",
    topic: str = "",
    agenda: str = "",
) -> MeetingPlan:
    """Plan a meeting (the schedule and topic the members see in their handbook).

    Rules: actor may change meetings of the organization; the kind is known; the day is today
    or later; the organization exists today. Writes: MeetingPlan, AuditEvent(create).
    """
    require(actor, CHANGE, organization)
    enforce(kind_verdict(kind), plan_date_verdict(planned_on, today()))
    existing_state(organization, today(), field="planned_on")
    plan = MeetingPlan.objects.create(
        organization=organization,
        kind=kind,
        planned_on=planned_on,
        place=place.strip(),
        topic=topic.strip(),
        agenda=agenda.strip(),
        recorded_by=recorded_by(actor)[0],
    )
    record(
        actor=actor,
        action=AuditAction.CREATE,
        obj=plan,
        after=snapshot(plan),
        organization_path=organization.path,
        # no figure of a day reads plans, notices, votes or documents: their own day
        affects_from=planned_on,
    )
    return plan


@transaction.atomic
def absence_announce(
    *, actor: Actor, plan: MeetingPlan, member: Member, reason: str
) -> AbsenceNotice:
    """A member announces that they will miss a planned meeting, and why.

    Rules: the actor is the member's own account (the handbook) or may change meetings of the
    organization; the meeting has not taken place; a reason is given; the member is expected
    there (a member of the organization today or attached to it, not exempted). A second
    notice replaces the reason. Writes: AbsenceNotice, AuditEvent(create/update).
    """
    from dangvien.portal.selectors import member_of

    plan = MeetingPlan.objects.select_related("organization").get(pk=plan.pk)
    own = member_of(actor)
    if own is None or own.pk != member.pk:
        require(actor, CHANGE, plan.organization)
    reason = " ".join(reason.split())
    day = today()
    enforce(
        notice_verdict(
            planned_on=plan.planned_on, held=plan.meeting_id is not None, today=day, reason=reason
        )
    )
    ids = subtree_ids(plan.organization_id, day)
    standing = standing_of(period_rows([member.pk]).get(member.pk, ()), day, ids)
    enforce(
        attendance_verdict(standing, name=member.full_name, code=plan.organization.code, day=day)
    )
    notice = AbsenceNotice.objects.filter(plan=plan, member=member).first()
    if notice is not None:
        if notice.reason == reason:
            return notice
        before = snapshot(notice)
        notice.reason = reason
        notice.save(update_fields=["reason", "updated_at"])
        record(
            actor=actor,
            action=AuditAction.UPDATE,
            obj=notice,
            before=before,
            after=snapshot(notice),
            organization_path=plan.organization.path,
            affects_from=plan.planned_on,
        )
        return notice
    notice = AbsenceNotice.objects.create(plan=plan, member=member, reason=reason)
    record(
        actor=actor,
        action=AuditAction.CREATE,
        obj=notice,
        after=snapshot(notice),
        organization_path=plan.organization.path,
        affects_from=plan.planned_on,
    )
    return notice


@transaction.atomic
def meeting_vote_record(
    *,
    actor: Actor,
    meeting: Meeting,
    subject: str,
    purpose: str,
    votes_for: int,
    votes_against: int = 0,
    abstentions: int = 0,
) -> MeetingVote:
    """Record a vote taken at ``meeting``: its subject, what it is for, the votes in favour,
    against and abstaining.

    Rules: actor may change meetings of the organization; the subject is given; the purpose is
    known; the numbers are not negative and together do not exceed the official members
    convened, which are computed from the record for the meeting's day (the denominator the
    rules require, never typed). Whether the vote is enough is checked where it is used.
    Writes: MeetingVote, AuditEvent(create).
    """
    meeting = Meeting.objects.select_related("organization").get(pk=meeting.pk)
    require(actor, CHANGE, meeting.organization)
    convened = official_members_convened(meeting.organization, meeting.held_on)
    enforce(
        vote_verdict(
            subject=subject,
            purpose=purpose,
            numbers=(votes_for, votes_against, abstentions),
            convened=convened,
        )
    )
    vote = MeetingVote.objects.create(
        meeting=meeting,
        subject=" ".join(subject.split()),
        purpose=purpose,
        members_convened=convened,
        votes_for=votes_for,
        votes_against=votes_against,
        abstentions=abstentions,
        recorded_by=recorded_by(actor)[0],
    )
    record(
        actor=actor,
        action=AuditAction.CREATE,
        obj=vote,
        after=snapshot(vote),
        organization_path=meeting.organization.path,
        affects_from=meeting.held_on,
    )
    return vote


@transaction.atomic
def document_attach(
    *,
    actor: Actor,
    upload: UploadedFile,
    kind: str,
    meeting: Meeting | None = None,
    plan: MeetingPlan | None = None,
) -> MeetingDocument:
    """Attach a file to a meeting or to a planned one (its agenda, a draft resolution, the
    minutes).

    Rules: exactly one of ``meeting``/``plan``; actor may change meetings of its organization;
    the kind is known; the file is not empty, not larger than ``MEETING_DOCUMENT_MAX_BYTES``,
    and of a type of ``MEETING_DOCUMENT_TYPES`` (by its extension); its name is kept cleaned of
    any path and of characters a file name should not hold. The file is stored under a random
    name in the private directory. Writes: the file, MeetingDocument, AuditEvent(create) with
    the name, size and SHA-256 of the file.
    """
    if (meeting is None) == (plan is None):
        raise ValidationFailed(
            _("A document belongs to one meeting or one planned meeting."),
            code="document_owner",
            field="file",
        )
    organization = meeting.organization if meeting is not None else plan.organization  # type: ignore[union-attr]
    day = meeting.held_on if meeting is not None else plan.planned_on  # type: ignore[union-attr]
    require(actor, CHANGE, organization)
    enforce(document_kind_verdict(kind))
    name = clean_file_name(upload.name or "")
    size = upload.size or 0
    enforce(
        document_file_verdict(
            name=name,
            size=size,
            limit=settings.MEETING_DOCUMENT_MAX_BYTES,
            types=settings.MEETING_DOCUMENT_TYPES,
        )
    )
    digest = hashlib.sha256()
    for chunk in upload.chunks():
        digest.update(chunk)
    upload.seek(0)
    document = MeetingDocument(
        organization=organization,
        meeting=meeting,
        plan=plan,
        kind=kind,
        name=name,
        content_type=settings.MEETING_DOCUMENT_TYPES[extension_of(name)],
        size=size,
        sha256=digest.hexdigest(),
        uploaded_by=recorded_by(actor)[0],
    )
    document.file.save(name, upload, save=False)
    stored = document.file.name
    try:
        document.save()
        record(
            actor=actor,
            action=AuditAction.CREATE,
            obj=document,
            after={**snapshot(document, DOCUMENT_AUDITED), "stored_as": stored},
            organization_path=organization.path,
            affects_from=day,
        )
    except Exception:
        document.file.storage.delete(stored)
        raise
    return document


#: What the audit keeps of a document (the file itself is not copied there).
DOCUMENT_AUDITED = [
    "organization",
    "meeting",
    "plan",
    "kind",
    "name",
    "content_type",
    "size",
    "sha256",
    "uploaded_by",
]


__all__ = [
    "AttendanceEntry",
    "AttendanceRow",
    "MeetingKind",
    "absence_announce",
    "attendance_counts_refresh",
    "attendance_create_many",
    "attendance_take",
    "document_attach",
    "meeting_plan_create",
    "meeting_record",
    "meeting_update",
    "meeting_vote_record",
]
