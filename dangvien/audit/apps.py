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
        from dangvien.http.registry import NavItem, navigation

        navigation.register(
            "audit", NavItem(_("Log"), "web:audit", permission=AuditPermission.VIEW), order=70
        )
