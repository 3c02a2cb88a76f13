"""Read-only rulebook endpoints."""

from __future__ import annotations

import pytest

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("_case", "as_of", "value"),
    [("before_reform", "2024-01-01", 30), ("after_reform", "2026-01-01", 30)],
)
def test_rule_list_as_of_gives_the_version_in_force(client_as, _case, as_of, value):
    # given
    client = client_as("viewer_self")

    # when
    response = client.get("/api/rules/", {"as_of": as_of, "search": "term.cell_months"})

    # then
    [rule] = response.json()["results"]
    assert rule["value"] == value


def test_rule_history_lists_every_version(client_as):
    # when
    response = client_as("viewer_self").get("/api/rules/term.cell_months/history/")

    # then
    assert [r["value"] for r in response.json()] == [
        30,
        30,
    ]  # the 5-year term is a pilot per cell (§11)


def test_unknown_rule_history_is_not_found(client_as):
    # when
    response = client_as("viewer_self").get("/api/rules/no.such.rule/history/")

    # then
    assert response.status_code == 404


def test_rules_are_read_only(client_as):
    # when
    response = client_as("superuser").post("/api/rules/", {"key": "x"}, format="json")

    # then
    assert response.status_code == 405


@pytest.mark.parametrize(
    ("_case", "url", "max_queries"),
    [("rules", "/api/rules/", 3)],
)
def test_lists_use_a_fixed_number_of_queries(
    client_as, org_tree, django_assert_max_num_queries, _case, url, max_queries
):
    # given
    client = client_as("staff_ancestor")

    # when
    with django_assert_max_num_queries(max_queries):
        response = client.get(url)

    # then
    assert response.status_code == 200
    assert response.json()["count"] > 5
