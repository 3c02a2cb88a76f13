from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class InterchangeConfig(AppConfig):
    name = "dangvien.interchange"
    label = "interchange"
    verbose_name = _("Import and export")

    def ready(self) -> None:
        from dangvien.accounts.choices import Role
        from dangvien.accounts.roles import grant
        from dangvien.interchange.permissions import InterchangePermission

        grant(Role.STAFF, InterchangePermission.IMPORT)
        from dangvien.interchange.vietnamese import register_contract_words

        register_contract_words()
        from dangvien.http.registry import NavItem, navigation

        navigation.register(
            "import",
            NavItem(_("Import"), "web:import", permission=InterchangePermission.IMPORT),
            order=65,
        )
