"""The state of the log-in throttle: recent failures per account and address, per address,
and per account."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _


class ThrottleScope(models.TextChoices):
    PAIR = "pair", _("user name from one address")
    ADDRESS = "address", _("client address")
    ACCOUNT = "account", _("user name from any address")


class FailedLogins(models.Model):
    """Recent failed log-ins of one key: a user name from one client address (``pair``), a
    client address whatever the names (``address``), or a user name from anywhere
    (``account``).

    A row exists only after a failure; ``pair`` and ``account`` rows only for user names that
    exist (a spray of invented names counts against its address alone). ``failures`` counts
    the failures since the last success, forgotten a while after the last one;
    ``blocked_until`` refuses attempts of that key until then; ``last_success_at`` marks an
    address the account has logged in from (the account-wide limit never holds it).
    """

    scope = models.CharField(max_length=8, choices=ThrottleScope.choices)
    key = models.CharField(max_length=250)
    failures = models.PositiveIntegerField(default=0)
    last_failure_at = models.DateTimeField(null=True, blank=True, db_index=True)
    blocked_until = models.DateTimeField(null=True, blank=True)
    last_success_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("failed log-ins")
        constraints = [
            models.UniqueConstraint(fields=["scope", "key"], name="users_throttle_scope_key")
        ]

    def __str__(self) -> str:
        return f"{self.scope} {self.key}"
