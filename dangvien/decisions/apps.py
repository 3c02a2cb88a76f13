from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class DecisionsConfig(AppConfig):
    """Who proposes and who decides: proposals, rulings, the competence table, authorisations."""

    name = "dangvien.decisions"
    label = "decisions"
    verbose_name = _("Proposals and decisions")

    def ready(self) -> None:
        from dangvien.accounts.choices import Role
        from dangvien.accounts.roles import grant, grant_view
        from dangvien.decisions.appliers import register_member_appliers
        from dangvien.decisions.permissions import DecisionPermission

        grant_view(DecisionPermission.VIEW)
        grant(Role.CELL_SECRETARY, DecisionPermission.PROPOSE, DecisionPermission.DECIDE)
        grant(
            Role.STAFF,
            DecisionPermission.PROPOSE,
            DecisionPermission.DECIDE,
            DecisionPermission.AUTHORISE,
        )
        register_member_appliers()
        from dangvien.decisions.panels import LINKS, member_decisions
        from dangvien.http.registry import (
            NavItem,
            Panel,
            member_panels,
            navigation,
            organization_links,
        )

        navigation.register(
            "decisions",
            NavItem(_("Proposals and decisions"), "web:decisions", DecisionPermission.VIEW),
            order=25,
        )
        for key, link in LINKS:
            organization_links.register(key, link, order=40)
        member_panels.register(
            "decisions", Panel("decisions/member_panel.html", member_decisions), order=30
        )
