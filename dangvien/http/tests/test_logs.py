"""The request log: one JSON line per request, naming the route, never the query string."""

from __future__ import annotations

import json
import logging

import pytest
from django.test import Client

from dangvien.http.logs import JsonFormatter

pytestmark = pytest.mark.django_db


@pytest.fixture
def request_log(caplog):
    caplog.set_level(logging.INFO, logger="dangvien.request")
    return caplog


def test_a_request_is_logged_with_its_route_status_duration_id_and_user(
    request_log, org_tree, make_actor
):
    # given
    user = make_actor("staff", org_tree.commune)
    client = Client()
    client.force_login(user)

    # when: a search for a name
    response = client.get("/members/?q=Nguy%E1%BB%85n")

    # then: one line, the route and not the searched name
    records = [r for r in request_log.records if r.name == "dangvien.request"]
    assert len(records) == 1
    fields = records[0].http
    assert fields["method"] == "GET"
    assert fields["route"] == "/members/"
    assert fields["status"] == 200
    assert fields["duration_ms"] >= 0
    assert fields["request_id"] == response["X-Request-ID"]
    assert fields["user_id"] == user.pk
    line = JsonFormatter().format(records[0])
    assert "Nguy" not in line and "q=" not in line


def test_a_member_page_is_logged_by_its_pattern_not_its_number(request_log):
    # when
    Client().get("/member/12345/")

    # then: the route of the pattern (an anonymous user is sent to log in)
    (record,) = [r for r in request_log.records if r.name == "dangvien.request"]
    assert record.http["route"] == "/member/<int:pk>/"
    assert record.http["status"] == 302
    assert record.http["user_id"] is None


def test_nothing_is_logged_when_the_request_log_is_off(caplog):
    # given: the default level of the logger (settings: DANGVIEN_REQUEST_LOG unset)
    caplog.set_level(logging.WARNING, logger="dangvien.request")

    # when
    Client().get("/healthz")

    # then
    assert [r for r in caplog.records if r.name == "dangvien.request"] == []


def test_the_json_formatter_writes_one_object_a_line_with_the_exception():
    # given
    logger = logging.getLogger("dangvien.test")
    try:
        raise ValueError("hỏng")
    except ValueError:
        record = logger.makeRecord(
            "dangvien.test", logging.ERROR, __file__, 1, "lỗi %s", ("x",), exc_info=True
        )
        import sys

        record.exc_info = sys.exc_info()

    # when
    line = JsonFormatter().format(record)

    # then
    assert "\n" not in line
    entry = json.loads(line)
    assert entry["level"] == "ERROR"
    assert entry["logger"] == "dangvien.test"
    assert entry["message"] == "lỗi x"
    assert "ValueError: hỏng" in entry["exception"]
    assert entry["time"].endswith("+00:00")
