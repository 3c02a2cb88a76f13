"""Reads of discipline files, scoped to what the actor may see (sensitive: ``discipline.view``
is granted to the inspection commission and the cell secretary, not to the staff nor the
viewers; see ``readable_q``); the counts the staff see; the standing of a member on a day that
the rules need."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

from django.db.models import Count, Q, QuerySet
from django.http import Http404
from django.utils.translation import gettext as _

from dangvien.accounts.scoping import scope_q
from dangvien.accounts.types import Actor
from dangvien.competence.selectors import acting_organizations, organization_chain
from dangvien.discipline.choices import Form
from dangvien.discipline.models import DisciplineCase, DisciplineDecision, StateNotice
from dangvien.discipline.permissions import DisciplinePermission
from dangvien.discipline.rule_keys import FORMS_BY_SUBJECT
from dangvien.discipline.rules import subject_class
from dangvien.members.models import Member, MemberPeriod
from dangvien.organizations.models import Organization
from dangvien.organizations.selectors import organization_names
from dangvien.rules.selectors import RuleMissing


@dataclass(frozen=True)
class Standing:
    """A member's official organization and status on a day (on the day of an exit, the
    organization they were leaving)."""

    organization_id: int
    status: str


def standing_on(member: Member, on: date) -> Standing | None:
    periods = list(
        MemberPeriod.objects.filter(member=member, valid_from__lte=on)
        .filter(Q(valid_to__isnull=True) | Q(valid_to__gte=on))
        .values_list("organization_id", "status", "valid_from", "valid_to")
    )
    covering = [p for p in periods if p[3] is None or p[3] > on]
    ending = [p for p in periods if p[3] == on]
    chosen = covering or ending
    if not chosen:
        return None
    organization_id, status, _from, _to = max(chosen, key=lambda p: p[2])
    return Standing(organization_id, status)


def chain_ids(organization: Organization, on: date) -> list[int]:
    """The organizations from the root down to ``organization`` on ``on``."""
    return [link.organization_id for link in organization_chain(organization, on)]


def standing_day(organization: Organization, on: date) -> date:
    """``on``, or the day before when the organization ended on ``on`` (a decision taken on
    the day it ended still concerns it)."""
    if organization.dissolved_on == on:
        return on - timedelta(days=1)
    return on


def bodies_above(decision: DisciplineDecision, on: date) -> list[int]:
    """The bodies above the one that took ``decision``, on ``on`` (its chain that day without
    itself; a body that ended on ``on`` read as it stood when the day began), the root first:
    where an appeal lodged on ``on`` may go. ``services.appeal_lodge`` checks the body against
    it and the appeal form offers it (``appeal_bodies``), so both read the same day."""
    deciding = decision.deciding_organization
    return chain_ids(deciding, standing_day(deciding, on))[:-1]


def appeal_bodies(decision: DisciplineDecision, on: date) -> list[tuple[str, str]]:
    """The ``bodies_above`` the decision for an appeal lodged on ``on``, the nearest first:
    (code, name) choices of the appeal form."""
    return _body_choices(bodies_above(decision, on))


def organization_deciders(organization: Organization, on: date) -> list[int]:
    """The bodies that may decide the discipline of ``organization`` on ``on``: those above it
    that day (its chain without itself; an organization that ended on ``on`` read as it stood
    when the day began), the root first. ``services.case_decide`` and
    ``services.discipline_record`` check the deciding body against it and the decision form
    offers it (``decider_choices``), so all read the same day."""
    return chain_ids(organization, standing_day(organization, on))[:-1]


def decider_choices(organization: Organization, on: date) -> list[tuple[str, str]]:
    """The ``organization_deciders`` of ``organization`` for a decision taken on ``on``, the
    nearest first: (code, name) choices of the decision form."""
    return _body_choices(organization_deciders(organization, on))


def _body_choices(ids: list[int]) -> list[tuple[str, str]]:
    """(code, name) choices of the bodies ``ids`` (the root first), the nearest first."""
    names = organization_names(ids)
    codes = dict(Organization.objects.filter(pk__in=ids).values_list("pk", "code"))
    return [(codes[pk], names.get(pk, codes[pk])) for pk in reversed(ids)]


def _deciding_bodies(actor: Actor | None) -> list[Organization]:
    """The organizations whose body the actor records decisions for today (their own roles;
    none for the anonymous, every one is implied for a system administrator)."""
    if actor is None or not actor.is_authenticated or not actor.is_active or actor.is_superuser:
        return []
    return acting_organizations(actor)


def readable_q(actor: Actor | None) -> Q:
    """The case files ``actor`` may read: those of the subtrees where they hold
    ``discipline.view`` (the inspection commission, a cell secretary), and the cases addressed
    to a body they act for: the competent body of a proposal or of the decision, the body an
    appeal was lodged with, and for an organization disciplined the bodies above it (which
    decide its discipline). The organization staff read no other file (they see counts)."""
    query = scope_q(actor, DisciplinePermission.VIEW)
    bodies = _deciding_bodies(actor)
    if not bodies:
        return query
    ids = [body.pk for body in bodies]
    addressed = DisciplineCase.objects.filter(
        Q(proposals__proposal__deciding_organization_id__in=ids)
        | Q(decision__deciding_organization_id__in=ids)
        | Q(decision__appeal__appealed_to_id__in=ids)
    ).values("pk")
    query |= Q(pk__in=addressed)
    for body in bodies:
        query |= Q(subject="organization", organization__path__startswith=body.path) & ~Q(
            organization__path=body.path
        )
    return query


def may_read(actor: Actor | None, case: DisciplineCase) -> bool:
    return DisciplineCase.objects.filter(readable_q(actor), pk=case.pk).exists()


def _cases(actor: Actor | None) -> QuerySet[DisciplineCase]:
    return (
        DisciplineCase.objects.filter(readable_q(actor))
        .select_related("member", "organization", "opened_by", "decision")
        .select_related("decision__deciding_organization")
    )


def case_list(*, actor: Actor | None, organization: Organization) -> QuerySet[DisciplineCase]:
    """The cases of ``organization``'s subtree (by its access path) the actor may read, newest
    first."""
    return (
        _cases(actor)
        .filter(organization__path__startswith=organization.path)
        .order_by("-opened_on", "-id")
    )


def case_get(*, actor: Actor | None, pk: int) -> DisciplineCase:
    case = _cases(actor).filter(pk=pk).first()
    if case is None:
        raise Http404("case")
    return case


def cases_of_member(*, actor: Actor | None, member: Member) -> QuerySet[DisciplineCase]:
    return _cases(actor).filter(member=member).order_by("-opened_on", "-id")


def own_decisions(member: Member) -> QuerySet[DisciplineDecision]:
    """The decisions about the member themself (the portal: a member sees their own)."""
    return (
        DisciplineDecision.objects.filter(case__member=member)
        .select_related("deciding_organization", "case")
        .order_by("-decided_on")
    )


def expelled_on(member_id: int, on: date) -> bool:
    from dangvien.members.choices import MemberEventType
    from dangvien.members.models import MemberEvent

    return MemberEvent.objects.filter(
        member_id=member_id, type=MemberEventType.EXPELLED, effective_on=on
    ).exists()


def cases_in_scope(*, actor: Actor | None) -> QuerySet[DisciplineCase]:
    """Every case the actor may read, newest first."""
    return _cases(actor).order_by("-opened_on", "-id")


def named(cases: list[DisciplineCase]) -> list[DisciplineCase]:
    """Set ``organization_name`` and ``decider_name`` on each case for its page."""
    ids = {case.organization_id for case in cases}
    ids.update(case.opened_by_id for case in cases if case.opened_by_id is not None)
    ids.update(case.decision.deciding_organization_id for case in cases if _decided(case))
    names = organization_names(ids)
    for case in cases:
        case.decided = _decided(case)  # type: ignore[attr-defined]
        case.organization_name = names.get(case.organization_id, "")  # type: ignore[attr-defined]
        case.opened_by_name = names.get(case.opened_by_id or 0, "")  # type: ignore[attr-defined]
        case.decider_name = (  # type: ignore[attr-defined]
            names.get(case.decision.deciding_organization_id, "") if _decided(case) else ""
        )
    return cases


def _decided(case: DisciplineCase) -> bool:
    return hasattr(case, "decision")


def notices_of(*, actor: Actor | None, organization: Organization) -> QuerySet[StateNotice]:
    """The state bodies' notices about members of ``organization``'s subtree, newest first."""
    return (
        StateNotice.objects.for_actor(actor, DisciplinePermission.VIEW)
        .filter(organization__path__startswith=organization.path)
        .select_related("member")
        .order_by("-received_on", "-id")
    )


def form_in_force(decision: DisciplineDecision) -> str:
    """The form a decision holds after its appeal: its own, the one the settlement changed it
    to, or ``""`` when annulled."""
    from dangvien.discipline.models import AppealOutcome, AppealRuling

    ruling = AppealRuling.objects.filter(appeal__decision=decision).first()
    if ruling is None or ruling.outcome == AppealOutcome.UPHELD:
        return decision.form
    return ruling.new_form if ruling.outcome == AppealOutcome.CHANGED else ""


def forms_in_year(member: Member, year: int) -> list[str]:
    """The forms of discipline decided about ``member`` in ``year`` and still in force (an
    annulled decision is not, a changed one holds its new form), oldest first: what the
    annual assessment of that year reads (a member disciplined in the year does not reach the
    higher levels)."""
    decisions = DisciplineDecision.objects.filter(
        case__member=member, decided_on__year=year
    ).order_by("decided_on", "id")
    return [form for form in (form_in_force(d) for d in decisions) if form]


def case_counts(organization: Organization) -> list[tuple[str, int]]:
    """How many cases of ``organization``'s subtree are open and how many were decided, by
    form: what the staff without the files see (no name, no case)."""
    cases = DisciplineCase.objects.filter(organization__path__startswith=organization.path)
    rows: list[tuple[str, int]] = [
        (str(_("Cases without a decision")), cases.filter(decision__isnull=True).count())
    ]
    decided = dict(
        DisciplineDecision.objects.filter(case__in=cases)
        .values_list("form")
        .annotate(n=Count("id"))
        .values_list("form", "n")
    )
    rows += [(str(form.label), decided.get(form.value, 0)) for form in Form]
    return rows


def visible_proposals_q(actor: Actor) -> Q:
    """The proposals ``actor`` may see as far as discipline goes (registered in
    ``decisions.selectors.proposal_visibility``): any proposal of another kind; a disciplinary
    one only with ``discipline.view`` on the proposing organization or acting for the body it is
    addressed to."""
    if actor.is_superuser:
        return Q()
    return (
        ~Q(kind__in=Form.values)
        | scope_q(actor, DisciplinePermission.VIEW, "proposing_organization")
        | Q(deciding_organization__in=acting_organizations(actor))
    )


def visible_audit_q(actor: Actor) -> Q:
    """The audit rows ``actor`` may read as far as discipline goes (registered in
    ``audit.selectors.audit_visibility``): any row about another kind of object or about none;
    one about a discipline record (a case, its decision, an appeal, a programme …) or a
    disciplinary proposal only in the subtrees where the actor holds ``discipline.view`` (the
    inspection commission, a cell secretary). The organization staff, who see the counts and
    not the files, do not read them in the log either; a body a case is addressed to reads the
    case file itself, not its trail in the log, and reads the proposals addressed to it as
    their pages show them (``visible_proposals_q``)."""
    from django.contrib.contenttypes.models import ContentType
    from django.db.models import CharField
    from django.db.models.functions import Cast

    from dangvien.audit.models import audit_scope_q
    from dangvien.decisions.models import Proposal

    if actor.is_superuser:
        return Q()
    disciplinary_proposals = (
        Proposal.objects.filter(kind__in=Form.values)
        .annotate(key=Cast("pk", output_field=CharField()))
        .values("key")
    )
    proposal_type = ContentType.objects.get_for_model(Proposal)
    about_discipline = Q(
        object_type__in=ContentType.objects.filter(app_label="discipline").values("pk")
    ) | Q(
        object_type=proposal_type,
        object_id__in=disciplinary_proposals,
    )
    # a proposal addressed to a body the actor acts for: read as its page reads it
    addressed = Q(
        object_type=proposal_type,
        object_id__in=disciplinary_proposals.filter(
            deciding_organization__in=acting_organizations(actor)
        ),
    )
    return ~about_discipline | audit_scope_q(actor, DisciplinePermission.VIEW) | addressed


def forms_offered(case: DisciplineCase, on: date) -> list[str]:
    """The forms a decision of ``case`` may take on ``on`` (``discipline.forms_by_subject``, the
    rule the service checks): an organization's, or a member's, official or probationary (the
    service then refuses a probationary member's expulsion, citing the rule), in the order of
    ``Form``; every form on a day before the rulebook's first text."""
    try:
        allowed = FORMS_BY_SUBJECT(on=on)
    except RuleMissing:
        return list(Form.values)
    classes = {subject_class(case.subject, status) for status in ("official", "probationary")}
    wanted = {form for klass in classes for form in allowed.get(klass, ())}
    return [form for form in Form.values if form in wanted]
