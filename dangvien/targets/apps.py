from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class TargetsConfig(AppConfig):
    name = "dangvien.targets"
    label = "targets"
    verbose_name = _("Populations and targets")

    def ready(self) -> None:
        from dangvien.accounts.choices import Role
        from dangvien.accounts.roles import grant, grant_view
        from dangvien.targets.permissions import TargetPermission

        grant_view(TargetPermission.VIEW)
        grant(Role.STAFF, TargetPermission.CHANGE)

        from dangvien.interchange.sections import sections
        from dangvien.targets.interchange import TargetsSection

        sections.register("targets", TargetsSection(), order=40)
