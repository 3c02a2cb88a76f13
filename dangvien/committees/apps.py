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

        from dangvien.committees.interchange import CommitteesSection
        from dangvien.interchange.sections import sections

        sections.register("committees", CommitteesSection(), order=30)
