"""Pages of the admissions app: scoped reads, refusals shown in Vietnamese, the member page's
admission-file panel."""

from __future__ import annotations

from datetime import date

import pytest

from dangvien.admissions import services
from dangvien.admissions.models import Candidate
from dangvien.admissions.tests.support import official, prepare, register, vote
from dangvien.members.services import member_remove
from dangvien.members.tests.support import admit

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


def test_a_recognition_vote_before_the_end_of_probation_is_refused_next_to_its_date(
    client, superuser, ready, today_is
):
    # given: admitted at the ceremony of 20/03/2026
    today_is(date(2028, 1, 1))
    candidate = services.candidate_advance(
        actor=superuser, candidate=vote(superuser, ready), step="proposal", done_on=date(2026, 3, 2)
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
    # when: the cell's vote dated before probation ends
    response = client.post(
        f"/admissions/candidate/{candidate.pk}/recognition-vote/",
        {"voted_on": "2027-03-01", "members_called": 9, "votes_for": 9},
        HTTP_ACCEPT_LANGUAGE="vi",
    )
    # then: the rule's Vietnamese message on the date field, no vote recorded
    assert response.status_code == 200
    assert (
        response.context["form"]
        .errors["voted_on"][0]
        .startswith("Đảng viên hết thời gian dự bị ngày 20/03/2027; chi bộ chỉ xét")
    )
    assert not candidate.recognition_votes.exists()


def test_registration_shows_every_error_at_once(client, superuser, org_tree):
    """A user who left several fields wrong fixed one, submitted and got the next: the form's
    own errors came first, the rules' ones (the service's) one at a time after them."""
    client.force_login(superuser)
    # when: no source (the form's own check) and a citizen ID of five digits (a member rule)
    response = client.post(
        "/org/CB-A/admissions/register/",
        {"full_name": "Trần Thị Bình", "sex": "F", "national_id": "12345", "source": ""},
        HTTP_ACCEPT_LANGUAGE="vi",
    )
    # then: both, each on its field
    errors = response.context["form"].errors
    assert response.status_code == 200
    assert set(errors) == {"source", "national_id"}
    assert errors["national_id"] == ["Số CCCD phải có đúng 12 chữ số."]
    assert not Candidate.objects.exists()


def test_registration_shows_every_refusal_of_the_rules_at_once(client, superuser, org_tree):
    # given: a citizen ID that belongs to a member already
    admit(superuser, org_tree.cell_a, name="Lê Văn Một", national_id="087090000001")
    client.force_login(superuser)
    # when: registered by the commune (not a cell) with that citizen ID
    response = client.post(
        "/org/X-MA/admissions/register/",
        {
            "full_name": "Trần Thị Bình",
            "sex": "F",
            "national_id": "087090000001",
            "source": "residence",
        },
        HTTP_ACCEPT_LANGUAGE="vi",
    )
    # then: both refusals of the rules, the organization's above the form
    form = response.context["form"]
    assert form.non_field_errors() == ["Đối tượng kết nạp do chi bộ hoặc chi bộ cơ sở đăng ký."]
    assert list(form.errors) == ["__all__", "national_id"]
    assert form.errors["national_id"][0].startswith("Số CCCD này đã thuộc đảng viên")
    assert not Candidate.objects.exists()


def test_readmission_refuses_an_open_candidacy_and_a_missing_source_together(
    client, superuser, org_tree
):
    # given: a former member already registered for re-admission
    member = official(superuser, org_tree.cell_a, "Lê Văn Một")
    member_remove(actor=superuser, member=member, effective_on=date(2020, 1, 1))
    register(superuser, org_tree.cell_a, readmit_member=member)
    client.force_login(superuser)
    # when
    response = client.post(
        "/org/CB-A/admissions/readmit/",
        {"member": member.pk, "source": ""},
        HTTP_ACCEPT_LANGUAGE="vi",
    )
    # then
    errors = response.context["form"].errors
    assert set(errors) == {"member", "source"}
    assert errors["member"] == ["Người này đang có hồ sơ kết nạp chưa hoàn tất."]
    assert Candidate.objects.count() == 1
