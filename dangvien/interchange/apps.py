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
        from dangvien.audit.readable import audit_counts
        from dangvien.interchange.sections import count_labels

        # the audit row of an import sums it up by count ("import members_created=5, …"):
        # the log reads each count by the label its section gives it
        audit_counts.register("interchange", count_labels)
        from dangvien.http.registry import NavItem, navigation

        navigation.register(
            "import",
            NavItem(_("Import"), "web:import", permission=InterchangePermission.IMPORT),
            order=65,
        )
