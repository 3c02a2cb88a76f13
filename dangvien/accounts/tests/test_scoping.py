from datetime import date

import pytest

from dangvien.accounts.models import RoleAssignment
from dangvien.accounts.scoping import can, granted_paths, scope_q
from dangvien.organizations.models import Organization

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("_case", "role", "granted_on", "expected"),
    [
        ("own organization", "staff", "commune", True),
        ("ancestor", "staff", "province", True),
        ("sibling", "staff", "sibling_district", False),
        ("descendant only", "staff", "cell_a", False),
        ("viewer cannot change", "viewer", "commune", False),
    ],
)
def test_change_right_follows_the_subtree(org_tree, make_actor, _case, role, granted_on, expected):
    actor = make_actor(role, getattr(org_tree, granted_on))
    assert can(actor, "organizations.change", org_tree.commune) is expected


def test_user_without_role_sees_nothing(org_tree, make_actor):
    actor = make_actor()
    assert not Organization.objects.filter(scope_q(actor, "organizations.view", "")).exists()


def test_anonymous_sees_nothing(org_tree):
    from django.contrib.auth.models import AnonymousUser

    assert not Organization.objects.for_actor(AnonymousUser(), "organizations.view").exists()


def test_superuser_sees_everything(org_tree, superuser):
    assert Organization.objects.for_actor(superuser, "organizations.view").count() == 7


def test_expired_grant_gives_nothing(org_tree, make_actor):
    actor = make_actor()
    RoleAssignment.objects.create(
        user=actor,
        organization=org_tree.province,
        role="staff",
        valid_from=date(2000, 1, 1),
        valid_to=date(2010, 1, 1),
    )
    assert not can(actor, "organizations.view", org_tree.commune)


def test_grant_does_not_leak_to_prefix_sibling(superuser, make_actor):
    """/1/2/ must not match /1/23/: paths are delimiter-terminated."""
    from dangvien.organizations.services import organization_create

    orgs = [
        organization_create(
            actor=superuser,
            code=f"R{i}",
            name=f"Tỉnh {i}",
            kind="provincial",
            established_on=date(2000, 1, 1),
        )
        for i in range(12)
    ]
    actor = make_actor("viewer", orgs[0])
    visible = set(
        Organization.objects.for_actor(actor, "organizations.view").values_list("code", flat=True)
    )
    assert visible == {"R0"}


def _assignment_reads(queries) -> int:
    return sum('"accounts_roleassignment"' in q["sql"] for q in queries.captured_queries)


def test_every_action_is_answered_from_one_read_of_the_assignments(org_tree, make_actor):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    actor = make_actor("staff", org_tree.commune)
    with CaptureQueriesContext(connection) as queries:
        change = granted_paths(actor, "organizations.change")
        view = granted_paths(actor, "organizations.view")
        members = granted_paths(actor, "members.view")
    assert change == view == members == [org_tree.commune.path]
    assert _assignment_reads(queries) == 1


def test_the_assignments_are_kept_across_requests_until_a_change(org_tree, make_actor, superuser):
    """A new request's user object reads the kept assignments; a grant through the service (an
    audited change) is seen by the next request at once."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from dangvien.accounts.models import User
    from dangvien.users.services import role_grant

    actor = make_actor("staff", org_tree.commune)
    assert granted_paths(actor, "organizations.view") == [org_tree.commune.path]
    with CaptureQueriesContext(connection) as queries:
        again = User.objects.get(pk=actor.pk)  # the next request's user object
        assert granted_paths(again, "organizations.view") == [org_tree.commune.path]
    assert _assignment_reads(queries) == 0

    role_grant(actor=superuser, user=actor, organization=org_tree.sibling_district, role="staff")
    after = User.objects.get(pk=actor.pk)
    assert granted_paths(after, "organizations.view") == sorted(
        [org_tree.commune.path, org_tree.sibling_district.path]
    )


def test_an_assignment_that_ended_grants_nothing(org_tree, make_actor):
    actor = make_actor()
    RoleAssignment.objects.create(
        user=actor,
        organization=org_tree.commune,
        role="staff",
        valid_from=date(2000, 1, 1),
        valid_to=date(2020, 1, 1),
    )
    assert granted_paths(actor, "organizations.view") == []
