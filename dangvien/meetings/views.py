"""Pages of meetings: an organization's meetings and the lists of cells without meetings, the
record form, a meeting with its attendance, the one-screen attendance, the texts."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.db.models import Count
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from dangvien.accounts.scoping import can
from dangvien.core.dates import today
from dangvien.core.exceptions import DomainError
from dangvien.core.formatting import vn_date, vn_decimal
from dangvien.http.context import parse_as_of
from dangvien.http.runner import run_service
from dangvien.meetings import services
from dangvien.meetings.choices import AttendanceStatus, MeetingKind
from dangvien.meetings.figures import meetings_figures, monthly_attendance
from dangvien.meetings.forms import (
    AbsenceForm,
    DocumentForm,
    MeetingForm,
    MeetingPlanForm,
    MeetingTextsForm,
    MeetingVoteForm,
)
from dangvien.meetings.models import Meeting, MeetingPlan
from dangvien.meetings.permissions import MeetingPermission
from dangvien.meetings.selectors import (
    attendance_of_meeting,
    document_get,
    documents_of,
    expected_members,
    meeting_get,
    meeting_queryset,
    meetings_of,
    meetings_without_attendance,
    missed_period,
    notices_of,
    organization_names,
    organizations_without,
    own_plan_get,
    plan_get,
    upcoming_plans,
    votes_of,
)
from dangvien.organizations.models import Organization
from dangvien.organizations.selectors import organization_get, organization_state

CHANGE = MeetingPermission.CHANGE


def _change_organization(request: HttpRequest, code: str) -> Organization:
    organization = organization_get(actor=request.user, code=code)
    if not can(request.user, CHANGE, organization):
        raise PermissionDenied(CHANGE)
    return organization


def meeting_url(pk: int, name: str = "meeting") -> str:
    return reverse(f"web:{name}", args=[pk])


@login_required
@require_GET
def meetings_index(request: HttpRequest) -> HttpResponse:
    """The latest meetings the user may see, or (``?pending=1``) those of the last two months
    whose attendance waits to be taken."""
    pending = request.GET.get("pending") == "1"
    if pending:
        meetings = meetings_without_attendance(actor=request.user, on=today())
    else:
        meetings = meeting_queryset(request.user).order_by("-held_on", "-id")
    shown = list(meetings[:50])
    names = organization_names(m.organization_id for m in shown)
    return render(
        request,
        "meetings/index.html",
        {"meetings": [(m, names.get(m.organization_id, "")) for m in shown], "pending": pending},
    )


@login_required
@require_GET
def organization_meetings(request: HttpRequest, code: str) -> HttpResponse:
    """The organization's meetings of the year, its figures, and the cells of its subtree that
    held no regular meeting in the last month ended, or no thematic meeting in the last quarter
    ended (frequencies from the rulebook): the periods ``missed_period`` gives the dashboard."""
    organization = organization_get(actor=request.user, code=code)
    on = parse_as_of(request)
    state = organization_state(organization, on=on)
    context: dict[str, Any] = {
        "organization": organization,
        "state": state,
        "meetings": meetings_of(actor=request.user, organization=organization, year=on.year),
        "can_change": state is not None and can(request.user, CHANGE, organization),
        "plans": upcoming_plans([organization.pk], today()).annotate(
            notices_count=Count("notices")
        ),
    }
    if state is not None:
        context["figures"] = meetings_figures(organization, on)
        context["figures_from"] = on.replace(month=1, day=1)
        context["by_month"] = monthly_attendance(organization, on)
        lists = []
        for kind in (MeetingKind.REGULAR, MeetingKind.THEMATIC):
            period = missed_period(kind, on)
            lists.append(
                {
                    "key": kind,
                    "kind": MeetingKind(kind).label,
                    "from": period.start,
                    "to": period.end,
                    "rule": period.rule,
                    "rows": organizations_without(
                        actor=request.user,
                        root=organization,
                        kind=kind,
                        period_from=period.start,
                        period_to=period.end,
                    ),
                }
            )
        context["missing"] = lists
    return render(request, "meetings/organization.html", context)


@login_required
def meeting_create(request: HttpRequest, code: str) -> HttpResponse:
    """Record a meeting held; ``?plan=<id>``: the plan it carries out (its kind, day, place,
    topic and agenda filled in, its announced absences preloaded in the attendance)."""
    organization = _change_organization(request, code)
    on = parse_as_of(request)
    plan = None
    initial: dict[str, Any] = {"held_on": on, "kind": MeetingKind.REGULAR}
    if request.GET.get("plan", "").isdigit():
        plan = plan_get(actor=request.user, pk=int(request.GET["plan"]), action=CHANGE)
        initial = {
            "held_on": plan.planned_on,
            "kind": plan.kind,
            "place": plan.place,
            "topic": plan.topic,
            "agenda": plan.agenda,
        }
    form = MeetingForm(request.POST or None, initial=initial)
    response = run_service(
        request,
        form,
        lambda d: services.meeting_record(
            actor=request.user, organization=organization, plan=plan, **d
        ),
        success_url=lambda meeting: meeting_url(meeting.pk, "meeting_attendance"),
        success_message=_("The meeting was recorded; take the attendance."),
    )
    return response or render(
        request,
        "web/form.html",
        {
            "organization": organization,
            "state": organization_state(organization, on=on),
            "form": form,
            "title": _("Record a meeting"),
        },
    )


@login_required
def plan_create(request: HttpRequest, code: str) -> HttpResponse:
    """Plan a meeting: the schedule and topic members see in their handbook."""
    organization = _change_organization(request, code)
    form = MeetingPlanForm(request.POST or None, initial={"kind": MeetingKind.REGULAR})
    response = run_service(
        request,
        form,
        lambda d: services.meeting_plan_create(actor=request.user, organization=organization, **d),
        success_url=reverse("web:organization_meetings", args=[organization.code]),
        success_message=_("The meeting was planned; the members see it in their handbook."),
    )
    return response or render(
        request,
        "web/form.html",
        {
            "organization": organization,
            "state": organization_state(organization, on=today()),
            "form": form,
            "title": _("Plan a meeting"),
        },
    )


@login_required
def plan_absence(request: HttpRequest, pk: int) -> HttpResponse:
    """The member announces, from the handbook, that they will miss a planned meeting."""
    from dangvien.portal.selectors import own_member

    member = own_member(request.user)
    plan = own_plan_get(member=member, pk=pk, on=today())
    form = AbsenceForm(request.POST or None)
    response = run_service(
        request,
        form,
        lambda d: services.absence_announce(
            actor=request.user, plan=plan, member=member, reason=d["reason"]
        ),
        success_url=reverse("web:portal"),
        success_message=_("Your absence was announced to the cell."),
    )
    return response or render(
        request,
        "meetings/absence.html",
        {"plan": plan, "form": form},
    )


@login_required
@require_GET
def meeting_detail(request: HttpRequest, pk: int) -> HttpResponse:
    meeting = meeting_get(actor=request.user, pk=pk)
    rows = sorted(
        attendance_of_meeting(meeting).values(),
        key=lambda row: (row.as_guest, row.member.list_key, row.member.pk),
    )
    # the statuses of the members on the list, guests apart: beside the official members
    # convened (the base of the votes) the counts of everyone on the list read as a full room
    # (98 convened, 98 present, 1 and 1 absent)
    listed = [row for row in rows if not row.as_guest]
    counts = dict.fromkeys(AttendanceStatus.values, 0)
    for row in listed:
        counts[row.status] += 1
    return render(
        request,
        "meetings/meeting.html",
        {
            "meeting": meeting,
            "state": organization_state(meeting.organization, on=meeting.held_on),
            "rows": rows,
            "listed": len(listed),
            "guests": len(rows) - len(listed),
            "counts": [(AttendanceStatus(s).label, n) for s, n in counts.items()],
            "votes": votes_of(meeting),
            "documents": documents_of(meeting=meeting),
            "can_change": can(request.user, CHANGE, meeting.organization),
        },
    )


def _meeting_to_change(request: HttpRequest, pk: int) -> Meeting:
    """A meeting the user sees (else 404) and may change (else 403)."""
    meeting = meeting_get(actor=request.user, pk=pk)
    if not can(request.user, CHANGE, meeting.organization):
        raise PermissionDenied(CHANGE)
    return meeting


@login_required
def meeting_attendance(request: HttpRequest, pk: int) -> HttpResponse:
    """One screen: the expected members preloaded (present by default, or what was recorded),
    a status and a reason each; saved at once."""
    meeting = _meeting_to_change(request, pk)
    expected = expected_members(meeting)
    recorded = attendance_of_meeting(meeting)
    notices = notices_of(getattr(meeting, "plan", None))
    error = ""
    if request.method == "POST":
        entries = []
        for row in expected:
            status = request.POST.get(f"status-{row.member.pk}", "")
            if not status:
                continue
            entries.append(
                services.AttendanceEntry(
                    row.member, status, request.POST.get(f"reason-{row.member.pk}", "")
                )
            )
        try:
            services.attendance_take(actor=request.user, meeting=meeting, entries=entries)
        except DomainError as failure:
            error = str(failure.message)
        else:
            messages.success(request, _("The attendance was saved."))
            return redirect(meeting_url(meeting.pk))
    lines = []
    for row in expected:
        line = recorded.get(row.member.pk)
        notice = notices.get(row.member.pk)
        default = (
            (AttendanceStatus.EXCUSED, notice.reason) if notice else (AttendanceStatus.PRESENT, "")
        )
        lines.append(
            {
                "member": row.member,
                "as_guest": row.as_guest,
                "home": row.organization_name if row.as_guest else "",
                "status": request.POST.get(f"status-{row.member.pk}")
                or (line.status if line else default[0]),
                "reason": request.POST.get(f"reason-{row.member.pk}")
                or (line.reason if line else default[1]),
                "announced": notice is not None,
            }
        )
    return render(
        request,
        "meetings/attendance.html",
        {
            "meeting": meeting,
            "state": organization_state(meeting.organization, on=meeting.held_on),
            "lines": lines,
            "statuses": AttendanceStatus.choices,
            "error": error,
        },
    )


@login_required
def meeting_edit(request: HttpRequest, pk: int) -> HttpResponse:
    meeting = _meeting_to_change(request, pk)
    form = MeetingTextsForm(
        request.POST or None,
        initial={name: getattr(meeting, name) for name in services.TEXT_FIELDS},
    )
    response = run_service(
        request,
        form,
        lambda d: services.meeting_update(actor=request.user, meeting=meeting, **d),
        success_url=meeting_url(meeting.pk),
        success_message=_("The meeting was saved."),
    )
    return response or render(
        request,
        "web/form.html",
        {
            "organization": meeting.organization,
            "state": organization_state(meeting.organization, on=meeting.held_on),
            "form": form,
            "title": _("Minutes and resolution"),
        },
    )


@login_required
def meeting_vote_create(request: HttpRequest, pk: int) -> HttpResponse:
    """Record a vote taken at the meeting (the denominator is computed, not typed)."""
    meeting = _meeting_to_change(request, pk)
    form = MeetingVoteForm(request.POST or None)
    response = run_service(
        request,
        form,
        lambda d: services.meeting_vote_record(actor=request.user, meeting=meeting, **d),
        success_url=meeting_url(meeting.pk),
        success_message=_("The vote was recorded."),
    )
    return response or render(
        request,
        "web/form.html",
        {
            "organization": meeting.organization,
            "state": organization_state(meeting.organization, on=meeting.held_on),
            "form": form,
            "title": _("Vote taken at the meeting of %(date)s")
            % {"date": vn_date(meeting.held_on)},
        },
    )


def _document_page(
    request: HttpRequest,
    *,
    meeting: Meeting | None,
    plan: MeetingPlan | None,
    back: str,
) -> HttpResponse:
    organization = meeting.organization if meeting is not None else plan.organization  # type: ignore[union-attr]
    form = DocumentForm(request.POST or None, request.FILES or None)
    response = run_service(
        request,
        form,
        lambda d: services.document_attach(
            actor=request.user, upload=d["file"], kind=d["kind"], meeting=meeting, plan=plan
        ),
        success_url=back,
        success_message=_("The document was attached."),
    )
    return response or render(
        request,
        "meetings/document_form.html",
        {
            "organization": organization,
            "state": organization_state(organization, on=today()),
            "form": form,
            "back": back,
            "max_mb": vn_decimal(settings.MEETING_DOCUMENT_MAX_BYTES / 1024**2, 1),
            "types": ", ".join(sorted(settings.MEETING_DOCUMENT_TYPES)),
        },
    )


@login_required
def meeting_document_create(request: HttpRequest, pk: int) -> HttpResponse:
    meeting = _meeting_to_change(request, pk)
    return _document_page(request, meeting=meeting, plan=None, back=meeting_url(meeting.pk))


@login_required
def plan_document_create(request: HttpRequest, pk: int) -> HttpResponse:
    plan = plan_get(actor=request.user, pk=pk)
    if not can(request.user, CHANGE, plan.organization):
        raise PermissionDenied(CHANGE)
    back = reverse("web:organization_meetings", args=[plan.organization.code])
    return _document_page(request, meeting=None, plan=plan, back=back)


@login_required
@require_GET
def document_download(request: HttpRequest, pk: int) -> FileResponse:
    """A meeting document, to a user whose scope holds the organization or to a member of it
    (the handbook); 404 to anyone else. Sent as an attachment under its cleaned name, never
    rendered by the browser as a page of the site."""
    document = document_get(actor=request.user, pk=pk, on=today())
    try:
        handle = document.file.open("rb")
    except FileNotFoundError:
        raise Http404("meeting document file") from None
    response = FileResponse(
        handle, as_attachment=True, filename=document.name, content_type=document.content_type
    )
    response["X-Content-Type-Options"] = "nosniff"
    response["Content-Security-Policy"] = "default-src 'none'; sandbox"
    response["Cache-Control"] = "private, no-store"
    return response
