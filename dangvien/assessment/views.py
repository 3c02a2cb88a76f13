"""The assessment's pages: the year of an organization (its members with their result, the
organizations below with theirs, a form deciding a whole cell at once), the forms of one result,
and the index of the organizations the user works on."""

from __future__ import annotations

from datetime import date
from typing import Any

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext as _

from dangvien.accounts.scoping import can, granted_paths
from dangvien.assessment import services
from dangvien.assessment.choices import Level, Subject
from dangvien.assessment.forms import (
    ResultForm,
    RoundCloseForm,
    RoundOpenForm,
    SelfAssessmentForm,
    YearForm,
)
from dangvien.assessment.models import AssessmentResult, AssessmentRound, AssessmentStep
from dangvien.assessment.permissions import AssessmentPermission
from dangvien.assessment.rule_keys import MEMBER_COMPETENCE
from dangvien.assessment.rules import EXCLUSION_WORDS
from dangvien.assessment.selectors import (
    MemberLine,
    YearPage,
    competent_body,
    current_result,
    form_data,
    member_form_code,
    organization_form_data,
    organization_year,
    overlapping_round,
    reference_date,
    round_closure,
    round_differences,
    round_figures,
    round_get,
    round_list,
    round_progress,
)
from dangvien.core import dates
from dangvien.http.runner import run_service
from dangvien.members.selectors import home_organization, member_get
from dangvien.organizations.models import Organization, OrganizationVersion
from dangvien.organizations.selectors import (
    organization_get,
    organization_names,
    organization_state,
)

CHANGE = AssessmentPermission.CHANGE
VIEW = AssessmentPermission.VIEW


def _year(request: HttpRequest) -> int:
    raw = request.GET.get("year", "")
    if raw.isdigit() and 1930 <= int(raw) <= dates.today().year:
        return int(raw)
    # the year-end round: the current year from December, else the last one
    now = dates.today()
    return now.year if now.month == 12 else now.year - 1


#: Members listed a page on the year's page (as on the members list).
PAGE_SIZE = 50


def year_url(organization: Organization, year: int, *, page: int = 1) -> str:
    url = f"{reverse('web:assessment_year', args=[organization.code])}?year={year}"
    return url if page == 1 else f"{url}&page={page}"


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
    # the members a page at a time (a commune's thousand made one table 50 000 px tall); the
    # summary counts them all, the XLSX lists them all, the form holds the page's lines only
    listed: Any = Paginator(page.members, PAGE_SIZE).get_page(request.GET.get("page"))
    lines: list[MemberLine] = list(listed.object_list)
    assessed = [line for line in lines if line.assessed]
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
            success_url=year_url(organization, year, page=listed.number),
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
        for line in lines
    ]
    decider = competent_body(Subject.MEMBER, organization, page.on)
    query = request.GET.copy()
    query["year"] = str(year)
    for kept_out in ("page", "format"):
        query.pop(kept_out, None)
    return render(
        request,
        "assessment/year.html",
        {
            "organization": organization,
            "state": organization_state(organization, on=page.on),
            "page": page,
            "rows": rows,
            "listed": listed,
            # the cells by name (one query for the page), as the members list names them
            "names": organization_names(line.period.organization_id for line in lines),
            "query": query.urlencode(),
            "form": form,
            "may_change": may_change,
            "proposing": proposing,
            "decider": organization_state(decider, on=page.on) if decider else None,
            # the rule cited by its source in the rulebook, not its key
            "decider_source": MEMBER_COMPETENCE.cited(on=page.on),
            "round": overlapping_round(organization, year),
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
    form = SelfAssessmentForm(
        request.POST or None,
        initial={"year": year, "form": member_form_code(member, dates.today())},
    )
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


#
# Rounds
#


def round_url(round_: AssessmentRound) -> str:
    return reverse("web:assessment_round", args=[round_.pk])


@login_required
def round_list_page(request: HttpRequest) -> HttpResponse:
    """The rounds the user may see, newest year first; where they may open one."""
    rounds = list(round_list(actor=request.user))
    names = {
        r.pk: (state.name if (state := organization_state(r.organization, on=r.reference_date))
               else r.organization.code)
        for r in rounds
    }  # fmt: skip
    paths = granted_paths(request.user, CHANGE)
    roots = OrganizationVersion.objects.at(dates.today()).select_related("organization")
    roots = (
        roots.filter(parent__isnull=True)
        if paths is None
        else roots.filter(organization__path__in=paths)
    )
    return render(
        request,
        "assessment/rounds.html",
        {
            "rounds": [(r, names[r.pk], getattr(r, "closure", None)) for r in rounds],
            "may_open": list(roots.order_by("name")),
        },
    )


@login_required
def round_open(request: HttpRequest, code: str) -> HttpResponse:
    """Open the round of a year for the organization's subtree."""
    organization = organization_get(actor=request.user, code=code)
    if not can(request.user, CHANGE, organization):
        raise PermissionDenied(CHANGE)
    today = dates.today()
    year = today.year
    form = RoundOpenForm(
        request.POST or None,
        initial={
            "year": year,
            "opened_on": today,
            "reference_date": today,
            "self_until": date(year, 12, 15),
            "review_until": date(year, 12, 22),
            "decide_until": date(year, 12, 31),
        },
    )
    response = run_service(
        request,
        form,
        lambda d: services.assessment_round_open(
            actor=request.user, organization=organization, **d
        ),
        success_url=round_url,
        success_message=_("The round was opened."),
    )
    state = organization_state(organization, on=today)
    title = _("Open an assessment round: %(name)s") % {
        "name": state.name if state else organization.code
    }
    return response or render(
        request,
        "assessment/form.html",
        {
            "title": title,
            "form": form,
            "back": reverse("web:assessment_rounds"),
            "existing": None,
        },
    )


@login_required
def round_page(request: HttpRequest, pk: int) -> HttpResponse:
    """A round: its schedule, its progress, its members and organizations (the frozen figures
    once closed, with what today's data would change), the closing."""
    round_ = round_get(actor=request.user, pk=pk)
    closure = round_closure(round_)
    current = round_figures(round_)
    figures = closure.figures if closure is not None else current
    state = organization_state(round_.organization, on=round_.reference_date)
    name = state.name if state else round_.organization.code
    if request.GET.get("format") == "xlsx":
        from dangvien.assessment.documents import round_xlsx
        from dangvien.audit.services import record_export

        record_export(
            actor=request.user, organization=round_.organization, what=f"round {round_.pk}"
        )
        download = HttpResponse(
            round_xlsx(figures, name, frozen=closure is not None),
            content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        )
        filename = f"ket-qua-xep-loai-{round_.organization.code}-{round_.year}.xlsx"
        download["Content-Disposition"] = f'attachment; filename="{filename}"'
        return download
    may_change = can(request.user, CHANGE, round_.organization)
    form = RoundCloseForm(request.POST or None, initial={"closed_on": dates.today()})
    if request.method == "POST":
        if not may_change:
            raise PermissionDenied(CHANGE)
        closed = run_service(
            request,
            form,
            lambda d: services.assessment_round_close(
                actor=request.user, round=round_, closed_on=d["closed_on"]
            ),
            success_url=round_url(round_),
            success_message=_("The round was closed; its results are frozen."),
        )
        if closed is not None:
            return closed
    progress = round_progress(figures)
    return render(
        request,
        "assessment/round.html",
        {
            "round": round_,
            "name": name,
            "closure": closure,
            "figures": figures,
            "progress": progress,
            "level_rows": _level_rows(progress.members_by_level, progress.organizations_by_level),
            "differences": round_differences(closure.figures, current) if closure else [],
            "may_change": may_change,
            "form": form,
            "levels": dict(Level.choices),
            "exclusions": EXCLUSION_WORDS,
        },
    )


def _level_rows(
    members: dict[str, int], organizations: dict[str, int]
) -> list[tuple[str, int, float | None, int, float | None]]:
    """Each level: the members and their share of those decided, the organizations likewise."""
    from dangvien.statistics.selectors import percent

    member_total, organization_total = sum(members.values()), sum(organizations.values())
    return [
        (
            str(Level(level).label),
            members[level],
            percent(members[level], member_total, places=1) if member_total else None,
            organizations[level],
            percent(organizations[level], organization_total, places=1)
            if organization_total
            else None,
        )
        for level in Level.values
    ]


#
# Documents
#


@login_required
def member_form_docx(request: HttpRequest, pk: int) -> HttpResponse:
    """The member's self-assessment form (2A, 2B or 2C by their situation) pre-filled."""
    from dangvien.assessment.documents import member_form
    from dangvien.audit.services import record_export

    member = member_get(actor=request.user, pk=pk)
    year = _year(request)
    on = reference_date(year)
    home = home_organization(member, on)
    if home is None:
        raise Http404("member")
    data = member_form(form_data(member=member, year=year, on=on))
    record_export(actor=request.user, organization=home, what=f"assessment form {member.pk}")
    return _docx(data, f"ban-kiem-diem-{member.member_key}-{year}")


@login_required
def organization_form_docx(request: HttpRequest, code: str) -> HttpResponse:
    """Form 01 (the collective's self-assessment) of an organization, pre-filled."""
    from dangvien.assessment.documents import organization_form
    from dangvien.audit.services import record_export

    organization = organization_get(actor=request.user, code=code)
    year = _year(request)
    data = organization_form(
        organization_form_data(organization=organization, year=year, on=reference_date(year))
    )
    record_export(actor=request.user, organization=organization, what="assessment form 01")
    return _docx(data, f"mau-01-{organization.code}-{year}")


def _docx(data: bytes, stem: str) -> HttpResponse:
    response = HttpResponse(
        data,
        content_type="application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    )
    response["Content-Disposition"] = f'attachment; filename="{stem}.docx"'
    return response
