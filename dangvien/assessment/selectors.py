"""Reads of assessment results: scoped lists, the year of an organization, what the rules
need (the member's organization on a day, the competent body, the counts under the cap)."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from typing import Any

from django.db.models import Exists, OuterRef, QuerySet

from dangvien.accounts.scoping import scope_q
from dangvien.accounts.types import Actor
from dangvien.assessment.choices import Form, Level, Stage, Subject
from dangvien.assessment.models import (
    AssessmentResult,
    AssessmentRound,
    AssessmentStep,
    RoundClosure,
)
from dangvien.assessment.permissions import AssessmentPermission
from dangvien.assessment.rule_keys import (
    MEMBER_COMPETENCE,
    NOT_ASSESSED,
    ORGANIZATION_COMPETENCE,
    ORGANIZATION_KINDS,
)
from dangvien.competence.choices import Level as BodyLevel
from dangvien.competence.rules import body_at_level
from dangvien.competence.selectors import organization_chain
from dangvien.core import dates
from dangvien.members.models import Member, MemberPeriod
from dangvien.organizations.models import Organization, OrganizationVersion
from dangvien.statistics.placement import official_organizations_on

VIEW = AssessmentPermission.VIEW
# How many rows one query reads (a parameter list every database accepts).
_CHUNK = 500


def filed_organizations(facts: Iterable[tuple[int, date]]) -> dict[tuple[int, date], int | None]:
    """Where a member's result decided on a day is filed, for each (member id, day): their
    official organization that day (``statistics.placement``: on the day of an exit, the one
    left); for someone who had left before, the last one (the statistics place the result
    nowhere then: §4 places members on the decision date); ``None`` when they were not yet a
    member."""
    wanted = sorted(set(facts))
    found = official_organizations_on(wanted)
    missing = sorted({member_id for (member_id, _day), org in found.items() if org is None})
    periods: dict[int, list[tuple[date, int]]] = {}
    for start in range(0, len(missing), _CHUNK):
        for member_id, valid_from, organization_id in MemberPeriod.objects.filter(
            member_id__in=missing[start : start + _CHUNK]
        ).values_list("member_id", "valid_from", "organization_id"):
            periods.setdefault(member_id, []).append((valid_from, organization_id))
    for (member_id, day), official in found.items():
        if official is None:
            earlier = [p for p in periods.get(member_id, ()) if p[0] <= day]
            found[(member_id, day)] = max(earlier)[1] if earlier else None
    return found


def member_organization_on(member: Member, on: date) -> Organization | None:
    """Where ``member``'s result decided on ``on`` is filed (``filed_organizations``)."""
    organization_id = filed_organizations([(member.pk, on)])[(member.pk, on)]
    return Organization.objects.filter(pk=organization_id).first() if organization_id else None


def paths_on(
    pairs: Iterable[tuple[int, date]], *, last: bool = False
) -> dict[tuple[int, date], str | None]:
    """The path of each (organization id, day) in the tree of that day; with ``last``, for an
    organization that had ended by then, the path of its last day (``None``: not yet founded,
    or ended without ``last``)."""
    wanted = sorted(set(pairs))
    ids = sorted({organization_id for organization_id, _day in wanted})
    versions: dict[int, list[tuple[date, date | None, str]]] = {}
    for start in range(0, len(ids), _CHUNK):
        for organization_id, valid_from, valid_to, path in OrganizationVersion.objects.filter(
            organization_id__in=ids[start : start + _CHUNK]
        ).values_list("organization_id", "valid_from", "valid_to", "path"):
            versions.setdefault(organization_id, []).append((valid_from, valid_to, path))
    found: dict[tuple[int, date], str | None] = {}
    for organization_id, day in wanted:
        rows = sorted(versions.get(organization_id, ()), key=lambda row: row[0])
        current = next(
            (path for valid_from, valid_to, path in rows
             if valid_from <= day and (valid_to is None or day < valid_to)),
            None,
        )  # fmt: skip
        if current is None and last:
            earlier = [path for valid_from, _to, path in rows if valid_from <= day]
            current = earlier[-1] if earlier else None
        found[(organization_id, day)] = current
    return found


def path_on(organization: Organization, on: date) -> str | None:
    return paths_on([(organization.pk, on)])[(organization.pk, on)]


def last_path(organization: Organization, on: date) -> str | None:
    """Where ``organization`` stood on ``on``, or on its last day if it had ended by then
    (a result of an organization dissolved or merged before the decision)."""
    return paths_on([(organization.pk, on)], last=True)[(organization.pk, on)]


def competent_body(subject: str, organization: Organization, on: date) -> Organization | None:
    """The organization whose committee decides the level of ``organization`` (or of a member
    of it) on ``on``, from the rulebook (``competence.assessment_*``)."""
    chain = organization_chain(organization, on)
    if not chain:
        return None
    body: int | None
    if subject == Subject.MEMBER:
        level = MEMBER_COMPETENCE(on=on).decider
        body = body_at_level(level, chain) or chain[-1].organization_id
    else:
        level = ORGANIZATION_COMPETENCE(on=on).decider
        if level == "parent":
            body = chain[-2].organization_id if len(chain) > 1 else None
        else:
            body = body_at_level(level, chain[:-1])
    return Organization.objects.filter(pk=body).first() if body is not None else None


def grassroots_of(organization: Organization, on: date) -> Organization:
    """The grassroots organization ``organization`` stands in on ``on`` (itself when none is
    found above it): the unit the cap on "excellent" is counted in."""
    chain = organization_chain(organization, on)
    body = body_at_level(BodyLevel.GRASSROOTS, chain) if chain else None
    if body is None or body == organization.pk:
        return organization
    return Organization.objects.get(pk=body)


def current_result(
    *, year: int, member: Member | None = None, organization: Organization | None = None
) -> AssessmentResult | None:
    results = AssessmentResult.objects.current().filter(year=year)
    if member is not None:
        return results.filter(subject=Subject.MEMBER, member=member).first()
    return results.filter(subject=Subject.ORGANIZATION, organization=organization).first()


def member_levels_under(grassroots: Organization, year: int, on: date) -> Counter[str]:
    """The members' current results of ``year`` filed under the subtree of ``grassroots`` as
    it stood on ``on``, by level."""
    path = path_on(grassroots, on)
    if path is None:
        return Counter()
    under = OrganizationVersion.objects.at(on).filter(path__startswith=path)
    return Counter(
        AssessmentResult.objects.current()
        .filter(
            subject=Subject.MEMBER,
            year=year,
            organization_id__in=under.values("organization_id"),
        )
        .values_list("level", flat=True)
    )


#
# Scoped reads for the pages and the API
#


def result_list(*, actor: Actor) -> QuerySet[AssessmentResult]:
    return (
        AssessmentResult.objects.filter(scope_q(actor, VIEW, "organization"))
        .select_related("member", "organization", "decided_by", "supersedes")
        .order_by("-year", "subject", "id")
    )


def member_results(*, actor: Actor, member: Member) -> list[AssessmentResult]:
    """The member's results, newest year first, corrections after what they replace."""
    return list(
        result_list(actor=actor).filter(member=member).order_by("-year", "decided_on", "id")
    )


def own_results(member: Member, *, on: date | None = None) -> list[AssessmentResult]:
    """The member's own results in force (for the member's portal: no scope, their record);
    with ``on``, those in force that day: decided on or before it, and no correction decided
    by then supersedes them (read at a past day, the portal listed the years decided since)."""
    if on is None:
        rows = AssessmentResult.objects.current()
    else:
        decided = AssessmentResult.objects.filter(decided_on__lte=on)
        rows = decided.exclude(Exists(decided.filter(supersedes_id=OuterRef("pk"))))
    return list(rows.filter(member=member).select_related("decided_by").order_by("-year"))


def standing_steps(year: int, member_ids: list[int]) -> dict[tuple[int, str], AssessmentStep]:
    """The latest step of each stage of ``year`` for the members: (member id, stage) → step."""
    found: dict[tuple[int, str], AssessmentStep] = {}
    for step in AssessmentStep.objects.filter(
        subject=Subject.MEMBER, year=year, member_id__in=member_ids
    ).order_by("on", "id"):
        assert step.member_id is not None
        found[(step.member_id, step.stage)] = step
    return found


def own_steps(member: Member, *, on: date | None = None) -> list[AssessmentStep]:
    """The member's own self-assessments and the proposals about them, newest first (with
    ``on``, those dated on or before it)."""
    steps = AssessmentStep.objects.filter(member=member)
    if on is not None:
        steps = steps.filter(on__lte=on)
    return list(steps.order_by("-year", "-on", "-id"))


@dataclass(frozen=True)
class MemberLine:
    period: MemberPeriod
    result: AssessmentResult | None
    self_assessment: AssessmentStep | None = None
    proposal: AssessmentStep | None = None

    @property
    def assessed(self) -> bool:
        """Exempted members are not assessed (domain rules §3.2, HD 21-HD/BTCTW)."""
        return not self.period.is_exempted


@dataclass(frozen=True)
class OrganizationLine:
    state: OrganizationVersion
    result: AssessmentResult | None


@dataclass(frozen=True)
class YearPage:
    year: int
    on: date
    members: list[MemberLine]
    organizations: list[OrganizationLine]
    own: AssessmentResult | None
    members_by_level: dict[str, int]


def reference_date(year: int) -> date:
    """The day the year's population is taken: 31 December, or today within the year."""
    return min(date(year, 12, 31), dates.today())


def organization_year(*, actor: Actor, organization: Organization, year: int) -> YearPage:
    """The members of the subtree on the year's reference date with their result of the year,
    the organizations directly below with theirs, and the organization's own."""
    from dangvien.members.selectors import member_list_at

    on = reference_date(year)
    periods = list(member_list_at(actor=actor, organization=organization, on=on))
    results = {
        r.member_id: r
        for r in AssessmentResult.objects.current()
        .filter(year=year, subject=Subject.MEMBER, member_id__in=[p.member_id for p in periods])
        .select_related("decided_by")
    }
    children = list(
        OrganizationVersion.objects.at(on)
        .filter(parent=organization)
        .filter(scope_q(actor, VIEW, "organization"))
        .select_related("organization")
        .order_by("name")
    )
    org_results = {
        r.organization_id: r
        for r in AssessmentResult.objects.current()
        .filter(
            year=year,
            subject=Subject.ORGANIZATION,
            organization_id__in=[c.organization_id for c in children] + [organization.pk],
        )
        .select_related("decided_by")
    }
    steps = standing_steps(year, [p.member_id for p in periods])
    lines = [
        MemberLine(
            p,
            results.get(p.member_id),
            steps.get((p.member_id, Stage.SELF)),
            steps.get((p.member_id, Stage.PROPOSAL)),
        )
        for p in periods
    ]
    counts = Counter(line.result.level for line in lines if line.result is not None)
    return YearPage(
        year=year,
        on=on,
        members=lines,
        organizations=[OrganizationLine(c, org_results.get(c.organization_id)) for c in children],
        own=org_results.get(organization.pk),
        members_by_level={level: counts.get(level, 0) for level in Level.values},
    )


def not_completed_streaks(
    member_ids: Iterable[int] | QuerySet[Any, Any], years: int, on: date
) -> dict[int, list[int]]:
    """Members (of ``member_ids``, ids or a subquery of them) whose ``years`` latest results in
    force on ``on`` (decided on or before it) are of consecutive years and all "not completed"
    (member id → those years)."""
    # Only members with a "not completed" result can have a streak: reading every result of
    # every member of a province took 21 s at the inbox of the 100 000-member set (issue 19).
    candidates = (
        AssessmentResult.objects.filter(
            subject=Subject.MEMBER,
            level=Level.NOT_COMPLETED,
            member_id__in=member_ids,
            decided_on__lte=on,
        )
        .order_by()
        .values("member_id")
    )
    latest: dict[int, dict[int, str]] = {}
    for member_id, year, level in (
        AssessmentResult.objects.filter(
            subject=Subject.MEMBER, member_id__in=candidates, decided_on__lte=on
        )
        .order_by("decided_on", "id")
        .values_list("member_id", "year", "level")
    ):
        # rows come in decision order: a correction overwrites what it supersedes
        latest.setdefault(member_id, {})[year] = level
    found: dict[int, list[int]] = {}
    for member_id, by_year in latest.items():
        last = max(by_year)
        wanted = list(range(last - years + 1, last + 1))
        if all(by_year.get(year) == Level.NOT_COMPLETED for year in wanted):
            found[member_id] = wanted
    return found


def proposals_waiting(organization: Organization, since_year: int) -> int:
    """Members (and years from ``since_year``) of the subtree of ``organization`` whose cell
    proposed a level that no decision has followed yet."""
    decided = AssessmentResult.objects.filter(
        subject=Subject.MEMBER, member_id=OuterRef("member_id"), year=OuterRef("year")
    )
    return (
        AssessmentStep.objects.filter(
            stage=Stage.PROPOSAL,
            subject=Subject.MEMBER,
            year__gte=since_year,
            organization__path__startswith=organization.path,
        )
        .exclude(Exists(decided))
        .values("member_id", "year")
        .distinct()
        .count()
    )


#
# Rounds
#


def round_closure(round_: AssessmentRound) -> RoundClosure | None:
    return RoundClosure.objects.filter(round=round_).first()


def _subtree_on(root: Organization, on: date) -> dict[int, OrganizationVersion]:
    """The organizations of the subtree of ``root`` as it stood on ``on`` (root included)."""
    path = path_on(root, on)
    if path is None:
        return {}
    return {
        state.organization_id: state
        for state in OrganizationVersion.objects.at(on)
        .filter(path__startswith=path)
        .select_related("organization")
    }


@dataclass(frozen=True)
class Coverage:
    """The round of a year covering a subject, and why the member is left out of it (``""``:
    assessed)."""

    round: AssessmentRound
    excluded: str = ""


def round_covering(
    *, year: int, member: Member | None = None, organization: Organization | None = None
) -> Coverage | None:
    """The round of ``year`` covering ``member`` (their official organization on the round's
    reference date stands in its subtree) or ``organization`` (strictly below the organization
    that opened it, of a kind assessed), with the member's exclusion from its population."""
    for round_ in AssessmentRound.objects.filter(year=year).select_related("organization"):
        on = round_.reference_date
        root_path = path_on(round_.organization, on)
        if root_path is None:
            continue
        if member is not None:
            period = MemberPeriod.objects.at(on).filter(member=member).first()
            if period is None:
                continue
            path = path_on(period.organization, on)
            if path is not None and path.startswith(root_path):
                return Coverage(round_, _exclusion(period, NOT_ASSESSED(on=on)))
        elif organization is not None and organization.pk != round_.organization_id:
            state = OrganizationVersion.objects.at(on).filter(organization=organization).first()
            if (
                state is not None
                and state.path.startswith(root_path)
                and state.kind in ORGANIZATION_KINDS(on=on)
            ):
                return Coverage(round_)
    return None


def round_open_for_self(member: Member, on: date) -> AssessmentRound | None:
    """The round of ``on``'s year covering the member and open for their self-assessment on
    ``on``: opened by then, its deadline for self-assessments not passed, not closed by then,
    and the member not left out of it (what the portal announces, at any day it is read)."""
    coverage = round_covering(year=on.year, member=member)
    if coverage is None or coverage.excluded:
        return None
    round_ = coverage.round
    closure = round_closure(round_)
    if closure is not None and closure.closed_on <= on:
        return None
    return round_ if round_.opened_on <= on <= round_.self_until else None


def _exclusion(period: MemberPeriod, not_assessed: list[str]) -> str:
    if "exempted" in not_assessed and period.is_exempted:
        return "exempted"
    return ""


def overlapping_round(organization: Organization, year: int) -> AssessmentRound | None:
    """A round of ``year`` opened by an organization above, below or equal to ``organization``
    (paths of today's tree)."""
    for round_ in AssessmentRound.objects.filter(year=year).select_related("organization"):
        other = round_.organization.path
        if other.startswith(organization.path) or organization.path.startswith(other):
            return round_
    return None


def round_list(*, actor: Actor) -> QuerySet[AssessmentRound]:
    return (
        AssessmentRound.objects.filter(scope_q(actor, VIEW, "organization"))
        .select_related("organization", "closure")
        .order_by("-year", "organization__path")
    )


def round_get(*, actor: Actor, pk: int) -> AssessmentRound:
    from django.http import Http404

    found = round_list(actor=actor).filter(pk=pk).first()
    if found is None:
        raise Http404("round")
    return found


def round_figures(round_: AssessmentRound) -> dict[str, Any]:
    """The round's population on its reference date and where each subject stands now: the
    stages reached and the decided level (the snapshot closing the round freezes; JSON)."""
    on = round_.reference_date
    subtree = _subtree_on(round_.organization, on)
    not_assessed = NOT_ASSESSED(on=on)
    kinds = ORGANIZATION_KINDS(on=on)
    periods = list(
        MemberPeriod.objects.at(on)
        .filter(organization_id__in=list(subtree))
        .select_related("member")
        .order_by("member__full_name", "member_id")
    )
    member_ids = [p.member_id for p in periods]
    results = {
        r.member_id: r
        for r in AssessmentResult.objects.current().filter(
            year=round_.year, subject=Subject.MEMBER, member_id__in=member_ids
        )
    }
    steps = standing_steps(round_.year, member_ids)
    members = []
    for period in periods:
        result = results.get(period.member_id)
        own = steps.get((period.member_id, Stage.SELF))
        proposal = steps.get((period.member_id, Stage.PROPOSAL))
        state = subtree[period.organization_id]
        members.append(
            {
                "id": period.member_id,
                "name": period.member.full_name,
                "organization_id": period.organization_id,
                "organization": state.name,
                "excluded": _exclusion(period, not_assessed),
                "self": own.level if own else None,
                "form": own.form if own else "",
                "self_score": own.score if own else None,
                "proposed": proposal.level if proposal else None,
                "level": result.level if result else None,
                "score": result.score if result else None,
                "decided_on": result.decided_on.isoformat() if result else None,
            }
        )
    assessed_orgs = sorted(
        (s for pk, s in subtree.items() if pk != round_.organization_id and s.kind in kinds),
        key=lambda s: s.path,
    )
    org_results = {
        r.organization_id: r
        for r in AssessmentResult.objects.current().filter(
            year=round_.year,
            subject=Subject.ORGANIZATION,
            organization_id__in=[s.organization_id for s in assessed_orgs],
        )
    }
    org_steps = {
        s.organization_id: s
        for s in AssessmentStep.objects.filter(
            subject=Subject.ORGANIZATION,
            year=round_.year,
            organization_id__in=[s.organization_id for s in assessed_orgs],
        ).order_by("on", "id")
    }
    organizations = []
    for state in assessed_orgs:
        result = org_results.get(state.organization_id)
        own = org_steps.get(state.organization_id)
        organizations.append(
            {
                "id": state.organization_id,
                "code": state.organization.code,
                "name": state.name,
                "kind": state.kind,
                "self": own.level if own else None,
                "level": result.level if result else None,
                "score": result.score if result else None,
                "decided_on": result.decided_on.isoformat() if result else None,
            }
        )
    return {
        "year": round_.year,
        "reference_date": on.isoformat(),
        "members": members,
        "organizations": organizations,
    }


@dataclass(frozen=True)
class Progress:
    population: int
    excluded: int
    self_assessed: int
    proposed: int
    decided: int
    organizations: int
    organizations_decided: int
    members_by_level: dict[str, int]
    organizations_by_level: dict[str, int]


def round_progress(figures: dict[str, Any]) -> Progress:
    """How far the round got: of the members assessed, how many self-assessed, were proposed,
    were decided; the levels decided (members and organizations)."""
    assessed = [m for m in figures["members"] if not m["excluded"]]
    organizations = figures["organizations"]
    members_by_level = Counter(m["level"] for m in assessed if m["level"])
    organizations_by_level = Counter(o["level"] for o in organizations if o["level"])
    return Progress(
        population=len(assessed),
        excluded=len(figures["members"]) - len(assessed),
        self_assessed=sum(1 for m in assessed if m["self"]),
        proposed=sum(1 for m in assessed if m["proposed"]),
        decided=sum(1 for m in assessed if m["level"]),
        organizations=len(organizations),
        organizations_decided=sum(1 for o in organizations if o["level"]),
        members_by_level={level: members_by_level.get(level, 0) for level in Level.values},
        organizations_by_level={
            level: organizations_by_level.get(level, 0) for level in Level.values
        },
    )


@dataclass(frozen=True)
class Difference:
    """A subject whose frozen line differs from today's: what changed, frozen and now."""

    subject: str
    name: str
    field: str
    frozen: Any
    now: Any


_COMPARED = ("organization", "excluded", "level", "score")


def round_differences(frozen: dict[str, Any], now: dict[str, Any]) -> list[Difference]:
    """The lines of the frozen snapshot that today's data would compute differently (a member
    who left or joined the population, another organization, exclusion, level or score)."""
    found: list[Difference] = []
    for subject, key in ((Subject.MEMBER, "members"), (Subject.ORGANIZATION, "organizations")):
        before = {line["id"]: line for line in frozen[key]}
        after = {line["id"]: line for line in now[key]}
        for pk in sorted(set(before) | set(after)):
            old, new = before.get(pk), after.get(pk)
            if old is None or new is None:
                line = old or new
                assert line is not None
                found.append(
                    Difference(
                        subject, line["name"], "population", old is not None, new is not None
                    )
                )
                continue
            for field in _COMPARED:
                if field in old and old.get(field) != new.get(field):
                    found.append(Difference(subject, new["name"], field, old[field], new[field]))
    return found


#
# The forms (DOCX)
#


@dataclass(frozen=True)
class FormData:
    """What a pre-filled form prints: the form, the year, the subject's particulars, the
    organization and its superior, the self-assessment standing (if any)."""

    form: str
    year: int
    name: str
    organization: str
    superior: str
    particulars: list[tuple[str, str]]
    self_assessment: AssessmentStep | None


def member_form_code(member: Member, on: date) -> str:
    """The form of the member's self-assessment: the one of their latest self-assessment up to
    ``on`` (the member's dated choice), else 2A when they hold a committee post that day, else
    2C."""
    from dangvien.committees.models import CommitteePost
    from dangvien.committees.selectors import posts_held_at

    latest = (
        AssessmentStep.objects.filter(member=member, stage=Stage.SELF, on__lte=on)
        .exclude(form="")
        .order_by("-on", "-id")
        .first()
    )
    if latest is not None:
        return latest.form
    if CommitteePost.objects.filter(posts_held_at(on), member=member).exists():
        return Form.FORM_2A
    return Form.FORM_2C


def _names(organization: Organization, on: date) -> tuple[str, str]:
    from dangvien.organizations.selectors import organization_state

    state = organization_state(organization, on=on)
    if state is None:
        return organization.code, ""
    parent = state.parent
    above = organization_state(parent, on=on) if parent is not None else None
    return state.name, above.name if above else ""


def form_data(*, member: Member, year: int, on: date, form: str = "") -> FormData:
    from django.utils.translation import gettext as _

    from dangvien.core.formatting import vn_date
    from dangvien.members.selectors import home_organization

    home = home_organization(member, on)
    organization, superior = _names(home, on) if home else ("", "")
    periods = list(MemberPeriod.objects.filter(member=member).order_by("valid_from"))
    admitted = periods[0].valid_from if periods else None
    official = next((p.valid_from for p in periods if p.status == "official"), None)
    own = (
        AssessmentStep.objects.filter(member=member, stage=Stage.SELF, year=year)
        .order_by("-on", "-id")
        .first()
    )
    particulars = [
        (_("Full name"), member.full_name),
        (_("Date of birth"), vn_date(member.birth_date) if member.birth_date else ""),
        (_("Date of admission"), vn_date(admitted) if admitted else ""),
        (_("Date of official membership"), vn_date(official) if official else ""),
        (_("Occupation, post"), member.occupation),
        (_("Party cell"), organization),
    ]
    return FormData(
        form or member_form_code(member, on),
        year,
        member.full_name,
        organization,
        superior,
        particulars,
        own,
    )


def organization_form_data(*, organization: Organization, year: int, on: date) -> FormData:
    from django.utils.translation import gettext as _

    from dangvien.core.formatting import vn_int

    name, superior = _names(organization, on)
    members = MemberPeriod.objects.at(on).filter(
        organization_id__in=_subtree_on(organization, on).keys()
    )
    own = (
        AssessmentStep.objects.filter(
            subject=Subject.ORGANIZATION, organization=organization, year=year
        )
        .order_by("-on", "-id")
        .first()
    )
    particulars = [
        (_("Party organization"), name),
        (_("Superior organization"), superior),
        (_("Party members"), vn_int(members.count())),
        (_("Of which exempted from activities"), vn_int(members.filter(is_exempted=True).count())),
    ]
    return FormData(Form.FORM_01, year, name, name, superior, particulars, own)
