"""Pages of discipline: the cases of an organization's subtree, opening a case, a case file
(every read audited) with its proposal and decision forms."""

from __future__ import annotations

from datetime import date
from typing import Any

from django import forms
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from dangvien.accounts.scoping import can, granted_paths
from dangvien.competence.choices import DecisionKind
from dangvien.competence.selectors import acts_for, competence_sources
from dangvien.core.dates import today
from dangvien.core.decisions import Decision
from dangvien.core.exceptions import ValidationFailed
from dangvien.discipline import services
from dangvien.discipline.choices import Subject
from dangvien.discipline.forms import (
    AppealDecideForm,
    AppealForm,
    CaseOpenForm,
    ConclusionForm,
    DecideForm,
    ProgrammeForm,
    ProposeForm,
    StateNoticeForm,
)
from dangvien.discipline.models import DisciplineCase
from dangvien.discipline.permissions import DisciplinePermission
from dangvien.discipline.rule_keys import APPEAL_MONTHS
from dangvien.discipline.selectors import (
    appeal_bodies,
    case_counts,
    case_get,
    case_list,
    cases_in_scope,
    decider_choices,
    forms_offered,
    named,
    notices_of,
)
from dangvien.http.context import parse_as_of
from dangvien.http.runner import run_service
from dangvien.members.selectors import member_queryset
from dangvien.organizations.models import Organization
from dangvien.organizations.selectors import (
    granted_roots,
    organization_get,
    organization_names,
    organization_state,
)
from dangvien.rules.selectors import RuleMissing

VIEW = DisciplinePermission.VIEW
CHANGE = DisciplinePermission.CHANGE
COUNT = DisciplinePermission.COUNT


def _competent(call: Any) -> Any:
    """A refusal of competence (the rule cited) is shown on the form, not as a bare 403."""
    try:
        return call()
    except PermissionDenied as error:
        raise ValidationFailed(str(error), code="not_competent", field="form") from error


@login_required
@require_GET
def index(request: HttpRequest) -> HttpResponse:
    """The cases the user may read. A user who reads no files (the staff: counts only) is told
    so, and sent to the counts of their organizations, not told that there is no case."""
    actor = request.user
    cases = named(list(cases_in_scope(actor=actor)[:200]))
    files = granted_paths(actor, VIEW) != []
    counted = [] if files else granted_roots(actor, COUNT)
    names = organization_names({o.pk for o in counted})
    return render(
        request,
        "discipline/index.html",
        {
            "cases": cases,
            "files": files,
            "counted": [(o.code, names.get(o.pk, o.code)) for o in counted],
        },
    )


@login_required
@require_GET
def organization_cases(request: HttpRequest, code: str) -> HttpResponse:
    """The subtree's cases: the files to those who read them (the inspection commission, the
    cell secretary), the counts to the staff (with the cases addressed to their body)."""
    organization = organization_get(actor=request.user, code=code)
    if not can(request.user, COUNT, organization):
        raise PermissionDenied(COUNT)
    on = parse_as_of(request)
    files = can(request.user, VIEW, organization)
    return render(
        request,
        "discipline/list.html",
        {
            "organization": organization,
            "state": organization_state(organization, on=on),
            "files": files,
            "counts": case_counts(organization),
            "cases": named(list(case_list(actor=request.user, organization=organization)[:500])),
            "notices": list(notices_of(actor=request.user, organization=organization)[:200])
            if files
            else [],
            "can_change": can(request.user, CHANGE, organization),
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def case_new(request: HttpRequest, code: str) -> HttpResponse:
    organization = organization_get(actor=request.user, code=code)
    if not can(request.user, CHANGE, organization):
        raise PermissionDenied(CHANGE)
    form = CaseOpenForm(request.POST or None, initial={"opened_on": parse_as_of(request)})

    def call(d: dict[str, Any]) -> DisciplineCase:
        member = None
        if d["subject"] == Subject.MEMBER:
            member = (
                member_queryset(request.user).filter(member_key=d["member_key"].strip()).first()
            )
            if member is None or not d["member_key"].strip():
                raise ValidationFailed(
                    _("No member you may see has this key."), code="member", field="member_key"
                )
        return services.case_open(
            actor=request.user,
            subject=d["subject"],
            member=member,
            organization=organization if member is None else None,
            opened_on=d["opened_on"],
            violation=d["violation"],
            violated_on=d["violated_on"],
            offence=d["offence"],
            opened_by=organization,
            key=d["key"],
        )

    response = run_service(
        request,
        form,
        call,
        success_url=lambda case: reverse("web:discipline_case", args=[case.pk]),
        success_message=_("The case was opened."),
    )
    return response or render(
        request,
        "web/form.html",
        {
            "organization": organization,
            "state": organization_state(organization, on=parse_as_of(request)),
            "form": form,
            "title": _("Open a discipline case"),
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def case_detail(request: HttpRequest, pk: int) -> HttpResponse:
    actor = request.user
    case = named([case_get(actor=actor, pk=pk)])[0]
    services.case_file_read(actor=actor, case=case)
    on = parse_as_of(request)
    may_change = can(actor, CHANGE, case.organization)
    decided = hasattr(case, "decision")
    propose_form = ProposeForm(
        request.POST if request.POST.get("do") == "propose" else None,
        initial={"proposed_on": on},
    )
    decision_day = _posted_day(request, "decide", on)
    decide_form = DecideForm(
        request.POST if request.POST.get("do") == "decide" else None,
        initial={"decided_on": on},
        # an organization is decided by a body above it, chosen by name among those the
        # service accepts on the decision's day; a member's body follows from the rulebook
        bodies=decider_choices(case.organization, decision_day)
        if not decided and case.member is None
        else None,
        forms_offered=forms_offered(case, decision_day),
    )
    back = reverse("web:discipline_case", args=[case.pk])
    appeal = getattr(case.decision, "appeal", None) if decided else None
    settled = appeal is not None and hasattr(appeal, "ruling")
    may_settle = appeal is not None and not settled and acts_for(actor, appeal.appealed_to)
    appeal_form = AppealForm(
        request.POST if request.POST.get("do") == "appeal" else None,
        initial={"received_on": on, "lodged_on": on},
        bodies=appeal_bodies(case.decision, _posted_day(request, "appeal", on))
        if decided and appeal is None
        else [],
    )
    settle_form = AppealDecideForm(
        request.POST if request.POST.get("do") == "settle" else None,
        initial={"decided_on": on},
    )
    response = None
    if request.method == "POST" and request.POST.get("do") == "appeal" and decided:
        if not may_change or appeal is not None:
            raise PermissionDenied(CHANGE)
        response = run_service(
            request,
            appeal_form,
            lambda d: services.appeal_lodge(
                actor=actor,
                decision=case.decision,
                received_on=d["received_on"],
                lodged_on=d["lodged_on"],
                appealed_to=_organization_by_code(d["appealed_to"], "appealed_to"),
                grounds=d["grounds"],
            ),
            success_url=back,
            success_message=_("The appeal was recorded."),
        )
    elif request.method == "POST" and request.POST.get("do") == "settle":
        if not may_settle or appeal is None:
            raise PermissionDenied(CHANGE)
        response = run_service(
            request,
            settle_form,
            lambda d: services.appeal_decide(
                actor=actor,
                appeal=appeal,
                outcome=d["outcome"],
                new_form=d["new_form"],
                decision=Decision(d["number"], d["decided_on"]),
            ),
            success_url=back,
            success_message=_("The settlement of the appeal was recorded."),
            field_map={"date": "decided_on", "form": "new_form"},
        )
    elif request.method == "POST" and not decided:
        if not may_change and request.POST.get("do") == "propose":
            raise PermissionDenied(CHANGE)
        if request.POST.get("do") == "propose":
            response = run_service(
                request,
                propose_form,
                lambda d: _competent(
                    lambda: services.case_propose(
                        actor=actor,
                        case=case,
                        form=d["form"],
                        proposed_on=d["proposed_on"],
                        votes_for=d["votes_for"],
                        votes_against=d["votes_against"],
                        members_convened=d["members_convened"],
                    )
                ),
                success_url=back,
                success_message=_("The proposal was sent to the competent body."),
                field_map={"proposed_on": "proposed_on", "kind": "form"},
            )
        else:
            response = run_service(
                request,
                decide_form,
                lambda d: _competent(lambda: _decide(actor, case, d)),
                success_url=back,
                success_message=_("The decision was recorded."),
                field_map={
                    "date": "decided_on",
                    "deciding_organization": "deciding_body",
                    "decided_by_code": "deciding_body",
                },
            )
    if response is not None:
        return response
    return render(
        request,
        "discipline/case.html",
        {
            "case": case,
            "opened_by_name": getattr(case, "opened_by_name", ""),
            "decided": decided,
            "proposals": list(case.proposals.select_related("proposal", "proposal__ruling")),
            "may_change": may_change,
            "propose_form": propose_form,
            "decide_form": decide_form,
            "appeal": appeal,
            "settled": settled,
            "may_settle": may_settle,
            "appeal_form": appeal_form,
            "settle_form": settle_form,
            **_help_rules(on),
        },
    )


def _help_rules(on: date) -> dict[str, Any]:
    """The rules the case page's help cites, by their sources in the rulebook on the page's day
    (not their keys), each source once; today's for a day before the rulebook's first text (a
    page read at 1929 answered 500)."""
    try:
        return {
            "appeal_rule": APPEAL_MONTHS.version(on=on),
            "proposal_sources": competence_sources(
                (DecisionKind.DISMISSAL, DecisionKind.EXPULSION), on
            ),
        }
    except RuleMissing:
        return _help_rules(today()) if on != today() else {}


#: The date field of each posted form whose bodies depend on the day: the day the service
#: checks the body on (``services.appeal_lodge``, ``services.case_decide``).
_BODIES_DAY: dict[str, tuple[type[forms.Form], str]] = {
    "appeal": (AppealForm, "lodged_on"),
    "decide": (DecideForm, "decided_on"),
}


def _posted_day(request: HttpRequest, do: str, on: date) -> date:
    """The day the ``do`` form offers the bodies of: when that form is posted, its own date
    (the day its service checks the body on), else, or when it does not parse, the page's
    day."""
    if request.method != "POST" or request.POST.get("do") != do:
        return on
    form, name = _BODIES_DAY[do]
    try:
        day = form.base_fields[name].clean(request.POST.get(name))
    except ValidationError:
        return on
    return day if isinstance(day, date) else on


def _decide(actor: Any, case: DisciplineCase, d: dict[str, Any]) -> Any:
    deciding = None
    if d.get("deciding_body"):
        deciding = _organization_by_code(d["deciding_body"], "deciding_body")
    return services.case_decide(
        actor=actor,
        case=case,
        form=d["form"],
        outcome=d["outcome"],
        decision=Decision(d["number"], d["decided_on"]),
        deciding_organization=deciding,
        votes_for=d["votes_for"],
        votes_against=d["votes_against"],
        members_convened=d["members_convened"],
        confirmed=d.get("confirmed", False),  # asked only where an expulsion is offered
    )


def _organization_by_code(code: str, field: str) -> Organization:
    organization = Organization.objects.filter(code=code.strip()).first()
    if organization is None:
        raise ValidationFailed(_("No organization has this code."), code="code", field=field)
    return organization


@login_required
@require_http_methods(["GET", "POST"])
def notice_new(request: HttpRequest, code: str) -> HttpResponse:
    """Record a state body's notice that it disciplined or suspended a member."""
    organization = organization_get(actor=request.user, code=code)
    if not can(request.user, CHANGE, organization):
        raise PermissionDenied(CHANGE)
    on = parse_as_of(request)
    form = StateNoticeForm(request.POST or None, initial={"received_on": on})

    def call(d: dict[str, Any]) -> Any:
        member = member_queryset(request.user).filter(member_key=d["member_key"].strip()).first()
        if member is None:
            raise ValidationFailed(
                _("No member you may see has this key."), code="member", field="member_key"
            )
        return services.state_notice_record(
            actor=request.user,
            member=member,
            state_body=d["state_body"],
            measure=d["measure"],
            state_decision=Decision(d["state_decision_number"], d["state_decided_on"]),
            received_on=d["received_on"],
        )

    response = run_service(
        request,
        form,
        call,
        success_url=reverse("web:organization_discipline", args=[organization.code]),
        success_message=_("The notice was recorded."),
        field_map={"state_decision_number": "state_decision_number"},
    )
    return response or render(
        request,
        "web/form.html",
        {
            "organization": organization,
            "state": organization_state(organization, on=on),
            "form": form,
            "title": _("Record a state body's notice"),
        },
    )


@login_required
@require_GET
def case_decision_docx(request: HttpRequest, pk: int) -> HttpResponse:
    """The decision of a decided case as a DOCX document (a read of the file: audited)."""
    from django.http import Http404

    from dangvien.discipline.documents import decision_docx

    case = named([case_get(actor=request.user, pk=pk)])[0]
    if not getattr(case, "decided", False):
        raise Http404("decision")
    services.case_file_read(actor=request.user, case=case)
    subject = case.member.full_name if case.member is not None else case.organization_name  # type: ignore[attr-defined]
    content = decision_docx(case, issuer=case.decider_name, subject_name=subject)  # type: ignore[attr-defined]
    response = HttpResponse(
        content,
        content_type="application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    )
    response["Content-Disposition"] = f'attachment; filename="quyet-dinh-ky-luat-{case.key}.docx"'
    return response


@login_required
@require_http_methods(["GET", "POST"])
def organization_programmes(request: HttpRequest, code: str) -> HttpResponse:
    """Inspections and supervisions of an organization's subtree, and the form to plan one."""
    from dangvien.core.dates import today
    from dangvien.discipline.programmes import programme_plan, programmes_of

    organization = organization_get(actor=request.user, code=code)
    if not can(request.user, COUNT, organization):
        raise PermissionDenied(COUNT)
    on = parse_as_of(request)
    if not can(request.user, VIEW, organization):
        # the staff: how many, not which (inspection files are sensitive)
        if request.method == "POST":
            raise PermissionDenied(CHANGE)
        from dangvien.discipline.programmes import programme_counts

        return render(
            request,
            "discipline/programmes.html",
            {
                "organization": organization,
                "state": organization_state(organization, on=on),
                "counts": programme_counts(organization),
                "programmes": [],
                "form": None,
            },
        )
    may_change = can(request.user, CHANGE, organization)
    form = ProgrammeForm(request.POST or None, initial={"starts_on": on, "ends_on": on})
    response = None
    if request.method == "POST":
        if not may_change:
            raise PermissionDenied(CHANGE)

        def call(d: dict[str, Any]) -> Any:
            keys = [k.strip() for k in d["subjects"].replace("\n", ",").split(",") if k.strip()]
            organizations = list(Organization.objects.filter(code__in=keys))
            found = {o.code for o in organizations}
            members = list(
                member_queryset(request.user).filter(
                    member_key__in=[k for k in keys if k not in found]
                )
            )
            unknown = set(keys) - found - {m.member_key for m in members}
            if unknown:
                raise ValidationFailed(
                    _("Unknown codes or member keys: %(keys)s")
                    % {"keys": ", ".join(sorted(unknown))},
                    code="unknown_subject",
                    field="subjects",
                )
            return programme_plan(
                actor=request.user,
                organization=organization,
                kind=d["kind"],
                title=d["title"],
                starts_on=d["starts_on"],
                ends_on=d["ends_on"],
                team=d["team"],
                organizations=organizations,
                members=members,
            )

        response = run_service(
            request,
            form,
            call,
            success_url=reverse("web:organization_programmes", args=[organization.code]),
            success_message=_("The programme was planned."),
        )
    if response is not None:
        return response
    programmes = list(programmes_of(actor=request.user, organization=organization)[:300])
    day = today()
    for programme in programmes:
        concluded = hasattr(programme, "conclusion")
        programme.concluded = concluded  # type: ignore[attr-defined]
        programme.overdue = not concluded and programme.ends_on < day  # type: ignore[attr-defined]
    return render(
        request,
        "discipline/programmes.html",
        {
            "organization": organization,
            "state": organization_state(organization, on=on),
            "programmes": programmes,
            "form": form if may_change else None,
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def programme_conclude_view(request: HttpRequest, pk: int) -> HttpResponse:
    from django.http import Http404

    from dangvien.discipline.models import Programme
    from dangvien.discipline.programmes import programme_conclude

    programme = Programme.objects.for_actor(request.user, CHANGE).filter(pk=pk).first()
    if programme is None:
        raise Http404("programme")
    organization = programme.organization
    form = ConclusionForm(request.POST or None, initial={"concluded_on": parse_as_of(request)})
    response = run_service(
        request,
        form,
        lambda d: programme_conclude(
            actor=request.user,
            programme=programme,
            concluded_on=d["concluded_on"],
            findings=d["findings"],
            recommendations=d["recommendations"],
            violation_found=d["violation_found"],
            recommendations_due_on=d["recommendations_due_on"],
        ),
        success_url=reverse("web:programme", args=[programme.pk]),
        success_message=_("The conclusion was recorded."),
    )
    return response or render(
        request,
        "web/form.html",
        {
            "organization": organization,
            "state": organization_state(organization, on=programme.starts_on),
            "form": form,
            "title": _("Conclusion: %(title)s") % {"title": programme.title},
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def programme_detail(request: HttpRequest, pk: int) -> HttpResponse:
    """An inspection or supervision: its subjects, conclusion and the follow-up of its
    recommendations (each with a due date; carried out, or overdue, as dated events)."""
    from django.http import Http404

    from dangvien.core.dates import today
    from dangvien.discipline.forms import RecommendationDoneForm, RecommendationForm
    from dangvien.discipline.models import Programme, Recommendation
    from dangvien.discipline.programmes import (
        recommendation_add,
        recommendation_done,
        recommendations_of,
    )

    actor = request.user
    programme = (
        Programme.objects.for_actor(actor, VIEW)
        .select_related("organization", "conclusion")
        .filter(pk=pk)
        .first()
    )
    if programme is None:
        raise Http404("programme")
    conclusion = getattr(programme, "conclusion", None)
    may_change = conclusion is not None and can(actor, CHANGE, programme.organization)
    back = reverse("web:programme", args=[programme.pk])
    add_form = RecommendationForm(
        request.POST if request.POST.get("do") == "add" else None, initial={"due_on": today()}
    )
    done_form = RecommendationDoneForm(
        request.POST if request.POST.get("do") == "done" else None,
        initial={"done_on": today()},
    )
    response = None
    if request.method == "POST":
        if not may_change or conclusion is None:
            raise PermissionDenied(CHANGE)
        if request.POST.get("do") == "add":
            response = run_service(
                request,
                add_form,
                lambda d: recommendation_add(
                    actor=actor, conclusion=conclusion, text=d["text"], due_on=d["due_on"]
                ),
                success_url=back,
                success_message=_("The recommendation was recorded."),
            )
        else:

            def done(d: dict[str, Any]) -> Any:
                item = Recommendation.objects.filter(pk=d["item"], conclusion=conclusion).first()
                if item is None:
                    raise ValidationFailed(_("Unknown recommendation."), code="item")
                return recommendation_done(
                    actor=actor, recommendation=item, done_on=d["done_on"], note=d["note"]
                )

            response = run_service(
                request,
                done_form,
                done,
                success_url=back,
                success_message=_("The recommendation was marked as carried out."),
            )
    if response is not None:
        return response
    return render(
        request,
        "discipline/programme.html",
        {
            "programme": programme,
            "organization": programme.organization,
            "state": organization_state(programme.organization, on=programme.starts_on),
            "conclusion": conclusion,
            "items": recommendations_of(actor=actor, programme=programme),
            "may_change": may_change,
            "add_form": add_form,
            "done_form": done_form,
        },
    )


@login_required
@require_GET
def organization_overdue(request: HttpRequest, code: str) -> HttpResponse:
    """Overdue conclusions and overdue recommendations of an organization's subtree."""
    from dangvien.discipline.programmes import overdue_conclusions, overdue_recommendations

    organization = organization_get(actor=request.user, code=code)
    if not can(request.user, VIEW, organization):
        raise PermissionDenied(VIEW)
    return render(
        request,
        "discipline/overdue.html",
        {
            "organization": organization,
            "state": organization_state(organization, on=parse_as_of(request)),
            "programmes": list(
                overdue_conclusions(actor=request.user, organization=organization)[:300]
            ),
            "items": list(
                overdue_recommendations(actor=request.user, organization=organization)[:300]
            ),
        },
    )
