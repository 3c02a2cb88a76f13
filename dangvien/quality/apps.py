from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class QualityConfig(AppConfig):
    name = "dangvien.quality"
    label = "quality"
    verbose_name = _("Data quality")

    def ready(self) -> None:
        from dangvien.accounts.choices import Role
        from dangvien.accounts.roles import grant, grant_view
        from dangvien.quality.permissions import QualityPermission

        grant_view(QualityPermission.VIEW)
        grant(Role.STAFF, QualityPermission.RESOLVE)

        from dangvien.interchange.sections import import_hooks
        from dangvien.quality.selectors import register_builtin_checks
        from dangvien.quality.services import findings_from_import

        register_builtin_checks()
        import_hooks.register("quality", findings_from_import)

        from dangvien.http.registry import PageLink, organization_links, page_url

        organization_links.register(
            "quality",
            PageLink(
                _("Data quality"),
                _("Data cleaning"),
                lambda page: page_url("web:organization_quality", page.subject.code),
            ),
            order=90,
        )
