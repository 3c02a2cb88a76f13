"""Organization pages through the Django test client: the page at a date, scoping, the change forms."""

from __future__ import annotations

import pytest
from django.db.models import Q
from django.urls import reverse

from dangvien.audit.models import AuditEvent
from dangvien.organizations.models import OrganizationChange
from dangvien.organizations.tests.support import restructure
from dangvien.users.tests.support import login

pytestmark = pytest.mark.django_db


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


def test_superiors_outside_the_scope_are_named_not_linked(client, make_actor, org_tree):
    # given: the staff of a cell, who may not open the commune's page
    client.force_login(make_actor("staff", org_tree.cell_a))

    # when
    html = client.get(reverse("web:organization", args=["CB-A"])).content.decode()

    # then: the commune is named in the crumbs and as the superior, without a link (it 404s)
    assert "Đảng bộ xã Mỹ An" in html
    assert reverse("web:organization", args=["X-MA"]) not in html
    assert client.get(reverse("web:organization", args=["X-MA"])).status_code == 404


def test_superiors_inside_the_scope_are_linked(client, make_actor, org_tree):
    client.force_login(make_actor("staff", org_tree.district))
    html = client.get(reverse("web:organization", args=["CB-A"])).content.decode()
    assert reverse("web:organization", args=["X-MA"]) in html
    assert reverse("web:organization", args=["T-DT"]) not in html


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


@pytest.mark.parametrize(
    "name",
    [
        "organization_create",
        "organization_reclassify",
        "organization_move",
        "organization_merge",
        "organization_split",
        "organization_dissolve",
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


def test_a_long_history_shows_its_latest_changes_and_the_whole_on_request(
    client, superuser, org_tree, monkeypatch
):
    """Issue 19: a province's history holds the founding of each of its sub-organizations."""
    from dangvien.organizations import views

    # given: the province's history shown two changes at a time (it has more: its districts'
    # founding, the communes' …)
    monkeypatch.setattr(views, "HISTORY_SHOWN", 2)
    total = OrganizationChange.objects.filter(
        Q(organization=org_tree.province) | Q(related_organization=org_tree.province)
    ).count()
    assert total > 2
    login(client, superuser, "root-pass-123")
    url = reverse("web:organization", args=["T-DT"])
    # when
    short = client.get(url)
    whole = client.get(url, {"history": "all"})
    # then
    assert len(short.context["changes"]) == 2
    # headed "Lịch sử" (Django admin's catalog says "Bản ghi nhớ" for a bare "History")
    assert "<h2>Lịch sử</h2>" in short.content.decode()
    assert f"Xem toàn bộ lịch sử ({total} thay đổi)" in short.content.decode()
    assert len(whole.context["changes"]) == total
    assert "Xem toàn bộ lịch sử" not in whole.content.decode()


def test_the_sub_organizations_are_listed_in_vietnamese_order(client, superuser, org_tree):
    # given: "Chi bộ ấp Mỹ Phước" and "Chi bộ Trường Tiểu học Mỹ An" (ấ after T in code points)
    login(client, superuser, "root-pass-123")
    # when
    page = client.get(reverse("web:organization", args=["X-MA"])).content.decode()
    # then: a before t, as in a dictionary
    listed = page.split("Tổ chức trực thuộc")[1].split("</section>")[0]
    assert '<span class="count">2</span>' in listed
    assert listed.index("Chi bộ ấp Mỹ Phước") < listed.index("Chi bộ Trường Tiểu học Mỹ An")


def test_the_sub_organizations_shown_follow_a_change_and_the_date(client, superuser, org_tree):
    """The list is kept between views until the next change, per date read."""
    from dangvien.core.dates import today
    from dangvien.organizations.services import organization_dissolve

    login(client, superuser, "root-pass-123")
    url = reverse("web:organization", args=["X-MA"])
    assert "Chi bộ ấp Mỹ Phước" in client.get(url).content.decode()
    organization_dissolve(actor=superuser, organization=org_tree.cell_a, effective_on=today())
    now = client.get(url).content.decode().split("Tổ chức trực thuộc")[1].split("</section>")[0]
    assert "Chi bộ ấp Mỹ Phước" not in now and '<span class="count">1</span>' in now
    then = client.get(url, {"as_of": "2024-01-01"}).content.decode()
    assert "Chi bộ ấp Mỹ Phước" in then
    assert reverse("web:organization", args=["CB-A"]) + "?as_of=2024-01-01" in then
