from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy


class UsersConfig(AppConfig):
    """Administration of user accounts and role grants, and the log-in with its lock-out.

    Separate from ``accounts`` (the identity and access primitive, at the bottom of the layers)
    because these writes are audited: ``accounts`` ← ``audit`` ← ``users``.
    """

    name = "dangvien.users"
    label = "users"
    verbose_name = _("Users and access rights")

    def ready(self) -> None:
        from dangvien.accounts.models import User
        from dangvien.audit.readable import (
            AuditValues,
            record_ids,
            register_hidden,
            register_values,
            register_words,
        )

        def user_names(values: set[object]) -> dict[object, str]:
            ids = record_ids(values)
            users = User.objects.filter(pk__in=ids).only(
                "full_name", "first_name", "last_name", "username"
            )
            return {user.pk: user.display_name for user in users}

        register_values(
            ["accounts.user", "user", "actor", "decided_by"], AuditValues(_("user"), user_names)
        )
        # who recorded a row (a meeting, a post held): not "người dùng"
        register_values(["recorded_by"], AuditValues(_("recorded by"), user_names))
        # an account as a person reads it: Django's own labels ("superuser status", "staff
        # status") say nothing to an officer, and the moments of joining and of the last
        # log-in are machinery (the event has its own moment; the log-ins have their rows)
        labels = {
            "username": _("user name"),
            "first_name": pgettext_lazy("audit log", "first name"),
            "last_name": pgettext_lazy("audit log", "last name"),
            "email": _("e-mail"),
            "is_superuser": _("system administrator"),
            "is_staff": _("may use the Django administration site"),
            "is_active": _("may log in"),
        }
        for key, label in labels.items():
            register_values([f"accounts.user.{key}"], AuditValues(label))
        register_hidden("accounts.user", ["last_login", "date_joined"])
        register_words(
            {
                "failed login": _("failed log-in"),
                "login": _("logged in"),
                # a change in the administration site (``admin.AuditedUserAdmin``)
                "admin": pgettext_lazy("audit log", "changed in the administration site"),
            }
        )
