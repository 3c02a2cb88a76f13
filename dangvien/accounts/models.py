"""Users, their role grants on organizations, and login throttling."""

from django.contrib.auth.models import AbstractUser
from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from dangvien.accounts.choices import Role
from dangvien.core.models import BaseModel


class User(AbstractUser):
    """A person who logs in. ``is_superuser`` makes a system administrator (all organizations)."""

    full_name = models.CharField(_("full name"), max_length=200, blank=True)

    class Meta:
        verbose_name = _("user")
        verbose_name_plural = pgettext_lazy("model", "users")

    def __str__(self) -> str:
        return self.display_name

    def get_full_name(self) -> str:
        """The person's name: the full name kept for the account, else Django's first and
        last names; empty when the account has no name (``AbstractUser`` reads only the
        latter, which our accounts leave blank)."""
        return self.full_name.strip() or super().get_full_name()

    @property
    def display_name(self) -> str:
        """How a page names the user to a person (the menu, the log, who recorded a row):
        their name, the login name only when the account has none."""
        return self.get_full_name() or self.get_username()


class RoleAssignment(BaseModel):
    """A user's role on one organization, acting on that organization's subtree, for a period.

    The organization is referenced by its access path (see ``Organization.path``), so the grant
    follows the organization when it moves.
    """

    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="role_assignments")
    organization = models.ForeignKey(
        "organizations.Organization", on_delete=models.PROTECT, related_name="role_assignments"
    )
    role = models.CharField(_("role"), max_length=32, choices=Role.choices)
    valid_from = models.DateField(_("valid from"))
    valid_to = models.DateField(_("valid to"), null=True, blank=True)

    class Meta:
        verbose_name = _("role assignment")
        verbose_name_plural = _("role assignments")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(valid_to__isnull=True)
                | models.Q(valid_to__gte=models.F("valid_from")),
                name="role_assignment_period_ordered",
            )
        ]

    def __str__(self) -> str:
        return f"{self.user} · {self.get_role_display()} · {self.organization_id}"


class LoginThrottle(models.Model):
    """Failed-login counter per user name (also for names that do not exist)."""

    username = models.CharField(max_length=150, unique=True)
    failures = models.PositiveIntegerField(default=0)
    locked_until = models.DateTimeField(null=True, blank=True)
    last_failure_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("login throttle")

    def __str__(self) -> str:
        return self.username
