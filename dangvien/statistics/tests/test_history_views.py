"""A day before a founding by a merge, on the statistics page, the API, the command and the
organization page: they say so, name the predecessors and (on request) add their figures up."""

from __future__ import annotations

import json
from datetime import timedelta

import pytest
from django.core.management import CommandError, call_command
from django.urls import reverse

from dangvien.core.dates import today
from dangvien.statistics.selectors import statistics_for
from dangvien.statistics.tests.reform import REFORM, build_reform

pytestmark = pytest.mark.django_db

EVE = REFORM - timedelta(days=1)


@pytest.fixture
def reform(superuser, org_tree):
    return build_reform(superuser, org_tree)


def api_url(code):
    return reverse("api:statistics", args=[code])


def test_page_before_the_founding_shows_the_combined_figures_marked(client, reform, superuser):
    client.force_login(superuser)
    page = client.get(
        reverse("web:organization_statistics", args=["T-DT25"]), {"as_of": EVE.isoformat()}
    )
    assert page.status_code == 200
    html = page.content.decode()
    assert "số liệu cộng gộp của các tổ chức tiền thân" in html
    assert "Đảng bộ tỉnh Tiền Giang" in html
    assert reverse("web:organization_statistics", args=["T-TG"]) in html
    assert "không tồn tại" not in html
    # no download of figures the contract does not define
    assert reverse("web:organization_statistics_download", args=["T-DT25", "json"]) not in html
    assert page.context["stats"]["members"]["total"] == 6


def test_api_before_the_founding_is_refused_with_the_predecessors(api_client, reform, superuser):
    api_client.force_authenticate(superuser)
    refused = api_client.get(api_url("T-DT25"), {"as_of": EVE.isoformat()})
    assert refused.status_code == 400
    body = refused.json()
    assert body["code"] == "organization_not_existing"
    assert body["field"] == "as_of"
    assert [p["code"] for p in body["predecessors"]] == ["T-DT", "T-TG"]
    assert body["predecessors"][0]["merged_on"] == REFORM.isoformat()


def test_api_combined_adds_the_predecessors_up_and_leaves_other_days_alone(
    api_client, reform, superuser
):
    api_client.force_authenticate(superuser)
    combined = api_client.get(api_url("T-DT25"), {"as_of": EVE.isoformat(), "combined": "true"})
    assert combined.status_code == 200
    assert combined.json()["members"]["total"] == 6
    assert [p["code"] for p in combined.json()["combined_from"]] == ["T-DT", "T-TG"]
    # a day it existed: the same figures with or without the option, no added key
    plain = api_client.get(api_url("T-DT25"), {"as_of": REFORM.isoformat()}).json()
    asked = api_client.get(
        api_url("T-DT25"), {"as_of": REFORM.isoformat(), "combined": "true"}
    ).json()
    assert plain == asked
    assert "combined_from" not in plain
    assert plain == json.loads(json.dumps(statistics_for(reform.merged, REFORM)))


def test_command_names_the_predecessors_and_adds_them_up_on_request(reform, capsys):
    with pytest.raises(CommandError) as refused:
        call_command("stats", "T-DT25", "--as-of", EVE.isoformat())
    message = str(refused.value)
    assert "\n" not in message
    assert "dangvien stats T-TG --as-of 2025-06-30" in message
    assert "--combined" in message
    call_command("stats", "T-DT25", "--as-of", EVE.isoformat(), "--combined")
    printed = json.loads(capsys.readouterr().out)
    assert printed["members"]["total"] == 6
    call_command("stats", "T-DT25", "--as-of", EVE.isoformat(), "--combined", "--format", "text")
    assert "Số liệu cộng gộp của các tổ chức tiền thân" in capsys.readouterr().out


def test_organization_page_lists_the_predecessors_with_dates(client, reform, superuser):
    client.force_login(superuser)
    html = client.get(reverse("web:organization", args=["T-DT25"])).content.decode()
    assert "Tiền thân" in html
    assert "Đảng bộ tỉnh Tiền Giang" in html
    assert "01/07/2025" in html
    assert f"{reverse('web:organization', args=['T-TG'])}?as_of={EVE.isoformat()}" in html


def test_command_documents_of_the_combined_figures(reform, tmp_path, capsys):
    import io

    from docx import Document

    path = tmp_path / "combined.docx"
    call_command(
        "stats",
        "T-DT25",
        "--as-of",
        EVE.isoformat(),
        "--combined",
        "--format",
        "docx",
        "--output",
        str(path),
    )
    text = "\n".join(p.text for p in Document(io.BytesIO(path.read_bytes())).paragraphs)
    assert "Số liệu cộng gộp của các tổ chức tiền thân" in text
    assert "6 đảng viên" in text


def test_command_without_a_date_gives_todays_figures(reform, capsys):
    # when: no --as-of (the merged province exists today)
    call_command("stats", "T-DT25")
    # then
    printed = json.loads(capsys.readouterr().out)
    assert printed["as_of"] == today().isoformat()
    assert printed == json.loads(json.dumps(statistics_for(reform.merged, today())))


def test_page_after_a_merge_names_the_organization_and_leads_to_its_last_day(
    client, reform, superuser
):
    # given: Tiền Giang was merged into the new Đồng Tháp on the reform day
    client.force_login(superuser)

    # when: its statistics are asked for the reform day
    page = client.get(
        reverse("web:organization_statistics", args=["T-TG"]), {"as_of": REFORM.isoformat()}
    )

    # then: the page names it and its successor, and links its last day and the successor
    html = page.content.decode()
    assert page.status_code == 200
    assert "Đảng bộ tỉnh Tiền Giang (T-TG) không còn tồn tại vào ngày" in html
    assert "đã hợp nhất vào Đảng bộ tỉnh Đồng Tháp" in html
    last_day = reverse("web:organization_statistics", args=["T-TG"]) + f"?as_of={EVE.isoformat()}"
    assert last_day in html
    assert reverse("web:organization_statistics", args=["T-DT25"]) in html
    # the last day's figures are there
    assert client.get(last_day).context["stats"]["organization"]["code"] == "T-TG"
