from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CommitteesConfig(AppConfig):
    name = "dangvien.committees"
    label = "committees"
    verbose_name = _("Committees and terms")

    def ready(self) -> None:
        # Explicit registration (not signals): an organization that ends (dissolved, merged or
        # split) ends its committee posts that day, in the same transaction.
        from dangvien.committees.services import committee_posts_end_with_organization
        from dangvien.organizations import services as organization_services

        if committee_posts_end_with_organization not in organization_services.end_hooks:
            organization_services.end_hooks.append(committee_posts_end_with_organization)
