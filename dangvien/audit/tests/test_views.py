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
    # organizations read by name (the codes are not what a person reads)
    assert "Đảng bộ xã Mỹ Hiệp" in body and "Đảng bộ xã Mỹ An" not in body
    client.logout()
    login(client, superuser, "root-pass-123")
    response = client.get(reverse("web:audit"), {"action": "create", "object_type": "organization"})
    assert response.status_code == 200
    assert response.context["page"].paginator.count == 7


def test_events_read_as_sentences_with_labels_and_names(client, superuser, org_tree):
    """Issue 18 §3: no raw keys, ids, paths or JSON; the raw data one click away for admins."""
    from datetime import date

    from dangvien.organizations.services import organization_move

    organization_move(
        actor=superuser,
        organization=org_tree.commune,
        new_parent=org_tree.province,
        effective_on=date(2025, 7, 1),
    )
    login(client, superuser, "root-pass-123")
    response = client.get(reverse("web:audit"), {"action": "update"})
    row = response.context["rows"][0]
    assert row.subject == "Đảng bộ xã Mỹ An"
    assert row.what == "điều chuyển"
    labels = {c.label: (c.before, c.after) for c in row.changes}
    assert labels["tổ chức cấp trên"] == ("Đảng bộ huyện Tháp Mười", "Đảng bộ tỉnh Đồng Tháp")
    assert "path" not in labels and "parent" not in labels
    assert labels["hiệu lực từ"][1] == "01/07/2025"
    body = response.content.decode()
    assert "/1/2/3/" not in body.split("Dữ liệu gốc")[0]  # the access path only in the raw data
    assert "Dữ liệu gốc" in body


def test_raw_data_is_for_administrators_only(client, make_actor, org_tree):
    viewer = make_actor("viewer", org_tree.province)
    login(client, viewer)
    body = client.get(reverse("web:audit")).content.decode()
    assert "Dữ liệu gốc" not in body
