"""Writes of discipline: open a case, propose, decide, and record a decision already taken.

Member forms are decision kinds of ``competence`` (reprimand, warning, dismissal, expulsion):
the proposal and the ruling go through ``dangvien.decisions`` (the vote of the proposing body,
the competent body, four eyes) and an expulsion writes the ``expelled`` ledger event through
``members.services.member_expel`` (the ledger stays the truth of membership). Organization
forms are decided by a body above the organization; dissolution dissolves it through
``organizations.services.organization_dissolve`` (its history kept). Every service validates
through ``discipline.rules``, writes an audit row and refuses future dates.
"""

from __future__ import annotations

from datetime import date, timedelta

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.db.models import Q
from django.utils.translation import gettext as _

from dangvien.accounts.scoping import can, require
from dangvien.accounts.types import Actor
from dangvien.audit.services import AuditAction, record, recorded_by, snapshot
from dangvien.committees.models import CommitteePost
from dangvien.committees.services import committee_post_end
from dangvien.competence.selectors import acts_for, organization_name, require_competent
from dangvien.core.dates import refuse_future
from dangvien.core.decisions import Decision
from dangvien.core.exceptions import ValidationFailed
from dangvien.core.formatting import vn_date
from dangvien.core.verdicts import enforce
from dangvien.decisions.choices import Outcome
from dangvien.decisions.models import Proposal, Ruling
from dangvien.decisions.services import decision_record, proposal_submit, ruling_record
from dangvien.discipline import rules
from dangvien.discipline.choices import READ, Form, Subject
from dangvien.discipline.models import (
    AppealOutcome,
    AppealRuling,
    CaseProposal,
    DisciplineAppeal,
    DisciplineCase,
    DisciplineDecision,
    StateNotice,
)
from dangvien.discipline.permissions import DisciplinePermission
from dangvien.discipline.rule_keys import (
    APPEAL_MONTHS,
    FORMS_BY_SUBJECT,
    LIMITATION_YEARS,
    STATE_NOTICE_DAYS,
)
from dangvien.discipline.selectors import (
    Standing,
    bodies_above,
    chain_ids,
    expelled_on,
    form_in_force,
    organization_deciders,
    standing_day,
    standing_on,
)
from dangvien.interchange.permissions import InterchangePermission
from dangvien.members.models import Member, MemberEvent
from dangvien.members.services import member_expel
from dangvien.organizations.models import Organization
from dangvien.organizations.selectors import existing_state


def _standing(member: Member, on: date) -> Standing:
    standing = standing_on(member, on)
    enforce(
        rules.membership_verdict(
            standing.organization_id if standing else None, member.full_name, on
        )
    )
    assert standing is not None
    return standing


def _subject_home(
    subject: str, member: Member | None, organization: Organization | None, on: date
) -> tuple[Organization, str | None]:
    """The organization the file belongs to on ``on`` and the member's status."""
    if subject == Subject.MEMBER:
        if member is None:
            raise ValidationFailed(_("Choose the party member."), code="member_required")
        standing = _standing(member, on)
        return Organization.objects.get(pk=standing.organization_id), standing.status
    if subject != Subject.ORGANIZATION or organization is None:
        raise ValidationFailed(
            _("Choose the organization disciplined."), code="organization_required"
        )
    existing_state(organization, on, field="opened_on")
    return organization, None


def _next_key(on: date) -> str:
    prefix = f"KL-{on.year}-"
    taken = DisciplineCase.objects.filter(key__startswith=prefix).count()
    number = taken + 1
    while DisciplineCase.objects.filter(key=f"{prefix}{number:04d}").exists():
        number += 1
    return f"{prefix}{number:04d}"


def _create_case(
    *,
    actor: Actor,
    key: str,
    subject: str,
    member: Member | None,
    organization: Organization,
    opened_on: date,
    opened_by: Organization | None,
    violation: str,
    violated_on: date | None,
    offence: str,
) -> DisciplineCase:
    key = key.strip() or _next_key(opened_on)
    if DisciplineCase.objects.filter(key=key).exists():
        raise ValidationFailed(
            _("A case numbered %(key)s already exists.") % {"key": key},
            code="case_exists",
            field="key",
        )
    user, name = recorded_by(actor)
    case = DisciplineCase.objects.create(
        key=key,
        subject=subject,
        member=member,
        organization=organization,
        opened_on=opened_on,
        opened_by=opened_by,
        violation=violation,
        violated_on=violated_on,
        offence=offence,
        actor=user,
        actor_name=name,
    )
    record(
        actor=actor,
        action=AuditAction.CREATE,
        obj=case,
        after=snapshot(case),
        organization_path=organization.path,
        message=f"discipline case {subject}",
    )
    return case


@transaction.atomic
def case_open(
    *,
    actor: Actor,
    subject: str,
    opened_on: date,
    violation: str,
    member: Member | None = None,
    organization: Organization | None = None,
    violated_on: date | None = None,
    offence: str = "",
    opened_by: Organization | None = None,
    key: str = "",
) -> DisciplineCase:
    """Open a case against a member (on the day a member) or an organization (existing that
    day), e.g. by a committee or its inspection commission (``opened_by``).

    Rules: not in the future; the violation is described and not dated after the opening;
    the actor may change discipline files of the subject's organization (and, when given,
    of the opening body); the case number is free. Writes: DisciplineCase, AuditEvent(create).
    """
    refuse_future(opened_on, "opened_on")
    home, _status = _subject_home(subject, member, organization, opened_on)
    require(actor, DisciplinePermission.CHANGE, home)
    if opened_by is not None:
        existing_state(opened_by, opened_on, field="opened_by")
    if not violation.strip():
        raise ValidationFailed(
            _("Describe the violation."), code="violation_required", field="violation"
        )
    enforce(rules.violation_date_verdict(violated_on, opened_on))
    return _create_case(
        actor=actor,
        key=key,
        subject=subject,
        member=member,
        organization=home,
        opened_on=opened_on,
        opened_by=opened_by,
        violation=violation.strip(),
        violated_on=violated_on,
        offence=offence.strip(),
    )


def _posts_held(member: Member, on: date) -> list[CommitteePost]:
    """The committee posts the member holds at the end of ``on`` (linked to the member, or
    named by their key)."""
    return list(
        CommitteePost.objects.filter(Q(member=member) | Q(person_key=member.member_key))
        .filter(held_from__lte=on)
        .filter(Q(held_to__isnull=True) | Q(held_to__gt=on))
        .order_by("held_from", "id")
    )


def _end_posts(actor: Actor, member: Member, on: date) -> None:
    """Dismissal and expulsion end the member's committee posts that day (through the
    committees' service: its rules and audit row)."""
    for post in _posts_held(member, on):
        committee_post_end(actor=actor, assignment=post, held_to=on)


def _check_form(case: DisciplineCase, form: str, on: date, status: str | None) -> None:
    enforce(
        rules.form_verdict(
            form,
            rules.subject_class(case.subject, status),
            FORMS_BY_SUBJECT(on=on),
            FORMS_BY_SUBJECT.cited(on=on),
        ),
        rules.dismissal_verdict(
            form, len(_posts_held(case.member, on)) if case.member is not None else 1
        ),
        rules.violation_date_verdict(case.violated_on, on),
        rules.limitation_verdict(
            form,
            case.violated_on,
            on,
            LIMITATION_YEARS(on=on),
            LIMITATION_YEARS.cited(on=on),
        ),
    )
    if on < case.opened_on:
        raise ValidationFailed(
            _("The case was opened later than that date."), code="before_case", field="date"
        )


def _ensure_undecided(case: DisciplineCase) -> None:
    if DisciplineDecision.objects.filter(case=case).exists():
        raise ValidationFailed(_("This case is already decided."), code="already_decided")


@transaction.atomic
def case_propose(
    *,
    actor: Actor,
    case: DisciplineCase,
    form: str,
    proposed_on: date,
    votes_for: int | None = None,
    votes_against: int | None = None,
    members_convened: int | None = None,
    note: str = "",
) -> CaseProposal:
    """The member's cell (or the level the rulebook names) votes and proposes a form that a
    body above decides (dismissal, expulsion: ``competence.<form>``).

    Rules: a member case, not decided; the form allowed for the member that day, within the
    limitation period; then those of ``decisions.proposal_submit`` (the proposing body, the
    vote over the official members convened: more than half, two thirds for expulsion).
    Writes: Proposal (and its audit row), CaseProposal, AuditEvent(update).
    """
    case = DisciplineCase.objects.select_for_update().get(pk=case.pk)
    if case.member is None:
        raise ValidationFailed(
            _("An organization's discipline is decided by the body above without a proposal."),
            code="organization_no_proposal",
            field="form",
        )
    _ensure_undecided(case)
    refuse_future(proposed_on, "proposed_on")
    standing = _standing(case.member, proposed_on)
    _check_form(case, form, proposed_on, standing.status)
    proposal = proposal_submit(
        actor=actor,
        kind=form,
        member=case.member,
        proposed_on=proposed_on,
        votes_for=votes_for,
        votes_against=votes_against,
        members_convened=members_convened,
        data={"case": case.key},
        note=note or case.violation,
    )
    link = CaseProposal.objects.create(case=case, proposal=proposal, form=form)
    record(
        actor=actor,
        action=AuditAction.UPDATE,
        obj=case,
        after={"proposal": proposal.pk, "form": form},
        organization_path=case.organization.path,
        message=f"discipline proposal {form}",
    )
    return link


def _pending_proposal(case: DisciplineCase) -> Proposal | None:
    return (
        Proposal.objects.filter(discipline_case__case=case, ruling__isnull=True)
        .order_by("-id")
        .first()
    )


def _write_decision(
    *,
    actor: Actor,
    case: DisciplineCase,
    form: str,
    decided_on: date,
    deciding_organization: Organization,
    number: str,
    ruling: Ruling | None = None,
    member_event: MemberEvent | None = None,
) -> DisciplineDecision:
    user, name = recorded_by(actor)
    decision = DisciplineDecision.objects.create(
        case=case,
        form=form,
        decided_on=decided_on,
        deciding_organization=deciding_organization,
        number=number.strip(),
        ruling=ruling,
        member_event=member_event,
        actor=user,
        actor_name=name,
    )
    record(
        actor=actor,
        action=AuditAction.UPDATE,
        obj=case,
        before={"status": "open"},
        after={"status": "decided", "decision": snapshot(decision)},
        organization_path=case.organization.path,
        message=f"discipline {form}",
    )
    return decision


@transaction.atomic
def case_decide(
    *,
    actor: Actor,
    case: DisciplineCase,
    form: str,
    decision: Decision,
    outcome: str = Outcome.APPROVED,
    deciding_organization: Organization | None = None,
    votes_for: int | None = None,
    votes_against: int | None = None,
    members_convened: int | None = None,
    confirmed: bool = False,
) -> DisciplineDecision | None:
    """The competent body decides the case with its numbered decision.

    Member: when the case holds a proposal waiting, the competent body rules on it
    (``decisions.ruling_record``: only the body the rulebook names, four eyes, an expulsion
    confirmed; approval writes the ``expelled`` event and recovers the card); otherwise the
    body decides on its own with its vote (``decisions.decision_record``: reprimand and
    warning by the cell). A body that is not competent for the form is refused with the
    rule cited (``competence.<form>``). Organization: a body above it decides; dissolution
    dissolves it. Rejection records the ruling and leaves the case open (returns ``None``).
    Rules: not decided yet; the form allowed for the subject that day; within the limitation
    period; not before the case; dismissal only of a member holding a committee post that
    day. Dismissal and expulsion end the member's committee posts that day
    (``committees.services.committee_post_end``). Writes: Ruling/Proposal,
    DisciplineDecision, the effects, AuditEvent.
    """
    case = (
        DisciplineCase.objects.select_for_update(of=("self",))
        .select_related("member")
        .get(pk=case.pk)
    )
    _ensure_undecided(case)
    enforce(rules.decision_number_verdict(decision.number))
    if decision.date is None:
        raise ValidationFailed(_("The decision date is required."), code="date", field="date")
    on = decision.date
    refuse_future(on, "date")
    if case.member is None:
        return _decide_organization(actor, case, form, decision, on, deciding_organization)
    standing = _standing(case.member, on)
    _check_form(case, form, on, standing.status)
    pending = _pending_proposal(case)
    if pending is not None:
        if pending.kind != form:
            raise ValidationFailed(
                _("The proposal waiting in this case is for %(form)s.")
                % {"form": Form(pending.kind).label.lower()},
                code="form_not_proposed",
                field="form",
            )
        ruling = ruling_record(
            actor=actor, proposal=pending, outcome=outcome, decision=decision, confirmed=confirmed
        )
        if outcome != Outcome.APPROVED:
            return None
    else:
        home = Organization.objects.get(pk=standing.organization_id)
        require_competent(actor, form, home, on)
        ruling = decision_record(
            actor=actor,
            kind=form,
            member=case.member,
            decision=decision,
            votes_for=votes_for,
            votes_against=votes_against,
            members_convened=members_convened,
            data={"case": case.key},
            note=case.violation,
        )
    if form in (Form.DISMISSAL, Form.EXPULSION):
        _end_posts(actor, case.member, on)
    return _write_decision(
        actor=actor,
        case=case,
        form=form,
        decided_on=on,
        deciding_organization=ruling.organization,
        number=decision.number,
        ruling=ruling,
        member_event=ruling.member_event,
    )


def _decide_organization(
    actor: Actor,
    case: DisciplineCase,
    form: str,
    decision: Decision,
    on: date,
    deciding_organization: Organization | None,
) -> DisciplineDecision:
    subject = case.organization
    _check_form(case, form, on, None)
    above = organization_deciders(subject, on)
    if deciding_organization is None:
        raise ValidationFailed(
            _("Choose the deciding body."), code="decider_required", field="deciding_organization"
        )
    enforce(
        rules.deciding_body_verdict(
            deciding_organization.pk,
            above,
            Subject.ORGANIZATION,
            organization_name(deciding_organization, on),
        )
    )
    if not acts_for(actor, deciding_organization):
        raise PermissionDenied(
            _("Only %(body)s records this decision.")
            % {"body": organization_name(deciding_organization, on)}
        )
    written = _write_decision(
        actor=actor,
        case=case,
        form=form,
        decided_on=on,
        deciding_organization=deciding_organization,
        number=decision.number,
    )
    if form == Form.DISSOLUTION:
        from dangvien.organizations.services import organization_dissolve

        organization_dissolve(
            actor=actor,
            organization=subject,
            effective_on=on,
            decision=Decision(decision.number, on, organization_name(deciding_organization, on)),
            note=_("Dissolved by discipline (case %(key)s).") % {"key": case.key},
        )
    return written


@transaction.atomic
def discipline_record(
    *,
    actor: Actor,
    key: str,
    subject: str,
    form: str,
    decided_on: date,
    deciding_organization: Organization,
    number: str,
    member: Member | None = None,
    organization: Organization | None = None,
    violation: str = "",
    violated_on: date | None = None,
    expel: bool = False,
) -> DisciplineDecision:
    """Record a decision already taken (the bundle's discipline.csv, a past file): the case
    and its decision at once.

    Rules (``discipline.rules``, as the import checks them): not in the future; a member on
    the day (the day of their expulsion included) or an organization existing that day; the
    form allowed for the subject; within the limitation period when the violation is dated;
    the deciding body is the member's organization or a body above it (for an organization,
    a body above it; an organization dissolved that day is read as it stood when the day
    began); the actor may change the discipline files of the subject's organization or import
    bundles there (the staff); a decision number; an expulsion matches the
    member's ``expelled`` event of the same date — or, with ``expel``, writes it through
    ``member_expel``. Writes: DisciplineCase, DisciplineDecision, AuditEvent(s).
    """
    refuse_future(decided_on, "decided_on")
    # an organization dissolved (or merged) by the decision ends that day: it, and the body
    # that decided, are read as they stood when the day began
    tree_day = decided_on
    if subject == Subject.ORGANIZATION and organization is not None:
        tree_day = standing_day(organization, decided_on)
    home, status = _subject_home(subject, member, organization, tree_day)
    if subject == Subject.ORGANIZATION:
        chain = organization_deciders(home, decided_on)
    else:
        chain = chain_ids(home, tree_day)
    decider_state = existing_state(
        deciding_organization,
        standing_day(deciding_organization, tree_day),
        field="decided_by_code",
    )
    event: MemberEvent | None = None
    expelled = member is not None and expelled_on(member.pk, decided_on)
    enforce(
        rules.form_verdict(
            form,
            rules.subject_class(subject, status),
            FORMS_BY_SUBJECT(on=decided_on),
            FORMS_BY_SUBJECT.cited(on=decided_on),
        ),
        rules.violation_date_verdict(violated_on, decided_on),
        rules.limitation_verdict(
            form,
            violated_on,
            decided_on,
            LIMITATION_YEARS(on=decided_on),
            LIMITATION_YEARS.cited(on=decided_on),
        ),
        rules.deciding_body_verdict(deciding_organization.pk, chain, subject, decider_state.name),
        rules.decision_number_verdict(number),
        None if expel else rules.expulsion_event_verdict(form, expelled),
    )
    # a past decision from a bundle: the discipline files' writers, or the staff importing it
    if not can(actor, InterchangePermission.IMPORT, home):
        require(actor, DisciplinePermission.CHANGE, home)
    case = _create_case(
        actor=actor,
        key=key,
        subject=subject,
        member=member,
        organization=home,
        opened_on=decided_on,
        opened_by=None,
        violation=violation,
        violated_on=violated_on,
        offence="",
    )
    if member is not None and form == Form.EXPULSION:
        from dangvien.members.choices import MemberEventType

        event = (
            MemberEvent.objects.filter(
                member=member, type=MemberEventType.EXPELLED, effective_on=decided_on
            )
            .order_by("-id")
            .first()
        )
        if event is None:
            event = member_expel(
                actor=actor,
                member=member,
                effective_on=decided_on,
                decision=Decision(number.strip(), decided_on, decider_state.name),
                note=violation,
            )
    return _write_decision(
        actor=actor,
        case=case,
        form=form,
        decided_on=decided_on,
        deciding_organization=deciding_organization,
        number=number,
        member_event=event,
    )


def case_file_read(*, actor: Actor, case: DisciplineCase) -> DisciplineCase:
    """A read of a case file (sensitive): one audit row of kind ``read``."""
    record(
        actor=actor,
        action=READ,
        obj=case,
        organization_path=case.organization.path,
        message=f"read discipline case {case.key}",
    )
    return case


def case_files_listed(*, actor: Actor, cases: list[DisciplineCase], where: str) -> None:
    """A list of case files shown (a member's panel): one audit row naming them."""
    if not cases:
        return
    record(
        actor=actor,
        action=READ,
        obj=cases[0],
        organization_path=cases[0].organization.path,
        message=f"read discipline cases {where}: " + ", ".join(c.key for c in cases)[:400],
    )


def refuse_exit_with_open_case(member: Member, event_type: str, on: date) -> None:
    """A member against whom a discipline case is open can neither leave the party nor be
    removed from the list until it is decided ("nếu vi phạm tư cách đảng viên thì phải xử lý
    kỷ luật về Đảng, sau đó mới xét cho ra khỏi Đảng"; domain rules §2.12). Registered in
    ``members.services.event_guards``."""
    from dangvien.members.choices import MemberEventType

    if event_type not in (MemberEventType.REMOVED, MemberEventType.RESIGNED):
        return
    open_case = (
        DisciplineCase.objects.filter(member=member, decision__isnull=True, opened_on__lte=on)
        .order_by("opened_on")
        .first()
    )
    if open_case is not None:
        raise ValidationFailed(
            _(
                "The discipline case %(key)s is open against this member: they can neither "
                "leave the party nor be removed from the list until it is decided."
            )
            % {"key": open_case.key},
            code="discipline_case_open",
            field="kind",
        )


@transaction.atomic
def appeal_lodge(
    *,
    actor: Actor,
    decision: DisciplineDecision,
    received_on: date,
    lodged_on: date,
    appealed_to: Organization,
    grounds: str = "",
) -> DisciplineAppeal:
    """The member or organization disciplined appeals to a body above the one that decided.

    Rules: not in the future; received not before the decision; lodged within
    ``discipline.appeal_months`` of the receipt (Điều lệ Điều 39.7); the body is above the
    deciding body on the day; one appeal per decision; the actor may change the case's files.
    The decision stays in force meanwhile. Writes: DisciplineAppeal, AuditEvent(create).
    """
    decision = DisciplineDecision.objects.select_for_update().get(pk=decision.pk)
    case = decision.case
    require(actor, DisciplinePermission.CHANGE, case.organization)
    refuse_future(lodged_on, "lodged_on")
    if received_on < decision.decided_on:
        raise ValidationFailed(
            _("The decision cannot be received before it was taken."),
            code="received_before_decision",
            field="received_on",
        )
    if DisciplineAppeal.objects.filter(decision=decision).exists():
        raise ValidationFailed(
            _("This decision was already appealed."), code="already_appealed", field="lodged_on"
        )
    enforce(
        rules.appeal_deadline_verdict(
            received_on,
            lodged_on,
            APPEAL_MONTHS(on=lodged_on),
            APPEAL_MONTHS.cited(on=lodged_on),
        ),
        rules.appeal_body_verdict(
            appealed_to.pk,
            bodies_above(decision, lodged_on),
            organization_name(appealed_to, lodged_on),
        ),
    )
    user, name = recorded_by(actor)
    appeal = DisciplineAppeal.objects.create(
        decision=decision,
        received_on=received_on,
        lodged_on=lodged_on,
        appealed_to=appealed_to,
        grounds=grounds.strip(),
        actor=user,
        actor_name=name,
    )
    record(
        actor=actor,
        action=AuditAction.CREATE,
        obj=appeal,
        after=snapshot(appeal),
        organization_path=case.organization.path,
        message=f"discipline appeal {case.key}",
    )
    return appeal


@transaction.atomic
def appeal_decide(
    *,
    actor: Actor,
    appeal: DisciplineAppeal,
    outcome: str,
    decision: Decision,
    new_form: str = "",
) -> AppealRuling:
    """The body the appeal was lodged with settles it: upholds the decision, changes the form
    (one the subject may receive) or annuls it; the effects follow in this transaction
    (``_appeal_effects``).

    Rules: not settled yet; the actor acts for that body; a decision number and date, not in
    the future nor before the appeal. The original decision stays as it was (history); the
    form in force is the ruling's (``form_in_force``). Writes: AppealRuling, the effects
    (MemberEvent through the members' services, CommitteePost), AuditEvent(update).
    """
    appeal = DisciplineAppeal.objects.select_for_update().get(pk=appeal.pk)
    if AppealRuling.objects.filter(appeal=appeal).exists():
        raise ValidationFailed(_("This appeal is already settled."), code="already_settled")
    if not acts_for(actor, appeal.appealed_to):
        raise PermissionDenied(
            _("Only %(body)s settles this appeal.")
            % {"body": organization_name(appeal.appealed_to, appeal.lodged_on)}
        )
    if outcome not in AppealOutcome.values:
        raise ValidationFailed(_("Unknown outcome."), code="outcome", field="outcome")
    enforce(rules.decision_number_verdict(decision.number))
    if decision.date is None:
        raise ValidationFailed(_("The decision date is required."), code="date", field="date")
    refuse_future(decision.date, "date")
    if decision.date < appeal.lodged_on:
        raise ValidationFailed(
            _("The settlement cannot precede the appeal."), code="before_appeal", field="date"
        )
    case = appeal.decision.case
    if outcome == AppealOutcome.CHANGED:
        status = None
        if case.member is not None:
            standing = standing_on(case.member, appeal.decision.decided_on)
            status = standing.status if standing else None
        enforce(
            rules.form_verdict(
                new_form,
                rules.subject_class(case.subject, status),
                FORMS_BY_SUBJECT(on=decision.date),
            )
        )
    else:
        new_form = ""
    user, name = recorded_by(actor)
    ruling = AppealRuling.objects.create(
        appeal=appeal,
        outcome=outcome,
        new_form=new_form,
        decided_on=decision.date,
        number=decision.number.strip(),
        actor=user,
        actor_name=name,
    )
    record(
        actor=actor,
        action=AuditAction.UPDATE,
        obj=appeal,
        before={"status": "lodged"},
        after={"status": outcome, "ruling": snapshot(ruling)},
        organization_path=case.organization.path,
        message=f"discipline appeal {outcome}",
    )
    _appeal_effects(actor, appeal.decision, ruling)
    return ruling


def _appeal_effects(actor: Actor, decision: DisciplineDecision, ruling: AppealRuling) -> None:
    """Reverse or adjust the effects of ``decision`` to the form the settlement leaves, through
    the services that own them (same transaction).

    - An expulsion annulled or changed to a lighter form: the ``expelled`` ledger entry is
      cancelled by ``members.services.member_event_void`` (a dated ``voided`` entry citing the
      settlement): membership continues as if it had never ended (the decision was void, so
      the party age is not interrupted). The card recovered is not handed back here: the
      card register records its return (``members`` card service, decided by the committee
      above the grassroots, §2.8).
    - A form changed to expulsion: ``member_expel`` on the settlement's date, with its number.
    - A form changed to dismissal or expulsion: the member's committee posts end that day.
    - A dismissal (or the posts ended by an expulsion) annulled or lightened: the posts are
      **not** restored. A committee post is held by election or appointment; the rules read
      (Điều lệ Điều 36, Quy định 296-QĐ/TW) name no automatic reinstatement and the seat may
      have been filled; the body that elects or appoints records it again
      (``committees.services.committee_post_assign``) if it so decides.
    - A dissolution annulled: the organization is not re-established here (a decision of the
      organizations' services).
    """
    case = decision.case
    member = case.member
    if member is None:
        return
    before, after = decision.form, form_in_force(decision)
    on = ruling.decided_on
    if before == Form.EXPULSION and after != Form.EXPULSION:
        from dangvien.members.choices import MemberEventType
        from dangvien.members.services import member_event_void

        event = decision.member_event or (
            MemberEvent.objects.filter(
                member=member, type=MemberEventType.EXPELLED, effective_on=decision.decided_on
            )
            .order_by("-id")
            .first()
        )
        if event is not None:
            member_event_void(
                actor=actor,
                event=event,
                note=_(
                    "Expulsion %(number)s annulled by the settlement of the appeal %(ruling)s "
                    "of %(date)s."
                )
                % {"number": decision.number, "ruling": ruling.number, "date": vn_date(on)},
            )
    if after == Form.EXPULSION and before != Form.EXPULSION:
        member_expel(
            actor=actor,
            member=member,
            effective_on=on,
            decision=Decision(ruling.number, on, organization_name(ruling.appeal.appealed_to, on)),
            note=case.violation,
        )
    if after in (Form.DISMISSAL, Form.EXPULSION) and before not in (
        Form.DISMISSAL,
        Form.EXPULSION,
    ):
        _end_posts(actor, member, on)


@transaction.atomic
def state_notice_record(
    *,
    actor: Actor,
    member: Member,
    state_body: str,
    measure: str,
    state_decision: Decision,
    received_on: date,
) -> StateNotice:
    """A state body's notice that it suspended or disciplined a member, received by the
    member's party organization; its due date is ``discipline.state_notice_days`` after the
    state decision (Quy định 296-QĐ/TW), a later notice is kept and shown late.

    Rules: not in the future; received not before the state decision; the person was a member
    on that date; the actor may change the discipline files of their organization. Writes:
    StateNotice, AuditEvent(create).
    """
    refuse_future(received_on, "received_on")
    if state_decision.date is None or not state_decision.number.strip():
        raise ValidationFailed(
            _("The state decision's number and date are required."),
            code="decision_required",
            field="state_decision_number",
        )
    if not state_body.strip() or not measure.strip():
        raise ValidationFailed(
            _("Name the state body and the measure it took."), code="state_body", field="state_body"
        )
    if received_on < state_decision.date:
        raise ValidationFailed(
            _("The notice cannot be received before the state decision."),
            code="received_before_decision",
            field="received_on",
        )
    standing = _standing(member, state_decision.date)
    home = Organization.objects.get(pk=standing.organization_id)
    require(actor, DisciplinePermission.CHANGE, home)
    due = state_decision.date + timedelta(days=STATE_NOTICE_DAYS(on=state_decision.date))
    user, name = recorded_by(actor)
    notice = StateNotice.objects.create(
        member=member,
        organization=home,
        state_body=state_body.strip(),
        measure=measure.strip(),
        state_decision_number=state_decision.number.strip(),
        state_decided_on=state_decision.date,
        received_on=received_on,
        due_on=due,
        actor=user,
        actor_name=name,
    )
    record(
        actor=actor,
        action=AuditAction.CREATE,
        obj=notice,
        after=snapshot(notice),
        organization_path=home.path,
        message="state notice",
    )
    return notice
