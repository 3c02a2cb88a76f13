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


def test_audit_rows_follow_an_organization_that_moves(org_tree, superuser, make_actor):
    """Regression (review): rows kept the path of the time, so the old district kept reading them."""
    from datetime import date

    from dangvien.audit.selectors import audit_event_list
    from dangvien.organizations.services import organization_move, organization_rename

    organization_rename(
        actor=superuser,
        organization=org_tree.cell_a,
        name="Chi bộ khóm 1",
        effective_on=date(2020, 1, 1),
    )
    organization_move(
        actor=superuser,
        organization=org_tree.commune,
        new_parent=org_tree.sibling_district,
        effective_on=date(2021, 1, 1),
    )
    old_side, new_side = (
        make_actor("viewer", org_tree.district),
        make_actor("viewer", org_tree.sibling_district),
    )
    renamed = lambda actor: audit_event_list(actor=actor).filter(message="renamed").exists()  # noqa: E731
    assert not renamed(old_side)
    assert renamed(new_side)
