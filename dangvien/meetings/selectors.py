"""Scoped reads of meetings and attendance, and what the rules need looked up."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Collection, Iterable
from dataclasses import dataclass
from datetime import date, timedelta

from django.db.models import Count, Exists, OuterRef, Q, QuerySet, Window
from django.http import Http404

from dangvien.accounts.scoping import scope_q
from dangvien.accounts.types import Actor
from dangvien.core.dates import add_months
from dangvien.core.votes import RecordedVote
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
from dangvien.meetings.rule_keys import REGULAR_EVERY_MONTHS, THEMATIC_EVERY_MONTHS
from dangvien.meetings.rules import PeriodRow, meets_unexcused_threshold
from dangvien.members.models import Member, MemberPeriod
from dangvien.organizations.choices import OrganizationKind
from dangvien.organizations.models import Organization, OrganizationVersion
from dangvien.organizations.selectors import organization_state, tree_order
from dangvien.rules.keys import RuleKey
from dangvien.rules.models import RuleParameter

VIEW = MeetingPermission.VIEW
_CHUNK = 500


def subtree_ids(organization: Organization | int, on: date) -> frozenset[int]:
    """The organization and those standing under it at the end of ``on`` (empty when it did
    not exist that day)."""
    pk = organization if isinstance(organization, int) else organization.pk
    path = (
        OrganizationVersion.objects.at(on)
        .filter(organization_id=pk)
        .values_list("path", flat=True)
        .first()
    )
    if path is None:
        return frozenset()
    return frozenset(
        OrganizationVersion.objects.at(on)
        .filter(path__startswith=path)
        .values_list("organization_id", flat=True)
    )


def period_rows(member_ids: Iterable[int]) -> dict[int, list[PeriodRow]]:
    """Every membership period of these members, as the rules read them."""
    wanted = sorted(set(member_ids))
    found: dict[int, list[PeriodRow]] = defaultdict(list)
    for start in range(0, len(wanted), _CHUNK):
        for (
            member_id,
            valid_from,
            valid_to,
            organization_id,
            host_id,
            exempted,
        ) in MemberPeriod.objects.filter(member_id__in=wanted[start : start + _CHUNK]).values_list(
            "member_id",
            "valid_from",
            "valid_to",
            "organization_id",
            "host_organization_id",
            "is_exempted",
        ):
            found[member_id].append(
                PeriodRow(valid_from, valid_to, organization_id, host_id, exempted)
            )
    return found


@dataclass(frozen=True)
class Expected:
    """A person expected at a meeting: a member of the organization, or a guest attached to it
    temporarily (attends without a vote)."""

    member: Member
    organization: Organization
    as_guest: bool
    organization_name: str = ""


def expected_members(meeting: Meeting) -> list[Expected]:
    """Who is expected at ``meeting``: the members of the organization's subtree that day who
    are neither exempted from activity nor away on a temporary transfer, then the members
    temporarily attached to it; by name."""
    return expected_members_on(meeting.organization_id, meeting.held_on)


def expected_members_on(organization: Organization | int, on: date) -> list[Expected]:
    """Who a meeting of ``organization`` on ``on`` expects (see ``expected_members``)."""
    ids = subtree_ids(organization, on)
    periods = MemberPeriod.objects.at(on).select_related("member", "organization")
    own = periods.filter(organization_id__in=ids, is_exempted=False, host_organization__isnull=True)
    guests = periods.filter(host_organization_id__in=ids, is_exempted=False)
    rows = [Expected(p.member, p.organization, False) for p in own]
    guest_periods = list(guests)
    names = organization_names(p.organization_id for p in guest_periods)
    rows += [
        Expected(p.member, p.organization, True, names.get(p.organization_id, ""))
        for p in guest_periods
    ]
    # the members' list order (given name, then family name, Vietnamese letters)
    rows.sort(key=lambda row: (row.as_guest, row.member.list_key, row.member.pk))
    return rows


def meeting_queryset(actor: Actor) -> QuerySet[Meeting]:
    return Meeting.objects.filter(scope_q(actor, VIEW, "organization")).select_related(
        "organization"
    )


def meeting_get(*, actor: Actor, pk: int, action: MeetingPermission = VIEW) -> Meeting:
    meeting = (
        Meeting.objects.filter(scope_q(actor, action, "organization"))
        .select_related("organization")
        .filter(pk=pk)
        .first()
    )
    if meeting is None:
        raise Http404("meeting")
    return meeting


def meetings_of(
    *, actor: Actor, organization: Organization, year: int | None = None, kind: str = ""
) -> QuerySet[Meeting]:
    """The meetings of one organization the actor may see, latest first."""
    meetings = meeting_queryset(actor).filter(organization=organization)
    if year is not None:
        meetings = meetings.filter(held_on__year=year)
    if kind:
        meetings = meetings.filter(kind=kind)
    return meetings.order_by("-held_on", "-id")


def attendance_of_meeting(meeting: Meeting) -> dict[int, Attendance]:
    """The attendance recorded at ``meeting``, by member id (the meeting is already scoped)."""
    return {row.member_id: row for row in Attendance.objects.filter(meeting=meeting)}


def attendance_of_member(
    *, actor: Actor | None, member: Member, until: date | None = None, own: bool = False
) -> QuerySet[Attendance]:
    """A member's attendance, latest first: what the actor may see (or, ``own``, the member's
    own record in the portal)."""
    rows = Attendance.objects.filter(member=member)
    if not own:
        rows = rows.filter(scope_q(actor, VIEW, "meeting__organization"))
    if until is not None:
        rows = rows.filter(held_on__lte=until)
    return rows.select_related("meeting", "meeting__organization").order_by("-held_on", "-id")


def unexcused_days(member_ids: Iterable[int], year: int, until: date) -> dict[int, list[date]]:
    """The days of unexcused absences from regular meetings (of any organization) in ``year``
    up to ``until``, by member."""
    found: dict[int, list[date]] = defaultdict(list)
    wanted = sorted(set(member_ids))
    for start in range(0, len(wanted), _CHUNK):
        for member_id, day in Attendance.objects.filter(
            status=AttendanceStatus.UNEXCUSED,
            kind=MeetingKind.REGULAR,
            held_on__gte=date(year, 1, 1),
            held_on__lte=until,
            member_id__in=wanted[start : start + _CHUNK],
        ).values_list("member_id", "held_on"):
            found[member_id].append(day)
    return found


def members_over_unexcused_threshold(
    *, actor: Actor, organization: Organization, on: date, threshold: int
) -> list[tuple[Member, list[date]]]:
    """Members of the subtree at ``on`` (those the actor may see) who were absent without a
    reason from regular meetings in ``threshold`` distinct months of ``on``'s year."""
    # the rule counts distinct months of a member's unexcused absences, so a member with fewer
    # such absences than the threshold cannot meet it: the database narrows to the others
    # (from the partial index of unexcused absences), instead of the absences of every member
    # of the subtree being read (a whole tree: 1 751 queries, 10.9 s at 1 million members)
    candidates = list(
        Attendance.objects.filter(
            status=AttendanceStatus.UNEXCUSED,
            kind=MeetingKind.REGULAR,
            held_on__gte=date(on.year, 1, 1),
            held_on__lte=on,
        )
        .order_by()
        .values("member_id")
        .annotate(absences=Count("id"))
        .filter(absences__gte=threshold)
        .values_list("member_id", flat=True)
    )
    if not candidates:
        return []
    ids = subtree_ids(organization, on)
    members = {
        member_id
        for start in range(0, len(candidates), _CHUNK)
        for member_id, organization_id in MemberPeriod.objects.at(on)
        .filter(member_id__in=candidates[start : start + _CHUNK])
        .filter(scope_q(actor, VIEW, "organization"))
        .values_list("member_id", "organization_id")
        # the subtree's organizations as a set here: a whole tree's are hundreds of thousands
        if organization_id in ids
    }
    days = unexcused_days(members, on.year, on)
    due = [pk for pk, dates in days.items() if meets_unexcused_threshold(dates, threshold)]
    by_pk = Member.objects.in_bulk(due)
    return sorted(
        ((by_pk[pk], sorted(days[pk])) for pk in due),
        key=lambda row: (row[0].list_key, row[0].pk),
    )


#: The cells (chi bộ trực thuộc, chi bộ cơ sở): the organizations whose regular and thematic
#: meetings the frequency rules set (Điều lệ Điều 24.2).
MEETING_KINDS = (OrganizationKind.CELL, OrganizationKind.GRASSROOTS_CELL)
_ONE_DAY = timedelta(days=1)


@dataclass(frozen=True)
class MissingMeetings:
    code: str  # of the organization (the lists link to its meetings)
    name: str


def organizations_without(
    *,
    actor: Actor,
    root: Organization,
    kind: str,
    period_from: date,
    period_to: date,
) -> list[MissingMeetings]:
    """The organizations of the root's subtree (at ``period_to``, of a kind that holds party
    life, that the actor may see) that existed throughout the period and held no meeting of
    ``kind`` in it: the lists of cells without a regular meeting in a month, or a thematic one
    in a quarter."""
    rows = _without_rows(actor, root, kind, period_from, period_to)
    return [
        MissingMeetings(code, name) for code, name in rows.values_list("organization__code", "name")
    ]


def organizations_without_first(
    *,
    actor: Actor,
    root: Organization,
    kind: str,
    period_from: date,
    period_to: date,
    first: int,
) -> tuple[list[MissingMeetings], int]:
    """The first ``first`` of ``organizations_without`` (same rule, same order) and how many
    there are in all, in one query: the dashboard names a few and counts the rest (a whole tree
    without meetings recorded is 50 000 cells, which were read and sorted here at every
    view)."""
    rows = _without_rows(actor, root, kind, period_from, period_to)
    if first < 1:
        return [], rows.count()
    shown = list(
        rows.annotate(total=Window(Count("*"))).values_list("organization__code", "name", "total")[
            :first
        ]
    )
    total = shown[0][2] if shown else 0
    return [MissingMeetings(code, name) for code, name, _total in shown], total


def _without_rows(
    actor: Actor, root: Organization, kind: str, period_from: date, period_to: date
) -> QuerySet[OrganizationVersion]:
    """The versions of ``organizations_without``, ordered by the organizations' paths (the
    tree's order): the one reading of the rule for the list and the dashboard."""
    state = organization_state(root, on=period_to)
    if state is None:
        return OrganizationVersion.objects.none()
    # each cell asks its own index for a meeting: the subtree is not listed as ids (a whole
    # tree's are hundreds of thousands, a statement's parameters)
    held = Meeting.objects.filter(
        organization_id=OuterRef("organization_id"),
        kind=kind,
        held_on__gte=period_from,
        held_on__lte=period_to,
    )
    return (
        OrganizationVersion.objects.at(period_to)
        .filter(path__startswith=state.path, kind__in=MEETING_KINDS)
        .filter(scope_q(actor, VIEW, "organization"))
        .filter(organization__established_on__lte=period_from)
        .exclude(Exists(held))
        .order_by(tree_order("organization__path"))
    )


def period_of(day: date, months: int) -> tuple[date, date]:
    """The period of ``months`` months (a month, a quarter …, counted from January) that
    contains ``day``."""
    first_month = (day.month - 1) // months * months + 1
    start = date(day.year, first_month, 1)
    return start, add_months(start, months) - _ONE_DAY


#: How often the cells must hold each kind of meeting (months between two), from the rulebook.
FREQUENCIES: dict[str, RuleKey[int]] = {
    MeetingKind.REGULAR: REGULAR_EVERY_MONTHS,
    MeetingKind.THEMATIC: THEMATIC_EVERY_MONTHS,
}


@dataclass(frozen=True)
class MissedPeriod:
    """The period whose cells without a meeting of ``kind`` are warned about, and the version
    of the frequency rule in force at its end (cited beside the list)."""

    kind: str
    start: date
    end: date
    rule: RuleParameter


def missed_period(kind: str, on: date) -> MissedPeriod:
    """The last period of the frequency of ``kind`` (a month for regular meetings, a quarter
    for thematic ones) that ended before ``on``: the one period the meetings page and the
    dashboard both warn about. The period containing ``on`` is still running, even on its last
    day (``on`` is today unless a past day is read, and that day's meeting may not be recorded
    yet), so no cell can have missed it; warning about it named every cell early in a month."""
    frequency = FREQUENCIES[kind]
    current, _end = period_of(on, frequency(on=on))
    last_day = current - _ONE_DAY
    # its length is the frequency in force during it (the rule may have changed since)
    start, end = period_of(last_day, frequency(on=last_day))
    return MissedPeriod(kind, start, end, frequency.version(on=end))


def cell_meetings_of(member: Member, on: date, *, days: int = 365) -> list[Meeting]:
    """The meetings of the member's own organization (official, or the host of a temporary
    transfer) in the ``days`` before ``on``, latest first: what the portal shows the member."""
    period = MemberPeriod.objects.at(on).filter(member=member).first()
    if period is None:
        return []
    organizations = [period.organization_id]
    if period.host_organization_id is not None:
        organizations.append(period.host_organization_id)
    return list(
        Meeting.objects.filter(
            organization_id__in=organizations,
            held_on__gt=on - timedelta(days=days),
            held_on__lte=on,
        )
        .select_related("organization")
        .order_by("-held_on", "-id")[:24]
    )


def meetings_without_attendance(*, actor: Actor, on: date, days: int = 60) -> QuerySet[Meeting]:
    """Regular and thematic meetings of the last ``days`` days that the actor may record and
    whose attendance has not been taken: what waits in the inbox."""
    return (
        Meeting.objects.filter(scope_q(actor, MeetingPermission.CHANGE, "organization"))
        .filter(
            kind__in=(MeetingKind.REGULAR, MeetingKind.THEMATIC),
            held_on__gt=on - timedelta(days=days),
            held_on__lte=on,
        )
        # the meeting's kept count of its rows, not an anti-join with the attendance table
        .filter(attendance_count=0)
        .select_related("organization")
        .order_by("-held_on", "-id")
    )


def upcoming_plans(organization_ids: Iterable[int], on: date) -> QuerySet[MeetingPlan]:
    """Plans of these organizations for ``on`` or later as they stood on ``on``, soonest
    first: entered by then (a plan has no business date but the day it was entered) and not
    yet held then (no meeting recorded, or one held after ``on``). The handbook read at
    01/05/2023 listed the plans coming today (next January's meeting)."""
    return (
        MeetingPlan.objects.filter(
            organization_id__in=list(organization_ids),
            planned_on__gte=on,
            created_at__date__lte=on,
        )
        .filter(Q(meeting__isnull=True) | Q(meeting__held_on__gt=on))
        .select_related("organization")
        .order_by("planned_on", "id")
    )


def plan_get(*, actor: Actor, pk: int, action: MeetingPermission = VIEW) -> MeetingPlan:
    plan = (
        MeetingPlan.objects.filter(scope_q(actor, action, "organization"))
        .select_related("organization")
        .filter(pk=pk)
        .first()
    )
    if plan is None:
        raise Http404("meeting plan")
    return plan


def own_plan_get(*, member: Member, pk: int, on: date) -> MeetingPlan:
    """A plan of the member's own organization (official, or the host of a temporary
    transfer): what the member may answer in the handbook; 404 otherwise."""
    period = MemberPeriod.objects.at(on).filter(member=member).first()
    if period is None:
        raise Http404("meeting plan")
    own = [period.organization_id, period.host_organization_id]
    plan = upcoming_plans([pk_ for pk_ in own if pk_ is not None], on).filter(pk=pk).first()
    if plan is None:
        raise Http404("meeting plan")
    return plan


def notices_of(plan: MeetingPlan | None) -> dict[int, AbsenceNotice]:
    """The absences announced for a plan, by member id."""
    if plan is None:
        return {}
    return {notice.member_id: notice for notice in AbsenceNotice.objects.filter(plan=plan)}


def organization_names(ids: Iterable[int]) -> dict[int, str]:
    """The latest name of each organization (what the pages show instead of codes)."""
    names: dict[int, str] = {}
    for organization_id, name in (
        OrganizationVersion.objects.filter(organization_id__in=set(ids))
        .order_by("organization_id", "valid_from")
        .values_list("organization_id", "name")
    ):
        names[organization_id] = name
    return names


def _recorded(vote: MeetingVote) -> RecordedVote:
    return RecordedVote(
        pk=vote.pk,
        organization_id=vote.meeting.organization_id,
        held_on=vote.meeting.held_on,
        purpose=vote.purpose,
        subject=vote.subject,
        members_convened=vote.members_convened,
        votes_for=vote.votes_for,
        votes_against=vote.votes_against,
        abstentions=vote.abstentions,
    )


class MeetingVoteSource:
    """The votes taken at meetings, as the admissions and decisions read them
    (``core.votes.vote_sources``)."""

    def get(self, actor: Actor | None, pk: int) -> RecordedVote | None:
        votes = MeetingVote.objects.select_related("meeting")
        if actor is not None:
            votes = votes.filter(scope_q(actor, VIEW, "meeting__organization"))
        vote = votes.filter(pk=pk).first()
        return _recorded(vote) if vote is not None else None

    def of_organization(
        self, actor: Actor, organization_id: int, purposes: Collection[str]
    ) -> list[RecordedVote]:
        votes = (
            MeetingVote.objects.filter(scope_q(actor, VIEW, "meeting__organization"))
            .filter(meeting__organization_id=organization_id, purpose__in=list(purposes))
            .select_related("meeting")
            .order_by("-meeting__held_on", "-id")[:50]
        )
        return [_recorded(vote) for vote in votes]


def votes_of(meeting: Meeting) -> list[MeetingVote]:
    """The votes taken at ``meeting`` (already scoped), in the order recorded."""
    return list(MeetingVote.objects.filter(meeting=meeting).order_by("id"))


def documents_of(
    *, meeting: Meeting | None = None, plan: MeetingPlan | None = None
) -> list[MeetingDocument]:
    """The documents of a meeting (with those of the plan it carried out) or of a plan."""
    query = Q(pk__in=[])
    if meeting is not None:
        query |= Q(meeting=meeting)
        plan = plan or MeetingPlan.objects.filter(meeting=meeting).first()
    if plan is not None:
        query |= Q(plan=plan)
    return list(MeetingDocument.objects.filter(query).order_by("created_at", "id"))


def member_organization_ids(member: Member, on: date) -> list[int]:
    """The organizations whose meetings a member reads in the handbook: their own and the host
    of a temporary transfer, that day."""
    period = MemberPeriod.objects.at(on).filter(member=member).first()
    if period is None:
        return []
    return [pk for pk in (period.organization_id, period.host_organization_id) if pk is not None]


def document_get(*, actor: Actor, pk: int, on: date) -> MeetingDocument:
    """A document the actor may read: one of an organization in their scope, or (a member's
    own account) one of their own cell's meetings; 404 otherwise (its existence is not told)."""
    from dangvien.portal.selectors import member_of

    document = (
        MeetingDocument.objects.filter(scope_q(actor, VIEW, "organization")).filter(pk=pk).first()
    )
    if document is not None:
        return document
    member = member_of(actor)
    if member is not None:
        document = MeetingDocument.objects.filter(
            pk=pk, organization_id__in=member_organization_ids(member, on)
        ).first()
        if document is not None:
            return document
    raise Http404("meeting document")
