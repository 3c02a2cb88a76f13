"""Member API: permission matrix (status per caller, no side effect on refusal), happy paths,
refused transitions as 400 {code, message}.

Callers stand relative to the commune X-MA (see ``accounts.tests.callers.CALLERS``); the member belongs to the
cell CB-A under X-MA.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from typing import Any

import pytest

from dangvien.accounts.tests.callers import CALLERS
from dangvien.audit.models import AuditEvent
from dangvien.core.decisions import Decision
from dangvien.members.models import Member, MemberEvent
from dangvien.members.services import (
    member_admit,
    member_exempt,
    member_recognise,
    member_temporary_out,
    member_transfer_issue,
)
from dangvien.organizations.models import Organization
from dangvien.organizations.services import organization_create

pytestmark = pytest.mark.django_db

ADMITTED = date(2020, 1, 10)
EFFECTIVE = "2024-03-01"

LIST = {
    "anonymous": 401,
    "no_role": 200,
    "staff_sibling": 200,
    "staff_ancestor": 200,
    "staff_self": 200,
    "viewer_self": 200,
    "superuser": 200,
}
DETAIL = {
    "anonymous": 401,
    "no_role": 404,
    "staff_sibling": 404,
    "staff_ancestor": 200,
    "staff_self": 200,
    "viewer_self": 200,
    "superuser": 200,
}


def write(ok: int, **overrides: int) -> dict[str, int]:
    expected = {
        "anonymous": 401,
        "no_role": 404,
        "staff_sibling": 404,
        "staff_ancestor": ok,
        "staff_self": ok,
        "viewer_self": 403,
        "superuser": ok,
    }
    expected.update(overrides)
    return expected


def side_effects() -> tuple[int, int, int]:
    return Member.objects.count(), MemberEvent.objects.count(), AuditEvent.objects.count()


def _admit(actor: Any, organization: Organization, name: str = "Nguyễn Văn An") -> Member:
    return member_admit(
        actor=actor,
        organization=organization,
        admitted_on=ADMITTED,
        decision=Decision("01-QĐ/ĐU", date(2020, 1, 5), "Đảng ủy xã Mỹ An"),
        profile={"full_name": name, "sex": "M", "birth_date": date(1990, 5, 1)},
    )


def _official(tree: Any, superuser: Any) -> Member:
    member = _admit(superuser, tree.cell_a)
    member_recognise(actor=superuser, member=member, decision=Decision("2-QĐ", date(2021, 1, 12)))
    return member


def _far_cell(tree: Any, superuser: Any) -> Organization:
    return organization_create(
        actor=superuser,
        code="CB-MH",
        name="Chi bộ ấp Mỹ Hòa",
        kind="cell",
        sector="residential",
        parent=tree.sibling_commune,
        established_on=date(2000, 1, 1),
    )


@pytest.fixture
def member(org_tree, superuser) -> Member:
    return _official(org_tree, superuser)


Setup = Callable[[Any, Any, Member], dict[str, Any]]


def _none(tree: Any, superuser: Any, member: Member) -> dict[str, Any]:
    return {}


def _issued(tree: Any, superuser: Any, member: Member) -> dict[str, Any]:
    member_transfer_issue(
        actor=superuser, member=member, to_organization=tree.cell_b, effective_on=date(2024, 2, 1)
    )
    return {}


def _away(tree: Any, superuser: Any, member: Member) -> dict[str, Any]:
    member_temporary_out(
        actor=superuser, member=member, host=tree.cell_b, effective_on=date(2024, 2, 1)
    )
    return {}


def _exempted(tree: Any, superuser: Any, member: Member) -> dict[str, Any]:
    event = member_exempt(actor=superuser, member=member, effective_on=date(2024, 2, 1))
    return {"event": event.pk}


def _far(tree: Any, superuser: Any, member: Member) -> dict[str, Any]:
    _far_cell(tree, superuser)
    return {}


READS: dict[str, tuple[str, dict[str, int]]] = {
    "list": ("/api/members/", LIST),
    "search": ("/api/members/?q=nguyen+van+an", LIST),
    "organization_list": ("/api/members/?organization=X-MA&as_of=2024-01-01", DETAIL),
    "detail": ("/api/members/{member}/", DETAIL),
    "timeline": ("/api/members/{member}/timeline/", DETAIL),
    "periods": ("/api/members/{member}/periods/", DETAIL),
    "due": ("/api/members/due-for-recognition/?organization=X-MA", DETAIL),
    "transfers": ("/api/members/transfers/?organization=X-MA", DETAIL),
    "badges": ("/api/members/badge-candidates/?organization=X-MA", DETAIL),
}

DECISION = {"number": "7-QĐ/ĐU", "date": "2024-02-25", "issuer": "Đảng ủy xã Mỹ An"}
WRITES: dict[str, tuple[str, str, dict[str, Any], dict[str, int], Setup]] = {
    "admit": (
        "post",
        "/api/members/",
        {
            "organization": "CB-B",
            "admitted_on": "2024-05-19",
            "decision": {"number": "9-QĐ/ĐU", "date": "2024-05-10"},
            "profile": {"full_name": "Trần Thị Bình", "sex": "F", "birth_date": "1995-02-03"},
        },
        # only the body competent to admit into a cell of X-MA (the district) records it
        write(201, staff_self=403, staff_ancestor=403),
        _none,
    ),
    "profile": ("patch", "/api/members/{member}/", {"phone": "0912345678"}, write(200), _none),
    "transfer_inside": (
        "post",
        "/api/members/{member}/transfer/",
        {"organization": "CB-B", "effective_on": EFFECTIVE, "decision": DECISION},
        write(200),
        _none,
    ),
    # One step needs the transfer grant on both sides: the target lies outside X-MA. The
    # commune's staff are refused as for an unknown code (issue 13, defect 9: a 403 told them
    # the code exists).
    "transfer_far": (
        "post",
        "/api/members/{member}/transfer/",
        {"organization": "CB-MH", "effective_on": EFFECTIVE},
        write(200, staff_self=400),
        _far,
    ),
    # The sending side needs no grant on the receiving side; out of the commune the district
    # introduces the transfer (competence.transfer_introduction); the commune's staff are
    # refused as for an unknown code (defect 9); the district's staff keep the 403.
    "transfer_issue": (
        "post",
        "/api/members/{member}/transfer-issue/",
        {"organization": "CB-MH", "effective_on": EFFECTIVE},
        write(200, staff_self=400, staff_ancestor=403),
        _far,
    ),
    "transfer_receive": (
        "post",
        "/api/members/{member}/transfer-receive/",
        {"effective_on": EFFECTIVE},
        write(200),
        _issued,
    ),
    "transfer_cancel": (
        "post",
        "/api/members/{member}/transfer-cancel/",
        {"effective_on": EFFECTIVE},
        write(200),
        _issued,
    ),
    "temporary_out": (
        "post",
        "/api/members/{member}/temporary-out/",
        {"organization": "CB-B", "effective_on": EFFECTIVE},
        write(200),
        _none,
    ),
    "temporary_return": (
        "post",
        "/api/members/{member}/temporary-return/",
        {"effective_on": EFFECTIVE},
        write(200),
        _away,
    ),
    # the cell decides exemptions: neither the commune nor the province records it for it
    "exemption_end": (
        "post",
        "/api/members/{member}/exemption-end/",
        {"effective_on": EFFECTIVE},
        write(200, staff_self=403, staff_ancestor=403),
        _exempted,
    ),
    "death": (
        "post",
        "/api/members/{member}/death/",
        {"effective_on": EFFECTIVE, "confirmed": True},
        write(200),
        _none,
    ),
    "correct": (
        "post",
        "/api/members/{member}/events/{event}/correct/",
        {"effective_on": "2024-02-15"},
        write(200),
        _exempted,
    ),
    "void": (
        "post",
        "/api/members/{member}/events/{event}/void/",
        {"note": "nhập nhầm"},
        write(200),
        _exempted,
    ),
}


@pytest.mark.parametrize(
    ("_case", "caller", "url", "expected"),
    [
        (f"{name}-{caller}", caller, url, expected[caller])
        for name, (url, expected) in READS.items()
        for caller in CALLERS
    ],
)
def test_read_status_depends_on_scope(client_as, member, _case, caller, url, expected):
    # given
    client = client_as(caller)

    # when
    response = client.get(url.format(member=member.pk))

    # then
    assert response.status_code == expected, response.content


@pytest.mark.parametrize(
    ("_case", "caller", "method", "url", "body", "expected", "setup"),
    [
        (f"{name}-{caller}", caller, method, url, body, expected[caller], setup)
        for name, (method, url, body, expected, setup) in WRITES.items()
        for caller in CALLERS
    ],
)
def test_write_status_depends_on_scope_and_refusals_write_nothing(
    client_as, org_tree, superuser, member, _case, caller, method, url, body, expected, setup
):
    # given
    url = url.format(member=member.pk, **setup(org_tree, superuser, member))
    client = client_as(caller)
    before = side_effects()

    # when
    response = getattr(client, method)(url, body, format="json")

    # then
    assert response.status_code == expected, response.content
    if expected >= 400:
        assert side_effects() == before
    else:
        assert side_effects() != before


def test_search_finds_the_member_without_diacritics(client_as, member):
    # when
    response = client_as("viewer_self").get("/api/members/", {"q": "NGUYEN van an"})

    # then
    assert [m["id"] for m in response.json()["results"]] == [member.pk]
    assert response.json()["results"][0]["organization"] == "CB-A"


def test_organization_list_filters_at_a_date(client_as, org_tree, superuser, member):
    # given
    _admit(superuser, org_tree.cell_b, name="Lê Thị Cúc")
    client = client_as("staff_self")

    # when
    official = client.get(
        "/api/members/", {"organization": "X-MA", "as_of": "2021-06-01", "status": "official"}
    )
    women = client.get("/api/members/", {"organization": "X-MA", "sex": "F"})
    before = client.get("/api/members/", {"organization": "X-MA", "as_of": "2019-12-31"})

    # then
    assert [m["full_name"] for m in official.json()["results"]] == ["Nguyễn Văn An"]
    assert women.json()["count"] == 0
    assert before.json()["count"] == 0


def test_detail_gives_lifecycle_dates_status_and_party_age(client_as, member):
    # when
    response = client_as("staff_self").get(f"/api/members/{member.pk}/", {"as_of": "2024-01-01"})

    # then
    body = response.json()
    assert body["lifecycle"]["decision_on"] == "2020-01-05"
    assert body["lifecycle"]["official_on"] == "2021-01-10"
    assert body["current"]["status"] == "official"
    assert body["current"]["organization"] == "CB-A"
    assert body["party_age"]["years"] == 3
    assert body["profile"]["full_name"] == "Nguyễn Văn An"


def test_two_sided_transfer_through_the_api(api_client, org_tree, superuser, make_actor, member):
    # given
    _far_cell(org_tree, superuser)
    sender, receiver = (
        make_actor("staff", org_tree.district),
        make_actor("staff", org_tree.sibling_district),
    )

    # when
    api_client.force_authenticate(sender)
    issued = api_client.post(
        f"/api/members/{member.pk}/transfer-issue/",
        {"organization": "CB-MH", "effective_on": "2024-03-01"},
        format="json",
    )
    api_client.force_authenticate(receiver)
    incoming = api_client.get(
        "/api/members/transfers/", {"organization": "HU-CL", "as_of": "2024-03-05"}
    )
    received = api_client.post(
        f"/api/members/{member.pk}/transfer-receive/", {"effective_on": "2024-03-10"}, format="json"
    )

    # then
    assert issued.status_code == 200, issued.content
    assert [(r["member"], r["direction"]) for r in incoming.json()] == [(member.pk, "in")]
    assert received.status_code == 200, received.content
    assert received.json()["current"]["organization"] == "CB-MH"


def test_a_refused_transition_is_400_with_code_and_message(client_as, org_tree, superuser):
    # given: a member who died cannot die again
    member = _admit(superuser, org_tree.cell_a)
    client = client_as("staff_self")
    client.post(
        f"/api/members/{member.pk}/death/",
        {"effective_on": "2020-06-01", "confirmed": True},
        format="json",
    )
    before = side_effects()

    # when
    response = client.post(
        f"/api/members/{member.pk}/death/",
        {"effective_on": "2020-07-01", "confirmed": True},
        format="json",
    )

    # then
    assert response.status_code == 400
    body = response.json()
    assert body["code"] == "transition_not_allowed"
    assert body["message"]
    assert body["field"] == "effective_on"
    assert side_effects() == before


def test_unknown_destination_is_400_on_the_organization_field(client_as, member):
    # when
    response = client_as("staff_self").post(
        f"/api/members/{member.pk}/transfer-issue/",
        {"organization": "NOPE", "effective_on": EFFECTIVE},
        format="json",
    )

    # then
    assert response.status_code == 400
    assert response.json()["field"] == "organization"


def test_a_death_is_recorded_only_once_confirmed(client_as, member):
    """Irreversible actions ask for confirmation (issue 12)."""
    before = side_effects()
    response = client_as("staff_self").post(
        f"/api/members/{member.pk}/death/", {"effective_on": EFFECTIVE}, format="json"
    )
    assert response.status_code == 400
    assert "confirmed" in response.json()
    assert side_effects() == before


@pytest.mark.parametrize("slug", ["expel", "remove", "resign", "recognise", "exempt", "readmit"])
def test_decisions_of_a_competent_body_are_no_direct_member_action(client_as, member, slug):
    """Regression (issue 12): a cell secretary expelled a member with one click; these are
    proposals decided by the competent body now (/api/proposals/)."""
    response = client_as("superuser").post(
        f"/api/members/{member.pk}/{slug}/", {"effective_on": EFFECTIVE}, format="json"
    )
    assert response.status_code == 404
