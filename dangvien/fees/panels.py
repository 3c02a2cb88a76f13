"""What the fees app shows on shared pages: the member page, the organization page, the
portal, and the removal due-list (registered in ``apps.py``)."""

from __future__ import annotations

from datetime import date
from typing import Any

from django.db.models import Exists, OuterRef
from django.urls import reverse
from django.utils.translation import gettext as _

from dangvien.accounts.scoping import can, scope_q
from dangvien.accounts.types import Actor
from dangvien.core.exceptions import ValidationFailed
from dangvien.decisions.due import DueMember
from dangvien.fees.models import FeePayment
from dangvien.fees.permissions import FeePermission
from dangvien.fees.rule_keys import REMOVAL_UNPAID_MONTHS
from dangvien.fees.rules import month_label
from dangvien.fees.selectors import (
    any_payment_of_year,
    collection_sheet,
    ended_months,
    member_bases,
    member_payments,
    member_reliefs,
    month_statuses,
    months_kept_here,
    owed_here,
    own_payments,
    payments_of_year,
    unpaid_months,
)
from dangvien.http.registry import InboxItem, PanelContext
from dangvien.members.models import Member, MemberPeriod
from dangvien.members.selectors import home_organization
from dangvien.organizations.models import Organization
from dangvien.organizations.selectors import organization_names
from dangvien.statistics.placement import counted_members, placement


def _year_of_member(member: Member, on: date) -> list[dict[str, Any]]:
    """This year's months of the member, each with its status and whether its fee is kept
    here (``months_kept_here``: an unpaid month elsewhere is no debt here)."""
    months = ended_months(on)
    rows = month_statuses([member.pk], months).get(member.pk, [])
    kept = months_kept_here([member.pk], months, on)[member.pk]
    return [
        {"label": month_label(s.month), "status": s, "kept": s.month in kept}
        for s in rows
        if s.member
    ]


def member_fees(page: PanelContext) -> dict[str, Any] | None:
    """The member's payments and this year's months (paid, exempt, unpaid) where the fee is
    collected, the bases and reliefs, and for who may change them the links to record them;
    hidden when none of these has anything to show."""
    payments = list(member_payments(actor=page.actor, member=page.subject, on=page.on)[:24])
    # the bases and reliefs decided by the page's day (the page of 2022 listed those of 2026)
    bases = list(member_bases(page.subject).filter(valid_from__lte=page.on)[:6])
    reliefs = list(member_reliefs(page.subject).filter(first_month__lte=page.on)[:6])
    home = home_organization(page.subject, page.on)
    may_change = home is not None and can(page.actor, FeePermission.CHANGE, home)
    organization_id = getattr(page.state, "organization_id", None)
    # months owed only where a fee is collected: a year the cell collected nothing is no debt
    collects = bool(payments) or (
        organization_id is not None
        and payments_of_year(page.on).filter(organization_id=organization_id).exists()
    )
    if not (collects or bases or reliefs or may_change):
        return None
    months = _year_of_member(page.subject, page.on) if collects else []
    return {
        "payments": payments,
        "months": months,
        "unpaid": sum(1 for m in months if m["status"].unpaid and m["kept"]),
        "bases": bases,
        "reliefs": reliefs,
        "may_change": may_change,
    }


def portal_fees(page: PanelContext) -> dict[str, Any] | None:
    """ "My fees": the member's own payments made by the page's day and that year's months
    (their own rows only)."""
    member: Member = page.subject
    payments = list(own_payments(member, page.on)[:24])
    return {
        "payments": payments,
        "months": _year_of_member(member, page.on),
    }


def organization_fees(page: PanelContext) -> dict[str, Any] | None:
    """This year's collection of the organization's subtree: payments recorded and members
    with three or more unpaid months; with a link to the month's collection sheet."""
    organization: Organization = page.subject
    if not can(page.actor, FeePermission.VIEW, organization):
        return None
    on = page.on
    year_payments = payments_of_year(on).filter(
        scope_q(page.actor, FeePermission.VIEW),
        organization__path__startswith=organization.path,
    )
    count = year_payments.count()
    if not count:
        return None
    return {
        "year": on.year,
        "payments": count,
        "month": on.replace(day=1),
        "can_collect": can(page.actor, FeePermission.CHANGE, organization),
    }


def unpaid_fee_members(actor: Actor, organization: Organization, on: date) -> list[DueMember]:
    """Members of the subtree at ``on`` with the rulebook's number of unpaid months in the year
    (§2.11: "không đóng đảng phí ba tháng trong năm mà không có lý do chính đáng"); none when
    the subtree records no fees that year (the collection is not kept here)."""
    try:
        counted = counted_members(placement(organization, on))
    except ValidationFailed:  # the organization does not stand that day: nobody is due
        return []
    if not any_payment_of_year(counted, on):
        return []
    # a member owes only where an organization of theirs this year collects the fee here (a
    # payment of the year): in a province where some communes keep their fees here and others
    # not yet, the others' members owe nothing (the demo's province listed 10 893 members
    # otherwise). Any organization of the year, not only today's: a member who moved from a
    # cell that collects to one that does not still owes the months spent in the first.
    counted = counted.filter(
        Exists(
            MemberPeriod.objects.filter(member_id=OuterRef("member_id"), valid_from__lte=on)
            .exclude(valid_to__lt=on.replace(month=1, day=1))
            .filter(
                Exists(payments_of_year(on).filter(organization_id=OuterRef("organization_id")))
            )
        )
    )
    threshold = REMOVAL_UNPAID_MONTHS(on=on)
    unpaid = {
        member_id: months
        for member_id, months in unpaid_months(counted, on).items()
        if len(months) >= threshold
    }
    # of those, the months whose fee is kept here (a member who came from elsewhere this year
    # owes nothing here for the months before)
    unpaid = {
        member_id: owed
        for member_id, owed in owed_here(unpaid, on).items()
        if len(owed) >= threshold
    }
    visible = Member.objects.filter(pk__in=list(unpaid))
    allowed = set(counted.filter(scope_q(actor, FeePermission.VIEW), member_id__in=list(unpaid)))
    return [
        DueMember(
            member,
            _("Party fees unpaid for %(months)s.")
            % {"months": ", ".join(month_label(m) for m in unpaid[member.pk])},
        )
        for member in visible.order_by("search_name", "pk")
        if member.pk in allowed
    ]


def inbox_unpaid(actor: Actor) -> list[InboxItem]:
    """For a cell secretary: the members of their cell who have not paid last month's fee,
    once the cell keeps its collection here (a payment in the last twelve months)."""
    from dangvien.accounts.choices import Role
    from dangvien.accounts.models import RoleAssignment
    from dangvien.core.dates import add_months, today

    on = today()
    last_month = add_months(on.replace(day=1), -1)
    items = []
    for grant in (
        RoleAssignment.objects.filter(
            user_id=actor.pk or 0, role=Role.CELL_SECRETARY, valid_from__lte=on
        )
        .exclude(valid_to__lt=on)
        .select_related("organization")
    ):
        cell = grant.organization
        if not FeePayment.objects.filter(
            organization=cell, month__gte=add_months(last_month, -11)
        ).exists():
            continue
        lines = collection_sheet(organization=cell, month=last_month, on=on)
        unpaid = sum(1 for line in lines if line.status.unpaid)
        if unpaid:
            items.append(
                InboxItem(
                    _("Party fees of %(month)s not yet paid in %(cell)s")
                    % {
                        "month": month_label(last_month),
                        "cell": organization_names([cell.pk]).get(cell.pk, cell.code),
                    },
                    unpaid,
                    reverse("web:fee_sheet", args=[cell.code, f"{last_month:%Y-%m}"]),
                )
            )
    return items
