"""A small tree old enough for a member with 50 years of party age, members built through the
services, and payments recorded through ``fee_payment_record``."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

import pytest

from dangvien.core.decisions import Decision
from dangvien.fees.services import fee_payment_record
from dangvien.members.models import Member
from dangvien.members.services import member_admit, member_recognise
from dangvien.organizations.models import Organization
from dangvien.organizations.services import organization_create


@dataclass
class FeeTree:
    """province → commune X-Y (cells CB-1, CB-2) and commune X-Z (cell CB-3); since 1960."""

    province: Organization
    commune: Organization
    cell_1: Organization
    cell_2: Organization
    other_commune: Organization
    cell_3: Organization


@pytest.fixture
def tree(superuser) -> FeeTree:
    founded = date(1960, 1, 1)

    def make(code, name, kind, parent, sector=""):
        return organization_create(
            actor=superuser,
            code=code,
            name=name,
            kind=kind,
            sector=sector,
            parent=parent,
            established_on=founded,
        )

    province = make("T-X", "Đảng bộ tỉnh Thử", "provincial", None)
    commune = make("X-Y", "Đảng bộ xã Yên", "grassroots_committee", province, "commune")
    cell_1 = make("CB-1", "Chi bộ ấp 1", "cell", commune, "residential")
    cell_2 = make("CB-2", "Chi bộ ấp 2", "cell", commune, "residential")
    other = make("X-Z", "Đảng bộ xã Zê", "grassroots_committee", province, "commune")
    cell_3 = make("CB-3", "Chi bộ ấp 3", "cell", other, "residential")
    return FeeTree(province, commune, cell_1, cell_2, other, cell_3)


@pytest.fixture
def admit(superuser):
    """``admit(key, cell, admitted_on, decided_on=None, official_on=None)`` → a member."""

    def make(key, organization, admitted_on, decided_on=None, official_on=None) -> Member:
        member = member_admit(
            actor=superuser,
            organization=organization,
            admitted_on=admitted_on,
            decision=Decision(f"{key}-QĐ", decided_on or admitted_on, "Đảng ủy"),
            profile={
                "full_name": f"Nguyễn Văn {key}",
                "sex": "M",
                "birth_date": date(admitted_on.year - 25, 1, 1),
            },
            member_key=key,
        )
        if official_on is not None:
            member_recognise(
                actor=superuser,
                member=member,
                decision=Decision(f"{key}-CT", official_on, "Đảng ủy"),
            )
        return member

    return make


@pytest.fixture
def pay(superuser):
    """``pay(member, "2026-01", ...)`` records payments of 20.000 đồng on the 10th."""

    def record(member: Member, *months: str, amount: int = 20_000) -> None:
        for month in months:
            first = date.fromisoformat(f"{month}-01")
            fee_payment_record(
                actor=superuser,
                member=member,
                month=first,
                amount=amount,
                paid_on=first.replace(day=10),
            )

    return record
