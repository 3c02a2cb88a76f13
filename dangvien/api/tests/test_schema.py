"""The OpenAPI document: served, and every GET operation survives generated input (no 5xx)."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
import schemathesis
from django.core import signals
from django.core.wsgi import get_wsgi_application
from django.db import close_old_connections
from hypothesis import HealthCheck, Phase, given, settings
from rest_framework.authtoken.models import Token

pytestmark = pytest.mark.django_db

EXAMPLES = settings(
    max_examples=10,
    deadline=None,
    database=None,
    derandomize=True,
    phases=[Phase.explicit, Phase.generate],
    suppress_health_check=list(HealthCheck),
)
# Values that exist in ``org_tree`` and the rulebook, so generated cases also reach the
# success paths and not only the 404s.
KNOWN = {"code": "X-MA", "key": "term.cell_months"}


@pytest.fixture
def wsgi_app() -> Iterator[object]:
    """The WSGI application, keeping the test's transaction open across requests.

    Django closes "old" connections at the start and end of each request, which would close the
    connection holding the test transaction; the Django test client disconnects these handlers
    in the same way.
    """
    signals.request_started.disconnect(close_old_connections)
    signals.request_finished.disconnect(close_old_connections)
    try:
        yield get_wsgi_application()
    finally:
        signals.request_started.connect(close_old_connections)
        signals.request_finished.connect(close_old_connections)


def test_schema_and_docs_are_not_served_anonymously(api_client):
    """Regression (issue 13, defect 9): the OpenAPI schema was readable anonymously."""
    for path in ("/api/schema/", "/api/docs/", "/api/redoc/"):
        assert api_client.get(path).status_code in (401, 403), path


def test_schema_and_docs_are_served_to_a_signed_in_user(api_client, make_actor):
    # given
    api_client.force_authenticate(make_actor())
    # when
    schema = api_client.get("/api/schema/", {"format": "json"})
    docs = api_client.get("/api/docs/")
    redoc = api_client.get("/api/redoc/")

    # then
    assert schema.status_code == 200
    assert "/api/organizations/{code}/move/" in schema.json()["paths"]
    assert (docs.status_code, redoc.status_code) == (200, 200)
    assert b"cdn" not in docs.content.lower()


def test_get_operations_never_answer_5xx(org_tree, superuser, wsgi_app):
    # given
    token = Token.objects.create(user=superuser).key
    schema = schemathesis.openapi.from_wsgi(
        "/api/schema/?format=json", wsgi_app, headers={"Authorization": f"Token {token}"}
    )
    operations = [result.ok() for result in schema.include(method="GET").get_all_operations()]
    headers = {"Authorization": f"Token {token}"}
    failures: list[str] = []

    # when
    for operation in operations:
        path_parameters = {
            name: value for name, value in KNOWN.items() if f"{{{name}}}" in operation.path
        }
        strategies = [operation.as_strategy(headers=headers)]
        if path_parameters:
            strategies.append(
                operation.as_strategy(headers=headers, path_parameters=path_parameters)
            )
        for strategy in strategies:

            @EXAMPLES
            @given(case=strategy)
            def check(case: schemathesis.Case) -> None:
                response = case.call()
                if response.status_code >= 500:
                    failures.append(
                        f"{case.method} {case.formatted_path} {case.query}: {response.status_code}"
                    )

            check()

    # then: every GET operation of the schema was exercised, and none answered 5xx
    listed = sum(1 for item in schema.raw_schema["paths"].values() if "get" in item)
    assert len(operations) == listed > 20
    assert failures == []
