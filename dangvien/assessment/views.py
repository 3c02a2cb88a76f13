"""The assessment's pages: the year of an organization (its members with their result, the
organizations below with theirs, a form deciding a whole cell at once), the forms of one result,
and the index of the organizations the user works on."""

from __future__ import annotations

from typing import Any

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext as _

from dangvien.accounts.scoping import can, granted_paths
from dangvien.assessment import services
from dangvien.assessment.choices import Subject
from dangvien.assessment.forms import ResultForm, SelfAssessmentForm, YearForm
from dangvien.assessment.models import AssessmentResult, AssessmentStep
from dangvien.assessment.permissions import AssessmentPermission
from dangvien.assessment.selectors import (
    YearPage,
    competent_body,
    current_result,
    organization_year,
    reference_date,
)
from dangvien.core import dates
from dangvien.http.runner import run_service
from dangvien.members.selectors import home_organization, member_get
from dangvien.organizations.models import Organization, OrganizationVersion
from dangvien.organizations.selectors import organization_get, organization_state

CHANGE = AssessmentPermission.CHANGE
VIEW = AssessmentPermission.VIEW


def _year(request: HttpRequest) -> int:
    raw = request.GET.get("year", "")
    if raw.isdigit() and 1930 <= int(raw) <= dates.today().year:
        return int(raw)
    # the year-end round: the current year from December, else the last one
    now = dates.today()
    return now.year if now.month == 12 else now.year - 1


def year_url(organization: Organization, year: int) -> str:
    return f"{reverse('web:assessment_year', args=[organization.code])}?year={year}"


@login_required
def index(request: HttpRequest) -> HttpResponse:
    """The organizations the user is granted (their roots), each with a link to its year."""
    paths = granted_paths(request.user, VIEW)
    states = OrganizationVersion.objects.at(dates.today()).select_related("organization")
    # the roots the user is granted (their access paths), or the tree's roots for an
    # administrator
    states = (
        states.filter(parent__isnull=True)
        if paths is None
        else states.filter(organization__path__in=paths)
    )
    return render(
        request,
        "assessment/index.html",
        {"states": list(states.order_by("name")), "year": _year(request)},
    )


@login_required
def year_page(request: HttpRequest, code: str) -> HttpResponse:
    organization = organization_get(actor=request.user, code=code)
    year = _year(request)
    page = organization_year(actor=request.user, organization=organization, year=year)
    if request.GET.get("format") == "xlsx":
        return _xlsx(request, organization, page)
    assessed = [line for line in page.members if line.assessed]
    may_change = can(request.user, CHANGE, organization)
    # the cell's proposals, or the decision (prefilled with the proposals and self-assessments)
    proposing = (request.POST or request.GET).get("stage") == "proposal"
    initial: dict[str, Any] = {"decided_on": reference_date(year)}
    for line in assessed:
        shown: list[AssessmentResult | AssessmentStep | None] = (
            [line.proposal, line.self_assessment]
            if proposing
            else [line.result, line.proposal, line.self_assessment]
        )
        source = next((item for item in shown if item is not None), None)
        if source is not None:
            initial[f"level_{line.period.member_id}"] = source.level
            initial[f"score_{line.period.member_id}"] = source.score
    form = YearForm(
        request.POST or None,
        member_ids=[line.period.member_id for line in assessed],
        initial=initial,
    )
    response = None
    if request.method == "POST":
        if not may_change:
            raise PermissionDenied(CHANGE)
        members = {line.period.member_id: line.period.member for line in assessed}

        def call(d: dict[str, Any]) -> Any:
            entries = [
                services.Entry(members[pk], level, score) for pk, level, score in form.lines()
            ]
            if proposing:
                return services.assessment_propose_many(
                    actor=request.user, year=year, proposed_on=d["decided_on"], entries=entries
                )
            return services.assessment_decide_many(
                actor=request.user, year=year, decided_on=d["decided_on"], entries=entries
            )

        response = run_service(
            request,
            form,
            call,
            success_url=year_url(organization, year),
            success_message=_("The proposals were recorded.")
            if proposing
            else _("The levels were recorded."),
        )
    if response is not None:
        return response
    rows = [
        (line, form[f"level_{line.period.member_id}"], form[f"score_{line.period.member_id}"])
        if line.assessed
        else (line, None, None)
        for line in page.members
    ]
    decider = competent_body(Subject.MEMBER, organization, page.on)
    return render(
        request,
        "assessment/year.html",
        {
            "organization": organization,
            "state": organization_state(organization, on=page.on),
            "page": page,
            "rows": rows,
            "form": form,
            "may_change": may_change,
            "proposing": proposing,
            "decider": organization_state(decider, on=page.on) if decider else None,
            "previous_year": year - 1,
            "next_year": year + 1 if year < dates.today().year else None,
        },
    )


def _xlsx(request: HttpRequest, organization: Organization, page: YearPage) -> HttpResponse:
    from dangvien.assessment.documents import year_xlsx
    from dangvien.audit.services import record_export

    state = organization_state(organization, on=page.on)
    record_export(actor=request.user, organization=organization, what=f"assessment {page.year}")
    response = HttpResponse(
        year_xlsx(page, state.name if state else organization.code),
        content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    )
    filename = f"xep-loai-{organization.code}-{page.year}.xlsx"
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


def _render_form(
    request: HttpRequest, title: str, form: ResultForm, back: str, existing: Any
) -> HttpResponse:
    return render(
        request,
        "assessment/form.html",
        {"title": title, "form": form, "back": back, "existing": existing},
    )


@login_required
def organization_result(request: HttpRequest, code: str) -> HttpResponse:
    """Record (or correct) the level of an organization for a year."""
    organization = organization_get(actor=request.user, code=code)
    if not can(request.user, CHANGE, organization):
        raise PermissionDenied(CHANGE)
    year = _year(request)
    form = ResultForm(
        request.POST or None, initial={"year": year, "decided_on": reference_date(year)}
    )

    def call(d: dict[str, Any]) -> Any:
        existing = current_result(year=d["year"], organization=organization)
        if existing is not None:
            return services.assessment_correct(
                actor=request.user, result=existing, level=d["level"], score=d["score"],
                decided_on=d["decided_on"], note=d["note"],
            )  # fmt: skip
        return services.assessment_record(
            actor=request.user, organization=organization, year=d["year"], level=d["level"],
            score=d["score"], decided_on=d["decided_on"], note=d["note"],
        )  # fmt: skip

    parent = organization_state(organization, on=reference_date(year))
    back_to = parent.parent if parent is not None and parent.parent is not None else organization
    response = run_service(
        request,
        form,
        call,
        success_url=lambda result: year_url(back_to, result.year),
        success_message=_("The level was recorded."),
    )
    state = organization_state(organization, on=reference_date(year))
    title = _("Level of %(name)s") % {"name": state.name if state else organization.code}
    return response or _render_form(
        request,
        title,
        form,
        year_url(back_to, year),
        current_result(year=year, organization=organization),
    )


@login_required
def member_result(request: HttpRequest, pk: int) -> HttpResponse:
    """Record (or correct) one member's level for a year."""
    member = member_get(actor=request.user, pk=pk)
    year = _year(request)
    home = home_organization(member, reference_date(year))
    if home is None:
        raise Http404("member")
    if not can(request.user, CHANGE, home):
        raise PermissionDenied(CHANGE)
    form = ResultForm(
        request.POST or None, initial={"year": year, "decided_on": reference_date(year)}
    )

    def call(d: dict[str, Any]) -> Any:
        existing = current_result(year=d["year"], member=member)
        if existing is not None:
            return services.assessment_correct(
                actor=request.user, result=existing, level=d["level"], score=d["score"],
                decided_on=d["decided_on"], note=d["note"],
            )  # fmt: skip
        return services.assessment_record(
            actor=request.user, member=member, year=d["year"], level=d["level"],
            score=d["score"], decided_on=d["decided_on"], note=d["note"],
        )  # fmt: skip

    back = reverse("web:member", args=[member.pk])
    response = run_service(
        request,
        form,
        call,
        success_url=back,
        success_message=_("The level was recorded."),
    )
    title = _("Level of %(name)s") % {"name": member.full_name}
    return response or _render_form(
        request, title, form, back, current_result(year=year, member=member)
    )


@login_required
def self_assessment(request: HttpRequest) -> HttpResponse:
    """The member's own self-assessment, from the portal."""
    from dangvien.portal.selectors import own_member

    member = own_member(request.user)
    year = _year(request)
    form = SelfAssessmentForm(request.POST or None, initial={"year": year, "form": "2C"})
    response = run_service(
        request,
        form,
        lambda d: services.assessment_self_submit(
            actor=request.user,
            member=member,
            year=d["year"],
            level=d["level"],
            score=d["score"],
            form=d["form"],
            note=d["note"],
            on=dates.today(),
        ),
        success_url=reverse("web:portal"),
        success_message=_("Your self-assessment was recorded."),
    )
    title = _("My self-assessment")
    return response or render(
        request,
        "assessment/form.html",
        {"title": title, "form": form, "back": reverse("web:portal"), "existing": None},
    )
