from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class MembersConfig(AppConfig):
    name = "dangvien.members"
    label = "members"
    verbose_name = _("Party members")

    def ready(self) -> None:
        # Explicit registration (not signals): organization merges/dissolutions/splits must
        # account for the members of the organizations they end, in the same transaction.
        from dangvien.members.services import register_organization_hooks

        register_organization_hooks()
