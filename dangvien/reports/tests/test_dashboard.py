"""Dashboard page, its documents and the dashboard API on the Tháp Mười bundle."""

from __future__ import annotations

import io

import pytest
from docx import Document
from openpyxl import load_workbook

pytestmark = pytest.mark.django_db


def test_dashboard_shows_key_figures_charts_drilldown_and_comparison(client, thap_muoi):
    client.login(username="bundle-admin", password="bundle-pass-123")
    response = client.get("/org/HU-TM/dashboard/?as_of=2022-04-30&compare=2021-04-30")
    assert response.status_code == 200
    html = response.content.decode()
    assert "4.541" in html
    assert html.count("<svg") == 4
    assert "Đảng bộ xã Mỹ An" in html or "Mỹ An" in html
    assert 'class="table compare"' in html
    assert 'class="table drilldown"' in html
    assert 'href="/reports/?as_of=2022-04-30"' in html  # the nav link keeps the date


def test_dashboard_documents_download(client, thap_muoi):
    client.login(username="bundle-admin", password="bundle-pass-123")
    docx = client.get("/org/HU-TM/dashboard/docx/?as_of=2022-04-30")
    assert docx.status_code == 200
    text = "\n".join(p.text for p in Document(io.BytesIO(docx.content)).paragraphs)
    assert "4.541 đảng viên" in text
    xlsx = client.get("/org/HU-TM/dashboard/xlsx/?as_of=2022-04-30")
    assert load_workbook(io.BytesIO(xlsx.content))["02-ĐV"]["C8"].value == 4541
    pdf = client.get("/org/HU-TM/dashboard/pdf/?as_of=2022-04-30")
    assert pdf["Content-Type"] == "application/pdf" and pdf.content.startswith(b"%PDF")


def test_api_dashboard(api_client, thap_muoi):
    from dangvien.accounts.models import User

    api_client.force_authenticate(User.objects.get(username="bundle-admin"))
    data = api_client.get("/api/dashboards/HU-TM/?as_of=2022-04-30&compare=2022-01-01").json()
    assert data["figures"]["members"]["total"] == 4541
    assert data["comparison"][0]["now"] == 4541
    assert data["members_over_time"][-1]["members"] == 4541
    response = api_client.get("/api/dashboards/HU-TM/document/xlsx/?as_of=2022-04-30")
    assert response.status_code == 200
    assert api_client.get("/api/dashboards/HU-TM/?as_of=1900-01-01").status_code == 400


def test_the_admissions_tile_names_the_target_only_where_there_is_one(client, thap_muoi):
    # given: a target for the district (2020–2025), none for its communes
    client.login(username="bundle-admin", password="bundle-pass-123")

    # when
    district = client.get("/org/HU-TM/dashboard/?as_of=2022-04-30").content.decode()
    commune = client.get("/org/TM-X01/dashboard/?as_of=2022-04-30").content.decode()

    # then: a commune's bare count is not presented as measured against a target
    assert "Kết nạp so với chỉ tiêu" in district
    assert "Kết nạp trong năm (chưa có chỉ tiêu)" in commune
    assert "Kết nạp so với chỉ tiêu" not in commune
