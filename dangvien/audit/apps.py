from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AuditConfig(AppConfig):
    name = "dangvien.audit"
    label = "audit"
    verbose_name = _("Audit log")

    def ready(self) -> None:
        from dangvien.accounts.roles import grant_view
        from dangvien.audit.permissions import AuditPermission

        grant_view(AuditPermission.VIEW)
        from dangvien.accounts.scoping import keep_held_roles
        from dangvien.audit.selectors import cached_until_write

        # every request reads the reader's grants (~1 ms of processor): kept until a change
        keep_held_roles(cached_until_write)
        from dangvien.http.registry import NavItem, navigation

        navigation.register(
            "audit", NavItem(_("Log"), "web:audit", permission=AuditPermission.VIEW), order=70
        )
