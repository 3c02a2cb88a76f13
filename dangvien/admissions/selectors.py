"""Scoped reads of the admission pipeline: candidates, deadlines in working days, targets.

Every read starts from what the actor may see (``admissions.view``); a candidate out of scope
is ``Http404``. Deadlines count working days with the public holidays and the days off of the
organization and its ancestors (an organization's day off applies to its whole subtree).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from django.db.models import Q, QuerySet
from django.http import Http404
from django.utils.translation import gettext as _

from dangvien.accounts.models import RoleAssignment
from dangvien.accounts.permissions import Permission
from dangvien.accounts.scoping import scope_q
from dangvien.accounts.types import Actor
from dangvien.admissions.choices import STEP_ORDER, CandidateStatus, Step
from dangvien.admissions.models import Candidate, DayOff
from dangvien.admissions.permissions import AdmissionPermission
from dangvien.admissions.rule_keys import (
    CEREMONY_DEADLINE_WORKING_DAYS,
    DECISION_DEADLINE_WORKING_DAYS,
    DUE_SOON_WORKING_DAYS,
    PRIORITY_CELL_SECTORS,
)
from dangvien.core.dates import add_months, today
from dangvien.core.text import fold, vn_sort_key
from dangvien.core.workdays import add_working_days, working_days_between
from dangvien.members.choices import MemberStatus
from dangvien.members.models import Member, MemberPeriod
from dangvien.members.permissions import MemberPermission
from dangvien.members.rule_keys import PROBATION_MONTHS, RECOGNITION_PROPOSAL_WORKING_DAYS
from dangvien.members.selectors import periods_in_subtree
from dangvien.organizations.choices import CELL_KINDS, OrganizationKind
from dangvien.organizations.models import Organization, OrganizationVersion, path_ids
from dangvien.organizations.selectors import organization_states
from dangvien.statistics.selectors import admissions_count
from dangvien.statistics.selectors import percent as percent_half_up
from dangvien.targets.models import AdmissionTarget
from dangvien.targets.permissions import TargetPermission
from dangvien.targets.selectors import target_at

VIEW = AdmissionPermission.VIEW
MEMBERS_VIEW = MemberPermission.VIEW
TARGETS_CHANGE = TargetPermission.CHANGE


#
# Candidates
#


def candidate_list(
    *,
    actor: Actor,
    organization: Organization | None = None,
    status: str = "",
    action: Permission = VIEW,
) -> QuerySet[Candidate]:
    """Candidates the actor may see, of the subtree of ``organization`` if given."""
    candidates = Candidate.objects.for_actor(actor, action)
    if organization is not None:
        candidates = candidates.filter(organization__path__startswith=organization.path)
    if status:
        candidates = candidates.filter(status=status)
    return candidates.select_related("organization", "member").prefetch_related(
        "steps", "introducers"
    )


def candidate_get(*, actor: Actor, pk: int, action: Permission = VIEW) -> Candidate:
    candidate = candidate_list(actor=actor, action=action).filter(pk=pk).first()
    if candidate is None:
        raise Http404("candidate")
    return candidate


def member_candidacies(*, actor: Actor, member: Member) -> QuerySet[Candidate]:
    """The admission files of ``member`` the actor may see (the one they were admitted from,
    and any re-admission), oldest first, with their steps."""
    return (
        candidate_list(actor=actor)
        .filter(member=member)
        .order_by("created_at", "id")
        .prefetch_related("steps")
    )


def pipeline_board(
    *, actor: Actor, organization: Organization
) -> list[tuple[str, str, list[Candidate]]]:
    """Candidates in the pipeline of the subtree, by their last step done (one column a step)."""
    columns: dict[str, list[Candidate]] = {step: [] for step in STEP_ORDER[:-1]}
    for candidate in candidate_list(
        actor=actor, organization=organization, status=CandidateStatus.ACTIVE
    ):
        columns.setdefault(candidate.step, []).append(candidate)
    return [(step, str(Step(step).label), rows) for step, rows in columns.items()]


def next_step(candidate: Candidate) -> str | None:
    index = STEP_ORDER.index(candidate.step)
    return STEP_ORDER[index + 1] if index + 1 < len(STEP_ORDER) else None


#
# Deadlines
#


def days_off(organization: Organization) -> set[date]:
    """Days off of the organization and of its ancestors (they apply to their subtrees)."""
    ids = path_ids(organization.path)
    return set(DayOff.objects.filter(organization_id__in=ids).values_list("day", flat=True))


@dataclass(frozen=True)
class Deadline:
    kind: str
    label: str
    start: date
    due: date
    done_on: date | None
    candidate: Candidate = field(compare=False)

    def is_overdue(self, on: date) -> bool:
        return self.done_on is None and on > self.due

    def is_due_soon(self, on: date, within: int, off: set[date]) -> bool:
        return (
            self.done_on is None
            and on <= self.due
            and working_days_between(on, self.due, off) <= within
        )


def probation_ends(candidate: Candidate) -> date | None:
    ceremony = candidate.steps.filter(step=Step.CEREMONY).first()
    if ceremony is None:
        return None
    return add_months(ceremony.done_on, PROBATION_MONTHS(on=ceremony.done_on))


def candidate_deadlines(candidate: Candidate, off: set[date] | None = None) -> list[Deadline]:
    """Statutory deadlines of the candidate's file that have started (working days)."""
    off = off if off is not None else days_off(candidate.organization)
    steps = {s.step: s for s in candidate.steps.all()}
    rows: list[Deadline] = []
    vote, decision, ceremony = (
        steps.get(Step.CELL_VOTE),
        steps.get(Step.DECISION),
        steps.get(Step.CEREMONY),
    )
    if vote is not None:
        days = DECISION_DEADLINE_WORKING_DAYS(on=vote.done_on)
        rows.append(
            Deadline(
                "decision",
                _("Admission decision"),
                vote.done_on,
                add_working_days(vote.done_on, days + candidate.extension_working_days, off),
                decision.done_on if decision else None,
                candidate,
            )
        )
    if decision is not None:
        days = CEREMONY_DEADLINE_WORKING_DAYS(on=decision.done_on)
        rows.append(
            Deadline(
                "ceremony",
                _("Admission ceremony"),
                decision.done_on,
                add_working_days(decision.done_on, days, off),
                ceremony.done_on if ceremony else None,
                candidate,
            )
        )
    if ceremony is not None:
        ends = add_months(ceremony.done_on, PROBATION_MONTHS(on=ceremony.done_on))
        days = RECOGNITION_PROPOSAL_WORKING_DAYS(on=ends)
        passed = candidate.recognition_votes.filter(passed=True).order_by("voted_on").first()
        done = passed.voted_on if passed else None
        if done is None and candidate.status in {
            CandidateStatus.RECOGNISED,
            CandidateStatus.REMOVED,
        }:
            done = ends
        rows.append(
            Deadline(
                "recognition",
                _("Recognition proposal"),
                ends,
                add_working_days(ends, days, off),
                done,
                candidate,
            )
        )
    return rows


@dataclass
class DeadlineReport:
    overdue: list[Deadline]
    due_soon: list[Deadline]


def deadline_report(
    *, actor: Actor, organization: Organization, on: date | None = None
) -> DeadlineReport:
    """Overdue and due-soon steps of the candidates in the subtree of ``organization``."""
    on = on or today()
    within = DUE_SOON_WORKING_DAYS(on=on)
    report = DeadlineReport([], [])
    cache: dict[int, set[date]] = {}
    candidates = candidate_list(actor=actor, organization=organization).filter(
        status__in=[CandidateStatus.ACTIVE, CandidateStatus.PROBATION]
    )
    for candidate in candidates:
        off = cache.setdefault(candidate.organization_id, days_off(candidate.organization))
        for deadline in candidate_deadlines(candidate, off):
            if deadline.is_overdue(on):
                report.overdue.append(deadline)
            elif deadline.is_due_soon(on, within, off):
                report.due_soon.append(deadline)
    report.overdue.sort(key=lambda d: d.due)
    report.due_soon.sort(key=lambda d: d.due)
    return report


#
# Targets and progress
#


@dataclass
class Progress:
    organization: Organization
    name: str
    target: AdmissionTarget | None
    admitted: int
    pipeline: dict[str, int]
    in_probation: int
    percent: float | None
    projection: int | None
    expected_share: float | None
    behind: bool
    children: list[Progress] = field(default_factory=list)
    # the days the admissions are counted over (the target's period, else the parent's or
    # the year's so far)
    counted_from: date | None = None
    counted_to: date | None = None

    @property
    def kind(self) -> str:
        """The kind of period of the rows (term or year), "" with no target."""
        return self.target.kind if self.target else ""

    @property
    def children_target(self) -> int:
        """The sum of the sub-organizations' targets (the total row)."""
        return sum(c.target.admissions or 0 for c in self.children if c.target)

    @property
    def children_admitted(self) -> int:
        return sum(c.admitted for c in self.children)

    @property
    def children_in_probation(self) -> int:
        return sum(c.in_probation for c in self.children)


def _progress(
    organization: Organization,
    name: str,
    on: date,
    kind: str,
    with_children: bool,
    period: tuple[date, date] | None = None,
) -> Progress:
    """``period``: the days a row without its own target counts over (its parent's), so that
    the rows add up to the parent's count (the rows counted the year while the commune counted
    its term: 79 beside 126)."""
    target = target_at(organization, on, kind)
    start, end = period or (date(on.year, 1, 1), on)
    if target is not None:
        start, end = target.period_from, min(on, target.period_to)
    admitted = admissions_count(organization, start, end)
    pipeline: dict[str, int] = {}
    for step in Candidate.objects.filter(
        organization__path__startswith=organization.path, status=CandidateStatus.ACTIVE
    ).values_list("step", flat=True):
        pipeline[step] = pipeline.get(step, 0) + 1
    in_probation = (
        periods_in_subtree(organization, on).filter(status=MemberStatus.PROBATIONARY).count()
    )
    percent = projection = expected = None
    behind = False
    if target is not None and target.admissions:
        total_days = (target.period_to - target.period_from).days + 1
        elapsed = max(1, min((on - target.period_from).days + 1, total_days))
        percent = percent_half_up(admitted, target.admissions, places=1)
        projection = round(admitted * total_days / elapsed)
        expected = percent_half_up(elapsed, total_days, places=1)
        behind = percent < expected
    progress = Progress(
        organization,
        name,
        target,
        admitted,
        pipeline,
        in_probation,
        percent,
        projection,
        expected,
        behind,
        counted_from=start,
        counted_to=end,
    )
    if with_children:
        # One kind of period for every row: the one asked for, else the organization's own
        # (a term's count next to a year's count adds up to nothing).
        kind = kind or (target.kind if target else "")
        for child in (
            OrganizationVersion.objects.at(on)
            .filter(parent=organization)
            .select_related("organization")
            .order_by("kind", "name")
        ):
            progress.children.append(
                _progress(child.organization, child.name, on, kind, False, (start, end))
            )
        progress.children.sort(key=lambda c: vn_sort_key(c.name))
    return progress


def target_progress(
    *, actor: Actor, organization: Organization, on: date | None = None, kind: str = ""
) -> Progress:
    """Progress of the organization's target in force at ``on``, rolled up over the subtree,
    with one row per sub-organization the actor may see."""
    on = on or today()
    state = OrganizationVersion.objects.at(on).filter(organization=organization).first()
    if (
        state is None
        or not Organization.objects.for_actor(actor, TargetPermission.VIEW)
        .filter(pk=organization.pk)
        .exists()
    ):
        raise Http404("organization")
    return _progress(organization, state.name, on, kind, True)


@dataclass(frozen=True)
class WhiteUnit:
    state: OrganizationVersion
    reason: str


def white_units(
    *, actor: Actor, organization: Organization, on: date | None = None
) -> list[WhiteUnit]:
    """Sourcing priorities: cells of the priority sectors with no member at ``on`` and
    grassroots committees without any cell (units "trắng" đảng viên)."""
    on = on or today()
    root = OrganizationVersion.objects.at(on).filter(organization=organization).first()
    if root is None:
        return []
    states = (
        OrganizationVersion.objects.at(on)
        .filter(path__startswith=root.path)
        .filter(scope_q(actor, VIEW, "organization"))
        .select_related("organization")
        .order_by("path")
    )
    sectors = set(PRIORITY_CELL_SECTORS(on=on))
    with_members = set(
        MemberPeriod.objects.at(on)
        .filter(organization__path__startswith=organization.path)
        .values_list("organization_id", flat=True)
    )
    parents_of_cells = set(
        OrganizationVersion.objects.at(on)
        .filter(path__startswith=root.path, kind__in=CELL_KINDS)
        .values_list("parent_id", flat=True)
    )
    rows = []
    for state in states:
        if (
            state.kind in CELL_KINDS
            and state.sector in sectors
            and state.organization_id not in with_members
        ):
            rows.append(WhiteUnit(state, _("No party member")))
        elif (
            state.kind == OrganizationKind.GRASSROOTS_COMMITTEE
            and state.organization_id not in parents_of_cells
        ):
            rows.append(WhiteUnit(state, _("No party cell")))
    return rows


#
# Choices and lists of the web forms
#


def introducer_choices(
    *, actor: Actor, candidate: Candidate, search: str = "", on: date | None = None
) -> QuerySet[Member]:
    """Official members at ``on`` of the grassroots organization of the candidate's cell that
    the actor may see, matching ``search`` (name without diacritics), plus the current
    introducers (so a search never drops them)."""
    from dangvien.admissions.checks import grassroots_of

    on = on or today()
    root = grassroots_of(candidate.organization, on) or candidate.organization
    periods = (
        periods_in_subtree(root, on)
        .filter(status=MemberStatus.OFFICIAL)
        .filter(scope_q(actor, MEMBERS_VIEW, "organization"))
    )
    members = Member.objects.filter(pk__in=periods.values("member_id"))
    for word in fold(search).split():
        members = members.filter(
            Q(search_name__startswith=word) | Q(search_name__contains=f" {word}")
        )
    current = list(candidate.introducers.values_list("pk", flat=True))
    return Member.objects.filter(Q(pk__in=members.values("pk")[:200]) | Q(pk__in=current)).order_by(
        "search_name", "id"
    )


def readmission_choices(*, actor: Actor, organization: Organization) -> QuerySet[Member]:
    """Former members last seen in the subtree of ``organization`` (no period today), visible
    to the actor: the people a cell may prepare for re-admission."""
    on = today()
    current = MemberPeriod.objects.at(on).values("member_id")
    periods = MemberPeriod.objects.filter(organization__path__startswith=organization.path).filter(
        scope_q(actor, MEMBERS_VIEW, "organization")
    )
    return (
        Member.objects.filter(pk__in=periods.values("member_id"))
        .exclude(pk__in=current)
        .order_by("search_name", "id")
    )


def days_off_list(organization: Organization) -> QuerySet[DayOff]:
    """Days off that apply to the organization: its own and those of its ancestors."""
    ids = path_ids(organization.path)
    return (
        DayOff.objects.filter(organization_id__in=ids)
        .select_related("organization")
        .order_by("-day")
    )


def index_organizations(
    *, actor: Actor, search: str = "", limit: int = 200
) -> list[tuple[OrganizationVersion, bool]]:
    """Organizations the actor may see today (search ignoring diacritics), the actor's own
    (those of its role assignments) first; each with whether it is the actor's own."""
    on = today()
    own = set(
        RoleAssignment.objects.filter(user_id=actor.pk or 0, valid_from__lte=on)
        .filter(Q(valid_to__isnull=True) | Q(valid_to__gte=on))
        .values_list("organization_id", flat=True)
    )
    states = organization_states(actor=actor, on=on, search=search, action=VIEW)
    mine = [(s, True) for s in states.filter(organization_id__in=own)]
    others = [
        (s, False) for s in states.exclude(organization_id__in=own)[: max(0, limit - len(mine))]
    ]
    return mine + others


def target_organizations(
    *, actor: Actor, organization: Organization, action: Permission = TARGETS_CHANGE
) -> list[OrganizationVersion]:
    """The organization and its direct sub-organizations today on which the actor may do
    ``action`` (setting targets)."""
    return list(
        OrganizationVersion.objects.at(today())
        .filter(Q(organization=organization) | Q(parent=organization))
        .filter(scope_q(actor, action, "organization"))
        .select_related("organization")
        .order_by("depth", "kind", "name")
    )


def targets_list(*, actor: Actor, organization: Organization) -> QuerySet[AdmissionTarget]:
    """Targets of the organization and of its direct sub-organizations the actor may see."""
    children = (
        OrganizationVersion.objects.at(today())
        .filter(parent=organization)
        .values("organization_id")
    )
    return (
        AdmissionTarget.objects.for_actor(actor, TargetPermission.VIEW)
        .filter(Q(organization=organization) | Q(organization_id__in=children))
        .select_related("organization")
        .order_by("organization__path", "kind", "period_from")
    )
