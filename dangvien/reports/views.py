"""Pages of the reports app: home, dashboard (with charts and comparison), documents and
period reports (draft → submitted → approved)."""

from __future__ import annotations

from datetime import date
from typing import Any

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET, require_POST

from dangvien.accounts.scoping import can
from dangvien.audit.selectors import cached_until_write
from dangvien.audit.services import record_export
from dangvien.core.dates import parse_day, today
from dangvien.core.exceptions import DomainError, ValidationFailed
from dangvien.core.formatting import vn_date
from dangvien.core.text import person_sort_key
from dangvien.http.context import parse_as_of
from dangvien.http.registry import PanelContext, dashboard_panels, shown_panels
from dangvien.http.runner import run_service
from dangvien.members.models import Member
from dangvien.members.permissions import MemberPermission
from dangvien.members.selectors import (
    lifecycle_dates,
    member_get,
    member_last_period,
    member_list_at,
    party_age,
    transfers_pending,
)
from dangvien.members.services import PROFILE_FIELDS
from dangvien.members.worklists import WORKLISTS
from dangvien.organizations.choices import OrganizationKind
from dangvien.organizations.selectors import (
    organization_get,
    organization_names,
    organization_predecessors,
    organization_state,
    organization_states,
)
from dangvien.reports import charts, official
from dangvien.reports.documents import CONTENT_TYPES, heading_for
from dangvien.reports.documents import render as render_document
from dangvien.reports.models import PeriodKind, ReportStatus
from dangvien.reports.narrative import ALL_SECTOR_LABELS, THEORY_LABELS
from dangvien.reports.permissions import ReportPermission
from dangvien.reports.selectors import (
    admissions_by_year,
    comparison,
    figures_diff,
    figures_or_combined,
    members_over_time,
    parent_name,
    report_figures,
    report_get,
    report_list,
    report_organization,
    rollup,
)
from dangvien.reports.services import (
    build_documents,
    report_approve,
    report_create,
    report_return,
    report_submit,
)
from dangvien.reports.wording import figure_label
from dangvien.statistics.background import Countable, Counting, queued_or_kept
from dangvien.statistics.narrative import statistics_text
from dangvien.statistics.sections import Progress
from dangvien.statistics.views import counting_context, counting_poll

FORMATS = ("docx", "xlsx", "pdf")
HOME_PAGE_SIZE = 100
K = OrganizationKind


def _parse_date(raw: str) -> date | None:
    try:
        return parse_day(raw) if raw else None
    except ValueError:
        return None


def _figures_or_none(
    organization: Any, on: date, progress: Progress | None = None
) -> dict[str, Any] | None:
    """The dashboard's figures; before a founding by a merge, those of the predecessors added
    up (marked with ``combined_from``); None on a day the organization had no history. Kept
    until the next change of the data (the same for every user who may see the organization).
    ``progress``: told the parts as they are counted."""

    def compute() -> dict[str, Any]:
        try:
            return figures_or_combined(organization, on, progress=progress)
        except DomainError:
            return {}  # kept too (None is what the cache returns for "not kept")

    figures = cached_until_write(_figures_key(organization, on), compute, on=on)
    return figures or None


def _figures_key(organization: Any, on: date, _combined: bool = False) -> str:
    return f"figures:{organization.pk}:{on.isoformat()}"


@login_required
@require_GET
def reports_home(request: HttpRequest) -> HttpResponse:
    """Organizations the user may see (down to grassroots level) with their dashboards: every
    one of them, a page at a time, with a search by name (no diacritics needed) or code."""
    on = parse_as_of(request)
    q = request.GET.get("q", "").strip()
    states = organization_states(
        actor=request.user,
        on=on,
        search=q,
        kinds=[
            K.CENTRAL,
            K.PROVINCIAL,
            K.UPPER_GRASSROOTS,
            K.GRASSROOTS_COMMITTEE,
            K.GRASSROOTS_CELL,
        ],
        action=ReportPermission.VIEW,
    )
    page = Paginator(states, HOME_PAGE_SIZE).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    recent = report_list(actor=request.user)[:20]
    return render(
        request,
        "reports/home.html",
        {"page": page, "q": q, "query": query.urlencode(), "recent": recent},
    )


def dashboard_kept(
    organization: Any, on: date, progress: Progress | None = None
) -> dict[str, Any] | None:
    """The dashboard's kept parts (its figures and the series of its charts) computed and kept
    as the page computes them (counted ahead after a change: ``web.ahead``; a large subtree's
    first counting of a day: ``statistics.background``)."""
    figures = _figures_or_none(organization, on, progress)
    if figures is not None:
        _charts(organization, on, figures)
    return figures


def _count_dashboard(
    organization: Any, on: date, _combined: bool, progress: Progress
) -> dict[str, Any] | None:
    return dashboard_kept(organization, on, progress)


#: The dashboard's figures and charts, counted in the background for a large subtree (its
#: panels are then counted by the page: seconds).
KEPT_DASHBOARD = Countable(key=_figures_key, count=_count_dashboard, page="web:dashboard")


def _charts(organization: Any, on: date, figures: dict[str, Any]) -> tuple[dict[str, str], bool]:
    """The dashboard's charts, and whether they show years before the founding counted from
    what the organization was formed from (read on or after its founding)."""
    over_time, yearly = cached_until_write(
        f"charts:{organization.pk}:{on.isoformat()}",
        lambda: (members_over_time(organization, on), admissions_by_year(organization, on)),
        on=on,
    )
    # Read on or after the founding, the years before it count what it was formed from (its
    # predecessors and the units moved into it); read before it, its predecessors as the
    # figures of the page do.
    formed = on >= organization.established_on
    labels = [
        point["date"][:4]
        if point["date"][5:] == "12-31"
        else vn_date(date.fromisoformat(point["date"]))
        for point in over_time
    ]
    ages = figures["breakdowns"]["age_bands"]
    sectors = figures["grassroots"]["by_sector"]
    # before a founding by a merge the figures are the predecessors' added up: marked
    result = {
        "members": charts.line_chart(
            _("Party members at the end of each year"),
            labels,
            [point["members"] for point in over_time],
            combined=[point["combined"] for point in over_time],
            note=(
                _("dashed: before its founding, what it was formed from")
                if formed
                else _("dashed: combined figures of the predecessor organizations")
            ),
        ),
        "admissions": charts.bar_chart(
            _("Admissions per year"),
            [str(row["year"]) for row in yearly],
            [(_("Admitted"), [row["admissions"] for row in yearly], charts.COLORS["main"])],
            combined=[row["combined"] for row in yearly],
            note=(
                _("pale: before its founding, what it was formed from")
                if formed
                else _("pale: combined figures of the predecessor organizations")
            ),
            line=(
                (
                    _("Yearly target"),
                    [row["yearly_target"] for row in yearly],
                    charts.COLORS["second"],
                )
                if any(row["yearly_target"] for row in yearly)
                else None
            ),
        ),
        "pyramid": charts.pyramid(
            _("Party members by age and sex"),
            [band["label"] for band in ages],
            [band["male"] for band in ages],
            [band["female"] for band in ages],
            male_label=_("Men"),
            female_label=_("Women"),
        ),
    }
    if sectors:
        result["sectors"] = charts.hbar_chart(
            _("Grassroots organizations by sector"),
            [ALL_SECTOR_LABELS.get(key, key) for key in sectors],
            list(sectors.values()),
        )
    before_founding = formed and (
        any(point["combined"] for point in over_time) or any(row["combined"] for row in yearly)
    )
    return {key: mark_safe(svg) for key, svg in result.items()}, before_founding


@login_required
@require_GET
def dashboard(request: HttpRequest, code: str) -> HttpResponse:
    on = parse_as_of(request)
    organization = report_organization(actor=request.user, code=code)
    if request.GET.get("counting"):
        return counting_poll(request, "dashboard", organization, on, combined=False)
    state = organization_state(organization, on=on)
    compare_on = _parse_date(request.GET.get("compare", ""))
    context: dict[str, Any] = {
        "organization": organization,
        "state": state,
        "known_name": organization_names([organization.pk]).get(organization.pk),
        "predecessors": organization_predecessors(organization),
        "compare_iso": compare_on.isoformat() if compare_on else "",
        "formats": FORMATS,
    }
    try:
        # a large subtree's first counting of a day goes to the background worker (the page
        # follows it; the statistics page's figures are counted with it)
        counting = queued_or_kept("dashboard", organization, on)
    except ValidationFailed as error:
        context["error"] = str(error.message)
        return render(request, "reports/dashboard.html", context)
    if isinstance(counting, Counting):
        context.update(counting_context("dashboard", organization, on, counting))
        return render(request, "reports/dashboard.html", context)
    # counted in the background while the data changed: those figures, once
    figures = counting.value if counting is not None else _figures_or_none(organization, on)
    context["figures"] = figures
    if figures is not None:
        context["text"] = statistics_text(figures)
        context["charts"], context["charts_formed_from"] = _charts(organization, on, figures)
        # The sections of the apps read the organization as it stood on the date: none for a
        # date before its founding, where the figures are its predecessors' combined.
        context["panels"] = (
            []
            if "combined_from" in figures
            else shown_panels(
                dashboard_panels, PanelContext(request, request.user, organization, on, state)
            )
        )
        context["theory"] = [
            (THEORY_LABELS.get(row["value"], row["value"]), row["count"])
            for row in figures["breakdowns"]["political_theory"]
        ]
        context["sectors"] = [
            (ALL_SECTOR_LABELS.get(k, k), v) for k, v in figures["grassroots"]["by_sector"].items()
        ]
        if compare_on is not None:
            context["compare_on"] = compare_on
            context.update(_comparison(organization, figures, compare_on))
    return render(request, "reports/dashboard.html", context)


def _comparison(organization: Any, figures: dict[str, Any], compare_on: date) -> dict[str, Any]:
    """The dashboard's comparison section: its rows against the figures of ``compare_on``;
    while a large subtree's figures of that day are counted in the background, the waiting
    block for that day (``compare_counting``: the page shows the main day's figures
    meanwhile); the error a counting ended with (``compare_error``)."""
    try:
        # counted in the request, a province's comparison day took as long as its main day
        # (more than the server lets a request run)
        counting = queued_or_kept("dashboard", organization, compare_on)
    except ValidationFailed as error:
        return {"compare_error": str(error.message)}
    if isinstance(counting, Counting):
        return {
            "compare_counting": counting_context("dashboard", organization, compare_on, counting)
        }
    # counted in the background while the data changed: those figures, once
    then = counting.value if counting is not None else _figures_or_none(organization, compare_on)
    if then is None:
        return {"comparison": None}
    return {
        "compare_combined": "combined_from" in then,
        "comparison": [dict(row, label=_(row["label"])) for row in comparison(figures, then)],
    }


@login_required
@require_GET
def dashboard_document(request: HttpRequest, code: str, fmt: str) -> HttpResponse:
    """The dashboard's figures as DOCX, XLSX or PDF: those the page shows (kept until the next
    change of the data); 404 on a day the organization did not stand, before its founding by
    a merge too (the page shows its predecessors' figures there, without downloads). A large
    subtree's figures not counted yet are counted in the background: the reader is sent to
    the dashboard of that day, which follows the counting, with a message."""
    if fmt not in FORMATS:
        return HttpResponse(status=404)
    on = parse_as_of(request)
    organization = report_organization(actor=request.user, code=code)
    page = f"{reverse('web:dashboard', args=[organization.code])}?as_of={on.isoformat()}"
    try:
        # counted in the request, a province's figures took longer than the server lets a
        # request run (the dashboard's counting, kept for the page, is the one read here)
        counting = queued_or_kept("dashboard", organization, on)
    except ValidationFailed as error:
        messages.error(request, str(error.message))
        return redirect(page)
    if isinstance(counting, Counting):
        messages.info(
            request,
            _(
                "The figures of %(day)s are being counted. Download the document again when "
                "they appear on this page."
            )
            % {"day": vn_date(on)},
        )
        return redirect(page)
    # counted in the background while the data changed: those figures, once
    figures = counting.value if counting is not None else _figures_or_none(organization, on)
    if figures is None or "combined_from" in figures:
        return HttpResponse(status=404)
    data = render_document(fmt, figures, heading_for(figures, parent=parent_name(organization, on)))
    record_export(actor=request.user, organization=organization, what=f"dashboard.{fmt}")
    return _download(data, fmt, f"bao-cao-{organization.code}-{on.isoformat()}")


def _download(data: bytes, fmt: str, stem: str) -> HttpResponse:
    response = HttpResponse(data, content_type=CONTENT_TYPES[fmt])
    response["Content-Disposition"] = f'attachment; filename="{stem}.{fmt}"'
    return response


class ReportForm(forms.Form):
    period_kind = forms.ChoiceField(label=gettext_lazy("Period"), choices=PeriodKind.choices)
    year = forms.IntegerField(
        label=gettext_lazy("Year"), required=False, min_value=1930, max_value=2100
    )
    period_from = forms.DateField(
        label=gettext_lazy("From"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
    period_to = forms.DateField(
        label=gettext_lazy("To"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
    number = forms.CharField(label=gettext_lazy("Number"), required=False, max_length=50)
    note = forms.CharField(
        label=gettext_lazy("Note"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )


@login_required
def organization_reports(request: HttpRequest, code: str) -> HttpResponse:
    """The reports of an organization and below, and the form to draft a new one."""
    organization = report_organization(actor=request.user, code=code)
    may_change = can(request.user, ReportPermission.CHANGE, organization)
    form = ReportForm(
        request.POST or None, initial={"period_kind": PeriodKind.FIRST_HALF, "year": today().year}
    )
    if request.method == "POST":
        if not may_change:
            raise PermissionDenied(ReportPermission.CHANGE)
        response = run_service(
            request,
            form,
            lambda data: report_create(actor=request.user, organization=organization, **data),
            success_url=lambda report: reverse("web:report_detail", args=[report.pk]),
            success_message=_("The report was drafted."),
        )
        if response is not None:
            return response
    return render(
        request,
        "reports/organization_reports.html",
        {
            "organization": organization,
            "state": organization_state(organization),
            "reports": report_list(actor=request.user, organization=organization),
            "form": form if may_change else None,
        },
    )


@login_required
@require_GET
def report_detail(request: HttpRequest, pk: int) -> HttpResponse:
    report = report_get(actor=request.user, pk=pk)
    organization = report.organization
    if report.is_frozen:
        assert report.figures is not None
        figures = report.figures
        try:
            current: dict[str, Any] | None = report_figures(
                organization, report.period_to, period_from=report.period_from
            )
        except DomainError:
            current = None
        diff = figures_diff(figures, current) if current is not None else []
        names = {
            row["code"]: row.get("name") or row["code"]
            for data in (figures, current or {})
            for row in (data.get("drilldown") or {}).get("rows") or []
            if isinstance(row, dict) and row.get("code")
        }
        for d in diff:
            d["label"] = figure_label(d["field"], names)
    else:
        figures = report_figures(organization, report.period_to, period_from=report.period_from)
        diff = []
    return render(
        request,
        "reports/report_detail.html",
        {
            "report": report,
            "organization": organization,
            "state": organization_state(organization, on=report.period_to),
            "figures": figures,
            "text": statistics_text(figures),
            "diff": diff,
            "rollup": rollup(report) if report.is_frozen else None,
            "may_change": can(request.user, ReportPermission.CHANGE, organization),
            "may_approve": can(request.user, ReportPermission.APPROVE, organization),
            "formats": FORMATS,
            "Status": ReportStatus,
        },
    )


def _transition(request: HttpRequest, pk: int, service: Any, message: str) -> HttpResponse:
    report = report_get(actor=request.user, pk=pk)
    try:
        service(actor=request.user, report=report)
    except DomainError as error:
        messages.error(request, str(error.message))
    else:
        messages.success(request, message)
    return redirect("web:report_detail", pk=report.pk)


@login_required
@require_POST
def report_submit_view(request: HttpRequest, pk: int) -> HttpResponse:
    return _transition(request, pk, report_submit, _("The report was submitted for approval."))


@login_required
@require_POST
def report_approve_view(request: HttpRequest, pk: int) -> HttpResponse:
    return _transition(
        request, pk, report_approve, _("The report was approved; its figures are frozen.")
    )


@login_required
@require_POST
def report_return_view(request: HttpRequest, pk: int) -> HttpResponse:
    return _transition(request, pk, report_return, _("The report was returned to draft."))


@login_required
@require_GET
def report_document(request: HttpRequest, pk: int, fmt: str) -> HttpResponse:
    """An approved report's stored document (exactly the frozen bytes); a draft's is rendered."""
    if fmt not in FORMATS:
        return HttpResponse(status=404)
    report = report_get(actor=request.user, pk=pk)
    stem = f"bao-cao-{report.organization.code}-{report.period_from}-{report.period_to}"
    if report.is_frozen:
        data = bytes(getattr(report, fmt))
    else:
        figures = report_figures(
            report.organization, report.period_to, period_from=report.period_from
        )
        data = build_documents(report, figures)[fmt]
    record_export(actor=request.user, organization=report.organization, what=f"report.{fmt}")
    return _download(data, fmt, stem)


# --- official documents from the record (A4, Times New Roman) -----------------------------

DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"


def _docx_response(data: bytes, filename: str) -> HttpResponse:
    response = HttpResponse(data, content_type=DOCX)
    response["Content-Disposition"] = f'attachment; filename="{filename}.docx"'
    return response


def _issuer_of(organization: Any, on: date) -> official.Issuer:
    state = organization_state(organization, on=on)
    name = state.name if state is not None else organization.code
    return official.Issuer(name, parent_name(organization, on), on)


@login_required
@require_GET
def members_list_document(request: HttpRequest, code: str) -> HttpResponse:
    """Danh sách đảng viên of an organization at the page's date."""
    on = parse_as_of(request)
    organization = organization_get(actor=request.user, code=code, action=MemberPermission.VIEW)
    periods = sorted(
        member_list_at(actor=request.user, organization=organization, on=on),
        key=lambda p: person_sort_key(p.member.full_name),
    )
    names = organization_names(p.organization_id for p in periods)
    headers = ["Họ và tên", "Ngày sinh", "Giới tính", "Tình trạng", "Chi bộ"]
    rows = [
        [
            p.member.full_name,
            p.member.birth_date,
            p.member.get_sex_display(),
            p.get_status_display(),
            names.get(p.organization_id, ""),
        ]
        for p in periods
    ]
    record_export(actor=request.user, organization=organization, what="members.docx")
    data = official.members_list_docx(_issuer_of(organization, on), headers, rows)
    return _docx_response(data, f"danh-sach-dang-vien-{organization.code}-{on.isoformat()}")


def _member_facts(member: Any, actor: Any, on: date) -> list[tuple[str, Any]]:
    dates = lifecycle_dates(member, actor=actor, on=on)
    age = party_age(member, on)
    display = {
        name: (
            getattr(member, f"get_{name}_display")()
            if hasattr(member, f"get_{name}_display")
            else getattr(member, name)
        )
        for name in PROFILE_FIELDS
    }
    facts: list[tuple[str, Any]] = [
        (
            str(getattr(Member._meta.get_field(name), "verbose_name", name)).capitalize(),
            display[name],
        )
        for name in PROFILE_FIELDS
        if name != "full_name"
    ]
    facts += [
        ("Ngày kết nạp", dates.admitted_on),
        ("Ngày chính thức", dates.official_on),
        ("Tuổi Đảng", f"{age.years} năm" if age else None),
    ]
    return facts


@login_required
@require_GET
def member_summary_document(request: HttpRequest, pk: int) -> HttpResponse:
    """Phiếu đảng viên of one member, issued by the member's organization."""
    on = parse_as_of(request)
    member = member_get(actor=request.user, pk=pk)
    period = member_last_period(member, on, actor=request.user)
    if period is None:
        raise Http404("member")
    data = official.member_summary_docx(
        _issuer_of(period.organization, on),
        member.full_name,
        _member_facts(member, request.user, on),
    )
    return _docx_response(data, f"phieu-dang-vien-{member.member_key}")


@login_required
@require_GET
def transfer_letter_document(request: HttpRequest, pk: int) -> HttpResponse:
    """Giấy giới thiệu sinh hoạt đảng of a member whose official transfer is in transit."""
    on = parse_as_of(request)
    member = member_get(actor=request.user, pk=pk)
    period = member_last_period(member, on, actor=request.user)
    if period is None or period.transit_to is None:
        raise Http404("member")
    pending = transfers_pending(actor=request.user, organization=period.organization, on=on)
    row = next((r for r in pending if r.member.pk == member.pk), None)
    names = organization_names([period.transit_to_id])
    facts = [
        (label, value)
        for label, value in _member_facts(member, request.user, on)
        if label in {"Ngày sinh", "Ngày kết nạp", "Ngày chính thức", "Số thẻ đảng viên"}
    ]
    data = official.transfer_letter_docx(
        _issuer_of(period.organization, on),
        number=request.GET.get("number", ""),
        member_name=member.full_name,
        facts=facts,
        to_organization=names.get(period.transit_to.pk, period.transit_to.code),
        issued_on=period.valid_from,
        present_by=row.deadline if row is not None else None,
    )
    return _docx_response(data, f"gioi-thieu-sinh-hoat-{member.member_key}")


#: The titles of the member work lists as official lists.
WORKLIST_TITLES = {
    "badges": "DANH SÁCH ĐỀ NGHỊ TẶNG HUY HIỆU ĐẢNG",
    "recognition": "DANH SÁCH ĐẢNG VIÊN DỰ BỊ ĐẾN HẠN XÉT CÔNG NHẬN CHÍNH THỨC",
    "transfers": "DANH SÁCH ĐẢNG VIÊN ĐANG CHUYỂN SINH HOẠT",
    "exempted": "DANH SÁCH ĐẢNG VIÊN MIỄN CÔNG TÁC VÀ SINH HOẠT ĐẢNG",
    "guests": "DANH SÁCH ĐẢNG VIÊN SINH HOẠT TẠM THỜI",
}


@login_required
@require_GET
def worklist_document(request: HttpRequest, code: str, slug: str) -> HttpResponse:
    """A member work list (the badge proposal list …) as an official list in DOCX."""
    worklist = WORKLISTS.get(slug)
    if worklist is None:
        raise Http404("list")
    on = parse_as_of(request)
    organization = organization_get(actor=request.user, code=code, action=MemberPermission.VIEW)
    rows = worklist.rows(request.user, organization, on)
    record_export(actor=request.user, organization=organization, what=f"{slug}.docx")
    data = official.members_list_docx(
        _issuer_of(organization, on),
        [str(h) for h in worklist.headers],
        [row.cells for row in rows],
        title=WORKLIST_TITLES.get(slug, str(worklist.title).upper()),
    )
    return _docx_response(data, f"{slug}-{organization.code}-{on.isoformat()}")
