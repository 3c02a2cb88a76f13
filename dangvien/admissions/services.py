"""Writes of the admission pipeline: register, record each step, admit, recognise, days off.

Each service locks the candidate, authorizes on the candidate's cell, checks the rules, writes
its rows and one audit row in one transaction. Admission and recognition go through the member
services (which write the member's event, periods and their own audit row in the same
transaction).
"""

from __future__ import annotations

from datetime import date
from typing import Any

from django.db import transaction
from django.utils.translation import gettext as _

from dangvien.accounts.scoping import require
from dangvien.accounts.types import Actor
from dangvien.admissions.checks import candidate_checklist, vote_passes
from dangvien.admissions.choices import (
    STEP_ORDER,
    CandidateKind,
    CandidateSource,
    CandidateStatus,
    CheckStatus,
    Step,
    UnionBody,
)
from dangvien.admissions.models import Candidate, CandidateStep, DayOff, RecognitionVote
from dangvien.admissions.permissions import AdmissionPermission
from dangvien.admissions.rule_keys import (
    DECISION_EXTENSION_MAX_WORKING_DAYS,
    INTRODUCERS_REQUIRED,
    RECOGNITION_MAX_FAILED_VOTES,
)
from dangvien.admissions.selectors import probation_ends
from dangvien.audit.services import AuditAction, record, snapshot
from dangvien.competence.choices import DecisionKind
from dangvien.competence.selectors import organization_name, require_competent
from dangvien.core.dates import refuse_future, today
from dangvien.core.decisions import NO_DECISION, Decision
from dangvien.core.exceptions import DomainError, ValidationFailed
from dangvien.core.formatting import vn_date
from dangvien.core.verdicts import Refusal, enforce
from dangvien.core.votes import RecordedVote, VotePurpose, vote_applies
from dangvien.decisions.rules import recognition_resolution_verdict
from dangvien.members import services as members
from dangvien.members.models import PERSON_FIELDS, Member
from dangvien.members.rule_keys import RECOGNITION_PROPOSAL_WORKING_DAYS
from dangvien.organizations.choices import CELL_KINDS
from dangvien.organizations.models import Organization, OrganizationVersion

CHANGE = AdmissionPermission.CHANGE
DECIDE = AdmissionPermission.DECIDE


class AdmissionRefused(DomainError):
    """A statutory condition of admission or recognition is not met."""

    default_code = "admission_refused"


def _lock(candidate: Candidate) -> Candidate:
    return Candidate.objects.select_for_update().select_related("organization").get(pk=candidate.pk)


def _audit(
    actor: Actor, candidate: Candidate, action: str, before: dict[str, Any] | None, message: str
) -> None:
    record(
        actor=actor,
        action=action,
        obj=candidate,
        before=before,
        after=snapshot(candidate),
        organization_path=candidate.organization.path,
        message=message,
    )


def candidate_register_refusals(
    *,
    actor: Actor,
    organization: Organization,
    profile: dict[str, Any],
    source: str,
    readmit_member: Member | None = None,
) -> tuple[dict[str, Any], list[Refusal]]:
    """The person's cleaned profile and every rule of the registration that refuses it, each
    on its field (the registration form shows them all at once; ``candidate_register`` raises
    the first): the organization is a cell or grassroots cell today; a known source; a former
    member has no open candidacy; the profile is valid as a member's
    (``members.services.profile_refusals``: a full name, sex M/F, a 12-digit citizen ID unique
    among members …)."""
    found: list[Refusal] = []
    if (
        not OrganizationVersion.objects.at(today())
        .filter(organization=organization, kind__in=CELL_KINDS)
        .exists()
    ):
        found.append(
            Refusal(
                _("Candidates are registered by a cell or a grassroots cell."),
                "not_a_cell",
                "organization",
            )
        )
    if source not in CandidateSource.values:
        found.append(Refusal(_("Unknown source."), "source_invalid", "source"))
    # the name and sex are required: absent, their rules refuse them (as empty)
    data = {"full_name": "", "sex": ""}
    data.update((k, v) for k, v in profile.items() if k in PERSON_FIELDS)
    if readmit_member is not None:
        for name in PERSON_FIELDS:
            if name not in profile:
                data[name] = getattr(readmit_member, name)
        if Candidate.objects.filter(member=readmit_member, status=CandidateStatus.ACTIVE).exists():
            found.append(
                Refusal(
                    _("This person already has a candidacy in progress."),
                    "candidacy_open",
                    "member",
                )
            )
    cleaned, invalid = members.profile_refusals(data, member=readmit_member, actor=actor)
    return cleaned, found + invalid


@transaction.atomic
def candidate_register(
    *,
    actor: Actor,
    organization: Organization,
    profile: dict[str, Any],
    source: str,
    joined_unit_on: date | None = None,
    over_age_approved: bool = False,
    readmit_member: Member | None = None,
    note: str = "",
) -> Candidate:
    """Register a candidate (quần chúng ưu tú) of a cell, or a former member for re-admission.

    Rules: actor holds admissions.change on the organization; then
    ``candidate_register_refusals`` (a cell or grassroots cell today; a known source; the
    profile valid as a member's; for re-admission no open candidacy). Writes: Candidate,
    AuditEvent(create).
    """
    require(actor, CHANGE, organization)
    cleaned, found = candidate_register_refusals(
        actor=actor,
        organization=organization,
        profile=profile,
        source=source,
        readmit_member=readmit_member,
    )
    enforce(*found)
    candidate = Candidate.objects.create(
        organization=organization,
        kind=CandidateKind.READMISSION if readmit_member else CandidateKind.NEW,
        member=readmit_member,
        source=source,
        joined_unit_on=joined_unit_on,
        over_age_approved=over_age_approved,
        note=note,
        **cleaned,
    )
    _audit(actor, candidate, AuditAction.CREATE, None, "candidate registered")
    return candidate


@transaction.atomic
def candidate_set_introducers(
    *,
    actor: Actor,
    candidate: Candidate,
    introducers: list[Member],
    union_body: str = "",
) -> Candidate:
    """Record who introduces the candidate: official members, or a union resolution and one.

    Rules: actor holds admissions.change on the cell; before the cell vote; at most
    ``admission.introducers_required`` members (one fewer with a union resolution); no
    duplicates. The statutory conditions on them are checked at the vote. Writes: the
    introducers, AuditEvent(update).
    """
    candidate = _lock(candidate)
    require(actor, CHANGE, candidate.organization)
    if STEP_ORDER.index(candidate.step) >= STEP_ORDER.index(Step.CELL_VOTE):
        raise ValidationFailed(
            _("The introducers cannot change after the cell vote."),
            code="after_vote",
            field="introducers",
        )
    if union_body and union_body not in UnionBody.values:
        raise ValidationFailed(
            _("Unknown mass organization."), code="union_invalid", field="union_body"
        )
    required = INTRODUCERS_REQUIRED(on=today())
    allowed = required - 1 if union_body else required
    if len({m.pk for m in introducers}) != len(introducers) or len(introducers) > allowed:
        raise AdmissionRefused(
            _("Exactly %(n)s different introducing member(s) are required.") % {"n": allowed},
            code="introducers_count",
            field="introducers",
        )
    before = {
        "introducers": sorted(m.pk for m in candidate.introducers.all()),
        "union_body": candidate.union_body,
    }
    candidate.union_body = union_body
    candidate.save(update_fields=["union_body", "updated_at"])
    candidate.introducers.set(introducers)
    record(
        actor=actor,
        action=AuditAction.UPDATE,
        obj=candidate,
        before=before,
        after={"introducers": sorted(m.pk for m in introducers), "union_body": union_body},
        organization_path=candidate.organization.path,
        message="introducers",
    )
    return candidate


@transaction.atomic
def candidate_advance(
    *,
    actor: Actor,
    candidate: Candidate,
    step: str,
    done_on: date,
    document_number: str = "",
    issuer: str = "",
    members_called: int | None = None,
    votes_for: int | None = None,
    note: str = "",
    meeting_vote: RecordedVote | None = None,
) -> Candidate:
    """Record the next step of the file (everything up to the admission decision).

    Rules: actor holds admissions.change on the cell (admissions.decide for the decision); the
    candidate is in the pipeline; ``step`` is the next step; its date is not before the
    previous step's; the cell vote passes every statutory check on its date
    (``candidate_checklist``: age, education, certificate, documents, introducers,
    re-admission, two thirds of all official members convened); the decision carries a number,
    date and issuer. The ceremony goes through ``candidate_admit``. ``meeting_vote``: the cell
    vote taken at the cell's meeting of that day gives the official members convened and the
    votes in favour. Writes: CandidateStep, Candidate.step, AuditEvent(update).
    """
    candidate = _lock(candidate)
    require(actor, DECIDE if step == Step.DECISION else CHANGE, candidate.organization)
    refuse_future(done_on, "done_on")
    if step == Step.DECISION:
        # the decision is an act of the competent body: only a user acting for it records it
        require_competent(
            actor,
            DecisionKind.READMISSION
            if candidate.kind == CandidateKind.READMISSION
            else DecisionKind.ADMISSION,
            candidate.organization,
            done_on,
        )
    if candidate.status != CandidateStatus.ACTIVE:
        raise ValidationFailed(
            _("The candidate is no longer in the pipeline."), code="not_active", field="step"
        )
    expected = STEP_ORDER[STEP_ORDER.index(candidate.step) + 1]
    if step == Step.CEREMONY or step != expected:
        raise ValidationFailed(
            _("The next step is: %(step)s.") % {"step": Step(expected).label},
            code="step_order",
            field="step",
        )
    previous = candidate.steps.order_by("-done_on").first()
    if previous is not None and done_on < previous.done_on:
        raise ValidationFailed(
            _("The date cannot precede the previous step (%(date)s).")
            % {"date": vn_date(previous.done_on)},
            code="date_order",
            field="done_on",
        )
    if step == Step.CELL_VOTE and meeting_vote is not None:
        members_called, votes_for = _meeting_numbers(
            meeting_vote, candidate, done_on, (members_called, votes_for), VotePurpose.ADMISSION
        )
    if step == Step.CELL_VOTE:
        if members_called is None or votes_for is None:
            raise ValidationFailed(
                _("Enter the official members convened and the votes in favour."),
                code="vote_required",
                field="votes_for",
            )
        for item in candidate_checklist(
            candidate, vote_on=done_on, members_called=members_called, votes_for=votes_for
        ):
            if item.status != CheckStatus.PASSED:
                raise AdmissionRefused(
                    f"{item.label}: {item.message}", code=f"check_{item.key}", field=item.key
                )
    if step == Step.DECISION and not (document_number.strip() and issuer.strip()):
        raise ValidationFailed(
            _("The admission decision needs its number and issuing committee."),
            code="decision_incomplete",
            field="document_number",
        )
    before = snapshot(candidate)
    CandidateStep.objects.create(
        candidate=candidate,
        step=step,
        done_on=done_on,
        document_number=document_number.strip(),
        issuer=issuer.strip(),
        members_called=members_called if step == Step.CELL_VOTE else None,
        votes_for=votes_for if step == Step.CELL_VOTE else None,
        note=note,
    )
    candidate.step = step
    candidate.save(update_fields=["step", "updated_at"])
    _audit(
        actor,
        candidate,
        AuditAction.UPDATE,
        before,
        f"step {step} {done_on.isoformat()}" + _vote_note(meeting_vote, step == Step.CELL_VOTE),
    )
    return candidate


def _meeting_numbers(
    vote: RecordedVote,
    candidate: Candidate,
    on: date,
    typed: tuple[int | None, int | None],
    purpose: str,
) -> tuple[int, int]:
    """The official members convened and votes in favour of a vote the cell took at its
    meeting of ``on``; typed numbers, if any, must be the vote's. The share required is checked
    after, as for typed numbers (``admission.vote_min_fraction``)."""
    vote_applies(
        vote,
        organization_id=candidate.organization_id,
        organization_name=organization_name(candidate.organization, on),
        on=on,
        purposes=(purpose,),
    )
    mine = (vote.members_convened, vote.votes_for)
    if any(value is not None and value != own for value, own in zip(typed, mine, strict=True)):
        raise ValidationFailed(
            _("Pick the vote taken at the meeting or type the numbers, not both."),
            code="vote_twice",
            field="votes_for",
        )
    return mine


def _vote_note(vote: RecordedVote | None, used: bool = True) -> str:
    return f" meeting vote {vote.pk}" if vote is not None and used else ""


@transaction.atomic
def candidate_extend_decision(
    *, actor: Actor, candidate: Candidate, working_days: int, reason: str
) -> Candidate:
    """Extend the deadline of the admission decision ("trường hợp đặc biệt").

    Rules: actor holds admissions.decide on the cell; the cell has voted and no decision yet;
    a reason; at most ``admission.decision_extension_max_working_days``. No-op for the same
    extension. Writes: Candidate, AuditEvent(update).
    """
    candidate = _lock(candidate)
    require(actor, DECIDE, candidate.organization)
    if candidate.step not in {Step.CELL_VOTE, Step.PROPOSAL}:
        raise ValidationFailed(
            _("An extension is possible between the cell resolution and the decision."),
            code="extension_step",
            field="working_days",
        )
    if (candidate.extension_working_days, candidate.extension_reason) == (working_days, reason):
        return candidate
    vote = candidate.steps.get(step=Step.CELL_VOTE)
    maximum = DECISION_EXTENSION_MAX_WORKING_DAYS(on=vote.done_on)
    if not 0 < working_days <= maximum:
        raise AdmissionRefused(
            _("The extension is at most %(n)s working days (%(source)s).")
            % {
                "n": maximum,
                "source": DECISION_EXTENSION_MAX_WORKING_DAYS.cited(on=vote.done_on),
            },
            code="extension_too_long",
            field="working_days",
        )
    if not reason.strip():
        raise ValidationFailed(
            _("Give the reason for the extension."), code="reason_required", field="reason"
        )
    before = snapshot(candidate)
    candidate.extension_working_days, candidate.extension_reason = working_days, reason.strip()
    candidate.save(update_fields=["extension_working_days", "extension_reason", "updated_at"])
    _audit(actor, candidate, AuditAction.UPDATE, before, "decision deadline extended")
    return candidate


@transaction.atomic
def candidate_admit(
    *,
    actor: Actor,
    candidate: Candidate,
    ceremony_on: date,
    member_key: str = "",
    note: str = "",
    consent: Decision = NO_DECISION,
    hardship_exception: str = "",
) -> Candidate:
    """Hold the admission ceremony: the candidate becomes a probationary member.

    Rules: actor holds admissions.change on the cell; the admission decision is recorded; the
    ceremony is not before it; then the member services' rules (``member_admit``: age on the
    vote date, profile; ``member_readmit``: once, after the waiting period). Writes:
    CandidateStep(ceremony), Candidate (member, status), the member's rows (through
    members.services), AuditEvent(update).

    A re-admission carries the written consent of the provincial standing committee
    (``consent``) and, for one who had left at their own request, the family circumstances
    that allow it (``hardship_exception``).
    """
    candidate = _lock(candidate)
    require(actor, CHANGE, candidate.organization)
    if candidate.step != Step.DECISION or candidate.status != CandidateStatus.ACTIVE:
        raise ValidationFailed(
            _("The ceremony follows the admission decision."), code="step_order", field="step"
        )
    steps = {s.step: s for s in candidate.steps.all()}
    decision_step, vote = steps[Step.DECISION], steps[Step.CELL_VOTE]
    if ceremony_on < decision_step.done_on:
        raise ValidationFailed(
            _("The ceremony cannot precede the admission decision (%(date)s).")
            % {"date": vn_date(decision_step.done_on)},
            code="ceremony_before_decision",
            field="ceremony_on",
        )
    decision = Decision(decision_step.document_number, decision_step.done_on, decision_step.issuer)
    before = snapshot(candidate)
    if candidate.kind == CandidateKind.READMISSION:
        assert candidate.member is not None
        members.member_readmit(
            actor=actor,
            member=candidate.member,
            organization=candidate.organization,
            effective_on=ceremony_on,
            decision=decision,
            note=note,
            consent=consent,
            hardship_exception=hardship_exception,
            decided_by_competent_body=True,
        )
    else:
        profile = {name: getattr(candidate, name) for name in PERSON_FIELDS}
        profile["introducers"] = ", ".join(m.full_name for m in candidate.introducers.all())
        if candidate.union_body:
            profile["introducers"] = (
                f"{candidate.get_union_body_display()}, {profile['introducers']}"
            )
        candidate.member = members.member_admit(
            actor=actor,
            organization=candidate.organization,
            admitted_on=ceremony_on,
            decision=decision,
            profile=profile,
            member_key=member_key,
            vote_on=vote.done_on,
            over_age_approved=candidate.over_age_approved,
            decided_by_competent_body=True,
            note=note,
        )
    CandidateStep.objects.create(
        candidate=candidate, step=Step.CEREMONY, done_on=ceremony_on, note=note
    )
    candidate.step, candidate.status = Step.CEREMONY, CandidateStatus.PROBATION
    candidate.save(update_fields=["member", "step", "status", "updated_at"])
    _audit(actor, candidate, AuditAction.UPDATE, before, f"admitted {ceremony_on.isoformat()}")
    return candidate


@transaction.atomic
def recognition_vote_record(
    *,
    actor: Actor,
    candidate: Candidate,
    voted_on: date | None = None,
    members_called: int | None = None,
    votes_for: int | None = None,
    note: str = "",
    meeting_vote: RecordedVote | None = None,
) -> RecognitionVote:
    """Record the cell's vote on recognising the probationary member as official.

    Rules: actor holds admissions.change on the cell; the member is on probation, not already
    referred upwards, not already proposed; the vote (the cell's resolution) is not before the
    end of probation (``decisions.rules.recognition_resolution_verdict``, which the proposal of
    a recognition asks too); votes in favour do not exceed the members convened. A vote passes
    with ``admission.vote_min_fraction`` of all official members convened; at the
    ``recognition.max_failed_votes``-th failed vote the file is referred to the upper committee
    (``escalated``). ``meeting_vote``: the vote taken at the cell's meeting gives the date and
    the numbers. Writes: RecognitionVote, Candidate (escalated), AuditEvent(update).
    """
    candidate = _lock(candidate)
    require(actor, CHANGE, candidate.organization)
    if candidate.status != CandidateStatus.PROBATION or candidate.escalated:
        raise ValidationFailed(
            _("No recognition vote is expected for this person."),
            code="no_vote_expected",
            field="voted_on",
        )
    if candidate.recognition_votes.filter(passed=True).exists():
        raise ValidationFailed(
            _("The cell has already proposed the recognition."),
            code="already_proposed",
            field="voted_on",
        )
    if meeting_vote is not None:
        voted_on = voted_on or meeting_vote.held_on
        members_called, votes_for = _meeting_numbers(
            meeting_vote,
            candidate,
            voted_on,
            (members_called, votes_for),
            VotePurpose.RECOGNITION,
        )
    if voted_on is None or members_called is None or votes_for is None:
        raise ValidationFailed(
            _("Enter the official members convened and the votes in favour."),
            code="vote_required",
            field="votes_for",
        )
    refusal = recognition_resolution_verdict(
        voted_on,
        probation_ends(candidate),
        source=RECOGNITION_PROPOSAL_WORKING_DAYS.cited(on=voted_on),
    )
    if refusal is not None:
        raise AdmissionRefused(refusal.message, code=refusal.code, field="voted_on")
    if votes_for > members_called or members_called <= 0:
        raise ValidationFailed(
            _("The votes in favour exceed the official members convened."),
            code="vote_invalid",
            field="votes_for",
        )
    before = snapshot(candidate)
    passed = vote_passes(votes_for, members_called, voted_on)
    vote = RecognitionVote.objects.create(
        candidate=candidate,
        voted_on=voted_on,
        members_called=members_called,
        votes_for=votes_for,
        passed=passed,
        note=note,
    )
    failed = candidate.recognition_votes.filter(passed=False).count()
    if not passed and failed >= RECOGNITION_MAX_FAILED_VOTES(on=voted_on):
        candidate.escalated = True
        candidate.save(update_fields=["escalated", "updated_at"])
    _audit(
        actor,
        candidate,
        AuditAction.UPDATE,
        before,
        f"recognition vote {votes_for}/{members_called} {'passed' if passed else 'failed'}"
        + _vote_note(meeting_vote),
    )
    return vote


@transaction.atomic
def candidate_recognise(*, actor: Actor, candidate: Candidate, decision: Decision) -> Candidate:
    """The competent committee recognises the member as official (at the end of probation).

    Rules: actor holds admissions.decide on the cell; the cell's vote passed, or the file was
    referred upwards (the upper committee decides); then ``member_recognise``. Writes: the
    member's event and periods (members.services), Candidate.status, AuditEvent(update).
    """
    candidate = _lock(candidate)
    require(actor, DECIDE, candidate.organization)
    if candidate.status != CandidateStatus.PROBATION or candidate.member is None:
        raise ValidationFailed(
            _("The person is not a probationary member from this pipeline."),
            code="not_probation",
            field="decision_number",
        )
    if not (candidate.escalated or candidate.recognition_votes.filter(passed=True).exists()):
        raise AdmissionRefused(
            _("The cell has not proposed the recognition with two thirds of its official members."),
            code="no_proposal",
            field="decision_number",
        )
    if not decision.number or decision.date is None:
        raise ValidationFailed(
            _("The decision needs its number and date."),
            code="decision_incomplete",
            field="decision_number",
        )
    before = snapshot(candidate)
    members.member_recognise(actor=actor, member=candidate.member, decision=decision)
    candidate.status = CandidateStatus.RECOGNISED
    candidate.save(update_fields=["status", "updated_at"])
    _audit(actor, candidate, AuditAction.UPDATE, before, "recognised")
    return candidate


@transaction.atomic
def candidate_remove(
    *, actor: Actor, candidate: Candidate, effective_on: date, decision: Decision, note: str = ""
) -> Candidate:
    """A probationary member who does not qualify is removed from the list (xóa tên).

    Rules: actor holds admissions.decide on the cell; the person is on probation; then
    ``member_remove``. Writes: the member's event and periods, Candidate.status,
    AuditEvent(update).
    """
    candidate = _lock(candidate)
    require(actor, DECIDE, candidate.organization)
    if candidate.status != CandidateStatus.PROBATION or candidate.member is None:
        raise ValidationFailed(
            _("The person is not a probationary member from this pipeline."),
            code="not_probation",
            field="effective_on",
        )
    before = snapshot(candidate)
    members.member_remove(
        actor=actor,
        member=candidate.member,
        effective_on=effective_on,
        decision=decision,
        note=note,
    )
    candidate.status = CandidateStatus.REMOVED
    candidate.save(update_fields=["status", "updated_at"])
    _audit(actor, candidate, AuditAction.UPDATE, before, "removed during probation")
    return candidate


@transaction.atomic
def day_off_set(*, actor: Actor, organization: Organization, day: date, reason: str) -> DayOff:
    """Record a day off of an organization; it applies to its whole subtree.

    Rules: actor holds admissions.decide on the organization; a reason. No-op if the day is
    already recorded with that reason. Writes: DayOff, AuditEvent(create/update).
    """
    require(actor, DECIDE, organization)
    if not reason.strip():
        raise ValidationFailed(
            _("Give the reason for the day off."), code="reason_required", field="reason"
        )
    existing = DayOff.objects.filter(organization=organization, day=day).first()
    if existing is not None:
        if existing.reason == reason.strip():
            return existing
        before = snapshot(existing)
        existing.reason = reason.strip()
        existing.save(update_fields=["reason", "updated_at"])
        record(
            actor=actor,
            action=AuditAction.UPDATE,
            obj=existing,
            before=before,
            after=snapshot(existing),
            organization_path=organization.path,
        )
        return existing
    row = DayOff.objects.create(organization=organization, day=day, reason=reason.strip())
    record(
        actor=actor,
        action=AuditAction.CREATE,
        obj=row,
        after=snapshot(row),
        organization_path=organization.path,
    )
    return row
