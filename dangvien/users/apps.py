from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class UsersConfig(AppConfig):
    """Administration of user accounts and role grants, and the log-in with its lock-out.

    Separate from ``accounts`` (the identity and access primitive, at the bottom of the layers)
    because these writes are audited: ``accounts`` ← ``audit`` ← ``users``.
    """

    name = "dangvien.users"
    label = "users"
    verbose_name = _("Users and access rights")
