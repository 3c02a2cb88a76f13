"""Shared fixtures: an organization tree built through the services, actors with roles, clients."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from typing import Any

import pytest
from rest_framework.test import APIClient

from dangvien.accounts.models import RoleAssignment, User
from dangvien.organizations.models import Organization
from dangvien.organizations.services import organization_create


@dataclass
class OrgTree:
    """province → district → commune committee → two cells; a sibling district with one commune."""

    province: Organization
    district: Organization
    commune: Organization
    cell_a: Organization
    cell_b: Organization
    sibling_district: Organization
    sibling_commune: Organization


@pytest.fixture(autouse=True)
def _empty_cache():
    """Every test starts with an empty cache: what one test cached (e.g. an inbox keyed on the
    audit chain's hash) must not be read by the next, whose database was rolled back; nor the
    rulebook a process keeps (its rows' count and ids come again after a rollback on SQLite)."""
    from django.core.cache import cache

    from dangvien.rules.selectors import forget_kept_rulebook

    cache.clear()
    forget_kept_rulebook()
    yield
    cache.clear()
    forget_kept_rulebook()


@pytest.fixture
def superuser(db) -> User:
    return User.objects.create_superuser(
        "root", "root@example.vn", "root-pass-123", full_name="Quản trị"
    )


@pytest.fixture
def org_tree(superuser) -> OrgTree:
    founded = date(2000, 1, 1)

    def make(
        code: str, name: str, kind: str, parent: Organization | None, sector: str = ""
    ) -> Organization:
        return organization_create(
            actor=superuser,
            code=code,
            name=name,
            kind=kind,
            sector=sector,
            parent=parent,
            established_on=founded,
        )

    province = make("T-DT", "Đảng bộ tỉnh Đồng Tháp", "provincial", None)
    district = make("HU-TM", "Đảng bộ huyện Tháp Mười", "upper_grassroots", province)
    commune = make("X-MA", "Đảng bộ xã Mỹ An", "grassroots_committee", district, "commune")
    cell_a = make("CB-A", "Chi bộ ấp Mỹ Phước", "cell", commune, "residential")
    cell_b = make("CB-B", "Chi bộ Trường Tiểu học Mỹ An", "cell", commune, "school")
    sibling_district = make("HU-CL", "Đảng bộ huyện Cao Lãnh", "upper_grassroots", province)
    sibling_commune = make(
        "X-MH", "Đảng bộ xã Mỹ Hiệp", "grassroots_committee", sibling_district, "commune"
    )
    return OrgTree(province, district, commune, cell_a, cell_b, sibling_district, sibling_commune)


@pytest.fixture
def make_actor(db) -> Callable[..., User]:
    """``make_actor(role, org)`` → a user holding ``role`` on ``org`` from 2000-01-01."""
    counter = {"n": 0}

    def make(role: str | None = None, organization: Organization | None = None, **extra) -> User:
        counter["n"] += 1
        user = User.objects.create_user(f"user{counter['n']}", password="pass-12345", **extra)
        if role is not None and organization is not None:
            RoleAssignment.objects.create(
                user=user, organization=organization, role=role, valid_from=date(2000, 1, 1)
            )
        return user

    return make


@pytest.fixture
def api_client() -> APIClient:
    return APIClient()


@pytest.fixture
def row_counts(db) -> Callable[[], dict[str, int]]:
    """Counts of every history table, to assert that a refused action wrote nothing."""
    from dangvien.audit.models import AuditEvent
    from dangvien.committees.models import CommitteePost, Term
    from dangvien.organizations.models import OrganizationChange, OrganizationVersion

    def counts() -> dict[str, int]:
        return {
            "organizations": Organization.objects.count(),
            "versions": OrganizationVersion.objects.count(),
            "changes": OrganizationChange.objects.count(),
            "audit": AuditEvent.objects.count(),
            "posts": CommitteePost.objects.count(),
            "terms": Term.objects.count(),
        }

    return counts


@pytest.fixture
def today_is(monkeypatch):
    """``today_is(day)``: the business date is ``day`` for the refusal of future dates (a
    scenario written with dates after the real today is read as recorded later).

    Patches the clock under ``core.dates.today`` (``timezone.localdate`` without arguments), not
    ``today`` itself: a module imported while a test ran (``from dangvien.core.dates import
    today``) kept the test's day for the rest of the session."""
    from django.utils import timezone

    real_localdate = timezone.localdate

    def set_today(day: date) -> None:
        def localdate(value: Any = None, timezone: Any = None) -> date:
            return day if value is None else real_localdate(value, timezone)

        monkeypatch.setattr("django.utils.timezone.localdate", localdate)

    return set_today


@pytest.fixture
def client_as(api_client, org_tree, make_actor, superuser) -> Callable[[str], APIClient]:
    """``client_as(caller)`` → an API client authenticated as that caller (see
    ``dangvien.accounts.tests.callers.CALLERS``: positions relative to the commune X-MA)."""
    from dangvien.accounts.tests.callers import authenticate

    def make(caller: str) -> APIClient:
        return authenticate(
            api_client, caller, org_tree=org_tree, make_actor=make_actor, superuser=superuser
        )

    return make
