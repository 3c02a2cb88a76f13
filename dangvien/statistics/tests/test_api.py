"""``GET /api/statistics/{code}/``: the §3 JSON, the text, scoping and errors."""

from __future__ import annotations

import pytest

from dangvien.statistics.narrative import statistics_text
from dangvien.statistics.selectors import statistics_for
from dangvien.statistics.tests.conftest import ON

pytestmark = pytest.mark.django_db


def url(code):
    return f"/api/statistics/{code}/"


def test_json_equals_statistics_for(api_client, thap_muoi, make_actor):
    api_client.force_authenticate(make_actor("viewer", thap_muoi["HU-TM"]))
    response = api_client.get(url("HU-TM"), {"as_of": ON.isoformat()})
    assert response.status_code == 200
    body = response.json()
    assert body == statistics_for(thap_muoi["HU-TM"], ON)
    assert body["members"]["total"] == 4541
    assert body["members_per_population_percent"] == 3.45
    explicit = api_client.get(url("HU-TM"), {"as_of": ON.isoformat(), "format": "json"})
    assert explicit.json() == body
    text = api_client.get(url("HU-TM"), {"as_of": ON.isoformat(), "format": "text"})
    assert text.status_code == 200
    assert text.json() == {"text": statistics_text(body)}
    assert "4.541 đảng viên" in text.json()["text"]


@pytest.mark.parametrize(
    ("caller", "expected"),
    [
        ("anonymous", 401),
        ("no_role", 404),
        ("viewer_sibling", 404),
        ("viewer_self", 200),
        ("viewer_ancestor", 200),
        ("staff_self", 200),
        ("superuser", 200),
    ],
)
def test_permissions(api_client, thap_muoi, make_actor, superuser, caller, expected):
    if caller == "superuser":
        api_client.force_authenticate(superuser)
    elif caller == "no_role":
        api_client.force_authenticate(make_actor())
    elif caller != "anonymous":
        role, position = caller.split("_")
        org = {"sibling": "TM-X02", "self": "TM-X01", "ancestor": "HU-TM"}[position]
        api_client.force_authenticate(make_actor(role, thap_muoi[org]))
    response = api_client.get(url("TM-X01"), {"as_of": ON.isoformat()})
    assert response.status_code == expected


def test_bad_date_and_root_not_existing_are_400(api_client, thap_muoi, superuser):
    api_client.force_authenticate(superuser)
    bad = api_client.get(url("HU-TM"), {"as_of": "30/04/2022"})
    assert bad.status_code == 400
    assert "as_of" in bad.json()
    before = api_client.get(url("HU-TM"), {"as_of": "1950-01-01"})
    assert before.status_code == 400
    assert before.json()["code"] == "organization_not_existing"
    assert api_client.get(url("HU-TM"), {"format": "pdf"}).status_code == 400
    assert api_client.get(url("NOPE")).status_code == 404


def test_the_schema_documents_the_counting_in_the_background(api_client, superuser):
    api_client.force_authenticate(superuser)
    schema = api_client.get("/api/schema/", {"format": "json"}).json()
    responses = schema["paths"]["/api/statistics/{code}/"]["get"]["responses"]
    assert {"200", "202", "400", "401", "404", "503"} <= set(responses)
    failed = responses["503"]["content"]["application/json"]["schema"]["$ref"]
    assert failed == "#/components/schemas/Error"
