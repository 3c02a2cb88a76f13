from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CommitteesConfig(AppConfig):
    name = "dangvien.committees"
    label = "committees"
    verbose_name = _("Committees and terms")

    def ready(self) -> None:
        from django.utils.translation import pgettext_lazy

        from dangvien.audit.readable import register_words

        # the messages of the services as the audit log reads them
        register_words(
            {
                "holder identified": pgettext_lazy("audit log", "holder identified"),
                "ended by new secretary": pgettext_lazy("audit log", "ended by a new secretary"),
                "ended with the organization": pgettext_lazy(
                    "audit log", "ended with the organization"
                ),
            }
        )

        from dangvien.accounts.choices import Role
        from dangvien.accounts.roles import grant, grant_view
        from dangvien.committees.permissions import CommitteePermission

        grant_view(CommitteePermission.VIEW)
        grant(Role.STAFF, CommitteePermission.CHANGE)
        grant(Role.CELL_SECRETARY, CommitteePermission.CHANGE)

        from dangvien.committees.panels import member_committee_posts, organization_committee
        from dangvien.http.registry import Panel, member_panels, organization_panels

        organization_panels.register(
            "committee", Panel("committees/panel.html", organization_committee), order=20
        )
        member_panels.register(
            "committee_posts",
            Panel("committees/member_panel.html", member_committee_posts),
            order=40,
        )

        from dangvien.committees.demo import link_holders, staff_founded
        from dangvien.core.registry import DemoStep, demo_steps

        # No rows of its own afterwards: each organization the tree founds is staffed then.
        demo_steps.register(
            "committees", DemoStep(_("Committees and terms"), founded=staff_founded), order=15
        )
        demo_steps.register(
            "holders", DemoStep(_("Committee members' files"), build=link_holders), order=25
        )

        # Explicit registration (not signals): an organization that ends (dissolved, merged or
        # split) ends its committee posts that day, in the same transaction.
        from dangvien.committees.services import committee_posts_end_with_organization
        from dangvien.organizations import services as organization_services

        if committee_posts_end_with_organization not in organization_services.end_hooks:
            organization_services.end_hooks.append(committee_posts_end_with_organization)

        from dangvien.committees.seed import COMMITTEE_RULES
        from dangvien.rules.seed import rule_seeds

        rule_seeds.register("committees", COMMITTEE_RULES)

        from dangvien.committees.interchange import CommitteesSection
        from dangvien.interchange.sections import sections

        sections.register("committees", CommitteesSection(), order=30)
