"""Party fees pages: the year of an organization, the monthly collection sheet of a cell."""

from __future__ import annotations

from datetime import date
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _

from dangvien.accounts.models import RoleAssignment
from dangvien.accounts.scoping import can
from dangvien.audit.selectors import cached_until_write
from dangvien.core.dates import add_months, today
from dangvien.core.decisions import Decision
from dangvien.core.exceptions import DomainError, ValidationFailed
from dangvien.fees.forms import CollectionSheetForm, FeeBasisForm, FeeReliefForm, RemittanceForm
from dangvien.fees.models import ReliefKind
from dangvien.fees.permissions import FeePermission
from dangvien.fees.rules import month_end, month_label, parse_month
from dangvien.fees.selectors import (
    CONTRACT_UNPAID_MONTHS,
    arrears_lines,
    ended_months,
    fee_ledger,
    fee_report,
    fees_statistics,
    month_statuses,
    owed_here,
)
from dangvien.fees.selectors import collection_sheet as sheet_lines
from dangvien.fees.services import (
    SheetEntry,
    fee_basis_record,
    fee_relief_record,
    fee_remittance_record,
    fee_sheet_record,
)
from dangvien.http.context import parse_as_of
from dangvien.http.runner import run_service
from dangvien.members.models import Member, MemberPeriod
from dangvien.members.selectors import home_organization, member_get
from dangvien.organizations.models import Organization, OrganizationVersion
from dangvien.organizations.selectors import (
    organization_children,
    organization_get,
    organization_state,
    sibling_order,
)
from dangvien.statistics.placement import counted_members, placement

#: Lines of the list of arrears on a page (the demo's province listed its 573 in one table)
ARREARS_PAGE_SIZE = 50


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


def _members_placed(organization: Organization, day: date) -> set[int]:
    """The members counted in the organization's subtree at the end of ``day`` (none before
    it was founded or after it ended)."""
    try:
        return set(counted_members(placement(organization, day)))
    except DomainError:
        return set()


def _month_rows(
    organization: Organization, on: date
) -> tuple[list[dict[str, object]], list[tuple[int, list[str]]], dict[str, object]]:
    """The months of the year (who owed, paid, was exempt, did not pay), the members with
    unpaid months owed here (``owed_here``) by id with their months, most months first, then
    by name (the page reads the members of its page only), and what the list counts next
    to the statistics' figure (``fees_statistics``: every unpaid month, wherever the member
    was), so that the page says why the two may differ.

    A month counts the members placed in the subtree on its last day (on ``on`` for the month
    running), as the month's collection sheet lists them; the list of arrears, like the
    statistics, the members counted on ``on``."""
    months = ended_months(on)
    current = on.replace(day=1)
    if current not in months:
        months.append(current)
    # a month's members as its sheet lists them: counting today's members for every month
    # left out those who left since (a cell's January said 99 owed, its sheet 105)
    held = {month: _members_placed(organization, min(month_end(month), on)) for month in months}
    member_ids = held[current]
    statuses = month_statuses(sorted(set().union(*held.values())), months)
    rows = []
    for index, month in enumerate(months):
        column = [statuses[member_id][index] for member_id in held[month]]
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
        member_id: [s.month for s in statuses[member_id] if s.unpaid and month_end(s.month) <= on]
        for member_id in member_ids
    }
    # owed only where the fee is kept here, as the due-list and the member page count them: a
    # member who came from a cell that keeps no fees here owes nothing here for before (the
    # demo's province listed 11 056 members, the due-list 4)
    unpaid = owed_here(unpaid, on)
    arrears = [
        (member_id, [month_label(m) for m in unpaid[member_id]])
        for member_id in Member.objects.filter(pk__in=list(unpaid))
        .order_by("search_name", "pk")
        .values_list("pk", flat=True)
    ]
    arrears.sort(key=lambda item: -len(item[1]))
    key = fees_statistics(organization, on)
    summary: dict[str, object] = {
        "on": on,
        "at_least": CONTRACT_UNPAID_MONTHS,
        # the statistics' figure (None: no fee of the year recorded for these members)
        "counted": key["members_with_3_unpaid_months"] if key is not None else None,
        "listed": sum(1 for months_ in unpaid.values() if len(months_) >= CONTRACT_UNPAID_MONTHS),
    }
    return rows, arrears, summary


def _ledger_context(organization: Organization, on: date, chosen: str) -> dict[str, object]:
    """The organization's ledger month by month (the year of D) and, for the chosen month, the
    reconciliation with the organizations directly below (expected vs received)."""
    months = ended_months(on)
    current = on.replace(day=1)
    if current not in months:
        months.append(current)
    ledger = fee_ledger([organization], months)
    month = parse_month(chosen) if chosen else None
    if month not in months:
        month = months[-2] if len(months) > 1 else months[-1]
    children = list(
        Organization.objects.filter(
            pk__in=OrganizationVersion.objects.at(month_end(month))
            .filter(parent=organization)
            .values("organization_id")
        )
    )
    below = [line for line in fee_ledger(children, [month]) if line.to_send or line.sent]
    below.sort(key=lambda line: line.name)
    return {
        "ledger": ledger,
        "ledger_totals": {
            field: sum(int(getattr(line, field)) for line in ledger)
            for field in ("collected", "received", "expected", "kept", "to_send", "sent")
        },
        "ledger_difference": sum(line.difference for line in ledger),
        "below": below,
        "below_month": month,
        "below_label": month_label(month),
        "month_choices": [(f"{m:%Y-%m}", month_label(m)) for m in months],
    }


@login_required
def organization_fees(request: HttpRequest, code: str) -> HttpResponse:
    """The year of D for the organization's subtree: month by month who was expected, paid,
    exempt and unpaid; the members with unpaid months; links to the collection sheets; the
    organization's ledger (collected, kept, to send up, sent, difference) with the remittances
    of the levels below; a remittance form; the fee report as XLSX (``?format=xlsx``)."""
    organization = organization_get(actor=request.user, code=code)
    if not can(request.user, FeePermission.VIEW, organization):
        raise PermissionDenied(FeePermission.VIEW)
    on = parse_as_of(request)
    if request.GET.get("format") == "xlsx":
        return _report_xlsx(request, organization, on)
    try:
        # the year of a subtree changes only with the data: kept until the next change (the
        # demo's province: 2 s to count, every member's months of the year)
        rows, arrears, arrears_summary = cached_until_write(
            f"fees-year:{organization.pk}:{on.isoformat()}",
            lambda: _month_rows(organization, on),
        )
    except DomainError as error:
        raise Http404(str(error.message)) from error
    # a page of the list (the counts above it are the whole list's): only its members are read,
    # with their cells named as they were called that day
    arrears_page = Paginator(arrears, ARREARS_PAGE_SIZE).get_page(request.GET.get("page"))
    lines = arrears_lines(actor=request.user, owed=list(arrears_page.object_list), on=on)
    # the links to the other pages keep the day and the ledger's month
    query = request.GET.copy()
    query.pop("page", None)
    query.pop("format", None)
    ledger = _ledger_context(organization, on, request.GET.get("month", ""))
    can_collect = can(request.user, FeePermission.CHANGE, organization)
    state = organization_state(organization, on=on)
    may_remit = can_collect and state is not None and state.parent_id is not None
    remit_form = RemittanceForm(
        request.POST if request.method == "POST" else None,
        months=ledger["month_choices"],  # type: ignore[arg-type]
        initial=_remit_initial(ledger),
    )
    if request.method == "POST":
        if not may_remit:
            raise PermissionDenied(FeePermission.CHANGE)
        if remit_form.is_valid():
            data = remit_form.cleaned_data
            month = parse_month(data["month"])
            assert month is not None  # one of the choices
            try:
                fee_remittance_record(
                    actor=request.user,
                    organization=organization,
                    month=month,
                    amount=data["amount"],
                    paid_on=data["paid_on"],
                    reference=data["reference"],
                )
            except DomainError as error:
                field = error.field if error.field in remit_form.fields else None
                remit_form.add_error(field, str(error.message))
            else:
                messages.success(
                    request,
                    _("Remittance of %(month)s recorded.") % {"month": month_label(month)},
                )
                return redirect(reverse("web:organization_fees", args=[organization.code]))
    has_own_members = MemberPeriod.objects.at(on).filter(organization=organization).exists()
    return render(
        request,
        "fees/organization.html",
        {
            "organization": organization,
            "name": _name(organization, on),
            "rows": rows,
            "arrears_page": arrears_page,
            "arrears_lines": lines,
            # the cells say something only where organizations stand below (every page of the
            # list alike: decided by a page's lines, the column came and went)
            "show_cells": organization_children(organization, on=on).exists(),
            "arrears_query": query.urlencode(),
            "arrears_summary": arrears_summary,
            "year": on.year,
            "has_sheet": has_own_members,
            "can_collect": can_collect,
            "may_remit": may_remit,
            "remit_form": remit_form,
            **ledger,
        },
    )


def _remit_initial(ledger: dict[str, object]) -> dict[str, object]:
    """The form's first values: the chosen month and what of it is still to send up."""
    month = ledger["below_month"]
    lines = [line for line in ledger["ledger"] if line.month == month]  # type: ignore[attr-defined]
    left = lines[0].difference if lines else 0
    return {
        "paid_on": today(),
        "month": f"{month:%Y-%m}",
        "amount": left if left > 0 else None,
    }


def _report_xlsx(request: HttpRequest, organization: Organization, on: date) -> HttpResponse:
    from dangvien.audit.services import record_export
    from dangvien.fees.documents import report_xlsx

    try:
        report = fee_report(organization=organization, on=on)
    except DomainError as error:
        raise Http404(str(error.message)) from error
    record_export(actor=request.user, organization=organization, what=f"fees {on.isoformat()}")
    response = HttpResponse(
        report_xlsx(report),
        content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    )
    filename = f"dang-phi-{organization.code}-{on.isoformat()}.xlsx"
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


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
    day = min(month_end(first), today())
    lines = sheet_lines(organization=organization, month=first, on=today())
    # no member of its own: the fee is collected in the organizations below (their sheets)
    below = (
        []
        if lines
        else sorted(
            organization_children(organization, on=day, actor=request.user), key=sibling_order
        )
    )
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
            "name": _name(organization, day),
            "month": first,
            "month_label": month_label(first),
            "lines": lines,
            "form": form,
            "may_collect": may_collect,
            "previous": f"{add_months(first, -1):%Y-%m}",
            "next": f"{add_months(first, 1):%Y-%m}" if add_months(first, 1) <= today() else "",
            "total": sum(line.payment.amount for line in lines if line.payment),
            "recorded": sum(1 for line in lines if line.payment),
            "below": below,
        },
    )


def _member_to_change(request: HttpRequest, pk: int) -> Member:
    """The member (in the user's scope) whose fee the user may change where they stand today."""
    member = member_get(actor=request.user, pk=pk)
    organization = home_organization(member, today())
    if organization is None or not can(request.user, FeePermission.CHANGE, organization):
        raise PermissionDenied(_("You may not change the party fees of this member."))
    return member


def _member_form(
    request: HttpRequest, member: Member, form: Any, call: Any, title: str, message: str
) -> HttpResponse:
    back = reverse("web:member", args=[member.pk]) + "#fees"
    response = run_service(request, form, call, success_url=back, success_message=message)
    return response or render(
        request, "members/form.html", {"member": member, "form": form, "title": title}
    )


@login_required
def member_fee_basis(request: HttpRequest, pk: int) -> HttpResponse:
    """Record what the member's fee is computed from (``fee_basis_record`` checks the rules)."""
    member = _member_to_change(request, pk)
    form = FeeBasisForm(request.POST or None, initial={"valid_from": today().replace(day=1)})
    return _member_form(
        request,
        member,
        form,
        lambda d: fee_basis_record(
            actor=request.user,
            member=member,
            valid_from=d["valid_from"],
            kind=d["kind"],
            amount=d["amount"] or 0,
            voluntary_amount=d["voluntary_amount"],
        ),
        _("Basis of the party fee of %(name)s") % {"name": member.full_name},
        _("The basis of the fee was recorded."),
    )


def _relief(request: HttpRequest, member: Member, data: dict[str, Any]) -> object:
    try:
        return fee_relief_record(
            actor=request.user,
            member=member,
            kind=data["kind"],
            percent=100 if data["kind"] == ReliefKind.EXEMPTION else (data["percent"] or 0),
            first_month=data["first_month"],
            last_month=data["last_month"],
            decision=Decision(data["decision_number"], data["decision_date"]),
            reason=data["reason"],
        )
    except PermissionDenied as refused:
        # who decides is a rule of the form's content (the decision), said next to it
        raise ValidationFailed(
            str(refused), code="fee_relief_body", field="decision_number"
        ) from refused


@login_required
def member_fee_relief(request: HttpRequest, pk: int) -> HttpResponse:
    """Record an exemption or a reduction decided by the competent level (``fee_relief_record``
    checks the decision, the rates, the length and who decides)."""
    member = _member_to_change(request, pk)
    form = FeeReliefForm(request.POST or None)
    return _member_form(
        request,
        member,
        form,
        lambda d: _relief(request, member, d),
        _("Exemption or reduction of the party fee of %(name)s") % {"name": member.full_name},
        _("The exemption or reduction was recorded."),
    )
