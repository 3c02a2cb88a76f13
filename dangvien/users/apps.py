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
        from dangvien.audit.readable import AuditValues, register_values, register_words

        def user_names(values: set[object]) -> dict[object, str]:
            ids = [v for v in values if isinstance(v, int)]
            return {
                pk: full_name or username
                for pk, full_name, username in User.objects.filter(pk__in=ids).values_list(
                    "pk", "full_name", "username"
                )
            }

        register_values(
            ["accounts.user", "user", "actor", "recorded_by", "decided_by"],
            AuditValues(_("user"), user_names),
        )
        register_words(
            {
                "failed login": _("failed log-in"),
                "login": _("logged in"),
                # a change in the administration site (``admin.AuditedUserAdmin``)
                "admin": pgettext_lazy("audit log", "changed in the administration site"),
            }
        )
