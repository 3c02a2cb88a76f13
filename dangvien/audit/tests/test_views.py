"""The log page: filters, scoped to the reader's organizations."""

from __future__ import annotations

import pytest
from django.urls import reverse

from dangvien.users.tests.support import login

pytestmark = pytest.mark.django_db


def test_audit_log_filters_and_is_scoped(client, superuser, make_actor, org_tree):
    viewer = make_actor("viewer", org_tree.sibling_district)
    login(client, viewer)
    body = client.get(reverse("web:audit")).content.decode()
    assert "X-MH" in body and "X-MA" not in body
    client.logout()
    login(client, superuser, "root-pass-123")
    response = client.get(reverse("web:audit"), {"action": "create", "object_type": "organization"})
    assert response.status_code == 200
    assert response.context["page"].paginator.count == 7
