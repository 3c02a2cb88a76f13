"""The organization type-ahead (issue 18 §1): names without diacritics or codes."""

import pytest
from django.urls import reverse

pytestmark = pytest.mark.django_db


def test_finds_by_name_without_diacritics_and_by_code(client, org_tree, make_actor):
    client.force_login(make_actor("cell_secretary", org_tree.cell_a))
    by_name = client.get(reverse("web:organization_lookup"), {"q": "my phuoc"}).json()["results"]
    by_code = client.get(reverse("web:organization_lookup"), {"q": "cb-b"}).json()["results"]
    assert [r["name"] for r in by_name] == ["Chi bộ ấp Mỹ Phước"]
    assert by_name[0]["code"] == "CB-A" and by_name[0]["parent"] == "Đảng bộ xã Mỹ An"
    assert [r["code"] for r in by_code] == ["CB-B"]


def test_needs_a_login_and_a_query(client, org_tree, make_actor):
    assert client.get(reverse("web:organization_lookup"), {"q": "my"}).status_code == 302
    client.force_login(make_actor("viewer", org_tree.cell_a))
    assert client.get(reverse("web:organization_lookup")).json() == {"results": []}
