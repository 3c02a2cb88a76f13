"""The demo's accounts (the demo step ``accounts``, after the members): the provincial staff,
the staff of Xã Tháp Mười and its inspection commission, the secretary of its busiest grassroots cell and a member of that
cell (``dangvien``, the handbook)."""

from __future__ import annotations

from datetime import date

from django.db.models import Count

from dangvien.accounts.models import User
from dangvien.accounts.types import Actor
from dangvien.core.demo import DemoContext
from dangvien.demo.runner import DEMO_PASSWORD
from dangvien.members.models import MemberPeriod
from dangvien.organizations.models import Organization, OrganizationVersion
from dangvien.users.services import role_grant, user_create


def build_accounts(context: DemoContext[Actor]) -> None:
    admin = context.actor
    province = context.made["province"]
    new_communes = context.made["new_communes"]
    users = [
        ("tinh", "Lê Thị Thu (Ban Tổ chức Tỉnh ủy)", province, "staff"),
        (
            "xa",
            "Phạm Văn Hải (Đảng ủy xã Tháp Mười)",
            new_communes["Xã Tháp Mười"],
            "staff",
        ),
        (
            "ubkt",
            "Trần Thị Mai (Ủy ban Kiểm tra Đảng ủy xã Tháp Mười)",
            new_communes["Xã Tháp Mười"],
            "inspection_commission",
        ),
    ]
    # The cell secretary's cell: the grassroots cell of the commune with the most members.
    commune = new_communes["Xã Tháp Mười"]
    cells = (
        OrganizationVersion.objects.at(date(2026, 11, 1))
        .filter(path__startswith=commune.path, kind="grassroots_cell")
        .values("organization_id")
    )
    busiest = (
        MemberPeriod.objects.at(date(2026, 11, 1))
        .filter(organization_id__in=cells)
        .values("organization_id")
        .annotate(n=Count("id"))
        .order_by("-n", "organization_id")
        .first()
    )
    cell = Organization.objects.get(pk=busiest["organization_id"]) if busiest else None
    if cell is None:
        raise RuntimeError("the demo commune has no cell")
    users.append(("chibo", "Võ Thanh Tùng (Bí thư chi bộ)", cell, "cell_secretary"))
    for username, full_name, organization, role in users:
        user = User.objects.filter(username=username).first() or user_create(
            actor=admin, username=username, password=DEMO_PASSWORD, full_name=full_name
        )
        role_grant(
            actor=admin,
            user=user,
            organization=organization,
            role=role,
            valid_from=date(2025, 7, 1),
        )
    # A member's login to the handbook (portal): the first member by name of the secretary's
    # cell who is neither exempted nor away.
    from dangvien.portal.services import member_account_link

    period = (
        MemberPeriod.objects.at(date(2026, 11, 1))
        .filter(organization=cell, is_exempted=False, host_organization__isnull=True)
        .select_related("member")
        .order_by("member__search_name", "member_id")
        .first()
    )
    if period is not None:
        user = User.objects.filter(username="dangvien").first() or user_create(
            actor=admin,
            username="dangvien",
            password=DEMO_PASSWORD,
            full_name=period.member.full_name,
        )
        member_account_link(actor=admin, user=user, member=period.member, on=date(2026, 11, 1))
