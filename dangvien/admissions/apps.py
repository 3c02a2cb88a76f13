from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AdmissionsConfig(AppConfig):
    name = "dangvien.admissions"
    label = "admissions"
    verbose_name = _("Admission of new members")

    def ready(self) -> None:
        from dangvien.accounts.choices import Role
        from dangvien.accounts.roles import grant, grant_view
        from dangvien.admissions.permissions import AdmissionPermission

        grant_view(AdmissionPermission.VIEW)
        grant(Role.STAFF, AdmissionPermission.CHANGE, AdmissionPermission.DECIDE)
        grant(Role.CELL_SECRETARY, AdmissionPermission.CHANGE)
        from dangvien.http.registry import NavItem, navigation

        navigation.register(
            "admissions",
            NavItem(_("Admissions"), "web:admissions", permission=AdmissionPermission.VIEW),
            order=30,
        )

        from dangvien.admissions.panels import inbox_admissions, member_admission_files
        from dangvien.http.registry import Panel, inbox, member_panels

        inbox.register("admissions", inbox_admissions, order=30)

        member_panels.register(
            "admission_files",
            Panel("admissions/member_panel.html", member_admission_files),
            order=20,
        )
