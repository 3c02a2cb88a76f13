from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class WebConfig(AppConfig):
    name = "dangvien.web"
    label = "web"
    verbose_name = _("Web interface")

    def ready(self) -> None:
        from dangvien.http.registry import NavItem, navigation

        navigation.register(
            "home", NavItem(_("Organization tree"), "web:home", keep_as_of=True), order=10
        )
