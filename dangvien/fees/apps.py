from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class FeesConfig(AppConfig):
    name = "dangvien.fees"
    label = "fees"
    verbose_name = _("Party fees")

    def ready(self) -> None:
        from django.utils.translation import pgettext_lazy

        from dangvien.audit.readable import register_data

        # the fee report downloaded ("fees 2025-06-30") as the audit log reads it
        register_data({"fees": pgettext_lazy("audit log", "the party fee report of {}")})

        from dangvien.accounts.choices import Role
        from dangvien.accounts.roles import grant, grant_view
        from dangvien.fees.permissions import FeePermission

        grant_view(FeePermission.VIEW)
        grant(Role.STAFF, FeePermission.CHANGE)
        grant(Role.CELL_SECRETARY, FeePermission.CHANGE)

        from dangvien.fees.seed import FEE_RULES
        from dangvien.rules.seed import rule_seeds

        rule_seeds.register("fees", FEE_RULES)

        from dangvien.fees.selectors import fees_statistics
        from dangvien.fees.stats import fees_tables, fees_text
        from dangvien.statistics.sections import StatisticsSection, statistics_sections

        statistics_sections.register(
            "fees", StatisticsSection(fees_statistics, text=fees_text, tables=fees_tables)
        )

        from dangvien.decisions.due import RemovalTrigger, removal_triggers
        from dangvien.fees.panels import unpaid_fee_members
        from dangvien.fees.rule_keys import REMOVAL_UNPAID_MONTHS

        removal_triggers.register(
            "unpaid_fees",
            RemovalTrigger(
                _("Party fees unpaid for three months in the year"),
                "Quy định 29/24-QĐ/TW mục 8.1; Quy định 01-QĐ/TW (2026)",
                unpaid_fee_members,
                rule=REMOVAL_UNPAID_MONTHS,  # the due-list cites its title and source
            ),
            order=30,
        )

        from dangvien.fees.interchange import FeesSection
        from dangvien.interchange.sections import sections

        sections.register("fees", FeesSection(), order=80)

        from dangvien.fees.panels import inbox_unpaid, member_fees, organization_fees, portal_fees
        from dangvien.http.registry import (
            NavItem,
            PageLink,
            Panel,
            inbox,
            member_panels,
            navigation,
            organization_links,
            organization_panels,
            page_url,
        )
        from dangvien.portal.registry import portal_sections

        navigation.register(
            "fees", NavItem(_("Party fees"), "web:fees", FeePermission.VIEW), order=75
        )
        organization_links.register(
            "fees",
            PageLink(
                _("Party life"),
                _("Party fees"),
                lambda page: page_url("web:organization_fees", page.subject.code, on=page.on),
            ),
        )
        organization_panels.register(
            "fees", Panel("fees/organization_panel.html", organization_fees), order=80
        )
        member_panels.register("fees", Panel("fees/member_panel.html", member_fees), order=80)
        portal_sections.register("fees", Panel("fees/portal_section.html", portal_fees), order=80)
        inbox.register("fees_unpaid", inbox_unpaid, order=60)

        from dangvien.core.registry import DemoStep, demo_steps
        from dangvien.fees.demo import build_fees

        # after the decisions (95): no fee is written for months after the expulsion it records
        demo_steps.register("fees", DemoStep(_("Party fees"), build=build_fees), order=97)
