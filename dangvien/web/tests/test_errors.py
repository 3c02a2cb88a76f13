"""Error pages and messages in Vietnamese, no debug page (issue 18 §7)."""

import pytest
from django.test import RequestFactory
from django.urls import reverse
from django.utils import translation
from django.views.defaults import server_error

pytestmark = pytest.mark.django_db


def test_an_unknown_page_is_a_vietnamese_404_without_the_list_of_urls(client, make_actor, org_tree):
    client.force_login(make_actor("viewer", org_tree.cell_a))
    response = client.get("/khong-co-trang-nay/")
    body = response.content.decode()
    assert response.status_code == 404
    assert "Không tìm thấy" in body
    assert "URLconf" not in body and "Page not found" not in body


def test_the_500_page_is_vietnamese_and_standalone():
    with translation.override("vi"):
        response = server_error(RequestFactory().get("/"))
    body = response.content.decode()
    assert response.status_code == 500
    assert "Đã có lỗi xảy ra" in body and "Không có dữ liệu nào bị thay đổi" in body


def test_the_api_names_what_it_did_not_find(client, make_actor, org_tree):
    client.force_login(make_actor("viewer", org_tree.cell_a))
    response = client.get("/api/members/999999/", HTTP_ACCEPT_LANGUAGE="vi")
    assert response.status_code == 404
    body = response.json()
    assert body["code"] == "not_found"
    assert body["detail"] != "member" and "đảng viên" in body["message"]


def test_dates_are_read_day_first(client, make_actor, org_tree):
    client.force_login(make_actor("viewer", org_tree.cell_a))
    response = client.get(reverse("web:home"), {"as_of": "05/04/2022"})
    assert response.context["as_of"].isoformat() == "2022-04-05"
