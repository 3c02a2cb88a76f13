"""Committee endpoints: terms, posts, the committee on a date, organizations without secretary."""

from __future__ import annotations

from datetime import date

import pytest

from dangvien.committees.services import committee_post_assign, term_create
from dangvien.committees.tests.support import official_member

pytestmark = pytest.mark.django_db


@pytest.fixture
def admin_client(api_client, superuser):
    api_client.force_authenticate(superuser)
    return api_client


def test_term_create_takes_its_length_from_the_rulebook(admin_client, org_tree):
    # when
    response = admin_client.post(
        "/api/organizations/X-MA/terms/", {"congress_on": "2020-08-15"}, format="json"
    )

    # then
    assert response.status_code == 201, response.content
    body = response.json()
    assert (body["ends_on"], body["length_months"], body["name"]) == ("2025-08-15", 60, "2020–2025")
    listed = admin_client.get("/api/organizations/X-MA/terms/").json()["results"]
    assert [t["id"] for t in listed] == [body["id"]]


def test_post_assign_with_a_term_and_end(admin_client, org_tree, superuser):
    # given
    term = term_create(
        actor=superuser, organization=org_tree.commune, congress_on=date(2020, 8, 15)
    )

    # when
    assigned = admin_client.post(
        "/api/organizations/X-MA/posts/",
        {
            "post": "secretary",
            "member": official_member(superuser, org_tree.cell_a, "DV-C").pk,
            "held_from": "2020-08-15",
            "term": term.pk,
        },
        format="json",
    )
    ended = admin_client.post(
        f"/api/organizations/X-MA/posts/{assigned.json()['id']}/end/",
        {"held_to": "2024-01-31"},
        format="json",
    )

    # then
    assert assigned.status_code == 201, assigned.content
    assert assigned.json()["term"] == term.pk
    assert ended.status_code == 200
    assert ended.json()["held_to"] == "2024-01-31"


def test_post_assign_rejects_a_term_of_another_organization(admin_client, org_tree, superuser):
    # given
    other = term_create(
        actor=superuser, organization=org_tree.sibling_commune, congress_on=date(2020, 8, 15)
    )

    # when
    response = admin_client.post(
        "/api/organizations/X-MA/posts/",
        {
            "post": "secretary",
            "member": official_member(superuser, org_tree.cell_a, "DV-C").pk,
            "held_from": "2020-08-15",
            "term": other.pk,
        },
        format="json",
    )

    # then
    assert response.status_code == 404


def test_post_end_before_start_is_a_domain_error(admin_client, org_tree, superuser):
    # given
    post = committee_post_assign(
        actor=superuser,
        organization=org_tree.commune,
        post="member",
        person_name="Phạm Thị Dung",
        held_from=date(2020, 1, 1),
    )

    # when
    response = admin_client.post(
        f"/api/organizations/X-MA/posts/{post.pk}/end/", {"held_to": "2019-01-01"}, format="json"
    )

    # then
    assert response.status_code == 400
    assert response.json()["code"] == "period_order"


def test_post_of_another_organization_is_not_found(admin_client, org_tree, superuser):
    # given
    post = committee_post_assign(
        actor=superuser,
        organization=org_tree.sibling_commune,
        post="member",
        person_name="Phạm Thị Dung",
        held_from=date(2020, 1, 1),
    )

    # when
    response = admin_client.post(
        f"/api/organizations/X-MA/posts/{post.pk}/end/", {"held_to": "2021-01-01"}, format="json"
    )

    # then
    assert response.status_code == 404


@pytest.mark.parametrize(
    ("_case", "as_of", "holders"),
    [
        ("first_secretary", "2021-01-01", ["Ngô Văn Em"]),
        ("successor", "2023-01-01", ["Đỗ Thị Giang"]),
        ("all_posts", None, ["Đỗ Thị Giang", "Ngô Văn Em"]),
    ],
)
def test_posts_as_of_give_the_committee_that_day(
    admin_client, org_tree, superuser, _case, as_of, holders
):
    # given
    for name, start in [("Ngô Văn Em", date(2020, 1, 1)), ("Đỗ Thị Giang", date(2022, 6, 1))]:
        committee_post_assign(
            actor=superuser,
            organization=org_tree.commune,
            post="secretary",
            person_name=name,
            held_from=start,
        )

    # when
    params = {"as_of": as_of} if as_of else {}
    response = admin_client.get("/api/organizations/X-MA/posts/", params)

    # then
    assert sorted(p["person_name"] for p in response.json()["results"]) == sorted(holders)


def test_without_secretary_lists_organizations_lacking_one(admin_client, org_tree, superuser):
    # given
    committee_post_assign(
        actor=superuser,
        organization=org_tree.cell_a,
        post="secretary",
        person_name="Vũ Văn Hải",
        held_from=date(2020, 1, 1),
    )

    # when
    response = admin_client.get(
        "/api/committees/without-secretary/", {"as_of": "2024-01-01", "root": "X-MA"}
    )

    # then
    assert sorted(o["code"] for o in response.json()["results"]) == ["CB-B"]


@pytest.mark.parametrize(
    ("_case", "url", "max_queries"),
    [
        ("terms", "/api/organizations/X-MA/terms/", 6),
        ("posts", "/api/organizations/X-MA/posts/", 6),
        ("committee_at", "/api/organizations/X-MA/posts/?as_of=2024-01-01", 6),
        ("without_secretary", "/api/committees/without-secretary/", 5),
    ],
)
def test_lists_use_a_fixed_number_of_queries(
    client_as, org_tree, superuser, django_assert_max_num_queries, _case, url, max_queries
):
    # given
    for n in range(15):
        term_create(
            actor=superuser, organization=org_tree.commune, congress_on=date(2000 + n, 2, 1)
        )
        committee_post_assign(
            actor=superuser,
            organization=org_tree.commune,
            post="member",
            person_name=f"Ủy viên {n}",
            held_from=date(2000 + n, 2, 1),
        )
    client = client_as("staff_ancestor")

    # when
    with django_assert_max_num_queries(max_queries):
        response = client.get(url)

    # then
    assert response.status_code == 200
