from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class StatisticsConfig(AppConfig):
    name = "dangvien.statistics"
    label = "statistics"
    verbose_name = _("Statistics")

    def ready(self) -> None:
        from django.utils.translation import pgettext_lazy

        from dangvien.audit.readable import register_data

        # the statistics downloaded ("statistics.xlsx") as the audit log reads them
        register_data({"statistics": pgettext_lazy("audit log", "the statistics")})

        from dangvien.accounts.roles import grant_view
        from dangvien.statistics.permissions import StatisticsPermission

        grant_view(StatisticsPermission.VIEW)
        from dangvien.http.registry import NavItem, navigation

        navigation.register(
            "statistics",
            NavItem(
                _("Statistics"),
                "web:statistics",
                permission=StatisticsPermission.VIEW,
                keep_as_of=True,
            ),
            order=60,
        )

        from dangvien.statistics.background import countables
        from dangvien.statistics.history import KEPT_STATISTICS

        # a province's or the whole tree's first counting of a day (a minute at national size)
        countables.register("statistics", KEPT_STATISTICS)

        from dangvien.http.registry import PageLink, organization_links, page_url

        organization_links.register(
            "statistics",
            PageLink(
                _("Statistics and reports"),
                _("Statistics"),
                lambda page: page_url("web:organization_statistics", page.subject.code, on=page.on),
            ),
            order=10,
        )
