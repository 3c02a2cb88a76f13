from typing import Any

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class OrganizationsConfig(AppConfig):
    name = "dangvien.organizations"
    label = "organizations"
    verbose_name = _("Party organizations")

    def ready(self) -> None:
        from dangvien.accounts.choices import Role
        from dangvien.accounts.roles import grant, grant_view
        from dangvien.organizations.permissions import OrganizationPermission

        grant_view(OrganizationPermission.VIEW)
        grant(Role.STAFF, OrganizationPermission.CHANGE)

        from dangvien.core.registry import DemoStep, demo_steps
        from dangvien.organizations.demo import build_tree, tree_present

        demo_steps.register(
            "tree",
            DemoStep(_("Organization tree"), build=build_tree, present=tree_present),
            order=10,
        )

        from dangvien.interchange.sections import sections
        from dangvien.organizations.interchange import OrganizationsSection

        sections.register("organizations", OrganizationsSection(), order=10)

        from dangvien.audit.readable import (
            AuditValues,
            choice_namer,
            record_ids,
            register_values,
            register_words,
        )
        from dangvien.organizations.choices import ChangeType, OrganizationKind, Sector
        from dangvien.organizations.selectors import organization_names

        def names(values: set[Any]) -> dict[Any, str]:
            return dict(organization_names(v for v in values if isinstance(v, int)).items())

        register_values(
            ["organizations.organization", "organization"],
            AuditValues(_("organization"), names),
        )
        register_values(["parent"], AuditValues(_("superior organization"), names))
        register_values(["merged_into"], AuditValues(_("merged into"), names))
        # a member's periods kept in the audit name the organization hosting them as "host"
        register_values(["host"], AuditValues(_("temporarily active at"), names))
        register_values(
            [
                "related_organization",
                "host_organization",
                "transit_to",
                "from_organization",
                "proposing_organization",
                "deciding_organization",
            ],
            AuditValues(_("organization"), names),
        )
        register_values(["kind"], AuditValues(_("kind"), choice_namer(OrganizationKind.choices)))
        register_values(["sector"], AuditValues(_("sector"), choice_namer(Sector.choices)))
        register_words(dict(ChangeType.choices))
        # coded values named in the rulebook (priority sectors, kinds that hold members)
        register_words(dict(OrganizationKind.choices))
        register_words(dict(Sector.choices))

        from dangvien.accounts.models import RoleAssignment

        def grants(values: set[Any]) -> dict[Any, str]:
            rows = list(
                RoleAssignment.objects.filter(pk__in=record_ids(values)).select_related("user")
            )
            orgs = organization_names(r.organization_id for r in rows)
            return {
                r.pk: f"{r.user.display_name} · {r.get_role_display()} · "
                f"{orgs.get(r.organization_id, '')}"
                for r in rows
            }

        register_values(["accounts.roleassignment"], AuditValues(_("role"), grants))
