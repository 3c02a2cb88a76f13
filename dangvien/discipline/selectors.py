"""Reads of discipline files, scoped to what the actor may see (sensitive: ``discipline.view``
is not granted to viewers); the standing of a member on a day that the rules need."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from django.db.models import Q, QuerySet
from django.http import Http404

from dangvien.accounts.types import Actor
from dangvien.competence.selectors import organization_chain
from dangvien.discipline.models import DisciplineCase, DisciplineDecision, StateNotice
from dangvien.discipline.permissions import DisciplinePermission
from dangvien.members.models import Member, MemberPeriod
from dangvien.organizations.models import Organization


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


def _cases(actor: Actor | None) -> QuerySet[DisciplineCase]:
    return (
        DisciplineCase.objects.for_actor(actor, DisciplinePermission.VIEW)
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


def organization_names(ids: set[int]) -> dict[int, str]:
    """The name of each organization in its latest state (names, not codes, on the pages)."""
    from dangvien.organizations.models import OrganizationVersion

    names: dict[int, str] = {}
    for organization_id, name in (
        OrganizationVersion.objects.filter(organization_id__in=ids)
        .order_by("organization_id", "valid_from")
        .values_list("organization_id", "name")
    ):
        names[organization_id] = name
    return names


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


def forms_in_year(member: Member, year: int) -> list[str]:
    """The forms of discipline decided about ``member`` in ``year``, oldest first: what the
    annual assessment of that year reads (a member disciplined in the year does not reach the
    higher levels)."""
    return list(
        DisciplineDecision.objects.filter(case__member=member, decided_on__year=year)
        .order_by("decided_on", "id")
        .values_list("form", flat=True)
    )
