from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class TargetsConfig(AppConfig):
    name = "dangvien.targets"
    label = "targets"
    verbose_name = _("Populations and targets")

    def ready(self) -> None:
        from typing import Any

        from dangvien.audit.readable import AuditValues, register_values
        from dangvien.organizations.selectors import organization_names
        from dangvien.targets.models import Population

        def populations(values: set[Any]) -> dict[Any, str]:
            rows = list(Population.objects.filter(pk__in=[v for v in values if isinstance(v, int)]))
            orgs = organization_names(r.organization_id for r in rows)
            return {
                r.pk: f"{orgs.get(r.organization_id, '')} · {r.year}: {r.population:,}".replace(
                    ",", "."
                )
                for r in rows
            }

        register_values(["targets.population"], AuditValues(_("population"), populations))
        from dangvien.accounts.choices import Role
        from dangvien.accounts.roles import grant, grant_view
        from dangvien.targets.permissions import TargetPermission

        grant_view(TargetPermission.VIEW)
        grant(Role.STAFF, TargetPermission.CHANGE)

        from dangvien.interchange.sections import sections
        from dangvien.targets.interchange import TargetsSection

        sections.register("targets", TargetsSection(), order=40)
