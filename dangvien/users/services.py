"""Writes for users and role grants, and authentication with lock-out."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

from django.conf import settings
from django.contrib.auth import authenticate
from django.db import transaction
from django.http import HttpRequest
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from dangvien.accounts.models import LoginThrottle, RoleAssignment, User
from dangvien.accounts.permissions import AccountPermission
from dangvien.accounts.scoping import require, require_superuser
from dangvien.accounts.types import Actor
from dangvien.audit.services import AuditAction, record, snapshot
from dangvien.core.dates import today
from dangvien.core.exceptions import DomainError, ValidationFailed


class AccountLocked(DomainError):
    default_code = "account_locked"


@transaction.atomic
def user_create(
    *,
    actor: Actor,
    username: str,
    password: str,
    full_name: str = "",
    email: str = "",
    is_superuser: bool = False,
) -> User:
    """Create a login.

    Rules: only a system administrator creates users; the user name is unique.
    Writes: User, AuditEvent(create).
    """
    require_superuser(actor)
    if User.objects.filter(username=username).exists():
        raise ValidationFailed(_("This user name is already taken."), field="username")
    user = User(
        username=username,
        full_name=full_name,
        email=email,
        is_superuser=is_superuser,
        is_staff=is_superuser,
    )
    user.set_password(password)
    user.save()
    record(actor=actor, action=AuditAction.CREATE, obj=user, after=snapshot(user))
    return user


@transaction.atomic
def role_grant(
    *,
    actor: Actor,
    user: User,
    organization: Any,
    role: str,
    valid_from: date | None = None,
    valid_to: date | None = None,
) -> RoleAssignment:
    """Give ``user`` a role on ``organization`` (and so on its subtree).

    Rules: the actor manages accounts on that organization; the period is ordered.
    No-op when an identical open grant exists. Writes: RoleAssignment, AuditEvent(create).
    """
    require(actor, AccountPermission.MANAGE, organization)
    valid_from = valid_from or today()
    if valid_to is not None and valid_to < valid_from:
        raise ValidationFailed(_("The end date is before the start date."), field="valid_to")
    existing = RoleAssignment.objects.filter(
        user=user, organization=organization, role=role, valid_to__isnull=True
    ).first()
    if existing is not None and valid_to is None:
        return existing
    grant = RoleAssignment.objects.create(
        user=user, organization=organization, role=role, valid_from=valid_from, valid_to=valid_to
    )
    user.__dict__.pop("_granted_paths_cache", None)
    record(
        actor=actor,
        action=AuditAction.CREATE,
        obj=grant,
        after=snapshot(grant),
        organization_path=organization.path,
    )
    return grant


@transaction.atomic
def role_revoke(
    *, actor: Actor, grant: RoleAssignment, valid_to: date | None = None
) -> RoleAssignment:
    """End a grant (kept as history).

    Rules: the actor manages accounts on the grant's organization. No-op if already ended by then.
    Writes: RoleAssignment.valid_to, AuditEvent(update).
    """
    grant = RoleAssignment.objects.select_for_update().get(pk=grant.pk)
    require(actor, AccountPermission.MANAGE, grant.organization)
    end = valid_to or today()
    if grant.valid_to is not None and grant.valid_to <= end:
        return grant
    before = snapshot(grant)
    grant.valid_to = max(end, grant.valid_from)
    grant.save(update_fields=["valid_to", "updated_at"])
    record(
        actor=actor,
        action=AuditAction.UPDATE,
        obj=grant,
        before=before,
        after=snapshot(grant),
        organization_path=grant.organization.path,
    )
    return grant


def login_authenticate(*, request: HttpRequest | None, username: str, password: str) -> User | None:
    """Check credentials, refusing while the user name is locked out.

    Rules: after ``LOGIN_MAX_FAILURES`` consecutive failures the name is locked for
    ``LOGIN_LOCKOUT_MINUTES``; a success resets the counter. The attempt is counted *before*
    the password is checked, in the same locked transaction, so parallel guesses cannot all
    pass the lock check before any failure is counted.
    Writes: LoginThrottle, AuditEvent(login / login_failed).
    """
    now = timezone.now()
    with transaction.atomic():
        throttle, _created = LoginThrottle.objects.select_for_update().get_or_create(
            username=username
        )
        if throttle.locked_until and throttle.locked_until > now:
            raise AccountLocked(
                _("Too many failed logins. Try again after %(minutes)s minutes.")
                % {"minutes": settings.LOGIN_LOCKOUT_MINUTES}
            )
        throttle.failures += 1
        throttle.last_failure_at = now
        if throttle.failures >= settings.LOGIN_MAX_FAILURES:
            # Locks from this attempt on; a correct password now clears it again below.
            throttle.locked_until = now + timedelta(minutes=settings.LOGIN_LOCKOUT_MINUTES)
        throttle.save()
    user = authenticate(request, username=username, password=password)
    with transaction.atomic():
        throttle = LoginThrottle.objects.select_for_update().get(username=username)
        if user is None:
            if throttle.locked_until:
                throttle.failures = 0
                throttle.save()
            record(
                actor=None,
                action=AuditAction.LOGIN_FAILED,
                object_repr=username,
                message="failed login",
            )
            return None
        throttle.failures = 0
        throttle.locked_until = None
        throttle.save()
        record(actor=user, action=AuditAction.LOGIN, obj=user, message="login")
    return user


def system_actor() -> User:
    """The actor recorded for command-line work (import, export): a superuser that cannot log in."""
    user, created = User.objects.get_or_create(
        username="dangvien-system",
        defaults={"full_name": "Dòng lệnh dangvien", "is_superuser": True, "is_staff": False},
    )
    if created:
        user.set_unusable_password()
        user.save(update_fields=["password"])
    return user
