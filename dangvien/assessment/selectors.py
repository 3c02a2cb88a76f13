"""Reads of assessment results: scoped lists, the year of an organization, what the rules
need (the member's organization on a day, the competent body, the counts under the cap)."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date

from django.db.models import Exists, OuterRef, QuerySet

from dangvien.accounts.scoping import scope_q
from dangvien.accounts.types import Actor
from dangvien.assessment.choices import Level, Stage, Subject
from dangvien.assessment.models import AssessmentResult, AssessmentStep
from dangvien.assessment.permissions import AssessmentPermission
from dangvien.assessment.rule_keys import MEMBER_COMPETENCE, ORGANIZATION_COMPETENCE
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


def own_results(member: Member) -> list[AssessmentResult]:
    """The member's own results in force (for the member's portal: no scope, their record)."""
    return list(
        AssessmentResult.objects.current()
        .filter(member=member)
        .select_related("decided_by")
        .order_by("-year")
    )


def standing_steps(year: int, member_ids: list[int]) -> dict[tuple[int, str], AssessmentStep]:
    """The latest step of each stage of ``year`` for the members: (member id, stage) → step."""
    found: dict[tuple[int, str], AssessmentStep] = {}
    for step in AssessmentStep.objects.filter(
        subject=Subject.MEMBER, year=year, member_id__in=member_ids
    ).order_by("on", "id"):
        assert step.member_id is not None
        found[(step.member_id, step.stage)] = step
    return found


def own_steps(member: Member) -> list[AssessmentStep]:
    """The member's own self-assessments and the proposals about them, newest first."""
    return list(AssessmentStep.objects.filter(member=member).order_by("-year", "-on", "-id"))


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


def not_completed_streaks(member_ids: list[int], years: int, on: date) -> dict[int, list[int]]:
    """Members whose ``years`` latest results in force on ``on`` (decided on or before it) are
    of consecutive years and all "not completed" (member id → those years)."""
    latest: dict[int, dict[int, str]] = {}
    for member_id, year, level in (
        AssessmentResult.objects.filter(
            subject=Subject.MEMBER, member_id__in=member_ids, decided_on__lte=on
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
