"""Token authentication, through the same lock-out as the web login."""

from __future__ import annotations

import pytest

from dangvien.audit.models import AuditEvent

pytestmark = pytest.mark.django_db

TOKEN_URL = "/api/auth/token/"


def test_token_authenticates_later_requests(api_client, org_tree, make_actor):
    # given
    make_actor("viewer", org_tree.commune)  # user1 / pass-12345

    # when
    token = api_client.post(
        TOKEN_URL, {"username": "user1", "password": "pass-12345"}, format="json"
    )
    api_client.credentials(HTTP_AUTHORIZATION=f"Token {token.json()['token']}")
    response = api_client.get("/api/organizations/X-MA/")

    # then
    assert token.status_code == 200
    assert response.status_code == 200
    assert AuditEvent.objects.filter(action="login", actor__username="user1").count() == 1


def test_same_token_is_returned_on_each_login(api_client, make_actor):
    # given
    make_actor()
    body = {"username": "user1", "password": "pass-12345"}

    # when
    first = api_client.post(TOKEN_URL, body, format="json").json()["token"]
    second = api_client.post(TOKEN_URL, body, format="json").json()["token"]

    # then
    assert first == second


def test_wrong_password_gives_400_with_a_message(api_client, make_actor):
    # given
    make_actor()

    # when
    response = api_client.post(TOKEN_URL, {"username": "user1", "password": "wrong"}, format="json")

    # then
    assert response.status_code == 400
    assert response.json()["code"] == "invalid_credentials"
    assert response.json()["message"]
    assert "token" not in response.json()


def test_locks_out_after_five_failures_even_with_the_right_password(api_client, make_actor):
    # given
    make_actor()
    for _ in range(5):
        api_client.post(TOKEN_URL, {"username": "user1", "password": "wrong"}, format="json")

    # when
    response = api_client.post(
        TOKEN_URL, {"username": "user1", "password": "pass-12345"}, format="json"
    )

    # then
    assert response.status_code == 400
    assert response.json()["code"] == "account_locked"
    assert response.json()["message"]


def test_bad_token_is_refused(api_client):
    # when
    api_client.credentials(HTTP_AUTHORIZATION="Token nope")
    response = api_client.get("/api/organizations/")

    # then
    assert response.status_code == 401


def test_refusal_message_is_vietnamese(api_client, make_actor):
    # given
    make_actor()

    # when
    response = api_client.post(TOKEN_URL, {"username": "user1", "password": "wrong"}, format="json")

    # then
    assert response.json()["message"] == "Tên đăng nhập hoặc mật khẩu không đúng."
