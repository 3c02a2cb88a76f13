"""schemathesis over every operation of the OpenAPI schema (reads and writes) with two tokens,
the X-MA commune staff and the secretary of its cell CB-A (issue 13): no answer is a server
error. Generated bodies and parameters reach the validation and the services; known ids of
the permission matrix's world are also given as path parameters so that cases reach past the
404s. The example count stays modest for CI time; the figures are in docs/security-suites.md.
"""

from __future__ import annotations

from typing import Any

import pytest
import schemathesis
from hypothesis import HealthCheck, Phase, given, settings
from rest_framework.authtoken.models import Token

from dangvien.api.tests.test_schema import wsgi_app  # noqa: F401 - the fixture
from dangvien.web.tests.test_permission_matrix import _build_world

pytestmark = pytest.mark.django_db

EXAMPLES = settings(
    max_examples=6,
    deadline=None,
    database=None,
    derandomize=True,
    phases=[Phase.explicit, Phase.generate],
    suppress_health_check=list(HealthCheck),
)


def _known(path: str, ids: dict[str, Any]) -> dict[str, Any]:
    """Path parameters naming objects of the world."""
    values: dict[str, Any] = {}
    if "{code}" in path:
        values["code"] = "X-MA"
    if "{key}" in path:
        values["key"] = "term.cell_months"
    if "{fmt}" in path:
        values["fmt"] = "xlsx"
    if "{event_id}" in path:
        values["event_id"] = ids["event"]
    if "{id}" in path:
        for prefix, name in (
            ("/api/members/", "member"),
            ("/api/admission-candidates/", "candidate"),
            ("/api/period-reports/", "report"),
            ("/api/proposals/", "proposal"),
            ("/api/organizations/", "post"),
        ):
            if path.startswith(prefix):
                values["id"] = ids[name]
    return values


def test_no_operation_answers_a_server_error(
    org_tree,
    superuser,
    make_actor,
    wsgi_app,  # noqa: F811
):
    # given
    world = _build_world(org_tree, superuser, make_actor)
    tokens = {
        "commune_staff": Token.objects.create(user=world.users["commune_staff"]).key,
        "cell_secretary": Token.objects.create(
            user=make_actor("cell_secretary", org_tree.cell_a)
        ).key,
    }
    # the schema itself is read by a signed-in caller (it is not public)
    schema = schemathesis.openapi.from_wsgi(
        "/api/schema/?format=json",
        wsgi_app,
        headers={"Authorization": f"Token {tokens['commune_staff']}"},
    )
    operations = [result.ok() for result in schema.get_all_operations()]
    failures: list[str] = []
    calls = {"cases": 0}
    statuses: dict[int, int] = {}

    def run(who: str, strategy: Any) -> None:
        @EXAMPLES
        @given(case=strategy)
        def check(case: schemathesis.Case) -> None:
            calls["cases"] += 1
            response = case.call()
            statuses[response.status_code] = statuses.get(response.status_code, 0) + 1
            if response.status_code >= 500:
                failures.append(
                    f"{who} {case.method} {case.formatted_path} {case.query} "
                    f"{case.body!r}: {response.status_code}"
                )

        check()

    # when
    for who, token in tokens.items():
        headers = {"Authorization": f"Token {token}"}
        for operation in operations:
            strategies = [operation.as_strategy(headers=headers)]
            known = _known(operation.path, world.ids)
            if known:
                strategies.append(operation.as_strategy(headers=headers, path_parameters=known))
            for strategy in strategies:
                run(who, strategy)

    # then: every operation exercised with both tokens, none answered 5xx
    print(f"schemathesis: {calls['cases']} cases, statuses {sorted(statuses.items())}")  # noqa: T201
    assert len(operations) == sum(len(item) for item in schema.raw_schema["paths"].values())
    assert calls["cases"] > 4 * len(operations)
    assert failures == [], "\n".join(failures[:30])
