from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class WebConfig(AppConfig):
    name = "dangvien.web"
    label = "web"
    verbose_name = _("Web interface")

    def ready(self) -> None:
        from dangvien.http.registry import NavItem, navigation
        from dangvien.organizations.permissions import OrganizationPermission

        # for those who see an organization: a member without a role landed back on their
        # handbook from it
        navigation.register(
            "home",
            NavItem(
                _("Organization tree"),
                "web:home",
                permission=OrganizationPermission.VIEW,
                keep_as_of=True,
            ),
            order=10,
        )
