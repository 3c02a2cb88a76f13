"""The demo's accounts (the demo step ``accounts``, after the members): the provincial staff,
the staff of Xã Tháp Mười and its inspection commission, the secretary of its busiest grassroots cell and a member of that
cell (``dangvien``, the handbook)."""

from __future__ import annotations

from datetime import date

from django.db.models import Count, Q

from dangvien.accounts.models import User
from dangvien.accounts.types import Actor
from dangvien.committees.choices import Post
from dangvien.committees.models import CommitteePost
from dangvien.core.demo import DemoContext
from dangvien.demo.runner import DEMO_PASSWORD
from dangvien.members.models import MemberPeriod
from dangvien.organizations.models import Organization, OrganizationVersion
from dangvien.users.services import role_grant, user_create

#: The day the demo's accounts are chosen at (the cell, its secretary, the member's login).
ON = date(2026, 11, 1)


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
        OrganizationVersion.objects.at(ON)
        .filter(path__startswith=commune.path, kind="grassroots_cell")
        .values("organization_id")
    )
    busiest = (
        MemberPeriod.objects.at(ON)
        .filter(organization_id__in=cells)
        .values("organization_id")
        .annotate(n=Count("id"))
        .order_by("-n", "organization_id")
        .first()
    )
    cell = Organization.objects.get(pk=busiest["organization_id"]) if busiest else None
    if cell is None:
        raise RuntimeError("the demo commune has no cell")
    # the login of the cell's secretary bears the name of the member holding the post (the walk
    # met "Võ Thanh Tùng", whom no member file names, beside the cell's secretary)
    secretary = (
        CommitteePost.objects.filter(
            organization=cell, post=Post.SECRETARY, member__isnull=False, held_from__lte=ON
        )
        .filter(Q(held_to__isnull=True) | Q(held_to__gt=ON))
        .select_related("member")
        .order_by("-held_from")
        .first()
    )
    name = secretary.member.full_name if secretary and secretary.member else "Võ Thanh Tùng"
    users.append(("chibo", f"{name} (Bí thư chi bộ)", cell, "cell_secretary"))
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
        MemberPeriod.objects.at(ON)
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
        member_account_link(actor=admin, user=user, member=period.member, on=ON)
