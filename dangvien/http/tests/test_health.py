"""The probes: /healthz answers without the database, /readyz checks it and the migrations."""

from __future__ import annotations

import pytest
from django.db import DatabaseError
from django.test import Client

from dangvien.http import health

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _forget_migrations(monkeypatch):
    monkeypatch.setattr(health, "_migrated", False)


def test_liveness_needs_no_login_no_session_and_no_database(django_assert_num_queries):
    # when
    with django_assert_num_queries(0):
        response = Client().get("/healthz")

    # then: nothing but a word; never cached; no cookie set
    assert response.status_code == 200
    assert response.json() == {"status": "ok"}
    assert "no-cache" in response["Cache-Control"]
    assert not response.cookies


def test_readiness_is_ready_when_the_database_answers_and_is_migrated():
    # when
    response = Client().get("/readyz")

    # then
    assert response.status_code == 200
    assert response.json() == {
        "status": "ready",
        "checks": {"database": "ok", "migrations": "ok"},
    }


def test_readiness_refuses_while_a_migration_is_pending(monkeypatch):
    # given: the code knows a migration the database has not applied
    from django.db.migrations.executor import MigrationExecutor

    monkeypatch.setattr(MigrationExecutor, "migration_plan", lambda self, targets: ["pending"])

    # when
    response = Client().get("/readyz")

    # then: 503, naming no migration
    assert response.status_code == 503
    assert response.json() == {
        "status": "not ready",
        "checks": {"database": "ok", "migrations": "pending"},
    }


def test_readiness_refuses_when_the_database_does_not_answer(monkeypatch):
    # given
    monkeypatch.setattr(health, "_database_answers", lambda alias: False)

    # when
    response = Client().get("/readyz")

    # then: the state in a word, no error text or host
    assert response.status_code == 503
    assert response.json() == {"status": "not ready", "checks": {"database": "unreachable"}}


def test_a_database_error_is_unreachable_not_an_error_page(monkeypatch):
    # given: a cursor that fails as a lost connection does
    from django.db import connections

    class Broken:
        def cursor(self):
            raise DatabaseError("server closed the connection unexpectedly")

    monkeypatch.setattr(health, "connections", {"default": Broken()})

    # then
    assert health._database_answers("default") is False
    assert connections["default"].vendor  # the real handler untouched


def test_the_probes_take_no_post():
    assert Client().post("/healthz").status_code == 405
    assert Client().post("/readyz").status_code == 405
