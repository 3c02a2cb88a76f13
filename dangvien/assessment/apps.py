from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy


class AssessmentConfig(AppConfig):
    """Yearly quality assessment of members and organizations (đánh giá, xếp loại chất
    lượng): results by year, the cap on "excellent", the §4 statistics key, assessments.csv."""

    name = "dangvien.assessment"
    label = "assessment"
    verbose_name = _("Quality assessment")

    def ready(self) -> None:

        from dangvien.audit.readable import register_data

        # the documents downloaded ("assessment 2025", "assessment form 5827", "round 3") as
        # the audit log reads them
        register_data(
            {
                "assessment": pgettext_lazy("audit log", "the assessment results of {}"),
                "assessment form 01": pgettext_lazy("audit log", "form 01 of the organization"),
                "round": pgettext_lazy("audit log", "the results of assessment round no. {}"),
            }
        )
        register_data(
            {"assessment form": pgettext_lazy("audit log", "the self-assessment form of {}")},
            names="members.member",
        )

        self._audit_values()

        from dangvien.accounts.choices import Role
        from dangvien.accounts.roles import grant, grant_view
        from dangvien.assessment.permissions import AssessmentPermission

        grant_view(AssessmentPermission.VIEW)
        grant(Role.STAFF, AssessmentPermission.CHANGE)
        grant(Role.CELL_SECRETARY, AssessmentPermission.CHANGE)

        from dangvien.assessment.seed import ASSESSMENT_RULES, ROUND_RULES
        from dangvien.rules.seed import rule_seeds

        rule_seeds.register("assessment", ASSESSMENT_RULES)
        rule_seeds.register("assessment_rounds", ROUND_RULES)

        # the codes and numbers inside its rules' values as the rulebook page reads them
        from dangvien.assessment.rule_words import RULE_WORDS
        from dangvien.rules.wording import register_rule_words

        register_rule_words(RULE_WORDS)

        from dangvien.assessment.statistics import (
            assessment_statistics,
            assessment_tables,
            assessment_text,
        )
        from dangvien.statistics.sections import StatisticsSection, statistics_sections

        statistics_sections.register(
            "assessment",
            StatisticsSection(
                compute=assessment_statistics,
                text=assessment_text,
                tables=assessment_tables,
                title=pgettext_lazy("statistics part", "Quality assessment"),
            ),
            order=60,
        )

        from dangvien.assessment.interchange import AssessmentSection
        from dangvien.interchange.sections import sections

        sections.register("assessment", AssessmentSection(), order=60)

        from dangvien.assessment.due import not_completed_members
        from dangvien.assessment.rule_keys import REMOVAL_YEARS
        from dangvien.decisions.due import RemovalTrigger, removal_triggers

        removal_triggers.register(
            "assessment_not_completed",
            RemovalTrigger(
                _("Two consecutive years not completed"),
                "Quy định 29-QĐ/TW, 24-QĐ/TW, 294-QĐ/TW mục 8.1 (hai năm liền vi phạm tư cách "
                "đảng viên)",
                not_completed_members,
                rule=REMOVAL_YEARS,  # the due-list cites its title and source, not its key
            ),
            order=40,
        )

        from dangvien.assessment.panels import (
            dashboard_assessment,
            inbox_assessment,
            member_assessment,
            portal_assessment,
        )
        from dangvien.http.registry import (
            NavItem,
            PageLink,
            Panel,
            dashboard_panels,
            inbox,
            member_panels,
            navigation,
            organization_links,
            page_url,
        )
        from dangvien.portal.registry import portal_sections

        navigation.register(
            "assessment",
            NavItem(_("Assessment"), "web:assessment", AssessmentPermission.VIEW),
            order=38,
        )
        organization_links.register(
            "assessment",
            PageLink(
                _("Party life"),
                _("Quality assessment"),
                lambda page: page_url("web:assessment_year", page.subject.code),
            ),
            order=45,
        )
        member_panels.register(
            "assessment", Panel("assessment/member_panel.html", member_assessment), order=55
        )
        inbox.register("assessment_proposals", inbox_assessment, order=40)
        dashboard_panels.register(
            "assessment",
            Panel("assessment/dashboard_panel.html", dashboard_assessment),
            order=60,
        )
        portal_sections.register(
            "assessment", Panel("assessment/portal.html", portal_assessment), order=30
        )

        from dangvien.assessment.demo import build_assessment
        from dangvien.core.registry import DemoStep, demo_steps

        demo_steps.register(
            "assessment",
            DemoStep(_("Quality assessment"), build=build_assessment),
            order=60,
        )

    def _audit_values(self) -> None:
        """The results, steps and rounds by whom (or which organization) and year in the
        audit log, not by ids and codes ("member 5679 2021: excellent")."""
        from django.utils.translation import pgettext

        from dangvien.assessment.models import (
            AssessmentResult,
            AssessmentRound,
            AssessmentStep,
            RoundClosure,
        )
        from dangvien.audit.readable import AuditValues, record_ids, register_values
        from dangvien.core.formatting import vn_date
        from dangvien.organizations.selectors import organization_names

        def who(row: AssessmentResult | AssessmentStep, orgs: dict[int, str]) -> str:
            if row.member is not None:
                return row.member.full_name
            return orgs.get(row.organization_id, "")

        def results(values: set[object]) -> dict[object, str]:
            rows = list(
                AssessmentResult.objects.filter(pk__in=record_ids(values)).select_related("member")
            )
            orgs = organization_names(r.organization_id for r in rows)
            return {r.pk: f"{who(r, orgs)} · {r.year}: {r.get_level_display()}" for r in rows}

        def steps(values: set[object]) -> dict[object, str]:
            rows = list(
                AssessmentStep.objects.filter(pk__in=record_ids(values)).select_related("member")
            )
            orgs = organization_names(r.organization_id for r in rows)
            return {
                r.pk: f"{who(r, orgs)} · {r.year} · {r.get_stage_display()}: "
                f"{r.get_level_display()}"
                for r in rows
            }

        def round_name(round_: AssessmentRound, orgs: dict[int, str]) -> str:
            return pgettext("audit log", "Assessment round %(year)s · %(organization)s") % {
                "year": round_.year,
                "organization": orgs.get(round_.organization_id, ""),
            }

        def rounds(values: set[object]) -> dict[object, str]:
            rows = list(AssessmentRound.objects.filter(pk__in=record_ids(values)))
            orgs = organization_names(r.organization_id for r in rows)
            return {r.pk: round_name(r, orgs) for r in rows}

        def closures(values: set[object]) -> dict[object, str]:
            rows = list(
                RoundClosure.objects.filter(pk__in=record_ids(values)).select_related("round")
            )
            orgs = organization_names(c.round.organization_id for c in rows)
            return {
                c.pk: pgettext("audit log", "%(round)s, closed on %(date)s")
                % {"round": round_name(c.round, orgs), "date": vn_date(c.closed_on)}
                for c in rows
            }

        register_values(
            ["assessment.assessmentresult"], AuditValues(_("assessment result"), results)
        )
        register_values(["assessment.assessmentstep"], AuditValues(_("assessment step"), steps))
        register_values(["assessment.assessmentround"], AuditValues(_("assessment round"), rounds))
        register_values(
            ["assessment.roundclosure"], AuditValues(_("closing of an assessment round"), closures)
        )
