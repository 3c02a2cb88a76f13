"""The rulebook page: every rule listed, only a superuser sets one."""

from __future__ import annotations

import pytest
from django.urls import reverse

from dangvien.users.tests.support import login

pytestmark = pytest.mark.django_db


def test_rulebook_lists_rules_and_only_superuser_sets(client, superuser, make_actor, org_tree):
    viewer = make_actor("viewer", org_tree.province)
    login(client, viewer)
    page = client.get(reverse("web:rules"))
    assert "term.cell_months" in page.content.decode()
    assert page.context["form"] is None
    assert client.post(reverse("web:rules"), {"key": "x"}).status_code == 403
    client.logout()
    login(client, superuser, "root-pass-123")
    response = client.post(
        reverse("web:rules"),
        {
            "key": "cell.committee_max_members",
            "value": "9",
            "unit": "members",
            "effective_from": "2030-01-01",
            "title": "Cấp ủy chi bộ tối đa",
            "source": "Quy định X",
            "confidence": "confirmed",
        },
    )
    assert response.status_code == 302
    page = client.get(reverse("web:rules"), {"as_of": "2030-02-01"}).content.decode()
    assert "Quy định X" in page
