from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CommitteesConfig(AppConfig):
    name = "dangvien.committees"
    label = "committees"
    verbose_name = _("Committees and terms")

    def ready(self) -> None:
        from dangvien.accounts.choices import Role
        from dangvien.accounts.roles import grant, grant_view
        from dangvien.committees.permissions import CommitteePermission

        grant_view(CommitteePermission.VIEW)
        grant(Role.STAFF, CommitteePermission.CHANGE)
        grant(Role.CELL_SECRETARY, CommitteePermission.CHANGE)

        from dangvien.committees.panels import organization_committee
        from dangvien.http.registry import Panel, organization_panels

        organization_panels.register(
            "committee", Panel("committees/panel.html", organization_committee), order=20
        )

        # Explicit registration (not signals): an organization that ends (dissolved, merged or
        # split) ends its committee posts that day, in the same transaction.
        from dangvien.committees.services import committee_posts_end_with_organization
        from dangvien.organizations import services as organization_services

        if committee_posts_end_with_organization not in organization_services.end_hooks:
            organization_services.end_hooks.append(committee_posts_end_with_organization)
