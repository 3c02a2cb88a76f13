"""Permission actions as enums, so that a typo is a type error instead of an empty scope.

Every app declares its actions in its own ``permissions.py`` as a subclass of ``Permission``
whose values are ``"<app>.<verb>"`` strings, and grants them to roles in its
``AppConfig.ready()`` through ``dangvien.accounts.roles.grant``.
"""

from __future__ import annotations

from enum import StrEnum


class UnknownPermission(LookupError):
    """A string that names no declared permission (a typo): refused, never an empty scope."""


class Permission(StrEnum):
    """Base of every app's permission enum (no members of its own)."""


def _declared(base: type[Permission] = Permission) -> dict[str, Permission]:
    found: dict[str, Permission] = {}
    for cls in base.__subclasses__():
        found.update({member.value: member for member in cls})
        found.update(_declared(cls))
    return found


def as_permission(action: Permission | str) -> Permission:
    """``action`` as a declared ``Permission``; a string is looked up by value."""
    if isinstance(action, Permission):
        return action
    declared = _declared()
    if action not in declared:
        raise UnknownPermission(f"{action!r} is not a declared permission")
    return declared[action]


class AccountPermission(Permission):
    MANAGE = "accounts.manage"
