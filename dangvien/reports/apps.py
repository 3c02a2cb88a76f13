from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ReportsConfig(AppConfig):
    name = "dangvien.reports"
    label = "reports"
    verbose_name = _("Reports")

    def ready(self) -> None:
        from django.utils.translation import pgettext_lazy

        from dangvien.audit.readable import register_data, register_words

        # the messages of the services, and the documents downloaded ("dashboard.pdf",
        # "report.xlsx"), as the audit log reads them
        register_words(
            {
                "report drafted": pgettext_lazy("audit log", "period report drafted"),
                "report submitted": pgettext_lazy("audit log", "period report submitted"),
                "report returned": pgettext_lazy("audit log", "period report returned"),
                "report approved and frozen": pgettext_lazy(
                    "audit log", "period report approved and frozen"
                ),
            }
        )
        register_data(
            {
                "dashboard": pgettext_lazy("audit log", "the dashboard's figures"),
                "report": pgettext_lazy("audit log", "the period report"),
            }
        )

        from dangvien.accounts.choices import Role
        from dangvien.accounts.roles import grant, grant_view
        from dangvien.reports.permissions import ReportPermission

        grant_view(ReportPermission.VIEW)
        grant(Role.STAFF, ReportPermission.CHANGE, ReportPermission.APPROVE)
        from dangvien.http.registry import NavItem, inbox, navigation
        from dangvien.reports.panels import inbox_reports

        inbox.register("reports", inbox_reports, order=40)

        navigation.register(
            "reports_home",
            NavItem(
                _("Reports"), "web:reports_home", permission=ReportPermission.VIEW, keep_as_of=True
            ),
            order=50,
        )

        from dangvien.http.registry import PageLink, organization_links, page_url

        section = _("Statistics and reports")
        organization_links.register(
            "dashboard",
            PageLink(
                section,
                _("Dashboard"),
                lambda page: page_url("web:dashboard", page.subject.code, on=page.on),
            ),
            order=11,
        )
        organization_links.register(
            "period_reports",
            PageLink(
                section,
                _("Period reports"),
                lambda page: page_url("web:organization_reports", page.subject.code, on=page.on),
            ),
            order=12,
        )

        from dangvien.http.registry import CountedAhead, counted_ahead
        from dangvien.reports.views import dashboard_kept

        counted_ahead.register("dashboard", CountedAhead(for_organization=dashboard_kept))

        from dangvien.reports.views import KEPT_DASHBOARD
        from dangvien.statistics.background import countables

        # a province's or the whole tree's first counting of a day (minutes at national size)
        countables.register("dashboard", KEPT_DASHBOARD)
