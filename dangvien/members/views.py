"""Member pages: search, an organization's lists at a date (with XLSX exports), the member's
record, and one form per lifecycle action (each calls exactly one service)."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from typing import Any

from django import forms
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils.functional import Promise
from django.utils.text import capfirst
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET

from dangvien.accounts.scoping import can
from dangvien.audit.selectors import cached_until_write
from dangvien.audit.services import record_export, record_read
from dangvien.competence.choices import DecisionKind
from dangvien.competence.selectors import may_decide
from dangvien.http.context import parse_as_of
from dangvien.http.registry import PanelContext, member_panels, shown_panels
from dangvien.http.runner import run_service
from dangvien.members import forms as member_forms
from dangvien.members import services
from dangvien.members.actions import (
    ACTIONS,
    action_permitted,
    available_actions,
    target_organization,
)
from dangvien.members.exports import xlsx_response
from dangvien.members.forms import ACTION_FORMS
from dangvien.members.models import Member, MemberEvent, MemberPeriod
from dangvien.members.permissions import MemberPermission
from dangvien.members.rule_keys import BADGE_MILESTONE_YEARS
from dangvien.members.selectors import (
    badge_awards,
    can_change_member,
    card_register,
    home_organization,
    lifecycle_dates,
    member_event_get,
    member_events_seen,
    member_get,
    member_known_period,
    member_last_period,
    member_list_at,
    member_list_counts,
    member_periods,
    member_search,
    members_in_force,
    members_last_periods,
    party_age,
    periods_shown,
)
from dangvien.members.transitions import STATUS_LABELS
from dangvien.members.worklists import MEMBER_HEADERS, WORKLISTS, member_rows
from dangvien.organizations.selectors import (
    organization_get,
    organization_names,
    organization_state,
)

CHANGE = MemberPermission.CHANGE

#: A line of help on the action forms people confuse (issue 18 §7).
ACTION_HELP: dict[str, Promise] = {
    "transfer": gettext_lazy(
        "Transfer in one step: the member leaves this cell and joins the new one on the same "
        "day, both sides recorded at once. Use it when both organizations are in your scope "
        "and the transfer is already done; otherwise issue an introduction (two steps)."
    ),
    "transfer-issue": gettext_lazy(
        "Introduction of a transfer (giấy giới thiệu sinh hoạt đảng), first of two steps: the "
        "member stays counted here, in transit, until the receiving organization records the "
        "reception. Issued by the body competent to introduce it."
    ),
    "transfer-receive": gettext_lazy(
        "Second step of a transfer: the receiving organization records the day the member "
        "presented the introduction; from that day the member counts here."
    ),
    "transfer-cancel": gettext_lazy(
        "Withdraws an introduction that was not received; the member stays where they were."
    ),
}
PAGE_SIZE = 50


def member_url(member: Member) -> str:
    return reverse("web:member", args=[member.pk])


#
# Search
#


#: How many members a search shows (the first in name order).
SEARCH_ROWS = 50


@login_required
@require_GET
def search(request: HttpRequest) -> HttpResponse | FileResponse:
    on = parse_as_of(request)
    query = request.GET.get("q", "").strip()
    rows = []
    periods: list[MemberPeriod] = []
    found = list(member_search(actor=request.user, query=query, limit=SEARCH_ROWS)) if query else []
    last_periods = members_last_periods(found, on, actor=request.user)
    ended = [p.member_id for p in last_periods.values() if _ended(p, on)]
    ended += [m.pk for m in found if m.pk not in last_periods]  # not yet in the scope that day
    in_force = members_in_force(ended, on) if ended else set()
    for member in found:
        period = last_periods.get(member.pk)
        status = _status_label(period, on, elsewhere=member.pk in in_force)
        rows.append({"member": member, "period": period, "status": status})
        if period is not None:
            periods.append(period)
    if query and request.GET.get("export") == "xlsx":
        # the search results as the member list's export (members with a period in scope)
        record_export(actor=request.user, organization=None, what="member-search.xlsx")
        return xlsx_response(
            f"tim-dang-vien-{on.isoformat()}",
            _("Party members"),
            MEMBER_HEADERS,
            member_rows(periods, on),
        )
    # the first rows in name order only: say so, and how to narrow the search
    context = {"q": query, "rows": rows, "more": len(found) == SEARCH_ROWS}
    return render(request, "members/search.html", context)


def _ended(period: MemberPeriod | None, on: date) -> bool:
    return period is not None and period.valid_to is not None and period.valid_to <= on


def _status_label(period: MemberPeriod | None, on: date, *, elsewhere: bool = False) -> str:
    """The member's status as the actor's last period of them shows it; a period that ended
    while the member stayed a member (``elsewhere``: a transfer out, a temporary stay that
    ended) is no exit."""
    # a label of its own beside "Chính thức", "Dự bị": capitalised (the rulebook's sentences
    # use the same words inside a sentence)
    if period is None:
        # a member that day in an organization outside the reader's scope (before coming into
        # it) is not "not a member" beside an admission date of years before
        if elsewhere:
            return capfirst(str(_("a member outside your organizations")))
        return capfirst(str(STATUS_LABELS["none"]))
    if _ended(period, on):
        return capfirst(str(_("left your organizations") if elsewhere else STATUS_LABELS["exited"]))
    return str(period.get_status_display())


#
# Lists of an organization
#


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
            member_rows(periods, on),
        )
    # a province's counts read a million periods (seconds): kept until the next change
    counts = cached_until_write(
        f"member-counts:{actor.pk}:{organization.pk}:{on}:{sorted(form.filters().items())}",
        lambda: member_list_counts(periods),
    )
    # every row when printing
    printing = request.GET.get("print") == "1"
    paginator = Paginator(
        periods.values_list("pk", flat=True), max(counts["total"], 1) if printing else PAGE_SIZE
    )
    paginator.count = counts["total"]  # counted above: not a second time
    page: Any = paginator.get_page(request.GET.get("page"))
    # the ids of the page, ordered and paged by the database, then the page's rows in full
    page.object_list = shown = periods_shown(list(page.object_list))
    query = request.GET.copy()
    query.pop("page", None)
    query.pop("export", None)
    query.pop("print", None)
    context = {
        "organization": organization,
        "state": organization_state(organization, on=on),
        "form": form,
        "counts": counts,
        "page": page,
        "printing": printing,
        "names": organization_names(
            [p.organization_id for p in shown]
            + [p.host_organization_id for p in shown]
            + [p.transit_to_id for p in shown]
        ),
        "query": query.urlencode(),
        "can_admit": can(actor, CHANGE, organization),
        "lists": WORKLISTS,
    }
    return render(request, "members/list.html", context)


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
            [row.cells for row in rows],
        )
    context = {
        "organization": organization,
        "state": organization_state(organization, on=on),
        "worklist": worklist,
        "rows": [
            {
                "member": row.member,
                "cells": row.cells,
                "can_receive": row.incoming
                and bool(available_actions(actor, row.member, on, ["transfer-receive"])),
            }
            for row in rows
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
    # a member's file holds sensitive personal data (Decree 13/2023): every read is audited,
    # under the organization the reader knows the member by (read at a day before the member
    # joined, their latest one: the audit log of that subtree lists the read)
    known_as = member_known_period(member, on, actor=actor)
    record_read(
        actor=actor,
        what="member.file",
        organization=known_as.organization if known_as else None,
        obj=member,
    )
    events = member_events_seen(actor=actor, member=member)
    corrected = {e.corrects_id: e for e in events if e.corrects_id}
    page = PanelContext(request=request, actor=actor, subject=member, on=on, state=period)
    periods = member_periods(actor=actor, member=member)
    names = organization_names(
        [getattr(period, "organization_id", None), getattr(period, "host_organization_id", None)]
        + [getattr(period, "transit_to_id", None)]
        + [o for p in periods for o in (p.organization_id, p.host_organization_id, p.transit_to_id)]
        + [o for e in events for o in (e.organization_id, e.from_organization_id)]
    )
    elsewhere = (period is None or _ended(period, on)) and bool(members_in_force([member.pk], on))
    status = _status_label(period, on, elsewhere=elsewhere)
    dates = lifecycle_dates(member, actor=actor, on=on)
    home = home_organization(member, on)
    if dates.exit_type == "died" and period is not None and period.valid_to is not None:
        status = _("Deceased")
    context = {
        "member": member,
        "names": names,
        "period": period,
        "status": status,
        "dates": dates,
        "age": party_age(member, on),
        "events": [{"event": e, "correction": corrected.get(e.pk)} for e in events],
        "periods": periods,
        # the registers as they stood on the day read (a card withdrawn in 2026 was listed on
        # the page of 2022)
        "cards": card_register(actor=actor, member=member).filter(effective_on__lte=on),
        "badges": badge_awards(actor=actor, member=member).filter(awarded_on__lte=on),
        "actions": [(a.slug, a.title) for a in available_actions(actor, member, on)],
        "can_change": can_change_member(actor, member),
        # the badge register records an award the competent body decided: its button for those
        # who act for that body; the others propose the award (the proposals panel). Asked of
        # the member's organization on the day, as the panel and the service ask it (the
        # reader's last period of a member who moved away is another organization)
        "may_award_badge": home is not None
        and may_decide(actor, DecisionKind.BADGE_AWARD, home, on),
        "profile": [
            (getattr(Member._meta.get_field(name), "verbose_name", name), _display(member, name))
            for name in services.PROFILE_FIELDS
        ],
        "panels": shown_panels(member_panels, page),
    }
    return render(request, "members/detail.html", context)


def _display(member: Member, name: str) -> str | date | None:
    display = getattr(member, f"get_{name}_display", None)
    return display() if display is not None else getattr(member, name)


#
# Lifecycle forms
#

FIELD_MAP = {
    "to_organization": "organization",
    "host": "organization",
    "admitted_on": "effective_on",
}


def _form_page(
    request: HttpRequest,
    member: Member,
    form: forms.BaseForm,
    call: Callable[[dict[str, Any]], object],
    *,
    title: str | Promise,
    message: str,
    help_text: str | Promise | None = None,
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
    return render(
        request,
        "members/form.html",
        {"member": member, "form": form, "title": title, "help_text": help_text},
    )


@login_required
def member_action(request: HttpRequest, pk: int, slug: str) -> HttpResponse:
    action = ACTIONS.get(slug)
    if action is None:
        raise Http404("action")
    actor = request.user
    on = parse_as_of(request)
    member = member_get(actor=actor, pk=pk)
    if not action_permitted(
        actor,
        action,
        member_last_period(member, on, actor=actor),
        can_change_member(actor, member),
        on,  # the page's date, as the member page that offered the action used
    ):
        raise PermissionDenied(slug)
    form = ACTION_FORMS[action.input](request.POST or None, on=on, initial={"effective_on": on})
    return _form_page(
        request,
        member,
        form,
        lambda data: action.perform(actor, member, form.action_request()),
        title=action.title,
        message=_("The event was recorded."),
        help_text=ACTION_HELP.get(slug),
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
            organization=target_organization(code) if code else None,
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
