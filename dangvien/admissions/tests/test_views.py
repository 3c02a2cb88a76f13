"""Pages of the admissions app: scoped reads, refusals shown in Vietnamese, the member page's
admission-file panel."""

from __future__ import annotations

from datetime import date

import pytest

from dangvien.admissions import services
from dangvien.admissions.tests.support import official, prepare, register, vote

pytestmark = pytest.mark.django_db


@pytest.fixture
def ready(superuser, org_tree):
    one = official(superuser, org_tree.cell_a, "Lê Văn Một")
    two = official(superuser, org_tree.cell_b, "Phạm Văn Hai")
    return prepare(superuser, register(superuser, org_tree.cell_a), [one, two])


def test_pages_render(client, superuser, org_tree, ready):
    client.force_login(superuser)
    for url in (
        "/admissions/",
        "/org/X-MA/admissions/",
        "/org/X-MA/admissions/targets/",
        "/org/X-MA/admissions/overdue/",
        f"/admissions/candidate/{ready.pk}/",
    ):
        assert client.get(url).status_code == 200, url


def test_the_board_names_the_candidates_cells(client, superuser, org_tree, ready):
    client.force_login(superuser)
    page = client.get("/org/X-MA/admissions/").content.decode()
    assert "Chi bộ ấp Mỹ Phước" in page  # the cell by name (it showed "CB-A")
    assert '<span class="small muted">CB-A</span>' not in page


def test_page_refusal_shown_in_vietnamese(client, superuser, ready):
    client.force_login(superuser)
    response = client.post(
        f"/admissions/candidate/{ready.pk}/",
        {"done_on": "2026-01-26", "members_called": 9, "votes_for": 5},
        HTTP_ACCEPT_LANGUAGE="vi",
    )
    assert response.status_code == 200
    assert "2/3" in response.content.decode()


def test_member_page_shows_the_admission_file_the_member_came_from(client, superuser, ready):
    # given: the candidate admitted at the ceremony
    candidate = vote(superuser, ready)
    candidate = services.candidate_advance(
        actor=superuser, candidate=candidate, step="proposal", done_on=date(2026, 3, 2)
    )
    candidate = services.candidate_advance(
        actor=superuser,
        candidate=candidate,
        step="decision",
        done_on=date(2026, 3, 2),
        document_number="15-QĐ/HU",
        issuer="Ban Thường vụ Huyện ủy",
    )
    candidate = services.candidate_admit(
        actor=superuser, candidate=candidate, ceremony_on=date(2026, 3, 20)
    )
    client.force_login(superuser)

    # when
    page = client.get(f"/member/{candidate.member.pk}/", HTTP_ACCEPT_LANGUAGE="vi")

    # then: the panel links back to the file, with its steps and decision number
    html = page.content.decode()
    assert page.status_code == 200
    assert "Hồ sơ kết nạp" in html
    assert f'href="/admissions/candidate/{candidate.pk}/"' in html
    assert "15-QĐ/HU" in html


def test_member_page_has_no_admission_file_for_a_member_recorded_directly(
    client, superuser, org_tree
):
    # given: a member admitted through the members' form, not the pipeline
    member = official(superuser, org_tree.cell_a, "Lê Văn Một")
    client.force_login(superuser)

    # when
    html = client.get(f"/member/{member.pk}/", HTTP_ACCEPT_LANGUAGE="vi").content.decode()

    # then
    assert "Hồ sơ kết nạp" not in html
    assert 'id="admission-files"' not in html


def test_the_checklist_names_the_rule_by_its_source_not_its_key(client, superuser, org_tree):
    from dangvien.admissions.services import candidate_register

    candidate = candidate_register(
        actor=superuser,
        organization=org_tree.cell_a,
        profile={"full_name": "Nguyễn Thị Hồng", "sex": "F", "birth_date": date(1998, 3, 4)},
        source="youth_union",
    )
    client.force_login(superuser)
    html = client.get(f"/admissions/candidate/{candidate.pk}/").content.decode()
    assert "admission.min_age_months" not in html.replace("?q=admission.min_age_months", "")
    assert "/rules/?q=admission.min_age_months" in html


def test_the_target_form_reads_a_decimal_comma():
    """ "3,5" (as the targets list shows its figures) was refused as "not a number"."""
    from django.utils import translation

    from dangvien.admissions.forms import TargetForm

    with translation.override("vi"):
        field = TargetForm(states=[]).fields["members_per_population_percent"]
        assert str(field.clean("3,5")) == "3.5"
        assert str(field.clean("3.5")) == "3.5"
