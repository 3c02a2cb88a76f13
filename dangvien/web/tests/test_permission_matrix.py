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

from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import Any

import pytest
from django.apps import apps
from django.db import transaction
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver
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
    # the commune's inspection commission reads like a viewer, and writes the discipline and
    # inspection files (its own answers: ``Op.actors``, ``Page.actors``)
    "commune_inspection": "viewer_self",
}
DRAFT = {**DETAIL, "staff_ancestor": 404}
PUBLIC = dict.fromkeys(["anonymous", "no_role", "staff_sibling", "staff_ancestor",
                         "staff_self", "viewer_self", "superuser"], 200)  # fmt: skip
D = "2025-07-01"
SENSITIVE = {**DETAIL, "viewer_self": 404}
# discipline files (issue 16): read by the inspection commission and the cell secretary; the
# organization staff see counts, and no file not addressed to their body (not even found)
FILES = {**SENSITIVE, "staff_self": 404, "staff_ancestor": 404}
FILES_WRITE = write(404, viewer_self=404, superuser=200)
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
    # answers of an actor kind that differ from its column (the inspection commission)
    actors: dict[str, int] = field(default_factory=dict)


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
        {"post": "member", "member": "{other}", "held_from": "2025-08-15"},
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
        # not 2024: the world already has X-MA's report of 2024 (one report per period)
        {"organization": "X-MA", "period_kind": "year", "year": 2023},
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
    # meetings
    "GET /api/meetings/": Op("/api/meetings/", LIST),
    "POST /api/meetings/": Op(
        "/api/meetings/",
        write(201),
        {"organization": "CB-A", "kind": "thematic", "held_on": "2025-06-20"},
    ),
    "GET /api/meetings/{id}/": Op("/api/meetings/{meeting}/", DETAIL),
    "GET /api/meetings/{id}/expected/": Op("/api/meetings/{meeting}/expected/", DETAIL),
    "POST /api/meetings/{id}/attendance/": Op(
        "/api/meetings/{meeting}/attendance/",
        write(200),
        {"lines": [{"member": "{other}", "status": "present"}]},
    ),
    "POST /api/meetings/{id}/votes/": Op(
        "/api/meetings/{meeting}/votes/",
        write(201),
        {"subject": "Thông qua nghị quyết tháng", "purpose": "other", "votes_for": 1},
    ),
    # assessment
    "GET /api/assessment-results/": Op("/api/assessment-results/", LIST),
    "POST /api/assessment-results/": Op(
        "/api/assessment-results/",
        write(201),
        {
            "year": 2024,
            "subject": "member",
            "code": "{other_key}",
            "level": "completed",
            "decided_on": "2025-01-20",
        },
    ),
    # discipline
    "GET /api/discipline/cases/": Op("/api/discipline/cases/", LIST),
    "POST /api/discipline/cases/": Op(
        "/api/discipline/cases/",
        write(201, staff_self=403, staff_ancestor=403),
        {
            "subject": "member",
            "member": "{member_key}",
            "opened_on": "2025-06-10",
            "violation": "Vi phạm quy định về sinh hoạt đảng",
        },
        actors={"commune_inspection": 201},
    ),
    # discipline files are sensitive: not granted to viewers, not even found by them
    "GET /api/discipline/cases/{id}/": Op(
        "/api/discipline/cases/{case}/", FILES, actors={"commune_inspection": 200}
    ),
    "POST /api/discipline/cases/{id}/propose/": Op(
        "/api/discipline/cases/{case}/propose/",
        FILES_WRITE,
        {"form": "expulsion", "proposed_on": "2025-06-15", "votes_for": 2, "votes_against": 0},
        # the commission reads the file but the cell proposes (decisions.propose)
        actors={"commune_inspection": 403},
    ),
    "POST /api/discipline/cases/{id}/decide/": Op(
        "/api/discipline/cases/{case}/decide/",
        # the cell decides a reprimand (competence.reprimand), not the levels above nor the
        # inspection commission
        FILES_WRITE,
        {
            "form": "reprimand",
            "decided_on": "2025-06-20",
            "number": "12-QĐ/CB",
            "votes_for": 2,
            "votes_against": 0,
        },
        actors={"commune_inspection": 403},
    ),
    # fees
    "GET /api/organizations/{code}/fee-payments/": Op(
        "/api/organizations/X-MA/fee-payments/", DETAIL
    ),
    "POST /api/organizations/{code}/fee-payments/": Op(
        "/api/organizations/X-MA/fee-payments/",
        write(201),
        {"member_id": "{member_key}", "month": "2025-06", "amount": 20000, "paid_on": "2025-06-05"},
    ),
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
    from django.core.files.uploadedfile import SimpleUploadedFile

    from dangvien.admissions.services import candidate_register
    from dangvien.assessment.services import assessment_record, assessment_round_open
    from dangvien.committees.services import committee_post_assign
    from dangvien.core.decisions import Decision
    from dangvien.decisions.services import proposal_submit
    from dangvien.discipline.programmes import programme_plan
    from dangvien.discipline.services import case_decide, case_open
    from dangvien.fees.services import fee_payment_record
    from dangvien.meetings.services import document_attach, meeting_plan_create, meeting_record
    from dangvien.members.services import (
        member_exempt,
        member_recognise,
        member_transfer_issue,
    )
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
    cell_mh = make_cell(superuser, "CB-MH", org_tree.sibling_commune)
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
        kind="removal",  # not a disciplinary one: those only the files' readers see
        member=others[0],
        proposed_on=date(2025, 6, 2),
        votes_for=2,
        votes_against=0,
    )
    meeting = meeting_record(
        actor=superuser, organization=org_tree.cell_a, kind="regular", held_on=date(2025, 6, 5)
    )
    plan = meeting_plan_create(
        actor=superuser,
        organization=org_tree.cell_a,
        kind="regular",
        planned_on=date.today() + timedelta(days=7),
    )
    document = document_attach(
        actor=superuser,
        upload=SimpleUploadedFile("chuong-trinh.pdf", b"%PDF-1.4 agenda"),
        kind="agenda",
        meeting=meeting,
    )
    assessment_record(  # history: the member is exempted (not assessed in the round)
        actor=superuser, year=2024, level="good", decided_on=date(2025, 1, 15), member=member,
        check_round=False,
    )  # fmt: skip
    assessment_round = assessment_round_open(
        actor=superuser, organization=org_tree.commune, year=2024, opened_on=date(2024, 12, 1),
        self_until=date(2025, 1, 31), review_until=date(2025, 1, 31),
        decide_until=date(2025, 3, 31), reference_date=date(2024, 12, 1),
    )  # fmt: skip
    case = case_open(
        actor=superuser,
        subject="member",
        member=others[1],
        opened_on=date(2025, 6, 1),
        violation="Không sinh hoạt đảng ba tháng",
    )
    decided = case_open(
        actor=superuser,
        subject="member",
        member=others[0],
        opened_on=date(2025, 6, 1),
        violation="Không đóng đảng phí ba tháng",
    )
    case_decide(
        actor=secretary,
        case=decided,
        form="reprimand",
        decision=Decision("11-QĐ/CB", date(2025, 6, 10)),
        votes_for=2,
        votes_against=0,
    )
    # a probationary member (not counted in the cell's votes) in transit to a cell of the sibling commune
    transit = admit(superuser, org_tree.cell_a, name="Võ Văn Đi", national_id="087090000020")
    member_transfer_issue(
        actor=superuser,
        member=transit,
        to_organization=cell_mh,
        effective_on=date(2025, 6, 1),
    )
    programme = programme_plan(
        actor=superuser,
        organization=org_tree.commune,
        kind="regular_supervision",
        title="Giám sát thường xuyên năm 2025",
        starts_on=date(2025, 3, 1),
        ends_on=date(2025, 6, 30),
        organizations=[org_tree.cell_a],
    )
    fee_payment_record(
        actor=superuser, member=member, month=date(2025, 5, 1), amount=20000,
        paid_on=date(2025, 5, 5),
    )  # fmt: skip
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
        "commune_inspection": make_actor("inspection_commission", org_tree.commune),
    }
    ids = {
        "member": member.pk,
        "other": others[1].pk,
        "event": exemption.pk,
        "candidate": candidate.pk,
        "post": post.pk,
        "report": report.pk,
        "proposal": proposal.pk,
        "member_key": member.member_key,
        "other_key": others[1].member_key,
        "meeting": meeting.pk,
        "plan": plan.pk,
        "document": document.pk,
        "case": case.pk,
        "decided": decided.pk,
        "transit": transit.pk,
        "programme": programme.pk,
        "round": assessment_round.pk,
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


def api_failures(world: World, actor: str) -> list[str]:
    """Every API operation requested as ``actor``: the answers that differ from the table."""
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
        expected = op.actors.get(actor, op.expected[column])
        if operation == "POST /api/auth/token/":
            expected = 400  # wrong credentials, whoever asks
        if status != expected:
            failures.append(f"{operation}: {status} (expected {expected})")
        if method != "GET" and status >= 400 and changed and operation not in COUNTS_ATTEMPTS:
            failures.append(f"{operation}: refused with {status} but wrote")
    return failures


#
# Web pages (GET of every page of the URL configuration)
#


def url_names() -> dict[str, str]:
    """Every named route outside the API: name → route."""

    def walk(patterns: list[Any], prefix: str, namespace: str | None) -> Iterator[tuple[str, str]]:
        for pattern in patterns:
            if isinstance(pattern, URLResolver):
                yield from walk(
                    pattern.url_patterns,
                    prefix + str(pattern.pattern),
                    pattern.namespace or namespace,
                )
            elif isinstance(pattern, URLPattern):
                name = pattern.name or f"<unnamed {prefix}{pattern.pattern}>"
                yield (f"{namespace}:{name}" if namespace else name), prefix + str(pattern.pattern)

    return {
        name: route
        for name, route in walk(get_resolver().url_patterns, "", None)
        if not route.startswith("api/")
    }


# Web expectations: per column of ``callers`` as for the API, 302 meaning "to the log-in page".
W_PUBLIC = dict.fromkeys(PUBLIC, 200)
W_LIST = {**LIST, "anonymous": 302}
W_DETAIL = {**DETAIL, "anonymous": 302}
W_FORM = {**write(200), "anonymous": 302}
W_DRAFT = {**W_DETAIL, "staff_ancestor": 404}
W_SENSITIVE = {**W_DETAIL, "viewer_self": 404}
# The member's handbook: a member's own pages, found by no one else
W_PORTAL = {**dict.fromkeys(PUBLIC, 404), "anonymous": 302}
# The Django admin: staff accounts of Django (is_staff) only; our users are not, except the
# administrator. Every admin route is covered by this rule; the ones without arguments are
# requested.
# Pages that only accept a POST (the button of a form on another page): the write path is the
# service the API matrix runs.
W_POST_ONLY = {**dict.fromkeys(PUBLIC, 405), "anonymous": 302}
W_FILES = {**W_SENSITIVE, "staff_self": 404, "staff_ancestor": 404}
W_FILES_FORM = {**W_FORM, "staff_self": 403, "staff_ancestor": 403}
INSPECTION_OK = {"commune_inspection": 200}
# Staff anywhere may open the import page (the rows are checked against their scope).
W_IMPORT = {**W_FORM, "no_role": 403, "staff_sibling": 200}
W_ADMIN = {**dict.fromkeys(PUBLIC, 302), "superuser": 200}


@dataclass(frozen=True)
class Page:
    url: str
    expected: dict[str, int]
    # answers of an actor kind that differ from its column (e.g. the portal member)
    actors: dict[str, int] = field(default_factory=dict)

    def expected_for(self, actor: str) -> int:
        return self.actors.get(actor, self.expected[ACTORS[actor]])


# An import job is seen by the one who uploaded it (the commune staff) and the administrator;
# the import right is asked first.
IMPORT_JOB = {**W_FORM, "no_role": 403, "staff_ancestor": 404}

WEB: dict[str, Page] = {
    "login": Page("/login/", W_PUBLIC),
    # the probes of the load balancer: no log-in, the same answer for everyone
    "healthz": Page("/healthz", W_PUBLIC),
    "readyz": Page("/readyz", W_PUBLIC),
    # the admin's log-in goes to the site's (one lock-out)
    "<unnamed admin/login/>": Page("/admin/login/", dict.fromkeys(PUBLIC, 302)),
    # a member without an officer's role lands on their handbook, not an empty tree
    "web:home": Page("/", W_LIST, {"portal_member": 302}),
    "web:inbox": Page("/inbox/", W_LIST),  # every user: their own lines, or none
    "web:tree_children": Page("/tree/X-MA/children/", W_DETAIL),
    "web:audit": Page("/audit/", W_LIST),
    "web:rules": Page("/rules/", W_LIST),
    "web:organization": Page("/org/X-MA/", W_DETAIL),
    "web:organization_create": Page("/org/X-MA/new-child/", W_FORM),
    "web:organization_rename": Page("/org/CB-E/rename/", W_FORM),
    "web:organization_reclassify": Page("/org/CB-E/reclassify/", W_FORM),
    "web:organization_move": Page("/org/CB-E/move/", W_FORM),
    "web:organization_merge": Page(
        "/org/CB-B/merge/",
        W_FORM,
        {"other_cell_secretary": 403},  # their own cell
    ),
    "web:organization_split": Page("/org/CB-E/split/", W_FORM),
    "web:organization_dissolve": Page("/org/CB-E/dissolve/", W_FORM),
    "web:organization_authorisations": Page("/org/X-MA/authorisations/", W_DETAIL),
    "web:member_search": Page("/members/?q=an", W_LIST),
    "web:organization_members": Page("/org/X-MA/members/", W_DETAIL),
    "web:member_admit": Page("/org/CB-A/members/admit/", W_FORM),
    "web:organization_worklist": Page("/org/X-MA/members/recognition/", W_DETAIL),
    "web:member": Page("/member/{member}/", W_DETAIL),
    "web:member_edit": Page("/member/{member}/edit/", W_FORM),
    "web:member_event_correct": Page("/member/{member}/events/{event}/correct/", W_FORM),
    "web:member_event_void": Page("/member/{member}/events/{event}/void/", W_FORM),
    "web:member_card": Page("/member/{member}/card/", W_FORM),
    "web:member_badge": Page("/member/{member}/badge/", W_FORM),
    "web:member_action": Page("/member/{member}/transfer/", W_FORM),
    "web:term_create": Page("/org/X-MA/terms/new/", W_FORM),
    "web:post_assign": Page("/org/X-MA/posts/new/", W_FORM),
    "web:post_end": Page("/org/X-MA/posts/{post}/end/", W_FORM),
    "web:post_identify": Page("/org/X-MA/posts/{post}/member/", W_FORM),
    "web:term_pilot": Page("/org/CB-A/terms/pilot/", W_FORM),
    "web:decisions": Page("/decisions/", W_LIST),
    "web:proposal": Page("/decisions/proposal/{proposal}/", W_DETAIL),
    "web:member_propose": Page("/member/{other}/propose/expulsion/", W_FORM),
    "web:member_decide": Page(
        "/member/{member}/decide/exemption/",
        {**W_FORM, "staff_self": 403, "staff_ancestor": 403},  # the cell decides exemptions
    ),
    "web:removal_due": Page("/org/X-MA/removal-due/", W_DETAIL),
    "web:statistics": Page("/statistics/", W_LIST),
    "web:organization_statistics": Page("/org/X-MA/statistics/", W_DETAIL),
    "web:organization_statistics_download": Page("/org/X-MA/statistics/download/json/", W_DETAIL),
    "web:import": Page("/import/", W_IMPORT, {"other_cell_secretary": 403}),
    "web:import_template": Page("/import/template.xlsx", W_LIST),
    "web:import_job": Page("/import/{job}/", IMPORT_JOB, {"other_cell_secretary": 403}),
    "web:import_job_status": Page(
        "/import/{job}/status/", IMPORT_JOB, {"other_cell_secretary": 403}
    ),
    "web:import_job_confirm": Page("/import/{job}/confirm/", W_POST_ONLY),
    "web:admissions": Page("/admissions/", W_LIST),
    "web:admission_board": Page("/org/X-MA/admissions/", W_DETAIL),
    "web:admission_register": Page("/org/CB-A/admissions/register/", W_FORM),
    "web:admission_readmit": Page("/org/CB-A/admissions/readmit/", W_FORM),
    "web:admission_days_off": Page("/org/X-MA/admissions/days-off/", W_FORM),
    "web:admission_targets": Page("/org/X-MA/admissions/targets/", W_DETAIL),
    "web:admission_overdue": Page("/org/X-MA/admissions/overdue/", W_DETAIL),
    "web:admission_candidate": Page("/admissions/candidate/{candidate}/", W_DETAIL),
    "web:admission_candidate_action": Page(
        "/admissions/candidate/{candidate}/introducers/", W_FORM
    ),
    "web:reports_home": Page("/reports/", W_LIST),
    "web:dashboard": Page("/org/X-MA/dashboard/", W_DETAIL),
    "web:dashboard_document": Page("/org/X-MA/dashboard/xlsx/", W_DETAIL),
    "web:organization_reports": Page("/org/X-MA/reports/", W_DETAIL),
    "web:report_detail": Page("/reports/{report}/", W_DRAFT),
    "web:report_submit": Page("/reports/{report}/submit/", W_POST_ONLY),
    "web:report_approve": Page("/reports/{report}/approve/", W_POST_ONLY),
    "web:report_return": Page("/reports/{report}/return/", W_POST_ONLY),
    "web:report_document": Page("/reports/{report}/xlsx/", W_DRAFT),
    "web:organization_lookup": Page("/organizations/lookup/?q=my", W_LIST),
    "web:members_list_document": Page("/org/X-MA/documents/members.docx", W_DETAIL),
    "web:worklist_document": Page("/org/X-MA/documents/recognition.docx", W_DETAIL),
    "web:member_summary_document": Page("/member/{member}/documents/summary.docx", W_DETAIL),
    "web:transfer_letter_document": Page(
        "/member/{transit}/documents/transfer-letter.docx",
        W_DETAIL,
        {"sibling_staff": 200},  # X-MH is the receiving side of this transfer: it sees the member
    ),
    "web:assessment": Page("/assessment/", W_LIST),
    "web:assessment_year": Page("/org/X-MA/assessment/", W_DETAIL),
    "web:assessment_organization_result": Page("/org/CB-A/assessment/level/", W_FORM),
    "web:assessment_self": Page("/portal/assessment/", W_PORTAL, {"portal_member": 200}),
    "web:assessment_member_result": Page("/member/{member}/assessment/level/", W_FORM),
    "web:assessment_rounds": Page("/assessment/rounds/", W_LIST),
    "web:assessment_round": Page("/assessment/rounds/{round}/", W_DETAIL),
    "web:assessment_round_open": Page("/org/X-MA/assessment/rounds/open/", W_FORM),
    "web:assessment_organization_form": Page("/org/X-MA/assessment/form-01.docx", W_DETAIL),
    "web:assessment_member_form": Page("/member/{member}/assessment/form.docx", W_DETAIL),
    "web:fees": Page("/fees/", W_LIST),
    "web:organization_fees": Page("/org/X-MA/fees/", W_DETAIL),
    "web:fee_sheet": Page("/org/CB-A/fees/2025-05/", W_DETAIL),
    "web:member_fee_basis": Page("/member/{member}/fees/basis/", W_FORM),
    "web:member_fee_relief": Page("/member/{member}/fees/relief/", W_FORM),
    # issue 18 item 8: the data-cleaning page of an organization (resolving is a POST)
    "web:organization_quality": Page("/org/X-MA/quality/", W_DETAIL),
    "web:quality_resolve": Page("/org/X-MA/quality/resolve/", W_POST_ONLY),
    "web:discipline": Page("/discipline/", W_LIST),
    # discipline and inspection files: the inspection commission and the cell secretary; the
    # staff see the counts (the pages of an organization) and find no file
    "web:discipline_case": Page("/discipline/case/{case}/", W_FILES, INSPECTION_OK),
    "web:discipline_decision_docx": Page(
        "/discipline/case/{decided}/decision.docx", W_FILES, INSPECTION_OK
    ),
    # the pages of an organization's discipline files refuse the viewer outright
    "web:organization_discipline": Page(
        "/org/X-MA/discipline/", {**W_DETAIL, "viewer_self": 403}, INSPECTION_OK
    ),
    "web:discipline_case_new": Page("/org/CB-A/discipline/new/", W_FILES_FORM, INSPECTION_OK),
    "web:discipline_notice_new": Page("/org/X-MA/discipline/notice/", W_FILES_FORM, INSPECTION_OK),
    "web:organization_programmes": Page(
        "/org/X-MA/inspection/", {**W_DETAIL, "viewer_self": 403}, INSPECTION_OK
    ),
    "web:programme": Page("/inspection/{programme}/", W_FILES, INSPECTION_OK),
    "web:organization_inspection_overdue": Page(
        "/org/X-MA/inspection/overdue/",
        {**W_DETAIL, "viewer_self": 403, "staff_self": 403, "staff_ancestor": 403},
        INSPECTION_OK,
    ),
    "web:programme_conclude": Page(
        "/inspection/{programme}/conclude/",
        {**W_FORM, "viewer_self": 404, "staff_self": 404, "staff_ancestor": 404},
        INSPECTION_OK,
    ),
    "web:meetings": Page("/meetings/", W_LIST),
    "web:organization_meetings": Page("/org/CB-A/meetings/", W_DETAIL),
    "web:meeting_create": Page("/org/CB-A/meetings/new/", W_FORM),
    "web:meeting_plan_create": Page("/org/CB-A/meetings/plan/", W_FORM),
    "web:plan_absence": Page("/portal/plan/{plan}/absence/", W_PORTAL, {"portal_member": 200}),
    "web:meeting": Page("/meeting/{meeting}/", W_DETAIL),
    "web:meeting_attendance": Page("/meeting/{meeting}/attendance/", W_FORM),
    "web:meeting_edit": Page("/meeting/{meeting}/edit/", W_FORM),
    "web:meeting_vote_create": Page("/meeting/{meeting}/votes/new/", W_FORM),
    "web:meeting_document_create": Page("/meeting/{meeting}/documents/new/", W_FORM),
    "web:plan_document_create": Page("/meetings/plan/{plan}/documents/new/", W_FORM),
    # a document of CB-A: those who see the meeting, and the member of CB-A in the handbook
    "web:meeting_document": Page(
        "/meetings/document/{document}/", W_DETAIL, {"portal_member": 200}
    ),
    "web:portal": Page("/portal/", W_PORTAL, {"portal_member": 200}),
}
WEB_SKIPPED = {
    # a POST-only switch of the language and the log-out (a POST as well)
    "set_language",
    "logout",
}


def test_every_web_page_has_an_expectation():
    # then: every route outside the API is requested, or covered by the admin rule, or skipped
    # for a reason; none stale
    names = url_names()
    missing = [
        n for n in names if n not in WEB and n not in WEB_SKIPPED and not n.startswith("admin:")
    ]
    assert missing == []
    assert sorted(WEB.keys() - names.keys()) == []


ADMIN_PAGES = ["/admin/", "/admin/accounts/user/", "/admin/audit/auditevent/"]


def web_failures(world: World, actor: str) -> list[str]:
    """Every web page requested (GET) as ``actor``: the answers that differ from the table."""
    from dangvien.interchange.models import ImportJob

    client = Client()
    client.raise_request_exception = False
    user = world.users[actor]
    if user is not None:
        client.force_login(user)
    column = ACTORS[actor]
    job = ImportJob.objects.create(
        created_by=world.users["commune_staff"], original_name="b.zip", stored_path="/nonexistent"
    )
    ids = {**world.ids, "job": job.pk}
    failures = []

    # when
    for name, page in WEB.items():
        status, _changed = _request(client, "GET", _fill(page.url, ids), {})
        if status != page.expected_for(actor):
            failures.append(f"{name} {page.url}: {status} (expected {page.expected_for(actor)})")
    for url in ADMIN_PAGES:
        status, _changed = _request(client, "GET", url, {})
        if status != W_ADMIN[column]:
            failures.append(f"{url}: {status} (expected {W_ADMIN[column]})")
    return failures


@pytest.mark.parametrize("actor", list(ACTORS))
def test_matrix(world, actor):
    # when: every API operation and every web page, as this actor (one world for both)
    failures = api_failures(world, actor) + web_failures(world, actor)

    # then
    assert failures == [], "\n".join(failures)
