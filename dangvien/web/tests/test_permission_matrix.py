"""The permission matrix generated from the OpenAPI schema and the URL configuration (issue 13).

Every API operation of the schema and every web page of the URL configuration must have an
expectation here: a new endpoint without one fails ``test_every_*_has_an_expectation``, so
none escapes the matrix. Each is then requested by every kind of actor, standing relative to
the commune X-MA of ``org_tree`` (its objects are the ones requested):

anonymous; an account with no role; a grant that expired, one that starts in the future; an
inactive account (with a valid token); staff of the sibling commune X-MH; a viewer of X-MA; the
secretary of the other cell CB-B; staff of X-MA; staff of the province; the administrator; a
member with a portal account (no role).

The expected status of each actor comes from the columns of ``accounts.tests.callers`` (the
per-app matrices use the same): those out of scope behave as a user without a role or as the
sibling staff, the X-MA staff as ``staff_self``, the province as ``staff_ancestor``. A write is
run inside a savepoint rolled back afterwards, so every actor meets the same world; a refused
write must leave every table as it was. One world per actor keeps it within the CI budget.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import Any

import pytest
from django.apps import apps
from django.db import transaction
from drf_spectacular.generators import SchemaGenerator
from rest_framework.authtoken.models import Token
from rest_framework.test import APIClient

from dangvien.accounts.models import RoleAssignment, User
from dangvien.accounts.tests.callers import DETAIL, LIST, write

pytestmark = pytest.mark.django_db

# Actor kind → the column of ``callers`` it must behave as.
ACTORS: dict[str, str] = {
    "anonymous": "anonymous",
    "no_role": "no_role",
    "expired_grant": "no_role",
    "future_grant": "no_role",
    "inactive": "anonymous",
    "sibling_staff": "staff_sibling",
    "viewer": "viewer_self",
    "other_cell_secretary": "staff_sibling",
    "commune_staff": "staff_self",
    "province_staff": "staff_ancestor",
    "admin": "superuser",
    "portal_member": "no_role",
}
DRAFT = {**DETAIL, "staff_ancestor": 404}
PUBLIC = dict.fromkeys(["anonymous", "no_role", "staff_sibling", "staff_ancestor",
                         "staff_self", "viewer_self", "superuser"], 200)  # fmt: skip
D = "2025-07-01"
DECISION = {"number": "7-QĐ/ĐU", "date": "2025-06-25", "issuer": "Đảng ủy xã Mỹ An"}


def _refused_alike(ok: int, **overrides: int) -> dict[str, int]:
    """A write: 401 anonymous, 404 out of scope, 403 viewer, ``ok`` in scope."""
    return write(ok, **overrides)


@dataclass(frozen=True)
class Op:
    """One API operation: the URL (formatted with the world's ids), a body, the expected
    status per column of ``callers``."""

    url: str
    expected: dict[str, int]
    body: dict[str, Any] = field(default_factory=dict)
    note: str = ""


# Every operation of the schema. ``ok`` is the answer in scope with this body in this world;
# where it is a 400 the body is refused by a rule of the domain after the scope was checked
# (the note says which), which is still the answer the matrix pins.
API: dict[str, Op] = {
    # admissions
    "GET /api/admission-candidates/": Op("/api/admission-candidates/", LIST),
    "POST /api/admission-candidates/": Op(
        "/api/admission-candidates/",
        write(201, no_role=404),
        {
            "organization": "CB-A",
            "full_name": "Đỗ Văn Mới",
            "sex": "M",
            "source": "residence",
            "birth_date": "2000-01-01",
        },
    ),
    "GET /api/admission-candidates/{id}/": Op("/api/admission-candidates/{candidate}/", DETAIL),
    "POST /api/admission-candidates/{id}/advance/": Op(
        "/api/admission-candidates/{candidate}/advance/",
        write(200),
        {"step": "course", "done_on": "2025-06-01"},
    ),
    "POST /api/admission-candidates/{id}/ceremony/": Op(
        "/api/admission-candidates/{candidate}/ceremony/",
        write(400),
        {"ceremony_on": "2025-06-01"},
        "no admission decision recorded yet",
    ),
    "GET /api/admission-candidates/{id}/checklist/": Op(
        "/api/admission-candidates/{candidate}/checklist/", DETAIL
    ),
    "POST /api/admission-candidates/{id}/introducers/": Op(
        "/api/admission-candidates/{candidate}/introducers/",
        write(200),
        {"introducers": ["{member}"]},
    ),
    "POST /api/admission-candidates/{id}/recognition-vote/": Op(
        "/api/admission-candidates/{candidate}/recognition-vote/",
        write(400),
        {"voted_on": "2025-06-01", "members_called": 3, "votes_for": 3},
        "the candidate is not on probation",
    ),
    "GET /api/admission-progress/{code}/": Op("/api/admission-progress/X-MA/", DETAIL),
    # audit, auth, committees
    "GET /api/audit-events/": Op("/api/audit-events/", LIST),
    "POST /api/auth/token/": Op(
        "/api/auth/token/", {**PUBLIC, "anonymous": 400}, {"username": "x", "password": "y"}
    ),
    "GET /api/committees/without-secretary/": Op("/api/committees/without-secretary/", LIST),
    "GET /api/organizations/{code}/terms/": Op("/api/organizations/X-MA/terms/", DETAIL),
    "POST /api/organizations/{code}/terms/": Op(
        "/api/organizations/X-MA/terms/", write(201), {"congress_on": "2025-08-15"}
    ),
    "GET /api/organizations/{code}/posts/": Op("/api/organizations/X-MA/posts/", DETAIL),
    "POST /api/organizations/{code}/posts/": Op(
        "/api/organizations/X-MA/posts/",
        write(201),
        {"post": "member", "person_name": "Trần Thị Bình", "held_from": "2025-08-15"},
    ),
    "POST /api/organizations/{code}/posts/{id}/end/": Op(
        "/api/organizations/X-MA/posts/{post}/end/", write(200), {"held_to": "2025-08-15"}
    ),
    # reports
    "GET /api/dashboards/{code}/": Op("/api/dashboards/X-MA/", DETAIL),
    "GET /api/dashboards/{code}/document/{fmt}/": Op("/api/dashboards/X-MA/document/xlsx/", DETAIL),
    "GET /api/period-reports/": Op("/api/period-reports/", LIST),
    "POST /api/period-reports/": Op(
        "/api/period-reports/",
        write(201),
        {"organization": "X-MA", "period_kind": "year", "year": 2024},
    ),
    # a draft is seen by its own organization only (the levels above see approved reports)
    "GET /api/period-reports/{id}/": Op("/api/period-reports/{report}/", DRAFT),
    "POST /api/period-reports/{id}/submit/": Op(
        "/api/period-reports/{report}/submit/", write(200, staff_ancestor=404)
    ),
    "POST /api/period-reports/{id}/approve/": Op(
        "/api/period-reports/{report}/approve/",
        write(400, staff_ancestor=404),
        note="a draft is not yet submitted",
    ),
    "POST /api/period-reports/{id}/return/": Op(
        "/api/period-reports/{report}/return/", write(200, staff_ancestor=404)
    ),
    "GET /api/period-reports/{id}/diff/": Op("/api/period-reports/{report}/diff/", DRAFT),
    "GET /api/period-reports/{id}/document/{fmt}/": Op(
        "/api/period-reports/{report}/document/xlsx/", DRAFT
    ),
    # members
    "GET /api/members/": Op("/api/members/", LIST),
    "POST /api/members/": Op(
        "/api/members/",
        # only the district (competence.admission) admits into a cell of X-MA
        write(201, staff_self=403, staff_ancestor=403),
        {
            "organization": "CB-A",
            "admitted_on": "2025-05-19",
            "decision": {"number": "9-QĐ/ĐU", "date": "2025-05-10"},
            "profile": {"full_name": "Trần Thị Bình", "sex": "F", "birth_date": "1995-02-03"},
        },
    ),
    "GET /api/members/{id}/": Op("/api/members/{member}/", DETAIL),
    "PATCH /api/members/{id}/": Op("/api/members/{member}/", write(200), {"phone": "0912345678"}),
    "POST /api/members/{id}/death/": Op(
        "/api/members/{member}/death/", write(200), {"effective_on": D, "confirmed": True}
    ),
    "POST /api/members/{id}/events/{event_id}/correct/": Op(
        "/api/members/{member}/events/{event}/correct/", write(200), {"effective_on": "2024-06-15"}
    ),
    "POST /api/members/{id}/events/{event_id}/void/": Op(
        "/api/members/{member}/events/{event}/void/", write(200), {"note": "nhập nhầm"}
    ),
    "POST /api/members/{id}/exemption-end/": Op(
        "/api/members/{member}/exemption-end/",
        write(200, staff_self=403, staff_ancestor=403),  # the cell decides exemptions
        {"effective_on": D},
    ),
    "GET /api/members/{id}/periods/": Op("/api/members/{member}/periods/", DETAIL),
    "GET /api/members/{id}/timeline/": Op("/api/members/{member}/timeline/", DETAIL),
    "POST /api/members/{id}/temporary-out/": Op(
        "/api/members/{member}/temporary-out/",
        write(200),
        {"organization": "CB-B", "effective_on": D},
    ),
    "POST /api/members/{id}/temporary-return/": Op(
        "/api/members/{member}/temporary-return/",
        write(400),
        {"effective_on": D},
        "the member is not away",
    ),
    "POST /api/members/{id}/transfer/": Op(
        "/api/members/{member}/transfer/",
        write(200),
        {"organization": "CB-B", "effective_on": D, "decision": DECISION},
    ),
    "POST /api/members/{id}/transfer-issue/": Op(
        "/api/members/{member}/transfer-issue/",
        # inside the commune the commune introduces the transfer (competence), not the province
        write(200, staff_ancestor=403),
        {"organization": "CB-B", "effective_on": D, "decision": DECISION},
    ),
    "POST /api/members/{id}/transfer-receive/": Op(
        "/api/members/{member}/transfer-receive/",
        # the receiving side is known only from the transfer: its absence is said first
        write(400, viewer_self=400),
        {"effective_on": D},
        "no transfer in progress",
    ),
    "POST /api/members/{id}/transfer-cancel/": Op(
        "/api/members/{member}/transfer-cancel/",
        write(400),
        {"effective_on": D},
        "no transfer in progress",
    ),
    "GET /api/members/badge-candidates/": Op(
        "/api/members/badge-candidates/?organization=X-MA", DETAIL
    ),
    "GET /api/members/due-for-recognition/": Op(
        "/api/members/due-for-recognition/?organization=X-MA", DETAIL
    ),
    "GET /api/members/transfers/": Op("/api/members/transfers/?organization=X-MA", DETAIL),
    # organizations
    "GET /api/organizations/": Op("/api/organizations/", LIST),
    "POST /api/organizations/": Op(
        "/api/organizations/",
        write(201),
        {
            "parent": "X-MA",
            "code": "CB-C",
            "name": "Chi bộ ấp Mỹ Lợi",
            "kind": "cell",
            "sector": "residential",
            "established_on": "2025-01-01",
            "decision": DECISION,
        },
    ),
    "GET /api/organizations/tree/": Op("/api/organizations/tree/", LIST),
    "GET /api/organizations/{code}/": Op("/api/organizations/X-MA/", DETAIL),
    "GET /api/organizations/{code}/children/": Op("/api/organizations/X-MA/children/", DETAIL),
    "GET /api/organizations/{code}/history/": Op("/api/organizations/X-MA/history/", DETAIL),
    "POST /api/organizations/{code}/rename/": Op(
        "/api/organizations/CB-E/rename/", write(200), {"name": "Chi bộ mới", "effective_on": D}
    ),
    "POST /api/organizations/{code}/reclassify/": Op(
        "/api/organizations/CB-E/reclassify/",
        write(200),
        {"kind": "cell", "sector": "enterprise", "effective_on": D},
    ),
    "POST /api/organizations/{code}/move/": Op(
        "/api/organizations/CB-B/move/",
        # the new parent lies outside X-MA: not even found by those who cannot see it
        write(200, staff_self=404, viewer_self=404),
        {"parent": "X-MH", "effective_on": D},
    ),
    "POST /api/organizations/{code}/merge/": Op(
        "/api/organizations/CB-B/merge/",
        write(200),
        {"absorbed": ["CB-E"], "effective_on": D},
    ),
    "POST /api/organizations/{code}/split/": Op(
        "/api/organizations/CB-E/split/",
        write(200),
        {
            "effective_on": D,
            "parts": [
                {"code": "CB-E1", "name": "Chi bộ E1", "kind": "cell", "sector": "residential"},
                {"code": "CB-E2", "name": "Chi bộ E2", "kind": "cell", "sector": "residential"},
            ],
        },
    ),
    "POST /api/organizations/{code}/dissolve/": Op(
        "/api/organizations/CB-E/dissolve/", write(200), {"effective_on": D}
    ),
    # decisions
    "GET /api/proposals/": Op("/api/proposals/", LIST),
    "POST /api/proposals/": Op(
        "/api/proposals/",
        write(400),
        {
            "kind": "expulsion",
            "member": "{other}",
            "proposed_on": "2025-06-01",
            "votes_for": 1,
            "votes_against": 0,
        },
        "the vote does not match the cell's official members convened",
    ),
    "GET /api/proposals/{id}/": Op("/api/proposals/{proposal}/", DETAIL),
    "POST /api/proposals/{id}/decide/": Op(
        "/api/proposals/{proposal}/decide/",
        write(200, staff_self=403, staff_ancestor=403),  # the district decides
        {"outcome": "rejected", "decision": {"number": "3-QĐ/HU", "date": "2025-06-20"}},
    ),
    "POST /api/proposals/{id}/withdraw/": Op(
        "/api/proposals/{proposal}/withdraw/", write(200), {"on": "2025-06-21", "note": "rút lại"}
    ),
    "POST /api/proposals/direct/": Op(
        "/api/proposals/direct/",
        # refused for its kind whoever asks (it names no organization to be authorised on)
        write(400, viewer_self=400),
        {
            "kind": "resignation",
            "member": "{other}",
            "decision": {"number": "5-QĐ/ĐU", "date": "2025-06-20"},
        },
        "a resignation is proposed by the cell, not decided directly",
    ),
    # rules, statistics
    "GET /api/rules/": Op("/api/rules/", LIST),
    "GET /api/rules/{key}/history/": Op("/api/rules/term.cell_months/history/", LIST),
    "GET /api/statistics/{code}/": Op("/api/statistics/X-MA/", DETAIL),
}


# A refused log-in is recorded (the lock-out counts attempts): its write is the point.
COUNTS_ATTEMPTS = {"POST /api/auth/token/"}


def schema_operations() -> set[str]:
    schema = SchemaGenerator().get_schema(request=None, public=True)
    return {f"{method.upper()} {path}" for path, item in schema["paths"].items() for method in item}


def test_every_api_operation_has_an_expectation():
    # then: none missing (a new endpoint), none stale (a removed one)
    operations = schema_operations()
    assert sorted(operations - API.keys()) == []
    assert sorted(API.keys() - operations) == []


#
# The world every actor meets
#


@dataclass
class World:
    ids: dict[str, Any]
    users: dict[str, User | None]


def _build_world(org_tree: Any, superuser: User, make_actor: Callable[..., User]) -> World:
    from dangvien.admissions.services import candidate_register
    from dangvien.committees.services import committee_post_assign
    from dangvien.core.decisions import Decision
    from dangvien.decisions.services import proposal_submit
    from dangvien.members.services import member_exempt, member_recognise
    from dangvien.members.tests.support import admit, make_cell
    from dangvien.portal.services import member_account_link
    from dangvien.reports.services import report_create

    member = admit(superuser, org_tree.cell_a, national_id="087090000001")
    member_recognise(actor=superuser, member=member, decision=Decision("2-QĐ", date(2021, 1, 12)))
    others = []
    for index, name in enumerate(["Trần Văn Hai", "Lê Thị Ba"]):
        other = admit(superuser, org_tree.cell_a, name=name, national_id=f"08709000001{index}")
        member_recognise(
            actor=superuser, member=other, decision=Decision("2-QĐ", date(2021, 1, 12))
        )
        others.append(other)
    exemption = member_exempt(actor=superuser, member=member, effective_on=date(2024, 6, 1))
    make_cell(superuser, "CB-E", org_tree.commune)
    make_cell(superuser, "CB-MH", org_tree.sibling_commune)
    candidate = candidate_register(
        actor=superuser,
        organization=org_tree.cell_a,
        profile={"full_name": "Phạm Văn Mới", "sex": "M", "birth_date": date(2000, 1, 1)},
        source="residence",
    )
    post = committee_post_assign(
        actor=superuser,
        organization=org_tree.commune,
        post="secretary",
        person_name="Nguyễn Văn An",
        held_from=date(2020, 1, 1),
    )
    report = report_create(
        actor=superuser, organization=org_tree.commune, period_kind="year", year=2024
    )
    secretary = make_actor("cell_secretary", org_tree.cell_a)
    proposal = proposal_submit(
        actor=secretary,
        kind="expulsion",
        member=others[0],
        proposed_on=date(2025, 6, 2),
        votes_for=2,
        votes_against=0,
    )
    portal_user = make_actor()
    member_account_link(actor=superuser, user=portal_user, member=member, on=date(2025, 1, 1))
    expired = make_actor()
    RoleAssignment.objects.create(
        user=expired,
        organization=org_tree.commune,
        role="staff",
        valid_from=date(2000, 1, 1),
        valid_to=date(2020, 1, 1),
    )
    future = make_actor()
    RoleAssignment.objects.create(
        user=future,
        organization=org_tree.commune,
        role="staff",
        valid_from=date.today() + timedelta(days=30),
    )
    inactive = make_actor("staff", org_tree.commune, is_active=False)
    users: dict[str, User | None] = {
        "anonymous": None,
        "no_role": make_actor(),
        "expired_grant": expired,
        "future_grant": future,
        "inactive": inactive,
        "sibling_staff": make_actor("staff", org_tree.sibling_commune),
        "viewer": make_actor("viewer", org_tree.commune),
        "other_cell_secretary": make_actor("cell_secretary", org_tree.cell_b),
        "commune_staff": make_actor("staff", org_tree.commune),
        "province_staff": make_actor("staff", org_tree.province),
        "admin": superuser,
        "portal_member": portal_user,
    }
    ids = {
        "member": member.pk,
        "other": others[1].pk,
        "event": exemption.pk,
        "candidate": candidate.pk,
        "post": post.pk,
        "report": report.pk,
        "proposal": proposal.pk,
        "code": "X-MA",
    }
    return World(ids, users)


def _fill(value: Any, ids: dict[str, Any]) -> Any:
    if isinstance(value, str):
        if value.startswith("{") and value.endswith("}") and value[1:-1] in ids:
            return ids[value[1:-1]]
        return value.format(**ids)
    if isinstance(value, list):
        return [_fill(v, ids) for v in value]
    if isinstance(value, dict):
        return {k: _fill(v, ids) for k, v in value.items()}
    return value


def table_counts() -> dict[str, int]:
    """Rows of every table of the project's apps (a refused write changes none)."""
    return {
        model._meta.label: model._default_manager.count()
        for model in apps.get_models()
        if model.__module__.startswith("dangvien.")
    }


class Rollback(Exception):
    pass


def _request(client: Any, method: str, url: str, body: dict[str, Any]) -> tuple[int, bool]:
    """(status, whether any table changed), everything rolled back afterwards."""
    changed = False
    status = 0
    try:
        with transaction.atomic():
            before = table_counts() if method != "GET" else None
            if method == "GET":
                response = client.get(url)
            else:
                response = getattr(client, method.lower())(url, body, format="json")
            status = response.status_code
            if before is not None:
                changed = table_counts() != before
            raise Rollback
    except Rollback:
        pass
    return status, changed


@pytest.fixture
def world(org_tree, superuser, make_actor, today_is) -> World:
    return _build_world(org_tree, superuser, make_actor)


@pytest.mark.parametrize("actor", list(ACTORS))
def test_api_matrix(world, actor):
    # given
    client = APIClient()
    client.raise_request_exception = False
    user = world.users[actor]
    if user is not None:
        client.credentials(HTTP_AUTHORIZATION=f"Token {Token.objects.create(user=user).key}")
    column = ACTORS[actor]
    failures = []

    # when
    for operation, op in API.items():
        method = operation.split()[0]
        url = _fill(op.url, world.ids)
        status, changed = _request(client, method, url, _fill(op.body, world.ids))
        expected = op.expected[column]
        if operation == "POST /api/auth/token/":
            expected = 400  # wrong credentials, whoever asks
        if status != expected:
            failures.append(f"{operation}: {status} (expected {expected})")
        if method != "GET" and status >= 400 and changed and operation not in COUNTS_ATTEMPTS:
            failures.append(f"{operation}: refused with {status} but wrote")

    # then
    assert failures == [], "\n".join(failures)
