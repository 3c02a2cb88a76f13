"""Writes for users and role grants, and authentication with lock-out."""

from __future__ import annotations

import math
from datetime import date, datetime, timedelta
from typing import Any, NoReturn

from django.conf import settings
from django.contrib.auth import authenticate
from django.db import transaction
from django.db.models import F
from django.http import HttpRequest
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from dangvien.accounts.models import RoleAssignment, User
from dangvien.accounts.permissions import AccountPermission
from dangvien.accounts.scoping import require, require_superuser
from dangvien.accounts.types import Actor
from dangvien.audit.services import AuditAction, record, snapshot
from dangvien.core.dates import today
from dangvien.core.exceptions import DomainError, ValidationFailed
from dangvien.users.models import FailedLogins, ThrottleScope


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


def client_address(request: HttpRequest | None) -> str:
    """The address the request came from: behind a proxy (``DJANGO_BEHIND_PROXY``), the last
    address of ``X-Forwarded-For`` (the one our proxy added, which a client cannot forge);
    otherwise the socket's."""
    if request is None:
        return ""
    forwarded = request.META.get("HTTP_X_FORWARDED_FOR", "")
    if settings.SECURE_PROXY_SSL_HEADER and forwarded:
        return forwarded.rsplit(",", 1)[-1].strip()[:100]
    return str(request.META.get("REMOTE_ADDR", ""))[:100]


def _refusal_minutes(failures: int, limit: int) -> int:
    """The refusal after ``failures`` failures: none below the limit, then the first refusal
    doubling with each further failure, up to the longest."""
    if failures < limit:
        return 0
    doublings = min(failures - limit, 20)
    return int(
        min(settings.LOGIN_LOCKOUT_MINUTES * 2**doublings, settings.LOGIN_LOCKOUT_MAX_MINUTES)
    )


def _locked_counters(
    keys: dict[ThrottleScope, str], now: datetime
) -> dict[ThrottleScope, FailedLogins]:
    """The counters of ``keys``, made if missing, locked to the caller's transaction; failures
    older than the memory are forgotten. Making a counter also sweeps the forgotten ones (so
    the table holds the recent failures only)."""
    forget_before = now - timedelta(hours=settings.LOGIN_FAILURE_MEMORY_HOURS)
    # Rows are always locked in one order (scope, key) and the sweep takes only rows no other
    # log-in holds: two log-ins at the same moment from one address otherwise deadlocked
    # (measured under load: about one concurrent log-in in 20–100 answered 500).
    counters = {
        c.scope: c
        for c in FailedLogins.objects.select_for_update()
        .filter(scope__in=list(keys), key__in=list(keys.values()))
        .order_by("scope", "key")
        if keys.get(ThrottleScope(c.scope)) == c.key
    }
    missing = sorted(scope for scope in keys if scope not in counters)
    if missing:
        forgotten = list(
            FailedLogins.objects.select_for_update(skip_locked=True)
            .filter(last_failure_at__lt=forget_before, last_success_at__isnull=True)
            .order_by("pk")
            .values_list("pk", flat=True)
        )
        FailedLogins.objects.filter(pk__in=forgotten).delete()
        FailedLogins.objects.bulk_create(
            [FailedLogins(scope=scope, key=keys[scope]) for scope in missing],
            ignore_conflicts=True,
        )
        counters.update(
            {
                c.scope: c
                for c in FailedLogins.objects.select_for_update()
                .filter(scope__in=missing, key__in=[keys[scope] for scope in missing])
                .order_by("scope", "key")
                if keys.get(ThrottleScope(c.scope)) == c.key
            }
        )
    for counter in counters.values():
        if counter.last_failure_at is not None and counter.last_failure_at < forget_before:
            counter.failures, counter.blocked_until = 0, None
    return {ThrottleScope(scope): counter for scope, counter in counters.items()}


def _refuse(until: datetime, now: datetime) -> NoReturn:
    minutes = max(1, math.ceil((until - now).total_seconds() / 60))
    raise AccountLocked(
        _("Too many failed logins. Try again after %(minutes)s minutes.") % {"minutes": minutes}
    )


def login_authenticate(*, request: HttpRequest | None, username: str, password: str) -> User | None:
    """Check credentials through the log-in throttle (docs/security.md, *Log-in throttle*).

    Rules: a user name from one client address is refused for ``LOGIN_LOCKOUT_MINUTES`` after
    ``LOGIN_MAX_FAILURES`` failures, and each further failure (also after a refusal has
    expired) doubles the refusal up to ``LOGIN_LOCKOUT_MAX_MINUTES``; an address is refused the
    same way after ``LOGIN_ADDRESS_MAX_FAILURES`` failures whatever the names; a user name
    failing ``LOGIN_ACCOUNT_MAX_FAILURES`` times from anywhere is slowed to one try per
    ``LOGIN_ACCOUNT_SLOW_SECONDS`` from addresses it has not logged in from, never refused for
    long (so that nobody can lock a member of staff out from elsewhere). A success clears the
    failures of its name and address. The attempt is counted *before* the password is checked,
    in the same locked transaction, so parallel guesses cannot all pass the check before any
    failure is counted. Names that do not exist are counted against the address only.
    Writes: FailedLogins, AuditEvent(login / login_failed).
    """
    now = timezone.now()
    address = client_address(request)
    known_name = User.objects.filter(username=username).exists()
    keys = {ThrottleScope.ADDRESS: address}
    if known_name:
        keys[ThrottleScope.PAIR] = f"{username}\n{address}"
        keys[ThrottleScope.ACCOUNT] = username
    with transaction.atomic():
        counters = _locked_counters(keys, now)
        pair, address_counter = counters.get(ThrottleScope.PAIR), counters[ThrottleScope.ADDRESS]
        account = counters.get(ThrottleScope.ACCOUNT)
        if pair is not None and pair.blocked_until and pair.blocked_until > now:
            _refuse(pair.blocked_until, now)
        # A name that has logged in from this address before is held by its own failures only.
        known_address = pair is not None and pair.last_success_at is not None
        if not known_address:
            if address_counter.blocked_until and address_counter.blocked_until > now:
                _refuse(address_counter.blocked_until, now)
            if (
                account is not None
                and account.failures >= settings.LOGIN_ACCOUNT_MAX_FAILURES
                and account.last_failure_at is not None
                and now - account.last_failure_at
                < timedelta(seconds=settings.LOGIN_ACCOUNT_SLOW_SECONDS)
            ):
                raise AccountLocked(
                    _(
                        "Too many failed logins for this user name. "
                        "Try again in %(seconds)s seconds."
                    )
                    % {"seconds": settings.LOGIN_ACCOUNT_SLOW_SECONDS}
                )
        limits = {
            ThrottleScope.PAIR: settings.LOGIN_MAX_FAILURES,
            ThrottleScope.ADDRESS: settings.LOGIN_ADDRESS_MAX_FAILURES,
        }
        blocks_before = {scope: c.blocked_until for scope, c in counters.items()}
        for scope, counter in counters.items():
            counter.failures += 1
            counter.last_failure_at = now
            minutes = _refusal_minutes(counter.failures, limits.get(scope, 10**9))
            if minutes:
                counter.blocked_until = now + timedelta(minutes=minutes)
            counter.save()
    user = authenticate(request, username=username, password=password)
    with transaction.atomic():
        if user is None:
            record(
                actor=None,
                action=AuditAction.LOGIN_FAILED,
                object_repr=username,
                message="failed login",
            )
            return None
        # The attempt counted above was not a failure: the name and address start afresh, the
        # address is one the account logs in from; the account-wide count loses this attempt.
        # The rows in the order ``_locked_counters`` locks them (scope, key): two log-ins of
        # one name from one address deadlocked when this one took the pair first while the
        # other held the account and the address and waited for the pair (measured: 21 of
        # 330 log-ins of the load benchmark answered 500).
        for scope in sorted(keys):
            row = FailedLogins.objects.filter(scope=scope, key=keys[scope])
            if scope == ThrottleScope.PAIR:
                row.update(failures=0, blocked_until=None, last_success_at=now)
            else:
                row.filter(failures__gt=0).update(
                    failures=F("failures") - 1, blocked_until=blocks_before[scope]
                )
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
