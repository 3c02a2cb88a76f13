"""Which actions each role allows. Kept in code so that changes go through review.

Actions are ``Permission`` enum members (``"<app>.<verb>"``). A role acts on the subtree of the
organization it is granted on. Superusers (system administrators) may do everything
everywhere. Apps grant their own actions to roles in ``AppConfig.ready()`` with ``grant`` (or
``grant_view`` for the read actions every role has), so a new app edits no shared table.
"""

from __future__ import annotations

from dangvien.accounts.choices import Role
from dangvien.accounts.permissions import AccountPermission, Permission, as_permission

ROLE_ACTIONS: dict[str, set[Permission]] = {role.value: set() for role in Role}


def grant(role: str, *permissions: Permission) -> None:
    """Let ``role`` do ``permissions`` (idempotent)."""
    if role not in ROLE_ACTIONS:
        raise ValueError(f"unknown role {role!r}")
    for permission in permissions:
        if not isinstance(permission, Permission):
            raise TypeError(f"{permission!r} is not a Permission")
        ROLE_ACTIONS[role].add(permission)


def grant_view(*permissions: Permission) -> None:
    """Read actions: every role may do them."""
    for role in ROLE_ACTIONS:
        grant(role, *permissions)


def roles_allowing(action: Permission) -> list[str]:
    """The roles whose action set contains ``action`` (a string naming no declared permission
    raises ``UnknownPermission``: a typo must not read as "nobody may")."""
    permission = as_permission(action)
    return [role for role, actions in ROLE_ACTIONS.items() if permission in actions]


grant(Role.STAFF, AccountPermission.MANAGE)
