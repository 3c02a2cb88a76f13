from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AdmissionsConfig(AppConfig):
    name = "dangvien.admissions"
    label = "admissions"
    verbose_name = _("Admission of new members")

    def ready(self) -> None:
        from django.utils.translation import pgettext_lazy

        from dangvien.admissions.choices import Step
        from dangvien.audit.readable import each_value, register_words

        # the messages of the services ("step cell_vote 2025-03-10 meeting vote 7",
        # "recognition vote 5/6 passed" …) as the audit log reads them
        register_words(
            {
                **each_value("step %s", Step.choices, pgettext_lazy("audit log", "step done: {}")),
                "meeting vote": pgettext_lazy("audit log", "(vote no. {} of a meeting)"),
                "candidate registered": pgettext_lazy("audit log", "candidate registered"),
                "introducers": pgettext_lazy("audit log", "introducers recorded"),
                "decision deadline extended": pgettext_lazy(
                    "audit log", "decision deadline extended"
                ),
                "recognition vote": pgettext_lazy("audit log", "vote on recognition"),
                "passed": pgettext_lazy("audit log", "passed"),
                "removed during probation": pgettext_lazy("audit log", "removed during probation"),
            }
        )
        self._audit_values()

        from dangvien.accounts.choices import Role
        from dangvien.accounts.roles import grant, grant_view
        from dangvien.admissions.permissions import AdmissionPermission

        grant_view(AdmissionPermission.VIEW)
        grant(Role.STAFF, AdmissionPermission.CHANGE, AdmissionPermission.DECIDE)
        grant(Role.CELL_SECRETARY, AdmissionPermission.CHANGE)
        from dangvien.http.registry import NavItem, navigation

        navigation.register(
            "admissions",
            NavItem(_("Admissions"), "web:admissions", permission=AdmissionPermission.VIEW),
            order=30,
        )

        from dangvien.admissions.panels import inbox_admissions, member_admission_files
        from dangvien.http.registry import Panel, inbox, member_panels

        inbox.register("admissions", inbox_admissions, order=30)

        member_panels.register(
            "admission_files",
            Panel("admissions/member_panel.html", member_admission_files),
            order=20,
        )

        from dangvien.admissions.seed import ADMISSION_RULES
        from dangvien.rules.seed import rule_seeds

        rule_seeds.register("admissions", ADMISSION_RULES)

        # the codes and numbers inside its rules' values as the rulebook page reads them
        from dangvien.admissions.rule_words import RULE_WORDS
        from dangvien.rules.wording import register_rule_words

        register_rule_words(RULE_WORDS)

    def _audit_values(self) -> None:
        """The introducers of a candidate by their label (the members read by name), and the
        records without a name of their own by what they are of."""
        from dangvien.admissions.models import CandidateStep, DayOff, RecognitionVote
        from dangvien.audit.readable import AuditValues, record_ids, register_values
        from dangvien.core.formatting import vn_date
        from dangvien.organizations.selectors import organization_names

        # ``candidate_set_introducers`` keeps them as member ids
        register_values(["admissions.candidate.introducers"], AuditValues(_("introducers")))

        def steps(values: set[object]) -> dict[object, str]:
            rows = CandidateStep.objects.filter(pk__in=record_ids(values)).select_related(
                "candidate"
            )
            return {
                s.pk: f"{s.candidate.full_name} · {s.get_step_display()} · {vn_date(s.done_on)}"
                for s in rows
            }

        def votes(values: set[object]) -> dict[object, str]:
            rows = RecognitionVote.objects.filter(pk__in=record_ids(values)).select_related(
                "candidate"
            )
            return {
                v.pk: f"{v.candidate.full_name} · {vn_date(v.voted_on)}: "
                f"{v.votes_for}/{v.members_called}"
                for v in rows
            }

        def days_off(values: set[object]) -> dict[object, str]:
            rows = list(DayOff.objects.filter(pk__in=record_ids(values)))
            orgs = organization_names(d.organization_id for d in rows)
            return {d.pk: f"{orgs.get(d.organization_id, '')} · {vn_date(d.day)}" for d in rows}

        register_values(
            ["admissions.candidatestep"], AuditValues(_("step of the admission file"), steps)
        )
        register_values(["admissions.recognitionvote"], AuditValues(_("recognition vote"), votes))
        register_values(["admissions.dayoff"], AuditValues(_("day off"), days_off))
