from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CompetenceConfig(AppConfig):
    """Who decides what: the dated competence table of decision kinds, authorisations of
    organizations, and which users act for which body. Low in the layers so that the member
    services themselves refuse a decision recorded by anyone but the competent body."""

    name = "dangvien.competence"
    label = "competence"
    verbose_name = _("Competence")

    def ready(self) -> None:
        from django.utils.translation import pgettext_lazy

        from dangvien.audit.readable import each_value, register_words
        from dangvien.competence.choices import DecisionKind, Level

        # the competence rules of the rulebook and the audit messages read in words
        register_words(dict(Level.choices))
        register_words(dict(DecisionKind.choices))
        register_words(
            each_value(
                "authorisation %s",
                DecisionKind.choices,
                pgettext_lazy("audit log", "authorised to decide: {}"),
            )
        )
        register_words(
            {
                "proposer": _("proposed by"),
                "decider": _("decided by"),
                "authorised": _("or, when authorised"),
                "authorised_by": _("authorisation named"),
                "vote": _("vote share"),
                "deadline": _("deadline"),
                "extension": _("extension"),
            }
        )
        from dangvien.accounts.choices import Role
        from dangvien.accounts.roles import grant, grant_view
        from dangvien.competence.panels import LINKS
        from dangvien.competence.permissions import CompetencePermission
        from dangvien.http.registry import organization_links

        grant_view(CompetencePermission.VIEW)
        grant(Role.CELL_SECRETARY, CompetencePermission.DECIDE)
        grant(Role.STAFF, CompetencePermission.DECIDE, CompetencePermission.AUTHORISE)
        for key, link in LINKS:
            organization_links.register(key, link, order=40)

        from dangvien.competence.seed import COMPETENCE_RULES
        from dangvien.rules.seed import rule_seeds

        rule_seeds.register("competence", COMPETENCE_RULES)

        # the codes and numbers inside its rules' values as the rulebook page reads them
        from dangvien.competence.rule_words import RULE_WORDS
        from dangvien.rules.wording import register_rule_words

        register_rule_words(RULE_WORDS)
