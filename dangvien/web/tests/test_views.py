"""View tests through the Django test client."""

from __future__ import annotations

from datetime import date

import pytest
from django.urls import reverse

from dangvien.audit.models import AuditEvent
from dangvien.organizations.models import OrganizationChange
from dangvien.organizations.services import organization_dissolve, organization_move

pytestmark = pytest.mark.django_db

REFORM = date(2025, 7, 1)


def login(client, user, password=None):
    """Log in through the login page (fixture users have the password of ``make_actor``)."""
    response = client.post(
        reverse("login"), {"username": user.username, "password": password or "pass-12345"}
    )
    assert response.status_code == 302
    return client


def restructure(actor, tree):
    organization_move(
        actor=actor, organization=tree.commune, new_parent=tree.province, effective_on=REFORM
    )
    organization_move(
        actor=actor,
        organization=tree.sibling_commune,
        new_parent=tree.province,
        effective_on=REFORM,
    )
    organization_dissolve(actor=actor, organization=tree.district, effective_on=REFORM)


def test_login_works(client, make_actor, org_tree):
    # given a staff user
    user = make_actor("staff", org_tree.province)
    # when they log in
    response = client.post(reverse("login"), {"username": user.username, "password": "pass-12345"})
    # then they land on the tree
    assert response.status_code == 302
    assert response["Location"] == reverse("web:home")
    assert "Đảng bộ tỉnh Đồng Tháp" in client.get(reverse("web:home")).content.decode()


def test_lockout_message_after_five_failures(client, make_actor):
    # given a user who mistyped the password five times
    user = make_actor()
    for _ in range(5):
        response = client.post(reverse("login"), {"username": user.username, "password": "wrong"})
        assert "không đúng" in response.content.decode()
    # when they try again, even with the right password
    response = client.post(reverse("login"), {"username": user.username, "password": "pass-12345"})
    # then the lock-out message shows and they are not logged in
    assert response.status_code == 200
    assert "Đăng nhập sai quá nhiều lần" in response.content.decode()
    assert client.get(reverse("web:home")).status_code == 302


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


def test_tree_children_partial(client, superuser, org_tree):
    login(client, superuser, "root-pass-123")
    response = client.get(reverse("web:tree_children", args=["HU-TM"]), HTTP_HX_REQUEST="true")
    body = response.content.decode()
    assert "Đảng bộ xã Mỹ An" in body
    assert "<html" not in body


def test_search_ignores_diacritics(client, superuser, org_tree):
    login(client, superuser, "root-pass-123")
    body = client.get(reverse("web:home"), {"q": "my an"}).content.decode()
    assert "Đảng bộ xã Mỹ An" in body
    narrow = client.get(reverse("web:home"), {"q": "my phuoc"}).content.decode()
    assert "Chi bộ ấp Mỹ Phước" in narrow
    assert "Đảng bộ xã Mỹ Hiệp" not in narrow
    assert "Đảng bộ xã Mỹ Hiệp" in client.get(reverse("web:home"), {"q": "x-mh"}).content.decode()


def test_organization_page_shows_state_history_and_committee(client, superuser, org_tree):
    restructure(superuser, org_tree)
    login(client, superuser, "root-pass-123")
    body = client.get(
        reverse("web:organization", args=["HU-TM"]), {"as_of": "2022-04-30"}
    ).content.decode()
    assert "Đảng bộ huyện Tháp Mười" in body
    assert "Đảng bộ cấp trên trực tiếp cơ sở" in body
    assert "01/07/2025" in body  # the dissolution in the timeline
    commune = client.get(reverse("web:organization", args=["CB-A"])).content.decode()
    assert "Chưa có ai giữ chức Bí thư" in commune or "Bí thư" in commune


def test_organization_page_out_of_scope_is_404(client, make_actor, org_tree):
    # given a viewer of the sibling district
    viewer = make_actor("viewer", org_tree.sibling_district)
    login(client, viewer)
    # when they open a commune of the other district
    response = client.get(reverse("web:organization", args=["X-MA"]))
    # then it does not exist for them
    assert response.status_code == 404
    assert client.get(reverse("web:organization", args=["X-MH"])).status_code == 200


def test_rename_form_writes_one_change_and_one_audit_event(client, make_actor, org_tree):
    # given a staff user of the district
    staff = make_actor("staff", org_tree.district)
    login(client, staff)
    changes, events = OrganizationChange.objects.count(), AuditEvent.objects.count()
    # when they rename the commune through the form
    response = client.post(
        reverse("web:organization_rename", args=["X-MA"]),
        {
            "name": "Đảng bộ xã Mỹ An mới",
            "effective_on": "2024-01-15",
            "decision_number": "12-QĐ/HU",
            "decision_date": "2024-01-10",
            "decision_issuer": "Huyện ủy",
        },
    )
    # then one change and one audit row are written and the page shows the new name
    assert response.status_code == 302
    assert OrganizationChange.objects.count() == changes + 1
    assert AuditEvent.objects.count() == events + 1
    change = OrganizationChange.objects.latest("id")
    assert change.decision_number == "12-QĐ/HU"
    page = client.get(response["Location"]).content.decode()
    assert "Đảng bộ xã Mỹ An mới" in page
    assert "12-QĐ/HU" in page


def test_domain_error_is_shown_next_to_the_field_and_writes_nothing(client, superuser, org_tree):
    login(client, superuser, "root-pass-123")
    changes, events = OrganizationChange.objects.count(), AuditEvent.objects.count()
    # when the district is moved under its own commune
    response = client.post(
        reverse("web:organization_move", args=["HU-TM"]),
        {"parent": "X-MA", "effective_on": "2024-01-15"},
    )
    # then the form comes back with the error next to the parent field, nothing written
    assert response.status_code == 200
    form = response.context["form"]
    assert form.errors.get("parent")
    body = response.content.decode()
    field_html = body.split('id="field-parent"')[1].split("</div>")[0]
    assert 'class="error"' in field_html
    assert OrganizationChange.objects.count() == changes
    assert AuditEvent.objects.count() == events


def test_viewer_posting_a_form_gets_403_and_nothing_written(client, make_actor, org_tree):
    viewer = make_actor("viewer", org_tree.district)
    login(client, viewer)
    changes, events = OrganizationChange.objects.count(), AuditEvent.objects.count()
    response = client.post(
        reverse("web:organization_rename", args=["X-MA"]),
        {"name": "Khác", "effective_on": "2024-01-15"},
    )
    assert response.status_code == 403
    assert OrganizationChange.objects.count() == changes
    assert AuditEvent.objects.count() == events
    page = client.get(reverse("web:organization", args=["X-MA"])).content.decode()
    assert reverse("web:organization_rename", args=["X-MA"]) not in page


def test_language_switch_to_english(client, superuser, org_tree):
    login(client, superuser, "root-pass-123")
    assert "Cây tổ chức" in client.get(reverse("web:home")).content.decode()
    response = client.post(reverse("set_language"), {"language": "en", "next": reverse("web:home")})
    assert response.status_code == 302
    body = client.get(reverse("web:home")).content.decode()
    assert "Organization tree" in body
    assert "Cây tổ chức" not in body


def test_committee_forms_and_warnings(client, make_actor, org_tree):
    staff = make_actor("staff", org_tree.commune)
    login(client, staff)
    url = reverse("web:organization", args=["CB-A"])
    assert "Chưa có ai giữ chức Bí thư" in client.get(url).content.decode()
    response = client.post(reverse("web:term_create", args=["CB-A"]), {"congress_on": "2020-06-01"})
    assert response.status_code == 302
    response = client.post(
        reverse("web:post_assign", args=["CB-A"]),
        {"post": "secretary", "person_name": "Nguyễn Văn A", "held_from": "2020-06-02"},
    )
    assert response.status_code == 302
    page = client.get(url).content.decode()
    assert "Nguyễn Văn A" in page
    assert "Chưa có ai giữ chức Bí thư" not in page
    response = client.post(
        reverse("web:post_assign", args=["CB-A"]),
        {"post": "member", "person_name": "  ", "held_from": "2020-06-02"},
    )
    assert response.status_code == 200


def test_rulebook_lists_rules_and_only_superuser_sets(client, superuser, make_actor, org_tree):
    viewer = make_actor("viewer", org_tree.province)
    login(client, viewer)
    page = client.get(reverse("web:rules"))
    assert "term.cell_months" in page.content.decode()
    assert page.context["form"] is None
    assert client.post(reverse("web:rules"), {"key": "x"}).status_code == 403
    client.logout()
    login(client, superuser, "root-pass-123")
    response = client.post(
        reverse("web:rules"),
        {
            "key": "cell.committee_max_members",
            "value": "9",
            "unit": "members",
            "effective_from": "2030-01-01",
            "title": "Cấp ủy chi bộ tối đa",
            "source": "Quy định X",
            "confidence": "confirmed",
        },
    )
    assert response.status_code == 302
    page = client.get(reverse("web:rules"), {"as_of": "2030-02-01"}).content.decode()
    assert "Quy định X" in page


def test_audit_log_filters_and_is_scoped(client, superuser, make_actor, org_tree):
    viewer = make_actor("viewer", org_tree.sibling_district)
    login(client, viewer)
    body = client.get(reverse("web:audit")).content.decode()
    assert "X-MH" in body and "X-MA" not in body
    client.logout()
    login(client, superuser, "root-pass-123")
    response = client.get(reverse("web:audit"), {"action": "create", "object_type": "organization"})
    assert response.status_code == 200
    assert response.context["page"].paginator.count == 7


@pytest.mark.parametrize(
    "name",
    [
        "organization_create",
        "organization_reclassify",
        "organization_move",
        "organization_merge",
        "organization_split",
        "organization_dissolve",
        "term_create",
        "post_assign",
    ],
)
def test_every_form_page_renders_for_staff(client, make_actor, org_tree, name):
    staff = make_actor("staff", org_tree.district)
    login(client, staff)
    response = client.get(reverse(f"web:{name}", args=["X-MA"]))
    assert response.status_code == 200
    assert 'name="csrfmiddlewaretoken"' in response.content.decode()


def test_split_form_splits_the_commune(client, superuser, org_tree):
    # given the commune with two cells
    login(client, superuser, "root-pass-123")
    data = {
        "effective_on": "2024-03-01",
        "decision_number": "5-QĐ/HU",
        "parts-TOTAL_FORMS": "4",
        "parts-INITIAL_FORMS": "0",
        "parts-MIN_NUM_FORMS": "0",
        "parts-MAX_NUM_FORMS": "4",
        "parts-0-code": "X-MA1",
        "parts-0-name": "Đảng bộ xã Mỹ An 1",
        "parts-0-kind": "grassroots_committee",
        "parts-0-sector": "commune",
        "parts-0-children": ["CB-A"],
        "parts-1-code": "X-MA2",
        "parts-1-name": "Đảng bộ xã Mỹ An 2",
        "parts-1-kind": "grassroots_committee",
        "parts-1-sector": "commune",
        "parts-1-children": ["CB-B"],
    }
    # when the split form is posted
    response = client.post(reverse("web:organization_split", args=["X-MA"]), data)
    # then the commune ends and the two parts exist with one cell each
    assert response.status_code == 302, response.content.decode()
    page = client.get(
        reverse("web:organization", args=["HU-TM"]), {"as_of": "2024-03-02"}
    ).content.decode()
    assert "Đảng bộ xã Mỹ An 1" in page
    assert OrganizationChange.objects.filter(
        organization=org_tree.commune, change_type="split"
    ).exists()


def test_post_end_and_audit_diff(client, superuser, org_tree):
    login(client, superuser, "root-pass-123")
    client.post(
        reverse("web:post_assign", args=["CB-A"]),
        {"post": "secretary", "person_name": "Trần Thị B", "held_from": "2021-01-01"},
    )
    post = org_tree.cell_a.committee_posts.get()
    response = client.post(
        reverse("web:post_end", args=["CB-A", post.pk]), {"held_to": "2023-01-01"}
    )
    assert response.status_code == 302
    body = client.get(reverse("web:audit"), {"object_type": "committeepost"}).content.decode()
    assert "held_to" in body and "2023-01-01" in body


def test_vietnamese_is_the_default_even_for_an_english_browser(client, superuser):
    client.force_login(superuser)
    page = client.get("/", HTTP_ACCEPT_LANGUAGE="en-US,en;q=0.9")
    assert page["Content-Language"] == "vi"
