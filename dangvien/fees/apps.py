from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy


class FeesConfig(AppConfig):
    name = "dangvien.fees"
    label = "fees"
    verbose_name = _("Party fees")

    def ready(self) -> None:

        from dangvien.audit.readable import register_data

        # the fee report downloaded ("fees 2025-06-30") as the audit log reads it
        register_data({"fees": pgettext_lazy("audit log", "the party fee report of {}")})
        self._audit_values()

        from dangvien.accounts.choices import Role
        from dangvien.accounts.roles import grant, grant_view
        from dangvien.fees.permissions import FeePermission

        grant_view(FeePermission.VIEW)
        grant(Role.STAFF, FeePermission.CHANGE)
        grant(Role.CELL_SECRETARY, FeePermission.CHANGE)

        from dangvien.fees.seed import FEE_RULES
        from dangvien.rules.seed import rule_seeds

        rule_seeds.register("fees", FEE_RULES)

        # the codes and numbers inside its rules' values as the rulebook page reads them
        from dangvien.fees.rule_words import RULE_WORDS
        from dangvien.rules.wording import register_rule_words

        register_rule_words(RULE_WORDS)

        from dangvien.fees.selectors import fees_statistics
        from dangvien.fees.stats import fees_tables, fees_text
        from dangvien.statistics.sections import StatisticsSection, statistics_sections

        statistics_sections.register(
            "fees",
            StatisticsSection(
                fees_statistics,
                text=fees_text,
                tables=fees_tables,
                title=pgettext_lazy("statistics part", "Party fees"),
            ),
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

    def _audit_values(self) -> None:
        """How the audit log reads what the fee services keep: a month as the pages write it
        (03/2026, not the date of its first day), an amount in đồng with its thousands
        (150.000 đ), and each payment, basis, relief and remittance by whom and when."""
        from datetime import date

        from django.db import models
        from django.utils.translation import pgettext

        from dangvien.audit.readable import AuditValues, record_ids, register_values
        from dangvien.core.formatting import vn_int
        from dangvien.fees.models import FeeBasis, FeePayment, FeeRelief, FeeRemittance
        from dangvien.fees.rules import month_label
        from dangvien.organizations.selectors import organization_names

        def dong(amount: int) -> str:
            return f"{vn_int(amount)} đ"

        def amounts(values: set[object]) -> dict[object, str]:
            return {v: dong(v) for v in values if isinstance(v, int)}

        def months(values: set[object]) -> dict[object, str]:
            named = {}
            for value in values:
                try:
                    named[value] = month_label(date.fromisoformat(str(value)))
                except ValueError:
                    continue  # not a date: it reads as it is
            return named

        def payments(values: set[object]) -> dict[object, str]:
            rows = FeePayment.objects.filter(pk__in=record_ids(values)).select_related("member")
            return {
                p.pk: f"{p.member.full_name} · {month_label(p.month)}: {dong(p.amount)}"
                for p in rows
            }

        def bases(values: set[object]) -> dict[object, str]:
            rows = FeeBasis.objects.filter(pk__in=record_ids(values)).select_related("member")
            return {
                b.pk: f"{b.member.full_name} · "
                + pgettext("audit log", "from %(month)s") % {"month": month_label(b.valid_from)}
                + f": {b.get_kind_display()}"
                for b in rows
            }

        def reliefs(values: set[object]) -> dict[object, str]:
            rows = FeeRelief.objects.filter(pk__in=record_ids(values)).select_related("member")
            return {
                r.pk: f"{r.member.full_name} · {r.get_kind_display()}"
                + (f" {r.percent}%" if r.percent != 100 else "")
                + f" · {month_label(r.first_month)}–{month_label(r.last_month)}"
                for r in rows
            }

        def remittances(values: set[object]) -> dict[object, str]:
            rows = list(FeeRemittance.objects.filter(pk__in=record_ids(values)))
            orgs = organization_names(
                pk for r in rows for pk in (r.organization_id, r.recipient_id)
            )
            return {
                r.pk: f"{orgs.get(r.organization_id, '')} → {orgs.get(r.recipient_id, '')} · "
                f"{month_label(r.month)}: {dong(r.amount)}"
                for r in rows
            }

        # the months and amounts keep their fields' labels ("from month", "amount (đồng)")
        readings = {
            FeePayment: {"month": months, "amount": amounts},
            FeeRemittance: {"month": months, "amount": amounts},
            FeeBasis: {"valid_from": months, "amount": amounts, "voluntary_amount": amounts},
            FeeRelief: {"first_month": months, "last_month": months},
        }
        for model, fields in readings.items():
            for name, names in fields.items():
                field = model._meta.get_field(name)
                assert isinstance(field, models.Field)
                label = field.verbose_name
                register_values([f"{model._meta.label_lower}.{name}"], AuditValues(label, names))
        # the organization whose decision grants the relief (not a user, as ``decided_by``
        # is elsewhere)
        register_values(["fees.feerelief.decided_by"], AuditValues(_("deciding body")))
        register_values(["fees.feepayment"], AuditValues(_("fee payment"), payments))
        register_values(["fees.feebasis"], AuditValues(_("fee basis"), bases))
        register_values(["fees.feerelief"], AuditValues(_("fee exemption or reduction"), reliefs))
        register_values(["fees.feeremittance"], AuditValues(_("fee remittance"), remittances))
