"""Permission matrix of the audit endpoints (callers relative to the commune X-MA)."""

from __future__ import annotations

import pytest

from dangvien.accounts.tests.callers import CALLERS, LIST

pytestmark = pytest.mark.django_db

READS: dict[str, tuple[str, dict[str, int]]] = {
    "audit_list": ("/api/audit-events/", LIST),
}


@pytest.mark.parametrize(
    ("_case", "caller", "url", "expected"),
    [
        (f"{name}-{caller}", caller, url, expected[caller])
        for name, (url, expected) in READS.items()
        for caller in CALLERS
    ],
)
def test_read_status_depends_on_scope(client_as, _case, caller, url, expected):
    # given
    client = client_as(caller)

    # when
    response = client.get(url)

    # then
    assert response.status_code == expected, response.content
