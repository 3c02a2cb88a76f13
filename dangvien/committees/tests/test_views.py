"""Pages of the committees app: the committee forms and their warnings, ending a post, the
member page's panel of the posts the member holds."""

from __future__ import annotations

from datetime import date

import pytest
from django.urls import reverse

from dangvien.committees.services import committee_post_assign
from dangvien.committees.tests.support import official_member
from dangvien.core.decisions import Decision
from dangvien.members.services import member_admit
from dangvien.users.tests.support import login

pytestmark = pytest.mark.django_db


def _member(actor, organization, key):
    return member_admit(
        actor=actor,
        organization=organization,
        admitted_on=date(2015, 1, 10),
        decision=Decision("1-QĐ/ĐU", date(2015, 1, 5), "Đảng ủy xã"),
        profile={"full_name": "Lê Văn Một", "sex": "M", "birth_date": date(1980, 1, 1)},
        member_key=key,
    )


def test_member_page_lists_the_posts_held_under_the_members_key(client, superuser, org_tree):
    # given: posts recorded for this member's key and for someone else
    member = _member(superuser, org_tree.cell_a, "DV-001")
    committee_post_assign(
        actor=superuser,
        organization=org_tree.cell_a,
        post="secretary",
        person_name="Lê Văn Một",
        person_key="DV-001",
        held_from=date(2020, 5, 1),
        decision_number="12-QĐ/ĐU",
    )
    committee_post_assign(
        actor=superuser,
        organization=org_tree.commune,
        post="deputy_secretary",
        person_name="Phạm Văn Hai",
        person_key="DV-002",
        held_from=date(2020, 5, 1),
    )
    client.force_login(superuser)

    # when
    html = client.get(f"/member/{member.pk}/", HTTP_ACCEPT_LANGUAGE="vi").content.decode()

    # then
    assert 'id="committee-posts"' in html
    assert "12-QĐ/ĐU" in html
    assert "Phó Bí thư" not in html


def test_member_page_has_no_posts_panel_without_a_post(client, superuser, org_tree):
    # given: a member without a key, and a post recorded without a key
    member = _member(superuser, org_tree.cell_a, "")
    committee_post_assign(
        actor=superuser,
        organization=org_tree.cell_a,
        post="secretary",
        person_name="Lê Văn Một",
        held_from=date(2020, 5, 1),
    )
    client.force_login(superuser)

    # when
    html = client.get(f"/member/{member.pk}/").content.decode()

    # then: an empty key matches no post
    assert 'id="committee-posts"' not in html


def test_posts_out_of_the_callers_scope_are_not_shown(client, superuser, org_tree, make_actor):
    # given: the member's post in the sibling district, seen by the commune's staff
    member = _member(superuser, org_tree.cell_a, "DV-001")
    committee_post_assign(
        actor=superuser,
        organization=org_tree.sibling_commune,
        post="secretary",
        person_name="Lê Văn Một",
        person_key="DV-001",
        held_from=date(2020, 5, 1),
    )
    client.force_login(make_actor("staff", org_tree.commune))

    # when
    html = client.get(f"/member/{member.pk}/").content.decode()

    # then
    assert 'id="committee-posts"' not in html


def test_committee_forms_and_warnings(client, make_actor, org_tree, superuser):
    holder = official_member(superuser, org_tree.cell_a, "DV-A", "Nguyễn Văn A")
    staff = make_actor("staff", org_tree.commune)
    login(client, staff)
    url = reverse("web:organization", args=["CB-A"])
    assert "Chưa có ai giữ chức Bí thư" in client.get(url).content.decode()
    response = client.post(reverse("web:term_create", args=["CB-A"]), {"congress_on": "2020-06-01"})
    assert response.status_code == 302
    response = client.post(
        reverse("web:post_assign", args=["CB-A"]),
        {"post": "secretary", "member": holder.pk, "held_from": "2020-06-02"},
    )
    assert response.status_code == 302
    page = client.get(url).content.decode()
    assert f'href="/member/{holder.pk}/">Nguyễn Văn A</a>' in page
    assert "Chưa có ai giữ chức Bí thư" not in page
    response = client.post(
        reverse("web:post_assign", args=["CB-A"]),
        {"post": "member", "member": "", "held_from": "2020-06-02"},
    )
    assert response.status_code == 200


def test_post_end_and_audit_diff(client, superuser, org_tree):
    holder = official_member(superuser, org_tree.cell_a, "DV-B", "Trần Thị B")
    login(client, superuser, "root-pass-123")
    client.post(
        reverse("web:post_assign", args=["CB-A"]),
        {"post": "secretary", "member": holder.pk, "held_from": "2021-01-01"},
    )
    post = org_tree.cell_a.committee_posts.get()
    response = client.post(
        reverse("web:post_end", args=["CB-A", post.pk]), {"held_to": "2023-01-01"}
    )
    assert response.status_code == 302
    body = client.get(reverse("web:audit"), {"object_type": "committeepost"}).content.decode()
    assert "held_to" in body and "2023-01-01" in body


@pytest.mark.parametrize("name", ["term_create", "post_assign"])
def test_every_form_page_renders_for_staff(client, make_actor, org_tree, name):
    staff = make_actor("staff", org_tree.district)
    login(client, staff)
    response = client.get(reverse(f"web:{name}", args=["X-MA"]))
    assert response.status_code == 200
    assert 'name="csrfmiddlewaretoken"' in response.content.decode()


def test_a_post_named_alone_is_linked_to_the_members_file_from_the_committee(
    client, superuser, org_tree
):
    # given: a historical secretary named without a file, and that member's file
    post = committee_post_assign(
        actor=superuser,
        organization=org_tree.cell_a,
        post="secretary",
        person_name="Trần T. B",
        held_from=date(2019, 1, 1),
    )
    holder = official_member(superuser, org_tree.cell_a, "DV-B", "Trần Thị B")
    login(client, superuser, "root-pass-123")
    page = client.get(reverse("web:organization", args=["CB-A"])).content.decode()
    link = reverse("web:post_identify", args=["CB-A", post.pk])
    assert link in page and "chưa có hồ sơ đảng viên" in page

    # when
    response = client.post(link, {"member": holder.pk})

    # then
    assert response.status_code == 302
    post.refresh_from_db()
    assert (post.member, post.person_name) == (holder, "Trần Thị B")
    assert link not in client.get(reverse("web:organization", args=["CB-A"])).content.decode()


def test_staff_put_a_cell_on_the_five_year_pilot_from_its_page(client, make_actor, org_tree):
    login(client, make_actor("staff", org_tree.commune))
    page = client.get(reverse("web:organization", args=["CB-A"])).content.decode()
    assert reverse("web:term_pilot", args=["CB-A"]) in page
    response = client.post(
        reverse("web:term_pilot", args=["CB-A"]),
        {"valid_from": "01/08/2025", "decision_number": "15-QĐ/ĐU", "decision_date": "20/07/2025"},
    )
    assert response.status_code == 302
    page = client.get(reverse("web:organization", args=["CB-A"])).content.decode()
    assert "15-QĐ/ĐU" in page and reverse("web:term_pilot", args=["CB-A"]) not in page


def test_the_member_panel_names_the_organization_of_each_post(client, superuser, org_tree):
    """The walk of the demo: the committee posts panel showed codes (DT25-XA-THAP-MUOI)."""
    # given: a post in the commune's committee
    member = _member(superuser, org_tree.cell_a, "DV-001")
    committee_post_assign(
        actor=superuser,
        organization=org_tree.commune,
        post="deputy_secretary",
        person_name="Lê Văn Một",
        person_key="DV-001",
        held_from=date(2020, 5, 1),
    )
    client.force_login(superuser)

    # when
    html = client.get(f"/member/{member.pk}/", HTTP_ACCEPT_LANGUAGE="vi").content.decode()

    # then: the organization by its name, linked to its page
    panel = html.split('id="committee-posts"', 1)[1].split("</section>", 1)[0]
    assert "Đảng bộ xã Mỹ An</a>" in panel
    assert ">X-MA<" not in panel
