from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class OrganizationsConfig(AppConfig):
    name = "dangvien.organizations"
    label = "organizations"
    verbose_name = _("Party organizations")

    def ready(self) -> None:
        from dangvien.accounts.choices import Role
        from dangvien.accounts.roles import grant, grant_view
        from dangvien.organizations.permissions import OrganizationPermission

        grant_view(OrganizationPermission.VIEW)
        grant(Role.STAFF, OrganizationPermission.CHANGE)

        from dangvien.core.registry import DemoStep, demo_steps
        from dangvien.organizations.demo import build_tree, tree_present

        demo_steps.register(
            "tree",
            DemoStep(_("Organization tree"), build=build_tree, present=tree_present),
            order=10,
        )

        from dangvien.interchange.sections import sections
        from dangvien.organizations.interchange import OrganizationsSection

        sections.register("organizations", OrganizationsSection(), order=10)
