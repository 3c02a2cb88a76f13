"""What happens to members when their organization is merged, split or dissolved (hooks
registered with the organizations app, not signals)."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from typing import Any

from django.db.models import Q
from django.utils.translation import gettext as _

from dangvien.accounts.types import Actor
from dangvien.core.exceptions import ValidationFailed
from dangvien.members import rules
from dangvien.members.models import (
    MemberPeriod,
)
from dangvien.members.services.ledger import (
    CHANGE,
    E,
    _check_holds_members,
    _record_event,
)
from dangvien.organizations.models import Organization


def pass_members_to_survivor(
    *, actor: Actor, absorbed: Organization, survivor: Organization, effective_on: date
) -> None:
    """Merge hook: the members of an absorbed cell pass to the survivor that day (REASSIGNED);
    transfers in transit to it are redirected to the survivor and its temporary guests move to
    the survivor as their host (a cancellation and a new issue, or a return and a new temporary
    transfer, the same day). Members joining it after the merge date make the merge refused."""
    later = MemberPeriod.objects.filter(Q(valid_to__isnull=True) | Q(valid_to__gt=effective_on))
    if later.filter(
        Q(organization=absorbed) | Q(transit_to=absorbed) | Q(host_organization=absorbed),
        valid_from__gt=effective_on,
    ).exists():
        raise ValidationFailed(
            _("%(code)s has members joining after the merge date; record those changes first.")
            % {"code": absorbed.code},
            code="has_members",
            field="effective_on",
        )
    note = rules.merge_note(survivor.code)
    moved = list(
        MemberPeriod.objects.at(effective_on)
        .filter(Q(organization=absorbed) | Q(transit_to=absorbed) | Q(host_organization=absorbed))
        .select_related("member", "organization")
    )
    if moved:
        _check_holds_members(survivor, effective_on, "survivor")
    for period in moved:
        redirects = rules.merge_redirects(
            organization=period.organization_id,
            host=period.host_organization_id,
            transit=period.transit_to_id,
            absorbed=absorbed.pk,
            survivor=survivor.pk,
        )
        for event, organization_id in redirects:
            organization = absorbed if organization_id == absorbed.pk else survivor
            _record_event(
                actor=actor,
                member=period.member,
                type=event,
                effective_on=effective_on,
                action=CHANGE,
                note=note,
                organization=organization,
                **_REDIRECT_DETAILS[event](period, absorbed, survivor),
            )


# How each redirect is recorded besides its organization: on whose behalf it is authorized
# and the organization it comes from (as the lifecycle services record these events).
_REDIRECT_DETAILS: dict[
    str, Callable[[MemberPeriod, Organization, Organization], dict[str, Any]]
] = {
    E.TRANSFER_CANCELLED: lambda _p, absorbed, _s: {"authorize_on": [absorbed]},
    E.TRANSFER_ISSUED: lambda period, _a, survivor: {
        "authorize_on": [survivor],
        "from_organization": period.organization,
    },
    E.TEMPORARY_RETURN: lambda _p, absorbed, _s: {"authorize_on": [absorbed]},
    E.TEMPORARY_OUT: lambda _p, _a, survivor: {"authorize_on": [survivor]},
    E.REASSIGNED: lambda _p, absorbed, survivor: {
        "authorize_on": [absorbed, survivor],
        "from_organization": absorbed,
    },
}


def refuse_ending_with_members(*, organization: Organization, effective_on: date) -> None:
    """End guard: an organization that has (or will have) members, guests or incoming transfers
    on or after that day cannot be dissolved or split."""
    count = (
        MemberPeriod.objects.filter(
            Q(organization=organization)
            | Q(transit_to=organization)
            | Q(host_organization=organization)
        )
        .filter(Q(valid_to__isnull=True) | Q(valid_to__gt=effective_on))
        .values("member_id")
        .distinct()
        .count()
    )
    if count:
        raise ValidationFailed(
            _(
                "%(code)s still has %(count)s members (or guests, or incoming transfers) on or after "
                "that day; transfer them first."
            )
            % {"code": organization.code, "count": count},
            code="has_members",
            field="effective_on",
        )


def register_organization_hooks() -> None:
    from dangvien.organizations import services as organization_services

    if pass_members_to_survivor not in organization_services.merge_hooks:
        organization_services.merge_hooks.append(pass_members_to_survivor)
    if refuse_ending_with_members not in organization_services.end_guards:
        organization_services.end_guards.append(refuse_ending_with_members)
