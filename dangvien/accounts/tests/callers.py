"""Callers in each position relative to the organization acted on (the commune X-MA of the
``org_tree`` fixture), for the permission matrices of every app; the root ``conftest.py``
gives the ``client_as`` fixture built on them."""

from __future__ import annotations

from typing import Any

from rest_framework.test import APIClient

CALLERS = [
    "anonymous",
    "no_role",
    "staff_sibling",
    "staff_ancestor",
    "staff_self",
    "viewer_self",
    "superuser",
]


def authenticate(
    api_client: APIClient, caller: str, *, org_tree: Any, make_actor: Any, superuser: Any
) -> APIClient:
    """``api_client`` authenticated as ``caller`` (one of ``CALLERS``)."""
    user: Any
    if caller == "anonymous":
        return api_client
    if caller == "superuser":
        user = superuser
    elif caller == "no_role":
        user = make_actor()
    else:
        role, position = caller.split("_")
        organization = {
            "sibling": org_tree.sibling_district,
            "ancestor": org_tree.province,
            "self": org_tree.commune,
        }[position]
        user = make_actor(role, organization)
    api_client.force_authenticate(user)
    return api_client


# Expected statuses per caller: a list (scoped, never refused to a logged-in user), a detail
# (404 out of scope) and a write (403 for a viewer; ``write(ok, caller=status)`` for exceptions).
LIST = {
    "anonymous": 401,
    "no_role": 200,
    "staff_sibling": 200,
    "staff_ancestor": 200,
    "staff_self": 200,
    "viewer_self": 200,
    "superuser": 200,
}
DETAIL = {
    "anonymous": 401,
    "no_role": 404,
    "staff_sibling": 404,
    "staff_ancestor": 200,
    "staff_self": 200,
    "viewer_self": 200,
    "superuser": 200,
}


def write(ok: int, **overrides: int) -> dict[str, int]:
    expected = {
        "anonymous": 401,
        "no_role": 404,
        "staff_sibling": 404,
        "staff_ancestor": ok,
        "staff_self": ok,
        "viewer_self": 403,
        "superuser": ok,
    }
    expected.update(overrides)
    return expected
