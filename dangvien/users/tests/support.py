"""Helpers of the page tests: log in through the log-in page."""

from __future__ import annotations

from django.urls import reverse


def login(client, user, password=None):
    """Log in through the login page (fixture users have the password of ``make_actor``)."""
    response = client.post(
        reverse("login"), {"username": user.username, "password": password or "pass-12345"}
    )
    assert response.status_code == 302
    return client
