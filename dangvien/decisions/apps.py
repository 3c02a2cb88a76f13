from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class DecisionsConfig(AppConfig):
    """A body proposes, the competent body decides: proposals and rulings."""

    name = "dangvien.decisions"
    label = "decisions"
    verbose_name = _("Proposals and decisions")

    def ready(self) -> None:
        from django.utils.translation import pgettext_lazy

        from dangvien.audit.readable import (
            AuditValues,
            choice_namer,
            each_value,
            record_ids,
            register_values,
            register_words,
        )
        from dangvien.competence.choices import DecisionKind
        from dangvien.core.formatting import vn_date
        from dangvien.decisions.choices import Outcome, ProposalStatus
        from dangvien.decisions.models import Proposal

        def proposals(values: set[object]) -> dict[object, str]:
            """A proposal as its page titles it (kind · member), with the day it was made."""
            rows = Proposal.objects.filter(pk__in=record_ids(values))
            return {
                p.pk: f"{p.get_kind_display()} · {p.member.full_name} · {vn_date(p.proposed_on)}"
                for p in rows.select_related("member")
            }

        # a discipline case keeps the proposal it made by id; a proposal's status is derived
        # from its ruling, kept as the ruling's outcome ("pending → approved")
        register_values(["decisions.proposal", "proposal"], AuditValues(_("proposal"), proposals))
        register_values(
            ["decisions.proposal.status"],
            AuditValues(_("status"), choice_namer(ProposalStatus.choices)),
        )

        # the messages of the services ("proposal expulsion", "decision reprimand",
        # "dismissal approved") as the audit log reads them
        register_words(
            {
                **each_value(
                    "proposal %s",
                    DecisionKind.choices,
                    pgettext_lazy("audit log", "proposal submitted: {}"),
                ),
                **each_value(
                    "decision %s",
                    DecisionKind.choices,
                    pgettext_lazy("audit log", "decision recorded: {}"),
                ),
                **each_value(
                    f"%s {Outcome.APPROVED.value}",
                    DecisionKind.choices,
                    pgettext_lazy("audit log", "proposal approved: {}"),
                ),
                **each_value(
                    f"%s {Outcome.REJECTED.value}",
                    DecisionKind.choices,
                    pgettext_lazy("audit log", "proposal rejected: {}"),
                ),
            }
        )

        from dangvien.accounts.choices import Role
        from dangvien.accounts.roles import grant, grant_view
        from dangvien.decisions.appliers import register_member_appliers
        from dangvien.decisions.permissions import DecisionPermission

        grant_view(DecisionPermission.VIEW)
        grant(Role.CELL_SECRETARY, DecisionPermission.PROPOSE)
        grant(Role.STAFF, DecisionPermission.PROPOSE)
        register_member_appliers()
        from dangvien.decisions.panels import inbox_proposals, inbox_removals, member_decisions
        from dangvien.http.registry import (
            NavItem,
            Panel,
            inbox,
            member_panels,
            navigation,
        )

        navigation.register(
            "decisions",
            NavItem(_("Proposals and decisions"), "web:decisions", DecisionPermission.VIEW),
            order=25,
        )
        member_panels.register(
            "decisions", Panel("decisions/member_panel.html", member_decisions), order=30
        )
        inbox.register("proposals_to_decide", inbox_proposals, order=20)
        inbox.register("removal_due", inbox_removals, order=50)

        from dangvien.core.registry import DemoStep, demo_steps
        from dangvien.decisions.demo import build_decisions

        demo_steps.register(
            "decisions", DemoStep(_("Proposals and decisions"), build=build_decisions), order=95
        )

        from dangvien.decisions.due import register_builtin_triggers
        from dangvien.http.registry import PageLink, organization_links, page_url

        register_builtin_triggers()

        from dangvien.audit.readable import register_words
        from dangvien.members.rules import EXIT_REASONS

        # a proposal keeps why the member leaves ({"reason": "corruption"}): the audit log
        # reads the reason in words ("other" is too common a word to claim)
        register_words({code: label for code, label in EXIT_REASONS.items() if code != "other"})
        organization_links.register(
            "removal_due",
            PageLink(
                _("Party members"),
                _("To consider for removal"),
                lambda page: page_url("web:removal_due", page.subject.code, on=page.on),
            ),
            order=28,
        )
