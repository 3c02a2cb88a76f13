"""Organization endpoints: reads at a date, each change action, domain errors, query counts."""

from __future__ import annotations

from datetime import date

import pytest

from dangvien.audit.models import AuditEvent
from dangvien.organizations.models import Organization, OrganizationChange
from dangvien.organizations.services import (
    organization_create,
    organization_dissolve,
    organization_move,
)

pytestmark = pytest.mark.django_db

REFORM = date(2025, 7, 1)


@pytest.fixture
def admin_client(api_client, superuser):
    api_client.force_authenticate(superuser)
    return api_client


@pytest.fixture
def restructured(org_tree, superuser):
    """The 07/2025 reform: X-MA moves under the province, the district HU-TM is dissolved."""
    organization_move(
        actor=superuser,
        organization=org_tree.commune,
        new_parent=org_tree.province,
        effective_on=REFORM,
    )
    organization_dissolve(actor=superuser, organization=org_tree.district, effective_on=REFORM)
    return org_tree


#
# Reads
#


@pytest.mark.parametrize(
    ("_case", "as_of", "codes", "commune_parent"),
    [
        (
            "before_reform",
            "2022-04-30",
            ["T-DT", "HU-TM", "X-MA", "CB-A", "CB-B", "HU-CL", "X-MH"],
            "HU-TM",
        ),
        ("after_reform", "2026-01-01", ["T-DT", "X-MA", "CB-A", "CB-B", "HU-CL", "X-MH"], "T-DT"),
    ],
)
def test_list_shows_the_tree_as_it_stood_that_day(
    admin_client, restructured, _case, as_of, codes, commune_parent
):
    # when
    response = admin_client.get("/api/organizations/", {"as_of": as_of})

    # then
    assert response.status_code == 200
    results = response.json()["results"]
    assert sorted(o["code"] for o in results) == sorted(codes)
    assert next(o for o in results if o["code"] == "X-MA")["parent"] == commune_parent


@pytest.mark.parametrize(
    ("_case", "as_of", "codes"),
    [
        ("before_reform", "2022-04-30", ["HU-TM", "X-MA", "CB-A", "CB-B"]),
        ("after_reform", "2026-01-01", []),
    ],
)
def test_list_root_gives_the_subtree_of_that_day(admin_client, restructured, _case, as_of, codes):
    # when
    response = admin_client.get("/api/organizations/", {"as_of": as_of, "root": "HU-TM"})

    # then
    assert sorted(o["code"] for o in response.json()["results"]) == sorted(codes)


def test_list_filters_by_search_ignoring_diacritics_and_by_kind(admin_client, org_tree):
    # when
    searched = admin_client.get("/api/organizations/", {"search": "MY PHUOC"})
    cells = admin_client.get("/api/organizations/", {"kind": "cell"})

    # then
    assert [o["code"] for o in searched.json()["results"]] == ["CB-A"]
    assert sorted(o["code"] for o in cells.json()["results"]) == ["CB-A", "CB-B"]


def test_list_rejects_a_malformed_date(admin_client, org_tree):
    # when
    response = admin_client.get("/api/organizations/", {"as_of": "30/04/2022"})

    # then
    assert response.status_code == 400
    assert "as_of" in response.json()


def test_detail_gives_state_and_ancestors_of_that_day(admin_client, restructured):
    # when
    before = admin_client.get("/api/organizations/X-MA/", {"as_of": "2022-04-30"}).json()
    after = admin_client.get("/api/organizations/X-MA/", {"as_of": "2026-01-01"}).json()

    # then
    assert [a["code"] for a in before["ancestors"]] == ["T-DT", "HU-TM"]
    assert [a["code"] for a in after["ancestors"]] == ["T-DT"]
    assert after["state"]["parent"] == "T-DT"


def test_detail_of_a_dissolved_organization_has_no_state_after_dissolution(
    admin_client, restructured
):
    # when
    body = admin_client.get("/api/organizations/HU-TM/", {"as_of": "2026-01-01"}).json()

    # then
    assert body["state"] is None
    assert body["dissolved_on"] == "2025-07-01"


def test_tree_nests_children_under_parents(admin_client, org_tree):
    # when
    response = admin_client.get("/api/organizations/tree/", {"root": "HU-TM"})

    # then
    [district] = response.json()
    assert district["code"] == "HU-TM"
    [commune] = district["children"]
    assert sorted(c["code"] for c in commune["children"]) == ["CB-A", "CB-B"]


def test_children_lists_direct_sub_organizations(admin_client, org_tree):
    # when
    response = admin_client.get("/api/organizations/X-MA/children/")

    # then
    assert sorted(o["code"] for o in response.json()["results"]) == ["CB-A", "CB-B"]


def test_history_lists_changes_and_versions(admin_client, restructured):
    # when
    body = admin_client.get("/api/organizations/X-MA/history/").json()

    # then
    own = [c["change_type"] for c in body["changes"] if c["organization"] == "X-MA"]
    assert own == ["moved", "created"]
    assert {(c["organization"], c["change_type"]) for c in body["changes"]} >= {("CB-A", "created")}
    assert [(v["parent"], v["valid_to"]) for v in body["versions"]] == [
        ("HU-TM", "2025-07-01"),
        ("T-DT", None),
    ]


#
# Changes
#


def _post(client, url, body):
    return client.post(url, body, format="json")


def test_create_founds_an_organization_with_its_decision(admin_client, org_tree):
    # when
    response = _post(
        admin_client,
        "/api/organizations/",
        {
            "parent": "X-MA",
            "code": "CB-C",
            "name": "Chi bộ ấp Mỹ Lợi",
            "kind": "cell",
            "established_on": "2024-01-01",
            "decision": {"number": "12-QĐ/ĐU", "date": "2023-12-20", "issuer": "Đảng ủy xã Mỹ An"},
        },
    )

    # then
    assert response.status_code == 201
    assert response.json()["state"]["parent"] == "X-MA"
    change = OrganizationChange.objects.get(organization__code="CB-C")
    assert (change.change_type, change.decision_number) == ("created", "12-QĐ/ĐU")


def test_rename_applies_from_the_effective_date(admin_client, org_tree):
    # when
    response = _post(
        admin_client,
        "/api/organizations/X-MA/rename/",
        {"name": "Đảng bộ xã Mỹ An Hưng", "effective_on": "2025-07-01"},
    )

    # then
    assert response.status_code == 200
    assert response.json()["state"]["name"] == "Đảng bộ xã Mỹ An Hưng"
    old = admin_client.get("/api/organizations/X-MA/", {"as_of": "2025-06-30"}).json()
    assert old["state"]["name"] == "Đảng bộ xã Mỹ An"


def test_reclassify_changes_kind_and_child_kinds(admin_client, restructured):
    # when
    response = _post(
        admin_client,
        "/api/organizations/X-MA/reclassify/",
        {
            "kind": "upper_grassroots",
            "effective_on": "2025-07-01",
            "child_kinds": {"cell": "grassroots_cell"},
            "child_sectors": {"residential": "other"},
        },
    )

    # then
    assert response.status_code == 200, response.content
    assert response.json()["state"]["kind"] == "upper_grassroots"
    cell = admin_client.get("/api/organizations/CB-A/", {"as_of": "2025-07-01"}).json()
    assert cell["state"]["kind"] == "grassroots_cell"
    assert cell["state"]["sector"] == "other"


def test_move_places_the_subtree_under_the_new_parent(admin_client, org_tree):
    # when
    response = _post(
        admin_client,
        "/api/organizations/X-MA/move/",
        {"parent": "HU-CL", "effective_on": "2025-07-01"},
    )

    # then
    assert response.status_code == 200
    assert [a["code"] for a in response.json()["ancestors"]] == ["T-DT", "HU-CL"]
    cell = admin_client.get("/api/organizations/CB-A/", {"as_of": "2025-07-01"}).json()
    assert [a["code"] for a in cell["ancestors"]] == ["T-DT", "HU-CL", "X-MA"]


def test_merge_absorbs_the_listed_organizations(admin_client, org_tree):
    # when
    response = _post(
        admin_client,
        "/api/organizations/HU-CL/merge/",
        {"absorbed": ["HU-TM"], "effective_on": "2025-07-01"},
    )

    # then
    assert response.status_code == 200, response.content
    absorbed = Organization.objects.get(code="HU-TM")
    assert (absorbed.dissolved_on, absorbed.merged_into.code) == (date(2025, 7, 1), "HU-CL")
    children = admin_client.get(
        "/api/organizations/HU-CL/children/", {"as_of": "2025-07-01"}
    ).json()["results"]
    assert sorted(o["code"] for o in children) == ["X-MA", "X-MH"]


def test_split_founds_the_parts_and_ends_the_organization(admin_client, org_tree):
    # when
    response = _post(
        admin_client,
        "/api/organizations/X-MA/split/",
        {
            "effective_on": "2025-07-01",
            "parts": [
                {
                    "code": "X-MA1",
                    "name": "Đảng bộ xã Mỹ An 1",
                    "kind": "grassroots_committee",
                    "sector": "commune",
                    "children": ["CB-A"],
                },
                {
                    "code": "X-MA2",
                    "name": "Đảng bộ xã Mỹ An 2",
                    "kind": "grassroots_committee",
                    "sector": "commune",
                    "children": ["CB-B"],
                },
            ],
        },
    )

    # then
    assert response.status_code == 200, response.content
    body = response.json()
    assert body["organization"]["dissolved_on"] == "2025-07-01"
    assert [p["code"] for p in body["parts"]] == ["X-MA1", "X-MA2"]
    assert [p["state"]["parent"] for p in body["parts"]] == ["HU-TM", "HU-TM"]


def test_dissolve_ends_the_organization(admin_client, org_tree):
    # when
    response = _post(
        admin_client,
        "/api/organizations/CB-A/dissolve/",
        {"effective_on": "2025-07-01", "note": "Sáp nhập ấp"},
    )

    # then
    assert response.status_code == 200
    assert response.json()["dissolved_on"] == "2025-07-01"
    assert response.json()["state"] is None


@pytest.mark.parametrize(
    ("_case", "url", "body", "code", "field"),
    [
        (
            "dissolve_with_children",
            "/api/organizations/X-MA/dissolve/",
            {"effective_on": "2025-07-01"},
            "has_children",
            "effective_on",
        ),
        (
            "move_into_own_subtree",
            "/api/organizations/X-MA/move/",
            {"parent": "CB-A", "effective_on": "2025-07-01"},
            "cycle",
            "parent",
        ),
        (
            "code_taken",
            "/api/organizations/",
            {
                "parent": "X-MA",
                "code": "CB-A",
                "name": "Trùng mã",
                "kind": "cell",
                "established_on": "2024-01-01",
            },
            "code_taken",
            "code",
        ),
        (
            "before_founding",
            "/api/organizations/X-MA/rename/",
            {"name": "Tên mới", "effective_on": "1999-01-01"},
            "organization_not_existing",
            "effective_on",
        ),
        (
            "split_needs_two_parts",
            "/api/organizations/X-MA/split/",
            {
                "effective_on": "2025-07-01",
                "parts": [
                    {
                        "code": "X-MA1",
                        "name": "Một",
                        "kind": "grassroots_committee",
                        "children": ["CB-A", "CB-B"],
                    }
                ],
            },
            "split_parts",
            "parts",
        ),
    ],
)
def test_domain_error_gives_400_with_code_and_message_and_writes_nothing(
    admin_client, org_tree, _case, url, body, code, field
):
    # given
    before = (OrganizationChange.objects.count(), AuditEvent.objects.count())

    # when
    response = _post(admin_client, url, body)

    # then
    assert response.status_code == 400
    error = response.json()
    assert (error["code"], error["field"]) == (code, field)
    assert error["message"]
    assert (OrganizationChange.objects.count(), AuditEvent.objects.count()) == before


def test_malformed_input_gives_400_per_field(admin_client, org_tree):
    # when
    response = _post(admin_client, "/api/organizations/X-MA/rename/", {"name": ""})

    # then
    assert response.status_code == 400
    assert set(response.json()) == {"name", "effective_on"}


#
# Query counts (N+1 guards): 20 more cells must not add queries
#


@pytest.fixture
def many_cells(org_tree, superuser):
    for n in range(20):
        organization_create(
            actor=superuser,
            code=f"CB-X{n}",
            name=f"Chi bộ {n}",
            kind="cell",
            parent=org_tree.commune,
            established_on=date(2001, 1, 1),
        )
    return org_tree


@pytest.mark.parametrize(
    ("_case", "url", "max_queries"),
    [
        ("list", "/api/organizations/", 4),
        ("list_root", "/api/organizations/?root=X-MA", 6),
        ("tree", "/api/organizations/tree/", 3),
        ("children", "/api/organizations/X-MA/children/", 6),
        ("history", "/api/organizations/X-MA/history/", 5),
        ("detail", "/api/organizations/X-MA/", 5),
    ],
)
def test_reads_use_a_fixed_number_of_queries(
    client_as, many_cells, django_assert_max_num_queries, _case, url, max_queries
):
    # given
    client = client_as("staff_ancestor")

    # when
    with django_assert_max_num_queries(max_queries):
        response = client.get(url)

    # then
    assert response.status_code == 200
