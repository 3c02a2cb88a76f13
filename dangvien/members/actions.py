"""The lifecycle actions on a member, declared once for the web pages and the API.

Each ``MemberAction`` says which event it records, how the pages and the API name it, what it
reads (``ActionInput``: the shape of its form and of its API input), which right it needs
(``Side``) and which service it calls. ``members.views`` builds its action pages and buttons
from ``ACTIONS`` and ``members.api.views`` its ``POST /members/{id}/<slug>/`` operations; each
entry point only maps the four input shapes onto its form or serializer
(``forms.ACTION_FORMS``, ``api.serializers.ACTION_SERIALIZERS``).

Below the entry points and above the services (import-linter: ``(forms)`` → ``(actions)`` →
``(services)``): plain specifications, no HTTP.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import date
from enum import StrEnum
from typing import Protocol

from django.core.exceptions import PermissionDenied
from django.utils.functional import Promise
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from dangvien.accounts.scoping import can
from dangvien.accounts.types import Actor
from dangvien.competence.choices import DecisionKind
from dangvien.competence.selectors import may_decide
from dangvien.core.decisions import NO_DECISION, Decision
from dangvien.core.exceptions import DomainError, TransitionError, ValidationFailed
from dangvien.core.registry import Registry
from dangvien.members import services
from dangvien.members.choices import TARGETED_EVENTS, TEMPORARY_WORK, MemberEventType
from dangvien.members.models import Member, MemberEvent, MemberPeriod
from dangvien.members.permissions import MemberPermission
from dangvien.members.selectors import (
    can_change_member,
    home_organization,
    member_last_period,
    member_state,
    transfer_target,
)
from dangvien.members.transitions import LedgerEntry, MemberState, ensure_transition
from dangvien.organizations.models import Organization

E = MemberEventType


class ActionInput(StrEnum):
    """What an action reads: the shape of its web form and of its API input."""

    EVENT = "event"  # effective date, decision, note
    CONFIRMED_EVENT = "confirmed_event"  # the same and a confirmation (it cannot be undone)
    TARGET = "target"  # the same and another organization, by its code
    TEMPORARY = "temporary"  # a target and the purpose of a temporary transfer (work, study)
    NOTE = "note"  # effective date and note (no decision)


#: The input shapes that name another organization.
TARGET_INPUTS = frozenset({ActionInput.TARGET, ActionInput.TEMPORARY})


class Side(StrEnum):
    """The right an action needs, and on which organization."""

    CHANGE = "change"  # members.change on the member's home organization
    TRANSFER = "transfer"  # members.transfer on the member's organization (the sending side)
    RECEIVE = "receive"  # members.transfer on the destination of the transfer in transit


@dataclass(frozen=True)
class ActionRequest:
    """What an entry point read from its form or serializer, in one shape."""

    effective_on: date | None
    note: str = ""
    decision: Decision = NO_DECISION
    organization: Organization | None = None
    purpose: str = ""

    @property
    def day(self) -> date:
        """The effective date (every input shape but ``RECOGNITION`` requires it)."""
        assert self.effective_on is not None, "the form or serializer requires the date"
        return self.effective_on

    @property
    def target(self) -> Organization:
        """The other organization of a ``TARGET`` action."""
        assert self.organization is not None, "a TARGET input names an organization"
        return self.organization


Perform = Callable[[Actor, Member, ActionRequest], MemberEvent]


@dataclass(frozen=True)
class MemberAction:
    """One lifecycle action: ``perform`` calls exactly one service."""

    slug: str  # the web path and the API path (``/members/{id}/<slug>/``)
    event: MemberEventType
    title: str | Promise  # the button and the page's title
    summary: str  # the API operation's summary (the OpenAPI document is in English)
    input: ActionInput
    side: Side
    perform: Perform
    # a decision of a competent body (``competence``): offered only to users acting for the
    # body that decides it; the other decisions about a member go through ``decisions``
    kind: str | None = None

    @property
    def targeted(self) -> bool:
        """Whether the action names an organization other than the member's own."""
        return self.event in TARGETED_EVENTS


def _no_target(code: str) -> ValidationFailed:
    """The one refusal of a destination outside the actor's scope, whatever the reason (no such
    code, dissolved, not a cell that day …): a code cannot be probed for its existence, name or
    kind (docs/security.md, *What staff learn outside their scope*)."""
    return ValidationFailed(
        _("No organization with the code %(code)s can take this member.") % {"code": code},
        code="organization_unknown",
        field="organization",
    )


def target_organization(code: str) -> Organization:
    """The organization an action goes to, by code (any existing one: the services check what
    it may hold); ``ValidationFailed`` on the ``organization`` field when none has the code."""
    organization = transfer_target(code)
    if organization is None:
        raise _no_target(code)
    return organization


#: Fields the services name when they refuse the destination of an action.
TARGET_FIELDS = frozenset({"organization", "to_organization", "host"})


def _unnamed_outside_scope(perform: Perform) -> Perform:
    """An action towards an organization outside the actor's scope, by an actor who may act on
    the member: any refusal about the destination, or a missing right that depends on it (the
    one-step transfer's grant on the receiving side, the body competent to introduce a transfer
    out of the commune), reads as for an unknown code."""

    def guarded(actor: Actor, member: Member, request: ActionRequest) -> MemberEvent:
        target = request.target
        home = home_organization(member, date.max)
        may_act = home is not None and (
            can(actor, MemberPermission.CHANGE, home) or can(actor, MemberPermission.TRANSFER, home)
        )
        if not may_act or can(actor, MemberPermission.VIEW, target):
            return perform(actor, member, request)
        try:
            return perform(actor, member, request)
        except PermissionDenied:
            raise _no_target(target.code) from None
        except DomainError as error:
            if error.field in TARGET_FIELDS:
                raise _no_target(target.code) from None
            raise

    return guarded


class EventService(Protocol):
    """A service of the shape ``(actor, member, effective_on, decision, note)``."""

    def __call__(
        self,
        *,
        actor: Actor,
        member: Member,
        effective_on: date,
        decision: Decision = ...,
        note: str = ...,
    ) -> MemberEvent: ...


def _event(service: EventService) -> Perform:
    def perform(actor: Actor, member: Member, request: ActionRequest) -> MemberEvent:
        return service(
            actor=actor,
            member=member,
            effective_on=request.day,
            decision=request.decision,
            note=request.note,
        )

    return perform


@_unnamed_outside_scope
def _transfer(actor: Actor, member: Member, request: ActionRequest) -> MemberEvent:
    return services.member_transfer(
        actor=actor,
        member=member,
        to_organization=request.target,
        effective_on=request.day,
        decision=request.decision,
        note=request.note,
    )


@_unnamed_outside_scope
def _transfer_issue(actor: Actor, member: Member, request: ActionRequest) -> MemberEvent:
    return services.member_transfer_issue(
        actor=actor,
        member=member,
        to_organization=request.target,
        effective_on=request.day,
        decision=request.decision,
        note=request.note,
    )


def _transfer_cancel(actor: Actor, member: Member, request: ActionRequest) -> MemberEvent:
    return services.member_transfer_cancel(
        actor=actor, member=member, effective_on=request.day, note=request.note
    )


@_unnamed_outside_scope
def _temporary_out(actor: Actor, member: Member, request: ActionRequest) -> MemberEvent:
    return services.member_temporary_out(
        actor=actor,
        member=member,
        host=request.target,
        effective_on=request.day,
        decision=request.decision,
        note=request.note,
        purpose=request.purpose or TEMPORARY_WORK,
    )


def _temporary_return(actor: Actor, member: Member, request: ActionRequest) -> MemberEvent:
    return services.member_temporary_return(
        actor=actor, member=member, effective_on=request.day, note=request.note
    )


#: The actions in the order of the member page's buttons.
ACTIONS: Registry[MemberAction] = Registry("member actions")

for _action in [
    MemberAction(
        "transfer",
        E.TRANSFERRED,
        gettext_lazy("Transfer in one step (both sides recorded)"),
        "Official transfer in one step (both sides)",
        ActionInput.TARGET,
        Side.TRANSFER,
        _transfer,
    ),
    MemberAction(
        "transfer-issue",
        E.TRANSFER_ISSUED,
        gettext_lazy("Issue the introduction of an official transfer"),
        "Issue an official transfer (sending side; by the body competent to introduce it)",
        ActionInput.TARGET,
        Side.CHANGE,
        _transfer_issue,
        kind=DecisionKind.TRANSFER_INTRODUCTION,
    ),
    MemberAction(
        "transfer-receive",
        E.TRANSFER_RECEIVED,
        gettext_lazy("Receive the transfer"),
        "Receive a transfer (receiving side)",
        ActionInput.EVENT,
        Side.RECEIVE,
        _event(services.member_transfer_receive),
    ),
    MemberAction(
        "transfer-cancel",
        E.TRANSFER_CANCELLED,
        gettext_lazy("Cancel the transfer"),
        "Cancel a transfer not yet received (sending side)",
        ActionInput.NOTE,
        Side.TRANSFER,
        _transfer_cancel,
    ),
    MemberAction(
        "temporary-out",
        E.TEMPORARY_OUT,
        gettext_lazy("Temporary transfer"),
        "Temporary transfer to a host organization",
        ActionInput.TEMPORARY,
        Side.TRANSFER,
        _temporary_out,
    ),
    MemberAction(
        "temporary-return",
        E.TEMPORARY_RETURN,
        gettext_lazy("Return from temporary transfer"),
        "Return from a temporary transfer",
        ActionInput.NOTE,
        Side.TRANSFER,
        _temporary_return,
    ),
    MemberAction(
        "exemption-end",
        E.EXEMPTION_ENDED,
        gettext_lazy("End the exemption"),
        "End an exemption (by the cell, which decides exemptions)",
        ActionInput.EVENT,
        Side.CHANGE,
        _event(services.member_exemption_end),
        kind=DecisionKind.EXEMPTION,
    ),
    MemberAction(
        "death",
        E.DIED,
        gettext_lazy("Record death"),
        "Record the member's death",
        ActionInput.CONFIRMED_EVENT,
        Side.CHANGE,
        _event(services.member_record_death),
    ),
]:
    ACTIONS.register(_action.slug, _action)


#
# Which actions a member page offers
#


def action_permitted(
    actor: Actor,
    action: MemberAction,
    period: MemberPeriod | None,
    can_change: bool,
    on: date | None = None,
) -> bool:
    """Whether ``actor`` holds the right ``action`` needs, for the member's ``period``
    (``can_change``: ``can_change_member``, read once per page); a decision only for users
    acting for the competent body."""
    if period is None:
        return False
    if action.kind is not None and not may_decide(
        actor, action.kind, period.organization, on or period.valid_from
    ):
        return False
    if action.side == Side.RECEIVE:
        return period.transit_to is not None and can(
            actor, MemberPermission.TRANSFER, period.transit_to
        )
    if action.side == Side.TRANSFER:
        return can(actor, MemberPermission.TRANSFER, period.organization)
    return can_change


def action_allowed_now(state: MemberState, action: MemberAction) -> bool:
    """Whether the member's state lets the action follow, by the transition table itself (an
    action that names another organization is asked about "some other one", the id -1)."""
    entry = LedgerEntry(0, action.event, date.min, -1 if action.targeted else None)
    try:
        ensure_transition(state, entry)
    except TransitionError:
        return False
    return True


def available_actions(
    actor: Actor, member: Member, on: date, slugs: Iterable[str] | None = None
) -> list[MemberAction]:
    """The actions ``actor`` may take on ``member`` now (state, period and rights read once),
    among ``slugs`` (default: all), in the registry's order."""
    period = member_last_period(member, on, actor=actor)
    # the state of the day read: the page at a past day offers what could be recorded then
    # (a member expelled in 2026 was offered "readmit" on the page of 2022)
    state = member_state(member, on)
    can_change = can_change_member(actor, member)
    wanted = set(ACTIONS.keys() if slugs is None else slugs)
    return [
        action
        for action in ACTIONS
        if action.slug in wanted
        # the state first: it is read already, the rights may ask who decides
        and action_allowed_now(state, action)
        and action_permitted(actor, action, period, can_change, on)
    ]
