"""The log page: filters, scoped to the reader's organizations."""

from __future__ import annotations

import pytest
from django.contrib.contenttypes.models import ContentType
from django.urls import reverse

from dangvien.audit.models import AuditEvent
from dangvien.users.tests.support import login

pytestmark = pytest.mark.django_db


def test_audit_log_filters_and_is_scoped(client, superuser, make_actor, org_tree):
    viewer = make_actor("viewer", org_tree.sibling_district)
    login(client, viewer)
    body = client.get(reverse("web:audit")).content.decode()
    # organizations read by name (the codes are not what a person reads)
    assert "Đảng bộ xã Mỹ Hiệp" in body and "Đảng bộ xã Mỹ An" not in body
    client.logout()
    login(client, superuser, "root-pass-123")
    response = client.get(reverse("web:audit"), {"action": "create", "object_type": "organization"})
    assert response.status_code == 200
    assert response.context["page"].paginator.count == 7


def test_events_read_as_sentences_with_labels_and_names(client, superuser, org_tree):
    """Issue 18 §3: no raw keys, ids, paths or JSON; the raw data one click away for admins."""
    from datetime import date

    from dangvien.organizations.services import organization_move

    organization_move(
        actor=superuser,
        organization=org_tree.commune,
        new_parent=org_tree.province,
        effective_on=date(2025, 7, 1),
    )
    login(client, superuser, "root-pass-123")
    response = client.get(reverse("web:audit"), {"action": "update"})
    row = response.context["rows"][0]
    assert row.subject == "Đảng bộ xã Mỹ An"
    assert row.what == "điều chuyển"
    labels = {c.label: (c.before, c.after) for c in row.changes}
    assert labels["tổ chức cấp trên"] == ("Đảng bộ huyện Tháp Mười", "Đảng bộ tỉnh Đồng Tháp")
    assert "path" not in labels and "parent" not in labels
    assert labels["hiệu lực từ"][1] == "01/07/2025"
    body = response.content.decode()
    assert "/1/2/3/" not in body.split("Dữ liệu gốc")[0]  # the access path only in the raw data
    assert "Dữ liệu gốc" in body


def test_raw_data_is_for_administrators_only(client, make_actor, org_tree):
    viewer = make_actor("viewer", org_tree.province)
    login(client, viewer)
    body = client.get(reverse("web:audit")).content.decode()
    assert "Dữ liệu gốc" not in body


def test_a_read_reads_in_vietnamese_words_on_the_page(client, superuser, org_tree):
    """User walk: the log showed the read of a member's file as "Read member.file"; rows
    already stored say "read member.file", so the page reads the stored kind."""
    from dangvien.audit.services import record_export, record_read
    from dangvien.members.tests.support import admit

    member = admit(superuser, org_tree.cell_a, name="Nguyễn Văn An")
    record_read(actor=superuser, what="member.file", organization=org_tree.cell_a, obj=member)
    record_export(actor=superuser, organization=org_tree.cell_a, what="members.xlsx")
    login(client, superuser, "root-pass-123")

    body = client.get(reverse("web:audit"), {"action": "read"}).content.decode()
    exports = client.get(reverse("web:audit"), {"action": "export"}).content.decode()

    assert "Xem hồ sơ đảng viên" in body
    assert "Nguyễn Văn An" in body
    assert "member.file" not in body
    # a download of an organization's list: the organization by name, the list in words
    assert "Xuất danh sách đảng viên (XLSX)" in exports
    assert "Chi bộ ấp Mỹ Phước" in exports
    assert "members.xlsx" not in exports


def test_the_kinds_of_object_offered_are_every_kind_the_log_has_rows_about(
    client, superuser, org_tree
):
    """The filter offered 7 kinds written by hand (not members, meetings, cases …)."""
    from dangvien.audit.services import record_read
    from dangvien.members.tests.support import admit

    member = admit(superuser, org_tree.cell_a, name="Nguyễn Văn An")
    record_read(actor=superuser, what="member.file", organization=org_tree.cell_a, obj=member)
    login(client, superuser, "root-pass-123")

    response = client.get(reverse("web:audit"), {"object_type": "member"})

    offered = dict(response.context["form"].fields["object_type"].choices)
    recorded = set(
        AuditEvent.objects.filter(object_type__isnull=False).values_list(
            "object_type__model", flat=True
        )
    )
    assert set(offered) - {""} == recorded
    assert offered["member"] == "Đảng viên"
    assert offered["organization"] == "Tổ chức đảng"
    assert response.context["form"].is_valid()
    assert {row.event.object_type.model for row in response.context["rows"]} == {"member"}


def test_the_kinds_are_read_in_one_query_then_named_in_another(
    superuser, org_tree, django_assert_num_queries
):
    from dangvien.audit.selectors import audit_object_types

    ContentType.objects.clear_cache()
    with django_assert_num_queries(2):  # the kinds' ids, then their content types
        kinds = audit_object_types()

    assert [k.pk for k in kinds] == sorted(
        set(
            AuditEvent.objects.filter(object_type__isnull=False).values_list(
                "object_type_id", flat=True
            )
        )
    )


def test_a_kind_may_be_named_with_its_app(superuser, org_tree):
    from dangvien.audit.selectors import audit_event_list

    by_model = audit_event_list(actor=superuser, object_type="organization")
    by_label = audit_event_list(actor=superuser, object_type="organizations.organization")
    elsewhere = audit_event_list(actor=superuser, object_type="members.organization")

    assert by_model.count() == by_label.count() > 0
    assert not elsewhere.exists()


def test_who_acted_reads_by_their_name_not_their_login_name(
    client, superuser, make_actor, org_tree
):
    """The walk of the demo: the log read "chibo", the login name, where the person's name
    belongs (the name was frozen from Django's empty first and last names); the login name
    only for an account that has no name."""
    from dangvien.audit.choices import AuditAction
    from dangvien.audit.services import record

    # given: two officers of the commune, one with a name, one without
    named = make_actor("staff", org_tree.commune, full_name="Võ Thanh Tùng")
    nameless = make_actor("staff", org_tree.commune)
    for actor in (named, nameless):
        record(actor=actor, action=AuditAction.UPDATE, organization_path=org_tree.commune.path)

    # when
    login(client, superuser, "root-pass-123")
    body = client.get(reverse("web:audit"), {"action": "update"}).content.decode()

    # then
    assert "<td>Võ Thanh Tùng</td>" in body
    assert f"<td>{named.username}</td>" not in body
    assert f"<td>{nameless.username}</td>" in body


def test_the_actions_to_filter_by_read_in_sentence_case(client, superuser):
    """The walk of the demo: the filter offered "cập nhật", "tạo mới" where the log's column
    and every other label read "Cập nhật"."""
    login(client, superuser, "root-pass-123")
    body = client.get(reverse("web:audit"), {"action": "update"}).content.decode()
    select = body.split('<select name="action"', 1)[1].split("</select>", 1)[0]
    assert '<option value="update" selected>Cập nhật</option>' in select
    assert '<option value="create">Tạo mới</option>' in select
    assert '<option value="login_failed">Đăng nhập thất bại</option>' in select


def test_the_who_filter_ignores_diacritics_and_case(client, superuser, make_actor, org_tree):
    """Regression: the filter by who acted needed the name's exact diacritics ("nguyen van an"
    found nothing of Nguyễn Văn An's), where every other search of the product ignores them."""
    from dangvien.audit.services import AuditAction, record

    an = make_actor(full_name="Nguyễn Văn An")
    binh = make_actor(full_name="Trần Thị Bình")
    record(actor=an, action=AuditAction.EXPORT, object_repr="danh sách của An")
    record(actor=binh, action=AuditAction.EXPORT, object_repr="danh sách của Bình")
    login(client, superuser, "root-pass-123")

    def found(who: str) -> list[str]:
        response = client.get(reverse("web:audit"), {"action": "export", "actor_name": who})
        return [row.event.object_repr for row in response.context["rows"]]

    assert found("nguyen van an") == ["danh sách của An"]
    assert found("NGUYỄN VĂN AN") == ["danh sách của An"]
    assert found("văn an") == ["danh sách của An"]
    assert found("Nguyễn Văn Anh") == []
    assert found("tran van an") == []
    # the name shown is the person's name, not the log-in name, and it is what the filter reads
    assert found(an.username) == []
    body = client.get(reverse("web:audit"), {"actor_name": "nguyen van an"}).content.decode()
    assert "Nguyễn Văn An" in body and an.username not in body


def test_a_period_that_ends_before_it_starts_is_named_not_counted_as_nothing(client, superuser):
    login(client, superuser, "root-pass-123")
    body = client.get(
        reverse("web:audit"), {"date_from": "2026-12-01", "date_to": "2026-11-01"}
    ).content.decode()
    assert "Ngày cuối kỳ ở trước ngày đầu kỳ." in body
