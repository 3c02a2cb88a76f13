"""The replica router: which reads go to the replica, and a writer reading their own writes.

The first tests spy on the router's answers (no second database on SQLite); the last one
starts a real streaming replica of a throw-away PostgreSQL cluster (``pg_basebackup``).
"""

from __future__ import annotations

import pytest
from django.db import transaction
from django.test import Client

from dangvien.http import replica
from dangvien.http.replica import PIN_COOKIE, ReplicaRouter, reporting

pytestmark = pytest.mark.django_db


@pytest.fixture
def routed(monkeypatch) -> list[str]:
    """A replica is configured; each answer of the router for a read is recorded (and the read
    then runs on the one test database)."""
    monkeypatch.setattr(replica, "replica_configured", lambda: True)
    answers: list[str] = []
    original = ReplicaRouter.db_for_read

    def spy(self, model, **hints):
        answers.append(original(self, model, **hints))
        return "default"

    monkeypatch.setattr(ReplicaRouter, "db_for_read", spy)
    return answers


def test_without_a_replica_every_read_goes_to_the_primary():
    with reporting():
        assert ReplicaRouter().db_for_read(object) == "default"  # type: ignore[arg-type]


def test_reporting_reads_go_to_the_replica_until_something_is_written(monkeypatch):
    # given
    monkeypatch.setattr(replica, "replica_configured", lambda: True)
    router = ReplicaRouter()

    # then: outside reporting, the primary; inside, the replica; after a write, the primary
    assert router.db_for_read(object) == "default"  # type: ignore[arg-type]
    with reporting():
        assert router.db_for_read(object) == "replica"  # type: ignore[arg-type]
        assert router.db_for_write(object) == "default"  # type: ignore[arg-type]
        assert router.db_for_read(object) == "default"  # type: ignore[arg-type]
    with reporting(), transaction.atomic():
        assert router.db_for_read(object) == "default"  # type: ignore[arg-type]


def test_the_replica_is_never_migrated():
    assert ReplicaRouter().allow_migrate("replica", "members") is False
    assert ReplicaRouter().allow_migrate("default", "members") is None


def test_a_statistics_page_reads_from_the_replica(routed, org_tree, make_actor):
    # given
    client = Client()
    client.force_login(make_actor("staff", org_tree.commune))
    routed.clear()

    # when
    response = client.get(f"/org/{org_tree.commune.code}/statistics/")

    # then: every read of the page went to the replica
    assert response.status_code == 200
    assert routed and set(routed) == {"replica"}


def test_an_ordinary_page_reads_from_the_primary(routed, org_tree, make_actor):
    # given
    client = Client()
    client.force_login(make_actor("staff", org_tree.commune))
    routed.clear()

    # when
    response = client.get(f"/org/{org_tree.commune.code}/")

    # then
    assert response.status_code == 200
    assert routed and set(routed) == {"default"}


def test_a_member_list_reads_from_the_replica_only_when_exported(routed, org_tree, make_actor):
    # given
    client = Client()
    client.force_login(make_actor("staff", org_tree.commune))
    routed.clear()

    # when: the page, then its export (which records the export, then reads)
    client.get(f"/org/{org_tree.commune.code}/members/")
    page = set(routed)
    routed.clear()
    export = client.get(f"/org/{org_tree.commune.code}/members/?export=xlsx")

    # then
    assert page == {"default"}
    assert export.status_code == 200
    assert "replica" in routed


def test_after_a_write_the_writer_reads_from_the_primary_for_a_while(
    routed, org_tree, make_actor, settings
):
    # given: a user who has just written (any answered POST)
    client = Client()
    client.force_login(make_actor("staff", org_tree.commune))
    routed.clear()
    written = client.post("/i18n/setlang/", {"language": "vi"})
    routed.clear()

    # when
    response = client.get(f"/org/{org_tree.commune.code}/statistics/")

    # then: pinned to the primary by a cookie that lasts DATABASE_REPLICA_PIN_SECONDS
    assert written.status_code == 302
    cookie = written.cookies[PIN_COOKIE]
    assert cookie["max-age"] == settings.DATABASE_REPLICA_PIN_SECONDS
    assert cookie["httponly"]
    assert response.status_code == 200
    assert routed and set(routed) == {"default"}


def test_a_client_without_cookies_asks_for_the_primary_by_a_header(routed, org_tree, make_actor):
    # given
    client = Client()
    client.force_login(make_actor("staff", org_tree.commune))
    routed.clear()

    # when
    client.get(f"/org/{org_tree.commune.code}/statistics/", HTTP_X_READ_PRIMARY="1")

    # then
    assert routed and set(routed) == {"default"}


def test_a_refused_write_pins_nobody(routed, org_tree, make_actor):
    # given: a POST answered 405
    client = Client()
    client.force_login(make_actor("staff", org_tree.commune))
    routed.clear()

    # when
    refused = client.post("/healthz")

    # then
    assert refused.status_code == 405
    assert PIN_COOKIE not in refused.cookies
