"""The statistics page: figures in Vietnamese formatting, narrative, downloads, scoping."""

from __future__ import annotations

import io
import json

import pytest
from django.urls import reverse

from dangvien.statistics.selectors import statistics_for
from dangvien.statistics.tests.conftest import ON

pytestmark = pytest.mark.django_db


def url(code, fmt=None):
    if fmt:
        return reverse("web:organization_statistics_download", args=[code, fmt]) + f"?as_of={ON}"
    return reverse("web:organization_statistics", args=[code]) + f"?as_of={ON}"


def test_page_shows_the_figures_in_vietnamese_formatting(client, thap_muoi, make_actor):
    client.force_login(make_actor("viewer", thap_muoi["HU-TM"]))
    response = client.get(url("HU-TM"))
    assert response.status_code == 200
    html = response.content.decode()
    assert "4.541" in html
    assert "3,45%" in html
    assert "22,11%" in html  # admission target achieved
    assert "4.541 đảng viên" in html  # the narrative paragraph
    assert "Đảng bộ huyện Tháp Mười" in html
    assert "Tỷ lệ đảng viên so với dân số" in html  # labels in Vietnamese
    for fmt in ("xlsx", "docx", "json"):
        assert reverse("web:organization_statistics_download", args=["HU-TM", fmt]) in html


def test_downloads_carry_the_same_figures(client, thap_muoi, make_actor):
    from openpyxl import load_workbook

    client.force_login(make_actor("viewer", thap_muoi["HU-TM"]))
    expected = statistics_for(thap_muoi["HU-TM"], ON)
    response = client.get(url("HU-TM", "json"))
    assert response.status_code == 200
    assert json.loads(response.content) == expected
    response = client.get(url("HU-TM", "xlsx"))
    assert response.status_code == 200
    values = [c for row in load_workbook(io.BytesIO(response.content)).active.values for c in row]
    assert 4541 in values
    response = client.get(url("HU-TM", "docx"))
    assert response.status_code == 200
    assert response.content[:2] == b"PK"
    assert client.get(url("HU-TM", "pdf")).status_code == 404


def test_out_of_scope_is_404(client, thap_muoi, make_actor):
    client.force_login(make_actor("viewer", thap_muoi["TM-X02"]))
    assert client.get(url("TM-X01")).status_code == 404
    assert client.get(url("TM-X01", "xlsx")).status_code == 404
    assert client.get(url("TM-X02")).status_code == 200


def test_root_not_existing_that_day_is_a_clear_message(client, thap_muoi, superuser):
    client.force_login(superuser)
    response = client.get(
        reverse("web:organization_statistics", args=["HU-TM"]) + "?as_of=1950-01-01"
    )
    assert response.status_code == 200
    html = response.content.decode()
    assert 'role="alert"' in html
    assert "HU-TM" in html and "01/01/1950" in html
    assert (
        client.get(
            reverse("web:organization_statistics_download", args=["HU-TM", "json"])
            + "?as_of=1950-01-01"
        ).status_code
        == 400
    )


def test_search_without_diacritics_and_anonymous_redirect(client, thap_muoi, superuser):
    assert client.get(reverse("web:statistics")).status_code == 302
    client.force_login(superuser)
    response = client.get(reverse("web:statistics"), {"q": "thap muoi", "as_of": ON.isoformat()})
    assert response.status_code == 200
    html = response.content.decode()
    assert reverse("web:organization_statistics", args=["HU-TM"]) in html
    # Without a search: the top of the user's scope, and the nav link.
    html = client.get(reverse("web:statistics")).content.decode()
    assert reverse("web:organization_statistics", args=["T-DT"]) in html
    assert 'href="/statistics/' in html


def test_one_date_field_once_an_organization_is_chosen(client, thap_muoi, superuser):
    client.force_login(superuser)
    chosen = client.get(url("HU-TM")).content.decode()
    # the page's own date field (the header's "as of" picker aside); the search keeps the date
    assert chosen.count('id="stats-as-of"') == 1
    assert f'<input type="hidden" name="as_of" value="{ON}">' in chosen
    # besides the header's picker (base.html), one date field on the page: its own
    assert chosen.count('type="date" name="as_of"') == 2
    landing = client.get(reverse("web:statistics")).content.decode()
    assert landing.count('type="date" name="as_of"') == 2  # the header's and the search's
    assert 'type="hidden" name="as_of"' not in landing


def test_the_page_counts_again_after_a_change(client, thap_muoi, make_actor, superuser):
    """The figures are kept until the next change of the data (issue 19), never past it."""
    from datetime import date

    from dangvien.core.decisions import Decision
    from dangvien.members.models import MemberPeriod
    from dangvien.members.services import member_admit

    # given: the page seen once
    client.force_login(make_actor("viewer", thap_muoi["HU-TM"]))
    assert "4.541 đảng viên" in client.get(url("HU-TM")).content.decode()
    cell = (
        MemberPeriod.objects.filter(organization__path__startswith=thap_muoi["HU-TM"].path)
        .first()
        .organization
    )
    # when: a member admitted before the page's day
    member_admit(
        actor=superuser,
        organization=cell,
        admitted_on=date(2022, 3, 1),
        decision=Decision("01-QĐ/ĐU", date(2022, 2, 20), "Đảng ủy"),
        profile={"full_name": "Nguyễn Văn Mới", "sex": "M", "birth_date": date(1990, 5, 1)},
    )
    # then
    assert "4.542 đảng viên" in client.get(url("HU-TM")).content.decode()
