"""Writes of assessment results: record a decided level, correct it, decide a cell's levels
in one go. Every write checks the rules of ``rules.py``, is authorised on the organizations
it touches and leaves an audit row in the same transaction."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from django.db import transaction
from django.utils.translation import gettext as _

from dangvien.accounts.scoping import can, require
from dangvien.accounts.types import Actor
from dangvien.assessment import rules
from dangvien.assessment.choices import Form, Level, Stage, Subject
from dangvien.assessment.models import (
    AssessmentResult,
    AssessmentRound,
    AssessmentStep,
    RoundClosure,
)
from dangvien.assessment.permissions import AssessmentPermission
from dangvien.assessment.rule_keys import EXCELLENT_CAP, LEVEL_MIN_SCORES
from dangvien.assessment.selectors import (
    competent_body,
    current_result,
    grassroots_of,
    last_path,
    member_levels_under,
    member_organization_on,
    overlapping_round,
    path_on,
    round_closure,
    round_covering,
    round_figures,
)
from dangvien.audit.services import AuditAction, record, recorded_by, snapshot
from dangvien.core.dates import refuse_future
from dangvien.core.exceptions import ValidationFailed
from dangvien.core.verdicts import enforce
from dangvien.members.models import Member
from dangvien.organizations.models import Organization
from dangvien.organizations.selectors import organization_state

CHANGE = AssessmentPermission.CHANGE


@dataclass(frozen=True)
class _Checked:
    filed: Organization
    decided_by: Organization


def _check(
    *,
    actor: Actor,
    subject: str,
    member: Member | None,
    organization: Organization | None,
    year: int,
    level: str,
    score: int | None,
    decided_on: date,
    decided_by: Organization | None,
    check_round: bool = True,
) -> _Checked:
    """The rules every result obeys (new or correction); returns where it is filed and who
    decided it."""
    refuse_future(decided_on, "decided_on")
    enforce(
        rules.level_verdict(level),
        rules.score_verdict(score),
        rules.year_verdict(year, decided_on),
    )
    if subject == Subject.MEMBER:
        if member is None:
            raise ValidationFailed(_("Choose the member."), code="assessment_member", field="code")
        filed = member_organization_on(member, decided_on)
        enforce(rules.member_verdict(filed.pk if filed else None, decided_on))
    elif organization is not None:
        filed = organization
    else:
        raise ValidationFailed(
            _("Choose the organization."), code="assessment_organization", field="code"
        )
    assert filed is not None
    if decided_by is None:
        decided_by = competent_body(subject, filed, decided_on)
        if decided_by is None:
            raise ValidationFailed(
                _("No competent body is found above the subject; name the deciding organization."),
                code="assessment_decider_missing",
                field="decided_by",
            )
    enforce(
        rules.decider_verdict(
            last_path(filed, decided_on), path_on(decided_by, decided_on), decided_on
        ),
        rules.band_verdict(level, score, LEVEL_MIN_SCORES(on=decided_on)),
    )
    if check_round:
        require_open_round(
            year=year,
            member=member,
            organization=filed if subject == Subject.ORGANIZATION else None,
            on=decided_on,
            stage="decision",
        )
    require(actor, CHANGE, filed)
    require(actor, CHANGE, decided_by)
    return _Checked(filed, decided_by)


def require_open_round(
    *,
    year: int,
    member: Member | None,
    organization: Organization | None,
    on: date,
    stage: str,
) -> AssessmentRound:
    """Refuse an entry of ``stage`` (``self``, ``proposal``, ``decision``) of ``year`` dated
    ``on`` unless a round covering the subject is open and the stage's deadline not passed (and
    the member is not left out of the round's population)."""
    coverage = round_covering(year=year, member=member, organization=organization)
    window = None
    if coverage is not None:
        round_ = coverage.round
        closure = round_closure(round_)
        until: date = {
            Stage.SELF.value: round_.self_until,
            Stage.PROPOSAL.value: round_.review_until,
        }.get(stage, round_.decide_until)
        state = organization_state(round_.organization, on=round_.reference_date)
        window = rules.Window(
            state.name if state else round_.organization.code,
            round_.opened_on,
            until,
            closure.closed_on if closure else None,
        )
    enforce(rules.round_verdict(year, window, on, stage))
    assert coverage is not None
    enforce(rules.excluded_verdict(coverage.excluded, year))
    return coverage.round


def check_excellent_cap(filed: Organization, year: int, on: date) -> None:
    """Refuse when the members rated "excellent" of ``year`` in the grassroots organization of
    ``filed`` exceed the cap on the members rated "good" there (the rule in force on ``on``)."""
    grassroots = grassroots_of(filed, on)
    counts = member_levels_under(grassroots, year, on)
    rule = EXCELLENT_CAP.version(on=on)
    enforce(
        rules.cap_verdict(
            counts.get(Level.EXCELLENT, 0),
            counts.get(Level.GOOD, 0),
            EXCELLENT_CAP(on=on),
            rule.source,
        )
    )


def _write(
    *,
    actor: Actor,
    subject: str,
    member: Member | None,
    checked: _Checked,
    year: int,
    level: str,
    score: int | None,
    decided_on: date,
    note: str,
    supersedes: AssessmentResult | None,
) -> AssessmentResult:
    user, name = recorded_by(actor)
    result = AssessmentResult.objects.create(
        subject=subject,
        member=member,
        organization=checked.filed,
        year=year,
        level=level,
        score=score,
        decided_on=decided_on,
        decided_by=checked.decided_by,
        supersedes=supersedes,
        note=note,
        actor=user,
        actor_name=name,
    )
    record(
        actor=actor,
        action=AuditAction.UPDATE if supersedes else AuditAction.CREATE,
        obj=result,
        before=snapshot(supersedes) if supersedes else None,
        after=snapshot(result),
        organization_path=checked.filed.path,
    )
    return result


@transaction.atomic
def assessment_record(
    *,
    actor: Actor,
    year: int,
    level: str,
    decided_on: date,
    member: Member | None = None,
    organization: Organization | None = None,
    score: int | None = None,
    decided_by: Organization | None = None,
    note: str = "",
    check_cap: bool = True,
    check_round: bool = True,
) -> AssessmentResult:
    """Record the level decided for a member or an organization for ``year``.

    Rules: the decision date is not in the future; a known level; a score from 0 to 100 whose
    band (rulebook ``assessment.level_min_scores`` on the decision date) reaches the level;
    the year is not after the decision; a member was a member on the decision date (their
    official organization that day, the day of an exit included, is where the result is
    filed); the deciding organization (default: the competent body of the rulebook,
    ``competence.assessment_*``) existed that day and the subject stood in its subtree; one
    result per subject and year; with ``check_cap``, a member's "excellent" stays within the
    cap of ``assessment.excellent_cap_of_good`` in their grassroots organization (the import
    of past results, decided as they were, does not re-judge it); with ``check_round`` (the web
    and the API always), a round of the year covering the subject is open, its decisions'
    deadline not passed and the member in its population (``require_open_round``; history of
    years without rounds is recorded as it was decided); actor may change assessments of the
    subject's and the deciding organization.
    Writes: AssessmentResult, AuditEvent(create).
    """
    subject = Subject.MEMBER if member is not None else Subject.ORGANIZATION
    checked = _check(
        actor=actor,
        subject=subject,
        member=member,
        organization=organization,
        year=year,
        level=level,
        score=score,
        decided_on=decided_on,
        decided_by=decided_by,
        check_round=check_round,
    )
    existing = current_result(year=year, member=member, organization=checked.filed)
    enforce(rules.duplicate_verdict(existing.level if existing else None, year))
    result = _write(
        actor=actor,
        subject=subject,
        member=member,
        checked=checked,
        year=year,
        level=level,
        score=score,
        decided_on=decided_on,
        note=note,
        supersedes=None,
    )
    if check_cap and subject == Subject.MEMBER and level == Level.EXCELLENT:
        check_excellent_cap(checked.filed, year, decided_on)
    return result


@transaction.atomic
def assessment_correct(
    *,
    actor: Actor,
    result: AssessmentResult,
    level: str,
    decided_on: date,
    score: int | None = None,
    decided_by: Organization | None = None,
    note: str = "",
    check_cap: bool = True,
    check_round: bool = True,
) -> AssessmentResult:
    """Correct a result: a new dated row that supersedes it (the history is kept).

    Rules: those of ``assessment_record``; the result corrected is the one in force; the
    correction is not dated before it. No-op when nothing changes.
    Writes: AssessmentResult, AuditEvent(update).
    """
    result = AssessmentResult.objects.select_for_update().get(pk=result.pk)
    if AssessmentResult.objects.filter(supersedes=result).exists():
        raise ValidationFailed(
            _("This result was already corrected; correct the latest one."),
            code="assessment_superseded",
        )
    if (level, score) == (result.level, result.score) and decided_by in (
        None,
        result.decided_by,
    ):
        return result
    enforce(rules.correction_date_verdict(result.decided_on, decided_on))
    checked = _check(
        actor=actor,
        subject=result.subject,
        member=result.member,
        organization=result.organization if result.subject == Subject.ORGANIZATION else None,
        year=result.year,
        level=level,
        score=score,
        decided_on=decided_on,
        decided_by=decided_by or result.decided_by,
        check_round=check_round,
    )
    corrected = _write(
        actor=actor,
        subject=result.subject,
        member=result.member,
        checked=checked,
        year=result.year,
        level=level,
        score=score,
        decided_on=decided_on,
        note=note,
        supersedes=result,
    )
    if check_cap and result.subject == Subject.MEMBER and level == Level.EXCELLENT:
        check_excellent_cap(checked.filed, result.year, decided_on)
    return corrected


@dataclass(frozen=True)
class Entry:
    """One line of a batch decision: a member, the level decided, the score (optional)."""

    member: Member
    level: str
    score: int | None = None


@transaction.atomic
def assessment_decide_many(
    *,
    actor: Actor,
    year: int,
    decided_on: date,
    entries: list[Entry],
    decided_by: Organization | None = None,
    check_round: bool = True,
) -> list[AssessmentResult]:
    """Decide the levels of several members at once (a cell's list): each line is recorded, or
    corrects the result in force when it differs; the cap on "excellent" is checked once, on
    the totals after the whole list, in each grassroots organization touched (all or nothing).
    Writes: one AssessmentResult and one AuditEvent per line that changes something.
    """
    written: list[AssessmentResult] = []
    touched: dict[int, Organization] = {}
    for entry in entries:
        existing = current_result(year=year, member=entry.member)
        if existing is None:
            result = assessment_record(
                actor=actor,
                year=year,
                level=entry.level,
                score=entry.score,
                decided_on=decided_on,
                member=entry.member,
                decided_by=decided_by,
                check_cap=False,
                check_round=check_round,
            )
        else:
            result = assessment_correct(
                actor=actor,
                result=existing,
                level=entry.level,
                score=entry.score,
                decided_on=decided_on,
                decided_by=decided_by,
                check_cap=False,
                check_round=check_round,
            )
            if result.pk == existing.pk:
                continue
        written.append(result)
        if result.level == Level.EXCELLENT:
            touched[result.organization_id] = result.organization
    for filed in touched.values():
        check_excellent_cap(filed, year, decided_on)
    return written


def _step(
    *,
    actor: Actor,
    stage: str,
    year: int,
    level: str,
    on: date,
    member: Member | None,
    organization: Organization | None,
    score: int | None,
    form: str,
    note: str,
    own: bool,
) -> AssessmentStep:
    refuse_future(on, "on")
    subject = Subject.MEMBER if member is not None else Subject.ORGANIZATION
    enforce(
        rules.level_verdict(level),
        rules.score_verdict(score),
        rules.year_verdict(year, on),
        rules.form_verdict(subject, form),
    )
    if member is not None:
        filed = member_organization_on(member, on)
        enforce(rules.member_verdict(filed.pk if filed else None, on))
    else:
        filed = organization
    if filed is None:
        raise ValidationFailed(
            _("Choose the organization."), code="assessment_organization", field="code"
        )
    enforce(rules.band_verdict(level, score, LEVEL_MIN_SCORES(on=on)))
    require_open_round(year=year, member=member, organization=organization, on=on, stage=stage)
    if not own:
        require(actor, CHANGE, filed)
    user, name = recorded_by(actor)
    step = AssessmentStep.objects.create(
        stage=stage,
        subject=subject,
        member=member,
        organization=filed,
        year=year,
        level=level,
        score=score,
        form=form,
        on=on,
        note=note,
        actor=user,
        actor_name=name,
    )
    record(
        actor=actor,
        action=AuditAction.CREATE,
        obj=step,
        after=snapshot(step),
        organization_path=filed.path,
    )
    return step


@transaction.atomic
def assessment_self_submit(
    *,
    actor: Actor,
    year: int,
    level: str,
    on: date,
    member: Member | None = None,
    organization: Organization | None = None,
    score: int | None = None,
    form: str = "",
    note: str = "",
) -> AssessmentStep:
    """A self-assessment: the member's own (on form 2A, 2B or 2C, through the portal or
    recorded by the staff) or an organization's collective one (form 01).

    Rules: the date is not in the future; a known level, a score from 0 to 100 within the band
    of the level; the year is not after the date; the member was a member that day; the form
    fits the subject; a round of the year covering the subject is open, dated from its opening
    to its self-assessments' deadline (``require_open_round``). The member themself (their
    linked account) may submit; otherwise the actor may change assessments of the organization.
    The latest self-assessment stands.
    Writes: AssessmentStep(self), AuditEvent(create).
    """
    from dangvien.portal.selectors import member_of

    own = member is not None and member_of(actor) == member
    if member is None and organization is not None and not form:
        form = Form.FORM_01
    return _step(
        actor=actor, stage=Stage.SELF, year=year, level=level, on=on, member=member,
        organization=organization, score=score, form=form, note=note, own=own,
    )  # fmt: skip


@transaction.atomic
def assessment_propose_many(
    *, actor: Actor, year: int, proposed_on: date, entries: list[Entry]
) -> list[AssessmentStep]:
    """The levels the cell proposes after its review, for several members at once (the latest
    proposal stands; a line identical to the proposal standing is skipped).

    Rules: those of a self-assessment (the round's deadline being the one of the cells'
    reviews); the actor may change assessments of each member's organization. Writes: one AssessmentStep(proposal) and one AuditEvent per line written.
    """
    written = []
    for entry in entries:
        standing = (
            AssessmentStep.objects.filter(stage=Stage.PROPOSAL, member=entry.member, year=year)
            .order_by("-on", "-id")
            .first()
        )
        if standing is not None and (standing.level, standing.score) == (entry.level, entry.score):
            continue
        written.append(
            _step(
                actor=actor,
                stage=Stage.PROPOSAL,
                year=year,
                level=entry.level,
                on=proposed_on,
                member=entry.member,
                organization=None,
                score=entry.score,
                form="",
                note="",
                own=False,
            )
        )
    return written


def may_self_assess(actor: Actor, member: Member, organization: Organization) -> bool:
    """Whether ``actor`` may submit ``member``'s self-assessment."""
    from dangvien.portal.selectors import member_of

    return member_of(actor) == member or can(actor, CHANGE, organization)


@transaction.atomic
def assessment_round_open(
    *,
    actor: Actor,
    organization: Organization,
    year: int,
    opened_on: date,
    self_until: date,
    review_until: date,
    decide_until: date,
    reference_date: date,
    note: str = "",
) -> AssessmentRound:
    """Open the assessment round of ``year`` for the subtree of ``organization``.

    Rules: the opening is not in the future; the reference date is a day of the year (the
    population is taken then); the round opens in or after its year; the schedule runs in
    order (self-assessments, the cells' reviews, the decisions); no other round of the year
    opened above, below or at ``organization``; actor may change assessments of
    ``organization``. Writes: AssessmentRound, AuditEvent(create).
    """
    refuse_future(opened_on, "opened_on")
    enforce(
        rules.schedule_verdict(
            year, opened_on, self_until, review_until, decide_until, reference_date
        )
    )
    require(actor, CHANGE, organization)
    other = overlapping_round(organization, year)
    if other is not None:
        state = organization_state(other.organization, on=other.reference_date)
        enforce(rules.overlap_verdict(state.name if state else other.organization.code, year))
    user, name = recorded_by(actor)
    round_ = AssessmentRound.objects.create(
        organization=organization,
        year=year,
        opened_on=opened_on,
        self_until=self_until,
        review_until=review_until,
        decide_until=decide_until,
        reference_date=reference_date,
        note=note,
        actor=user,
        actor_name=name,
    )
    record(
        actor=actor,
        action=AuditAction.CREATE,
        obj=round_,
        after=snapshot(round_),
        organization_path=organization.path,
    )
    return round_


@transaction.atomic
def assessment_round_close(
    *, actor: Actor, round: AssessmentRound, closed_on: date
) -> RoundClosure:
    """Close a round and freeze its figures: the population on the reference date with each
    subject's stages and decided level, as they stand now (later corrections of member data or
    results do not change them; the round page shows the differences).

    Rules: the closing is not in the future nor before the opening; a round closes once; actor
    may change assessments of the organization that opened it.
    Writes: RoundClosure, AuditEvent(create).
    """
    round_ = AssessmentRound.objects.select_for_update().get(pk=round.pk)
    refuse_future(closed_on, "closed_on")
    require(actor, CHANGE, round_.organization)
    closure = round_closure(round_)
    enforce(
        rules.close_verdict(closure.closed_on if closure else None, round_.opened_on, closed_on)
    )
    user, name = recorded_by(actor)
    closed = RoundClosure.objects.create(
        round=round_,
        closed_on=closed_on,
        figures=round_figures(round_),
        actor=user,
        actor_name=name,
    )
    record(
        actor=actor,
        action=AuditAction.CREATE,
        obj=closed,
        after={"round": round_.pk, "closed_on": closed_on.isoformat()},
        organization_path=round_.organization.path,
    )
    return closed
