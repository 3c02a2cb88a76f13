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


# The demo data set, built once per run and shared by the tests that read it (``demo``): each of
# them built it itself before (two to three minutes apiece on PostgreSQL). The build is committed
# outside any test; a test that reads it rolls its own writes back, so the next one finds it as
# built. A transactional test (a browser walk, the export and import) starts by loading the rows
# serialized after the migrations over it (the audit chain's head, the rulebook) and empties the
# database when it ends: those run last (``pytest_collection_modifyitems``) and each gets the
# data set as built again: copied back on SQLite (its backup, a second or two), built again on
# PostgreSQL. The build is not removed at the end: the suite does not reuse its databases.


@pytest.fixture(scope="session")
def _demo_built(django_db_setup, django_db_blocker) -> tuple[dict[str, Any], Any]:
    from django.db import connection

    with django_db_blocker.unblock():
        summary = _build_demo()
        copy = None
        if connection.vendor == "sqlite":
            import sqlite3

            copy = sqlite3.connect(":memory:", check_same_thread=False)
            connection.connection.backup(copy)
    return summary, copy


@pytest.fixture
def demo(request, _demo_built, django_db_blocker) -> dict[str, Any]:
    """The demo data set as ``dangvien demo`` builds it; returns the summary of the session's
    build (``created`` is true even where a transactional test had it built again)."""
    from django.contrib.contenttypes.models import ContentType
    from django.db import connection

    from dangvien.demo.runner import demo_present

    summary, copy = _demo_built
    if not _is_transactional(request.node):
        # the tests that roll back run before any that empties the database (the hook below)
        assert demo_present() is not None, "a test emptied the shared demo before this one"
        return summary
    with django_db_blocker.unblock():
        if copy is not None:
            connection.ensure_connection()
            copy.backup(connection.connection)
            ContentType.objects.clear_cache()
        else:
            _build_demo()
    return summary


def _build_demo() -> dict[str, Any]:
    """``dangvien demo`` on the database as its migrations left it; the build's summary."""
    from dangvien.demo.runner import load_demo

    _as_migrated()
    return load_demo()


def _as_migrated() -> None:
    """The database as its migrations left it, whatever the tests before left. A transactional
    test empties it when it ends and, with a serialized rollback (every one here), leaves even
    the content types and the rulebook to the next such test's start: restored here as Django
    restores them there. Where no test of the run asks for a serialized rollback, none emptied
    it either, and it is left as it is."""
    from django.contrib.contenttypes.models import ContentType
    from django.core.management import call_command
    from django.db import connection

    serialized = getattr(connection, "_test_serialized_contents", None)
    if serialized is None:
        return
    # as Django's transactional test empties it: the sequences go on (the serialized rows keep
    # their ids, which a sequence started again would hand out again)
    call_command(
        "flush", interactive=False, verbosity=0, reset_sequences=False, inhibit_post_migrate=True
    )
    connection.creation.deserialize_db_from_string(serialized)
    ContentType.objects.clear_cache()  # the ids this process kept may be gone


def _is_transactional(item: pytest.Item) -> bool:
    """Whether pytest-django runs ``item`` in committed transactions (its own conditions)."""
    from pytest_django.fixtures import validate_django_db

    marker = item.get_closest_marker("django_db")
    transaction, reset_sequences, *_rest = validate_django_db(marker) if marker else (False, False)
    fixtures = set(getattr(item, "fixturenames", []))
    return bool(
        transaction
        or reset_sequences
        or {"transactional_db", "live_server", "django_db_reset_sequences"} & fixtures
    )


@pytest.hookimpl(trylast=True)  # after pytest-django's own order (rolled back, committed, none)
def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """The tests of the shared demo run last, those that roll back before those that commit."""

    def order(item: pytest.Item) -> int:
        if "demo" not in getattr(item, "fixturenames", []):
            return 0
        return 2 if _is_transactional(item) else 1

    items.sort(key=order)
