"""The one access primitive: which organizations an actor may act on, for an action.

Everything else (``can``, ``require``, ``ScopedQuerySet.for_actor``) is built on ``scope_q``.
An empty scope matches nothing (never everything).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any, Protocol, TypeVar

from django.core.exceptions import PermissionDenied
from django.db import models
from django.db.models import Q

from dangvien.accounts.models import RoleAssignment
from dangvien.accounts.permissions import Permission, as_permission
from dangvien.accounts.roles import roles_allowing
from dangvien.core.dates import today

if TYPE_CHECKING:
    from dangvien.accounts.types import Actor


class HasPath(Protocol):
    """Anything placed in the tree by an access path (an ``Organization``)."""

    path: str


NOTHING = Q(pk__in=[])
_ASSIGNMENTS = "\0assignments"  # a key no permission can have
_M = TypeVar("_M", bound=models.Model)


def granted_paths(actor: Actor | None, action: Permission) -> list[str] | None:
    """Access paths of the organizations on which ``actor`` may do ``action`` today.

    ``None`` means unrestricted (system administrator); an empty list means nothing.
    """
    if actor is None or not actor.is_authenticated or not actor.is_active:
        return []
    if actor.is_superuser:
        return None
    action = as_permission(action)
    cache = _actor_cache(actor)
    if action not in cache:
        allowed = set(roles_allowing(action))
        cache[action] = sorted({path for role, path, _pk in held_roles(actor) if role in allowed})
    paths: list[str] = cache[action]
    return paths


def _actor_cache(actor: Actor) -> dict[str, Any]:
    # One dict per actor object, dropped with it (``users.services`` empties it on a change
    # of roles): each action's paths, and under ``_ASSIGNMENTS`` the assignments themselves.
    cache: dict[str, Any] = actor.__dict__.setdefault("_granted_paths_cache", {})
    return cache


def held_roles(actor: Actor) -> list[tuple[str, str, int]]:
    """(role, access path of the organization, its id) of the actor's assignments in force
    today. Read once per actor object: a page asks about a dozen actions (the menu alone)."""
    if actor.pk is None:  # anonymous
        return []
    cache = _actor_cache(actor)
    if _ASSIGNMENTS not in cache:
        on = today()

        def read() -> list[tuple[str, str, int]]:
            return list(
                RoleAssignment.objects.filter(user_id=actor.pk, valid_from__lte=on)
                .filter(Q(valid_to__isnull=True) | Q(valid_to__gte=on))
                .values_list("role", "organization__path", "organization_id")
            )

        # every page asks (the menu, the scope): kept across requests where an app keeps it
        key = f"held-roles:{actor.pk}:{on.isoformat()}"
        cache[_ASSIGNMENTS] = _keeper(key, read) if _keeper is not None else read()
    held: list[tuple[str, str, int]] = cache[_ASSIGNMENTS]
    return held


Keeper = Callable[[str, Callable[[], list[tuple[str, str, int]]]], list[tuple[str, str, int]]]
_keeper: Keeper | None = None


def keep_held_roles(keeper: Keeper) -> None:
    """Have ``keeper(key, read)`` give the actor's assignments: the audit app keeps them until
    the next audited change of the data (``audit.selectors.cached_until_write``), which every
    grant, revocation and move of an organization is: the grants change only through the
    ``users`` services (read-only in the admin site), the paths only through the
    ``organizations`` services. ``key`` holds the user and today (a grant begins and ends
    with the day)."""
    global _keeper
    _keeper = keeper


def scope_q(actor: Actor | None, action: Permission, field: str = "organization") -> Q:
    """A ``Q`` limiting a query to rows whose organization lies in the actor's subtrees.

    ``field`` is the lookup path from the queried model to an ``Organization`` ("" when the
    model is ``Organization`` itself).
    """
    paths = granted_paths(actor, action)
    if paths is None:
        return Q()
    if not paths:
        return NOTHING
    lookup = f"{field}__path__startswith" if field else "path__startswith"
    query = Q()
    for path in paths:
        query |= Q(**{lookup: path})
    return query


def path_in_scope(actor: Actor | None, action: Permission, path: str) -> bool:
    """Whether an organization with access path ``path`` lies in the actor's scope."""
    paths = granted_paths(actor, action)
    if paths is None:
        return True
    return any(path.startswith(granted) for granted in paths)


def can(actor: Actor | None, action: Permission, organization: HasPath) -> bool:
    """Whether ``actor`` may do ``action`` on ``organization`` (an ``Organization``)."""
    return path_in_scope(actor, action, organization.path)


def require(actor: Actor | None, action: Permission, organization: HasPath) -> None:
    """Raise ``PermissionDenied`` (HTTP 403) unless ``can(actor, action, organization)``."""
    if not can(actor, action, organization):
        raise PermissionDenied(action)


def require_superuser(actor: Actor | None) -> None:
    if not (actor is not None and actor.is_authenticated and actor.is_superuser):
        raise PermissionDenied("superuser")


class ScopedQuerySet(models.QuerySet[_M]):
    """QuerySet with ``for_actor``; subclasses set ``scope_field`` to reach the organization."""

    scope_field = "organization"

    def for_actor(self, actor: Actor | None, action: Permission) -> ScopedQuerySet[_M]:
        return self.filter(scope_q(actor, action, self.scope_field))
