"""View tests through the Django test client."""

from __future__ import annotations

import pytest
from django.urls import reverse

from dangvien.organizations.tests.support import restructure
from dangvien.users.tests.support import login

pytestmark = pytest.mark.django_db


def test_anonymous_is_sent_to_login(client):
    response = client.get(reverse("web:home"))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("login"))


def test_tree_differs_between_2022_and_2026(client, superuser, org_tree):
    # given the 07/2025 restructure: communes under the province, the district dissolved
    restructure(superuser, org_tree)
    login(client, superuser, "root-pass-123")
    # when the tree is shown as of 2022 and as of 2026
    before = client.get(reverse("web:home"), {"as_of": "2022-04-30"}).content.decode()
    after = client.get(reverse("web:home"), {"as_of": "2026-01-01"}).content.decode()
    # then the district is there in 2022 only
    assert "Đảng bộ huyện Tháp Mười" in before
    assert "Đảng bộ huyện Tháp Mười" not in after
    assert "Đảng bộ xã Mỹ An" in after
    assert "30/04/2022" in before


def test_the_home_tree_shows_each_root_open_and_which_children_open_further(
    client, superuser, org_tree, make_actor
):
    # the whole tree: the province open on its districts; the communes open on demand
    login(client, superuser, "root-pass-123")
    body = client.get(reverse("web:home")).content.decode()
    assert "Đảng bộ huyện Tháp Mười" in body and "Đảng bộ huyện Cao Lãnh" in body
    assert "Đảng bộ xã Mỹ An" not in body
    assert reverse("web:tree_children", args=["HU-TM"]) in body
    # a commune officer's tree: the commune open on its cells, which have nothing below
    client.force_login(make_actor("staff", org_tree.commune))
    body = client.get(reverse("web:home")).content.decode()
    assert "Chi bộ ấp Mỹ Phước" in body and "Đảng bộ huyện Tháp Mười" not in body
    assert reverse("web:tree_children", args=["CB-A"]) not in body


def test_tree_children_partial(client, superuser, org_tree):
    login(client, superuser, "root-pass-123")
    response = client.get(reverse("web:tree_children", args=["HU-TM"]), HTTP_HX_REQUEST="true")
    body = response.content.decode()
    assert "Đảng bộ xã Mỹ An" in body
    assert "<html" not in body


def test_the_tree_shows_a_change_made_after_it_was_shown(client, superuser, org_tree):
    """The tree's rendering is kept between requests until the next change of the data."""
    from dangvien.core.dates import today
    from dangvien.organizations.services import organization_rename

    login(client, superuser, "root-pass-123")
    home = reverse("web:home")
    node = reverse("web:tree_children", args=["HU-TM"])
    assert "Đảng bộ huyện Tháp Mười" in client.get(home).content.decode()
    assert "Đảng bộ xã Mỹ An" in client.get(node).content.decode()
    on = today()
    organization_rename(
        actor=superuser, organization=org_tree.district, name="Đảng bộ Tháp Mười", effective_on=on
    )
    organization_rename(
        actor=superuser, organization=org_tree.commune, name="Đảng bộ xã Mỹ An mới", effective_on=on
    )
    assert "Đảng bộ huyện Tháp Mười" not in client.get(home).content.decode()
    assert "Đảng bộ xã Mỹ An mới" in client.get(node).content.decode()


def test_the_tree_links_keep_the_date_it_is_read_at(client, superuser, org_tree):
    login(client, superuser, "root-pass-123")
    node = reverse("web:tree_children", args=["HU-TM"])
    dated = client.get(node, {"as_of": "2024-01-01"}).content.decode()
    today = client.get(node).content.decode()
    assert reverse("web:organization", args=["X-MA"]) + "?as_of=2024-01-01" in dated
    assert "as_of" not in today
    assert reverse("web:organization", args=["X-MA"]) in today


def test_search_ignores_diacritics(client, superuser, org_tree):
    login(client, superuser, "root-pass-123")
    body = client.get(reverse("web:home"), {"q": "my an"}).content.decode()
    assert "Đảng bộ xã Mỹ An" in body
    narrow = client.get(reverse("web:home"), {"q": "my phuoc"}).content.decode()
    assert "Chi bộ ấp Mỹ Phước" in narrow
    assert "Đảng bộ xã Mỹ Hiệp" not in narrow
    assert "Đảng bộ xã Mỹ Hiệp" in client.get(reverse("web:home"), {"q": "x-mh"}).content.decode()


def test_language_switch_to_english(client, superuser, org_tree):
    login(client, superuser, "root-pass-123")
    assert "Cây tổ chức" in client.get(reverse("web:home")).content.decode()
    response = client.post(reverse("set_language"), {"language": "en", "next": reverse("web:home")})
    assert response.status_code == 302
    body = client.get(reverse("web:home")).content.decode()
    assert "Organization tree" in body
    assert "Cây tổ chức" not in body


def test_vietnamese_is_the_default_even_for_an_english_browser(client, superuser):
    client.force_login(superuser)
    page = client.get("/", HTTP_ACCEPT_LANGUAGE="en-US,en;q=0.9")
    assert page["Content-Language"] == "vi"
