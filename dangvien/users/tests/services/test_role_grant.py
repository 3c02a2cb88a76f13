from datetime import date

import pytest
from django.core.exceptions import PermissionDenied

from dangvien.accounts.models import RoleAssignment
from dangvien.accounts.scoping import can
from dangvien.audit.models import AuditEvent
from dangvien.users.services import role_grant, role_revoke

pytestmark = pytest.mark.django_db


def test_staff_grants_a_role_inside_their_subtree(org_tree, make_actor):
    staff = make_actor("staff", org_tree.district)
    secretary = make_actor()
    grant = role_grant(
        actor=staff, user=secretary, organization=org_tree.cell_a, role="cell_secretary"
    )
    assert can(secretary, "committees.change", org_tree.cell_a)
    assert (
        AuditEvent.objects.filter(
            object_type__model="roleassignment", object_id=str(grant.pk)
        ).count()
        == 1
    )


def test_cannot_grant_outside_own_subtree(org_tree, make_actor):
    staff = make_actor("staff", org_tree.district)
    other = make_actor()
    with pytest.raises(PermissionDenied):
        role_grant(actor=staff, user=other, organization=org_tree.sibling_commune, role="viewer")
    assert not RoleAssignment.objects.filter(user=other).exists()


def test_revoke_ends_the_grant_and_keeps_it_as_history(org_tree, superuser, make_actor):
    viewer = make_actor()
    grant = role_grant(
        actor=superuser,
        user=viewer,
        organization=org_tree.commune,
        role="viewer",
        valid_from=date(2020, 1, 1),
    )
    role_revoke(actor=superuser, grant=grant, valid_to=date(2021, 1, 1))
    grant.refresh_from_db()
    assert grant.valid_to == date(2021, 1, 1)
    viewer.__dict__.pop("_granted_paths_cache", None)
    assert not can(viewer, "organizations.view", org_tree.commune)
