"""Committee forms: open a term, assign a post, end a post (one service each)."""

from __future__ import annotations

from typing import Any

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext as _

from dangvien.accounts.scoping import can
from dangvien.committees import services
from dangvien.committees.forms import (
    PostAssignForm,
    PostEndForm,
    PostIdentifyForm,
    TermForm,
    TermPilotForm,
)
from dangvien.committees.permissions import CommitteePermission
from dangvien.committees.selectors import committee_posts, term_list
from dangvien.core.decisions import Decision
from dangvien.http.context import parse_as_of
from dangvien.http.runner import run_service
from dangvien.members.choices import MemberStatus
from dangvien.members.models import Member
from dangvien.members.selectors import periods_in_subtree
from dangvien.organizations.models import Organization
from dangvien.organizations.selectors import organization_get, organization_state

CHANGE = CommitteePermission.CHANGE


def _organization(request: HttpRequest, code: str) -> Organization:
    organization = organization_get(actor=request.user, code=code)
    if not can(request.user, CHANGE, organization):
        raise PermissionDenied(CHANGE)
    return organization


def _back(organization: Organization, day: Any) -> str:
    from dangvien.organizations.views import org_url

    return org_url(organization, day)


def _render(
    request: HttpRequest, organization: Organization, form: Any, title: str
) -> HttpResponse:
    state = organization_state(organization, on=parse_as_of(request))
    return render(
        request,
        "web/form.html",
        {"organization": organization, "state": state, "form": form, "title": title},
    )


@login_required
def term_add(request: HttpRequest, code: str) -> HttpResponse:
    organization = _organization(request, code)
    form = TermForm(request.POST or None, initial={"congress_on": parse_as_of(request)})
    response = run_service(
        request,
        form,
        lambda d: services.term_create(
            actor=request.user,
            organization=organization,
            congress_on=d["congress_on"],
            name=d["name"],
            note=d["note"],
        ),
        success_url=lambda term: _back(organization, term.starts_on),
        success_message=_("The term was recorded."),
    )
    return response or _render(request, organization, form, _("New term"))


def _official_members(organization: Organization, on: Any) -> dict[str, Member]:
    """The official members of the organization's subtree on ``on``, by name (form choices)."""
    return {
        str(period.member_id): period.member
        for period in periods_in_subtree(organization, on)
        .filter(status=MemberStatus.OFFICIAL)
        .select_related("member")
        .order_by("member__full_name", "member_id")
    }


def _member_label(member: Member) -> str:
    born = member.birth_date.year if member.birth_date else "—"
    return f"{member.full_name} ({born}) · {member.member_key}"


@login_required
def post_assign(request: HttpRequest, code: str) -> HttpResponse:
    organization = _organization(request, code)
    terms = list(term_list(actor=request.user, organization=organization))
    on = parse_as_of(request)
    members = _official_members(organization, on)
    form = PostAssignForm(
        request.POST or None,
        initial={"held_from": on},
        terms=[(str(t.pk), t.name) for t in terms],
        members=[(pk, _member_label(member)) for pk, member in members.items()],
    )

    def call(d: dict[str, Any]) -> Any:
        term = next((t for t in terms if str(t.pk) == d["term"]), None)
        return services.committee_post_assign(
            actor=request.user,
            organization=organization,
            post=d["post"],
            member=members[d["member"]],
            held_from=d["held_from"],
            held_to=d["held_to"],
            term=term,
            decision_number=d["decision_number"],
        )

    response = run_service(
        request,
        form,
        call,
        success_url=lambda post: _back(organization, post.held_from),
        success_message=_("The committee post was recorded."),
    )
    return response or _render(request, organization, form, _("Assign a committee post"))


@login_required
def post_end(request: HttpRequest, code: str, pk: int) -> HttpResponse:
    organization = _organization(request, code)
    assignment = (
        committee_posts(actor=request.user, organization=organization).filter(pk=pk).first()
    )
    if assignment is None:
        raise Http404("post")
    form = PostEndForm(request.POST or None, initial={"held_to": parse_as_of(request)})
    response = run_service(
        request,
        form,
        lambda d: services.committee_post_end(
            actor=request.user, assignment=assignment, held_to=d["held_to"]
        ),
        success_url=lambda post: _back(organization, post.held_to),
        success_message=_("The committee post was ended."),
    )
    title = _("End the post: %(post)s") % {"post": assignment}
    return response or _render(request, organization, form, title)


@login_required
def post_identify(request: HttpRequest, code: str, pk: int) -> HttpResponse:
    """Link a post recorded with a name only to the member's file."""
    organization = _organization(request, code)
    assignment = (
        committee_posts(actor=request.user, organization=organization).filter(pk=pk).first()
    )
    if assignment is None:
        raise Http404("post")
    members = _official_members(organization, assignment.held_from)
    form = PostIdentifyForm(
        request.POST or None,
        members=[(pk, _member_label(member)) for pk, member in members.items()],
    )
    response = run_service(
        request,
        form,
        lambda d: services.committee_post_identify(
            actor=request.user, assignment=assignment, member=members[d["member"]]
        ),
        success_url=lambda post: _back(organization, post.held_from),
        success_message=_("The post now names the member's file."),
    )
    title = _("Link the post to the member's file: %(post)s") % {"post": assignment}
    return response or _render(request, organization, form, title)


@login_required
def term_pilot(request: HttpRequest, code: str) -> HttpResponse:
    """The cell holds its congress every five years (pilot), by a decision of the level above."""
    organization = _organization(request, code)
    form = TermPilotForm(request.POST or None, initial={"valid_from": parse_as_of(request)})
    response = run_service(
        request,
        form,
        lambda d: services.term_pilot_record(
            actor=request.user,
            organization=organization,
            valid_from=d["valid_from"],
            decision=Decision(d["decision_number"], d["decision_date"], d["issuer"]),
        ),
        success_url=lambda pilot: _back(organization, pilot.valid_from),
        success_message=_("The cell holds its congress every five years from that date."),
        field_map={"decision_date": "decision_date", "decision_number": "decision_number"},
    )
    return response or _render(request, organization, form, _("Five-year congress (pilot)"))
