"""The log-in page and its lock-out."""

from __future__ import annotations

import pytest
from django.urls import reverse

pytestmark = pytest.mark.django_db


def test_login_works(client, make_actor, org_tree):
    # given a staff user
    user = make_actor("staff", org_tree.province)
    # when they log in
    response = client.post(reverse("login"), {"username": user.username, "password": "pass-12345"})
    # then they land on the tree
    assert response.status_code == 302
    assert response["Location"] == reverse("web:home")
    assert "Đảng bộ tỉnh Đồng Tháp" in client.get(reverse("web:home")).content.decode()


def test_lockout_message_after_five_failures(client, make_actor):
    # given a user who mistyped the password five times
    user = make_actor()
    for _ in range(5):
        response = client.post(reverse("login"), {"username": user.username, "password": "wrong"})
        assert "không đúng" in response.content.decode()
    # when they try again, even with the right password
    response = client.post(reverse("login"), {"username": user.username, "password": "pass-12345"})
    # then the lock-out message shows and they are not logged in
    assert response.status_code == 200
    assert "Đăng nhập sai quá nhiều lần" in response.content.decode()
    assert client.get(reverse("web:home")).status_code == 302
