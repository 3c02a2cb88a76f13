import pytest

from dangvien.audit.models import AppendOnlyError, AuditEvent
from dangvien.audit.services import record

pytestmark = pytest.mark.django_db


def test_rows_cannot_be_updated_or_deleted(superuser):
    event = record(actor=superuser, action="update", message="x")
    event.message = "changed"
    with pytest.raises(AppendOnlyError):
        event.save()
    with pytest.raises(AppendOnlyError):
        event.delete()
    with pytest.raises(AppendOnlyError):
        AuditEvent.objects.filter(pk=event.pk).update(message="y")
    with pytest.raises(AppendOnlyError):
        AuditEvent.objects.all().delete()
    assert AuditEvent.objects.get(pk=event.pk).message == "x"


def test_admin_offers_no_change_or_delete(superuser, client):
    client.force_login(superuser)
    event = record(actor=superuser, action="update", message="x")
    page = client.get(f"/admin/audit/auditevent/{event.pk}/change/")
    assert page.status_code in (200, 302, 404)
    assert b'name="_save"' not in page.content
    assert (
        client.post(f"/admin/audit/auditevent/{event.pk}/delete/", {"post": "yes"}).status_code
        == 403
    )
    assert AuditEvent.objects.filter(pk=event.pk).exists()


def test_audit_rows_are_scoped_by_organization(org_tree, make_actor):
    from dangvien.audit.selectors import audit_event_list

    staff = make_actor("viewer", org_tree.sibling_district)
    paths = set(audit_event_list(actor=staff).values_list("organization_path", flat=True))
    assert paths and all(p.startswith(org_tree.sibling_district.path) for p in paths)


def test_request_id_groups_rows_of_one_request(superuser):
    from dangvien.audit.context import current_request_id

    token = current_request_id.set("abc123")
    try:
        first = record(actor=superuser, action="update")
        second = record(actor=superuser, action="update")
    finally:
        current_request_id.reset(token)
    assert first.request_id == second.request_id == "abc123"
