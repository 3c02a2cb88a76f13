from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class RulesConfig(AppConfig):
    name = "dangvien.rules"
    label = "rules"
    verbose_name = _("Rulebook")

    def ready(self) -> None:
        from dangvien.http.registry import NavItem, navigation

        navigation.register("rules", NavItem(_("Rules"), "web:rules", keep_as_of=True), order=40)
