"""Party fees pages: the year of an organization, the monthly collection sheet of a cell."""

from __future__ import annotations

from datetime import date

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _

from dangvien.accounts.models import RoleAssignment
from dangvien.accounts.scoping import can
from dangvien.core.dates import add_months, today
from dangvien.core.exceptions import DomainError
from dangvien.fees.forms import CollectionSheetForm
from dangvien.fees.permissions import FeePermission
from dangvien.fees.rules import month_end, month_label, parse_month
from dangvien.fees.selectors import collection_sheet as sheet_lines
from dangvien.fees.selectors import ended_months, month_statuses
from dangvien.fees.services import SheetEntry, fee_sheet_record
from dangvien.http.context import parse_as_of
from dangvien.members.models import Member, MemberPeriod
from dangvien.organizations.models import Organization, OrganizationVersion
from dangvien.organizations.selectors import organization_get, organization_state
from dangvien.statistics.placement import counted_members, placement


@login_required
def fees_index(request: HttpRequest) -> HttpResponse:
    """Where the user collects or reads fees: the organizations they hold a role on."""
    on = today()
    grants = (
        RoleAssignment.objects.filter(user_id=request.user.pk or 0, valid_from__lte=on)
        .exclude(valid_to__lt=on)
        .select_related("organization")
        .order_by("organization__path")
    )
    organizations = [
        (g.organization, _name(g.organization, on))
        for g in grants
        if can(request.user, FeePermission.VIEW, g.organization)
    ]
    return render(
        request,
        "fees/index.html",
        {"organizations": organizations, "month": f"{on:%Y-%m}"},
    )


def _name(organization: Organization, on: date) -> str:
    """The organization's name that day (its code when it did not exist then)."""
    state = organization_state(organization, on=on)
    return state.name if state is not None else organization.code


def _month_rows(organization: Organization, on: date) -> tuple[list[dict[str, object]], list]:
    place = placement(organization, on)
    member_ids = list(counted_members(place))
    months = ended_months(on)
    current = on.replace(day=1)
    if current not in months:
        months.append(current)
    statuses = month_statuses(member_ids, months)
    rows = []
    for index, month in enumerate(months):
        column = [s[index] for s in statuses.values()]
        rows.append(
            {
                "month": month,
                "label": month_label(month),
                "key": f"{month:%Y-%m}",
                "expected": sum(1 for s in column if s.member and not s.exempt),
                "exempt": sum(1 for s in column if s.member and s.exempt),
                "paid": sum(1 for s in column if s.member and s.paid),
                "unpaid": sum(1 for s in column if s.unpaid),
                "ended": month_end(month) <= on,
            }
        )
    unpaid = {
        member_id: [s.month for s in rows_ if s.unpaid and month_end(s.month) <= on]
        for member_id, rows_ in statuses.items()
    }
    arrears = [
        (member, [month_label(m) for m in unpaid[member.pk]])
        for member in Member.objects.filter(
            pk__in=[pk for pk, months_ in unpaid.items() if months_]
        ).order_by("search_name", "pk")
    ]
    arrears.sort(key=lambda item: -len(item[1]))
    return rows, arrears


@login_required
def organization_fees(request: HttpRequest, code: str) -> HttpResponse:
    """The year of D for the organization's subtree: month by month who was expected, paid,
    exempt and unpaid; the members with unpaid months; links to the collection sheets."""
    organization = organization_get(actor=request.user, code=code)
    if not can(request.user, FeePermission.VIEW, organization):
        raise PermissionDenied(FeePermission.VIEW)
    on = parse_as_of(request)
    try:
        rows, arrears = _month_rows(organization, on)
    except DomainError as error:
        raise Http404(str(error.message)) from error
    has_own_members = MemberPeriod.objects.at(on).filter(organization=organization).exists()
    return render(
        request,
        "fees/organization.html",
        {
            "organization": organization,
            "name": _name(organization, on),
            "rows": rows,
            "arrears": arrears,
            "year": on.year,
            "has_sheet": has_own_members,
            "can_collect": can(request.user, FeePermission.CHANGE, organization),
        },
    )


@login_required
def collection_sheet(request: HttpRequest, code: str, month: str) -> HttpResponse:
    """The monthly collection sheet of one organization's own members: who is expected, who
    paid (with the amount), who is exempt; the secretary ticks those who paid and saves once."""
    organization = organization_get(actor=request.user, code=code)
    if not can(request.user, FeePermission.VIEW, organization):
        raise PermissionDenied(FeePermission.VIEW)
    first = parse_month(month)
    if first is None or first > today():
        raise Http404(month)
    if (
        not OrganizationVersion.objects.at(min(month_end(first), today()))
        .filter(organization=organization)
        .exists()
    ):
        raise Http404(code)
    lines = sheet_lines(organization=organization, month=first, on=today())
    may_collect = can(request.user, FeePermission.CHANGE, organization)
    form = CollectionSheetForm(
        request.POST if request.method == "POST" else None,
        lines=lines,
        paid_on=min(today(), month_end(first)),
    )
    if request.method == "POST":
        if not may_collect:
            raise PermissionDenied(FeePermission.CHANGE)
        if form.is_valid():
            entries = [
                SheetEntry(
                    line.member,
                    amount,
                    form.cleaned_data["paid_on"],
                    form.cleaned_data["channel"],
                    form.cleaned_data["reference"],
                )
                for line, amount in form.marked()
            ]
            try:
                saved = fee_sheet_record(
                    actor=request.user, organization=organization, month=first, entries=entries
                )
            except DomainError as error:
                field = error.field if error.field in form.fields else None
                form.add_error(field, str(error.message))
            else:
                messages.success(
                    request,
                    _("%(count)s payments recorded for %(month)s.")
                    % {"count": len(saved), "month": month_label(first)},
                )
                return redirect(reverse("web:fee_sheet", args=[organization.code, month]))
    return render(
        request,
        "fees/sheet.html",
        {
            "organization": organization,
            "name": _name(organization, min(month_end(first), today())),
            "month": first,
            "month_label": month_label(first),
            "lines": lines,
            "form": form,
            "may_collect": may_collect,
            "previous": f"{add_months(first, -1):%Y-%m}",
            "next": f"{add_months(first, 1):%Y-%m}" if add_months(first, 1) <= today() else "",
            "total": sum(line.payment.amount for line in lines if line.payment),
        },
    )
