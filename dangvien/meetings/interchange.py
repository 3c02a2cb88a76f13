"""The meetings' section of a bundle (§4): meetings.csv and attendance.csv.

Meetings go through ``meeting_record`` (the rules of the web form); attendance rows are checked
with the same rules as the attendance screen (``rules.standing_of``, ``attendance_verdict``,
``status_verdict``) on plain rows, then written in bulk (the largest table of the product); a
line that changes what was recorded goes through ``attendance_take``. A row recorded
identically is skipped, so importing a bundle twice changes nothing.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from datetime import date
from functools import partial

from django.utils.text import format_lazy
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from dangvien.interchange.problems import (
    Problem,
    duplicate,
    read_date,
    refusal_problem,
    required,
    write_row,
)
from dangvien.interchange.sections import BundleFile, Column, ExportContext, ImportContext
from dangvien.meetings.models import Attendance, Meeting
from dangvien.meetings.rules import (
    Standing,
    attendance_verdict,
    kind_verdict,
    standing_of,
    status_verdict,
)
from dangvien.meetings.selectors import period_rows, subtree_ids
from dangvien.meetings.services import (
    AttendanceEntry,
    AttendanceRow,
    attendance_create_many,
    attendance_take,
    meeting_record,
    meeting_update,
)
from dangvien.members.models import Member, MemberPeriod
from dangvien.organizations.interchange import (
    DATE,
    exported_organizations,
    organization_ids,
    unknown_code,
)
from dangvien.organizations.models import Organization

MEETINGS = BundleFile(
    "meetings.csv",
    gettext_lazy("One row per meeting held."),
    (
        Column("meeting_id", gettext_lazy("Stable unique key of the meeting."), mandatory=True),
        Column(
            "organization_code", gettext_lazy("Code of the organization that met."), mandatory=True
        ),
        Column(
            "kind",
            gettext_lazy(
                "regular (sinh hoạt thường kỳ), thematic (sinh hoạt chuyên đề), committee (họp "
                "chi ủy / cấp ủy) or other."
            ),
            mandatory=True,
        ),
        Column("held_on", format_lazy("{} {}", gettext_lazy("Day held."), DATE), mandatory=True),
        Column("topic", gettext_lazy("Topic (optional).")),
    ),
)
ATTENDANCE = BundleFile(
    "attendance.csv",
    gettext_lazy(
        "One row per member expected at (or attending) a meeting; members exempted from "
        "activity that day have no row."
    ),
    (
        Column("meeting_id", gettext_lazy("Key of the meeting in meetings.csv."), mandatory=True),
        Column("member_id", gettext_lazy("Key of the member in members.csv."), mandatory=True),
        Column(
            "status",
            gettext_lazy("present, excused (vắng có lý do) or unexcused (vắng không có lý do)."),
            mandatory=True,
        ),
        Column("reason", gettext_lazy("Reason of an absence (optional).")),
    ),
)


def unknown_meeting(key: str) -> str:
    return _("no meeting has the key %(key)s") % {"key": key}


def unknown_member(key: str) -> str:
    return _("no member has the key %(key)s") % {"key": key}


@dataclass(frozen=True)
class _MeetingFacts:
    pk: int
    organization_id: int
    held_on: date
    kind: str


@dataclass(frozen=True)
class MeetingsSection:
    # no fields: equal instances, so that a second ready() (tests) registers the same value
    label = gettext_lazy("Meetings")
    files = (MEETINGS, ATTENDANCE)
    counts = {
        "meetings_created": gettext_lazy("Meetings"),
        "meetings_changed": gettext_lazy("Meetings with a new topic"),
        "meetings_unchanged": gettext_lazy("Meetings already recorded"),
        "attendance_created": gettext_lazy("Attendance rows"),
        "attendance_changed": gettext_lazy("Attendance rows changed"),
        "attendance_unchanged": gettext_lazy("Attendance rows already recorded"),
    }

    def load(self, context: ImportContext) -> None:
        if context.bundle.has(MEETINGS.name):
            _load_meetings(context)
        if context.bundle.has(ATTENDANCE.name) and not context.problems:
            _load_attendance(context)

    def export(self, context: ExportContext) -> None:
        meetings = Meeting.objects.all()
        scope = exported_organizations(context)
        if scope is not None:
            meetings = meetings.filter(organization_id__in=scope)
        codes = dict(Organization.objects.values_list("pk", "code"))
        with context.open(MEETINGS.name) as out:
            for meeting in meetings.order_by("held_on", "id").iterator(chunk_size=5000):
                out.write(
                    {
                        "meeting_id": meeting.key,
                        "organization_code": codes[meeting.organization_id],
                        "kind": meeting.kind,
                        "held_on": meeting.held_on.isoformat(),
                        "topic": meeting.topic,
                    }
                )
        rows = Attendance.objects.filter(meeting__in=meetings.values("pk"))
        if scope is not None:
            # a subtree's members.csv holds the members of its organizations only: the
            # attendance of a guest from outside would name a member the bundle lacks
            rows = rows.filter(
                member_id__in=MemberPeriod.objects.filter(organization_id__in=scope).values(
                    "member_id"
                )
            )
        with context.open(ATTENDANCE.name) as out:
            for key, member_key, status, reason in (
                rows.order_by("held_on", "meeting_id", "member_id")
                .values_list("meeting__key", "member__member_key", "status", "reason")
                .iterator(chunk_size=5000)
            ):
                out.write(
                    {"meeting_id": key, "member_id": member_key, "status": status, "reason": reason}
                )


def _load_meetings(context: ImportContext) -> None:
    problems = context.problems
    org_ids = organization_ids(context)
    seen: dict[str, int] = {}
    organizations: dict[int, Organization] = {}
    for row in context.bundle.rows(MEETINGS.name):
        key, code, kind = row.get("meeting_id"), row.get("organization_code"), row.get("kind")
        held_on = read_date(row, "held_on", problems, mandatory=True)
        if not key:
            problems.append(Problem(row.file, row.line, "meeting_id", required()))
            continue
        if key in seen:
            problems.append(Problem(row.file, row.line, "meeting_id", duplicate(key, seen[key])))
            continue
        seen[key] = row.line
        if code not in org_ids:
            problems.append(Problem(row.file, row.line, "organization_code", unknown_code(code)))
            continue
        refusal = kind_verdict(kind)
        if refusal is not None:
            problems.append(refusal_problem(row, refusal))
            continue
        if held_on is None:
            continue
        existing = Meeting.objects.filter(key=key).first()
        if existing is not None and (existing.organization_id, existing.kind, existing.held_on) == (
            org_ids[code],
            kind,
            held_on,
        ):
            if existing.topic == row.get("topic"):
                context.count("meetings_unchanged")
            else:
                write_row(
                    context,
                    row,
                    partial(
                        meeting_update,
                        actor=context.actor,
                        meeting=existing,
                        topic=row.get("topic"),
                    ),
                    count="meetings_changed",
                    column="topic",
                )
            continue
        org_id = org_ids[code]
        if org_id not in organizations:
            organizations[org_id] = Organization.objects.get(pk=org_id)
        write_row(
            context,
            row,
            partial(
                meeting_record,
                actor=context.actor,
                organization=organizations[org_id],
                kind=kind,
                held_on=held_on,
                key=key,
                topic=row.get("topic"),
            ),
            count="meetings_created",
            column="meeting_id",
            columns={"key": "meeting_id"},
        )


def _load_attendance(context: ImportContext) -> None:
    problems = context.problems
    rows = list(context.bundle.rows(ATTENDANCE.name))
    meeting_keys = sorted({row.get("meeting_id") for row in rows} - {""})
    member_keys = sorted({row.get("member_id") for row in rows} - {""})
    meetings: dict[str, _MeetingFacts] = {}
    for start in range(0, len(meeting_keys), 5000):
        for key, pk, organization_id, held_on, kind in Meeting.objects.filter(
            key__in=meeting_keys[start : start + 5000]
        ).values_list("key", "pk", "organization_id", "held_on", "kind"):
            meetings[key] = _MeetingFacts(pk, organization_id, held_on, kind)
    members: dict[str, tuple[int, str]] = {}
    for start in range(0, len(member_keys), 5000):
        for key, pk, name in Member.objects.filter(
            member_key__in=member_keys[start : start + 5000]
        ).values_list("member_key", "pk", "full_name"):
            members[key] = (pk, name)
    periods = period_rows(pk for pk, _name in members.values())
    codes = dict(
        Organization.objects.filter(
            pk__in={facts.organization_id for facts in meetings.values()}
        ).values_list("pk", "code")
    )
    recorded: dict[tuple[int, int], tuple[str, str]] = {}
    meeting_pks = sorted({facts.pk for facts in meetings.values()})
    for start in range(0, len(meeting_pks), 2000):
        for meeting_id, member_id, status, reason in Attendance.objects.filter(
            meeting_id__in=meeting_pks[start : start + 2000]
        ).values_list("meeting_id", "member_id", "status", "reason"):
            recorded[(meeting_id, member_id)] = (status, reason)
    subtrees: dict[tuple[int, date], frozenset[int]] = {}
    seen: dict[tuple[str, str], int] = {}
    new: list[AttendanceRow] = []
    changed: dict[int, list[tuple[int, str, str]]] = defaultdict(list)
    for row in rows:
        key, member_key, status = row.get("meeting_id"), row.get("member_id"), row.get("status")
        reason = " ".join(row.get("reason").split())
        missing = [
            c
            for c, v in (("meeting_id", key), ("member_id", member_key), ("status", status))
            if not v
        ]
        if missing:
            problems.extend(Problem(row.file, row.line, c, required()) for c in missing)
            continue
        if (key, member_key) in seen:
            problems.append(
                Problem(
                    row.file, row.line, "member_id", duplicate(member_key, seen[(key, member_key)])
                )
            )
            continue
        seen[(key, member_key)] = row.line
        meeting = meetings.get(key)
        if meeting is None:
            problems.append(Problem(row.file, row.line, "meeting_id", unknown_meeting(key)))
            continue
        if member_key not in members:
            problems.append(Problem(row.file, row.line, "member_id", unknown_member(member_key)))
            continue
        member_id, name = members[member_key]
        around = (meeting.organization_id, meeting.held_on)
        if around not in subtrees:
            subtrees[around] = subtree_ids(*around)
        standing = standing_of(periods.get(member_id, ()), meeting.held_on, subtrees[around])
        refusal = status_verdict(status) or attendance_verdict(
            standing, name=name, code=codes[meeting.organization_id], day=meeting.held_on
        )
        if refusal is not None:
            problems.append(refusal_problem(row, refusal))
            continue
        before = recorded.get((meeting.pk, member_id))
        if before == (status, reason):
            context.count("attendance_unchanged")
        elif before is not None:
            changed[meeting.pk].append((member_id, status, reason))
        else:
            new.append(
                AttendanceRow(
                    meeting.pk,
                    member_id,
                    status,
                    reason,
                    standing is Standing.GUEST,
                    meeting.held_on,
                    meeting.kind,
                )
            )
    if problems or (context.dry_run and not new and not changed):
        return
    organizations = Organization.objects.filter(
        pk__in={facts.organization_id for facts in meetings.values()}
    )
    context.count(
        "attendance_created",
        attendance_create_many(actor=context.actor, organizations=organizations, rows=new),
    )
    for meeting_pk, lines in changed.items():
        people = Member.objects.in_bulk([member_id for member_id, _s, _r in lines])
        attendance_take(
            actor=context.actor,
            meeting=Meeting.objects.get(pk=meeting_pk),
            entries=[AttendanceEntry(people[m], s, r) for m, s, r in lines],
        )
        context.count("attendance_changed", len(lines))
