from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class DisciplineConfig(AppConfig):
    """Discipline of members and organizations (Quy định 296-QĐ/TW, 69-QĐ/TW): cases, the
    proposal and decision of the competent body, the effects through the owning services."""

    name = "dangvien.discipline"
    label = "discipline"
    verbose_name = _("Discipline")

    def ready(self) -> None:
        from django.utils.translation import pgettext_lazy

        from dangvien.audit.readable import each_value, register_data, register_words

        # a disciplinary proposal's case number, as its page names it
        from dangvien.decisions.details import detail_labels
        from dangvien.discipline.choices import Form, ProgrammeKind, Subject
        from dangvien.discipline.models import AppealOutcome

        detail_labels.register("case", pgettext_lazy("proposal detail", "Discipline case"))

        # the subjects and forms as the rulebook's values and the audit log read them
        register_words(dict(Subject.choices))
        register_words(dict(Form.choices))

        # the messages of the services ("discipline case member", "discipline proposal
        # dismissal", "discipline appeal upheld" …) as the audit log reads them
        register_words(
            {
                **each_value(
                    "discipline case %s",
                    Subject.choices,
                    pgettext_lazy("audit log", "discipline case opened: {}"),
                ),
                **each_value(
                    "discipline proposal %s",
                    Form.choices,
                    pgettext_lazy("audit log", "discipline proposed: {}"),
                ),
                **each_value(
                    "discipline %s",
                    Form.choices,
                    pgettext_lazy("audit log", "discipline decided: {}"),
                ),
                **each_value(
                    "discipline appeal %s",
                    AppealOutcome.choices,
                    pgettext_lazy("audit log", "appeal decided: {}"),
                ),
                **each_value(
                    "programme %s",
                    ProgrammeKind.choices,
                    pgettext_lazy("audit log", "programme planned: {}"),
                ),
                "discipline appeal": pgettext_lazy("audit log", "appeal lodged against"),
                "state notice": pgettext_lazy("audit log", "state body's notice recorded"),
                "programme concluded": pgettext_lazy("audit log", "programme concluded"),
                "recommendation": pgettext_lazy("audit log", "recommendation recorded"),
                "recommendation done": pgettext_lazy("audit log", "recommendation carried out"),
            }
        )
        self._audit_values()
        # the case files read (``services.case_file_read``, ``case_files_listed``)
        register_data({"discipline case": pgettext_lazy("audit log", "the discipline case file")})
        register_data(
            {"discipline cases member": pgettext_lazy("audit log", "the cases on the page of {}")},
            names="members.member",
        )

        from dangvien.accounts.choices import Role
        from dangvien.accounts.roles import grant
        from dangvien.discipline.permissions import DisciplinePermission

        # sensitive files (Quy định 296-QĐ/TW): the inspection commission of the subtree and
        # the cell secretary (their cell) read and write them; the organization staff see only
        # the counts (and the cases addressed to their body: ``selectors.readable_q``); the
        # viewers nothing
        files = (DisciplinePermission.VIEW, DisciplinePermission.CHANGE, DisciplinePermission.COUNT)
        grant(Role.INSPECTION, *files)
        grant(Role.CELL_SECRETARY, *files)
        grant(Role.STAFF, DisciplinePermission.COUNT)

        from dangvien.discipline.panels import (
            inbox_open_cases,
            inbox_overdue_follow_up,
            member_cases,
            organization_cases_link,
            portal_decisions,
        )
        from dangvien.http.registry import (
            NavItem,
            PageLink,
            Panel,
            inbox,
            member_panels,
            navigation,
            organization_links,
            page_url,
        )
        from dangvien.portal.registry import portal_sections

        navigation.register(
            "discipline",
            NavItem(_("Discipline"), "web:discipline", DisciplinePermission.COUNT),
            order=45,
        )
        organization_links.register(
            "discipline",
            PageLink(
                _("Party life"),
                _("Discipline cases"),
                lambda page: (
                    page_url("web:organization_discipline", page.subject.code, on=page.on)
                    if organization_cases_link(page)
                    else None
                ),
            ),
            order=70,
        )
        organization_links.register(
            "inspection",
            PageLink(
                _("Party life"),
                _("Inspection and supervision"),
                lambda page: (
                    page_url("web:organization_programmes", page.subject.code, on=page.on)
                    if organization_cases_link(page)
                    else None
                ),
            ),
            order=71,
        )
        member_panels.register(
            "discipline", Panel("discipline/member_panel.html", member_cases), order=60
        )
        inbox.register("discipline_open_cases", inbox_open_cases, order=40)
        inbox.register("inspection_overdue", inbox_overdue_follow_up, order=41)

        # disciplinary proposals (lists, pages, API, the member panel) only to who reads the files
        from dangvien.decisions.selectors import proposal_visibility
        from dangvien.discipline.selectors import visible_proposals_q

        proposal_visibility.register("discipline", visible_proposals_q)
        # and their trail in the audit log likewise
        from dangvien.audit.selectors import audit_visibility
        from dangvien.discipline.selectors import visible_audit_q

        audit_visibility.register("discipline", visible_audit_q)
        portal_sections.register(
            "discipline", Panel("discipline/portal_section.html", portal_decisions), order=70
        )

        from dangvien.core.registry import DemoStep, demo_steps
        from dangvien.discipline.demo import build_discipline, discipline_present

        # after the accounts (90) and the decisions (95): the demo's secretary and commune
        # staff record the cases
        demo_steps.register(
            "discipline",
            DemoStep(_("Discipline"), build=build_discipline, present=discipline_present),
            order=96,
        )

        # discipline decided through the decisions pages without a case is recorded too
        from dangvien.discipline.appliers import register_discipline_appliers

        register_discipline_appliers()

        # explicit registration (not signals): an open case blocks removal and resignation
        from dangvien.discipline.services import refuse_exit_with_open_case
        from dangvien.members.services import event_guards

        if refuse_exit_with_open_case not in event_guards:
            event_guards.append(refuse_exit_with_open_case)

        from dangvien.discipline.seed import DISCIPLINE_RULES
        from dangvien.rules.seed import rule_seeds

        rule_seeds.register("discipline", DISCIPLINE_RULES)

        # the codes and numbers inside its rules' values as the rulebook page reads them
        from dangvien.discipline.rule_words import RULE_WORDS
        from dangvien.rules.wording import register_rule_words

        register_rule_words(RULE_WORDS)

        from dangvien.discipline.statistics import DISCIPLINE_STATISTICS
        from dangvien.statistics.sections import statistics_sections

        statistics_sections.register("discipline", DISCIPLINE_STATISTICS, order=70)

        from dangvien.discipline.interchange import DisciplineSection
        from dangvien.interchange.sections import sections

        sections.register("discipline", DisciplineSection(), order=70)

    def _audit_values(self) -> None:
        """How the audit log reads the values the services keep: the statuses they derive
        (``{"status": "open"}`` → ``{"status": "decided"}``), the form a case proposed, and
        the records without a name of their own, by name."""
        from typing import cast

        from django.utils.translation import pgettext, pgettext_lazy

        from dangvien.audit.readable import AuditValues, choice_namer, record_ids, register_values
        from dangvien.core.formatting import vn_date
        from dangvien.discipline.choices import CaseStatus, Form
        from dangvien.discipline.models import (
            AppealOutcome,
            DisciplineAppeal,
            DisciplineDecision,
            ProgrammeConclusion,
            RecommendationEvent,
            StateNotice,
        )

        status = _("status")
        statuses = {
            "disciplinecase": CaseStatus.choices,
            "disciplineappeal": [
                ("lodged", pgettext_lazy("appeal", "Awaiting settlement")),
                *AppealOutcome.choices,
            ],
            "programme": [
                ("planned", pgettext_lazy("programme status", "Planned")),
                ("concluded", _("Concluded")),
            ],
            "recommendation": [
                ("open", pgettext_lazy("recommendation", "Not carried out yet")),
                (RecommendationEvent.DONE, pgettext_lazy("recommendation", "Carried out")),
            ],
        }
        for model, choices in statuses.items():
            register_values(
                [f"discipline.{model}.status"], AuditValues(status, choice_namer(choices))
            )
        # ``case_propose`` keeps the form proposed beside the proposal
        register_values(
            ["discipline.disciplinecase.form"],
            AuditValues(pgettext_lazy("discipline", "form"), choice_namer(Form.choices)),
        )

        def decision_name(decision: DisciplineDecision) -> str:
            return pgettext(
                "audit log", "%(number)s of %(date)s: %(form)s (case file %(case)s)"
            ) % {
                "number": decision.number,
                "date": vn_date(decision.decided_on),
                "form": decision.get_form_display(),
                "case": decision.case.key,
            }

        def decisions(values: set[object]) -> dict[object, str]:
            rows = DisciplineDecision.objects.filter(pk__in=record_ids(values)).select_related(
                "case"
            )
            return {d.pk: decision_name(d) for d in rows}

        def appeals(values: set[object]) -> dict[object, str]:
            rows = DisciplineAppeal.objects.filter(pk__in=record_ids(values)).select_related(
                "decision__case"
            )
            return {
                a.pk: pgettext(
                    "audit log", "Appeal against decision %(number)s (case file %(case)s)"
                )
                % {"number": a.decision.number, "case": a.decision.case.key}
                for a in rows
            }

        def conclusions(values: set[object]) -> dict[object, str]:
            rows = ProgrammeConclusion.objects.filter(pk__in=record_ids(values)).select_related(
                "programme"
            )
            return {
                c.pk: pgettext("audit log", "conclusion of %(date)s: %(title)s")
                % {"date": vn_date(c.concluded_on), "title": c.programme.title}
                for c in rows
            }

        def notices(values: set[object]) -> dict[object, str]:
            # its manager is the cases' queryset (typed as of cases): the rows are notices
            found = StateNotice.objects.filter(pk__in=record_ids(values)).select_related("member")
            rows = cast("list[StateNotice]", list(found))
            return {n.pk: f"{n.state_body}: {n.measure} · {n.member.full_name}" for n in rows}

        register_values(
            ["discipline.disciplinedecision"], AuditValues(_("discipline decision"), decisions)
        )
        register_values(["discipline.disciplineappeal"], AuditValues(_("appeal"), appeals))
        register_values(
            ["discipline.programmeconclusion"], AuditValues(_("conclusion"), conclusions)
        )
        register_values(
            ["discipline.statenotice"], AuditValues(_("notice of a state body"), notices)
        )
