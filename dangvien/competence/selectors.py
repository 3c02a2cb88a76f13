"""Who is competent for what: the bodies that propose and decide a kind about a member of an
organization on a day, whether a user acts for a body, and authorisations."""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date

from django.core.exceptions import PermissionDenied
from django.db.models import Q, QuerySet
from django.utils.translation import gettext as _

from dangvien.accounts.models import RoleAssignment
from dangvien.accounts.roles import roles_allowing
from dangvien.accounts.scoping import held_roles, scope_q
from dangvien.accounts.types import Actor
from dangvien.competence.models import Authorisation
from dangvien.competence.permissions import CompetencePermission
from dangvien.competence.rule_keys import COMPETENCE
from dangvien.competence.rules import Competence, Link, body_at_level, deciding_body
from dangvien.core.dates import today
from dangvien.core.memo import memoized, remember_each
from dangvien.core.workdays import add_working_days
from dangvien.organizations.models import Organization, OrganizationVersion
from dangvien.organizations.selectors import (
    organization_ancestors,
    organization_state,
    organizations_by_id,
)
from dangvien.rules.keys import declared


def competence(kind: str, on: date) -> Competence:
    """The competence rule of ``kind`` in force on ``on``."""
    return COMPETENCE[kind](on=on)


def organization_chain(organization: Organization, on: date) -> list[Link]:
    """The organizations from the root down to ``organization`` on ``on`` (empty if it did not
    exist that day). Read once per organization and day in a read-only request."""
    return list(
        memoized(("organization_chain", organization.pk, on), lambda: _chain(organization, on))
    )


def _chain(organization: Organization, on: date) -> tuple[Link, ...]:
    state = organization_state(organization, on=on)
    if state is None:
        return ()
    ancestors = organization_ancestors(organization, on=on)
    # the bodies that decide are mostly of the chain: read with it, not asked for again
    remember_each(
        "organization",
        {a.organization_id: a.organization for a in ancestors} | {organization.pk: organization},
    )
    chain = [Link(a.organization_id, a.kind) for a in ancestors]
    return (*chain, Link(organization.pk, state.kind))


def authorised_organizations(kind: str, on: date, ids: list[int]) -> frozenset[int]:
    """Which of ``ids`` hold an authorisation for ``kind`` in force on ``on``."""
    held = memoized(
        ("authorisations", on, tuple(ids)),  # every kind at once: a page asks about several
        lambda: list(
            Authorisation.objects.filter(organization_id__in=ids, valid_from__lte=on)
            .filter(Q(valid_to__isnull=True) | Q(valid_to__gte=on))
            .values_list("kind", "organization_id")
        ),
    )
    return frozenset(organization_id for held_kind, organization_id in held if held_kind == kind)


@dataclass(frozen=True)
class Bodies:
    """The proposing and deciding bodies of a decision about a member of ``organization``."""

    competence: Competence
    proposer: Organization | None
    decider: Organization | None


def bodies_for(
    kind: str, organization: Organization, on: date, *, target: Organization | None = None
) -> Bodies:
    """The proposing and deciding bodies of ``kind`` for a member of ``organization`` on
    ``on`` (``target``: the other organization the decision concerns, e.g. a transfer's
    destination)."""
    rule = competence(kind, on)
    chain = organization_chain(organization, on)
    ids = [link.organization_id for link in chain]
    target_chain = organization_chain(target, on) if target is not None else None
    decider_id = deciding_body(
        rule, chain, authorised_organizations(rule.authorisation_kind, on, ids), target_chain
    )
    proposer_id = body_at_level(rule.proposer, chain) if rule.proposer else decider_id
    found = organizations_by_id([decider_id, proposer_id])
    return Bodies(
        rule,
        found.get(proposer_id) if proposer_id is not None else None,
        found.get(decider_id) if decider_id is not None else None,
    )


def may_decide(actor: Actor | None, kind: str, organization: Organization, on: date) -> bool:
    """Whether ``actor`` acts for a body that may decide ``kind`` about a member of
    ``organization`` on ``on``, whatever the other organization it concerns (for a transfer:
    the body of a transfer inside, or of one out of the subtree) — to offer the action; the
    service decides with the destination known."""
    rule = competence(kind, on)
    chain = organization_chain(organization, on)
    ids = [link.organization_id for link in chain]
    candidates = {
        deciding_body(rule, chain, authorised_organizations(rule.authorisation_kind, on, ids))
    }
    if rule.decider_outside:
        candidates.add(body_at_level(rule.decider_outside, chain))
    found = organizations_by_id(candidates)
    if not found:
        return bool(actor is not None and actor.is_authenticated and actor.is_superuser)
    return any(acts_for(actor, body) for body in found.values())


def acts_for(actor: Actor | None, organization: Organization, on: date | None = None) -> bool:
    """Whether ``actor`` may record decisions of ``organization``'s body: a system administrator,
    or a user holding, on that organization itself (not an ancestor: a decision is an act of
    that body), a role that allows deciding, on ``on`` (default today)."""
    if actor is None or not actor.is_authenticated or not actor.is_active:
        return False
    if actor.is_superuser:
        return True
    day = on or today()
    if day == today():
        allowed = set(roles_allowing(CompetencePermission.DECIDE))
        return any(
            role in allowed and pk == organization.pk for role, _path, pk in held_roles(actor)
        )
    return (
        RoleAssignment.objects.filter(
            user_id=actor.pk,
            organization=organization,
            role__in=roles_allowing(CompetencePermission.DECIDE),
            valid_from__lte=day,
        )
        .filter(Q(valid_to__isnull=True) | Q(valid_to__gte=day))
        .exists()
    )


def due_date(rule: Competence, proposed_on: date) -> date | None:
    """The day by which the deciding body must decide (working days from the proposal)."""
    if rule.deadline_rule is None:
        return None
    days = declared[rule.deadline_rule](on=proposed_on)
    return add_working_days(proposed_on, int(days))


def organization_name(organization: Organization, on: date) -> str:
    state = OrganizationVersion.objects.at(on).filter(organization=organization).first()
    return state.name if state else organization.code


def acting_organizations(actor: Actor) -> list[Organization]:
    """The organizations whose body the actor may record decisions for (their own roles)."""
    if not actor.is_authenticated:
        return []
    day = today()

    def read() -> tuple[Organization, ...]:
        held = (
            RoleAssignment.objects.filter(
                user_id=actor.pk,
                role__in=roles_allowing(CompetencePermission.DECIDE),
                valid_from__lte=day,
            )
            .filter(Q(valid_to__isnull=True) | Q(valid_to__gte=day))
            .values("organization_id")
        )
        return tuple(Organization.objects.filter(pk__in=held))

    # a page's panels each narrow what they show by it (proposals, discipline cases)
    return list(memoized(("acting_organizations", actor.pk, day), read))


def authorisations_of(*, actor: Actor, organization: Organization) -> QuerySet[Authorisation]:
    return Authorisation.objects.filter(
        scope_q(actor, CompetencePermission.VIEW), organization=organization
    ).order_by("-valid_from")


def require_competent(
    actor: Actor | None,
    kind: str,
    organization: Organization,
    on: date,
    *,
    target: Organization | None = None,
) -> None:
    """``PermissionDenied`` naming the competent body unless ``actor`` acts for the body that
    decides ``kind`` about a member of ``organization`` on ``on``."""
    bodies = bodies_for(kind, organization, on, target=target)
    if bodies.decider is not None and acts_for(actor, bodies.decider):
        return
    if bodies.decider is None:
        # the tree has no body at that level here (a record of an incomplete tree): only a
        # system administrator may record it
        if actor is not None and actor.is_authenticated and actor.is_superuser:
            return
        raise PermissionDenied(
            _("No body competent for this is found above the organization (%(source)s).")
            % {"source": competence_source(kind, on)}
        )
    raise not_competent(bodies.decider, kind, on)


def competence_source(kind: str, on: date) -> str:
    """The competence rule of ``kind`` on ``on`` as a person reads it cited: its source in the
    rulebook (Điều lệ, Quy định …), not its key."""
    return COMPETENCE[kind].cited(on=on)


#: A semicolon between two citations of a source, not one inside a parenthesis.
_CITATIONS = re.compile(r";\s*(?![^()]*\))")


def competence_sources(kinds: Iterable[str], on: date) -> str:
    """The competence rules of ``kinds`` on ``on`` cited together (a help that names who
    proposes and who decides several kinds): the citations of their sources in order, each
    once although several rules cite it ("Quy định 69-QĐ/TW Điều 15")."""
    citations = (
        citation.strip()
        for kind in kinds
        for citation in _CITATIONS.split(competence_source(kind, on))
    )
    return "; ".join(dict.fromkeys(citation for citation in citations if citation))


def not_competent(decider: Organization, kind: str, on: date) -> PermissionDenied:
    """The refusal of a user who does not act for ``decider``, the body that decides ``kind``
    on ``on``, naming it and citing the rule."""
    return PermissionDenied(
        _("Only %(body)s decides this (%(source)s).")
        % {"body": organization_name(decider, on), "source": competence_source(kind, on)}
    )
