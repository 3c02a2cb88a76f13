from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class TargetsConfig(AppConfig):
    name = "dangvien.targets"
    label = "targets"
    verbose_name = _("Populations and targets")

    def ready(self) -> None:
        from decimal import Decimal, InvalidOperation
        from typing import Any

        from django.db import models

        from dangvien.audit.readable import AuditValues, record_ids, register_values
        from dangvien.core.formatting import vn_date, vn_decimal, vn_int
        from dangvien.organizations.selectors import organization_names
        from dangvien.targets.models import AdmissionTarget, Population

        def populations(values: set[Any]) -> dict[Any, str]:
            rows = list(Population.objects.filter(pk__in=record_ids(values)))
            orgs = organization_names(r.organization_id for r in rows)
            return {
                r.pk: f"{orgs.get(r.organization_id, '')} · {r.year}: {vn_int(r.population)}"
                for r in rows
            }

        def targets(values: set[Any]) -> dict[Any, str]:
            rows = list(AdmissionTarget.objects.filter(pk__in=record_ids(values)))
            orgs = organization_names(r.organization_id for r in rows)
            return {
                r.pk: f"{orgs.get(r.organization_id, '')} · "
                f"{vn_date(r.period_from)}–{vn_date(r.period_to)}"
                for r in rows
            }

        def counts(values: set[Any]) -> dict[Any, str]:
            return {v: vn_int(v) for v in values if isinstance(v, int)}

        def percents(values: set[Any]) -> dict[Any, str]:
            named = {}
            for value in values:  # a Decimal kept as its text ("3.85")
                try:
                    named[value] = vn_decimal(Decimal(str(value)))
                except InvalidOperation:
                    continue
            return named

        register_values(["targets.population"], AuditValues(_("population"), populations))
        register_values(["targets.admissiontarget"], AuditValues(_("admission target"), targets))
        # the numbers keep their fields' labels, with the thousands and the decimal comma
        for model, name, names in [
            (Population, "population", counts),
            (AdmissionTarget, "admissions", counts),
            (AdmissionTarget, "members_per_population_percent", percents),
        ]:
            field = model._meta.get_field(name)
            assert isinstance(field, models.Field)
            label = field.verbose_name
            register_values([f"{model._meta.label_lower}.{name}"], AuditValues(label, names))

        from dangvien.accounts.choices import Role
        from dangvien.accounts.roles import grant, grant_view
        from dangvien.targets.permissions import TargetPermission

        grant_view(TargetPermission.VIEW)
        grant(Role.STAFF, TargetPermission.CHANGE)

        from dangvien.interchange.sections import sections
        from dangvien.targets.interchange import TargetsSection

        sections.register("targets", TargetsSection(), order=40)
