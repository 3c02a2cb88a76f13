"""Member pages: search, an organization's lists at a date (with XLSX exports), the member's
record, and one form per lifecycle action (each calls exactly one service)."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import date
from typing import Any

from django import forms
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.db.models import Count, Q
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET

from dangvien.accounts.scoping import can
from dangvien.accounts.types import Actor
from dangvien.audit.services import record_export
from dangvien.core.exceptions import TransitionError, ValidationFailed
from dangvien.http.context import parse_as_of
from dangvien.http.runner import run_service
from dangvien.members import forms as member_forms
from dangvien.members import services
from dangvien.members.choices import MemberEventType, MemberStatus
from dangvien.members.exports import xlsx_response
from dangvien.members.models import Member, MemberEvent, MemberPeriod
from dangvien.members.permissions import MemberPermission
from dangvien.members.rule_keys import BADGE_MILESTONE_YEARS
from dangvien.members.selectors import (
    badge_awards,
    badge_candidates,
    can_change_member,
    card_register,
    exempted_at,
    guests_at,
    lifecycle_dates,
    member_event_get,
    member_get,
    member_last_period,
    member_list_at,
    member_periods,
    member_search,
    member_state,
    member_timeline_with_own_events,
    next_badge_occasion,
    party_age,
    recognition_due,
    transfer_target,
    transfers_pending,
)
from dangvien.members.transitions import (
    STATUS_LABELS,
    LedgerEntry,
    MemberState,
    ensure_transition,
)
from dangvien.organizations.models import Organization
from dangvien.organizations.selectors import organization_get, organization_state

E = MemberEventType
CHANGE = services.CHANGE
TRANSFER = services.TRANSFER
PAGE_SIZE = 50


def member_url(member: Member) -> str:
    return reverse("web:member", args=[member.pk])


def _target(code: str) -> Organization:
    organization = transfer_target(code)
    if organization is None:
        raise ValidationFailed(
            _("No organization has the code %(code)s.") % {"code": code},
            code="organization_unknown",
            field="organization",
        )
    return organization


#
# Search
#


@login_required
@require_GET
def search(request: HttpRequest) -> HttpResponse:
    on = parse_as_of(request)
    query = request.GET.get("q", "").strip()
    rows = []
    for member in member_search(actor=request.user, query=query) if query else []:
        period = member_last_period(member, on, actor=request.user)
        rows.append({"member": member, "period": period, "status": _status_label(period, on)})
    return render(request, "members/search.html", {"q": query, "rows": rows})


def _status_label(period: MemberPeriod | None, on: date) -> str:
    if period is None:
        return str(STATUS_LABELS["none"])
    if period.valid_to is not None and period.valid_to <= on:
        return str(STATUS_LABELS["exited"])
    return str(period.get_status_display())


#
# Lists of an organization
#


def _member_rows(periods: Any, on: date) -> list[list[Any]]:
    return [
        [
            p.member.full_name,
            p.member.birth_date,
            p.member.get_sex_display(),
            p.organization.code,
            p.get_status_display(),
            _("Yes") if p.is_exempted else "",
            p.host_organization.code if p.host_organization else "",
            p.member.national_id,
            p.member.party_card_number,
        ]
        for p in periods
    ]


MEMBER_HEADERS = [
    gettext_lazy("Full name"),
    gettext_lazy("Date of birth"),
    gettext_lazy("Sex"),
    gettext_lazy("Organization"),
    gettext_lazy("Status"),
    gettext_lazy("Exempted"),
    gettext_lazy("Temporarily at"),
    gettext_lazy("Citizen ID (CCCD)"),
    gettext_lazy("Party card number"),
]


@login_required
@require_GET
def organization_members(request: HttpRequest, code: str) -> HttpResponse | FileResponse:
    actor = request.user
    on = parse_as_of(request)
    organization = organization_get(actor=actor, code=code, action=MemberPermission.VIEW)
    form = member_forms.MemberFilterForm(request.GET or None)
    periods = member_list_at(actor=actor, organization=organization, on=on, **form.filters())
    if request.GET.get("export") == "xlsx":
        record_export(actor=actor, organization=organization, what="members.xlsx")
        return xlsx_response(
            f"dang-vien-{organization.code}-{on.isoformat()}",
            _("Party members"),
            MEMBER_HEADERS,
            _member_rows(periods, on),
        )
    counts = periods.aggregate(
        total=Count("id"),
        probationary=Count("id", filter=Q(status=MemberStatus.PROBATIONARY)),
        official=Count("id", filter=Q(status=MemberStatus.OFFICIAL)),
        female=Count("id", filter=Q(member__sex="F")),
        exempted=Count("id", filter=Q(is_exempted=True)),
        away=Count("id", filter=Q(host_organization__isnull=False)),
    )
    page = Paginator(periods, PAGE_SIZE).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    query.pop("export", None)
    context = {
        "organization": organization,
        "state": organization_state(organization, on=on),
        "form": form,
        "counts": counts,
        "page": page,
        "query": query.urlencode(),
        "can_admit": can(actor, CHANGE, organization),
        "lists": WORKLISTS,
    }
    return render(request, "members/list.html", context)


@dataclass(frozen=True)
class Worklist:
    slug: str
    title: Any
    headers: list[Any]
    rows: Callable[[Any, Organization, date], list[tuple[Member, list[Any]]]]


def _recognition(actor: Actor, organization: Organization, on: date) -> list[Any]:
    return [
        (
            r.member,
            [
                r.member.full_name,
                r.organization.code,
                r.admitted_on,
                r.probation_ends,
                r.proposal_deadline,
                _("Overdue") if r.is_overdue else "",
            ],
        )
        for r in recognition_due(actor=actor, organization=organization, on=on)
    ]


def _transfers(actor: Actor, organization: Organization, on: date) -> list[Any]:
    return [
        (
            r.member,
            [
                r.member.full_name,
                _("Incoming") if r.direction == "in" else _("Outgoing"),
                r.from_organization.code,
                r.to_organization.code,
                r.issued_on,
                r.deadline,
                _("Overdue") if r.is_overdue else "",
            ],
        )
        for r in transfers_pending(actor=actor, organization=organization, on=on)
    ]


def _badges(actor: Actor, organization: Organization, on: date) -> list[Any]:
    occasion = next_badge_occasion(on)
    return [
        (
            c.member,
            [c.member.full_name, c.organization.code, c.milestone, c.party_age_years, c.award_on],
        )
        for c in badge_candidates(actor=actor, organization=organization, award_on=occasion)
    ]


def _exempted(actor: Actor, organization: Organization, on: date) -> list[Any]:
    return [
        (p.member, [p.member.full_name, p.organization.code, p.valid_from])
        for p in exempted_at(actor=actor, organization=organization, on=on)
    ]


def _guests(actor: Actor, organization: Organization, on: date) -> list[Any]:
    return [
        (
            p.member,
            [
                p.member.full_name,
                p.organization.code,
                p.host_organization.code if p.host_organization else "",
                p.valid_from,
            ],
        )
        for p in guests_at(actor=actor, organization=organization, on=on)
    ]


WORKLISTS = {
    w.slug: w
    for w in [
        Worklist(
            "recognition",
            gettext_lazy("Due for recognition"),
            [
                gettext_lazy("Full name"),
                gettext_lazy("Organization"),
                gettext_lazy("Admitted on"),
                gettext_lazy("Probation ends"),
                gettext_lazy("Proposal deadline"),
                gettext_lazy("Overdue"),
            ],
            _recognition,
        ),
        Worklist(
            "transfers",
            gettext_lazy("Transfers in transit"),
            [
                gettext_lazy("Full name"),
                gettext_lazy("Direction"),
                gettext_lazy("From"),
                gettext_lazy("To"),
                gettext_lazy("Issued on"),
                gettext_lazy("Deadline"),
                gettext_lazy("Overdue"),
            ],
            _transfers,
        ),
        Worklist(
            "badges",
            gettext_lazy("Badge candidates"),
            [
                gettext_lazy("Full name"),
                gettext_lazy("Organization"),
                gettext_lazy("Badge (years)"),
                gettext_lazy("Party age (years)"),
                gettext_lazy("Award occasion"),
            ],
            _badges,
        ),
        Worklist(
            "exempted",
            gettext_lazy("Exempted from activities"),
            [gettext_lazy("Full name"), gettext_lazy("Organization"), gettext_lazy("Since")],
            _exempted,
        ),
        Worklist(
            "guests",
            gettext_lazy("Temporary guests"),
            [
                gettext_lazy("Full name"),
                gettext_lazy("Home organization"),
                gettext_lazy("Hosted by"),
                gettext_lazy("Since"),
            ],
            _guests,
        ),
    ]
}


@login_required
@require_GET
def organization_worklist(
    request: HttpRequest, code: str, slug: str
) -> HttpResponse | FileResponse:
    worklist = WORKLISTS.get(slug)
    if worklist is None:
        raise Http404("list")
    actor = request.user
    on = parse_as_of(request)
    organization = organization_get(actor=actor, code=code, action=MemberPermission.VIEW)
    rows = worklist.rows(actor, organization, on)
    if request.GET.get("export") == "xlsx":
        record_export(actor=actor, organization=organization, what=f"{slug}.xlsx")
        return xlsx_response(
            f"{slug}-{organization.code}-{on.isoformat()}",
            worklist.title,
            worklist.headers,
            [cells for _member, cells in rows],
        )
    incoming = slug == "transfers"
    context = {
        "organization": organization,
        "state": organization_state(organization, on=on),
        "worklist": worklist,
        "rows": [
            {
                "member": member,
                "cells": cells,
                "can_receive": incoming
                and cells[1] == _("Incoming")
                and bool(_available(actor, member, on, ["transfer-receive"])),
            }
            for member, cells in rows
        ],
        "lists": WORKLISTS,
    }
    return render(request, "members/worklist.html", context)


#
# The member's page
#


@login_required
@require_GET
def member_detail(request: HttpRequest, pk: int) -> HttpResponse:
    actor = request.user
    on = parse_as_of(request)
    member = member_get(actor=actor, pk=pk)
    period = member_last_period(member, on, actor=actor)
    events = list(member_timeline_with_own_events(actor=actor, member=member))
    corrected = {e.corrects_id: e for e in events if e.corrects_id}
    context = {
        "member": member,
        "period": period,
        "status": _status_label(period, on),
        "dates": lifecycle_dates(member, actor=actor),
        "age": party_age(member, on),
        "events": [{"event": e, "correction": corrected.get(e.pk)} for e in events],
        "periods": member_periods(actor=actor, member=member),
        "cards": card_register(actor=actor, member=member),
        "badges": badge_awards(actor=actor, member=member),
        "actions": [(slug, ACTIONS[slug].title) for slug in _available(actor, member, on)],
        "can_change": can_change_member(actor, member),
        "profile": [
            (getattr(Member._meta.get_field(name), "verbose_name", name), _display(member, name))
            for name in services.PROFILE_FIELDS
        ],
    }
    return render(request, "members/detail.html", context)


def _display(member: Member, name: str) -> Any:
    display = getattr(member, f"get_{name}_display", None)
    return display() if display is not None else getattr(member, name)


#
# Lifecycle forms
#

Call = Callable[[Any, Member, Any, dict[str, Any]], Any]


@dataclass(frozen=True)
class Action:
    title: Any
    form_class: type[forms.Form]
    permission: str  # "change", "transfer" (sending side) or "receive"
    event: str
    call: Call


def _simple(service: Any) -> Call:
    return lambda actor, member, form, data: service(
        actor=actor,
        member=member,
        effective_on=data["effective_on"],
        decision=form.member_decision(),
        note=data["note"],
    )


ACTIONS: dict[str, Action] = {
    "recognise": Action(
        gettext_lazy("Recognise as official"),
        member_forms.RecogniseForm,
        "change",
        E.RECOGNISED,
        lambda actor, member, form, data: services.member_recognise(
            actor=actor,
            member=member,
            decision=form.member_decision(),
            effective_on=data["effective_on"],
            note=data["note"],
        ),
    ),
    "transfer": Action(
        gettext_lazy("Transfer (one step)"),
        member_forms.TargetForm,
        "transfer",
        E.TRANSFERRED,
        lambda actor, member, form, data: services.member_transfer(
            actor=actor,
            member=member,
            to_organization=_target(data["organization"]),
            effective_on=data["effective_on"],
            decision=form.member_decision(),
            note=data["note"],
        ),
    ),
    "transfer-issue": Action(
        gettext_lazy("Issue a transfer"),
        member_forms.TargetForm,
        "transfer",
        E.TRANSFER_ISSUED,
        lambda actor, member, form, data: services.member_transfer_issue(
            actor=actor,
            member=member,
            to_organization=_target(data["organization"]),
            effective_on=data["effective_on"],
            decision=form.member_decision(),
            note=data["note"],
        ),
    ),
    "transfer-receive": Action(
        gettext_lazy("Receive the transfer"),
        member_forms.SimpleActionForm,
        "receive",
        E.TRANSFER_RECEIVED,
        _simple(services.member_transfer_receive),
    ),
    "transfer-cancel": Action(
        gettext_lazy("Cancel the transfer"),
        member_forms.NoteOnlyForm,
        "transfer",
        E.TRANSFER_CANCELLED,
        lambda actor, member, form, data: services.member_transfer_cancel(
            actor=actor, member=member, effective_on=data["effective_on"], note=data["note"]
        ),
    ),
    "temporary-out": Action(
        gettext_lazy("Temporary transfer"),
        member_forms.TargetForm,
        "transfer",
        E.TEMPORARY_OUT,
        lambda actor, member, form, data: services.member_temporary_out(
            actor=actor,
            member=member,
            host=_target(data["organization"]),
            effective_on=data["effective_on"],
            decision=form.member_decision(),
            note=data["note"],
        ),
    ),
    "temporary-return": Action(
        gettext_lazy("Return from temporary transfer"),
        member_forms.NoteOnlyForm,
        "transfer",
        E.TEMPORARY_RETURN,
        lambda actor, member, form, data: services.member_temporary_return(
            actor=actor, member=member, effective_on=data["effective_on"], note=data["note"]
        ),
    ),
    "exempt": Action(
        gettext_lazy("Exempt from activities"),
        member_forms.SimpleActionForm,
        "change",
        E.EXEMPTED,
        _simple(services.member_exempt),
    ),
    "exemption-end": Action(
        gettext_lazy("End the exemption"),
        member_forms.SimpleActionForm,
        "change",
        E.EXEMPTION_ENDED,
        _simple(services.member_exemption_end),
    ),
    "remove": Action(
        gettext_lazy("Remove from the list"),
        member_forms.SimpleActionForm,
        "change",
        E.REMOVED,
        _simple(services.member_remove),
    ),
    "resign": Action(
        gettext_lazy("Leave the party"),
        member_forms.SimpleActionForm,
        "change",
        E.RESIGNED,
        _simple(services.member_resign),
    ),
    "expel": Action(
        gettext_lazy("Expel"),
        member_forms.SimpleActionForm,
        "change",
        E.EXPELLED,
        _simple(services.member_expel),
    ),
    "death": Action(
        gettext_lazy("Record death"),
        member_forms.SimpleActionForm,
        "change",
        E.DIED,
        _simple(services.member_record_death),
    ),
    "readmit": Action(
        gettext_lazy("Re-admit"),
        member_forms.TargetForm,
        "change",
        E.READMITTED,
        lambda actor, member, form, data: services.member_readmit(
            actor=actor,
            member=member,
            organization=_target(data["organization"]),
            effective_on=data["effective_on"],
            decision=form.member_decision(),
            note=data["note"],
        ),
    ),
}
FIELD_MAP = {
    "to_organization": "organization",
    "host": "organization",
    "admitted_on": "effective_on",
}


# Events that name an organization other than the member's own; the sentinel -1 stands for
# "some other organization" when asking the transition table whether the event may follow.
_TARGETED = {E.TRANSFERRED, E.TRANSFER_ISSUED, E.TEMPORARY_OUT, E.READMITTED}


def _allowed_now(state: MemberState, action: Action) -> bool:
    """Whether the member's state lets the action follow, by the transition table itself."""
    entry = LedgerEntry(0, action.event, date.min, -1 if action.event in _TARGETED else None)
    try:
        ensure_transition(state, entry)
    except TransitionError:
        return False
    return True


def _permitted(actor: Actor, action: Action, period: MemberPeriod | None, can_change: bool) -> bool:
    if period is None:
        return False
    if action.permission == "receive":
        return period.transit_to is not None and can(actor, TRANSFER, period.transit_to)
    if action.permission == "transfer":
        return can(actor, TRANSFER, period.organization)
    return can_change


def _available(actor: Actor, member: Member, on: date, slugs: Iterable[str] = ACTIONS) -> list[str]:
    """The actions the actor may take on the member now (state, period and rights read once)."""
    period = member_last_period(member, on, actor=actor)
    state = member_state(member)
    can_change = can_change_member(actor, member)
    return [
        slug
        for slug in slugs
        if _permitted(actor, ACTIONS[slug], period, can_change)
        and _allowed_now(state, ACTIONS[slug])
    ]


def _form_page(
    request: HttpRequest,
    member: Member,
    form: Any,
    call: Callable[[dict[str, Any]], Any],
    *,
    title: Any,
    message: str,
) -> HttpResponse:
    response = run_service(
        request,
        form,
        call,
        success_url=member_url(member),
        success_message=message,
        field_map=FIELD_MAP,
    )
    if response is not None:
        return response
    return render(request, "members/form.html", {"member": member, "form": form, "title": title})


@login_required
def member_action(request: HttpRequest, pk: int, slug: str) -> HttpResponse:
    action = ACTIONS.get(slug)
    if action is None:
        raise Http404("action")
    actor = request.user
    on = parse_as_of(request)
    member = member_get(actor=actor, pk=pk)
    if not _permitted(
        actor,
        action,
        member_last_period(member, on, actor=actor),
        can_change_member(actor, member),
    ):
        raise PermissionDenied(slug)
    form = action.form_class(request.POST or None, on=on, initial={"effective_on": on})  # type: ignore[call-arg]
    return _form_page(
        request,
        member,
        form,
        lambda data: action.call(actor, member, form, data),
        title=action.title,
        message=_("The event was recorded."),
    )


@login_required
def member_admit(request: HttpRequest, code: str) -> HttpResponse:
    actor = request.user
    on = parse_as_of(request)
    organization = organization_get(actor=actor, code=code, action=MemberPermission.VIEW)
    if not can(actor, CHANGE, organization):
        raise PermissionDenied(CHANGE)
    form = member_forms.AdmitForm(request.POST or None, on=on, initial={"effective_on": on})

    def call(data: dict[str, Any]) -> Member:
        return services.member_admit(
            actor=actor,
            organization=organization,
            admitted_on=data["effective_on"],
            decision=form.member_decision(),
            profile=form.profile(),
            member_key=data["member_key"],
            vote_on=data["vote_on"],
            over_age_approved=data["over_age_approved"],
            note=data["note"],
        )

    response = run_service(
        request,
        form,
        call,
        success_url=member_url,
        success_message=_("The member was admitted."),
        field_map=FIELD_MAP,
    )
    if response is not None:
        return response
    return render(
        request,
        "members/form.html",
        {
            "organization": organization,
            "state": organization_state(organization, on=on),
            "form": form,
            "title": _("Admit a new member"),
        },
    )


@login_required
def member_edit(request: HttpRequest, pk: int) -> HttpResponse:
    actor = request.user
    member = member_get(actor=actor, pk=pk)
    if not can_change_member(actor, member):
        raise PermissionDenied(CHANGE)
    form = member_forms.ProfileForm(request.POST or None, instance=Member.objects.get(pk=pk))

    def call(data: dict[str, Any]) -> Member:
        changes = {k: ("" if v is None and k != "birth_date" else v) for k, v in data.items()}
        return services.member_update_profile(actor=actor, member=member, changes=changes)

    return _form_page(
        request,
        member,
        form,
        call,
        title=_("Edit the record"),
        message=_("The record was saved."),
    )


def _event(request: HttpRequest, pk: int, event_pk: int) -> tuple[Member, MemberEvent]:
    actor = request.user
    member = member_get(actor=actor, pk=pk)
    if not can_change_member(actor, member):
        raise PermissionDenied(CHANGE)
    return member, member_event_get(actor=actor, member=member, pk=event_pk)


@login_required
def event_correct(request: HttpRequest, pk: int, event_pk: int) -> HttpResponse:
    actor = request.user
    member, event = _event(request, pk, event_pk)
    form = member_forms.CorrectForm(
        request.POST or None, initial={"effective_on": event.effective_on, "note": event.note}
    )

    def call(data: dict[str, Any]) -> MemberEvent:
        code = data["organization"]
        return services.member_event_correct(
            actor=actor,
            event=event,
            effective_on=data["effective_on"],
            organization=_target(code) if code else None,
            note=data["note"],
        )

    return _form_page(
        request,
        member,
        form,
        call,
        title=_("Correct the entry: %(event)s") % {"event": event.get_type_display()},
        message=_("The entry was corrected."),
    )


@login_required
def event_void(request: HttpRequest, pk: int, event_pk: int) -> HttpResponse:
    actor = request.user
    member, event = _event(request, pk, event_pk)
    form = member_forms.VoidForm(request.POST or None)
    return _form_page(
        request,
        member,
        form,
        lambda data: services.member_event_void(actor=actor, event=event, note=data["note"]),
        title=_("Cancel the entry: %(event)s") % {"event": event.get_type_display()},
        message=_("The entry was cancelled."),
    )


#
# Party card register and badges
#


@login_required
def member_card(request: HttpRequest, pk: int) -> HttpResponse:
    actor = request.user
    member = member_get(actor=actor, pk=pk)
    if not can_change_member(actor, member):
        raise PermissionDenied(MemberPermission.CHANGE)
    form = member_forms.PartyCardForm(
        request.POST or None, initial={"effective_on": parse_as_of(request)}
    )
    return _form_page(
        request,
        member,
        form,
        lambda data: services.party_card_record(actor=actor, member=member, **data),
        title=_("Party card register"),
        message=_("The card register was updated."),
    )


@login_required
def member_badge(request: HttpRequest, pk: int) -> HttpResponse:
    actor = request.user
    on = parse_as_of(request)
    member = member_get(actor=actor, pk=pk)
    if not can_change_member(actor, member):
        raise PermissionDenied(MemberPermission.CHANGE)
    milestones = BADGE_MILESTONE_YEARS(on=on)
    form = member_forms.BadgeAwardForm(
        request.POST or None, milestones=milestones, initial={"awarded_on": on}
    )
    return _form_page(
        request,
        member,
        form,
        lambda data: services.badge_award(actor=actor, member=member, **data),
        title=_("Award the party badge"),
        message=_("The badge award was recorded."),
    )
