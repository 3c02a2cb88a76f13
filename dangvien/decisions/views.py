"""Pages of proposals and decisions: the list waiting for a body's decision, a proposal with
its decision form, proposing and deciding about a member, authorisations."""

from __future__ import annotations

from typing import Any

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from dangvien.accounts.scoping import can
from dangvien.competence.choices import DecisionKind, Level
from dangvien.competence.permissions import CompetencePermission
from dangvien.competence.selectors import acts_for, bodies_for, organization_name
from dangvien.core.dates import today
from dangvien.core.votes import RecordedVote, VotePurpose, vote_choices, vote_get
from dangvien.decisions import forms as decision_forms
from dangvien.decisions import services
from dangvien.decisions.models import Proposal
from dangvien.decisions.permissions import DecisionPermission
from dangvien.decisions.selectors import (
    official_members_convened,
    proposal_get,
    proposal_queryset,
    proposals_to_decide,
)
from dangvien.http.context import parse_as_of
from dangvien.http.runner import run_service
from dangvien.members.selectors import home_organization, member_get
from dangvien.organizations.permissions import OrganizationPermission
from dangvien.organizations.selectors import (
    organization_choices,
    organization_get,
)

# Service fields → form fields (a refusal about the kind shows above the form).
FIELD_MAP = {"date": "decided_on", "number": "number", "kind": ""}


def _meeting_vote(actor: Any, data: dict[str, Any]) -> RecordedVote | None:
    """The vote taken at a meeting picked in the form, if any (one the user may see)."""
    pk = data.get("meeting_vote")
    return vote_get(actor, pk) if pk else None


@login_required
@require_GET
def index(request: HttpRequest) -> HttpResponse:
    """Proposals waiting for the user's decision, and those the user's organizations made."""
    actor = request.user
    waiting = list(proposals_to_decide(actor=actor)[:500])
    submitted = list(
        proposal_queryset(actor)
        .filter(ruling__isnull=True)
        .exclude(pk__in=[p.pk for p in waiting])
        .order_by("due_on", "proposed_on")[:500]
    )
    decided = list(
        proposal_queryset(actor).filter(ruling__isnull=False).order_by("-ruling__decided_on")[:50]
    )
    return render(
        request,
        "decisions/index.html",
        {"waiting": waiting, "submitted": submitted, "decided": decided, "today": today()},
    )


def _kind(kind: str) -> DecisionKind:
    try:
        return DecisionKind(kind)
    except ValueError:
        raise Http404("kind") from None


@login_required
@require_http_methods(["GET", "POST"])
def proposal_detail(request: HttpRequest, pk: int) -> HttpResponse:
    actor = request.user
    proposal = proposal_get(actor=actor, pk=pk)
    pending = not hasattr(proposal, "ruling")
    may_decide = pending and acts_for(actor, proposal.deciding_organization)
    may_withdraw = pending and can(
        actor, DecisionPermission.PROPOSE, proposal.proposing_organization
    )
    on = parse_as_of(request)
    ruling_form = decision_forms.RulingForm(
        request.POST if request.POST.get("do") == "decide" else None,
        kind=proposal.kind,
        initial={"decided_on": on},
    )
    withdraw_form = decision_forms.WithdrawForm(
        request.POST if request.POST.get("do") == "withdraw" else None, initial={"on": on}
    )
    url = reverse("web:proposal", args=[proposal.pk])
    if request.method == "POST":
        if request.POST.get("do") == "decide":
            if not may_decide:
                raise PermissionDenied(CompetencePermission.DECIDE)
            response = run_service(
                request,
                ruling_form,
                lambda data: services.ruling_record(
                    actor=actor,
                    proposal=proposal,
                    outcome=data["outcome"],
                    decision=ruling_form.decision(),
                    note=data.get("note", ""),
                    confirmed=bool(data.get("confirmed")),
                ),
                success_url=url,
                success_message=_("The decision was recorded."),
                field_map=FIELD_MAP,
            )
        else:
            if not may_withdraw:
                raise PermissionDenied(DecisionPermission.PROPOSE)
            response = run_service(
                request,
                withdraw_form,
                lambda data: services.proposal_withdraw(
                    actor=actor, proposal=proposal, on=data["on"], note=data["note"]
                ),
                success_url=url,
                success_message=_("The proposal was withdrawn."),
                field_map={"decided_on": "on"},
            )
        if response is not None:
            return response
    return render(
        request,
        "decisions/proposal.html",
        {
            "proposal": proposal,
            "pending": pending,
            "may_decide": may_decide,
            "may_withdraw": may_withdraw,
            "ruling_form": ruling_form,
            "withdraw_form": withdraw_form,
            "today": today(),
            "details": decision_forms.detail_rows(proposal.data),
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def member_propose(request: HttpRequest, pk: int, kind: str) -> HttpResponse:
    """The proposing body's resolution about a member (with its vote where one is needed)."""
    actor = request.user
    decision_kind = _kind(kind)
    member = member_get(actor=actor, pk=pk)
    on = parse_as_of(request)
    home = home_organization(member, on)
    if home is None:
        raise Http404("organization")
    bodies = bodies_for(decision_kind, home, on)
    if bodies.competence.proposer is None:
        return redirect("web:member_decide", member.pk, kind)
    if bodies.proposer is None or not can(actor, DecisionPermission.PROPOSE, bodies.proposer):
        raise PermissionDenied(DecisionPermission.PROPOSE)
    # preloaded from the ledger, also for a proposal without a required vote (a badge) when the
    # proposing organization has official members of its own that day
    convened = official_members_convened(bodies.proposer, on)
    form = decision_forms.ProposalForm(
        request.POST or None,
        kind=decision_kind,
        organizations=organization_choices(actor, on=on, action=OrganizationPermission.VIEW),
        initial={
            "proposed_on": on,
            "members_convened": convened
            if bodies.competence.vote is not None or convened
            else None,
        },
    )
    form.offer_votes(vote_choices(actor, bodies.proposer.pk, (VotePurpose.PROPOSAL,)))

    def call(data: dict[str, Any]) -> Proposal:
        return services.proposal_submit(
            actor=actor,
            kind=decision_kind,
            member=member,
            proposed_on=data["proposed_on"],
            votes_for=data.get("votes_for"),
            votes_against=data.get("votes_against"),
            members_convened=data.get("members_convened"),
            data=form.data_fields(),
            note=data.get("note", ""),
            meeting_vote=_meeting_vote(actor, data),
        )

    response = run_service(
        request,
        form,
        call,
        success_url=lambda proposal: reverse("web:proposal", args=[proposal.pk]),
        success_message=_("The proposal was sent to %(body)s.")
        % {"body": organization_name(bodies.decider, on) if bodies.decider else ""},
        field_map=FIELD_MAP,
    )
    if response is not None:
        return response
    return render(
        request,
        "decisions/propose.html",
        {
            "member": member,
            "form": form,
            "kind": decision_kind,
            "bodies": bodies,
            "proposer_name": organization_name(bodies.proposer, on) if bodies.proposer else "",
            "decider_name": organization_name(bodies.decider, on) if bodies.decider else "",
            "levels": dict(Level.choices),
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def member_decide(request: HttpRequest, pk: int, kind: str) -> HttpResponse:
    """A body's own decision about a member (an exemption decided by the cell)."""
    actor = request.user
    decision_kind = _kind(kind)
    member = member_get(actor=actor, pk=pk)
    on = parse_as_of(request)
    home = home_organization(member, on)
    if home is None:
        raise Http404("organization")
    bodies = bodies_for(decision_kind, home, on)
    if bodies.competence.proposer is not None:
        return redirect("web:member_propose", member.pk, kind)
    if bodies.decider is None or not acts_for(actor, bodies.decider):
        raise PermissionDenied(CompetencePermission.DECIDE)
    form = decision_forms.DirectDecisionForm(
        request.POST or None,
        vote=bodies.competence.vote is not None,
        initial={
            "decided_on": on,
            "members_convened": official_members_convened(bodies.decider, on),
        },
    )
    form.offer_votes(vote_choices(actor, bodies.decider.pk, (VotePurpose.PROPOSAL,)))
    response = run_service(
        request,
        form,
        lambda data: services.decision_record(
            actor=actor,
            kind=decision_kind,
            member=member,
            decision=form.decision(),
            votes_for=data.get("votes_for"),
            votes_against=data.get("votes_against"),
            members_convened=data.get("members_convened"),
            note=data.get("note", ""),
            meeting_vote=_meeting_vote(actor, data),
        ),
        success_url=reverse("web:member", args=[member.pk]),
        success_message=_("The decision was recorded."),
        field_map=FIELD_MAP,
    )
    if response is not None:
        return response
    return render(
        request,
        "decisions/decide.html",
        {"member": member, "form": form, "kind": decision_kind, "bodies": bodies},
    )


@login_required
@require_GET
def organization_removal_due(request: HttpRequest, code: str) -> HttpResponse:
    """Members of the subtree whom a removal trigger (§2.11) names, with the rule and a link to
    propose the removal; above a single cell, with each member's organization."""
    from dangvien.decisions.due import due_organizations, removal_due

    actor = request.user
    organization = organization_get(actor=actor, code=code)
    on = parse_as_of(request)
    rows = removal_due(actor=actor, organization=organization, on=on)
    organizations = due_organizations(rows, on, actor=actor)
    return render(
        request,
        "decisions/removal_due.html",
        {
            "organization": organization,
            "rows": rows,
            "organizations": organizations,
            # the column says something only where the members are not all of the page's cell
            "show_organization": any(o.pk != organization.pk for o in organizations.values()),
        },
    )
