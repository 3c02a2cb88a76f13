"""Helpers shared by the member ledger tests: admit through the service, count history rows."""

from __future__ import annotations

from datetime import date
from typing import Any

from dangvien.audit.models import AuditEvent
from dangvien.core.decisions import Decision
from dangvien.members.models import Member, MemberEvent, MemberPeriod
from dangvien.members.services import (
    member_admit,
    member_recognise,
    member_remove,
    member_transfer,
)
from dangvien.organizations.models import Organization, OrganizationVersion
from dangvien.organizations.services import organization_create

DECIDED = date(2020, 1, 5)
ADMITTED = date(2020, 1, 10)
BORN = date(1990, 5, 1)
# A re-admission's consent of the provincial standing committee, and the circumstances that
# allow re-admitting one who left at their own request (Quy định 294-QĐ/TW mục 3.5).
CONSENT = Decision("15-CV/TU", date(2019, 1, 2), "Ban Thường vụ Tỉnh ủy")
HARDSHIP = "Hoàn cảnh gia đình đặc biệt khó khăn"


def counts() -> dict[str, int]:
    """Rows of every table a member action may write."""
    return {
        "members": Member.objects.count(),
        "events": MemberEvent.objects.count(),
        "periods": MemberPeriod.objects.count(),
        "audit": AuditEvent.objects.count(),
        "versions": OrganizationVersion.objects.count(),
    }


def periods_of(member: Member) -> list[tuple[Any, ...]]:
    """(organization code, from, to, status, exempted, host code, transit code) per stored period."""
    return [
        (
            p.organization.code,
            p.valid_from,
            p.valid_to,
            p.status,
            p.is_exempted,
            p.host_organization.code if p.host_organization else None,
            p.transit_to.code if p.transit_to else None,
        )
        for p in MemberPeriod.objects.filter(member=member)
        .select_related("organization", "host_organization", "transit_to")
        .order_by("valid_from")
    ]


def admit(
    actor: Any,
    organization: Organization,
    *,
    name: str = "Nguyễn Văn An",
    admitted_on: date = ADMITTED,
    decided_on: date | None = None,
    born: date | None = BORN,
    **profile: Any,
) -> Member:
    """Admit a person through ``member_admit`` (decision five days before the ceremony)."""
    decided = decided_on or date.fromordinal(admitted_on.toordinal() - 5)
    return member_admit(
        actor=actor,
        organization=organization,
        admitted_on=admitted_on,
        decision=Decision("01-QĐ/ĐU", decided, "Đảng ủy xã Mỹ An"),
        profile={"full_name": name, "sex": "M", "birth_date": born, **profile},
    )


def make_cell(actor: Any, code: str, parent: Organization, kind: str = "cell") -> Organization:
    """A cell under ``parent`` founded on 2000-01-01."""
    return organization_create(
        actor=actor,
        code=code,
        name=f"Chi bộ {code}",
        kind=kind,
        sector="residential" if kind == "cell" else "",
        parent=parent,
        established_on=date(2000, 1, 1),
    )


def audits_of(member: Member) -> list[AuditEvent]:
    """The audit rows about ``member``, oldest first."""
    from django.contrib.contenttypes.models import ContentType

    return list(
        AuditEvent.objects.filter(
            object_type=ContentType.objects.get_for_model(Member), object_id=str(member.pk)
        ).order_by("id")
    )


def transferred_then_removed(superuser, org_tree):
    """A member of CB-A transferred in 2021 to a cell of the other district, later removed."""
    far = organization_create(
        actor=superuser,
        code="CB-FAR",
        name="Chi bộ ấp Mỹ Hiệp",
        kind="cell",
        parent=org_tree.sibling_commune,
        established_on=date(2000, 1, 1),
    )
    member = member_admit(
        actor=superuser,
        organization=org_tree.cell_a,
        admitted_on=date(2010, 3, 1),
        decision=Decision("1", date(2010, 2, 1), "Huyện ủy"),
        profile={"full_name": "Võ Văn Mười", "sex": "M", "birth_date": date(1980, 1, 1)},
    )
    member_recognise(
        actor=superuser, member=member, decision=Decision("2", date(2011, 3, 5), "Huyện ủy")
    )
    member_transfer(
        actor=superuser, member=member, to_organization=far, effective_on=date(2021, 6, 1)
    )
    member_remove(actor=superuser, member=member, effective_on=date(2023, 1, 1))
    return member, far
