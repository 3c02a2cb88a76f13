"""Admission pages: the pipeline board of an organization (register, days off), a candidate's
file with its checklist and deadlines (one form per step or action, each calling one service),
targets (progress and setting them), overdue list, and the index of organizations."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django import forms
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils.functional import Promise
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from dangvien.accounts.permissions import Permission
from dangvien.accounts.scoping import can
from dangvien.admissions import services
from dangvien.admissions.checks import candidate_checklist
from dangvien.admissions.choices import STEP_ORDER, CandidateKind, CandidateStatus, Step
from dangvien.admissions.forms import (
    CandidateForm,
    DayOffForm,
    ExtensionForm,
    IntroducersForm,
    ReadmissionForm,
    RecogniseForm,
    RecognitionVoteForm,
    RemoveForm,
    StepForm,
    TargetForm,
    offer_votes,
)
from dangvien.admissions.models import Candidate
from dangvien.admissions.permissions import AdmissionPermission
from dangvien.admissions.selectors import (
    candidate_deadlines,
    candidate_get,
    days_off_list,
    deadline_report,
    index_organizations,
    introducer_choices,
    next_step,
    pipeline_board,
    readmission_choices,
    target_organizations,
    target_progress,
    targets_list,
    white_units,
)
from dangvien.core.votes import RecordedVote, VotePurpose, vote_choices, vote_get
from dangvien.http.context import parse_as_of
from dangvien.http.runner import run_service
from dangvien.organizations.selectors import organization_get, organization_state
from dangvien.targets.models import TargetKind
from dangvien.targets.permissions import TargetPermission
from dangvien.targets.services import admission_target_set

CHANGE, DECIDE = services.CHANGE, services.DECIDE
TARGETS_CHANGE = TargetPermission.CHANGE


def _require(request: HttpRequest, action: Permission, organization: Any) -> None:
    """Write forms are refused (403) as a whole to whoever may not do the action."""
    if not can(request.user, action, organization):
        raise PermissionDenied(action)


def _candidate_url(candidate: Candidate) -> str:
    return reverse("web:admission_candidate", args=[candidate.pk])


#
# Board, registration, days off
#


@login_required
def board(request: HttpRequest, code: str) -> HttpResponse:
    organization = organization_get(actor=request.user, code=code, action=AdmissionPermission.VIEW)
    columns = pipeline_board(actor=request.user, organization=organization)
    return render(
        request,
        "admissions/board.html",
        {
            "organization": organization,
            "state": organization_state(organization),
            "columns": columns,
            "may_register": can(request.user, CHANGE, organization),
            "may_decide": can(request.user, DECIDE, organization),
            "days_off": days_off_list(organization)[:50],
            "day_off_form": DayOffForm(),
        },
    )


def _form_page(
    request: HttpRequest, form: forms.Form, title: Any, organization: Any, **extra: Any
) -> HttpResponse:
    context = {
        "form": form,
        "title": title,
        "organization": organization,
        "state": organization_state(organization),
        **extra,
    }
    return render(request, "admissions/form.html", context)


@login_required
def register(request: HttpRequest, code: str) -> HttpResponse:
    organization = organization_get(actor=request.user, code=code, action=AdmissionPermission.VIEW)
    _require(request, CHANGE, organization)
    form = CandidateForm(request.POST or None, actor=request.user, organization=organization)
    response = run_service(
        request,
        form,
        lambda data: services.candidate_register(
            actor=request.user,
            organization=organization,
            profile=form.profile(),
            source=data["source"],
            joined_unit_on=data["joined_unit_on"],
            over_age_approved=data["over_age_approved"],
            note=data["note"],
        ),
        success_url=_candidate_url,
        success_message=_("The candidate is registered."),
        field_map={"organization": "", "member": ""},
    )
    return response or _form_page(request, form, _("Register a candidate"), organization)


@login_required
def readmit(request: HttpRequest, code: str) -> HttpResponse:
    organization = organization_get(actor=request.user, code=code, action=AdmissionPermission.VIEW)
    _require(request, CHANGE, organization)
    form = ReadmissionForm(
        request.POST or None,
        actor=request.user,
        organization=organization,
        members=readmission_choices(actor=request.user, organization=organization),
    )
    response = run_service(
        request,
        form,
        lambda data: services.candidate_register(
            actor=request.user,
            organization=organization,
            profile={},
            source=data["source"],
            joined_unit_on=data["joined_unit_on"],
            readmit_member=data["member"],
            note=data["note"],
        ),
        success_url=_candidate_url,
        success_message=_("The candidate is registered."),
        field_map={"organization": "", "full_name": "member"},
    )
    return response or _form_page(
        request, form, _("Register a candidate for re-admission"), organization
    )


@login_required
def day_off(request: HttpRequest, code: str) -> HttpResponse:
    organization = organization_get(actor=request.user, code=code, action=AdmissionPermission.VIEW)
    _require(request, DECIDE, organization)
    form = DayOffForm(request.POST or None)
    response = run_service(
        request,
        form,
        lambda data: services.day_off_set(
            actor=request.user, organization=organization, day=data["day"], reason=data["reason"]
        ),
        success_url=reverse("web:admission_board", args=[organization.code]),
        success_message=_("The day off is recorded."),
    )
    return response or _form_page(
        request,
        form,
        _("Days off"),
        organization,
        days_off=days_off_list(organization)[:50],
    )


#
# The candidate's file
#


@login_required
def candidate(request: HttpRequest, pk: int) -> HttpResponse:
    item = candidate_get(actor=request.user, pk=pk)
    upcoming = next_step(item) if item.status == CandidateStatus.ACTIVE else None
    step_action = DECIDE if upcoming == Step.DECISION else CHANGE
    may_step = upcoming is not None and can(request.user, step_action, item.organization)
    form: StepForm | None = None
    if request.method == "POST":
        if upcoming is None:
            raise Http404("step")
        _require(request, step_action, item.organization)
    if may_step and upcoming is not None:
        form = StepForm(
            request.POST or None,
            step=upcoming,
            readmission=item.kind == CandidateKind.READMISSION,
        )
        if upcoming == Step.CELL_VOTE:
            offer_votes(
                form,
                vote_choices(request.user, item.organization_id, (VotePurpose.ADMISSION,)),
                ["members_called", "votes_for"],
            )
        step_form = form
        if upcoming == Step.CEREMONY:
            response = run_service(
                request,
                step_form,
                lambda data: services.candidate_admit(
                    actor=request.user,
                    candidate=item,
                    ceremony_on=data["done_on"],
                    note=data["note"],
                    consent=step_form.consent(),
                    hardship_exception=data.get("hardship_exception") or "",
                ),
                success_url=_candidate_url(item),
                success_message=_("The person is admitted as a probationary member."),
                field_map={"ceremony_on": "done_on", "step": "", "consent": "consent_number"},
            )
        else:
            response = run_service(
                request,
                step_form,
                lambda data: services.candidate_advance(
                    actor=request.user,
                    candidate=item,
                    step=upcoming,
                    done_on=data["done_on"],
                    document_number=data.get("document_number") or "",
                    issuer=data.get("issuer") or "",
                    members_called=data.get("members_called"),
                    votes_for=data.get("votes_for"),
                    note=data["note"],
                    meeting_vote=_meeting_vote(request.user, data),
                ),
                success_url=_candidate_url(item),
                success_message=_("The step is recorded."),
                field_map={"step": ""},
            )
        if response is not None:
            return response
    checklist = candidate_checklist(item)
    context: dict[str, Any] = {
        "candidate": item,
        "organization": item.organization,
        "checklist": checklist,
        "missing": [i for i in checklist if i.status != "passed"],
        "deadlines": candidate_deadlines(item),
        "steps": item.steps.order_by("done_on", "id"),
        "introducers": list(item.introducers.all()),
        "votes": item.recognition_votes.order_by("voted_on", "id"),
        "next_step": Step(upcoming).label if upcoming else None,
        "waiting_decision": upcoming == Step.DECISION and not may_step,
        "form": form,
        "actions": [
            (slug, spec.title)
            for slug, spec in ACTIONS.items()
            if spec.available(item) and can(request.user, spec.action, item.organization)
        ],
        "today": parse_as_of(request),
    }
    return render(request, "admissions/candidate.html", context)


@dataclass(frozen=True)
class Action:
    title: str | Promise
    action: Permission
    available: Callable[[Candidate], bool]
    form: Callable[[HttpRequest, Candidate], forms.Form]
    call: Callable[[HttpRequest, Candidate, Any], Any]
    done: str | Promise


def _before_vote(c: Candidate) -> bool:
    return c.status == CandidateStatus.ACTIVE and STEP_ORDER.index(c.step) < STEP_ORDER.index(
        Step.CELL_VOTE
    )


def _on_probation(c: Candidate) -> bool:
    return c.status == CandidateStatus.PROBATION


def _introducers_form(request: HttpRequest, c: Candidate) -> forms.Form:
    members = introducer_choices(actor=request.user, candidate=c, search=request.GET.get("q", ""))
    initial = {
        "introducers": [m.pk for m in c.introducers.all()],
        "union_body": c.union_body,
    }
    return IntroducersForm(request.POST or None, members=members, initial=initial)


def _meeting_vote(actor: Any, data: dict[str, Any]) -> RecordedVote | None:
    """The vote taken at a meeting picked in the form, if any (one the user may see)."""
    pk = data.get("meeting_vote")
    return vote_get(actor, pk) if pk else None


def _recognition_form(request: HttpRequest, c: Candidate) -> forms.Form:
    form = RecognitionVoteForm(request.POST or None)
    offer_votes(
        form,
        vote_choices(request.user, c.organization_id, (VotePurpose.RECOGNITION,)),
        ["voted_on", "members_called", "votes_for"],
    )
    return form


ACTIONS: dict[str, Action] = {
    "introducers": Action(
        gettext_lazy("Introducers"),
        CHANGE,
        _before_vote,
        _introducers_form,
        lambda r, c, f: services.candidate_set_introducers(
            actor=r.user,
            candidate=c,
            introducers=list(f.cleaned_data["introducers"]),
            union_body=f.cleaned_data["union_body"],
        ),
        gettext_lazy("The introducers are recorded."),
    ),
    "extend": Action(
        gettext_lazy("Extend the decision deadline"),
        DECIDE,
        lambda c: c.status == CandidateStatus.ACTIVE and c.step in {Step.CELL_VOTE, Step.PROPOSAL},
        lambda r, c: ExtensionForm(
            r.POST or None,
            initial={
                "working_days": c.extension_working_days or None,
                "reason": c.extension_reason,
            },
        ),
        lambda r, c, f: services.candidate_extend_decision(
            actor=r.user,
            candidate=c,
            working_days=f.cleaned_data["working_days"],
            reason=f.cleaned_data["reason"],
        ),
        gettext_lazy("The deadline is extended."),
    ),
    "recognition-vote": Action(
        gettext_lazy("Recognition vote of the cell"),
        CHANGE,
        lambda c: _on_probation(c) and not c.escalated,
        _recognition_form,
        lambda r, c, f: services.recognition_vote_record(
            actor=r.user,
            candidate=c,
            voted_on=f.cleaned_data["voted_on"],
            members_called=f.cleaned_data["members_called"],
            votes_for=f.cleaned_data["votes_for"],
            note=f.cleaned_data["note"],
            meeting_vote=_meeting_vote(r.user, f.cleaned_data),
        ),
        gettext_lazy("The vote is recorded."),
    ),
    "recognise": Action(
        gettext_lazy("Recognise as official member"),
        DECIDE,
        _on_probation,
        lambda r, c: RecogniseForm(r.POST or None),
        lambda r, c, f: services.candidate_recognise(
            actor=r.user, candidate=c, decision=f.decision()
        ),
        gettext_lazy("The member is recognised as official."),
    ),
    "remove": Action(
        gettext_lazy("Remove from the list during probation"),
        DECIDE,
        _on_probation,
        lambda r, c: RemoveForm(r.POST or None),
        lambda r, c, f: services.candidate_remove(
            actor=r.user,
            candidate=c,
            effective_on=f.cleaned_data["effective_on"],
            decision=f.decision(),
            note=f.cleaned_data["note"],
        ),
        gettext_lazy("The probationary member is removed from the list."),
    ),
}


@login_required
def candidate_action(request: HttpRequest, pk: int, slug: str) -> HttpResponse:
    spec = ACTIONS.get(slug)
    if spec is None:
        raise Http404(slug)
    item = candidate_get(actor=request.user, pk=pk)
    _require(request, spec.action, item.organization)
    if not spec.available(item):
        raise Http404(slug)
    form = spec.form(request, item)
    response = run_service(
        request,
        form,
        lambda data: spec.call(request, item, form),
        success_url=_candidate_url(item),
        success_message=str(spec.done),
        field_map={"step": ""},
    )
    if response is not None:
        return response
    return _form_page(
        request,
        form,
        spec.title,
        item.organization,
        candidate=item,
        search=request.GET.get("q", "") if slug == "introducers" else None,
    )


#
# Targets, overdue, index
#


@login_required
def targets(request: HttpRequest, code: str) -> HttpResponse:
    organization = organization_get(actor=request.user, code=code, action=TargetPermission.VIEW)
    on = parse_as_of(request)
    may_set = can(request.user, TARGETS_CHANGE, organization)
    kind = request.GET.get("kind", "")
    kind = kind if kind in TargetKind.values else ""
    if request.method == "POST":
        _require(request, TARGETS_CHANGE, organization)
    form: TargetForm | None = None
    if may_set:
        states = target_organizations(actor=request.user, organization=organization)
        form = TargetForm(
            request.POST or None,
            states=states,
            initial={"organization": str(organization.pk)},
        )
        target_form = form
        response = run_service(
            request,
            target_form,
            lambda data: admission_target_set(
                actor=request.user,
                organization=target_form.states[data["organization"]].organization,
                period_from=data["period_from"],
                period_to=data["period_to"],
                admissions=data["admissions"],
                members_per_population_percent=data["members_per_population_percent"],
                note=data["note"],
                kind=data["kind"],
            ),
            success_url=reverse("web:admission_targets", args=[organization.code]),
            success_message=_("The target is recorded."),
        )
        if response is not None:
            return response
    return render(
        request,
        "admissions/targets.html",
        {
            "organization": organization,
            "progress": target_progress(
                actor=request.user, organization=organization, on=on, kind=kind
            ),
            "kind": kind,
            "kinds": TargetKind.choices,
            "white": white_units(actor=request.user, organization=organization, on=on),
            "targets": targets_list(actor=request.user, organization=organization),
            "form": form,
        },
    )


@login_required
def overdue(request: HttpRequest, code: str) -> HttpResponse:
    organization = organization_get(actor=request.user, code=code, action=AdmissionPermission.VIEW)
    report = deadline_report(actor=request.user, organization=organization, on=parse_as_of(request))
    return render(
        request, "admissions/overdue.html", {"organization": organization, "report": report}
    )


@login_required
def index(request: HttpRequest) -> HttpResponse:
    query = request.GET.get("q", "").strip()
    rows = index_organizations(actor=request.user, search=query)
    return render(request, "admissions/index.html", {"rows": rows, "q": query})
